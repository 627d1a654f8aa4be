/* Fuzz target: a guest filesystem's own account of its state, read as root off its device by
 * lifeboat diagnose: the ext, XFS and btrfs superblocks (fsstate_ext, fsstate_xfs, fsstate_btrfs),
 * XFS allocation group headers (fsstate_xfs_ag_offset, fsstate_xfs_ag_ok) and the XFS log
 * (fsstate_xfs_log). Whoever had root in the guest, or a crash, wrote them. The input is the device:
 * each parser reads its superblock from the input's start (a copy of exactly its length), and the
 * log's reads go to the input's 512-byte blocks taken round and round (a block starting "BAD!" does
 * not read; nor does anything past 2^49 bytes). Properties: a superblock is taken exactly when its
 * magic and length are there; what fsstate_xfs accepts is a geometry mkfs.xfs could make, whose
 * groups' byte offsets do not wrap around 2^64; the log is read in whole, aligned blocks, a bounded
 * number of them; a log found clean or dirty has its head inside it, where the cycle number drops
 * (or at 0 when it does not), and no reason; an unknown one has a reason; a btrfs checksum that
 * holds fails once a byte it covers is flipped, and not for one it does not cover. */
// sources: init/diag/fsstate.c
#include "fuzz.h"
#include "diag/fsstate.h"

#define BB 512
#define DEV_MAX (1ULL << 49)	/* a device this big: reads past it fail */
#define READS_MAX (2 + 64 + 2 * 1100)	/* two ends, a binary search, then records going back */

struct dev {
	const unsigned char *p;
	size_t blocks;		/* whole 512-byte blocks of input (at least 1) */
	unsigned reads;
};

static const unsigned char *block(const struct dev *d, unsigned long long off)
{
	return d->p + (off / BB % d->blocks) * BB;
}

static int rd(void *ctx, unsigned long long off, unsigned char *out, size_t len)
{
	struct dev *d = ctx;

	d->reads++;
	FUZZ_ASSERT(len == BB && off % BB == 0, "a read of %zu bytes at %llu", len, off);
	if (off >= DEV_MAX || memcmp(block(d, off), "BAD!", 4) == 0)
		return -1;
	memcpy(out, block(d, off), BB);
	return 0;
}

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* A log block's cycle as the model device holds it (-1: unreadable). */
static long long cycle(const struct dev *d, unsigned long long off)
{
	if (off >= DEV_MAX || memcmp(block(d, off), "BAD!", 4) == 0)
		return -1;
	const unsigned char *b = block(d, off);
	return be32(b) == 0xFEEDBABEu ? be32(b + 4) : be32(b);
}

static void check_ext(const unsigned char *sb, size_t len)
{
	struct fsstate_ext e;
	int r = fsstate_ext(sb, len, &e);
	int magic = len >= FSSTATE_EXT_SB_LEN && sb[56] == 0x53 && sb[57] == 0xef;

	FUZZ_ASSERT(r == (magic ? 0 : -1), "ext %d, magic %d", r, magic);
	if (r == 0)
		FUZZ_ASSERT((e.clean | e.errors | e.needs_recovery | e.has_journal) <= 1 && e.last_error_time >= 0,
			    "ext flags");
}

static void check_xfs_log(const struct fsstate_xfs *x, struct dev *d)
{
	unsigned long long head = ~0ULL;
	char why[96];

	memset(why, 0x5a, sizeof why);
	d->reads = 0;
	enum fsstate_log r = fsstate_xfs_log(x, rd, d, &head, why, sizeof why);
	FUZZ_ASSERT(r == FSSTATE_LOG_UNKNOWN || r == FSSTATE_LOG_CLEAN || r == FSSTATE_LOG_DIRTY, "log %d", r);
	FUZZ_ASSERT(memchr(why, '\0', sizeof why) && (r == FSSTATE_LOG_UNKNOWN) == (why[0] != '\0'), "log %d: \"%s\"",
		    r, why);
	FUZZ_ASSERT(d->reads <= READS_MAX, "%u reads", d->reads);
	if (r == FSSTATE_LOG_UNKNOWN)
		return;
	// where the log lies, as the superblock says
	unsigned long long agno = x->logstart >> x->agblklog, agbno = x->logstart & ((1ULL << x->agblklog) - 1);
	unsigned long long base = (agno * x->agblocks + agbno) * x->blocksize;
	unsigned long long n = (unsigned long long)x->logblocks * x->blocksize / BB;
	FUZZ_ASSERT(agno < x->agcount && agbno < x->agblocks && n >= 2 && head < n, "head %llu of %llu", head, n);
	long long first = cycle(d, base), last = cycle(d, base + (n - 1) * BB);
	if (first == last) {
		FUZZ_ASSERT(head == 0, "one cycle all through, head %llu", head);
	} else {
		// blocks before the head carry the first block's cycle, the head another
		FUZZ_ASSERT(head > 0 && cycle(d, base + (head - 1) * BB) == first && cycle(d, base + head * BB) != first,
			    "head %llu: cycles %lld, %lld; first %lld", head, cycle(d, base + (head - 1) * BB),
			    cycle(d, base + head * BB), first);
	}
}

static void check_xfs(const unsigned char *sb, size_t len, struct dev *d)
{
	struct fsstate_xfs x;

	if (fsstate_xfs(sb, len, &x) < 0)
		return;
	FUZZ_ASSERT(len >= BB && memcmp(sb, "XFSB", 4) == 0, "an XFS superblock without its magic");
	FUZZ_ASSERT(x.blocksize >= 512 && x.blocksize <= 65536 && !(x.blocksize & (x.blocksize - 1)) &&
		    x.sectsize >= 512 && x.sectsize <= 32768 && !(x.sectsize & (x.sectsize - 1)) && x.agcount >= 1 &&
		    x.agcount <= 1u << 20 && x.agblocks >= 16, "geometry: blocks %u, sectors %u, %u groups of %u",
		    x.blocksize, x.sectsize, x.agcount, x.agblocks);
	// the last group's headers are at a byte offset that fits in 64 bits
	unsigned long long group = (unsigned long long)x.agblocks * x.blocksize;
	FUZZ_ASSERT(group <= ~0ULL / x.agcount, "%u groups of %llu bytes wrap around", x.agcount, group);
	unsigned long long prev = 0;
	for (unsigned ag = 0; ag < x.agcount && ag < 8; ag++)
		for (int which = 1; which <= 2; which++) {
			unsigned long long off = fsstate_xfs_ag_offset(&x, ag, which);
			FUZZ_ASSERT(off > prev && off % BB == 0, "group %u header %d at %llu", ag, which, off);
			prev = off;
			unsigned char hdr[BB];
			if (rd(d, off, hdr, sizeof hdr) == 0) {
				int ok = fsstate_xfs_ag_ok(hdr, sizeof hdr, ag, which);
				FUZZ_ASSERT(ok == (memcmp(hdr, which == 1 ? "XAGF" : "XAGI", 4) == 0 && be32(hdr + 4) == 1 &&
						   be32(hdr + 8) == ag), "group %u header %d: %d", ag, which, ok);
			}
		}
	check_xfs_log(&x, d);
}

static void check_btrfs(const unsigned char *sb, size_t len, unsigned h)
{
	struct fsstate_btrfs b, b2;
	int r = fsstate_btrfs(sb, len, &b);

	FUZZ_ASSERT(r == (len >= FSSTATE_BTRFS_SB_LEN && memcmp(sb + 0x40, "_BHRfS_M", 8) == 0 ? 0 : -1), "btrfs %d", r);
	if (r < 0)
		return;
	FUZZ_ASSERT((b.csum_known | b.csum_ok | b.error | b.changing_fsid) <= 1 && (b.csum_known || !b.csum_ok),
		    "btrfs flags");
	if (!b.csum_ok)
		return;
	// one byte the checksum covers, flipped (not the magic, not csum_type)
	unsigned char *copy = malloc(FSSTATE_BTRFS_SB_LEN);
	if (!copy)
		abort();
	memcpy(copy, sb, FSSTATE_BTRFS_SB_LEN);
	size_t at = 0x20 + h % (FSSTATE_BTRFS_SB_LEN - 0x20);
	if ((at < 0x40 || at >= 0x48) && (at < 0xc4 || at >= 0xc6)) {
		copy[at] ^= (unsigned char)(1 + h % 255);
		FUZZ_ASSERT(fsstate_btrfs(copy, FSSTATE_BTRFS_SB_LEN, &b2) == 0 && b2.csum_known && !b2.csum_ok,
			    "byte %zu flipped, the checksum still holds", at);
		copy[at] = sb[at];
	}
	// one it does not cover: the checksum field's unused part
	at = 4 + h % 0x1c;
	copy[at] ^= 0xff;
	FUZZ_ASSERT(fsstate_btrfs(copy, FSSTATE_BTRFS_SB_LEN, &b2) == 0 && b2.csum_ok,
		    "byte %zu is not checked, yet the checksum fails", at);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *img = malloc(size ? size : 1);
	unsigned h = 2166136261u;

	if (!img)
		abort();
	memcpy(img, data, size);
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	check_ext(img, size);
	check_btrfs(img, size, h);
	if (size >= BB) {
		struct dev d = { img, size / BB, 0 };
		check_xfs(img, size, &d);
	}
	free(img);
	return 0;
}
