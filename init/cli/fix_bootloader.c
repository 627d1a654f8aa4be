/* lifeboat fix bootloader [--force]: in the guest (chroot), GRUB installed
 * again — to every disk under the guest's /boot (BIOS), or to its EFI system
 * partition (UEFI, as the removable-media path that firmware finds without a
 * boot entry) — and its config made again (update-grub, grub-mkconfig,
 * grub2-mkconfig). A boot sector with GRUB in it and a config in place are
 * left alone unless --force. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "../disk/groot.h"
#include "../lib/mountinfo.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DISKS_MAX_BOOT 8

struct grub {
	const char *install, *mkconfig, *cfg;	/* paths inside the guest; mkconfig NULL: update-grub */
	int update_grub;
};

/* The guest's GRUB: Debian's grub-install/update-grub, or grub2-* of the Red Hat and SUSE families. */
static int find_grub(int rootfd, struct grub *g)
{
	static const char *const installs[] = { "/usr/sbin/grub-install", "/sbin/grub-install", "/usr/sbin/grub2-install",
						"/sbin/grub2-install" };

	memset(g, 0, sizeof *g);
	for (size_t i = 0; i < sizeof installs / sizeof *installs && !g->install; i++)
		if (groot_exists(rootfd, installs[i]))
			g->install = installs[i];
	if (!g->install)
		return -1;
	int two = strstr(g->install, "grub2") != NULL;
	g->cfg = two ? "/boot/grub2/grub.cfg" : "/boot/grub/grub.cfg";
	g->update_grub = !two && (groot_exists(rootfd, "/usr/sbin/update-grub") || groot_exists(rootfd, "/sbin/update-grub"));
	g->mkconfig = two ? "grub2-mkconfig" : "grub-mkconfig";
	return 0;
}

/* The device (major:minor, as mountinfo has it) mounted at GUEST_ROOT+sub; "" when none. */
static void mounted_dev(const char *sub, char *majmin, size_t size, char *type, size_t tsize)
{
	static char buf[1 << 16];
	static struct mountinfo m;
	char want[300];
	ssize_t len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	size_t pos = 0;

	majmin[0] = type[0] = '\0';
	snprintf(want, sizeof want, GUEST_ROOT "%s", sub);
	// the last one: what was mounted over another is what the path shows
	while (len > 0 && mountinfo_next(buf, (size_t)len, &pos, &m))
		if (strcmp(m.dir, want) == 0) {
			snprintf(majmin, size, "%u:%u", m.major, m.minor);
			text_copy(type, tsize, m.fstype);
		}
}

/* The whole disks under the block device with sysfs name name (partitions' disks, md and dm members'). */
static int disks_under(const char *name, char disks[][32], int n, int depth)
{
	char path[300], real[PATH_MAX];
	struct dirent **names;
	int k;

	if (depth > 8 || n >= DISKS_MAX_BOOT)
		return n;
	snprintf(path, sizeof path, "/sys/class/block/%s/partition", name);
	if (access(path, F_OK) == 0) {
		snprintf(path, sizeof path, "/sys/class/block/%s/..", name);
		return realpath(path, real) ? disks_under(strrchr(real, '/') + 1, disks, n, depth + 1) : n;
	}
	snprintf(path, sizeof path, "/sys/class/block/%s/slaves", name);
	k = scandir(path, &names, NULL, alphasort);
	if (k <= 2) {
		// no members: a disk of its own
		for (int i = 0; i < k; i++)
			free(names[i]);
		if (k >= 0)
			free(names);
		for (int i = 0; i < n; i++)
			if (strcmp(disks[i], name) == 0)
				return n;
		text_copy(disks[n], 32, name);
		return n + 1;
	}
	for (int i = 0; i < k; i++) {
		if (names[i]->d_name[0] != '.')
			n = disks_under(names[i]->d_name, disks, n, depth + 1);
		free(names[i]);
	}
	free(names);
	return n;
}

static int name_of(const char *majmin, char *out, size_t size)
{
	char path[64], link[PATH_MAX];
	ssize_t l;

	snprintf(path, sizeof path, "/sys/dev/block/%s", majmin);
	if ((l = readlink(path, link, sizeof link - 1)) <= 0)
		return -1;
	link[l] = '\0';
	return text_copy(out, size, strrchr(link, '/') + 1) < size ? 0 : -1;
}

/* GRUB's boot code in the first sector of /dev/disk? */
static int mbr_has_grub(const char *disk)
{
	char dev[300], mbr[512];
	int fd;

	snprintf(dev, sizeof dev, "/dev/%s", disk);
	if ((fd = open(dev, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	ssize_t n = pread(fd, mbr, sizeof mbr, 0);
	close(fd);
	return n == (ssize_t)sizeof mbr && memmem(mbr, 440, "GRUB", 4) != NULL;
}

static void mbr_hex(const char *disk, char out[65])
{
	char dev[300], mbr[440];
	int fd;

	out[0] = '\0';
	snprintf(dev, sizeof dev, "/dev/%s", disk);
	if ((fd = open(dev, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (pread(fd, mbr, sizeof mbr, 0) == (ssize_t)sizeof mbr)
		repair_hex(mbr, sizeof mbr, out);
	close(fd);
}

struct fix {
	int force, uefi, nd;
	struct grub g;
	char disks[DISKS_MAX_BOOT][32];
	char esp[16];
};

/* The look: the guest's GRUB, the disks under /boot, the ESP; whether it is all in place. */
static int look(struct fix *x, int rootfd, struct plan *p)
{
	char majmin[32], type[32], name[64];
	int have = find_grub(rootfd, &x->g) == 0;

	// /boot's own filesystem, else the root's: the disks under it get the boot code
	mounted_dev("/boot", majmin, sizeof majmin, type, sizeof type);
	if (!majmin[0])
		mounted_dev("", majmin, sizeof majmin, type, sizeof type);
	x->nd = majmin[0] && name_of(majmin, name, sizeof name) == 0 ? disks_under(name, x->disks, 0, 0) : 0;
	x->esp[0] = '\0';
	if (x->uefi) {
		static const char *const esps[] = { "/boot/efi", "/efi", "/boot" };
		for (size_t i = 0; i < sizeof esps / sizeof *esps && !x->esp[0]; i++) {
			mounted_dev(esps[i], majmin, sizeof majmin, type, sizeof type);
			if (majmin[0] && strcmp(type, "vfat") == 0)
				text_copy(x->esp, sizeof x->esp, esps[i]);
		}
	}
	int platform = have && groot_exists(rootfd, x->uefi ? "/usr/lib/grub/x86_64-efi" : "/usr/lib/grub/i386-pc");
	if (!have || !platform || (!x->uefi && !x->nd) || (x->uefi && !x->esp[0])) {
		plan_end(p, "failed", "%s", !have ? "the guest has no grub-install (or grub2-install)"
			 : !platform ? (x->uefi ? "this machine boots UEFI, and the guest has no GRUB for it "
						  "(/usr/lib/grub/x86_64-efi)"
						: "the guest has no GRUB for BIOS (/usr/lib/grub/i386-pc)")
			 : x->uefi ? "no EFI system partition (vfat at /boot/efi or /efi) in the guest's fstab"
				   : "the disk under the guest's /boot was not found");
		return -EXIT_FAILED;
	}
	int intact = groot_exists(rootfd, x->g.cfg);
	if (x->uefi)
		intact = intact && groot_exists(rootfd, "/boot/efi/EFI/BOOT/BOOTX64.EFI");
	for (int i = 0; !x->uefi && i < x->nd; i++)
		intact = intact && mbr_has_grub(x->disks[i]);
	if (intact && !x->force) {
		plan_end(p, "nothing to do", "GRUB is in place and its config is there (--force installs it again)");
		return 0;
	}
	return 1;
}

static void steps(const struct fix *x, struct plan *p)
{
	if (x->uefi)
		plan_add(p, "run", x->g.install, "in the guest: --target=x86_64-efi --efi-directory=%s --removable "
			 "(no boot entry needed)", x->esp);
	else
		for (int i = 0; i < x->nd; i++)
			plan_add(p, "run", x->g.install, "in the guest: --target=i386-pc /dev/%s (its boot code; the "
				 "partition table stays)", x->disks[i]);
	plan_add(p, "run", x->g.update_grub ? "update-grub" : x->g.mkconfig, "in the guest: %s made again", x->g.cfg);
}

static int bootloader_pass(void *ctx, int rootfd, struct plan *p, int apply)
{
	struct fix *x = ctx;
	char cfg_before[65], cfg_after[65], espdir[64];
	int failed = 0;

	if (!apply) {
		int n = look(x, rootfd, p);
		if (n > 0)
			steps(x, p);
		return n;
	}
	steps(x, p);
	for (int i = 0; !x->uefi && i < x->nd; i++) {
		char dev[300];
		snprintf(dev, sizeof dev, "/dev/%s", x->disks[i]);
		if (guest_make_writable(dev) < 0) {
			fprintf(stderr, "lifeboat fix bootloader: %s could not be made writable\n", dev);
			failed++;
		}
	}
	repair_file_hex(rootfd, x->g.cfg, cfg_before);
	char *install = strrchr(x->g.install, '/') + 1;
	snprintf(espdir, sizeof espdir, "--efi-directory=%s", x->esp);
	for (int i = 0; !failed && i < (x->uefi ? 1 : x->nd); i++) {
		char dev[300], before[65], after[65], label[320];
		snprintf(dev, sizeof dev, "/dev/%s", x->disks[i]);
		mbr_hex(x->disks[i], before);
		char *bios[] = { "chroot", install, "--target=i386-pc", dev, NULL };
		char *efi[] = { "chroot", install, "--target=x86_64-efi", espdir, "--removable", "--no-nvram", NULL };
		int r = repair_chroot(x->uefi ? efi : bios);
		if (r != 0) {
			fprintf(stderr, "lifeboat fix bootloader: %s: exit %d\n", x->g.install, r);
			failed++;
		}
		if (!x->uefi) {
			mbr_hex(x->disks[i], after);
			snprintf(label, sizeof label, "%s (boot code)", dev);
			plan_file(p, label, before, after, NULL);
		}
	}
	if (!failed) {
		char *ug[] = { "chroot", "update-grub", NULL };
		char *mk[] = { "chroot", (char *)x->g.mkconfig, "-o", (char *)x->g.cfg, NULL };
		int r = repair_chroot(x->g.update_grub ? ug : mk);
		if (r != 0) {
			fprintf(stderr, "lifeboat fix bootloader: %s: exit %d\n", x->g.update_grub ? "update-grub"
				: x->g.mkconfig, r);
			failed++;
		}
	}
	repair_file_hex(rootfd, x->g.cfg, cfg_after);
	plan_file(p, x->g.cfg, cfg_before, cfg_after, NULL);
	if (failed) {
		plan_end(p, "failed", "see above");
		return -EXIT_FAILED;
	}
	plan_end(p, "done", "GRUB installed (%s) and %s made again", x->uefi ? "UEFI" : "BIOS", x->g.cfg);
	return 1;
}

int fix_bootloader(int argc, char **argv, struct fix_opts *o)
{
	static struct fix x;
	const struct repair r = { "fix bootloader", 1, bootloader_pass, NULL, "" };

	memset(&x, 0, sizeof x);
	x.uefi = access("/sys/firmware/efi", F_OK) == 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			x.force = 1;
		else {
			fprintf(stderr, "usage: lifeboat fix bootloader [--force] [--yes] [--json]\n");
			return EXIT_USAGE;
		}
	}
	return repair_drive(&r, &x, o);
}
