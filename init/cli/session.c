/* Root's login shell over SSH: the session in a cgroup of its own, then busybox's sh. */
#define _GNU_SOURCE
#include "session.h"
#include "../lib/paths.h"
#include "../lib/sys.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Ended sessions leave empty groups: removed as the next one starts (rmdir refuses a busy one). */
static void sweep(void)
{
	DIR *d = opendir(LB_SESSIONS_CGROUP);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[512];
		if (strncmp(e->d_name, "ssh-", 4) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", LB_SESSIONS_CGROUP, e->d_name);
		rmdir(path);
	}
	closedir(d);
}

/* Is this process in a session's group already (a shell started from a session)? */
static int in_session(void)
{
	char buf[512];

	return sys_read_file("/proc/self/cgroup", buf, sizeof buf) > 0 && strstr(buf, "/sessions/ssh-") != NULL;
}

static void join_new_group(void)
{
	char dir[256], path[300], num[32];
	int err;

	if (access(LB_SESSIONS_CGROUP, F_OK) != 0 || in_session())
		return;	/* no cgroups here (PID 1 said so at boot), or a shell inside a session */
	sweep();
	snprintf(dir, sizeof dir, "%s/ssh-%d", LB_SESSIONS_CGROUP, (int)getpid());
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "lifeboat: %s: %s; this session has no process limit\n", dir, strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/pids.max", dir);
	snprintf(num, sizeof num, "%d\n", SESSION_PIDS_MAX);
	err = sys_write_str(path, num);
	snprintf(path, sizeof path, "%s/cgroup.procs", dir);
	snprintf(num, sizeof num, "%d\n", (int)getpid());
	if (!err)
		err = sys_write_str(path, num);
	if (err < 0) {
		fprintf(stderr, "lifeboat: %s: %s; this session has no process limit\n", path, strerror(-err));
		rmdir(dir);
	}
}

int session_shell(int argc, char **argv)
{
	(void)argc;
	join_new_group();
	// dropbear's -1000 (never the OOM killer's choice) is not for what a session runs
	sys_write_str("/proc/self/oom_score_adj", "0\n");
	// programs that start $SHELL get the shell itself, not another session
	setenv("SHELL", LB_SHELL, 1);
	argv[0] = argv[0][0] == '-' ? "-sh" : "sh";
	execv(LB_SHELL, argv);
	fprintf(stderr, "lifeboat: %s: %s\n", LB_SHELL, strerror(errno));
	return 127;
}
