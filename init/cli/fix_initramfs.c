/* lifeboat fix initramfs [--force]: in the guest (chroot), the initramfs of
 * every installed kernel made again with the guest's own tool
 * (update-initramfs, dracut, mkinitcpio), after its config names the drivers
 * this machine needs for the guest's root (from the devices lifeboat found
 * under it, and its NICs' when the initramfs brings up the network).
 * Kernels whose initramfs is there are left alone unless the config changed
 * or --force is given. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "../disk/disks.h"
#include "../diag/bootent.h"
#include "../disk/groot.h"
#include "../fix/initrd.h"
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
#include <sys/sysmacros.h>
#include <unistd.h>

#define KERNELS_MAX 8
#define TEXT_MAX (1 << 20)

enum tool { INITRAMFS_TOOLS, DRACUT, MKINITCPIO };

static const struct {
	const char *name, *paths[3], *conf;
} tools[] = {
	[INITRAMFS_TOOLS] = { "update-initramfs", { "/usr/sbin/update-initramfs", "/sbin/update-initramfs" },
			      "/etc/initramfs-tools/modules" },
	[DRACUT] = { "dracut", { "/usr/bin/dracut", "/usr/sbin/dracut", "/sbin/dracut" },
		     "/etc/dracut.conf.d/90-lifeboat.conf" },
	[MKINITCPIO] = { "mkinitcpio", { "/usr/bin/mkinitcpio" }, "/etc/mkinitcpio.conf.d/90-lifeboat.conf" },
};

/* The drivers under sysfs device path dev, from it up to the root of the tree. */
static int drivers_up(const char *dev, char mods[][32], int n)
{
	char path[PATH_MAX], link[PATH_MAX], m[32];

	if (!realpath(dev, path))
		return n;
	while (strlen(path) > strlen("/sys/devices")) {
		char drv[PATH_MAX + 8];
		snprintf(drv, sizeof drv, "%s/driver", path);
		ssize_t l = readlink(drv, link, sizeof link - 1);
		if (l > 0) {
			link[l] = '\0';
			if (initrd_module_of_driver(strrchr(link, '/') ? strrchr(link, '/') + 1 : link, m, sizeof m) == 0)
				n = initrd_mods_add(mods, n, INITRD_MODS_MAX, m);
		}
		*strrchr(path, '/') = '\0';
	}
	return n;
}

/* The modules the block device name (sysfs) needs: its disk's drivers, and md/dm layers below it. */
static int block_mods(const char *name, char mods[][32], int n, int depth)
{
	char path[300], level[32];
	struct dirent **names;
	int k;

	if (depth > 8)
		return n;
	snprintf(path, sizeof path, "/sys/class/block/%s/device", name);
	if (access(path, F_OK) == 0)
		return drivers_up(path, mods, n);
	snprintf(path, sizeof path, "/sys/class/block/%s/partition", name);
	if (access(path, F_OK) == 0) {
		// a partition: its disk is the directory above it
		char real[PATH_MAX];
		snprintf(path, sizeof path, "/sys/class/block/%s/..", name);
		if (realpath(path, real))
			return block_mods(strrchr(real, '/') + 1, mods, n, depth + 1);
		return n;
	}
	if (strncmp(name, "dm-", 3) == 0)
		n = initrd_mods_add(mods, n, INITRD_MODS_MAX, "dm_mod");
	snprintf(path, sizeof path, "/sys/class/block/%s/md/level", name);
	if (sys_read_file(path, level, sizeof level) > 0) {
		level[strcspn(level, "\n")] = '\0';
		n = initrd_mods_add(mods, n, INITRD_MODS_MAX, level);
	}
	snprintf(path, sizeof path, "/sys/class/block/%s/dm/uuid", name);
	if (sys_read_file(path, level, sizeof level) > 0 && strncmp(level, "CRYPT-", 6) == 0)
		n = initrd_mods_add(mods, n, INITRD_MODS_MAX, "dm_crypt");
	snprintf(path, sizeof path, "/sys/class/block/%s/slaves", name);
	if ((k = scandir(path, &names, NULL, alphasort)) < 0)
		return n;
	for (int i = 0; i < k; i++) {
		if (names[i]->d_name[0] != '.')
			n = block_mods(names[i]->d_name, mods, n, depth + 1);
		free(names[i]);
	}
	free(names);
	return n;
}

/* The sysfs name of a /dev node. */
static int sysfs_name(const char *dev, char *out, size_t size)
{
	char path[64], link[PATH_MAX];
	struct stat st;
	ssize_t l;

	if (stat(dev, &st) < 0 || !S_ISBLK(st.st_mode))
		return -1;
	snprintf(path, sizeof path, "/sys/dev/block/%u:%u", major(st.st_rdev), minor(st.st_rdev));
	if ((l = readlink(path, link, sizeof link - 1)) <= 0)
		return -1;
	link[l] = '\0';
	return text_copy(out, size, strrchr(link, '/') ? strrchr(link, '/') + 1 : link) < size ? 0 : -1;
}

struct kernel {
	char version[128];
	char initrd[200];	/* where its initramfs is or will be */
	int present;
};

/* Installed kernels: /lib/modules/VER with a /boot/vmlinuz-VER (or its own vmlinuz). */
static int kernels(int rootfd, enum tool t, struct kernel *k, int max)
{
	int fd = groot_open(rootfd, "/lib/modules", O_RDONLY | O_DIRECTORY), n = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	char path[300];
	struct stat st;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof k->version)
			continue;
		snprintf(path, sizeof path, "/boot/vmlinuz-%s", e->d_name);
		char own[300];
		snprintf(own, sizeof own, "/lib/modules/%s/vmlinuz", e->d_name);
		if (!groot_exists(rootfd, path) && !groot_exists(rootfd, own))
			continue;
		struct kernel *x = &k[n++];
		text_copy(x->version, sizeof x->version, e->d_name);
		snprintf(path, sizeof path, "/boot/initramfs-%s.img", e->d_name);
		// Fedora's dracut names it initramfs-VER.img; Debian's tools (dracut there too) initrd.img-VER
		if (t == INITRAMFS_TOOLS || !groot_exists(rootfd, path))
			snprintf(path, sizeof path, "/boot/initrd.img-%s", e->d_name);
		if (t == DRACUT && !groot_exists(rootfd, path) && groot_exists(rootfd, "/etc/redhat-release"))
			snprintf(path, sizeof path, "/boot/initramfs-%s.img", e->d_name);
		if (t == MKINITCPIO)
			snprintf(path, sizeof path, "/boot/initramfs-linux.img");
		text_copy(x->initrd, sizeof x->initrd, path);
		int f = groot_open(rootfd, path, O_RDONLY);
		x->present = f >= 0 && fstat(f, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
		if (f >= 0)
			close(f);
	}
	closedir(d);
	return n;
}

struct fix {
	int force, t, nk, nm, nh;
	const struct disk_state *st;
	char netwhy[200];	/* why the NICs' drivers are in too; "" when they are not */
	struct kernel k[KERNELS_MAX];
	char mods[INITRD_MODS_MAX][32], have[INITRD_MODS_MAX][32];
	char old[TEXT_MAX], neu[TEXT_MAX + 4096];
	ssize_t len;		/* of old; -1 when the config file is new */
	long conf_len;		/* of neu; 0 when the config needs no change */
};

static int wanted(const struct fix *x, int i)
{
	return x->force || x->conf_len > 0 || !x->k[i].present || x->t == MKINITCPIO;
}

/* The look: the tool, the kernels, the modules the guest's kernels have, the config's change. */
static int look(struct fix *x, int rootfd, struct plan *p)
{
	static char dep[4 << 20];
	char path[300];

	x->t = -1;
	for (int i = 0; i < (int)(sizeof tools / sizeof *tools) && x->t < 0; i++)
		for (int j = 0; j < 3 && tools[i].paths[j] && x->t < 0; j++)
			if (groot_exists(rootfd, tools[i].paths[j]))
				x->t = i;
	x->nk = x->t >= 0 ? kernels(rootfd, (enum tool)x->t, x->k, KERNELS_MAX) : 0;
	if (x->t < 0 || !x->nk) {
		plan_end(p, "failed", x->t < 0 ? "the guest has none of update-initramfs, dracut, mkinitcpio"
					      : "the guest has no kernel (/lib/modules/VER with /boot/vmlinuz-VER)");
		return -EXIT_FAILED;
	}
	// the NICs' drivers too when the initramfs brings up the network (a network root, SSH to unlock)
	x->netwhy[0] = '\0';
	if (fix_initramfs_network(rootfd, x->st, x->netwhy, sizeof x->netwhy))
		x->nm = fix_initramfs_net_needed(x->mods, x->nm);
	// only what the guest's kernels have as modules: built-in drivers need no line
	x->nh = 0;
	for (int i = 0; i < x->nm; i++) {
		int needed = 0;
		for (int j = 0; j < x->nk && !needed; j++) {
			if ((size_t)snprintf(path, sizeof path, "/lib/modules/%s/modules.dep", x->k[j].version) >= sizeof path)
				continue;
			ssize_t len = groot_read(rootfd, path, dep, sizeof dep);
			needed = len > 0 && initrd_kernel_has(dep, (size_t)len, x->mods[i]);
		}
		if (needed)
			x->nh = initrd_mods_add(x->have, x->nh, INITRD_MODS_MAX, x->mods[i]);
	}
	x->conf_len = 0;
	x->len = -1;
	if (x->nh) {
		x->len = groot_read(rootfd, tools[x->t].conf, x->old, sizeof x->old);
		if (x->t == INITRAMFS_TOOLS)
			x->conf_len = x->len >= 0 ? initrd_modules_file(x->old, (size_t)x->len, x->have, x->nh, x->neu,
									 sizeof x->neu) : 0;
		else {
			x->conf_len = x->t == DRACUT ? initrd_dracut_conf(x->have, x->nh, x->neu, sizeof x->neu)
						     : initrd_mkinitcpio_conf(x->have, x->nh, x->neu, sizeof x->neu);
			if (x->len == x->conf_len && memcmp(x->old, x->neu, (size_t)x->len) == 0)
				x->conf_len = 0;
		}
	}
	return 0;
}

static int steps(const struct fix *x, struct plan *p)
{
	int runs = 0;

	if (x->conf_len > 0) {
		char list[INITRD_MODS_MAX * 33] = "";
		for (int i = 0; i < x->nh; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? " " : "", x->have[i]);
		plan_add(p, x->len >= 0 ? "edit" : "create", tools[x->t].conf, "include %s%s%s%s", list,
			 x->netwhy[0] ? " (the network drivers: it brings up the network, " : "", x->netwhy,
			 x->netwhy[0] ? ")" : "");
	}
	for (int i = 0; i < x->nk; i++)
		if (wanted(x, i)) {
			plan_add(p, "run", tools[x->t].name, "in the guest: %s for kernel %s (%s)", x->k[i].initrd,
				 x->k[i].version, x->k[i].present ? "made again" : "missing");
			runs++;
			if (x->t == MKINITCPIO)
				break;	/* -P does every preset */
		}
	return runs;
}

/* The config's change, a backup of the old one first. */
static int write_conf(struct fix *x, int rootfd, struct plan *p)
{
	const char *conf = tools[x->t].conf;
	char before[65] = "", after[65], backup[320] = "";
	struct stat like = { .st_mode = 0644 };
	int fd = groot_open(rootfd, conf, O_RDONLY | O_NOFOLLOW), err = 0;

	if (fd >= 0) {
		fstat(fd, &like);
		close(fd);
		repair_hex(x->old, (size_t)x->len, before);
		err = repair_backup(rootfd, conf, 0, backup, sizeof backup);
	} else {
		char dir[200];
		snprintf(dir, sizeof dir, "%s", conf);
		*strrchr(dir, '/') = '\0';
		err = repair_mkdirs(rootfd, dir, 0755);
	}
	if (!err)
		err = repair_replace(rootfd, conf, x->neu, (size_t)x->conf_len, &like);
	repair_hex(x->neu, (size_t)x->conf_len, after);
	plan_file(p, conf, before, err ? before : after, backup);
	return err;
}

static int initramfs_pass(void *ctx, int rootfd, struct plan *p, int apply)
{
	struct fix *x = ctx;
	int runs, failed = 0;

	if (!apply) {
		if (look(x, rootfd, p) < 0)
			return -EXIT_FAILED;
		if (!(runs = steps(x, p)))
			plan_end(p, "nothing to do", "every kernel has its initramfs and the drivers are in its config "
				 "(--force makes them again)");
		return runs;
	}
	runs = steps(x, p);
	if (x->conf_len > 0 && write_conf(x, rootfd, p) < 0) {
		plan_end(p, "failed", "%s could not be written; nothing was run", tools[x->t].conf);
		return -EXIT_FAILED;
	}
	for (int i = 0; i < x->nk && !failed; i++) {
		if (!wanted(x, i))
			continue;
		char before[65], after[65];
		repair_file_hex(rootfd, x->k[i].initrd, before);
		char *ui[] = { "chroot", "update-initramfs", x->k[i].present ? "-u" : "-c", "-k", x->k[i].version, NULL };
		char *dr[] = { "chroot", "dracut", "--force", "--kver", x->k[i].version, NULL };
		char *mk[] = { "chroot", "mkinitcpio", "-P", NULL };
		char **cmd = x->t == INITRAMFS_TOOLS ? ui : x->t == DRACUT ? dr : mk;
		int r = repair_chroot(cmd);
		repair_file_hex(rootfd, x->k[i].initrd, after);
		plan_file(p, x->k[i].initrd, before, after, NULL);
		if (r != 0 || !after[0]) {
			fprintf(stderr, "lifeboat fix initramfs: %s for %s: exit %d%s\n", tools[x->t].name,
				x->k[i].version, r, after[0] ? "" : ", and no initramfs came of it");
			failed++;
		}
		if (x->t == MKINITCPIO)
			break;
	}
	if (failed) {
		plan_end(p, "failed", "see above; the old config is in " REPAIR_BACKUPS);
		return -EXIT_FAILED;
	}
	plan_end(p, "done", "%d initramfs made with %s", runs, tools[x->t].name);
	return runs;
}

int fix_initramfs(int argc, char **argv, struct fix_opts *o)
{
	static struct disk_state st;
	static struct fix x;
	static struct plan p;
	char name[64];

	memset(&x, 0, sizeof x);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			x.force = 1;
		else {
			fprintf(stderr, "usage: lifeboat fix initramfs [--force] [--yes] [--json]\n");
			return EXIT_USAGE;
		}
	}
	plan_init(&p, "fix initramfs", NULL);
	x.st = &st;
	if (disks_load(&st) < 0 || st.root < 0) {
		plan_end(&p, "failed", "no guest root was found (lifeboat disks)");
		return repair_finish(&p, o, EXIT_FAILED);
	}
	// the drivers under the guest's root here, and its filesystem's
	if (sysfs_name(st.cand[st.root].device, name, sizeof name) == 0)
		x.nm = block_mods(name, x.mods, 0, 0);
	for (int i = 0; i < st.ndev; i++)
		if (strcmp(st.dev[i].dev, st.cand[st.root].device) == 0 && st.dev[i].type[0])
			x.nm = initrd_mods_add(x.mods, x.nm, INITRD_MODS_MAX,
					       strncmp(st.dev[i].type, "ext", 3) == 0 ? "ext4" : st.dev[i].type);
	const struct repair r = { "fix initramfs", 1, initramfs_pass, NULL, "" };
	return repair_drive(&r, &x, o);
}

int fix_initramfs_needed(const struct disk_state *st, char mods[][32], int max)
{
	char name[64];
	int n = 0;

	(void)max;	/* INITRD_MODS_MAX: the set's own bound */
	if (st->root < 0)
		return 0;
	if (sysfs_name(st->cand[st->root].device, name, sizeof name) == 0)
		n = block_mods(name, mods, 0, 0);
	for (int i = 0; i < st->ndev; i++)
		if (strcmp(st->dev[i].dev, st->cand[st->root].device) == 0 && st->dev[i].type[0])
			n = initrd_mods_add(mods, n, INITRD_MODS_MAX,
					    strncmp(st->dev[i].type, "ext", 3) == 0 ? "ext4" : st->dev[i].type);
	return n;
}

int fix_initramfs_net_needed(char mods[][32], int n)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[300];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/sys/class/net/%s/device", e->d_name);
		if (access(path, F_OK) == 0)
			n = drivers_up(path, mods, n);
	}
	if (d)
		closedir(d);
	return n;
}

/* A shell-style KEY=value line of text with a value other than "" (and "off" or "none"). */
static int conf_set(const char *text, const char *key, char *why, size_t size)
{
	size_t k = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		l += strspn(l, " \t");
		if (strncmp(l, key, k) != 0 || l[k] != '=')
			continue;
		const char *v = l + k + 1;
		size_t len = strcspn(v, "\n#");
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (len && *v == '"')
			v++, len -= len > 1 ? 2 : 1;
		if (!len || (len == 3 && strncmp(v, "off", 3) == 0) || (len == 4 && strncmp(v, "none", 4) == 0))
			continue;
		snprintf(why, size, "%s=%.*s", key, (int)(len < 100 ? len : 100), v);
		return 1;
	}
	return 0;
}

int fix_initramfs_network(int rootfd, const struct disk_state *st, char *why, size_t size)
{
	static struct bootent e[BOOTENT_MAX];
	static char text[1 << 16];
	char from[64], word[160];
	int def = 0;

	int n = boot_entries(rootfd, st, e, &def, from, sizeof from);
	if (n > 0 && def >= 0 && def < n && initrd_cmdline_network(e[def].cmdline, word, sizeof word)) {
		snprintf(why, size, "%s: the default entry's %s", from, word);
		return 1;
	}
	if (groot_exists(rootfd, "/usr/share/initramfs-tools/hooks/dropbear")) {
		snprintf(why, size, "dropbear-initramfs is installed: SSH in the initramfs");
		return 1;
	}
	ssize_t len = groot_read(rootfd, "/etc/initramfs-tools/initramfs.conf", text, sizeof text);
	if (len > 0 && (conf_set(text, "DEVICE", word, sizeof word) || conf_set(text, "IP", word, sizeof word) ||
			(conf_set(text, "BOOT", word, sizeof word) && strcmp(word, "BOOT=nfs") == 0))) {
		snprintf(why, size, "/etc/initramfs-tools/initramfs.conf: %s", word);
		return 1;
	}
	return 0;
}
