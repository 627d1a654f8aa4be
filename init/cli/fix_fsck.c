/* lifeboat fix fsck [DEVICE]: the filesystem's own checker, read-only first
 * (its findings shown), then the repair — e2fsck -fy with an undo file when
 * there is room for one; xfs_repair after a mount that replays the log; the
 * repairs that can lose data (xfs_repair -L, btrfs check --repair) only with
 * --dangerous and the device's name typed, as any repair of a disk that gave I/O
 * errors while it was checked. Never on a mounted filesystem. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "../disk/disks.h"
#include "../disk/ioerr.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define E2FSCK "/sbin/e2fsck"
#define XFS_REPAIR "/sbin/xfs_repair"
#define BTRFS "/bin/btrfs"
#define UNDO_DIR LB_RUN_DIR "/undo"
/* e2fsck rewrites metadata: inode tables, bitmaps, directories. An undo file
 * holds the old blocks, so it is kept only when /run (RAM) has room for a
 * thirty-second of the filesystem (about its inode tables) and a margin. */
#define UNDO_SHARE 32
#define UNDO_MARGIN (16ULL << 20)
#define REPLAY_DIR LB_RUN_DIR "/fsck-replay"
#define TAIL_MAX 4096

enum kind { EXT, XFS, BTRFS_FS };

/* The last line of a tool's output that says something, for the plan. */
static void last_line(const char *tail, char *out, size_t size)
{
	const char *end = tail + strlen(tail), *start;

	while (end > tail && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\r'))
		end--;
	for (start = end; start > tail && start[-1] != '\n'; start--)
		;
	snprintf(out, size, "%.*s", (int)(end - start), start);
}

/* The disk's I/O errors while a checker ran: counted from the kernel's log, or — the kernel
 * rate-limits those lines, 10 in 5 s for all disks — the checker's first line that names one. */
static void io_said(int km, struct ioerr_tally *t, const char *tail, char *out, size_t size)
{
	repair_kmsg_ioerr(km, t, NULL);
	ioerr_text(t, out, size);
	for (const char *l = tail; !out[0] && *l; ) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		if ((memmem(l, n, "I/O error", 9) || memmem(l, n, "Input/output error", 18)) && n > 0)
			snprintf(out, size, "the checker: %.*s", (int)n, l);
		l += n + (e != NULL);
	}
}

/* The read-only check: 0 clean, 1 problems found, 2 the XFS log needs replaying, -1 the checker failed. */
/* An ext filesystem whose primary superblock is gone (blkid no longer sees it)
 * still has backups: the first at block 32768 (4 KiB blocks), 8193 (1 KiB) or
 * 16384 (2 KiB). Found: e2fsck works from it ("-b N -B SIZE"). */
static char backup_sb[16], backup_bs[8];

static int ext_backup(const char *dev)
{
	static const char *const at[][2] = { { "32768", "4096" }, { "8193", "1024" }, { "16384", "2048" } };
	char tail[256];

	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		char *argv[] = { E2FSCK, "-fn", "-b", (char *)at[i][0], "-B", (char *)at[i][1], (char *)dev, NULL };
		int rc = repair_run(argv, 0, tail, sizeof tail);
		if (rc == 0 || rc == 1 || rc == 4) {
			text_copy(backup_sb, sizeof backup_sb, at[i][0]);
			text_copy(backup_bs, sizeof backup_bs, at[i][1]);
			return 0;
		}
	}
	return -1;
}

/* e2fsck's argv: its options, the backup superblock's when one is used, the device. */
static void e2argv(char **argv, const char *opt1, const char *opt2, const char *opt3, const char *dev)
{
	int n = 0;

	argv[n++] = E2FSCK;
	argv[n++] = (char *)opt1;
	if (opt2)
		argv[n++] = (char *)opt2, argv[n++] = (char *)opt3;
	if (backup_sb[0])
		argv[n++] = "-b", argv[n++] = backup_sb, argv[n++] = "-B", argv[n++] = backup_bs;
	argv[n++] = (char *)dev;
	argv[n] = NULL;
}

static int check_ro(enum kind k, const char *dev, int echo, char *tail)
{
	char *e2[12];
	e2argv(e2, "-fn", NULL, NULL, dev);
	char *xfs[] = { XFS_REPAIR, "-n", (char *)dev, NULL };
	char *btrfs[] = { BTRFS, "check", "--readonly", (char *)dev, NULL };
	int rc = repair_run(k == EXT ? e2 : k == XFS ? xfs : btrfs, echo, tail, TAIL_MAX);

	if (k == EXT)	/* e2fsck: 0 clean, 4 errors left (as -n leaves them), 8 and up its own failure */
		return rc == 0 ? 0 : rc == 4 || rc == 1 ? 1 : -1;
	if (k == XFS)	/* xfs_repair -n: 0 clean, 1 corruption, 2 a dirty log */
		return rc == 0 ? 0 : rc == 1 ? 1 : rc == 2 ? 2 : -1;
	return rc == 0 ? 0 : rc == 1 ? 1 : -1;
}

/* Mount and unmount dev read-write: XFS replays its log (the way xfs_repair asks for). 0 or -errno. */
static int replay_log(const char *dev)
{
	int err = 0;

	sys_mkdir_p(REPLAY_DIR, 0700);
	if (mount(dev, REPLAY_DIR, "xfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -errno;
	if (umount2(REPLAY_DIR, 0) < 0)
		err = -errno;
	rmdir(REPLAY_DIR);
	return err;
}

/* An undo file in /run for e2fsck when there is room for one; "" when not. */
static void undo_path(const struct blockdev *d, char *out, size_t size)
{
	struct statvfs v;

	out[0] = '\0';
	if (statvfs(LB_RUN_DIR, &v) < 0 || (unsigned long long)v.f_bavail * v.f_frsize < d->bytes / UNDO_SHARE + UNDO_MARGIN)
		return;
	sys_mkdir_p(UNDO_DIR, 0700);
	snprintf(out, size, UNDO_DIR "/%s-%lld.e2undo", d->name, (long long)time(NULL));
}

int fix_fsck(int argc, char **argv, struct fix_opts *o)
{
	static struct disk_state st;
	static struct plan p;
	static char tail[TAIL_MAX];
	const char *arg = NULL;
	const struct blockdev *d;
	char line[200], undo[200] = "";
	int dangerous = 0, rc;
	struct stat sb;
	enum kind k;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dangerous") == 0)
			dangerous = 1;
		else if (argv[i][0] != '-' && !arg)
			arg = argv[i];
		else {
			fprintf(stderr, "usage: lifeboat fix fsck [DEVICE] [--dangerous] [--yes] [--json]\n"
				"  DEVICE: /dev/…, UUID=…, LABEL=…; without it, the guest's root filesystem\n");
			return EXIT_USAGE;
		}
	}
	if (disks_load(&st) < 0) {
		fprintf(stderr, "lifeboat fix fsck: no disk state yet\n");
		return EXIT_FAILED;
	}
	if (!arg && st.root < 0) {
		fprintf(stderr, "lifeboat fix fsck: no guest root was found; name the device\n");
		return EXIT_USAGE;
	}
	d = guest_find(&st, arg ? arg : st.cand[st.root].device);
	if (!d) {
		fprintf(stderr, "lifeboat fix fsck: %s is not a device lifeboat found (lifeboat disks)\n", arg);
		return EXIT_USAGE;
	}
	plan_init(&p, "fix fsck", d->dev);
	if (stat(d->dev, &sb) < 0 || !S_ISBLK(sb.st_mode) || guest_dev_mounted(sb.st_rdev) || guest_is_mounted()) {
		plan_end(&p, "refused", "%s is mounted (or something is at " GUEST_ROOT "); lifeboat umount first",
			 d->dev);
		return repair_finish(&p, o, EXIT_REFUSED);
	}
	if (strncmp(d->type, "ext", 3) == 0)
		k = EXT;
	else if (strcmp(d->type, "xfs") == 0)
		k = XFS;
	else if (strcmp(d->type, "btrfs") == 0)
		k = BTRFS_FS;
	else if (!d->type[0] && ext_backup(d->dev) == 0) {
		k = EXT;
		plan_add(&p, "note", d->dev, "no superblock where it belongs: an ext filesystem's backup at block %s "
			 "(%s-byte blocks) is used, and written back by the repair", backup_sb, backup_bs);
	} else {
		plan_end(&p, "failed", "%s holds %s; lifeboat checks ext2/3/4, XFS and btrfs", d->dev,
			 d->type[0] ? d->type : "no filesystem it knows (nor an ext backup superblock)");
		return repair_finish(&p, o, EXIT_FAILED);
	}

	// the look: the checker's read-only mode, on a device that is read-only anyway
	if (!o->json)
		printf("checking %s (%s) read-only:\n", d->dev, d->type);
	// the kernel's log says whether the disk itself failed the checker's reads
	int km = repair_kmsg_open(0);
	struct ioerr_tally io = { 0 };
	char ios[160];
	int found = check_ro(k, d->dev, !o->json, tail);
	io_said(km, &io, tail, ios, sizeof ios);
	last_line(tail, line, sizeof line);
	plan_add(&p, "check", d->dev, "%s: %s", k == EXT ? "e2fsck -fn" : k == XFS ? "xfs_repair -n"
			      : "btrfs check --readonly", found == 0 && !ios[0] ? "clean" : ios[0] ? ios : line);
	if (found < 0 || (ios[0] && !dangerous)) {
		if (km >= 0)
			close(km);
		if (ios[0])	/* a repair writes where reads fail, and a failing disk fails more with use */
			plan_end(&p, found < 0 ? "failed" : "refused", "the disk gave I/O errors during the check (%s): "
				 "it is failing, not only its filesystem; copy what can be read off it before any repair%s",
				 ios, found < 0 ? "" : " (a repair anyway needs --dangerous and the device's name typed)");
		else
			plan_end(&p, "failed", "the read-only check did not run to its end: %s", line);
		return repair_finish(&p, o, found < 0 ? EXIT_FAILED : EXIT_REFUSED);
	}
	if (found == 0) {
		if (km >= 0)
			close(km);
		plan_end(&p, "nothing to do", "%s is clean", d->dev);
		repair_show(&p, o);
		return repair_finish(&p, o, EXIT_DONE);
	}
	if (k == EXT) {
		undo_path(d, undo, sizeof undo);
		if (undo[0])
			plan_add(&p, "run", "e2fsck -fy", "with the undo file %s (e2undo %s %s takes it back)", undo, undo,
				 d->dev);
		else
			plan_add(&p, "run", "e2fsck -fy", "without an undo file (too little room for one in RAM)");
	} else if (k == XFS) {
		if (found == 2)
			plan_add(&p, "mount", d->dev, "read-write and unmount again, so that the kernel replays the log");
		plan_add(&p, "run", "xfs_repair", "%s", d->dev);
		if (found == 2 && dangerous)
			plan_add(&p, "run", "xfs_repair -L", "only if the log cannot be replayed: it zeroes the log, "
				 "and what was in it is lost");
	} else {
		if (!dangerous) {
			if (km >= 0)
				close(km);
			repair_show(&p, o);
			plan_end(&p, "refused", "btrfs check --repair can make a btrfs worse; it needs --dangerous and the "
				 "device's name typed (consider copying the data off first: lifeboat mount)");
			return repair_finish(&p, o, EXIT_REFUSED);
		}
		plan_add(&p, "run", "btrfs check --repair", "%s (can lose data)", d->dev);
	}
	repair_show(&p, o);
	// a repair that can lose data wants the device's name typed, --yes or not
	int needs_name = dangerous && (k == BTRFS_FS || (k == XFS && found == 2) || ios[0]);
	if (!repair_confirmed(o, needs_name ? d->dev : NULL)) {
		plan_end(&p, "needs confirmation", needs_name ? "nothing done: type the device's name to act"
							  : "nothing done: add --yes to act");
		return repair_finish(&p, o, EXIT_NEEDS_CONFIRMATION);
	}

	if (guest_make_writable(d->dev) < 0) {
		if (km >= 0)
			close(km);
		guest_restore_layers();
		plan_end(&p, "failed", "%s could not be made writable", d->dev);
		repair_audit(-1, &p);
		return repair_finish(&p, o, EXIT_FAILED);
	}
	if (k == EXT) {
		char *e2[12];
		e2argv(e2, "-fy", undo[0] ? "-z" : NULL, undo, d->dev);
		rc = repair_run(e2, !o->json, tail, TAIL_MAX);
		rc = rc >= 0 && rc < 4 ? 0 : 1;	/* 1, 2: corrected */
	} else if (k == XFS) {
		int replayed = found != 2 || replay_log(d->dev) == 0;
		char *argv_r[] = { XFS_REPAIR, (char *)d->dev, NULL };
		char *argv_l[] = { XFS_REPAIR, "-L", (char *)d->dev, NULL };
		if (!replayed && !dangerous) {
			rc = 1;
			snprintf(tail, sizeof tail, "the log could not be replayed by a mount; xfs_repair -L (which "
				 "throws the log away) needs --dangerous\n");
			if (!o->json)
				fputs(tail, stdout);
		} else {
			rc = repair_run(replayed ? argv_r : argv_l, !o->json, tail, TAIL_MAX) == 0 ? 0 : 1;
		}
	} else {
		char *argv_b[] = { BTRFS, "check", "--repair", "--force", (char *)d->dev, NULL };
		rc = repair_run(argv_b, !o->json, tail, TAIL_MAX) == 0 ? 0 : 1;
	}
	io_said(km, &io, tail, ios, sizeof ios);
	if (km >= 0)
		close(km);
	last_line(tail, line, sizeof line);
	if (ios[0]) {	/* the checker's own last words blame what failed last (its undo file, say) */
		snprintf(line, sizeof line, "the disk gave I/O errors: %s", ios);
		rc = 1;
	}
	plan_add(&p, "result", d->dev, "%s", line);
	// the verdict is the read-only check's, after the repair, from the primary superblock again
	backup_sb[0] = '\0';
	int after = rc == 0 ? check_ro(k, d->dev, 0, tail) : -1;
	guest_restore_layers();
	// a filesystem found again (its superblock was unreadable) may be the guest's root: look again
	if (rc == 0 && after == 0 && repair_rescan(d->dev) == 0 && disks_load(&st) == 0) {
		char seen[320];
		if (st.root >= 0)
			snprintf(seen, sizeof seen, "the guest's root is %s", st.cand[st.root].device);
		else
			snprintf(seen, sizeof seen, "still no guest root: %s", st.why);
		plan_add(&p, "note", "lifeboat disks", "looked at again: %s", seen);
		if (!o->json)
			printf("disks looked at again: %s\n", seen);
	}
	if (rc == 0 && after == 0)
		plan_end(&p, "done", "%s is clean now%s%s", d->dev, undo[0] ? "; undo file " : "", undo);
	else
		plan_end(&p, "failed", "%s is not clean after the repair: %s", d->dev, line);
	repair_audit(-1, &p);
	return repair_finish(&p, o, rc == 0 && after == 0 ? EXIT_DONE : EXIT_FAILED);
}
