/* lifeboat disks | mount | umount | chroot: the guest's filesystems under
 * /mnt/guest, read-only unless asked, every mount point resolved inside the
 * guest's tree so that no symlink of the guest's leads out of it. */
#define _GNU_SOURCE
#include "guest.h"
#include "cli.h"
#include "../disk/disks.h"
#include "../disk/fstab.h"
#include "../disk/groot.h"
#include "../lib/mountinfo.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../pid1/run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define GUEST "/mnt/guest"
#define MOUNT_STATE LB_RUN_DIR "/mount.state"	/* "rw KIND NAME" lines: layers to set read-only again */
#define FILE_MAX 65536
#define BTRFS_ASIDE LB_RUN_DIR "/btrfs-top"

static struct disk_state st;
static int quiet_mount;	/* repairs mount without telling: their output is their plan */
#define say(...) (quiet_mount ? 0 : printf(__VA_ARGS__))

static int load(void)
{
	int err = disks_load(&st);

	if (err < 0)
		fprintf(stderr, "lifeboat: no disk state yet (%s: %s); is lifeboat's PID 1 still booting?\n", DISKS_STATE,
			strerror(-err));
	return err;
}

int cmd_disks(int argc, char **argv)
{
	static char buf[1 << 17];
	int json = 0;
	ssize_t n;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") != 0) {
			fprintf(stderr, "lifeboat disks: unknown option %s\n", argv[i]);
			return EXIT_USAGE;
		}
		json = 1;
	}
	n = sys_read_file(json ? DISKS_JSON : DISKS_TXT, buf, sizeof buf);
	if (n < 0) {
		fprintf(stderr, "lifeboat: no disk report yet; is lifeboat's PID 1 still booting?\n");
		return EXIT_FAILED;
	}
	fputs(buf, stdout);
	if (n > 0 && buf[n - 1] != '\n')
		putchar('\n');
	return EXIT_DONE;
}

/* Is something mounted at path? (/proc/self/mountinfo, field 5) */
static int mounted_at(const char *path)
{
	static char buf[1 << 16];
	static struct mountinfo m;
	ssize_t len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	size_t pos = 0;

	while (len > 0 && mountinfo_next(buf, (size_t)len, &pos, &m))
		if (strcmp(m.dir, path) == 0)
			return 1;
	return 0;
}

/* The whole disk of a partition, or name itself. */
static void whole(const char *name, char *out, size_t size)
{
	char path[300], link[512];
	ssize_t l;

	text_copy(out, size, name);
	snprintf(path, sizeof path, "/sys/class/block/%s/partition", name);
	if (access(path, F_OK) != 0)
		return;
	snprintf(path, sizeof path, "/sys/class/block/%s", name);
	if ((l = readlink(path, link, sizeof link - 1)) <= 0)
		return;
	link[l] = '\0';
	char *slash = strrchr(link, '/');
	if (slash) {
		*slash = '\0';
		slash = strrchr(link, '/');
		text_copy(out, size, slash ? slash + 1 : link);
	}
}

static int set_ro(const char *name, int ro)
{
	char dev[64];
	int fd, err = 0;

	snprintf(dev, sizeof dev, "/dev/%s", name);
	fd = open(dev, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKROSET, &ro) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int tool(const char *path, char *const argv[], char *out, size_t size)
{
	int rc = run_capture(path, argv, out, size);

	if (rc != 0)
		fprintf(stderr, "lifeboat: %s %s %s: exit %d\n", argv[0], argv[1], argv[2] ? argv[2] : "", rc);
	return rc;
}

/* A device-mapper device's table loaded again read-only or read-write (no LVM metadata is written). */
static int dm_mode(const char *name, int rw)
{
	char dmname[128], table[4096], path[300];
	ssize_t n;

	snprintf(path, sizeof path, "/sys/class/block/%s/dm/name", name);
	if ((n = sys_read_file(path, dmname, sizeof dmname)) <= 0)
		return -1;
	dmname[strcspn(dmname, "\n")] = '\0';
	char *const get[] = { "dmsetup", "table", dmname, NULL };
	if (tool("/sbin/dmsetup", get, table, sizeof table) != 0)
		return -1;
	table[strcspn(table, "\n")] = '\0';
	// a crypt table is shown without its key: reloading it would map the disk
	// with a key of zeros, and putting the real key on a command line leaks it
	if (rw && strstr(table, " crypt ")) {
		fprintf(stderr, "lifeboat mount: %s is a LUKS mapping; it stays read-only (a repair that must write "
			"opens it for writing itself)\n", dmname);
		return -1;
	}
	// options before the name: musl's getopt stops at the first operand
	char *const reload_rw[] = { "dmsetup", "reload", "--table", table, dmname, NULL };
	char *const reload_ro[] = { "dmsetup", "reload", "--readonly", "--table", table, dmname, NULL };
	char *const resume[] = { "dmsetup", "resume", dmname, NULL };
	if (tool("/sbin/dmsetup", rw ? reload_rw : reload_ro, NULL, 0) != 0)
		return -1;
	return tool("/sbin/dmsetup", resume, NULL, 0) == 0 ? 0 : -1;
}

static int md_mode(const char *name, int rw)
{
	char dev[64];

	snprintf(dev, sizeof dev, "/dev/%s", name);
	char *const argv[] = { "mdadm", rw ? "--readwrite" : "--readonly", dev, NULL };
	// read-only needs the array unopened: PID 1's look at the disks after the umount's
	// block events may hold it a moment (as with dmsetup remove --retry)
	for (int i = 0; i < 20; i++) {
		if (tool("/sbin/mdadm", argv, NULL, 0) == 0)
			return 0;
		if (rw)
			break;
		usleep(150 * 1000);
	}
	return -1;
}

/* One layer made writable (rw) or read-only again, by its kind. PID 1 set
 * md and dm devices read-only at the block layer too, like every disk. */
static int layer_mode(const char *kind, const char *name, int rw)
{
	int err = 0;

	if (!rw)
		set_ro(name, 1);
	if (strcmp(kind, "dm") == 0)
		err = dm_mode(name, rw);
	else if (strcmp(kind, "md") == 0)
		err = md_mode(name, rw);
	if (rw && !err)
		err = set_ro(name, 0);
	return err;
}

/* Make name writable from the bottom of its stack up (disks, then md, then
 * device-mapper), noting each layer in the mount state for umount to undo. */
static int stack_writable(const char *name, int depth)
{
	char disk[32], path[300], line[80];
	struct dirent **names;
	const char *kind;
	int k, err = 0;

	if (depth > 8)
		return -ELOOP;
	whole(name, disk, sizeof disk);
	snprintf(path, sizeof path, "/sys/class/block/%s/slaves", disk);
	k = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < k; i++) {
		if (names[i]->d_name[0] != '.' && !err)
			err = stack_writable(names[i]->d_name, depth + 1);
		free(names[i]);
	}
	if (k >= 0)
		free(names);
	if (err)
		return err;
	kind = strncmp(disk, "dm-", 3) == 0 ? "dm" : strncmp(disk, "md", 2) == 0 ? "md" : "disk";
	if (layer_mode(kind, disk, 1) < 0) {
		fprintf(stderr, "lifeboat mount: %s could not be made writable\n", disk);
		return -EPERM;
	}
	int fd = open(MOUNT_STATE, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		snprintf(line, sizeof line, "rw %s %s\n", kind, disk);
		sys_write_all(fd, line, strlen(line));
		close(fd);
	}
	return 0;
}

static int make_writable(const char *dev)
{
	char path[64], link[512], name[64];
	struct stat st;
	ssize_t l;

	// /dev/mapper/NAME is a node of its own without udev: the kernel's name comes from its number
	if (stat(dev, &st) < 0 || !S_ISBLK(st.st_mode))
		return -ENODEV;
	snprintf(path, sizeof path, "/sys/dev/block/%u:%u", major(st.st_rdev), minor(st.st_rdev));
	if ((l = readlink(path, link, sizeof link - 1)) <= 0)
		return -ENODEV;
	link[l] = '\0';
	text_copy(name, sizeof name, strrchr(link, '/') ? strrchr(link, '/') + 1 : link);
	return stack_writable(name, 0);
}

/* Mount dev (of type) on the directory fd dirfd; read-only without replay unless rw. A
 * btrfs subvolume (or a directory standing for one) is reached the way ranking
 * saw it: the default subvolume mounted aside, the path inside it bound. */
static int mount_on(const struct blockdev *d, const char *subvol, int dirfd, int rw)
{
	char target[64], data[200];
	const char *noreplay = disks_ro_options(d->type);
	const char *type = strcmp(d->type, "ext3") == 0 || strcmp(d->type, "ext2") == 0 ? "ext4" : d->type;
	unsigned long flags = (rw ? 0 : MS_RDONLY) | MS_NOSUID | MS_NODEV;
	int err = 0;

	snprintf(target, sizeof target, "/proc/self/fd/%d", dirfd);
	snprintf(data, sizeof data, "%s", rw || !noreplay ? "" : noreplay);
	if (rw && make_writable(d->dev) < 0)
		return -EPERM;
	if (!subvol || !subvol[0])
		return mount(d->dev, target, type, flags, data) < 0 ? -errno : 0;
	sys_mkdir_p(BTRFS_ASIDE, 0700);
	if (mount(d->dev, BTRFS_ASIDE, type, flags, data) < 0)
		return -errno;
	int top = open(BTRFS_ASIDE, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int sub = top >= 0 ? groot_open(top, subvol, O_PATH | O_DIRECTORY) : -ENOENT;
	if (sub >= 0) {
		char from[64];
		snprintf(from, sizeof from, "/proc/self/fd/%d", sub);
		if (mount(from, target, NULL, MS_BIND, NULL) < 0)
			err = -errno;
		close(sub);
	} else {
		err = sub;
	}
	if (top >= 0)
		close(top);
	umount2(BTRFS_ASIDE, MNT_DETACH);	/* the bind keeps the filesystem */
	return err;
}

/* The root to mount: TARGET (a device, UUID=, LABEL=…) or the chosen one. */
static const struct candidate *pick(const char *target, const struct blockdev **dev)
{
	const struct blockdev *d = NULL;

	if (target) {
		d = disks_resolve(&st, target);
		if (!d && target[0] != '/') {
			char path[64];
			snprintf(path, sizeof path, "/dev/%s", target);
			d = disks_resolve(&st, path);
		}
		if (!d) {
			fprintf(stderr, "lifeboat mount: %s names no device here (see lifeboat disks)\n", target);
			return NULL;
		}
		for (int i = 0; i < st.ncand; i++)
			if (strcmp(st.cand[i].device, d->dev) == 0) {
				*dev = d;
				return &st.cand[i];
			}
		if (d->note[0])		/* a filesystem, but it did not mount when it was found */
			fprintf(stderr, "lifeboat mount: %s (%s): %s (dmesg says more; lifeboat diagnose)\n", d->dev, d->type,
				d->note);
		else
			fprintf(stderr, "lifeboat mount: %s holds no filesystem lifeboat mounts (%s)\n", d->dev, d->role);
		return NULL;
	}
	if (st.root < 0) {
		fprintf(stderr, "lifeboat mount: no root was chosen: %s\nName one: lifeboat mount DEVICE\n", st.why);
		return NULL;
	}
	*dev = disks_resolve(&st, st.cand[st.root].device);
	return *dev ? &st.cand[st.root] : NULL;
}

/* Every layer the mount state lists goes back to read-only, from the top of each
 * stack down: the reverse of the order they were opened. */
static void restore_layers(int quiet)
{
	static char buf[4096];

	if (sys_read_file(MOUNT_STATE, buf, sizeof buf) <= 0)
		return;
	char *lines[64];
	int nl = 0;
	for (char *l = buf; l && *l && nl < 64; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		lines[nl++] = l;
	for (int i = nl - 1; i >= 0; i--) {
		char kind[8], name[32];
		if (sscanf(lines[i], "rw %7s %31s", kind, name) == 2 && layer_mode(kind, name, 0) == 0 && !quiet)
			printf("%s read-only again\n", name);
	}
	unlink(MOUNT_STATE);
}

static int do_umount(int quiet);

/* Mount the root at /mnt/guest and the guest's own fstab entries beneath it. */
static int do_mount(const char *target, int rw)
{
	static char text[FILE_MAX];
	const struct blockdev *d = NULL;
	const struct candidate *c;
	struct fstab_entry e[FSTAB_MAX];
	int idx[FSTAB_MAX], rootfd, n, err, problems = 0;

	if (load() < 0)
		return EXIT_FAILED;
	if (mounted_at(GUEST)) {
		fprintf(stderr, "lifeboat mount: something is mounted at " GUEST " already; lifeboat umount first\n");
		return EXIT_FAILED;
	}
	if (!(c = pick(target, &d)))
		return EXIT_FAILED;
	sys_mkdir_p(GUEST, 0755);
	rootfd = open(GUEST, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 || (err = mount_on(d, c->subvol, rootfd, rw)) < 0) {
		fprintf(stderr, "lifeboat mount: %s: %s\n", d->dev, strerror(rootfd < 0 ? errno : -err));
		if (rootfd >= 0)
			close(rootfd);
		restore_layers(1);	/* what was made writable for it goes back */
		return EXIT_FAILED;
	}
	close(rootfd);
	say("%s%s%s on " GUEST " (%s%s)\n", d->dev, c->subvol[0] ? " subvol " : "", c->subvol, d->type,
	       rw ? ", read-write" : ", read-only, no journal replay");
	// a filesystem named on the command line is mounted alone; the guest's root brings its fstab
	if (target)
		return EXIT_DONE;
	rootfd = open(GUEST, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ssize_t len = rootfd >= 0 ? groot_read(rootfd, "/etc/fstab", text, sizeof text) : -1;
	n = len > 0 ? fstab_parse(text, (size_t)len, e, FSTAB_MAX) : 0;
	fstab_order(e, n, idx);
	for (int k = 0; k < n; k++) {
		const struct fstab_entry *f = &e[idx[k]];
		if (!fstab_mountable(f))
			continue;
		const struct blockdev *sub = disks_resolve(&st, f->spec);
		if (!sub) {
			say("  fstab: %s %s resolves to no device here; not mounted\n", f->spec, f->dir);
			problems++;
			continue;
		}
		if (strcmp(sub->dev, d->dev) == 0 && !strstr(f->opts, "subvol")) {
			continue;	/* the root itself under another name */
		}
		int dirfd = groot_open(rootfd, f->dir, O_PATH | O_DIRECTORY);
		if (dirfd < 0) {
			say("  fstab: %s: the mount point is missing in the guest; not mounted\n", f->dir);
			problems++;
			continue;
		}
		char subvol[64] = "";
		const char *sv = strstr(f->opts, "subvol=");
		if (sv && strcmp(sub->type, "btrfs") == 0)
			snprintf(subvol, sizeof subvol, "%.*s", (int)strcspn(sv + 7, ","), sv + 7);
		err = mount_on(sub, subvol, dirfd, rw);
		if (err == -EINVAL && !disks_ro_options(sub->type)) {
			// vfat and the like: plain read-only is already safe
			char t[64];
			snprintf(t, sizeof t, "/proc/self/fd/%d", dirfd);
			err = mount(sub->dev, t, sub->type, (rw ? 0 : MS_RDONLY) | MS_NOSUID | MS_NODEV, NULL) < 0 ? -errno : 0;
		}
		if (err < 0) {
			say("  fstab: %s on %s: %s; not mounted\n", sub->dev, f->dir, strerror(-err));
			problems++;
		} else {
			say("%s on " GUEST "%s (%s)\n", sub->dev, f->dir, sub->type);
		}
		close(dirfd);
	}
	if (rootfd >= 0)
		close(rootfd);
	if (problems)
		say("%d fstab entr%s not mounted (see above)\n", problems, problems == 1 ? "y" : "ies");
	return EXIT_DONE;
}

int cmd_mount(int argc, char **argv)
{
	int rw = 0;
	const char *target = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rw") == 0)
			rw = 1;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "lifeboat mount: unknown option %s\n", argv[i]);
			return EXIT_USAGE;
		} else if (!target)
			target = argv[i];
		else {
			fprintf(stderr, "usage: lifeboat mount [--rw] [DEVICE|UUID=…|LABEL=…]\n"
				"  without DEVICE: the guest's root and the filesystems its fstab mounts\n");
			return EXIT_USAGE;
		}
	}
	return do_mount(target, rw);
}

/* Unmount everything at and under /mnt/guest, deepest first; then the disks made writable go back to read-only. */
static int do_umount(int quiet)
{
	static char buf[1 << 16], mnts[64][MOUNTINFO_PATH_MAX];
	static struct mountinfo m;
	ssize_t len;
	size_t pos = 0;
	int n = 0, failed = 0;

	sync();
	len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	// mount points as the kernel escapes them (\040 for a blank) are unescaped here:
	// umount2 takes the path itself
	while (len > 0 && n < 64 && mountinfo_next(buf, (size_t)len, &pos, &m))
		if (mountinfo_under(m.dir, GUEST))
			text_copy(mnts[n++], sizeof mnts[0], m.dir);
	for (int i = n - 1; i >= 0; i--) {
		if (umount2(mnts[i], 0) < 0 && errno != EINVAL) {
			fprintf(stderr, "lifeboat umount: %s: %s\n", mnts[i], strerror(errno));
			failed++;
		} else if (!quiet) {
			printf("unmounted %s\n", mnts[i]);
		}
	}
	if (failed)
		return EXIT_FAILED;	/* still mounted: the disks stay writable until it is not */
	restore_layers(quiet);
	if (!n && !quiet)
		printf("nothing was mounted at " GUEST "\n");
	return EXIT_DONE;
}

int cmd_umount(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "lifeboat umount takes no arguments\n");
		return EXIT_USAGE;
	}
	return do_umount(0);
}

/* Mount fstype (or bind src) on path inside the guest, resolved inside it. */
static int guest_mount(int rootfd, const char *path, const char *src, const char *fstype, unsigned long flags,
		       const char *data)
{
	char target[64];
	int fd = groot_open(rootfd, path, O_PATH | O_DIRECTORY), err = 0;

	if (fd < 0)
		return fd;
	snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
	if (mount(src, target, fstype, flags, data) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* resolv.conf inside the chroot: bound over the guest's file, or written where its symlink points into /run. */
static void guest_resolv(int rootfd)
{
	static char text[4096];
	char link[256];
	ssize_t n = sys_read_file("/etc/resolv.conf", text, sizeof text);
	int fd = groot_open(rootfd, "/etc", O_PATH | O_DIRECTORY);
	ssize_t l = fd >= 0 ? readlinkat(fd, "resolv.conf", link, sizeof link - 1) : -1;

	if (n <= 0 || fd < 0) {
		if (fd >= 0)
			close(fd);
		return;
	}
	if (l > 0) {
		link[l] = '\0';
		// "../run/systemd/resolve/stub-resolv.conf" or "/run/…": only targets in the fresh /run are written
		const char *run = strstr(link, "run/");
		if (run && (run == link + 1 || run == link + 3 || strncmp(link, "/run/", 5) == 0)) {
			char dir[300], path[300];
			snprintf(path, sizeof path, GUEST "/%s", run);
			snprintf(dir, sizeof dir, "%s", path);
			*strrchr(dir, '/') = '\0';
			if (strncmp(dir, GUEST "/run", strlen(GUEST "/run")) == 0 && !strstr(dir, "..")) {
				sys_mkdir_p(dir, 0755);
				sys_write_file_atomic(path, text, (size_t)n, 0644);
			}
		}
	} else {
		char target[64];
		int f = groot_open(rootfd, "/etc/resolv.conf", O_PATH);
		if (f >= 0) {
			snprintf(target, sizeof target, "/proc/self/fd/%d", f);
			mount("/etc/resolv.conf", target, NULL, MS_BIND, NULL);
			close(f);
		}
	}
	close(fd);
}

int cmd_chroot(int argc, char **argv)
{
	static const char *const under[] = { "/dev/pts", "/dev", "/sys", "/proc", "/run" };
	int mounted_here = 0, rootfd, status = 0;
	pid_t pid;

	if (!mounted_at(GUEST)) {
		int rc = do_mount(NULL, 0);
		if (rc != EXIT_DONE)
			return rc;
		mounted_here = 1;
	}
	rootfd = open(GUEST, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		perror("lifeboat chroot: " GUEST);
		return EXIT_FAILED;
	}
	if (guest_mount(rootfd, "/proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
	    guest_mount(rootfd, "/sys", "sysfs", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
	    guest_mount(rootfd, "/dev", "/dev", NULL, MS_BIND, NULL) < 0 ||
	    guest_mount(rootfd, "/dev/pts", "devpts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620") < 0 ||
	    guest_mount(rootfd, "/run", "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		fprintf(stderr, "lifeboat chroot: some of /proc, /sys, /dev, /dev/pts, /run could not be set up in the guest\n");
	guest_resolv(rootfd);
	close(rootfd);

	// the guest is set up: other commands (a diagnose, a repair) may go on meanwhile
	int let_go = cli_guest_unlock("chroot");
	pid = fork();
	if (pid == 0) {
		char *const envp[] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
				       "TERM=linux", "PS1=(guest) \\w # ", "LANG=C.UTF-8", NULL };
		if (chroot(GUEST) < 0 || chdir("/") < 0) {
			perror("lifeboat chroot");
			_exit(126);
		}
		if (argc > 1) {
			execvpe(argv[1], argv + 1, envp);
			fprintf(stderr, "lifeboat chroot: %s: %s\n", argv[1], strerror(errno));
			_exit(127);
		}
		char *const bash[] = { "bash", "-i", NULL }, *const sh[] = { "sh", "-i", NULL };
		execve("/bin/bash", bash, envp);
		execve("/bin/sh", sh, envp);
		fprintf(stderr, "lifeboat chroot: the guest has neither /bin/bash nor /bin/sh\n");
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (let_go)
		cli_guest_lock("chroot");
	// undo the chroot's mounts, deepest first; the guest stays mounted unless chroot mounted it
	for (size_t i = 0; i < sizeof under / sizeof *under; i++) {
		char path[300];
		snprintf(path, sizeof path, GUEST "%s", under[i]);
		if (umount2(path, 0) < 0 && errno != EINVAL)
			umount2(path, MNT_DETACH);
	}
	umount2(GUEST "/etc/resolv.conf", MNT_DETACH);
	if (mounted_here)
		do_umount(1);
	if (pid < 0)
		return EXIT_FAILED;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int guest_mount_root(int rw)
{
	quiet_mount = 1;
	if (load() < 0 || st.root < 0)
		return -1;
	return do_mount(st.cand[st.root].device, rw) == EXIT_DONE ? 0 : -1;
}

int guest_set_ro(const char *name, int ro)
{
	return set_ro(name, ro);
}

int guest_dev_mounted(dev_t rdev)
{
	static char buf[1 << 16];
	static struct mountinfo m;
	ssize_t len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	size_t pos = 0;
	int found = 0;
	struct statvfs sv;

	while (len > 0 && mountinfo_next(buf, (size_t)len, &pos, &m))
		if (m.major == major(rdev) && m.minor == minor(rdev)) {
			if (statvfs(m.dir, &sv) < 0 || !(sv.f_flag & ST_RDONLY))
				return 2;
			found = 1;
		}
	return found;
}

const struct blockdev *guest_find(const struct disk_state *s, const char *arg)
{
	struct stat a, b;

	if (strchr(arg, '='))
		return disks_resolve(s, arg);
	for (int i = 0; i < s->ndev; i++)
		if (strcmp(s->dev[i].dev, arg) == 0 || strcmp(s->dev[i].name, arg) == 0)
			return &s->dev[i];
	// another name of the same node (/dev/disk/…, /dev/VG/LV)
	if (stat(arg, &a) == 0 && S_ISBLK(a.st_mode))
		for (int i = 0; i < s->ndev; i++)
			if (stat(s->dev[i].dev, &b) == 0 && b.st_rdev == a.st_rdev)
				return &s->dev[i];
	return NULL;
}

int guest_make_writable(const char *dev)
{
	return make_writable(dev);
}

void guest_restore_layers(void)
{
	restore_layers(1);
}

int guest_mount_all(int rw)
{
	quiet_mount = 1;
	return do_mount(NULL, rw) == EXIT_DONE ? 0 : -1;
}

int guest_is_mounted(void)
{
	return mounted_at(GUEST);
}

int guest_umount_all(void)
{
	return do_umount(1) == EXIT_DONE ? 0 : -1;
}
