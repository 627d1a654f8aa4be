/* Running a helper program to completion, its output captured. */
#define _GNU_SOURCE
#include "run.h"
#include "supervise.h"
#include "../lib/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int run_capture(const char *path, char *const argv[], char *out, size_t size)
{
	int p[2], status;
	char scratch[1];
	pid_t pid;

	if (!out || size == 0) {
		out = scratch;
		size = sizeof scratch;
	}

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (pid == 0) {
		supervise_child_reset();
		run_child_stdio(-1);
		dup2(p[1], 1);
		execv(path, argv);
		_exit(127);
	}
	close(p[1]);
	sys_read_to_end(p[0], out, size);
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void run_child_stdio(int err_fd)
{
	int null = open("/dev/null", O_RDWR);

	if (null < 0)
		return;
	dup2(null, 0);
	dup2(null, 1);
	dup2(err_fd >= 0 ? err_fd : null, 2);
	if (null > 2)
		close(null);
}
