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
	unsigned long long logstart;	/* the internal log's first block (agno << agblklog | agbno); 0: external */
	unsigned logblocks, agblklog;
};

/* Read an XFS superblock (its first sector, len >= 512). 0, or -1 when it is none or insane. */
int fsstate_xfs(const unsigned char *sb, size_t len, struct fsstate_xfs *out);

/* The byte offset of allocation group ag's header sector (which: 1 AGF, 2 AGI). */
unsigned long long fsstate_xfs_ag_offset(const struct fsstate_xfs *x, unsigned ag, int which);

/* Whether an AGF (which 1) or AGI (which 2) sector is the header of group ag: its magic and number. 1 or 0. */
int fsstate_xfs_ag_ok(const unsigned char *hdr, size_t len, unsigned ag, int which);

/* Reads len bytes at byte offset off of the device into out: 0, or -1. */
typedef int (*fsstate_read_fn)(void *ctx, unsigned long long off, unsigned char *out, size_t len);

enum fsstate_log { FSSTATE_LOG_UNKNOWN = -1, FSSTATE_LOG_CLEAN = 0, FSSTATE_LOG_DIRTY = 1 };

/* Whether an XFS internal log was left clean: its head found from the cycle
 * numbers (as the kernel does at mount), and the last record before it an
 * unmount record. DIRTY: a mount replays it (xfs_repair refuses it). *head
 * gets the head's basic block (512 bytes) in the log; why a reason when UNKNOWN. */
enum fsstate_log fsstate_xfs_log(const struct fsstate_xfs *x, fsstate_read_fn rd, void *ctx,
				 unsigned long long *head, char *why, size_t wsize);

#define FSSTATE_BTRFS_SB_OFFSET 65536	/* the primary btrfs superblock, 4096 bytes */
#define FSSTATE_BTRFS_SB_LEN 4096

struct fsstate_btrfs {
	int csum_known;		/* crc32c: the only checksum checked here */
	int csum_ok;
	int error;		/* BTRFS_SUPER_FLAG_ERROR: the kernel met an error it stopped for */
	int changing_fsid;	/* btrfstune -u/-m was interrupted */
	unsigned long long generation, log_root;	/* log_root: a log tree to replay at mount (fsync'd data) */
};

/* Read a btrfs superblock (len >= 4096). 0, or -1 when it is none. */
int fsstate_btrfs(const unsigned char *sb, size_t len, struct fsstate_btrfs *out);

/* CRC-32C (Castagnoli), as btrfs and ext4 metadata use it; seed ~0 and final ~ are the caller's. */
unsigned fsstate_crc32c(unsigned crc, const unsigned char *p, size_t len);

#endif
