/* Thin syscall helpers shared by PID 1 and the CLI. */
#define _GNU_SOURCE
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int sys_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t sys_read_fileat(int dirfd, const char *path, char *buf, size_t size)
{
	size_t got = 0;
	int fd, err = 0;

	if (size == 0)
		return -EINVAL;
	fd = (int)SYS_RETRY(openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY));
	if (fd < 0)
		return -errno;
	while (got < size - 1) {
		ssize_t n = read(fd, buf + got, size - 1 - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	return err ? err : (ssize_t)got;
}

ssize_t sys_read_file(const char *path, char *buf, size_t size)
{
	return sys_read_fileat(AT_FDCWD, path, buf, size);
}

size_t sys_read_to_end(int fd, char *buf, size_t size)
{
	size_t got = 0;

	for (;;) {
		char chunk[512];
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t keep = (size_t)n < size - 1 - got ? (size_t)n : size - 1 - got;
		memcpy(buf + got, chunk, keep);
		got += keep;
	}
	buf[got] = '\0';
	return got;
}

int sys_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	char tmp[4096];
	int fd, err;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return -ENAMETOOLONG;
	fd = (int)SYS_RETRY(open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode));
	if (fd < 0)
		return -errno;
	err = sys_write_all(fd, data, len);
	if (!err && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

int sys_write_str(const char *path, const char *s)
{
	int fd = (int)SYS_RETRY(open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY));
	int err;

	if (fd < 0)
		return -errno;
	err = sys_write_all(fd, s, strlen(s));
	close(fd);
	return err;
}

int sys_mkdir_p(const char *path, mode_t mode)
{
	char buf[4096];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof buf)
		return -EINVAL;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, mode) < 0 && errno != EEXIST)
				return -errno;
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

static long long clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long sys_now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

long long sys_boottime_ms(void)
{
	return clock_ms(CLOCK_BOOTTIME);
}
