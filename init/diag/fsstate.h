/* A filesystem's own account of its state, from its superblock and headers
 * as read off the device (pure: the caller reads the bytes). */
#ifndef LB_FSSTATE_H
#define LB_FSSTATE_H

#include <stddef.h>

#define FSSTATE_EXT_SB_OFFSET 1024	/* the primary ext superblock: this many bytes in, 1024 long */
#define FSSTATE_EXT_SB_LEN 1024

struct fsstate_ext {
	int clean;		/* s_state: unmounted cleanly (or mounted with a journal) */
	int errors;		/* s_state says errors were found */
	unsigned error_count;	/* s_error_count */
	long long last_error_time;	/* s_last_error_time, 0 for none */
	int needs_recovery;	/* the journal has to be replayed (a crash, or still mounted) */
	int has_journal;
};

/* Read an ext2/3/4 superblock (sb, len >= 1024 bytes). 0, or -1 when it is none. */
int fsstate_ext(const unsigned char *sb, size_t len, struct fsstate_ext *out);

/* Where ext backup superblocks usually are (block group 1 for 1, 2 and 4 KiB
 * blocks): byte offsets in the filesystem, n of them. */
extern const unsigned long long fsstate_ext_backups[];
extern const int fsstate_ext_nbackups;

struct fsstate_xfs {
	unsigned blocksize, agblocks, agcount, sectsize;
};

/* Read an XFS superblock (its first sector, len >= 512). 0, or -1 when it is none or insane. */
int fsstate_xfs(const unsigned char *sb, size_t len, struct fsstate_xfs *out);

/* The byte offset of allocation group ag's header sector (which: 1 AGF, 2 AGI). */
unsigned long long fsstate_xfs_ag_offset(const struct fsstate_xfs *x, unsigned ag, int which);

/* Whether an AGF (which 1) or AGI (which 2) sector is the header of group ag: its magic and number. 1 or 0. */
int fsstate_xfs_ag_ok(const unsigned char *hdr, size_t len, unsigned ag, int which);

#endif
