/* lifeboat backup [--json] [--all] [--level N] DEVICE|root: the device as a
 * backup stream on standard output (init/backup/lbk.h), read-only, leaving out
 * the chunks its filesystem does not use when the filesystem was left clean;
 * lifeboat backup --verify FILE|-: a stream checked to its end;
 * lifeboat restore [--yes] [--json] DEVICE: a stream from standard input
 * written onto a device that is not mounted and large enough, each frame
 * checked before it is written, then read back and its SHA-256 compared. */
#define _GNU_SOURCE
#include "cli.h"
#include "guest.h"
#include "repair.h"
#include "../backup/apply.h"
#include "../backup/stream.h"
#include "../backup/usedmap.h"
#include "../diag/fsstate.h"
#include "../disk/disks.h"
#include "../lib/json.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DUMPE2FS "/sbin/dumpe2fs"
#define XFS_DB "/sbin/xfs_db"
#define CHUNK (1u << 20)
#define LEVEL 3

static unsigned char chunk_buf[CHUNK], frame_buf[LBK_WRITER_OUT], head_buf[LBK_HEADER_MAX];

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Progress on stderr: a line rewritten in place on a terminal, a line every ten
 * seconds elsewhere, a JSON object every two seconds with --json. */
struct progress {
	const char *what;	/* "backup", "restore", "verify" */
	int json, tty;
	double start, last;
};

static void progress_init(struct progress *p, const char *what, int json)
{
	p->what = what;
	p->json = json;
	p->tty = isatty(2);
	p->start = p->last = now_s();
}

static void progress_show(void *ctx, unsigned long long at, unsigned long long total)
{
	struct progress *p = ctx;
	double t = now_s(), el = t - p->start;
	double every = p->json ? 2 : p->tty ? 0.5 : 10;
	char done[32], all[32];

	if (t - p->last < every && at < total)
		return;
	p->last = t;
	double rate = el > 0 ? (double)at / el : 0;
	long long eta = rate > 0 ? (long long)((double)(total - at) / rate) : -1;
	if (p->json) {
		fprintf(stderr, "{\"event\":\"progress\",\"command\":\"%s\",\"bytes\":%llu,\"total\":%llu,"
			"\"bytes_per_s\":%.0f,\"eta_s\":%lld}\n", p->what, at, total, rate, eta);
		return;
	}
	lbk_size_text(at, done, sizeof done);
	lbk_size_text(total, all, sizeof all);
	fprintf(stderr, "%slifeboat %s: %s of %s (%d%%), %.1f MiB/s, %lld s left%s", p->tty ? "\r" : "", p->what, done,
		all, total ? (int)(at * 100 / total) : 100, rate / (1 << 20), eta < 0 ? 0 : eta, p->tty ? "  " : "\n");
}

static void progress_end(struct progress *p)
{
	if (p->tty && !p->json)
		fputc('\n', stderr);
}

/* Run argv with its stdout read a line at a time into the map. Its exit status, or -errno. */
static int map_from(char *const argv[], struct usedmap *m, int (*line)(struct usedmap *, const char *))
{
	static char buf[1 << 16];
	int fds[2], status, null;
	size_t fill = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(fds[1], 1);
		dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n = read(fds[0], buf + fill, sizeof buf - 1 - fill);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		fill += (size_t)n;
		buf[fill] = '\0';
		char *l = buf, *nl;
		while ((nl = strchr(l, '\n'))) {
			*nl = '\0';
			line(m, l);
			l = nl + 1;
		}
		fill = (size_t)(buf + fill - l);
		memmove(buf, l, fill);
		if (fill == sizeof buf - 1) {	/* a line longer than the buffer: not a list either tool writes */
			line(m, "\x01");
			fill = 0;
		}
	}
	if (fill) {
		buf[fill] = '\0';
		line(m, buf);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int read_at(int fd, unsigned long long off, unsigned char *buf, size_t len)
{
	return lbk_io(fd, buf, len, (long long)off, 0);
}

static int read_dev(void *ctx, unsigned long long off, unsigned char *out, size_t len)
{
	return read_at(*(int *)ctx, off, out, len) < 0 ? -1 : 0;
}

/* The map of what the filesystem on dev (open as fd) uses, when it can be trusted:
 * ext2/3/4 and XFS left clean (a journal or log still to replay may hold
 * allocations the free lists do not show yet). *how says what was done. 0 with a
 * map, -1 without (every chunk is read; zero chunks are still left out). whole: dev is a whole disk. */
static int used_map(const char *dev, int fd, const char *type, int whole, struct usedmap *m, char *how, size_t size)
{
	unsigned char sb[1024];
	int rc;

	if (strncmp(type, "ext", 3) == 0 && type[3] >= '2' && type[3] <= '4' && !type[4]) {
		struct fsstate_ext e;
		if (read_at(fd, FSSTATE_EXT_SB_OFFSET, sb, sizeof sb) < 0 || fsstate_ext(sb, sizeof sb, &e) < 0)
			return snprintf(how, size, "every block (its superblock does not read)"), -1;
		if (e.needs_recovery || e.errors || !e.clean)
			return snprintf(how, size, "every block (the filesystem %s)",
					e.needs_recovery ? "has a journal to replay" : "has errors recorded"), -1;
		char *argv[] = { DUMPE2FS, (char *)dev, NULL };
		if ((rc = map_from(argv, m, usedmap_dumpe2fs_line)) != 0 || usedmap_finish(m) < 0)
			return snprintf(how, size, "every block (dumpe2fs: %s)", rc ? "it failed" : m->why), -1;
		snprintf(how, size, "the blocks ext4 uses (dumpe2fs's free-block lists)");
		return 0;
	}
	if (strcmp(type, "xfs") == 0) {
		struct fsstate_xfs x;
		unsigned long long head;
		char why[128];
		if (read_at(fd, 0, sb, 512) < 0 || fsstate_xfs(sb, 512, &x) < 0)
			return snprintf(how, size, "every block (its superblock does not read)"), -1;
		if (fsstate_xfs_log(&x, read_dev, &fd, &head, why, sizeof why) != FSSTATE_LOG_CLEAN)
			return snprintf(how, size, "every block (its log is not clean: a mount would replay it)"), -1;
		usedmap_xfs_geometry(m, x.blocksize, x.agblocks);
		char *argv[] = { XFS_DB, "-r", "-c", "freesp -d", (char *)dev, NULL };
		if ((rc = map_from(argv, m, usedmap_freesp_line)) != 0 || usedmap_finish(m) < 0)
			return snprintf(how, size, "every block (xfs_db: %s)", rc ? "it failed" : m->why), -1;
		snprintf(how, size, "the blocks XFS uses (xfs_db's free extents)");
		return 0;
	}
	snprintf(how, size, "every block (%s)", type[0] ? "no free-space map for this filesystem"
			 : whole ? "a whole disk" : "no filesystem lifeboat knows");
	return -1;
}

static const struct blockdev *pick(const struct disk_state *st, const char *what, const char *arg)
{
	const struct blockdev *d;

	if (strcmp(arg, "root") == 0) {
		if (st->root < 0) {
			fprintf(stderr, "lifeboat %s: no root was chosen: %s\nName the device: lifeboat %s DEVICE\n", what,
				st->why, what);
			return NULL;
		}
		arg = st->cand[st->root].device;
	}
	if (!(d = guest_find(st, arg)))
		fprintf(stderr, "lifeboat %s: %s names no device here (see lifeboat disks)\n", what, arg);
	return d;
}

static int verify(const char *file, int json)
{
	static char text[1024];
	struct lbk_apply a = { .zeros = LBK_ZEROS_NONE };
	struct progress p;
	char sum[65];
	int in = strcmp(file, "-") == 0 ? 0 : open(file, O_RDONLY | O_CLOEXEC), rc;

	if (in < 0) {
		fprintf(stderr, "lifeboat backup --verify: %s: %s\n", file, strerror(errno));
		return EXIT_USAGE;
	}
	progress_init(&p, "verify", json);
	a.progress = isatty(2) || json ? progress_show : NULL;
	a.ctx = &p;
	rc = lbk_apply_header(&a, in) == 0 && lbk_apply_frames(&a, in) == 0 ? 0 : -1;
	if (a.progress)
		progress_end(&p);
	if (json) {
		struct json j;
		json_init(&j, text, sizeof text);
		json_begin_object(&j);
		json_key(&j, "result"), json_string(&j, rc == 0 ? "verified" : "failed");
		json_key(&j, "file"), json_string(&j, file);
		json_key(&j, "source"), json_string(&j, a.h.source);
		json_key(&j, "bytes"), json_int(&j, (long long)a.h.bytes);
		json_key(&j, "fs"), json_string(&j, a.h.fs);
		json_key(&j, "uuid"), json_string(&j, a.h.uuid);
		json_key(&j, "created"), json_int(&j, a.h.created);
		json_key(&j, "stream_bytes"), json_int(&j, (long long)a.stream_bytes);
		sha256_digest_hex(a.digest, sum);
		json_key(&j, "sha256"), json_string(&j, rc == 0 ? sum : NULL);
		json_key(&j, "error"), json_string(&j, rc == 0 ? NULL : a.why);
		json_end_object(&j);
		if (json_finish(&j))
			printf("%s\n", text);
		return rc == 0 ? EXIT_DONE : EXIT_FAILED;
	}
	if (a.h.bytes) {
		lbk_apply_describe(&a.h, text, sizeof text);
		printf("%s: a lifeboat backup\n%s", file, text);
	}
	if (rc < 0) {
		fprintf(stderr, "lifeboat backup --verify: %s is damaged: %s; the source's bytes up to %llu checked out\n",
			file, a.why, a.at);
		return EXIT_FAILED;
	}
	sha256_digest_hex(a.digest, sum);
	printf("  verified  every frame, and the SHA-256 of all %llu bytes: %s\n", a.h.bytes, sum);
	return EXIT_DONE;
}

/* How the customer's machine reaches this one over SSH: "root@ADDR" or "-p PORT root@ADDR",
 * from the SSH connection this runs in, else PID 1's status (a link's first address). */
static void reach(char *out, size_t size)
{
	static char buf[65536];
	const char *conn = getenv("SSH_CONNECTION"), *p;
	char addr[64] = "THIS-HOST";
	long port = 22;

	if (!(conn && sscanf(conn, "%*s %*s %63s %ld", addr, &port) == 2) &&
	    sys_read_file(LB_STATUS_JSON, buf, sizeof buf) > 0) {
		if ((p = strstr(buf, "\"addresses\":[\"")) && sscanf(p + 14, "%63[^/\"]", addr) != 1)
			text_copy(addr, sizeof addr, "THIS-HOST");
		if ((p = strstr(buf, "\"ssh\":{")) && (p = strstr(p, "\"port\":")))
			port = strtol(p + 7, NULL, 10);
	}
	if (port != 22 && port > 0)
		snprintf(out, size, "-p %ld root@%s", port, addr);
	else
		snprintf(out, size, "root@%s", addr);
}

/* A file name for a backup of dev: "vda1-20261202.lbk". */
static void file_name(const char *dev, char *out, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	char day[16] = "backup";
	const char *base = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;

	if (gmtime_r(&t, &tm))
		strftime(day, sizeof day, "%Y%m%d", &tm);
	snprintf(out, size, "%s-%s.lbk", base, day);
}

void backup_hint(const char *dev)
{
	char host[96], file[96];

	if (strncmp(dev, "/dev/", 5) != 0)
		return;
	reach(host, sizeof host);
	file_name(dev, file, sizeof file);
	printf("back up first? From your own machine: ssh %s lifeboat backup %s > %s\n", host, dev, file);
}

/* lifeboat backup --how: the exact commands, for the root and each disk. */
static int how_to(void)
{
	static struct disk_state st;
	char host[96], file[96], size_text[32];
	int any = 0;

	reach(host, sizeof host);
	printf("A backup streams over SSH to your own machine; run these there, not here:\n");
	if (disks_load(&st) == 0) {
		if (st.root >= 0) {
			const struct blockdev *r = guest_find(&st, st.cand[st.root].device);
			file_name(r ? r->dev : "root", file, sizeof file);
			lbk_size_text(r ? r->bytes : 0, size_text, sizeof size_text);
			printf("  ssh %s lifeboat backup root > %s\n      the guest's root, %s (%s, %s)\n", host, file,
			       st.cand[st.root].device, st.cand[st.root].type, size_text);
			any = 1;
		}
		for (int i = 0; i < st.ndev; i++) {
			const struct blockdev *d = &st.dev[i];
			if (d->partition || d->parent[0] || d->removable || strncmp(d->name, "loop", 4) == 0 ||
			    strncmp(d->name, "dm-", 3) == 0 || strncmp(d->name, "md", 2) == 0 || strcmp(d->type, "iso9660") == 0 ||
			    strcmp(d->role, "config drive") == 0)
				continue;
			file_name(d->dev, file, sizeof file);
			lbk_size_text(d->bytes, size_text, sizeof size_text);
			printf("  ssh %s lifeboat backup %s > %s\n      the whole disk, %s, every partition on it\n", host,
			       d->dev, file, size_text);
			any = 1;
		}
	}
	if (!any)
		printf("  ssh %s lifeboat backup DEVICE > backup.lbk\n", host);
	printf("Blocks the filesystem does not use are left out when it was left clean; the stream is checked\n"
	       "end to end. Check a copy: lifeboat-backup verify FILE (make tools), or here: lifeboat backup --verify - < FILE\n"
	       "Put it back: ssh %s lifeboat restore --yes DEVICE < FILE\n", host);
	return EXIT_DONE;
}

static int backup_usage(void)
{
	fprintf(stderr, "usage: lifeboat backup [--json] [--all] [--level N] DEVICE|root > FILE\n"
			"       lifeboat backup --verify FILE|-\n"
			"       lifeboat backup --how\n");
	return EXIT_USAGE;
}

int cmd_backup(int argc, char **argv)
{
	static struct disk_state st;
	static unsigned char bits[1 << 20];
	const char *target = NULL, *check = NULL, *why = NULL;
	int json = 0, all = 0, level = LEVEL, fd;
	char how[160], sum[65], size_text[32], stream_text[32];
	struct lbk_header h;
	struct lbk_writer w;
	struct usedmap m;
	struct progress p;
	unsigned long long bytes, read_bytes = 0;
	struct stat sb;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--all") == 0)
			all = 1;
		else if (strcmp(argv[i], "--how") == 0 && argc == 2)
			return how_to();
		else if (strcmp(argv[i], "--verify") == 0 && i + 1 < argc)
			check = argv[++i];
		else if (strcmp(argv[i], "--level") == 0 && i + 1 < argc) {
			char *end;
			level = (int)strtol(argv[++i], &end, 10);
			if (*end || level < 1 || level > 19)
				return backup_usage();
		} else if (argv[i][0] == '-' || target)
			return backup_usage();
		else
			target = argv[i];
	}
	if (check)
		return target ? backup_usage() : verify(check, json);
	if (!target)
		return backup_usage();
	if (isatty(1)) {
		fprintf(stderr, "lifeboat backup: the backup is a binary stream: send it to a file, from your own "
				"machine: ssh root@THIS-HOST lifeboat backup %s > backup.lbk\n", target);
		return EXIT_USAGE;
	}
	if (disks_load(&st) < 0) {
		fprintf(stderr, "lifeboat backup: no disk state yet; is lifeboat's PID 1 still finding the disks?\n");
		return EXIT_FAILED;
	}
	const struct blockdev *d = pick(&st, "backup", target);
	if (!d)
		return EXIT_USAGE;
	cli_guest_lock("backup");	/* no repair writes to it while it is read */
	if (stat(d->dev, &sb) < 0 || !S_ISBLK(sb.st_mode)) {
		fprintf(stderr, "lifeboat backup: %s is not a block device\n", d->dev);
		return EXIT_FAILED;
	}
	if (guest_dev_mounted(sb.st_rdev) == 2) {
		fprintf(stderr, "lifeboat backup: %s is mounted read-write: its copy would not hold together; "
				"lifeboat umount first\n", d->dev);
		return EXIT_REFUSED;
	}
	if ((fd = open(d->dev, O_RDONLY | O_CLOEXEC)) < 0 || ioctl(fd, BLKGETSIZE64, &bytes) < 0) {
		fprintf(stderr, "lifeboat backup: %s: %s\n", d->dev, strerror(errno));
		return EXIT_FAILED;
	}
	if (bytes == 0 || usedmap_bits(bytes, CHUNK) > sizeof bits) {
		fprintf(stderr, "lifeboat backup: %s: %llu bytes is not a size lifeboat backs up\n", d->dev, bytes);
		return EXIT_FAILED;
	}
	memset(&h, 0, sizeof h);
	h.version = LBK_VERSION;
	text_copy(h.source, sizeof h.source, d->dev);
	h.bytes = bytes;
	if (d->type[0] && strcmp(d->type, "LVM2_member") != 0 && strcmp(d->type, "linux_raid_member") != 0 &&
	    strcmp(d->type, "crypto_LUKS") != 0 && !d->pttype[0])
		text_copy(h.fs, sizeof h.fs, d->type);
	text_copy(h.uuid, sizeof h.uuid, h.fs[0] ? d->uuid : "");
	h.created = (long long)time(NULL);
	h.chunk = CHUNK;
	usedmap_init(&m, bytes, CHUNK, bits);
	int mapped = all ? (snprintf(how, sizeof how, "every block (--all)"), -1)
			 : used_map(d->dev, fd, h.fs, !d->partition && !d->parent[0], &m, how, sizeof how);
	signal(SIGPIPE, SIG_IGN);	/* a reader that goes away is an error to report */
	int hl = lbk_writer_start(&w, &h, level, head_buf, sizeof head_buf, &why);
	if (hl < 0) {
		fprintf(stderr, "lifeboat backup: %s\n", why);
		return EXIT_FAILED;
	}
	if (json)
		fprintf(stderr, "{\"event\":\"start\",\"command\":\"backup\",\"source\":\"%s\",\"bytes\":%llu,"
			"\"fs\":\"%s\",\"map\":%s}\n", h.source, bytes, h.fs, mapped == 0 ? "true" : "false");
	else
		fprintf(stderr, "lifeboat backup: %s (%s%s%s), %llu bytes: reading %s\n", d->dev, h.fs[0] ? h.fs : "no filesystem",
			h.uuid[0] ? " " : "", h.uuid, bytes, how);
	int err = lbk_write_all(1, head_buf, (size_t)hl);
	progress_init(&p, "backup", json);
	for (unsigned long long at = 0, i = 0; !err && at < bytes; at += CHUNK, i++) {
		size_t len = bytes - at < CHUNK ? (size_t)(bytes - at) : CHUNK;
		int unused = mapped == 0 && usedmap_unused(&m, i);
		if (!unused) {
			int rc = read_at(fd, at, chunk_buf, len);
			if (rc < 0) {
				fprintf(stderr, "%slifeboat backup: reading %s at byte %llu: %s; the stream is not finished "
						"(restore and --verify refuse it)\n", p.tty && !json ? "\n" : "", d->dev, at,
					strerror(-rc));
				return EXIT_FAILED;
			}
			read_bytes += len;
		}
		long n = lbk_writer_chunk(&w, chunk_buf, len, unused, frame_buf, &why);
		if (n < 0) {
			fprintf(stderr, "lifeboat backup: %s\n", why);
			return EXIT_FAILED;
		}
		err = n ? lbk_write_all(1, frame_buf, (size_t)n) : 0;
		progress_show(&p, at + len, bytes);
	}
	unsigned char digest[32];
	long n = err ? 0 : lbk_writer_finish(&w, frame_buf, digest, &why);
	if (!err && n > 0)
		err = lbk_write_all(1, frame_buf, (size_t)n);
	progress_end(&p);
	if (err || n < 0) {
		fprintf(stderr, "lifeboat backup: writing the stream: %s\n",
			n < 0 ? why : err == -EPIPE ? "its reader went away (the stream is cut: restore refuses it)"
						      : strerror(-err));
		return EXIT_FAILED;
	}
	close(fd);
	sha256_digest_hex(digest, sum);
	unsigned long long total = (unsigned long long)hl + w.stored;
	double el = now_s() - p.start;
	if (json) {
		fprintf(stderr, "{\"result\":\"done\",\"command\":\"backup\",\"source\":\"%s\",\"bytes\":%llu,\"fs\":\"%s\","
			"\"uuid\":\"%s\",\"map\":\"%s\",\"read_bytes\":%llu,\"stream_bytes\":%llu,\"seconds\":%.1f,"
			"\"sha256\":\"%s\"}\n", h.source, bytes, h.fs, h.uuid, how, read_bytes, total, el, sum);
	} else {
		lbk_size_text(bytes, size_text, sizeof size_text);
		lbk_size_text(total, stream_text, sizeof stream_text);
		fprintf(stderr, "lifeboat backup: done: %s (%s) as a %s stream in %.0f s; SHA-256 %s\n"
				"Check it where it landed: lifeboat-backup verify FILE (or lifeboat backup --verify - < FILE here)\n",
			d->dev, size_text, stream_text, el, sum);
	}
	return EXIT_DONE;
}

/* Why dev (the kernel's name) is busy: mounted, or held by device-mapper, md, a
 * snapshot; its partitions too. "" when it is free. */
static void busy(const char *name, char *out, size_t size)
{
	char path[300], link[300], node[48];
	struct stat sb;
	DIR *dir;
	struct dirent *e;

	out[0] = '\0';
	snprintf(node, sizeof node, "/dev/%.32s", name);
	if (stat(node, &sb) == 0 && guest_dev_mounted(sb.st_rdev)) {
		snprintf(out, size, "%s is mounted", node);
		return;
	}
	snprintf(path, sizeof path, "/sys/class/block/%s/holders", name);
	if ((dir = opendir(path))) {
		while ((e = readdir(dir)))
			if (e->d_name[0] != '.') {
				snprintf(link, sizeof link, "/sys/class/block/%s/dm/name", e->d_name);
				char dm[128] = "";
				if (sys_read_file(link, dm, sizeof dm) > 0)
					dm[strcspn(dm, "\n")] = '\0';
				snprintf(out, size, "%.32s is in use by %.32s%s%.64s%s (LVM, RAID, LUKS or a lifeboat snapshot)", name,
					 e->d_name, dm[0] ? " (" : "", dm, dm[0] ? ")" : "");
				break;
			}
		closedir(dir);
		if (out[0])
			return;
	}
	// a whole disk: each of its partitions
	snprintf(path, sizeof path, "/sys/class/block/%s", name);
	if ((dir = opendir(path))) {
		while (!out[0] && (e = readdir(dir))) {
			char part[300];
			snprintf(part, sizeof part, "/sys/class/block/%s/%s/partition", name, e->d_name);
			if (e->d_name[0] != '.' && access(part, F_OK) == 0)
				busy(e->d_name, out, size);
		}
		closedir(dir);
	}
}

int cmd_restore(int argc, char **argv)
{
	static struct disk_state st;
	static struct plan p;
	static char text[1024];
	struct fix_opts o = { 0, 0 };
	char *rest[4], sum[65], why[300], dsize[32], ssize[32];
	struct lbk_apply a = { .zeros = LBK_ZEROS_DEVICE };
	struct progress pr;
	unsigned long long bytes = 0;
	struct stat sb;
	int n = repair_options(argc, argv, &o, rest, 4), fd;

	if (n != 1 || rest[0][0] == '-') {
		fprintf(stderr, "usage: lifeboat restore [--yes] [--json] DEVICE < FILE\n");
		return EXIT_USAGE;
	}
	if (isatty(0)) {
		fprintf(stderr, "lifeboat restore: the backup comes on standard input, from your own machine: "
				"ssh root@THIS-HOST lifeboat restore %s < backup.lbk\n", rest[0]);
		return EXIT_USAGE;
	}
	if (disks_load(&st) < 0) {
		fprintf(stderr, "lifeboat restore: no disk state yet; is lifeboat's PID 1 still finding the disks?\n");
		return EXIT_FAILED;
	}
	const struct blockdev *d = pick(&st, "restore", rest[0]);
	if (!d)
		return EXIT_USAGE;
	cli_guest_lock("restore");
	plan_init(&p, "restore", d->dev);
	if (stat(d->dev, &sb) < 0 || !S_ISBLK(sb.st_mode) || (fd = open(d->dev, O_RDONLY | O_CLOEXEC)) < 0) {
		plan_end(&p, "failed", "%s is not a block device lifeboat can open", d->dev);
		return repair_finish(&p, &o, EXIT_FAILED);
	}
	int got = ioctl(fd, BLKGETSIZE64, &bytes);
	close(fd);
	if (got < 0) {
		plan_end(&p, "failed", "%s: its size: %s", d->dev, strerror(errno));
		return repair_finish(&p, &o, EXIT_FAILED);
	}
	// the header first: what would be written, and whether it fits
	if (lbk_apply_header(&a, 0) < 0) {
		plan_end(&p, "failed", "standard input is no lifeboat backup: %s; nothing was written", a.why);
		return repair_finish(&p, &o, EXIT_FAILED);
	}
	lbk_size_text(a.h.bytes, ssize, sizeof ssize);
	lbk_size_text(bytes, dsize, sizeof dsize);
	lbk_apply_describe(&a.h, text, sizeof text);
	plan_add(&p, "write", d->dev, "the backup of %s (%s, %s%s%s): its %llu bytes over the device's first, "
		 "replacing what is there", a.h.source, ssize, a.h.fs[0] ? a.h.fs : "no filesystem",
		 a.h.uuid[0] ? " " : "", a.h.uuid, a.h.bytes);
	plan_add(&p, "check", d->dev, "each frame's checksum before it is written; then read back: its SHA-256 must "
		 "be the stream's");
	if (!o.json)
		printf("lifeboat restore onto %s (%s):\n%s", d->dev, dsize, text);
	repair_show(&p, &o);
	if (bytes < a.h.bytes) {
		plan_end(&p, "refused", "%s is %s, smaller than the backup's %s; nothing was written", d->dev, dsize, ssize);
		repair_audit(-1, &p);
		return repair_finish(&p, &o, EXIT_REFUSED);
	}
	busy(d->name, why, sizeof why);
	if (why[0]) {
		plan_end(&p, "refused", "%s; nothing was written (lifeboat umount, lifeboat snapshot commit|rollback)",
			 why);
		repair_audit(-1, &p);
		return repair_finish(&p, &o, EXIT_REFUSED);
	}
	if (!o.yes) {
		plan_end(&p, "needs confirmation", "nothing was written: add --yes to write the backup onto %s", d->dev);
		return repair_finish(&p, &o, EXIT_NEEDS_CONFIRMATION);
	}
	int err = guest_make_writable(d->dev);
	if (err < 0 || (fd = open(d->dev, O_WRONLY | O_EXCL | O_CLOEXEC)) < 0) {
		int busy_now = err >= 0 && errno == EBUSY;
		plan_end(&p, busy_now ? "refused" : "failed", "%s: %s; nothing was written", d->dev,
			 busy_now ? "in use (mounted, or held by another device)" : strerror(err < 0 ? -err : errno));
		guest_restore_layers();
		repair_audit(-1, &p);
		return repair_finish(&p, &o, busy_now ? EXIT_REFUSED : EXIT_FAILED);
	}
	a.out = fd;
	progress_init(&pr, "restore", o.json);
	a.progress = progress_show;
	a.ctx = &pr;
	int rc = lbk_apply_frames(&a, 0);
	progress_end(&pr);
	if (rc < 0) {
		fsync(fd);
		close(fd);
		guest_restore_layers();
		if (a.written)
			plan_end(&p, "failed", "%s. Bytes 0 to %llu of %s now hold the backup's first %llu bytes, checked; "
				 "from byte %llu on it holds what it held before", a.why, a.written - 1, d->dev, a.written,
				 a.written);
		else
			plan_end(&p, "failed", "%s; nothing was written", a.why);
		repair_audit(-1, &p);
		return repair_finish(&p, &o, EXIT_FAILED);
	}
	// read back past the page cache: what the disk now holds
	fsync(fd);
	close(fd);
	sha256_digest_hex(a.digest, sum);
	struct sha256 s;
	sha256_init(&s);
	fd = open(d->dev, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		ioctl(fd, BLKFLSBUF, 0);
	progress_init(&pr, "restore (reading back)", o.json);
	for (unsigned long long at = 0; fd >= 0 && at < a.h.bytes; at += CHUNK) {
		size_t len = a.h.bytes - at < CHUNK ? (size_t)(a.h.bytes - at) : CHUNK;
		if ((err = read_at(fd, at, chunk_buf, len)) < 0)
			break;
		sha256_update(&s, chunk_buf, len);
		progress_show(&pr, at + len, a.h.bytes);
	}
	progress_end(&pr);
	unsigned char back[32];
	sha256_final(&s, back);
	if (fd >= 0 && !d->partition)
		ioctl(fd, BLKRRPART, 0);	/* a whole disk: its partition table is the backup's now */
	if (fd >= 0)
		close(fd);
	guest_restore_layers();
	repair_rescan(d->dev);
	if (fd < 0 || err < 0 || memcmp(back, a.digest, 32) != 0) {
		plan_end(&p, "failed", "all %llu bytes were written, but reading them back %s (the stream's SHA-256 is %s)",
			 a.h.bytes, fd < 0 || err < 0 ? "failed" : "gives another SHA-256", sum);
		repair_audit(-1, &p);
		return repair_finish(&p, &o, EXIT_FAILED);
	}
	plan_end(&p, "done", "%s holds the backup of %s, read back and verified: SHA-256 %s", d->dev, a.h.source, sum);
	repair_audit(-1, &p);
	return repair_finish(&p, &o, EXIT_DONE);
}
