/* The parts every repair shares: confirmation, atomic edits and backups inside
 * the guest's tree (never out of it: openat2 RESOLVE_IN_ROOT), the audit log. */
#define _GNU_SOURCE
#include "repair.h"
#include "cli.h"
#include "guest.h"
#include "../disk/disks.h"
#include "../disk/groot.h"
#include "../disk/ioerr.h"
#include "../lib/json.h"
#include "../lib/paths.h"
#include "../lib/sha256.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define AUDIT_LINE_MAX 32768

int repair_options(int argc, char **argv, struct fix_opts *o, char **rest, int max)
{
	int n = 0;

	o->yes = o->json = 0;
	for (int i = 1; i < argc && n < max; i++) {
		if (strcmp(argv[i], "--yes") == 0)
			o->yes = 1;
		else if (strcmp(argv[i], "--json") == 0)
			o->json = 1;
		else
			rest[n++] = argv[i];
	}
	return n;
}

int repair_confirmed(const struct fix_opts *o, const char *word)
{
	char line[160], want[160];

	if (o->yes && !word)
		return 1;
	if (!isatty(0)) {
		fprintf(stderr, "lifeboat: nothing done: %s\n",
			word ? "this needs the device's name typed on a terminal" : "add --yes to act");
		return 0;
	}
	snprintf(want, sizeof want, "%s\n", word ? word : "yes");
	fprintf(stderr, "type %s to go ahead: ", word ? word : "yes");
	if (!fgets(line, sizeof line, stdin) || strcmp(line, want) != 0) {
		fprintf(stderr, "nothing done\n");
		return 0;
	}
	return 1;
}

void repair_hex(const char *data, size_t len, char out[65])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_hex(&s, out);
}

void repair_file_hex(int rootfd, const char *path, char out[65])
{
	char buf[65536];
	struct sha256 s;
	struct stat st;
	ssize_t n;
	int fd = groot_open(rootfd, path, O_RDONLY | O_NOFOLLOW);

	out[0] = '\0';
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		sha256_init(&s);
		while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
			if (n > 0)
				sha256_update(&s, buf, (size_t)n);
		if (n == 0)
			sha256_hex(&s, out);
	}
	close(fd);
}

void repair_audit(int rootfd, const struct plan *p)
{
	static char buf[AUDIT_LINE_MAX];
	struct json j;
	int fd, wrote = 0;

	json_init(&j, buf, sizeof buf - 1);
	plan_json(p, (long long)time(NULL), &j);
	if (!json_finish(&j))
		return;
	strcat(buf, "\n");
	if ((fd = open(REPAIR_AUDIT, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0) {
		sys_write_all(fd, buf, strlen(buf));
		close(fd);
	}
	for (int i = 0; i < p->nfile; i++)
		wrote |= strcmp(p->file[i].before, p->file[i].after) != 0;
	if (rootfd >= 0 && wrote && (fd = groot_open(rootfd, REPAIR_GUEST_LOG, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW)) >= 0) {
		sys_write_all(fd, buf, strlen(buf));
		fsync(fd);
		close(fd);
	}
}

/* The directory part of path and its last name. -1 when path has no parent or name. */
static int split_path(const char *path, char *dir, size_t dsize, const char **name)
{
	const char *slash = strrchr(path, '/');

	if (!slash || !slash[1] || (size_t)(slash - path) + 2 > dsize)
		return -1;
	if (slash == path)
		strcpy(dir, "/");
	else
		snprintf(dir, dsize, "%.*s", (int)(slash - path), path);
	*name = slash + 1;
	return 0;
}

/* Temporary files of an earlier replace of NAME that a power cut left behind
 * (".NAME.lifeboat-PID": the file itself is then the old or the new one): gone. */
static void sweep_stale(int dfd, const char *name)
{
	char prefix[300];
	size_t n = (size_t)snprintf(prefix, sizeof prefix, ".%s.lifeboat-", name);
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	struct stat sb;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d))) {
		const char *pid = e->d_name + n;
		if (n >= sizeof prefix || strncmp(e->d_name, prefix, n) != 0 || !*pid || strspn(pid, "0123456789") != strlen(pid))
			continue;
		if (fstatat(dfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode))
			unlinkat(dfd, e->d_name, 0);
	}
	closedir(d);
}

int repair_replace(int rootfd, const char *path, const char *data, size_t len, const struct stat *like)
{
	char dir[256], tmp[300];
	const char *name;
	int dfd, fd, err = 0;

	if (split_path(path, dir, sizeof dir, &name) < 0)
		return -EINVAL;
	if ((dfd = groot_open(rootfd, dir, O_RDONLY | O_DIRECTORY)) < 0)
		return dfd;
	sweep_stale(dfd, name);
	snprintf(tmp, sizeof tmp, ".%s.lifeboat-%d", name, (int)getpid());
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		close(dfd);
		return err;
	}
	if (fchown(fd, like->st_uid, like->st_gid) < 0 || fchmod(fd, like->st_mode & 07777) < 0 ||
	    sys_write_all(fd, data, len) < 0 || fsync(fd) < 0)
		err = errno ? -errno : -EIO;
	close(fd);
	if (!err && renameat(dfd, tmp, dfd, name) < 0)
		err = -errno;
	if (err)
		unlinkat(dfd, tmp, 0);
	else
		fsync(dfd);
	close(dfd);
	return err;
}

/* One stamp per run, so a repair's backups sit together. */
static const char *stamp(void)
{
	static char s[32];

	if (!s[0]) {
		time_t now = time(NULL);
		struct tm tm;
		strftime(s, sizeof s, "%Y%m%dT%H%M%SZ", gmtime_r(&now, &tm));
	}
	return s;
}

int repair_mkdirs(int rootfd, const char *dir, mode_t mode)
{
	char part[300];

	for (const char *p = dir + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		snprintf(part, sizeof part, "%.*s", (int)(p - dir), dir);
		int fd = groot_open(rootfd, part, O_PATH | O_DIRECTORY);
		if (fd >= 0)
			close(fd);
		else {
			char parent[300];
			const char *name;
			if (split_path(part, parent, sizeof parent, &name) < 0)
				return -EINVAL;
			int pfd = groot_open(rootfd, parent, O_PATH | O_DIRECTORY);
			if (pfd < 0)
				return pfd;
			int err = mkdirat(pfd, name, mode) < 0 && errno != EEXIST ? -errno : 0;
			close(pfd);
			if (err)
				return err;
		}
		if (!*p)
			return 0;
	}
}

static int backup_name(const char *path, int beside, char *out, size_t size)
{
	size_t n = beside ? (size_t)snprintf(out, size, "%s.lifeboat-%s", path, stamp())
			  : (size_t)snprintf(out, size, REPAIR_BACKUPS "/%s%s", stamp(), path);
	return n < size ? 0 : -ENAMETOOLONG;
}

int repair_backup(int rootfd, const char *path, int beside, char *out, size_t size)
{
	char dir[300], buf[65536];
	const char *name;
	struct stat st;
	int in, o, err = 0;
	ssize_t n;

	if (backup_name(path, beside, out, size) < 0 || split_path(out, dir, sizeof dir, &name) < 0)
		return -ENAMETOOLONG;
	if ((in = groot_open(rootfd, path, O_RDONLY | O_NOFOLLOW)) < 0)
		return in;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		return -EINVAL;
	}
	if ((err = repair_mkdirs(rootfd, dir, 0700)) < 0 || (o = groot_open(rootfd, out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW)) < 0) {
		close(in);
		return err < 0 ? err : -EEXIST;
	}
	while (!err && (n = read(in, buf, sizeof buf)) != 0)
		if (n < 0 ? errno != EINTR : sys_write_all(o, buf, (size_t)n) < 0)
			err = -EIO;
	if (!err && (fchown(o, st.st_uid, st.st_gid) < 0 || fchmod(o, st.st_mode & 07777) < 0 || fsync(o) < 0))
		err = -errno;
	close(in);
	close(o);
	return err;
}

int repair_set_aside(int rootfd, const char *path, char *out, size_t size)
{
	char dir[300], from_dir[300];
	const char *name, *from_name;
	int err, a, b;

	if (backup_name(path, 0, out, size) < 0 || split_path(out, dir, sizeof dir, &name) < 0 ||
	    split_path(path, from_dir, sizeof from_dir, &from_name) < 0)
		return -ENAMETOOLONG;
	if ((err = repair_mkdirs(rootfd, dir, 0700)) < 0)
		return err;
	if ((a = groot_open(rootfd, from_dir, O_PATH | O_DIRECTORY)) < 0)
		return a;
	if ((b = groot_open(rootfd, dir, O_PATH | O_DIRECTORY)) < 0) {
		close(a);
		return b;
	}
	// both names resolved inside the guest: rename moves the entry itself, a symlink as a symlink
	err = renameat(a, from_name, b, name) < 0 ? -errno : 0;
	if (!err) {
		fsync(a);
		fsync(b);
	}
	close(a);
	close(b);
	return err;
}

void repair_device(char *out, size_t size)
{
	FILE *f = fopen("/proc/self/mounts", "r");

	out[0] = '\0';
	for (char l[512]; f && fgets(l, sizeof l, f);) {
		char dev[256], dir[256];
		if (sscanf(l, "%255s %255s", dev, dir) == 2 && strcmp(dir, GUEST_ROOT) == 0)
			text_copy(out, size, dev);
	}
	if (f)
		fclose(f);
}

int repair_selinux(int rootfd)
{
	char cfg[4096];

	if (groot_read(rootfd, "/etc/selinux/config", cfg, sizeof cfg) <= 0)
		return 0;
	for (char *l = cfg; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, "SELINUX=", 8) == 0)
			return strncmp(l + 8, "disabled", 8) != 0;
	return 0;
}

int repair_run(char *const argv[], int echo, char *tail, size_t size)
{
	int p[2], status;
	size_t got = 0;
	pid_t pid;

	fflush(stdout);
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execv(argv[0], argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[1]);
	tail[0] = '\0';
	for (;;) {
		char chunk[4096];
		ssize_t n = read(p[0], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (echo)
			sys_write_all(1, chunk, (size_t)n);
		// keep the end: what a checker says last is its verdict
		if ((size_t)n >= size - 1) {
			memcpy(tail, chunk + n - (ssize_t)(size - 1), size - 1);
			got = size - 1;
		} else {
			if (got + (size_t)n > size - 1) {
				size_t drop = got + (size_t)n - (size - 1);
				memmove(tail, tail + drop, got - drop);
				got -= drop;
			}
			memcpy(tail + got, chunk, (size_t)n);
			got += (size_t)n;
		}
		tail[got] = '\0';
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int repair_kmsg_open(int from_start)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && !from_start && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void repair_kmsg_ioerr(int fd, struct ioerr_tally *t, const char *only)
{
	static char rec[8192];

	while (fd >= 0) {
		ssize_t n = read(fd, rec, sizeof rec - 1);
		if (n < 0 && (errno == EINTR || errno == EPIPE))	/* EPIPE: records were overwritten; go on */
			continue;
		if (n <= 0)
			break;
		// "PRIO,SEQ,USEC,FLAGS;message\n" and " KEY=value" lines after it
		const char *msg = memchr(rec, ';', (size_t)n), *end;
		if (!msg)
			continue;
		msg++;
		end = memchr(msg, '\n', (size_t)(rec + n - msg));
		ioerr_add(t, msg, (size_t)((end ? end : rec + n) - msg), only);
	}
}

void repair_show(const struct plan *p, const struct fix_opts *o)
{
	static char buf[PLAN_STEPS * 600];

	if (!o->json && plan_text(p, buf, sizeof buf) > 0)
		fputs(buf, stdout);
	// before a change is confirmed: how to keep a copy first
	if (!o->json && !o->yes && strcmp(p->result, "planned") == 0)
		backup_hint(p->device);
	fflush(stdout);
}

int repair_finish(const struct plan *p, const struct fix_opts *o, int rc)
{
	static char buf[AUDIT_LINE_MAX];
	struct json j;

	if (o->json) {
		json_init(&j, buf, sizeof buf);
		plan_json(p, -1, &j);
		if (json_finish(&j))
			printf("%s\n", buf);
	} else {
		fprintf(rc == 0 ? stdout : stderr, "%s: %s%s%s\n", p->command, p->result, p->message[0] ? ": " : "",
			p->message);
	}
	return rc;
}

static int mount_guest(const struct repair *r, int rw)
{
	return r->all ? guest_mount_all(rw) : guest_mount_root(rw);
}

/* One pass with the guest mounted (rw for apply); the guest unmounted after. */
static int drive_pass(const struct repair *r, void *ctx, struct plan *p, int apply)
{
	char device[128];
	int rootfd, n;

	if (mount_guest(r, apply) < 0) {
		plan_end(p, "failed", "the guest could not be mounted%s", apply ? " read-write" : "");
		return -EXIT_FAILED;
	}
	repair_device(device, sizeof device);
	plan_init(p, r->command, device);
	rootfd = open(GUEST_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	n = rootfd >= 0 ? r->pass(ctx, rootfd, p, apply) : -EXIT_FAILED;
	if (rootfd < 0)
		plan_end(p, "failed", GUEST_ROOT ": %s", strerror(errno));
	if (apply) {
		if (n >= 0 && strcmp(p->result, "planned") == 0)
			plan_end(p, "done", NULL);
		repair_audit(rootfd, p);
	}
	if (rootfd >= 0)
		close(rootfd);
	guest_umount_all();
	return n;
}

static int json_running;	/* a --json repair: tools' output must not reach stdout */

int repair_chroot(char **cmd)
{
	int n = 0, saved = json_running ? dup(1) : -1, rc;

	while (cmd[n])
		n++;
	fflush(stdout);
	if (saved >= 0)
		dup2(2, 1);
	rc = cmd_chroot(n, cmd);
	fflush(stdout);
	if (saved >= 0) {
		dup2(saved, 1);
		close(saved);
	}
	return rc;
}

int repair_drive(const struct repair *r, void *ctx, const struct fix_opts *o)
{
	static struct plan p;
	int n;

	json_running = o->json;
	plan_init(&p, r->command, NULL);
	if (guest_is_mounted()) {
		plan_end(&p, "refused", "something is mounted at " GUEST_ROOT "; lifeboat umount first");
		return repair_finish(&p, o, EXIT_REFUSED);
	}
	if ((n = drive_pass(r, ctx, &p, 0)) < 0) {
		repair_show(&p, o);
		return repair_finish(&p, o, -n);
	}
	if (n == 0) {
		if (strcmp(p.result, "planned") == 0)
			plan_end(&p, "nothing to do", "%s", r->nothing);
		repair_show(&p, o);
		return repair_finish(&p, o, EXIT_DONE);
	}
	repair_show(&p, o);
	if (r->shown)
		r->shown(ctx, o);
	if (!repair_confirmed(o, NULL)) {
		plan_end(&p, "needs confirmation", "nothing done: add --yes to act");
		return repair_finish(&p, o, EXIT_NEEDS_CONFIRMATION);
	}
	n = drive_pass(r, ctx, &p, 1);
	return repair_finish(&p, o, n < 0 ? -n : strcmp(p.result, "done") == 0 ? EXIT_DONE : EXIT_FAILED);
}

/* PID 1 looks at the disks again (a "change" event for dev), so that what a
 * repair made recognisable again, a filesystem or the guest's root, is what
 * `lifeboat disks` and `lifeboat mount` see next. Waits for the new state. */
int repair_rescan(const char *dev)
{
	struct stat sb, before, now;
	char path[64];

	if (stat(dev, &sb) < 0 || !S_ISBLK(sb.st_mode))
		return -1;
	if (stat(DISKS_STATE, &before) < 0)
		before.st_ino = 0;
	snprintf(path, sizeof path, "/sys/dev/block/%u:%u/uevent", major(sb.st_rdev), minor(sb.st_rdev));
	if (sys_write_str(path, "change") < 0)
		return -1;
	// PID 1 waits for such news to settle (half a second), then publishes the state anew
	for (long long end = sys_now_ms() + RESCAN_WAIT_MS; sys_now_ms() < end;) {
		struct timespec tick = { 0, 50 * 1000 * 1000 };
		nanosleep(&tick, NULL);
		if (stat(DISKS_STATE, &now) == 0 && now.st_ino != before.st_ino)
			return 0;
	}
	return -1;
}
