/* Running one of the guest's own programs boxed in: namespaces, a bare /dev, no capabilities. */
#define _GNU_SOURCE
#include "sandbox.h"
#include "../lib/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SANDBOX_SETUP_FAILED 125	/* exit status: the box could not be set up, or was killed */
#define SANDBOX_POLL_MS 20

/* A /dev of four harmless devices: a tmpfs, each node bind-mounted from ours. */
static int bare_dev(const char *root)
{
	static const char *const nodes[] = { "null", "zero", "random", "urandom" };
	char dev[2048], path[4096];

	snprintf(dev, sizeof dev, "%s/dev", root);
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k") < 0)
		return -1;
	for (size_t i = 0; i < sizeof nodes / sizeof *nodes; i++) {
		char ours[32];
		snprintf(path, sizeof path, "%s/%s", dev, nodes[i]);
		snprintf(ours, sizeof ours, "/dev/%s", nodes[i]);
		int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0)
			return -1;
		close(fd);
		if (mount(ours, path, NULL, MS_BIND, NULL) < 0)
			return -1;
	}
	return 0;
}

/* No capability now or after exec: root's exec would otherwise gain the bounding set. */
static int no_capabilities(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
		  SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED, 0, 0, 0) < 0)
		return -1;
	for (int cap = 0; cap < 64; cap++)
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return -1;
	memset(data, 0, sizeof data);
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -1;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* In the new PID namespace, as its init: the box, then the program. */
static void boxed(const char *root, const char *path, char *const argv[], char *const envp[],
		  const char *const run_dirs[], int out_fd)
{
	char run[4096], proc[4096];
	int null = open("/dev/null", O_RDONLY);

	if (null < 0 || dup2(null, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
		_exit(SANDBOX_SETUP_FAILED);
	snprintf(run, sizeof run, "%s/run", root);
	snprintf(proc, sizeof proc, "%s/proc", root);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", run, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") < 0)
		_exit(SANDBOX_SETUP_FAILED);
	for (int i = 0; run_dirs && run_dirs[i]; i++) {
		char d[4096];
		snprintf(d, sizeof d, "%s%s", root, run_dirs[i]);
		if (mkdir(d, 0755) < 0)
			_exit(SANDBOX_SETUP_FAILED);
	}
	if (mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 || bare_dev(root) < 0 ||
	    chroot(root) < 0 || chdir("/") < 0 || no_capabilities() < 0)
		_exit(SANDBOX_SETUP_FAILED);
	execve(path, argv, envp);
	_exit(SANDBOX_SETUP_FAILED);
}

int sandbox_run(const char *root, const char *path, char *const argv[], char *const envp[],
		const char *const run_dirs[], int timeout_s, char *out, size_t size)
{
	int p[2], status = 0;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		// the outer child: the namespaces, then their init (the program), watched
		// System V IPC only where the kernel has it (lifeboat's own kernel does not)
		int ipc = access("/proc/sysvipc", F_OK) == 0 ? CLONE_NEWIPC : 0;
		if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS | ipc) < 0)
			_exit(SANDBOX_SETUP_FAILED);
		pid_t init = fork();
		if (init < 0)
			_exit(SANDBOX_SETUP_FAILED);
		if (init == 0)
			boxed(root, path, argv, envp, run_dirs, p[1]);
		close(p[1]);
		long long deadline = sys_now_ms() + (long long)timeout_s * 1000;
		for (;;) {
			pid_t r = waitpid(init, &status, WNOHANG);
			if (r == init)
				break;
			if (r < 0 && errno != EINTR)
				_exit(SANDBOX_SETUP_FAILED);
			// the namespace's init gone takes everything it started with it
			if (sys_now_ms() >= deadline)
				kill(init, SIGKILL);
			struct timespec ts = { 0, SANDBOX_POLL_MS * 1000000L };
			nanosleep(&ts, NULL);
		}
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : SANDBOX_SETUP_FAILED);
	}
	close(p[1]);
	sys_read_to_end(p[0], out, size);
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	// 125-127: set-up or exec failed, or it was killed (a program's own errors are lower)
	if (!WIFEXITED(status) || (WEXITSTATUS(status) >= SANDBOX_SETUP_FAILED && WEXITSTATUS(status) <= 127)) {
		out[0] = '\0';
		return -1;
	}
	return WEXITSTATUS(status);
}
