/* ext superblocks and XFS headers as a device holds them, made up field by field. */
#include "t.h"
#include "diag/fsstate.h"

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
	return t_done("test_fsstate");
}
