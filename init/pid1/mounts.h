/* The API filesystems PID 1 needs, and unmounting everything else at shutdown. */
#ifndef LB_MOUNTS_H
#define LB_MOUNTS_H

/* Mount /proc, /sys, /dev, /dev/pts, /run, /tmp. Returns how many failed (each logged). */
int mounts_early(void);

/* cgroup v2 at LB_CGROUP, with the pids controller on for LB_SESSIONS_CGROUP
 * (each SSH session gets a group below it, see session.h). Returns 0, or -errno
 * (logged) where the kernel has no cgroup v2. */
int mounts_cgroups(void);

/* Unmount (or at least remount read-only) every mount that is not one of ours,
 * newest first. Returns how many could be neither. */
int mounts_release_all(void);

#endif
