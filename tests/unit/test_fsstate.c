/* ext superblocks and XFS headers as a device holds them, made up field by field. */
#include "t.h"
#include "diag/fsstate.h"

#include <stdlib.h>

static unsigned char sb[1024];

static void put16le(unsigned char *p, unsigned v) { p[0] = v & 0xff; p[1] = v >> 8; }
static void put32le(unsigned char *p, unsigned v) { put16le(p, v & 0xffff); put16le(p + 2, v >> 16); }
static void put16be(unsigned char *p, unsigned v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put32be(unsigned char *p, unsigned v) { put16be(p, v >> 16); put16be(p + 2, v & 0xffff); }

static void ext(unsigned state, unsigned compat, unsigned incompat, unsigned errors, unsigned last)
{
	memset(sb, 0, sizeof sb);
	put16le(sb + 56, 0xEF53);
	put16le(sb + 58, state);
	put32le(sb + 92, compat);
	put32le(sb + 96, incompat);
	put32le(sb + 0x194, errors);
	put32le(sb + 0x1cc, last);
}

/* ---- an XFS log in memory: 4 groups of 1024 4 KiB blocks, the log in group 1 from block 10, 64 blocks long ---- */

#define DEV_BYTES (4u * 1024 * 4096)
#define LOG_BASE ((1024u + 10) * 4096)
#define LOG_BBS (64u * 4096 / 512)

static unsigned char *dev;
static int dev_fail;

static int dev_read(void *ctx, unsigned long long off, unsigned char *out, size_t len)
{
	(void)ctx;
	if (dev_fail || off + len > DEV_BYTES)
		return -1;
	memcpy(out, dev + off, len);
	return 0;
}

static unsigned char *bb(unsigned i)
{
	return dev + LOG_BASE + (size_t)i * 512;
}

/* A record at block at with cycle: its header (hbbs blocks for size), then one block whose first
 * operation has flags; every block stamped with the cycle (the blocks after a wrap with cycle + 1). */
static void record(unsigned at, unsigned cycle, unsigned flags, unsigned size)
{
	unsigned hbbs = size > 32768 ? (size + 32767) / 32768 : 1;
	for (unsigned k = 0; k <= hbbs; k++) {
		unsigned i = (at + k) % LOG_BBS;
		memset(bb(i), 0, 512);
		put32be(bb(i), cycle + (at + k >= LOG_BBS));
	}
	put32be(bb(at), 0xFEEDBABE);
	put32be(bb(at) + 4, cycle);
	put32be(bb(at) + 8, 2);
	put32be(bb(at) + 40, 1);
	put32be(bb(at) + 320, size);
	unsigned char *op = bb((at + hbbs) % LOG_BBS);
	put32be(op + 4, 8);
	op[8] = 0xaa;
	op[9] = (unsigned char)flags;
}

/* Every block of the log from..to-1 stamped with cycle (what an older pass left there). */
static void stamp(unsigned from, unsigned to, unsigned cycle)
{
	for (unsigned i = from; i < to; i++) {
		memset(bb(i), 0, 512);
		put32be(bb(i), cycle);
	}
}

static void xfs_sb(struct fsstate_xfs *x, unsigned long long logstart)
{
	memset(dev, 0, 512);
	memcpy(dev, "XFSB", 4);
	put32be(dev + 4, 4096);
	put32be(dev + 48, (unsigned)(logstart >> 32));
	put32be(dev + 52, (unsigned)logstart);
	put32be(dev + 84, 1024);
	put32be(dev + 88, 4);
	put32be(dev + 96, 64);
	put16be(dev + 102, 512);
	dev[124] = 10;
	CHECK(fsstate_xfs(dev, 512, x) == 0 && x->logstart == logstart && x->logblocks == 64 && x->agblklog == 10,
	      "xfs superblock with its log");
}

static enum fsstate_log xlog(const struct fsstate_xfs *x, unsigned long long *head)
{
	char why[96];
	return fsstate_xfs_log(x, dev_read, NULL, head, why, sizeof why);
}

static void test_xfs_log(void)
{
	struct fsstate_xfs x;
	unsigned long long head;

	dev = calloc(1, DEV_BYTES);
	xfs_sb(&x, 1u << 10 | 10);

	// as mkfs.xfs leaves it: an unmount record at the start, cycle 1, the rest never written
	record(0, 1, 0x20, 32768);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_CLEAN && head == 2, "mkfs's log: clean, head %llu", head);
	// a transaction after it, never followed by an unmount: dirty
	record(2, 1, 0x01, 32768);
	record(4, 1, 0x02, 32768);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_DIRTY && head == 6, "transactions after it: dirty, head %llu", head);
	// then unmounted: clean again
	record(6, 1, 0x20, 32768);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_CLEAN && head == 8, "unmounted after them: clean, head %llu", head);
	// a bigger record header (two blocks for 64 KiB): the operation is after both
	record(8, 1, 0x20, 65536);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_CLEAN && head == 11, "two header blocks: clean, head %llu", head);
	record(8, 1, 0x01, 65536);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_DIRTY && head == 11, "two header blocks: dirty, head %llu", head);

	// the second pass over the log: cycle 2 up to the head, cycle 1 after it
	stamp(0, LOG_BBS, 1);
	record(0, 2, 0x01, 32768);
	record(8, 2, 0x20, 32768);
	stamp(2, 8, 2);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_CLEAN && head == 10, "second pass: clean, head %llu", head);
	record(8, 2, 0x02, 32768);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_DIRTY && head == 10, "second pass: dirty, head %llu", head);

	// the last record wraps: its header in the last block, its operation in the first (cycle + 1)
	stamp(0, LOG_BBS, 1);
	record(LOG_BBS - 1, 1, 0x20, 32768);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_CLEAN && head == 1, "wrapped record: clean, head %llu", head);
	record(LOG_BBS - 1, 1, 0x01, 32768);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_DIRTY && head == 1, "wrapped record: dirty, head %llu", head);
	// every block in the same cycle: the head is at the start, the last record at the end
	stamp(0, LOG_BBS, 3);
	record(LOG_BBS - 2, 3, 0x20, 32768);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_CLEAN && head == 0, "full circle: clean, head %llu", head);

	// what says nothing: never written, unreadable, an external log, a log outside the groups
	stamp(0, LOG_BBS, 0);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_UNKNOWN, "never written");
	record(0, 1, 0x20, 32768);
	dev_fail = 1;
	CHECK(xlog(&x, &head) == FSSTATE_LOG_UNKNOWN, "unreadable");
	dev_fail = 0;
	stamp(0, 4, 1);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_UNKNOWN, "no record header before the head");
	xfs_sb(&x, 0);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_UNKNOWN, "external log");
	xfs_sb(&x, 9ULL << 10 | 10);
	CHECK(xlog(&x, &head) == FSSTATE_LOG_UNKNOWN, "a log in group 9 of 4");
	free(dev);
}

/* ---- btrfs ---- */

static void put64le(unsigned char *p, unsigned long long v) { put32le(p, (unsigned)v); put32le(p + 4, (unsigned)(v >> 32)); }

static unsigned char bsb[4096];

static void btrfs(unsigned long long flags, unsigned long long log_root)
{
	memset(bsb, 0, sizeof bsb);
	memcpy(bsb + 0x40, "_BHRfS_M", 8);
	put64le(bsb + 0x38, flags);
	put64le(bsb + 0x48, 42);
	put64le(bsb + 0x60, log_root);
	put32le(bsb, ~fsstate_crc32c(~0u, bsb + 0x20, sizeof bsb - 0x20));
}

static void test_btrfs(void)
{
	struct fsstate_btrfs b;

	CHECK(~fsstate_crc32c(~0u, (const unsigned char *)"123456789", 9) == 0xE3069283u, "crc32c check value");
	btrfs(1, 0);	/* WRITTEN, as every superblock written by the kernel */
	CHECK(fsstate_btrfs(bsb, sizeof bsb, &b) == 0 && b.csum_known && b.csum_ok && !b.error && !b.log_root &&
	      b.generation == 42 && !b.changing_fsid, "clean btrfs");
	bsb[0x100] ^= 1;
	CHECK(fsstate_btrfs(bsb, sizeof bsb, &b) == 0 && b.csum_known && !b.csum_ok, "a flipped bit: checksum off");
	btrfs(1 | 1ULL << 2, 0);
	CHECK(fsstate_btrfs(bsb, sizeof bsb, &b) == 0 && b.csum_ok && b.error, "error flag");
	btrfs(1ULL << 36, 0);
	CHECK(fsstate_btrfs(bsb, sizeof bsb, &b) == 0 && b.changing_fsid && !b.error, "interrupted fsid change");
	btrfs(1, 30408704);
	CHECK(fsstate_btrfs(bsb, sizeof bsb, &b) == 0 && b.log_root == 30408704 && !b.error, "log tree to replay");
	put16le(bsb + 0xc4, 1);	/* xxhash64: not checked here */
	CHECK(fsstate_btrfs(bsb, sizeof bsb, &b) == 0 && !b.csum_known, "other checksums are not judged");
	memset(bsb + 0x40, 0, 8);
	CHECK(fsstate_btrfs(bsb, sizeof bsb, &b) == -1, "no magic");
	btrfs(1, 0);
	CHECK(fsstate_btrfs(bsb, 4095, &b) == -1, "too short");
}

int main(void)
{
	struct fsstate_ext e;

	ext(1, 4, 0x2c2, 0, 0);	/* clean ext4 with a journal: extents, flex_bg, 64bit, filetype */
	CHECK(fsstate_ext(sb, sizeof sb, &e) == 0 && e.clean && !e.errors && !e.needs_recovery && e.has_journal &&
	      !e.error_count, "clean");
	ext(1, 4, 0x2c6, 0, 0);	/* … and RECOVER */
	CHECK(fsstate_ext(sb, sizeof sb, &e) == 0 && e.needs_recovery, "journal to replay");
	ext(3, 4, 0x2c2, 7, 1700000000);
	CHECK(fsstate_ext(sb, sizeof sb, &e) == 0 && e.errors && e.error_count == 7 && e.last_error_time == 1700000000,
	      "errors recorded");
	ext(0, 0, 0x2, 0, 0);	/* ext2, not unmounted cleanly */
	CHECK(fsstate_ext(sb, sizeof sb, &e) == 0 && !e.clean && !e.has_journal, "not clean");
	memset(sb, 0, sizeof sb);
	CHECK(fsstate_ext(sb, sizeof sb, &e) == -1, "zeroed: no superblock");
	ext(1, 4, 0, 0, 0);
	CHECK(fsstate_ext(sb, 1023, &e) == -1, "too short");
	CHECK(fsstate_ext_nbackups == 3 && fsstate_ext_backups[0] == 32768ULL * 4096, "backups");

	// XFS: a superblock like mkfs.xfs makes for 2.5 GiB (4 groups of 163840 4 KiB blocks)
	struct fsstate_xfs x;
	memset(sb, 0, sizeof sb);
	memcpy(sb, "XFSB", 4);
	put32be(sb + 4, 4096);
	put32be(sb + 84, 163840);
	put32be(sb + 88, 4);
	put16be(sb + 102, 512);
	CHECK(fsstate_xfs(sb, 512, &x) == 0 && x.agcount == 4 && x.agblocks == 163840 && x.blocksize == 4096 &&
	      x.sectsize == 512, "xfs superblock");
	CHECK(fsstate_xfs_ag_offset(&x, 0, 1) == 512 && fsstate_xfs_ag_offset(&x, 2, 2) == 2ULL * 163840 * 4096 + 1024,
	      "header offsets");
	put32be(sb + 4, 4097);
	CHECK(fsstate_xfs(sb, 512, &x) == -1, "a block size no mkfs makes");
	put32be(sb + 4, 4096);
	put16be(sb + 102, 8192);
	CHECK(fsstate_xfs(sb, 512, &x) == -1, "a sector bigger than a block");
	put16be(sb + 102, 4096);
	CHECK(fsstate_xfs(sb, 512, &x) == 0, "a sector as big as a block");
	put16be(sb + 102, 512);
	put32be(sb + 84, 1u << 28);
	CHECK(fsstate_xfs(sb, 512, &x) == 0, "groups of 1 TiB");
	put32be(sb + 84, (1u << 28) + 1);
	CHECK(fsstate_xfs(sb, 512, &x) == -1, "groups over 1 TiB");
	put32be(sb + 84, 163840);
	put32be(sb + 88, 0);
	CHECK(fsstate_xfs(sb, 512, &x) == -1, "no groups");
	memcpy(sb, "XFSC", 4);
	CHECK(fsstate_xfs(sb, 512, &x) == -1, "wrong magic");

	unsigned char h[512] = { 0 };
	memcpy(h, "XAGF", 4);
	put32be(h + 4, 1);
	put32be(h + 8, 2);
	CHECK(fsstate_xfs_ag_ok(h, sizeof h, 2, 1), "AGF 2");
	CHECK(!fsstate_xfs_ag_ok(h, sizeof h, 3, 1), "AGF 2 is not group 3's");
	CHECK(!fsstate_xfs_ag_ok(h, sizeof h, 2, 2), "an AGF is no AGI");
	memcpy(h, "XAGI", 4);
	CHECK(fsstate_xfs_ag_ok(h, sizeof h, 2, 2), "AGI 2");
	memset(h, 0, sizeof h);
	CHECK(!fsstate_xfs_ag_ok(h, sizeof h, 0, 1), "zeroed AGF 0");
	test_xfs_log();
	test_btrfs();
	return t_done("test_fsstate");
}
