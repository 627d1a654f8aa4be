/* lifeboat snapshot begin|commit|rollback|status: the guest's disk behind a
 * device-mapper snapshot, its copy-on-write store in RAM (a sparse file in
 * /run on a loop device) or on a blank spare disk, so that a repair can be
 * tried and looked at before commit merges it into the disk or rollback
 * throws it away. While it lasts, lifeboat's disk layer sees the snapshot's
 * devices in the disk's place (disks.c), so every command works on them. */
#define _GNU_SOURCE
#include "cli.h"
#include "guest.h"
#include "repair.h"
#include "../disk/disks.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../pid1/run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DMSETUP "/sbin/dmsetup"
#define COW_DIR LB_RUN_DIR "/snapshot"
#define CHUNK 8			/* sectors: 4 KiB copy-on-write chunks */
#define PARTS_MAX 32
#define SETTLE_MS 15000		/* PID 1 takes the new devices in */
#define MERGE_WAIT_S 3600

static int dm(char *const argv[], char *out, size_t size)
{
	return run_capture(DMSETUP, argv, out, size);
}

/* /dev/NAME read-only at the block layer, or writable (ro 0). */
static int set_ro(const char *dev, int ro)
{
	return guest_set_ro(strncmp(dev, "/dev/", 5) == 0 ? dev + 5 : dev, ro);
}

static unsigned long long sysnum(const char *name, const char *attr)
{
	char path[300], v[32];

	snprintf(path, sizeof path, "/sys/class/block/%s/%s", name, attr);
	return sys_read_file(path, v, sizeof v) > 0 ? strtoull(v, NULL, 10) : 0;
}

/* A loop device over file (auto-detached once nothing holds it); its fd stays open until the caller closes it. */
static int loop_attach(const char *file, char *dev, size_t size, int *lfd)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC), nr, ffd, err = 0;
	struct loop_info64 li;

	if (ctl < 0)
		return -errno;
	nr = ioctl(ctl, LOOP_CTL_GET_FREE);
	close(ctl);
	if (nr < 0)
		return -errno;
	snprintf(dev, size, "/dev/loop%d", nr);
	for (int i = 0; i < 50 && access(dev, F_OK) != 0; i++)
		usleep(20000);	/* devtmpfs makes the node */
	if ((*lfd = open(dev, O_RDWR | O_CLOEXEC)) < 0)
		return -errno;
	if ((ffd = open(file, O_RDWR | O_CLOEXEC)) < 0) {
		err = -errno;
		close(*lfd);
		return err;
	}
	memset(&li, 0, sizeof li);
	li.lo_flags = LO_FLAGS_AUTOCLEAR;
	if (ioctl(*lfd, LOOP_SET_FD, ffd) < 0 || ioctl(*lfd, LOOP_SET_STATUS64, &li) < 0)
		err = -errno;
	close(ffd);
	if (err)
		close(*lfd);
	return err;
}

/* The state's lines: disk ORIGIN SNAPSHOT COW [FILE], part ORIGIN SNAPSHOT. */
struct snap {
	char disk[32], name[64], cow[96], file[128];
	char part[PARTS_MAX][32], pname[PARTS_MAX][64];
	int nparts;
};

static int load(struct snap *s)
{
	char text[4096], kind[8], a[128], b[128], c[128], d[128];

	memset(s, 0, sizeof *s);
	if (sys_read_file(SNAPSHOT_STATE, text, sizeof text) <= 0)
		return -1;
	for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		int n = sscanf(l, "%7s %127s %127s %127s %127s", kind, a, b, c, d);
		if (strcmp(kind, "disk") == 0 && n >= 4) {
			text_copy(s->disk, sizeof s->disk, a);
			text_copy(s->name, sizeof s->name, b);
			text_copy(s->cow, sizeof s->cow, c);
			if (n == 5)
				text_copy(s->file, sizeof s->file, d);
		} else if (strcmp(kind, "part") == 0 && n >= 3 && s->nparts < PARTS_MAX) {
			text_copy(s->part[s->nparts], sizeof s->part[0], a);
			text_copy(s->pname[s->nparts++], sizeof s->pname[0], b);
		}
	}
	return s->disk[0] ? 0 : -1;
}

/* Wait until PID 1's disk state shows (want 1) or no longer shows (0) the snapshot's devices. */
static void settle(const char *name, int want)
{
	static struct disk_state st;
	char dev[96];

	snprintf(dev, sizeof dev, "/dev/mapper/%s", name);
	for (int waited = 0; waited < SETTLE_MS; waited += 100) {
		int seen = 0;
		if (disks_load(&st) == 0)
			for (int i = 0; i < st.ndev; i++)
				seen |= strncmp(st.dev[i].dev, dev, strlen(dev)) == 0;
		if (seen == want && (!want || st.root < 0 || strstr(st.cand[st.root].device, SNAPSHOT_PREFIX)))
			return;
		usleep(100000);
	}
}

/* Remove the partitions' mappings and the snapshot (its loop goes with it); --retry: PID 1
 * may be looking into a mapping (its read-only probe) when a block event made it look again. */
static int teardown(const struct snap *s)
{
	int err = 0;

	for (int i = s->nparts - 1; i >= 0; i--) {
		char *const rm[] = { "dmsetup", "remove", "--retry", (char *)s->pname[i], NULL };
		err |= dm(rm, NULL, 0) != 0;
	}
	char *const rm[] = { "dmsetup", "remove", "--retry", (char *)s->name, NULL };
	err |= dm(rm, NULL, 0) != 0;
	if (s->file[0])
		unlink(s->file);
	else if (s->cow[0])
		set_ro(s->cow, 1);	/* a spare disk: read-only again, like every disk lifeboat found */
	return err ? -1 : 0;
}

/* The root's whole disk, refusing stacks (md, LVM, LUKS) a snapshot below them cannot reach. */
static int root_disk(char *disk, size_t size, char *why, size_t wsize)
{
	static struct disk_state st;

	if (disks_load(&st) < 0 || st.root < 0) {
		snprintf(why, wsize, "no guest root was found (lifeboat disks)");
		return -1;
	}
	for (int i = 0; i < st.ndev; i++) {
		const struct blockdev *d = &st.dev[i];
		if (strcmp(d->dev, st.cand[st.root].device) != 0)
			continue;
		if (strncmp(d->name, "dm-", 3) == 0 || strncmp(d->name, "md", 2) == 0) {
			snprintf(why, wsize, "the root %s is on md, LVM or LUKS; lifeboat snapshots plain partitions "
				 "and disks only", d->dev);
			return -1;
		}
		text_copy(disk, size, d->partition ? d->parent : d->name);
		return 0;
	}
	snprintf(why, wsize, "the root's device is not in the disk list");
	return -1;
}

static int holders(const char *name)
{
	char path[300];
	struct dirent **names;
	int k, n = 0;

	snprintf(path, sizeof path, "/sys/class/block/%s/holders", name);
	if ((k = scandir(path, &names, NULL, alphasort)) < 0)
		return 0;
	for (int i = 0; i < k; i++) {
		n += names[i]->d_name[0] != '.';
		free(names[i]);
	}
	free(names);
	return n;
}

static int begin(int argc, char **argv)
{
	char disk[32], why[256], name[64], cow[96] = "", file[160] = "", table[256], state[4096];
	const char *spare = NULL;
	unsigned long long mib = 0, sectors, cow_bytes;
	int lfd = -1, err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cow") == 0 && i + 1 < argc)
			spare = argv[++i];
		else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc)
			mib = strtoull(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: lifeboat snapshot begin [--cow SPARE-DISK | --size MiB]\n");
			return EXIT_USAGE;
		}
	}
	if (access(SNAPSHOT_STATE, F_OK) == 0) {
		fprintf(stderr, "lifeboat snapshot: one is going on already (lifeboat snapshot status)\n");
		return EXIT_REFUSED;
	}
	if (guest_is_mounted()) {
		fprintf(stderr, "lifeboat snapshot: something is mounted at " GUEST_ROOT "; lifeboat umount first\n");
		return EXIT_REFUSED;
	}
	if (root_disk(disk, sizeof disk, why, sizeof why) < 0) {
		fprintf(stderr, "lifeboat snapshot: %s\n", why);
		return EXIT_REFUSED;
	}
	// the disk and its partitions must be free: nothing assembled or mapped on them
	struct dirent **names;
	int k, busy = holders(disk);
	char path[300], parts[PARTS_MAX][32];
	int np = 0;
	snprintf(path, sizeof path, "/sys/class/block/%s", disk);
	k = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < k; i++) {
		char p[400];
		snprintf(p, sizeof p, "/sys/class/block/%s/%s/partition", disk, names[i]->d_name);
		if (access(p, F_OK) == 0 && np < PARTS_MAX) {
			busy += holders(names[i]->d_name);
			text_copy(parts[np++], sizeof parts[0], names[i]->d_name);
		}
		free(names[i]);
	}
	if (k >= 0)
		free(names);
	if (busy) {
		fprintf(stderr, "lifeboat snapshot: %s (or a partition of it) is in use by md, LVM or LUKS; "
			"lifeboat snapshots plain partitions only\n", disk);
		return EXIT_REFUSED;
	}
	sectors = sysnum(disk, "size");
	snprintf(name, sizeof name, SNAPSHOT_PREFIX "%s", disk);
	if (spare) {
		static struct disk_state st;
		const struct blockdev *d = NULL;
		if (disks_load(&st) == 0)
			for (int i = 0; i < st.ndev; i++)
				if (strcmp(st.dev[i].dev, spare) == 0)
					d = &st.dev[i];
		// only a disk with nothing on it: the store overwrites it
		if (!d || d->partition || d->type[0] || d->pttype[0] || strcmp(d->name, disk) == 0) {
			fprintf(stderr, "lifeboat snapshot: %s is not a blank whole disk lifeboat found; refused\n", spare);
			return EXIT_REFUSED;
		}
		text_copy(cow, sizeof cow, spare);
		cow_bytes = d->bytes;
		set_ro(spare, 0);
	} else {
		char mem[256];
		unsigned long long avail = 0;
		FILE *f = fopen("/proc/meminfo", "r");
		while (f && fgets(mem, sizeof mem, f))
			if (sscanf(mem, "MemAvailable: %llu kB", &avail) == 1)
				break;
		if (f)
			fclose(f);
		cow_bytes = mib ? mib << 20 : avail * 1024 / 2;
		if (cow_bytes > sectors * 512)
			cow_bytes = sectors * 512;
		sys_mkdir_p(COW_DIR, 0700);
		snprintf(file, sizeof file, COW_DIR "/%s.cow", disk);
		int fd = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0 || ftruncate(fd, (off_t)cow_bytes) < 0) {
			perror("lifeboat snapshot: " COW_DIR);
			if (fd >= 0)
				close(fd);
			return EXIT_FAILED;
		}
		close(fd);
		if ((err = loop_attach(file, cow, sizeof cow, &lfd)) < 0) {
			fprintf(stderr, "lifeboat snapshot: a loop device for the store: %s\n", strerror(-err));
			unlink(file);
			return EXIT_FAILED;
		}
	}
	// persistent: the store keeps its own table, which a merge needs
	snprintf(table, sizeof table, "0 %llu snapshot /dev/%s %s P %d", sectors, disk, cow, CHUNK);
	char *const create[] = { "dmsetup", "create", "--table", table, name, NULL };
	struct snap s = { .nparts = 0 };
	text_copy(s.disk, sizeof s.disk, disk);
	text_copy(s.name, sizeof s.name, name);
	text_copy(s.file, sizeof s.file, file);
	if (dm(create, NULL, 0) != 0) {
		fprintf(stderr, "lifeboat snapshot: dmsetup could not make %s\n", name);
		if (lfd >= 0)
			close(lfd);
		if (file[0])
			unlink(file);
		return EXIT_FAILED;
	}
	if (lfd >= 0)
		close(lfd);
	int len = snprintf(state, sizeof state, "disk %s %s %s%s%s\n", disk, name, cow, file[0] ? " " : "", file);
	for (int i = 0; i < np; i++) {
		char pname[64];
		if ((size_t)snprintf(pname, sizeof pname, SNAPSHOT_PREFIX "%s", parts[i]) >= sizeof pname)
			continue;
		snprintf(table, sizeof table, "0 %llu linear /dev/mapper/%s %llu", sysnum(parts[i], "size"), name,
			 sysnum(parts[i], "start"));
		char *const mk[] = { "dmsetup", "create", "--table", table, pname, NULL };
		if (dm(mk, NULL, 0) != 0) {
			fprintf(stderr, "lifeboat snapshot: dmsetup could not map %s\n", parts[i]);
			teardown(&s);
			return EXIT_FAILED;
		}
		text_copy(s.pname[s.nparts], sizeof s.pname[0], pname);
		text_copy(s.part[s.nparts++], sizeof s.part[0], parts[i]);
		len += snprintf(state + len, sizeof state - (size_t)len, "part %s %s\n", parts[i], pname);
	}
	sys_write_file_atomic(SNAPSHOT_STATE, state, (size_t)len, 0600);
	// PID 1 sees the new devices by their uevents; the repairs that follow must see them too
	settle(s.pname[0][0] ? s.pname[0] : name, 1);
	char size[24];
	text_size(cow_bytes, size, sizeof size);
	printf("snapshot of /dev/%s begun: changes go to %s (%s%s); /dev/%s itself is not written.\n"
	       "lifeboat disks, mount, chroot and fix now work on the snapshot; then lifeboat snapshot commit "
	       "(keep the changes) or rollback (throw them away)\n", disk, cow, size, file[0] ? " in RAM" : "", disk);
	return EXIT_DONE;
}

/* dmsetup status of the snapshot: "A/T M" sectors allocated/total and metadata; -1 when invalid. */
static int usage(const char *name, unsigned long long *alloc, unsigned long long *total, unsigned long long *meta)
{
	char out[512];
	char *const st[] = { "dmsetup", "status", (char *)name, NULL };

	if (dm(st, out, sizeof out) != 0)
		return -1;
	char *p = strstr(out, "snapshot");
	p = p ? strchr(p, ' ') : NULL;
	if (!p || sscanf(p, " %llu/%llu %llu", alloc, total, meta) != 3)
		return -1;
	return 0;
}

static int status(void)
{
	struct snap s;
	unsigned long long a, t, m;

	if (load(&s) < 0) {
		printf("no snapshot\n");
		return EXIT_DONE;
	}
	printf("snapshot %s of /dev/%s, store %s%s%s\n", s.name, s.disk, s.cow, s.file[0] ? " on " : "", s.file);
	for (int i = 0; i < s.nparts; i++)
		printf("  /dev/mapper/%s stands for /dev/%s\n", s.pname[i], s.part[i]);
	if (usage(s.name, &a, &t, &m) == 0) {
		char used[24], all[24];
		text_size(a * 512, used, sizeof used);
		text_size(t * 512, all, sizeof all);
		printf("  changes: %s of %s store used\n", used, all);
	} else {
		printf("  the snapshot is INVALID (its store ran full?): only rollback is left\n");
	}
	return EXIT_DONE;
}

static int finish(int commit, const struct fix_opts *o)
{
	static struct plan p;
	struct snap s;
	unsigned long long a, t, m;
	char size[24], table[256], dev[64];

	plan_init(&p, commit ? "snapshot commit" : "snapshot rollback", NULL);
	if (load(&s) < 0) {
		plan_end(&p, "failed", "no snapshot is going on");
		return repair_finish(&p, o, EXIT_FAILED);
	}
	snprintf(dev, sizeof dev, "/dev/%s", s.disk);
	plan_init(&p, commit ? "snapshot commit" : "snapshot rollback", dev);
	if (guest_is_mounted()) {
		plan_end(&p, "refused", "something is mounted at " GUEST_ROOT "; lifeboat umount first");
		return repair_finish(&p, o, EXIT_REFUSED);
	}
	int valid = usage(s.name, &a, &t, &m) == 0;
	if (commit && !valid) {
		plan_end(&p, "refused", "the snapshot is invalid (its store ran full); only rollback is left");
		return repair_finish(&p, o, EXIT_REFUSED);
	}
	text_size(valid ? a * 512 : 0, size, sizeof size);
	if (commit)
		plan_add(&p, "merge", dev, "the snapshot's changes (%s of store) written into the disk", size);
	else
		plan_add(&p, "drop", s.name, "the snapshot and its changes (%s) thrown away; %s stays as it was", size,
			 dev);
	repair_show(&p, o);
	if (!repair_confirmed(o, NULL)) {
		plan_end(&p, "needs confirmation", "nothing done: add --yes to act");
		return repair_finish(&p, o, EXIT_NEEDS_CONFIRMATION);
	}
	if (!commit) {
		int err = teardown(&s);
		unlink(SNAPSHOT_STATE);
		settle(s.name, 0);
		plan_end(&p, err ? "failed" : "done", err ? "some mappings could not be removed (dmsetup ls)"
							  : "rolled back: %s is as it was before the snapshot", dev);
		repair_audit(-1, &p);
		return repair_finish(&p, o, err ? EXIT_FAILED : EXIT_DONE);
	}
	// the partitions' mappings go first: the merge takes the snapshot's place as the disk's origin
	for (int i = s.nparts - 1; i >= 0; i--) {
		char *const rm[] = { "dmsetup", "remove", "--retry", (char *)s.pname[i], NULL };
		dm(rm, NULL, 0);
	}
	s.nparts = 0;
	// the merge writes the disk, and the store's metadata as it goes
	set_ro(dev, 0);
	set_ro(s.cow, 0);
	snprintf(table, sizeof table, "0 %llu snapshot-merge %s %s P %d", sysnum(s.disk, "size"), dev, s.cow, CHUNK);
	char *const reload[] = { "dmsetup", "reload", "--table", table, s.name, NULL };
	char *const resume[] = { "dmsetup", "resume", s.name, NULL };
	if (dm(reload, NULL, 0) != 0 || dm(resume, NULL, 0) != 0) {
		set_ro(dev, 1);
		plan_end(&p, "failed", "the merge could not start (dmsetup reload %s)", s.name);
		repair_audit(-1, &p);
		return repair_finish(&p, o, EXIT_FAILED);
	}
	// merged when only the store's metadata is left allocated
	time_t until = time(NULL) + MERGE_WAIT_S;
	int merged = 0;
	while (time(NULL) < until && !merged) {
		merged = usage(s.name, &a, &t, &m) == 0 && a == m;
		if (!merged)
			usleep(200000);
	}
	if (!merged) {
		plan_end(&p, "failed", "the merge did not finish; it goes on in the kernel (lifeboat snapshot status)");
		repair_audit(-1, &p);
		return repair_finish(&p, o, EXIT_FAILED);
	}
	sync();
	int err = teardown(&s);
	set_ro(dev, 1);
	unlink(SNAPSHOT_STATE);
	settle(s.name, 0);
	plan_end(&p, err ? "failed" : "done", err ? "merged, but the mapping could not be removed (dmsetup ls)"
						  : "committed: the changes are in %s", dev);
	repair_audit(-1, &p);
	return repair_finish(&p, o, err ? EXIT_FAILED : EXIT_DONE);
}

int cmd_snapshot(int argc, char **argv)
{
	struct fix_opts o;
	char *rest[16];
	int n = repair_options(argc, argv, &o, rest, 16);

	if (n >= 1 && strcmp(rest[0], "begin") == 0)
		return begin(n, rest);
	if (n == 1 && strcmp(rest[0], "commit") == 0)
		return finish(1, &o);
	if (n == 1 && strcmp(rest[0], "rollback") == 0)
		return finish(0, &o);
	if (n == 1 && strcmp(rest[0], "status") == 0)
		return status();
	fprintf(stderr, "usage: lifeboat snapshot begin [--cow SPARE-DISK | --size MiB]\n"
		"       lifeboat snapshot commit|rollback [--yes]\n       lifeboat snapshot status\n");
	return EXIT_USAGE;
}
