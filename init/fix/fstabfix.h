/* fix fstab's editor: entries whose device is not there stop blocking the
 * guest's boot — "nofail" added to their options, or the line commented out (pure). */
#ifndef LB_FSTABFIX_H
#define LB_FSTABFIX_H

#include <stddef.h>

enum fstabfix_action {
	FSTABFIX_NOFAIL,	/* ",nofail" added to the options */
	FSTABFIX_COMMENT,	/* the line commented out ("# lifeboat: " in front) */
	FSTABFIX_ROOT,		/* the root's own entry: reported, never changed */
};

struct fstabfix_finding {
	int line;		/* 1-based */
	char spec[160], dir[128];
	enum fstabfix_action action;
};

/* Does the device named by spec ("UUID=…", "/dev/…") exist? The caller's answer. */
typedef int (*fstabfix_present)(const char *spec, void *ctx);

/* Find the entries of fstab text (len bytes) for a local device (UUID=, LABEL=,
 * PARTUUID=, PARTLABEL=, /dev/…) that present() says is missing, without
 * noauto or nofail already, and give each nofail (or, comment set, comment it
 * out) in out. Every other byte stays. Up to max findings go to found, their
 * number to *nfound. Returns the new length, 0 when nothing needs changing
 * (a root entry alone changes nothing), or -1 when out (size bytes) has no room. */
long fstabfix_edit(const char *text, size_t len, int comment, fstabfix_present present, void *ctx, char *out,
		   size_t size, struct fstabfix_finding *found, int max, int *nfound);

#endif
