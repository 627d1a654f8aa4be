/* lifeboat fix fstab: entries for devices that are not there stop blocking the
 * guest's boot (nofail, or commented out with --comment); a backup of the old
 * fstab is kept beside it and the diff is shown first. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "../disk/disks.h"
#include "../disk/fstab.h"
#include "../disk/groot.h"
#include "../fix/diff.h"
#include "../fix/fstabfix.h"
#include "../lib/text.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FSTAB_TEXT_MAX 65536
#define FINDINGS_MAX 32

struct present_ctx {
	struct disk_state *st;
	int locked_luks;	/* a locked LUKS device may hold what a UUID or LABEL names */
	const char *crypttab;	/* names in it are /dev/mapper/NAME at the guest's boot */
};

static int block_device(const char *path)
{
	struct stat s;

	return stat(path, &s) == 0 && S_ISBLK(s.st_mode);
}

/* Is name the first field of a line of crypttab? */
static int in_crypttab(const char *crypttab, const char *name)
{
	size_t len = strlen(name);

	for (const char *l = crypttab; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		while (*l == ' ' || *l == '\t')
			l++;
		if (strncmp(l, name, len) == 0 && (l[len] == ' ' || l[len] == '\t'))
			return 1;
	}
	return 0;
}

static int present(const char *spec, void *arg)
{
	struct present_ctx *c = arg;
	char value[160], mapper[200];
	const char *kind = fstab_spec_kind(spec, value, sizeof value);

	if (!kind || disks_resolve(c->st, spec))
		return 1;
	if (strcmp(kind, "PATH") == 0) {
		// a node here (by the kernel's name), or a mapping the guest's crypttab makes at boot
		if (strncmp(value, "/dev/disk/", 10) != 0 && block_device(value))
			return 1;
		if (strncmp(value, "/dev/mapper/", 12) == 0 && in_crypttab(c->crypttab, value + 12))
			return 1;
		// /dev/VG/LV is /dev/mapper/VG-LV, with the dashes of each name doubled
		const char *lv = strchr(value + 5, '/');
		if (lv && !strchr(lv + 1, '/') && strncmp(value, "/dev/mapper/", 12) != 0) {
			size_t o = (size_t)snprintf(mapper, sizeof mapper, "/dev/mapper/");
			for (const char *p = value + 5; *p && o + 3 < sizeof mapper; p++) {
				if (p == lv)
					mapper[o++] = '-';
				else if (*p == '-')
					mapper[o++] = '-', mapper[o++] = '-';
				else
					mapper[o++] = *p;
			}
			mapper[o] = '\0';
			if (block_device(mapper))
				return 1;
		}
		return 0;
	}
	// a filesystem inside a locked LUKS device is unknown, not missing
	return c->locked_luks && (strcmp(kind, "UUID") == 0 || strcmp(kind, "LABEL") == 0);
}

static const char *action_name(enum fstabfix_action a)
{
	return a == FSTABFIX_COMMENT ? "comment out" : a == FSTABFIX_NOFAIL ? "add nofail" : "leave";
}

/* Read fstab (and crypttab) and make the edit. Returns the new length (0: no change) or -1 (said on stderr). */
static long look(int rootfd, int comment, struct present_ctx *c, char *old, ssize_t *oldlen, char *neu, size_t nsize,
		 struct fstabfix_finding *f, int *nf, struct stat *st)
{
	static char crypttab[16384];
	int fd = groot_open(rootfd, "/etc/fstab", O_RDONLY | O_NOFOLLOW);

	if (fd < 0 || fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		fprintf(stderr, "lifeboat fix fstab: the guest's /etc/fstab is %s\n",
			fd < 0 ? "missing (or a symlink)" : "not a regular file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	*oldlen = groot_read(rootfd, "/etc/fstab", old, FSTAB_TEXT_MAX);
	if (*oldlen < 0 || *oldlen >= FSTAB_TEXT_MAX - 1) {
		fprintf(stderr, "lifeboat fix fstab: /etc/fstab is unreadable or too big\n");
		return -1;
	}
	if (groot_read(rootfd, "/etc/crypttab", crypttab, sizeof crypttab) < 0)
		crypttab[0] = '\0';
	c->crypttab = crypttab;
	long n = fstabfix_edit(old, (size_t)*oldlen, comment, present, c, neu, nsize, f, FINDINGS_MAX, nf);
	if (n < 0)
		fprintf(stderr, "lifeboat fix fstab: no room for the edited fstab\n");
	return n;
}

struct fix {
	struct present_ctx c;
	int comment;
	char old[FSTAB_TEXT_MAX], neu[FSTAB_TEXT_MAX + 4096];
	ssize_t oldlen;
	long n;
	char before[65];	/* the fstab the plan was made from */
};

static int fstab_pass(void *ctx, int rootfd, struct plan *p, int apply)
{
	static char again[FSTAB_TEXT_MAX + 4096];
	struct fix *x = ctx;
	struct fstabfix_finding f[FINDINGS_MAX];
	char sum[65], after[65], backup[320];
	struct stat fst;
	int nf;
	long n = look(rootfd, x->comment, &x->c, x->old, &x->oldlen, apply ? again : x->neu, sizeof again, f, &nf, &fst);

	if (n < 0) {
		plan_end(p, "failed", "/etc/fstab could not be read or edited (see above)");
		return -EXIT_FAILED;
	}
	repair_hex(x->old, (size_t)x->oldlen, sum);
	if (n > 0)
		plan_add(p, "backup", "/etc/fstab", "kept as /etc/fstab.lifeboat-<time>");
	for (int i = 0; i < nf; i++)
		if (f[i].action == FSTABFIX_ROOT)
			plan_add(p, "note", "/etc/fstab", "line %d: the root's own entry (%s) names a device that is not "
				 "here; left as it is (the kernel's root= decides)", f[i].line, f[i].spec);
		else
			plan_add(p, "edit", "/etc/fstab", "line %d: %s %s: %s", f[i].line, f[i].spec, f[i].dir,
				 action_name(f[i].action));
	if (x->c.locked_luks)
		plan_add(p, "note", "", "a LUKS device is locked: UUID= and LABEL= entries that may be inside it are "
			 "left alone (lifeboat unlock, then run this again)");
	if (!apply) {
		x->n = n;
		memcpy(x->before, sum, sizeof sum);
		if (!n)
			plan_end(p, "nothing to do", "every entry's device is here (or the entry has nofail or noauto)");
		return n > 0;
	}
	// what is written is what the plan showed, or nothing
	if (n != x->n || memcmp(again, x->neu, (size_t)n) != 0 || strcmp(sum, x->before) != 0) {
		plan_end(p, "failed", "/etc/fstab changed between the look and the repair; nothing done");
		return -EXIT_FAILED;
	}
	int err = repair_backup(rootfd, "/etc/fstab", 1, backup, sizeof backup);
	if (err < 0) {
		plan_end(p, "failed", "backup of /etc/fstab: %s; nothing changed", strerror(-err));
		return -EXIT_FAILED;
	}
	repair_hex(x->neu, (size_t)n, after);
	err = repair_replace(rootfd, "/etc/fstab", x->neu, (size_t)n, &fst);
	plan_file(p, "/etc/fstab", sum, err < 0 ? sum : after, backup);
	if (err < 0) {
		plan_end(p, "failed", "writing /etc/fstab: %s", strerror(-err));
		return -EXIT_FAILED;
	}
	plan_end(p, "done", "/etc/fstab edited; the old one is %s", backup);
	return 1;
}

static void show_diff(void *ctx, const struct fix_opts *o)
{
	static char diff[FSTAB_TEXT_MAX * 2];
	struct fix *x = ctx;

	if (!o->json && diff_lines(x->old, (size_t)x->oldlen, x->neu, (size_t)x->n, diff, sizeof diff) > 0)
		printf("diff of /etc/fstab:\n%s", diff);
}

int fix_fstab(int argc, char **argv, struct fix_opts *o)
{
	static struct disk_state st;
	static struct fix x;

	memset(&x, 0, sizeof x);
	x.c.st = &st;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--comment") == 0)
			x.comment = 1;
		else {
			fprintf(stderr, "usage: lifeboat fix fstab [--comment] [--yes] [--json]\n");
			return EXIT_USAGE;
		}
	}
	if (disks_load(&st) < 0) {
		fprintf(stderr, "lifeboat fix fstab: no disk state yet\n");
		return EXIT_FAILED;
	}
	for (int i = 0; i < st.ndev; i++)
		x.c.locked_luks |= strncmp(st.dev[i].role, "LUKS (locked", 12) == 0;
	const struct repair r = { "fix fstab", 0, fstab_pass, show_diff, "" };
	return repair_drive(&r, &x, o);
}

int fix_fstab_missing(int rootfd, struct disk_state *st, char *text, size_t size, struct fstabfix_finding *f, int max)
{
	static char neu[FSTAB_TEXT_MAX + 4096];
	static struct fstabfix_finding all[FINDINGS_MAX];
	struct present_ctx c = { st, 0, NULL };
	struct stat sb;
	ssize_t len;
	int nf = 0;

	for (int i = 0; i < st->ndev; i++)
		c.locked_luks |= strncmp(st->dev[i].role, "LUKS (locked", 12) == 0;
	if (size < FSTAB_TEXT_MAX || look(rootfd, 0, &c, text, &len, neu, sizeof neu, all, &nf, &sb) < 0)
		return -1;
	if (nf > max)
		nf = max;
	memcpy(f, all, (size_t)nf * sizeof *f);
	return nf;
}
