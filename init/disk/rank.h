/* Which filesystem is the guest's root: evidence scored into reasons, and a
 * choice made only when it is unambiguous (pure). */
#ifndef LB_RANK_H
#define LB_RANK_H

#include <stddef.h>

#define RANK_REASONS_MAX 8
#define RANK_MIN_SCORE 50	/* below this a filesystem holds no system */

/* What a look inside a filesystem (mounted read-only) found. */
struct evidence {
	char os_name[64];	/* PRETTY_NAME of os-release, "" when there is none */
	int init;		/* /sbin/init or systemd exists */
	int fstab_root;		/* 1: its fstab's "/" names this filesystem; -1: names another; 0: no such line */
	int kernels;		/* vmlinuz* in /boot */
	int bootloader;		/* a grub.cfg / loader entry names its UUID */
};

struct candidate {
	char device[96];	/* "/dev/vda1", "/dev/mapper/vg-root" */
	char uuid[64];
	char type[16];
	char subvol[64];	/* btrfs: the subvolume holding the system, "" otherwise */
	char serial[64];
	unsigned long long bytes;
	struct evidence ev;
	int score;
	char reasons[RANK_REASONS_MAX][96];
	int nreasons;
};

/* Score c from its evidence and write its reasons. */
void rank_score(struct candidate *c);

/* Sort by score (highest first; device name breaks ties for a stable order)
 * and choose. Returns the index of the root, or -1 with why (a sentence) when
 * none holds a system, the best two tie, or the best shares its UUID with
 * another filesystem (a cloned disk). */
int rank_choose(struct candidate *c, int n, char *why, size_t size);

/* lifeboat.root=: "UUID=…", "LABEL=…" (label: the caller's), "PARTUUID=…" or
 * a device path, matched against candidates; uuid/partuuid/label arrays give
 * each candidate's. Returns the index, or -1. */
int rank_override(const char *spec, const struct candidate *c, int n, const char *const *labels,
		  const char *const *partuuids);

#endif
