/* lifeboat fix space: how full each of the guest's filesystems is (blocks and
 * inodes), its largest directories and files, and a cleanup plan — archived
 * journals, rotated logs, downloaded packages, core dumps, stale temporary
 * files — of which exactly the listed files are deleted, and only with --yes. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "../disk/groot.h"
#include "../fix/space.h"
#include "../lib/mountinfo.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define DEPTH_MAX 48		/* deeper trees are counted no further */
#define DIR_DEPTH_SHOWN 3	/* directories ranked: /var, /var/log, /var/log/nginx */
#define FILES_MAX 100000	/* cleanup candidates at most */
#define SHA_MAX (16 << 20)	/* files up to this size get their SHA-256 in the audit */

struct victim {
	char *path;
	unsigned long long bytes;
	enum space_kind kind;
	dev_t dev;
	ino_t ino;
};

struct walk {
	struct space_top dirs, files;
	struct victim *v;
	size_t nv, cap;
	unsigned long long kind_bytes[SPACE_KINDS];
	int kind_count[SPACE_KINDS];
	time_t now;
};

static void add_victim(struct walk *w, const char *path, const struct stat *st, enum space_kind k)
{
	if (w->nv == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 256;
		struct victim *v = cap <= FILES_MAX ? realloc(w->v, cap * sizeof *v) : NULL;
		if (!v)
			return;
		w->v = v;
		w->cap = cap;
	}
	char *copy = strdup(path);
	if (!copy)
		return;
	w->v[w->nv++] = (struct victim){ copy, (unsigned long long)st->st_blocks * 512, k, st->st_dev, st->st_ino };
	w->kind_bytes[k] += (unsigned long long)st->st_blocks * 512;
	w->kind_count[k]++;
}

/* The bytes under dirfd (path names it inside the guest), never following a symlink. */
static unsigned long long walk(struct walk *w, int dirfd, const char *path, int depth)
{
	unsigned long long total = 0;
	DIR *d = fdopendir(dirfd);
	struct dirent *e;
	char child[4096];

	if (!d) {
		close(dirfd);
		return 0;
	}
	while ((e = readdir(d))) {
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if ((size_t)snprintf(child, sizeof child, "%s/%s", strcmp(path, "/") ? path : "", e->d_name) >= sizeof child)
			continue;
		unsigned long long bytes = (unsigned long long)st.st_blocks * 512;
		if (S_ISDIR(st.st_mode) && depth < DEPTH_MAX) {
			int fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd >= 0)
				bytes += walk(w, fd, child, depth + 1);
			if (depth < DIR_DEPTH_SHOWN)
				space_top_add(&w->dirs, child, bytes);
		} else if (S_ISREG(st.st_mode)) {
			space_top_add(&w->files, child, bytes);
			enum space_kind k = space_classify(child, (long long)(w->now - st.st_mtime));
			if (k != SPACE_KEEP)
				add_victim(w, child, &st, k);
		}
		total += bytes;
	}
	closedir(d);
	return total;
}

/* "/ 97% of 24.0 MiB used (1.2 MiB free), inodes 12%" for each guest filesystem; how many are 90% full or more. */
static int usage(struct plan *p, int show)
{
	static char buf[1 << 16];
	static struct mountinfo m;
	ssize_t len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	size_t pos = 0;
	int full = 0;

	while (len > 0 && mountinfo_next(buf, (size_t)len, &pos, &m)) {
		char size[24], avail[24];
		struct statvfs v;
		const char *in = mountinfo_under(m.dir, GUEST_ROOT);
		if (!in || statvfs(m.dir, &v) < 0 || !v.f_blocks)
			continue;
		int pct = (int)(100 - (100 * (unsigned long long)v.f_bavail) / v.f_blocks);
		int ipct = v.f_files ? (int)(100 - (100 * (unsigned long long)v.f_ffree) / v.f_files) : 0;
		text_size((unsigned long long)v.f_blocks * v.f_frsize, size, sizeof size);
		text_size((unsigned long long)v.f_bavail * v.f_frsize, avail, sizeof avail);
		if (show)
			printf("  %-16s %3d%% of %s used (%s free), inodes %d%%%s\n", in, pct, size, avail, ipct,
			       pct >= 90 || ipct >= 90 ? "  <- full" : "");
		if (pct >= 90 || ipct >= 90) {
			full++;
			plan_add(p, "note", in, "%d%% of %s used, inodes %d%%", pct, size, ipct);
		}
	}
	return full;
}

static void free_walk(struct walk *w)
{
	for (size_t i = 0; i < w->nv; i++)
		free(w->v[i].path);
	free(w->v);
	memset(w, 0, sizeof *w);
}

/* Delete one listed file if it is still the same regular file. 0 or -errno. */
static int remove_one(int rootfd, const struct victim *v, char before[65])
{
	char dir[4096];
	const char *name = strrchr(v->path, '/');
	struct stat st;
	int dfd, err = 0;

	before[0] = '\0';
	snprintf(dir, sizeof dir, "%.*s", name == v->path ? 1 : (int)(name - v->path), v->path);
	if ((dfd = groot_open(rootfd, dir, O_RDONLY | O_DIRECTORY)) < 0)
		return dfd;
	if (fstatat(dfd, name + 1, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) || st.st_ino != v->ino) {
		close(dfd);
		return -ESTALE;
	}
	if (st.st_size <= SHA_MAX)
		repair_file_hex(rootfd, v->path, before);
	if (unlinkat(dfd, name + 1, 0) < 0)
		err = -errno;
	close(dfd);
	return err;
}

struct space {
	struct walk w;
	int json;
};

static void categories(struct walk *w, struct plan *p)
{
	char sz[24];

	for (int k = 1; k < SPACE_KINDS; k++) {
		if (!w->kind_count[k])
			continue;
		text_size(w->kind_bytes[k], sz, sizeof sz);
		plan_add(p, "remove", space_kind_name((enum space_kind)k), "%d file%s, %s", w->kind_count[k],
			 w->kind_count[k] == 1 ? "" : "s", sz);
	}
}

/* The look: the report, and the files the cleanup may delete. */
static int look(struct space *c, int rootfd, struct plan *p)
{
	struct walk *w = &c->w;
	char sz[24];

	if (!c->json)
		printf("the guest's filesystems:\n");
	usage(p, !c->json);
	w->now = time(NULL);
	walk(w, dup(rootfd), "/", 0);
	if (!c->json) {
		printf("largest directories:\n");
		for (int i = 0; i < w->dirs.n; i++) {
			text_size(w->dirs.e[i].bytes, sz, sizeof sz);
			printf("  %10s  %s\n", sz, w->dirs.e[i].path);
		}
		printf("largest files:\n");
		for (int i = 0; i < w->files.n; i++) {
			text_size(w->files.e[i].bytes, sz, sizeof sz);
			printf("  %10s  %s\n", sz, w->files.e[i].path);
		}
	}
	categories(w, p);
	if (!w->nv)
		plan_end(p, "nothing to do", "nothing the cleanup may delete was found");
	return (int)w->nv;
}

static int space_pass(void *ctx, int rootfd, struct plan *p, int apply)
{
	struct space *c = ctx;
	struct walk *w = &c->w;
	unsigned long long freed = 0;
	int gone = 0, kept = 0;
	char sz[24];

	if (!apply)
		return look(c, rootfd, p);
	// exactly the files the plan listed
	categories(w, p);
	for (size_t i = 0; i < w->nv; i++) {
		char before[65];
		int err = remove_one(rootfd, &w->v[i], before);
		if (err < 0) {
			kept++;
			if (!c->json)
				printf("  kept %s: %s\n", w->v[i].path, strerror(-err));
			continue;
		}
		plan_file(p, w->v[i].path, before, NULL, NULL);
		freed += w->v[i].bytes;
		gone++;
	}
	text_size(freed, sz, sizeof sz);
	if (kept)
		plan_end(p, gone ? "done" : "failed", "%d file%s deleted (%s); %d had changed or could not be deleted",
			 gone, gone == 1 ? "" : "s", sz, kept);
	else
		plan_end(p, "done", "%d file%s deleted, %s freed", gone, gone == 1 ? "" : "s", sz);
	return gone ? gone : -EXIT_FAILED;
}

static void show_list(void *ctx, const struct fix_opts *o)
{
	struct space *c = ctx;
	char sz[24];

	if (o->json)
		return;
	printf("the files it deletes (nothing else):\n");
	for (size_t i = 0; i < c->w.nv; i++) {
		text_size(c->w.v[i].bytes, sz, sizeof sz);
		printf("  %10s  %s\n", sz, c->w.v[i].path);
	}
}

int fix_space(int argc, char **argv, struct fix_opts *o)
{
	static struct space c;
	const struct repair r = { "fix space", 1, space_pass, show_list, "" };

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: lifeboat fix space [--yes] [--json]\n");
		return EXIT_USAGE;
	}
	memset(&c, 0, sizeof c);
	c.json = o->json;
	int rc = repair_drive(&r, &c, o);
	free_walk(&c.w);
	return rc;
}
