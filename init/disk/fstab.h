/* A guest's /etc/fstab: its lines, and which of them lifeboat mounts (pure). */
#ifndef LB_FSTAB_H
#define LB_FSTAB_H

#include <stddef.h>

#define FSTAB_MAX 32

struct fstab_entry {
	char spec[160];		/* "UUID=…", "LABEL=…", "PARTUUID=…", "PARTLABEL=…", "/dev/…" */
	char dir[128];		/* "/", "/boot", "/boot/efi" … (octal escapes decoded) */
	char type[24];
	char opts[160];
};

/* Parse fstab text (len bytes, no NUL needed). Comments, blank and malformed
 * lines are skipped. Returns the number of entries stored (at most max). */
int fstab_parse(const char *text, size_t len, struct fstab_entry *out, int max);

/* Whether lifeboat mounts this entry under the guest's root: a local
 * filesystem at an absolute mount point other than "/", not swap, not a
 * pseudo or network filesystem, not bind. */
int fstab_mountable(const struct fstab_entry *e);

/* The kind of a spec and its value: "UUID", "LABEL", "PARTUUID", "PARTLABEL"
 * or "PATH" (a /dev/ path); *value points into spec. Returns NULL when the
 * spec is none of those (e.g. "tmpfs", "server:/export"). Quotes around the
 * value (UUID="…") are not part of it. */
const char *fstab_spec_kind(const char *spec, char *value, size_t size);

/* Order entries so that every mount point comes after its parents ("/boot"
 * before "/boot/efi"), keeping fstab's order otherwise. idx gets the order. */
void fstab_order(const struct fstab_entry *e, int n, int *idx);

#endif
