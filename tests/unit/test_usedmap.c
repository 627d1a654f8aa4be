/* The used-space map of a backup: chunks wholly inside free space (from
 * dumpe2fs's free-block lists, xfs_db's free extents) are unused, every other
 * chunk used; a line the parser does not understand makes the whole map fail,
 * so that a backup falls back to copying every block. */
#include "t.h"
#include "backup/usedmap.h"

#include <stdlib.h>

#define KiB 1024ULL
#define MiB (1024 * KiB)

static unsigned char bits[4096];

/* The map's chunks as a string: '.' unused, 'U' used. */
static const char *picture(const struct usedmap *m)
{
	static char s[256];
	unsigned long long i;

	for (i = 0; i < m->nchunks && i < sizeof s - 1; i++)
		s[i] = usedmap_unused(m, i) ? '.' : 'U';
	s[i] = '\0';
	return s;
}

static int feed(struct usedmap *m, int (*line)(struct usedmap *, const char *), const char *text)
{
	char buf[512];
	int rc = 0;

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		snprintf(buf, sizeof buf, "%.*s", (int)n, p);
		if (line(m, buf) < 0)
			rc = -1;
		p += n + (p[n] == '\n');
	}
	return usedmap_finish(m) < 0 ? -1 : rc;
}

/* 8 MiB of 1 KiB blocks in two groups of 4 MiB; chunks of 1 MiB. */
static const char dumpe2fs_ok[] =
	"dumpe2fs 1.47.0 (5-Feb-2023)\n"
	"Filesystem volume name:   <none>\n"
	"Free blocks:              5000\n"
	"Block size:               1024\n"
	"Fragment size:            1024\n"
	"\n"
	"Group 0: (Blocks 1-4096) csum 0x1234 [ITABLE_ZEROED]\n"
	"  Primary superblock at 1, Group descriptors at 2-2\n"
	"  1000 free blocks, 100 free inodes, 2 directories\n"
	"  Free blocks: 1100-2047, 3072-4096\n"
	"  Free inodes: 12-100\n"
	"Group 1: (Blocks 4097-8191) csum 0x5678 [INODE_UNINIT, BLOCK_UNINIT]\n"
	"  Free blocks: 4097-6143, 7168, 7200-8191\n"
	"  Free inodes: \n";

static void dumpe2fs_cases(void)
{
	struct usedmap m;

	usedmap_init(&m, 8 * MiB, (unsigned)MiB, bits);
	CHECK(feed(&m, usedmap_dumpe2fs_line, dumpe2fs_ok) == 0, "a dumpe2fs listing reads: %s", m.why);
	// chunk 0 holds the superblock; 1 is free only from block 1100, 2 not at all; 3 (3072-4095)
	// is, and block 4096 ends group 0's list where 4097 starts group 1's: one run to 6143, so
	// 4 and 5 are free too; 6 is used; 7 has a gap at 7169-7199
	CHECK_STR(picture(&m), "UUU...UU", "1 KiB blocks, 1 MiB chunks");
	CHECK(m.blocksize == 1024 && m.free_bytes == (948 + 1025 + 2047 + 1 + 992) * KiB,
	      "free bytes counted: %llu", m.free_bytes);

	// the same in 1 KiB-aligned terms: the free range reaching the device's end covers its short last chunk
	usedmap_init(&m, 5 * MiB + 512 * KiB, (unsigned)MiB, bits);
	CHECK(feed(&m, usedmap_dumpe2fs_line, "Block size: 1024\n  Free blocks: 2048-5631\n") == 0, "%s", m.why);
	CHECK_STR(picture(&m), "UU....", "a free range to the end covers the short last chunk");
	usedmap_init(&m, 5 * MiB + 512 * KiB, (unsigned)MiB, bits);
	CHECK(feed(&m, usedmap_dumpe2fs_line, "Block size: 1024\n  Free blocks: 2048-5630\n") == 0, "%s", m.why);
	CHECK_STR(picture(&m), "UU...U", "...and one block short of it does not");

	// an empty list is a group with nothing free
	usedmap_init(&m, 2 * MiB, (unsigned)MiB, bits);
	CHECK(feed(&m, usedmap_dumpe2fs_line, "Block size: 4096\n  Free blocks: \n  Free blocks: 256-511\n") == 0,
	      "an empty list: %s", m.why);
	CHECK_STR(picture(&m), "U.", "4 KiB blocks");

	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "  Free blocks: 1-2\nBlock size: 1024\n", "before the block size" },
		{ "Block size: 1000\n  Free blocks: 1-2\n", "block size that is none" },
		{ "Block size: 1024\nCluster size: 16384\n  Free blocks: 1-2\n", "bigalloc" },
		{ "Block size: 1024\n  Free blocks: 9-3\n", "ends before it starts" },
		{ "Block size: 1024\n  Free blocks: 1-9000\n", "past the device's end" },
		{ "Block size: 1024\n  Free blocks: 1-2,3\n", "did not write" },
		{ "Block size: 1024\n  Free blocks: x\n", "did not write" },
		{ "Block size: 1024\n  Free blocks: 1-\n", "ends before it starts" },
		{ "Block size: 1024\n  Free blocks: 99999999999999999999999\n", "did not write" },
		{ "Block size: 1024\n", "no free-space list" },
		{ "", "no free-space list" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		usedmap_init(&m, 8 * MiB, (unsigned)MiB, bits);
		int rc = feed(&m, usedmap_dumpe2fs_line, bad[i].text);
		CHECK(rc < 0 && m.failed && strstr(m.why, bad[i].why), "bad %zu: rc %d, why \"%s\"", i, rc, m.why);
		CHECK_STR(picture(&m), "UUUUUUUU", "a failed map has no unused chunk");
	}
	usedmap_init(&m, 8 * MiB, (unsigned)MiB, bits);
	int rc = feed(&m, usedmap_dumpe2fs_line, "Block size: 1024\n  Free blocks: 1024-8191\n  Free blocks: zz\n");
	CHECK(rc < 0, "a bad line after good ones fails the map");
	CHECK_STR(picture(&m), "UUUUUUUU", "...and the good lines' chunks are used again");
}

static void freesp_cases(void)
{
	struct usedmap m;
	static const char ok[] =
		"    agno    agbno      len\n"
		"       0        6        1\n"
		"       0      300      700\n"
		"       1        0      512\n"
		"       1      512      488\n"
		"       1        7        1\n"	/* an AGFL block out of order: kept, joins nothing */
		"   from      to extents  blocks    pct\n"
		"      1       1      16      16   0.03\n";

	// 2 groups of 1000 4 KiB blocks (~3.9 MiB each), chunks of 256 KiB (64 blocks)
	usedmap_init(&m, 2000 * 4 * KiB, 256 * (unsigned)KiB, bits);
	usedmap_xfs_geometry(&m, 4096, 1000);
	CHECK(feed(&m, usedmap_freesp_line, ok) == 0, "xfs_db's extents read: %s", m.why);
	// blocks 300-1999 are one free run (joined across the groups' border and across lines): chunks of
	// 64 blocks from the first that starts in it (5: block 320) to the device's short last one (31)
	CHECK_STR(picture(&m), "UUUUU...........................", "free extents to chunks");
	CHECK(m.free_bytes == (1 + 700 + 1000 + 1) * 4 * KiB, "free bytes: %llu", m.free_bytes);

	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "       0        6        1\n", "heading" },
		{ "    agno    agbno      len\n       0      999        2\n", "outside its allocation group" },
		{ "    agno    agbno      len\n       0      1000        1\n", "outside its allocation group" },
		{ "    agno    agbno      len\n       9        0        1\n", "outside its allocation group" },
		{ "    agno    agbno      len\n       0        5\n", "did not write" },
		{ "    agno    agbno      len\n       0        5     1 x\n", "did not write" },
		{ "    agno    agbno      len\n       0        5        0\n", "outside the device" },
		{ "", "no free-space list" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		usedmap_init(&m, 2000 * 4 * KiB, 256 * (unsigned)KiB, bits);
		usedmap_xfs_geometry(&m, 4096, 1000);
		int rc = feed(&m, usedmap_freesp_line, bad[i].text);
		CHECK(rc < 0 && strstr(m.why, bad[i].why), "bad %zu: rc %d, why \"%s\"", i, rc, m.why);
	}
	usedmap_init(&m, 2000 * 4 * KiB, 256 * (unsigned)KiB, bits);
	CHECK(feed(&m, usedmap_freesp_line, ok) < 0 && strstr(m.why, "geometry"), "no geometry: %s", m.why);
}

int main(void)
{
	CHECK(usedmap_bits(8 * MiB, (unsigned)MiB) == 1 && usedmap_bits(9 * MiB, (unsigned)MiB) == 2 &&
	      usedmap_bits(MiB + 1, (unsigned)MiB) == 1, "bits for a map");
	dumpe2fs_cases();
	freesp_cases();
	return t_done("test_usedmap");
}
