/* ext and XFS superblocks and XFS allocation group headers, checked. */
#include "fsstate.h"

#include <string.h>

#define EXT_MAGIC 0xEF53
#define EXT_VALID 0x0001
#define EXT_ERROR 0x0002
#define EXT_COMPAT_JOURNAL 0x0004
#define EXT_INCOMPAT_RECOVER 0x0004

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

int fsstate_xfs(const unsigned char *sb, size_t len, struct fsstate_xfs *out)
{
	memset(out, 0, sizeof *out);
	if (len < 512 || memcmp(sb, "XFSB", 4) != 0)
		return -1;
	out->blocksize = be32(sb + 4);
	out->agblocks = be32(sb + 84);
	out->agcount = be32(sb + 88);
	out->sectsize = be16(sb + 102);
	// what mkfs.xfs allows; anything else is not a superblock to trust offsets from
	if (out->blocksize < 512 || out->blocksize > 65536 || (out->blocksize & (out->blocksize - 1)) ||
	    out->sectsize < 512 || out->sectsize > 32768 || (out->sectsize & (out->sectsize - 1)) || !out->agcount ||
	    out->agcount > 1u << 20 || out->agblocks < 16)
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
