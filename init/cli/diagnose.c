/* lifeboat diagnose [--json]: what is wrong with the guest, found without
 * being told, each finding with its evidence and the repair that addresses it.
 * It only reads: filesystems' own headers off their devices, then the guest
 * mounted read-only (or as the operator mounted it). */
#define _GNU_SOURCE
#include "cli.h"
#include "diagnose.h"
#include "guest.h"
#include "repair.h"
#include "../disk/ioerr.h"
#include "../diag/fsstate.h"
#include "../lib/json.h"
#include "../lib/mountinfo.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MOUNTS_MAX 32

static struct diag_report rep;
static struct disk_state st;

static int read_at(const char *dev, unsigned long long off, unsigned char *buf, size_t len)
{
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = pread(fd, buf, len, (off_t)off);
	int err = n < 0 ? -errno : 0;
	close(fd);
	return err ? err : n == (ssize_t)len ? 0 : -ENODATA;	/* ENODATA: past the device's end */
}

static int read_dev(void *ctx, unsigned long long off, unsigned char *out, size_t len)
{
	return read_at(ctx, off, out, len) < 0 ? -1 : 0;
}

/* An ext, XFS or btrfs filesystem's own record of its state. */
static void fs_state(struct dg *g, const char *dev, const char *type, const char *where)
{
	static unsigned char b[1024];
	char cmd[160], title[160];

	snprintf(cmd, sizeof cmd, "lifeboat fix fsck %s", dev);
	if (strncmp(type, "ext", 3) == 0) {
		struct fsstate_ext e;
		if (read_at(dev, FSSTATE_EXT_SB_OFFSET, b, FSSTATE_EXT_SB_LEN) < 0 || fsstate_ext(b, sizeof b, &e) < 0)
			return;
		if (e.errors || e.error_count) {
			snprintf(title, sizeof title, "%s: the filesystem has errors recorded", where);
			diag_add(g->r, "fs.errors", DIAG_ERROR, cmd, title,
				 "%s (%s): the superblock says errors were found (%u recorded)", dev, type, e.error_count);
		} else if (!e.clean && !e.needs_recovery) {
			snprintf(title, sizeof title, "%s: the filesystem was not unmounted cleanly", where);
			diag_add(g->r, "fs.not-clean", DIAG_WARNING, cmd, title,
				 "%s (%s): not marked clean, and no journal to replay", dev, type);
		} else if (e.needs_recovery) {
			snprintf(title, sizeof title, "%s: its journal waits to be replayed", where);
			diag_add(g->r, "fs.journal", DIAG_INFO, NULL, title, "%s (%s): replayed at the next read-write mount "
				 "(the guest stopped without unmounting it)", dev, type);
		}
	} else if (strcmp(type, "xfs") == 0) {
		struct fsstate_xfs x;
		char bad[256] = "";
		size_t len = 0;
		int r;
		if (read_at(dev, 0, b, 512) < 0 || fsstate_xfs(b, 512, &x) < 0)
			return;
		// a header that cannot be read is the disk's fault, not the filesystem's (disk.io-errors)
		for (unsigned ag = 0; ag < x.agcount && ag < 4096 && len < sizeof bad - 40; ag++)
			for (int which = 1; which <= 2; which++)
				if ((r = read_at(dev, fsstate_xfs_ag_offset(&x, ag, which), b, 512)) == -ENODATA ||
				    (r == 0 && !fsstate_xfs_ag_ok(b, 512, ag, which)))
					len += (size_t)snprintf(bad + len, sizeof bad - len, "%s%s %u", len ? ", " : "",
								 which == 1 ? "AGF" : "AGI", ag);
		if (bad[0]) {
			snprintf(title, sizeof title, "%s: XFS allocation group headers are damaged", where);
			diag_add(g->r, "fs.xfs-ag-header", DIAG_ERROR, cmd, title,
				 "%s (xfs): headers without their magic number or group: %s", dev, bad);
		}
		unsigned long long head;
		char why[96];
		if (fsstate_xfs_log(&x, read_dev, (void *)dev, &head, why, sizeof why) == FSSTATE_LOG_DIRTY) {
			snprintf(title, sizeof title, "%s: its XFS log waits to be replayed", where);
			diag_add(g->r, "fs.journal", DIAG_INFO, NULL, title,
				 "%s (xfs): the last log record before the head (block %llu of the log) is no unmount "
				 "record: the guest stopped without unmounting it; the next read-write mount replays it "
				 "(xfs_repair refuses to run before that)", dev, head);
		}
	} else if (strcmp(type, "btrfs") == 0) {
		static unsigned char sb[FSSTATE_BTRFS_SB_LEN];
		struct fsstate_btrfs bt;
		if (read_at(dev, FSSTATE_BTRFS_SB_OFFSET, sb, sizeof sb) < 0 || fsstate_btrfs(sb, sizeof sb, &bt) < 0)
			return;
		const char *bad = bt.csum_known && !bt.csum_ok ? "its superblock's checksum does not match"
				  : bt.error ? "the superblock carries the error flag (the kernel stopped it after an error)"
				  : bt.changing_fsid ? "a change of its UUID (btrfstune) was interrupted"
				  : NULL;
		if (bad) {
			snprintf(title, sizeof title, "%s: the btrfs filesystem is damaged", where);
			diag_add(g->r, "fs.errors", DIAG_ERROR, cmd, title, "%s (btrfs, generation %llu): %s", dev,
				 bt.generation, bad);
		} else if (bt.log_root) {
			snprintf(title, sizeof title, "%s: its btrfs log tree waits to be replayed", where);
			diag_add(g->r, "fs.journal", DIAG_INFO, NULL, title, "%s (btrfs): log tree at byte %llu, replayed "
				 "at the next read-write mount (the guest stopped after an fsync)", dev, bt.log_root);
		}
	}
}

/* No root: a device whose primary ext superblock is gone but a backup is there. */
static void lost_superblocks(struct dg *g)
{
	static unsigned char b[FSSTATE_EXT_SB_LEN];

	for (int i = 0; i < g->st->ndev; i++) {
		const struct blockdev *d = &g->st->dev[i];
		struct fsstate_ext e;
		if (d->type[0] || d->pttype[0] || d->bytes < 2ULL << 20)
			continue;
		for (int k = 0; k < fsstate_ext_nbackups; k++) {
			// a backup superblock's block holds it at its start (blocks of 2 KiB and more) or 1 KiB in
			unsigned long long at = fsstate_ext_backups[k];
			if (at + sizeof b > d->bytes || read_at(d->dev, at, b, sizeof b) < 0 || fsstate_ext(b, sizeof b, &e) < 0)
				continue;
			char cmd[160];
			snprintf(cmd, sizeof cmd, "lifeboat fix fsck %s", d->dev);
			diag_add(g->r, "fs.no-superblock", DIAG_ERROR, cmd,
				 "an ext filesystem lost its primary superblock",
				 "%s: nothing is recognised at its start, but an ext superblock is at byte %llu (a backup)",
				 d->dev, at);
			break;
		}
	}
}

/* Disks the kernel logged I/O errors on since it started: failing hardware (or a
 * failing image underneath), which no filesystem repair mends. */
static void io_errors(struct dg *g)
{
	for (int i = 0; i < g->st->ndev; i++) {
		const struct blockdev *d = &g->st->dev[i];
		struct ioerr_tally t = { 0 };
		char said[160];
		if (d->parent[0])	/* the block layer names whole disks */
			continue;
		int fd = repair_kmsg_open(1);
		repair_kmsg_ioerr(fd, &t, d->name);
		if (fd >= 0)
			close(fd);
		ioerr_text(&t, said, sizeof said);
		if (said[0])
			diag_add(g->r, "disk.io-errors", DIAG_ERROR, NULL, "a disk gives I/O errors",
				 "%s in the kernel's log (dmesg): the disk is failing, not only a filesystem on it; copy "
				 "what can be read off it before any repair", said);
	}
}

/* The guest's filesystems as mounted under /mnt/guest: device, type, mount point. */
static int guest_mounts(char dev[][96], char type[][24], char dir[][128], int max)
{
	static char buf[1 << 16];
	static struct mountinfo m;
	ssize_t len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	size_t pos = 0;
	int n = 0;

	while (len > 0 && n < max && mountinfo_next(buf, (size_t)len, &pos, &m)) {
		const char *rel = mountinfo_under(m.dir, GUEST_ROOT);
		if (!rel || m.source[0] != '/')
			continue;
		text_copy(dev[n], sizeof dev[n], m.source);
		text_copy(type[n], sizeof type[n], m.fstype);
		text_copy(dir[n], sizeof dir[n], rel);
		n++;
	}
	return n;
}

static void usage(void)
{
	fprintf(stderr, "usage: lifeboat diagnose [--json]\n");
}

int cmd_diagnose(int argc, char **argv)
{
	static char out[1 << 17];
	static char devs[MOUNTS_MAX][96], types[MOUNTS_MAX][24], dirs[MOUNTS_MAX][128];
	int json = 0;
	struct dg g = { -1, &rep, &st };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else {
			usage();
			return EXIT_USAGE;
		}
	}
	memset(&rep, 0, sizeof rep);
	if (disks_load(&st) < 0) {
		fprintf(stderr, "lifeboat diagnose: no disk state yet\n");
		return EXIT_FAILED;
	}
	int mounted_here = 0;
	if (st.root < 0 && !guest_is_mounted()) {
		// the guest's root may be among them, too damaged to be recognised as one
		lost_superblocks(&g);
		diag_add(&rep, "disk.no-root", DIAG_ERROR, NULL, "no guest root filesystem was found", "%s", st.why);
	} else if (st.root >= 0 && !guest_is_mounted()) {
		if (guest_mount_all(0) < 0)
			diag_add(&rep, "disk.root-unmountable", DIAG_ERROR, "lifeboat fix fsck", "the guest's root does not mount",
				 "%s (%s) does not mount read-only (see dmesg)", st.cand[st.root].device,
				 st.cand[st.root].type);
		else
			mounted_here = 1;
	}
	// every filesystem here by its own headers (mounting read-only changes none of them): the
	// guest's mounted ones named by where they are, then the others on this machine's disks
	static dev_t seen[MOUNTS_MAX + DISKS_MAX];
	int nseen = 0;
	struct stat sb;
	io_errors(&g);
	if (guest_is_mounted()) {
		int n = guest_mounts(devs, types, dirs, MOUNTS_MAX), gone = 0;
		for (int i = 0; i < n; i++) {
			if (stat(devs[i], &sb) == 0 && S_ISBLK(sb.st_mode)) {
				seen[nseen++] = sb.st_rdev;
				fs_state(&g, devs[i], types[i], dirs[i]);
				continue;
			}
			// its disk went away under the mount (unplugged): what is read there is I/O errors
			diag_add(&rep, "disk.gone", DIAG_ERROR, "lifeboat umount", "a mounted guest filesystem's disk is gone",
				 "%s (%s) is still mounted at " GUEST_ROOT "%s, but the device is no longer there",
				 devs[i], types[i], strcmp(dirs[i], "/") == 0 ? "" : dirs[i]);
			gone = 1;
		}
		// the guest's files are not looked at through a mount that can only fail
		if (!gone)
			g.rootfd = open(GUEST_ROOT, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	for (int i = 0; i < st.ndev; i++) {
		const struct blockdev *d = &st.dev[i];
		int known = 0;
		if (strncmp(d->type, "ext", 3) != 0 && strcmp(d->type, "xfs") != 0 && strcmp(d->type, "btrfs") != 0)
			continue;
		if (stat(d->dev, &sb) == 0 && S_ISBLK(sb.st_mode))
			for (int k = 0; k < nseen && !known; k++)
				known = seen[k] == sb.st_rdev;
		if (!known)
			fs_state(&g, d->dev, d->type, d->dev);
	}
	if (g.rootfd >= 0) {
		dg_fstab(&g);
		dg_boot(&g);
		dg_network(&g);
		dg_firewall(&g);
		dg_access(&g);
		dg_space(&g);
		dg_logs(&g);
		close(g.rootfd);
	}
	if (mounted_here)
		guest_umount_all();
	diag_sort(&rep);

	// the summary for the banner and the message of the day
	if (diag_summary(&rep, out, sizeof out) >= 0 && sys_write_file_atomic(DIAGNOSE_TXT, out, strlen(out), 0644) == 0 &&
	    getpid() != 1)
		kill(1, LB_SIG_DIAG);	/* PID 1 shows it in the banner and the motd */
	if (json) {
		struct json j;
		json_init(&j, out, sizeof out);
		diag_json(&rep, &j);
		const char *s = json_finish(&j);
		if (!s) {
			fprintf(stderr, "lifeboat diagnose: the report does not fit\n");
			return EXIT_FAILED;
		}
		puts(s);
	} else if (diag_text(&rep, out, sizeof out) >= 0) {
		fputs(out, stdout);
	}
	return EXIT_DONE;
}
