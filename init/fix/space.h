/* fix space's decisions: what a file is (cleanup category or not) and the
 * largest-first tables of a report (pure). */
#ifndef LB_SPACE_H
#define LB_SPACE_H

#include <stddef.h>

enum space_kind {
	SPACE_KEEP = 0,
	SPACE_JOURNAL,		/* archived systemd journal files (the active ones stay) */
	SPACE_ROTATED,		/* rotated or compressed logs under /var/log */
	SPACE_PACKAGES,		/* downloaded packages: apt, dnf/yum, pacman, zypper */
	SPACE_CORE,		/* core dumps */
	SPACE_TMP,		/* files in /tmp and /var/tmp untouched for a week */
	SPACE_KINDS
};

/* What the cleanup does with the regular file at path (inside the guest,
 * absolute), last modified mtime seconds before now (age). */
enum space_kind space_classify(const char *path, long long age);

/* A name for people: "archived journal files", … */
const char *space_kind_name(enum space_kind k);

#define SPACE_TOP 10

struct space_top {
	struct {
		char path[256];
		unsigned long long bytes;
	} e[SPACE_TOP];
	int n;
};

/* Keep path if it is among the SPACE_TOP largest seen so far (largest first). */
void space_top_add(struct space_top *t, const char *path, unsigned long long bytes);

#endif
