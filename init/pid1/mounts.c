/* Mounts: the API filesystems at boot, and releasing the rest at shutdown. */
#define _GNU_SOURCE
#include "mounts.h"
#include "../lib/log.h"
#include "../lib/mountinfo.h"
#include "../lib/paths.h"
#include "../lib/sys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

static const struct {
	const char *source, *target, *type, *options;
	unsigned long flags;
	mode_t mode;
} early[] = {
	{ "proc", "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, 0555 },
	{ "sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, 0555 },
	{ "devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID, 0755 },
	{ "devpts", "/dev/pts", "devpts", "mode=0620,ptmxmode=0666", MS_NOSUID | MS_NOEXEC, 0755 },
	{ "tmpfs", "/run", "tmpfs", "mode=0755", MS_NOSUID | MS_NODEV, 0755 },
	{ "tmpfs", "/tmp", "tmpfs", "mode=1777", MS_NOSUID | MS_NODEV, 01777 },
};

int mounts_early(void)
{
	int failed = 0;

	for (size_t i = 0; i < sizeof early / sizeof *early; i++) {
		mkdir(early[i].target, early[i].mode);
		if (mount(early[i].source, early[i].target, early[i].type, early[i].flags,
			  early[i].options) < 0 && errno != EBUSY) {
			// no kmsg yet for the first ones: log() falls back to stderr (the console)
			log_err("mount %s on %s: %s", early[i].type, early[i].target, strerror(errno));
			failed++;
		}
	}
	return failed;
}

static int ours(const char *target)
{
	if (strcmp(target, "/") == 0 || strcmp(target, LB_CGROUP) == 0)
		return 1;
	for (size_t i = 0; i < sizeof early / sizeof *early; i++)
		if (strcmp(target, early[i].target) == 0)
			return 1;
	return 0;
}

int mounts_cgroups(void)
{
	int err;

	if (mount("cgroup2", LB_CGROUP, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 && errno != EBUSY) {
		err = -errno;
		log_warn("cgroup2 on %s: %s; SSH sessions get no process limit", LB_CGROUP, strerror(errno));
		return err;
	}
	// controllers are handed down one level at a time: the root's children, then the sessions'
	err = sys_write_str(LB_CGROUP "/cgroup.subtree_control", "+pids\n");
	if (!err && mkdir(LB_SESSIONS_CGROUP, 0755) < 0 && errno != EEXIST)
		err = -errno;
	if (!err)
		err = sys_write_str(LB_SESSIONS_CGROUP "/cgroup.subtree_control", "+pids\n");
	if (err < 0) {
		log_warn("cgroup pids controller for %s: %s; SSH sessions get no process limit", LB_SESSIONS_CGROUP,
			 strerror(-err));
		return err;
	}
	return 0;
}

int mounts_release_all(void)
{
	static char buf[1 << 16], targets[64][MOUNTINFO_PATH_MAX];
	static struct mountinfo m;
	ssize_t len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	size_t pos = 0;
	int n = 0, stuck = 0;

	// mountinfo, not /proc/self/mounts through sscanf: a mount point with a blank
	// (\040) is unmounted by its real name
	while (len > 0 && n < 64 && mountinfo_next(buf, (size_t)len, &pos, &m))
		if (!ours(m.dir))
			snprintf(targets[n++], sizeof targets[0], "%s", m.dir);
	for (int i = n - 1; i >= 0; i--) {
		if (umount2(targets[i], 0) == 0)
			continue;
		if (mount(NULL, targets[i], NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0) {
			log_warn("%s busy: remounted read-only", targets[i]);
			continue;
		}
		log_err("%s: neither unmounted nor read-only: %s", targets[i], strerror(errno));
		stuck++;
	}
	return stuck;
}
