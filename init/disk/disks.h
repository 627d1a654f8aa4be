/* Block devices: found, identified with libblkid, protected (read-only at the
 * block layer), looked into read-only, and the guest's root chosen. */
#ifndef LB_DISKS_H
#define LB_DISKS_H

#include "rank.h"
#include "../lib/cmdline.h"
#include "../lib/json.h"
#include "../lib/paths.h"

#include <stddef.h>

#define DISKS_MAX 64
#define CANDIDATES_MAX 32
#define DISKS_STATE LB_RUN_DIR "/disks.state"	/* for the CLI: one device a line */
#define DISKS_JSON LB_RUN_DIR "/disks.json"
#define DISKS_TXT LB_RUN_DIR "/disks.txt"
/* `lifeboat snapshot begin`: "disk ORIGIN SNAPSHOT COW" and "part ORIGIN SNAPSHOT" lines (kernel names / dm names) */
#define SNAPSHOT_STATE LB_RUN_DIR "/snapshot.state"
#define SNAPSHOT_PREFIX "lbsnap-"

struct blockdev {
	char name[32];		/* "vda1", "md0", "dm-0", "nvme0n1p2" */
	char dev[96];		/* "/dev/vda1", "/dev/mapper/luks-UUID" */
	char parent[32];	/* the whole disk of a partition, "" for a whole disk */
	int partition;
	char type[24];		/* "ext4", "xfs", "btrfs", "vfat", "swap", "LVM2_member", "linux_raid_member",
				   "crypto_LUKS", "iso9660"; "" when no superblock was recognised */
	char uuid[64], label[64], partuuid[64], partlabel[64], pttype[16];
	unsigned long long bytes;
	char model[48], serial[64], wwn[64];
	int removable;
	int readonly;		/* read-only at the block layer now */
	char role[40];		/* "candidate", "config drive", "swap", "md member", "LVM PV", "LUKS", … */
	char note[128];		/* what went wrong probing it, or "" */
};

struct disk_state {
	struct blockdev dev[DISKS_MAX];
	int ndev, more;
	struct candidate cand[CANDIDATES_MAX];
	int ncand;
	int root;		/* index into cand, or -1 */
	char why[256];		/* why there is no root, or how it was chosen */
	long long scan_ms;	/* how long finding, probing and ranking took */
};

/* Find and probe every block device. protect (PID 1): first set every whole
 * disk read-only at the block layer (BLKROSET) — except those already in prev,
 * which a repair or `lifeboat mount --rw` may have made writable. */
void disks_scan(struct disk_state *s, int protect, const struct disk_state *prev);

/* One line for the banner: the root and why, or "none: why". */
void disks_root_line(const struct disk_state *s, char *buf, size_t size);

/* Assemble what the devices that are not in prev are members of: md arrays
 * read-only (mdadm --readonly), LVM volume groups activated read-only. Returns
 * 1 when it ran anything (the caller scans again for the new devices). */
int disks_assemble(struct disk_state *s, const struct disk_state *prev);

/* Look into every candidate (mounted read-only, without journal replay, in a
 * private directory) and choose the root as rank_choose() or lifeboat.root= says. */
void disks_rank(struct disk_state *s, const struct lb_cmdline *c);

/* Write the state file, the JSON and the text for `lifeboat disks`. */
void disks_publish(const struct disk_state *s);

/* Read the state file back (the CLI). Returns 0, or -errno. */
int disks_load(struct disk_state *s);

/* Pure, in state.c: */

/* The state file's text: tab-separated key=value lines. Returns the length or -1. */
int disks_state_format(const struct disk_state *s, char *buf, size_t size);

/* Parse it back. Returns 0, or -1 when it is not a state file. */
int disks_state_parse(const char *text, struct disk_state *s);

/* The device a fstab spec names (UUID=, LABEL=, PARTUUID=, PARTLABEL=, /dev/…,
 * /dev/disk/by-uuid/… and the like), or NULL. Filesystems only: a partition's
 * PARTUUID names that partition. */
const struct blockdev *disks_resolve(const struct disk_state *s, const char *spec);

/* mount(2) data to mount a filesystem of type read-only without replaying its
 * journal ("noload", "norecovery", "nologreplay"), or NULL when lifeboat does
 * not look into that type. */
const char *disks_ro_options(const char *type);

/* The text for people (`lifeboat disks`) and the JSON for tools. */
int disks_render(const struct disk_state *s, char *buf, size_t size);
void disks_json(const struct disk_state *s, struct json *j);

#endif
