/* ext, XFS and btrfs superblocks, XFS allocation group headers and log, checked. */
#include "fsstate.h"

#include <stdio.h>
#include <string.h>

#define EXT_MAGIC 0xEF53
#define EXT_VALID 0x0001
#define EXT_ERROR 0x0002
#define EXT_COMPAT_JOURNAL 0x0004
#define EXT_INCOMPAT_RECOVER 0x0004
#define XFS_AG_BYTES_MAX (1ULL << 40)	/* mkfs.xfs's largest allocation group */

const unsigned long long fsstate_ext_backups[] = { 32768ULL * 4096, 8193ULL * 1024, 16384ULL * 2048 };
const int fsstate_ext_nbackups = 3;

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned le32(const unsigned char *p)
{
	return le16(p) | (unsigned)le16(p + 2) << 16;
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned be32(const unsigned char *p)
{
	return be16(p) << 16 | be16(p + 2);
}

int fsstate_ext(const unsigned char *sb, size_t len, struct fsstate_ext *out)
{
	memset(out, 0, sizeof *out);
	if (len < FSSTATE_EXT_SB_LEN || le16(sb + 56) != EXT_MAGIC)
		return -1;
	unsigned state = le16(sb + 58);
	out->has_journal = !!(le32(sb + 92) & EXT_COMPAT_JOURNAL);
	out->needs_recovery = !!(le32(sb + 96) & EXT_INCOMPAT_RECOVER);
	out->clean = !!(state & EXT_VALID);
	out->errors = !!(state & EXT_ERROR);
	out->error_count = le32(sb + 0x194);
	out->last_error_time = le32(sb + 0x1cc);
	return 0;
}

static unsigned long long be64(const unsigned char *p)
{
	return (unsigned long long)be32(p) << 32 | be32(p + 4);
}

static unsigned long long le64(const unsigned char *p)
{
	return (unsigned long long)le32(p + 4) << 32 | le32(p);
}

int fsstate_xfs(const unsigned char *sb, size_t len, struct fsstate_xfs *out)
{
	memset(out, 0, sizeof *out);
	if (len < 512 || memcmp(sb, "XFSB", 4) != 0)
		return -1;
	out->blocksize = be32(sb + 4);
	out->logstart = be64(sb + 48);
	out->agblocks = be32(sb + 84);
	out->agcount = be32(sb + 88);
	out->logblocks = be32(sb + 96);
	out->sectsize = be16(sb + 102);
	out->agblklog = sb[124];
	// what mkfs.xfs allows; anything else is not a superblock to trust offsets from (a sector
	// bigger than a block puts a group's headers in the next one; groups over 1 TiB wrap offsets)
	if (out->blocksize < 512 || out->blocksize > 65536 || (out->blocksize & (out->blocksize - 1)) ||
	    out->sectsize < 512 || out->sectsize > 32768 || out->sectsize > out->blocksize ||
	    (out->sectsize & (out->sectsize - 1)) || !out->agcount || out->agcount > 1u << 20 || out->agblocks < 16 ||
	    (unsigned long long)out->agblocks * out->blocksize > XFS_AG_BYTES_MAX)
		return -1;
	return 0;
}

unsigned long long fsstate_xfs_ag_offset(const struct fsstate_xfs *x, unsigned ag, int which)
{
	return (unsigned long long)ag * x->agblocks * x->blocksize + (unsigned long long)which * x->sectsize;
}

int fsstate_xfs_ag_ok(const unsigned char *hdr, size_t len, unsigned ag, int which)
{
	// magic, version 1, then the group's number
	return len >= 16 && memcmp(hdr, which == 1 ? "XAGF" : "XAGI", 4) == 0 && be32(hdr + 4) == 1 &&
	       be32(hdr + 8) == ag;
}

#define XLOG_MAGIC 0xFEEDBABEu
#define XLOG_UNMOUNT_TRANS 0x20
#define XLOG_HEADER_CYCLE_SIZE 32768u	/* a v2 record's header takes a block per 32 KiB of record */
#define XLOG_RECORD_BBS_MAX 1100	/* a record is at most 256 KiB and its headers: this many blocks back */

/* A log block's cycle: a record header has it after its magic, every other block in its first word. */
static int log_cycle(fsstate_read_fn rd, void *ctx, unsigned long long base, unsigned long long bb, unsigned *cycle,
		     unsigned char *b)
{
	if (rd(ctx, base + bb * 512, b, 512) < 0)
		return -1;
	*cycle = be32(b) == XLOG_MAGIC ? be32(b + 4) : be32(b);
	return 0;
}

enum fsstate_log fsstate_xfs_log(const struct fsstate_xfs *x, fsstate_read_fn rd, void *ctx,
				 unsigned long long *head, char *why, size_t wsize)
{
	unsigned char b[512];
	unsigned first, last, c;

	*head = 0;
	if (wsize)
		why[0] = '\0';
	if (!x->logstart) {
		snprintf(why, wsize, "the log is on another device");
		return FSSTATE_LOG_UNKNOWN;
	}
	if (x->agblklog > 31 || !x->logblocks) {
		snprintf(why, wsize, "no log geometry in the superblock");
		return FSSTATE_LOG_UNKNOWN;
	}
	unsigned long long agno = x->logstart >> x->agblklog, agbno = x->logstart & ((1ULL << x->agblklog) - 1);
	unsigned long long base = (agno * x->agblocks + agbno) * x->blocksize;
	unsigned long long n = (unsigned long long)x->logblocks * x->blocksize / 512;
	if (agno >= x->agcount || agbno >= x->agblocks || n < 2) {
		snprintf(why, wsize, "the log lies outside the filesystem");
		return FSSTATE_LOG_UNKNOWN;
	}
	if (log_cycle(rd, ctx, base, 0, &first, b) < 0 || log_cycle(rd, ctx, base, n - 1, &last, b) < 0) {
		snprintf(why, wsize, "the log does not read");
		return FSSTATE_LOG_UNKNOWN;
	}
	// blocks [0, head) carry the current cycle, [head, n) the one before: the head is where it drops
	unsigned long long h = n;
	if (first != last) {
		unsigned long long lo = 0, hi = n - 1;
		while (hi - lo > 1) {
			unsigned long long mid = lo + (hi - lo) / 2;
			if (log_cycle(rd, ctx, base, mid, &c, b) < 0) {
				snprintf(why, wsize, "the log does not read");
				return FSSTATE_LOG_UNKNOWN;
			}
			if (c == first)
				lo = mid;
			else
				hi = mid;
		}
		h = hi;
	} else if (!first) {
		snprintf(why, wsize, "the log was never written");
		return FSSTATE_LOG_UNKNOWN;
	}
	*head = h % n;
	// the last record before the head, going back (around the end when the head is near the start)
	for (unsigned long long i = 1; i <= XLOG_RECORD_BBS_MAX && i <= n; i++) {
		unsigned long long bb = (h + n - i) % n;
		if (rd(ctx, base + bb * 512, b, 512) < 0)
			break;
		if (be32(b) != XLOG_MAGIC)
			continue;
		unsigned version = be32(b + 8), nops = be32(b + 40), size = be32(b + 320);
		unsigned hbbs = (version & 2) && size > XLOG_HEADER_CYCLE_SIZE
					? (size + XLOG_HEADER_CYCLE_SIZE - 1) / XLOG_HEADER_CYCLE_SIZE : 1;
		if (!(version & 3) || hbbs > 8) {
			snprintf(why, wsize, "the last log record's header is not one");
			return FSSTATE_LOG_UNKNOWN;
		}
		// its first operation's header: flags at byte 9 (the first word holds the cycle)
		if (rd(ctx, base + ((bb + hbbs) % n) * 512, b, 512) < 0)
			break;
		return nops >= 1 && (b[9] & XLOG_UNMOUNT_TRANS) ? FSSTATE_LOG_CLEAN : FSSTATE_LOG_DIRTY;
	}
	snprintf(why, wsize, "no log record before the head");
	return FSSTATE_LOG_UNKNOWN;
}

unsigned fsstate_crc32c(unsigned crc, const unsigned char *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? crc >> 1 ^ 0x82F63B78u : crc >> 1;
	}
	return crc;
}

#define BTRFS_SUPER_FLAG_ERROR (1ULL << 2)
#define BTRFS_SUPER_FLAG_CHANGING_FSID (1ULL << 35)
#define BTRFS_SUPER_FLAG_CHANGING_FSID_V2 (1ULL << 36)

int fsstate_btrfs(const unsigned char *sb, size_t len, struct fsstate_btrfs *out)
{
	memset(out, 0, sizeof *out);
	if (len < FSSTATE_BTRFS_SB_LEN || memcmp(sb + 0x40, "_BHRfS_M", 8) != 0)
		return -1;
	unsigned long long flags = le64(sb + 0x38);
	out->generation = le64(sb + 0x48);
	out->log_root = le64(sb + 0x60);
	out->error = !!(flags & BTRFS_SUPER_FLAG_ERROR);
	out->changing_fsid = !!(flags & (BTRFS_SUPER_FLAG_CHANGING_FSID | BTRFS_SUPER_FLAG_CHANGING_FSID_V2));
	// csum_type 0: crc32c over everything after the checksum field, stored little-endian
	if (le16(sb + 0xc4) == 0) {
		out->csum_known = 1;
		out->csum_ok = ~fsstate_crc32c(~0u, sb + 0x20, FSSTATE_BTRFS_SB_LEN - 0x20) == le32(sb);
	}
	return 0;
}
