/* /proc/self/mountinfo, one line at a time (pure). */
#ifndef LB_MOUNTINFO_H
#define LB_MOUNTINFO_H

#include <stddef.h>

#define MOUNTINFO_PATH_MAX 4096

/* One mount. Paths are unescaped: the kernel writes a blank, tab, newline and
 * backslash in them as \040, \011, \012 and \134. */
struct mountinfo {
	unsigned major, minor;		/* of the filesystem's device (0:N for virtual ones) */
	char dir[MOUNTINFO_PATH_MAX];	/* the mount point */
	char fstype[64];
	char source[MOUNTINFO_PATH_MAX];	/* "/dev/vda1", "tmpfs", "none" */
};

/* The next mount in text[*pos..len), *pos moved past its line. Lines that are
 * not mountinfo lines (too few fields, no " - " separator, a field too long
 * for its buffer) are skipped. Returns 1 with *m filled, or 0 at the end. */
int mountinfo_next(const char *text, size_t len, size_t *pos, struct mountinfo *m);

/* dir relative to top when dir is top itself or below it ("/" for top itself,
 * "/boot" for top/boot), else NULL: "/mnt/guestX" is not under "/mnt/guest". */
const char *mountinfo_under(const char *dir, const char *top);

#endif
