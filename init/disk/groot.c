/* openat2 has no musl wrapper: called through syscall(). */
#define _GNU_SOURCE
#include "groot.h"
#include "../lib/sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int groot_open(int rootfd, const char *path, int flags)
{
	struct open_how how;
	long fd;

	memset(&how, 0, sizeof how);
	how.flags = (unsigned long long)(flags | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	if (flags & O_CREAT)
		how.mode = 0600;	/* owner only until the caller says otherwise */
	do
		fd = syscall(SYS_openat2, rootfd, path, &how, sizeof how);
	while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : (int)fd;
}

ssize_t groot_read(int rootfd, const char *path, char *buf, size_t size)
{
	int fd = groot_open(rootfd, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	ssize_t n, total = 0;

	if (fd < 0)
		return fd;
	if (size == 0) {
		close(fd);
		return -EINVAL;
	}
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - (size_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;
			close(fd);
			return err;
		}
		if (n == 0)
			break;
		total += n;
	}
	buf[total] = '\0';
	close(fd);
	return total;
}

int groot_exists(int rootfd, const char *path)
{
	int fd = groot_open(rootfd, path, O_PATH);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int groot_unit_enabled(int rootfd, const char *unit)
{
	int fd = groot_open(rootfd, "/etc/systemd/system", O_RDONLY | O_DIRECTORY);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	struct stat st;
	int found = 0;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (!found && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 6, ".wants") != 0)
			continue;
		int w = openat(dirfd(d), e->d_name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		found = w >= 0 && fstatat(w, unit, &st, AT_SYMLINK_NOFOLLOW) == 0;
		if (w >= 0)
			close(w);
	}
	closedir(d);
	return found;
}
