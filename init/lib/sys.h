/* Thin syscall helpers: EINTR retried in one place, errors returned as -errno. */
#ifndef LB_SYS_H
#define LB_SYS_H

#include <stddef.h>
#include <sys/types.h>

/* Retry a call that may fail with EINTR; evaluates to its result. */
#define SYS_RETRY(expr) ({ long r_; do r_ = (long)(expr); while (r_ == -1 && errno == EINTR); r_; })

/* Write all of buf to a blocking fd; returns 0 or -errno. */
int sys_write_all(int fd, const void *buf, size_t len);

/* Read at most size-1 bytes of path into buf, NUL-terminated; returns the length or -errno. */
ssize_t sys_read_file(const char *path, char *buf, size_t size);

/* Same, for a path relative to the directory fd dirfd. */
ssize_t sys_read_fileat(int dirfd, const char *path, char *buf, size_t size);

/* Read fd to its end (a writer on a pipe never blocks on it), keeping the first
 * size-1 bytes in buf, NUL-terminated; returns the length kept. */
size_t sys_read_to_end(int fd, char *buf, size_t size);

/* Replace path atomically with data (temp file, fsync, rename); returns 0 or -errno. */
int sys_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode);

/* Write a string to an existing file (sysfs, procfs); returns 0 or -errno. */
int sys_write_str(const char *path, const char *s);

/* mkdir -p; returns 0 or -errno. */
int sys_mkdir_p(const char *path, mode_t mode);

/* Monotonic and boot clocks in milliseconds. */
long long sys_now_ms(void);
long long sys_boottime_ms(void);

#endif
