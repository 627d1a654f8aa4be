/* Files inside a guest's tree, opened so that no symlink leads out of it:
 * openat2() with RESOLVE_IN_ROOT against a directory fd of the guest's root. */
#ifndef LB_GROOT_H
#define LB_GROOT_H

#include <stddef.h>
#include <sys/types.h>

/* openat2(rootfd, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS); a file
 * it creates has mode 0600. The fd, or -errno. */
int groot_open(int rootfd, const char *path, int flags);

/* Read at most size-1 bytes of path (inside rootfd) into buf, NUL-terminated. Returns the length or -errno. */
ssize_t groot_read(int rootfd, const char *path, char *buf, size_t size);

/* 1 when path exists inside rootfd (symlinks followed inside it), else 0. */
int groot_exists(int rootfd, const char *path);

/* 1 when a systemd unit is enabled in the guest: a link by its name (wherever it
 * points) in some *.wants directory of /etc/systemd/system; else 0. */
int groot_unit_enabled(int rootfd, const char *unit);

#endif
