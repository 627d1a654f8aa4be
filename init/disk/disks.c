/* Disks: sysfs for what exists, BLKROSET before anything else, libblkid for
 * what is on it, a read-only mount without journal replay to look inside. */
#define _GNU_SOURCE
#include "disks.h"
#include "fstab.h"
#include "groot.h"
#include "../lib/log.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../pid1/run.h"

#include <blkid/blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROBE_DIR LB_RUN_DIR "/probe"
#define TEXT_MAX 65536

static void sysattr(const char *name, const char *attr, char *out, size_t size)
{
	char path[256];
	ssize_t n;

	out[0] = '\0';
	snprintf(path, sizeof path, "/sys/class/block/%s/%s", name, attr);
	n = sys_read_file(path, out, size);
	if (n <= 0) {
		out[0] = '\0';
		return;
	}
	// trailing blanks and newlines, and anything unprintable, go
	for (ssize_t i = 0; out[i]; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

/* Devices that never hold guest data: RAM disks, empty loops, zram. */
static int ignored(const char *name)
{
	return strncmp(name, "ram", 3) == 0 || strncmp(name, "zram", 4) == 0 || strncmp(name, "loop", 4) == 0;
}

/* Set a whole disk read-only at the block layer (its partitions follow it). */
static int protect_disk(const char *dev)
{
	int fd = open(dev, O_RDONLY | O_CLOEXEC | O_NONBLOCK), on = 1, err = 0;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKROSET, &on) < 0)
		err = -errno;
	close(fd);
	return err;
}

static void probe(struct blockdev *d)
{
	blkid_probe pr = blkid_new_probe_from_filename(d->dev);
	const char *v;
	int rc;

	if (!pr) {
		snprintf(d->note, sizeof d->note, "could not be opened for probing: %s", strerror(errno));
		return;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	rc = blkid_do_safeprobe(pr);
	if (rc == -2)
		snprintf(d->note, sizeof d->note, "ambivalent: more than one filesystem or table signature");
	else if (rc < 0)
		snprintf(d->note, sizeof d->note, "probe failed (unreadable, or it went away)");
	if (rc == 0) {
		if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0)
			text_copy(d->type, sizeof d->type, v);
		if (blkid_probe_lookup_value(pr, "UUID", &v, NULL) == 0)
			text_copy(d->uuid, sizeof d->uuid, v);
		if (blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0)
			text_copy(d->label, sizeof d->label, v);
		if (blkid_probe_lookup_value(pr, "PTTYPE", &v, NULL) == 0)
			text_copy(d->pttype, sizeof d->pttype, v);
		if (blkid_probe_lookup_value(pr, "PART_ENTRY_UUID", &v, NULL) == 0)
			text_copy(d->partuuid, sizeof d->partuuid, v);
		if (blkid_probe_lookup_value(pr, "PART_ENTRY_NAME", &v, NULL) == 0)
			text_copy(d->partlabel, sizeof d->partlabel, v);
	}
	blkid_free_probe(pr);
}

static void classify(struct blockdev *d)
{
	static const struct {
		const char *type, *role;
	} roles[] = {
		{ "swap", "swap" }, { "linux_raid_member", "md member" }, { "LVM2_member", "LVM PV" },
{ "vfat", "FAT filesystem" }, { "iso9660", "CD image" },
		{ "ntfs", "NTFS filesystem" },
	};

	if (strcasecmp(d->label, "cidata") == 0 || strcasecmp(d->label, "config-2") == 0) {
		text_copy(d->role, sizeof d->role, "config drive");
		return;
	}
	if (strcmp(d->label, "LIFEBOAT") == 0) {
		text_copy(d->role, sizeof d->role, "rescue medium");
		return;
	}
	if (disks_ro_options(d->type)) {
		text_copy(d->role, sizeof d->role, "candidate");
		return;
	}
	if (strcmp(d->type, "crypto_LUKS") == 0) {
		// a mapping on top of it (sysfs holders) means someone unlocked it
		char path[300];
		struct dirent **h;
		snprintf(path, sizeof path, "/sys/class/block/%s/holders", d->name);
		int n = scandir(path, &h, NULL, NULL), held = 0;
		for (int i = 0; i < n; i++) {
			held |= h[i]->d_name[0] != '.';
			free(h[i]);
		}
		if (n >= 0)
			free(h);
		text_copy(d->role, sizeof d->role, held ? "LUKS (unlocked)" : "LUKS (locked: lifeboat unlock)");
		return;
	}
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(d->type, roles[i].type) == 0) {
			text_copy(d->role, sizeof d->role, roles[i].role);
			return;
		}
	char role[sizeof d->role];
	if (d->type[0]) {
		snprintf(role, sizeof role, "%s filesystem", d->type);
		text_copy(d->role, sizeof d->role, role);
	} else if (d->pttype[0]) {
		snprintf(role, sizeof role, "%s partition table", d->pttype);
		text_copy(d->role, sizeof d->role, role);
	} else
		text_copy(d->role, sizeof d->role, d->partition ? "no filesystem" : "no partition table or filesystem");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}

static int known(const struct disk_state *prev, const char *name)
{
	for (int i = 0; prev && i < prev->ndev; i++)
		if (strcmp(prev->dev[i].name, name) == 0)
			return 1;
	return 0;
}

/* Under `lifeboat snapshot`, the snapshot's devices stand for the disks: the
 * origins keep their place in the list but lose the names that would make
 * them a candidate or an fstab match; the snapshot's partitions take over
 * the partition names (PARTUUID, PARTLABEL) that a dm device cannot show. */
static void snapshot_overlay(struct disk_state *s)
{
	char text[4096], kind[8], origin[32], snap[64];

	if (sys_read_file(SNAPSHOT_STATE, text, sizeof text) <= 0)
		return;
	for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		struct blockdev *o = NULL, *n = NULL;
		char dev[96];
		if (sscanf(l, "%7s %31s %63s", kind, origin, snap) != 3)
			continue;
		snprintf(dev, sizeof dev, "/dev/mapper/%s", snap);
		for (int i = 0; i < s->ndev; i++) {
			if (strcmp(s->dev[i].name, origin) == 0)
				o = &s->dev[i];
			if (strcmp(s->dev[i].dev, dev) == 0)
				n = &s->dev[i];
		}
		if (!o)
			continue;
		if (n) {
			memcpy(n->partuuid, o->partuuid, sizeof n->partuuid);
			memcpy(n->partlabel, o->partlabel, sizeof n->partlabel);
			if (!n->model[0])
				snprintf(n->model, sizeof n->model, "snapshot of %s", origin);
		}
		if ((size_t)snprintf(o->role, sizeof o->role, "under snapshot %s", snap) >= sizeof o->role)
			text_copy(o->role, sizeof o->role, "under a snapshot");
		o->type[0] = o->uuid[0] = o->label[0] = o->partuuid[0] = o->partlabel[0] = '\0';
	}
}

void disks_scan(struct disk_state *s, int protect, const struct disk_state *prev)
{
	struct dirent **names;
	int n;

	memset(s, 0, sizeof *s);
	s->root = -1;
	n = scandir("/sys/class/block", &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char v[64], path[300], link[512];
		struct blockdev *d;

		if (name[0] == '.' || ignored(name))
			goto next;
		if (s->ndev == DISKS_MAX) {
			s->more++;
			goto next;
		}
		d = &s->dev[s->ndev++];
		memset(d, 0, sizeof *d);
		if (text_copy(d->name, sizeof d->name, name) >= sizeof d->name) {
			s->ndev--;
			s->more++;
			goto next;
		}
		memcpy(d->dev, "/dev/", 5);
		text_copy(d->dev + 5, sizeof d->dev - 5, d->name);
		if (strncmp(name, "dm-", 3) == 0) {
			// an LV or a LUKS mapping: known by its mapper name
			sysattr(name, "dm/name", v, sizeof v);
			if (v[0] && !strchr(v, '/') && strlen(v) + 13 < sizeof d->dev) {
				memcpy(d->dev, "/dev/mapper/", 12);
				text_copy(d->dev + 12, sizeof d->dev - 12, v);
			}
		}
		snprintf(path, sizeof path, "/sys/class/block/%s/partition", name);
		d->partition = access(path, F_OK) == 0;
		if (d->partition) {
			// /sys/class/block/vda1 -> ../../devices/…/block/vda/vda1: the parent is the directory above
			snprintf(path, sizeof path, "/sys/class/block/%s", name);
			ssize_t l = readlink(path, link, sizeof link - 1);
			if (l > 0) {
				link[l] = '\0';
				char *slash = strrchr(link, '/');
				if (slash) {
					*slash = '\0';
					slash = strrchr(link, '/');
					text_copy(d->parent, sizeof d->parent, slash ? slash + 1 : link);
				}
			}
		}
		sysattr(name, "size", v, sizeof v);
		d->bytes = strtoull(v, NULL, 10) * 512ULL;
		sysattr(name, "removable", v, sizeof v);
		d->removable = v[0] == '1';
		if (!d->partition) {
			sysattr(name, "device/model", d->model, sizeof d->model);
			sysattr(name, "device/serial", d->serial, sizeof d->serial);
			if (!d->serial[0])
				sysattr(name, "serial", d->serial, sizeof d->serial);	/* virtio-blk */
			sysattr(name, "device/wwid", d->wwn, sizeof d->wwn);
			if (!d->wwn[0])
				sysattr(name, "wwid", d->wwn, sizeof d->wwn);
			if (protect && d->bytes > 0 && strncmp(name, "sr", 2) != 0 && !known(prev, name)) {
				int err = protect_disk(d->dev);
				if (err < 0)
					snprintf(d->note, sizeof d->note, "could not be set read-only: %s", strerror(-err));
			}
		}
		sysattr(name, "ro", v, sizeof v);
		d->readonly = v[0] == '1';
		if (d->bytes > 0)
			probe(d);
		classify(d);
next:
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	snapshot_overlay(s);
}

static int vg_name_ok(const char *n)
{
	if (!*n || *n == '-')
		return 0;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') || (*n >= '0' && *n <= '9') ||
		      *n == '+' || *n == '_' || *n == '.' || *n == '-'))
			return 0;
	return 1;
}

/* LVM: every VG activated read-only (BLKROSET on the PVs does not stop writes
 * through device-mapper, so the LVs themselves must be read-only). PVs that
 * share a UUID (a cloned disk) stop it: lifeboat does not guess which is real. */
static int activate_lvm(struct disk_state *s)
{
	static char out[8192];
	char config[2048] = "activation/read_only_volume_list=[", *save = NULL;
	int nvg = 0;

	for (int i = 0; i < s->ndev; i++)
		for (int j = i + 1; j < s->ndev; j++)
			if (strcmp(s->dev[i].type, "LVM2_member") == 0 && strcmp(s->dev[j].type, "LVM2_member") == 0 &&
			    s->dev[i].uuid[0] && strcmp(s->dev[i].uuid, s->dev[j].uuid) == 0) {
				char note[sizeof s->dev[0].note];
				snprintf(note, sizeof note, "same PV UUID as %s: LVM not activated", s->dev[j].dev);
				text_copy(s->dev[i].note, sizeof s->dev[i].note, note);
				snprintf(note, sizeof note, "same PV UUID as %s: LVM not activated", s->dev[i].dev);
				text_copy(s->dev[j].note, sizeof s->dev[j].note, note);
				log_warn("disks: %s and %s carry the same LVM PV (a cloned disk?): no volume group is "
					 "activated; detach one, or activate by hand", s->dev[i].dev, s->dev[j].dev);
				return 0;
			}
	char *const vgs[] = { "lvm", "vgs", "--noheadings", "-o", "vg_name", NULL };
	if (run_capture("/sbin/lvm", vgs, out, sizeof out) != 0)
		return 0;
	for (char *w = strtok_r(out, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		if (!vg_name_ok(w) || strlen(config) + strlen(w) + 4 >= sizeof config)
			continue;
		snprintf(config + strlen(config), sizeof config - strlen(config), "%s\"%s\"", nvg ? "," : "", w);
		nvg++;
	}
	if (!nvg)
		return 0;
	strcat(config, "]");
	char *const change[] = { "lvm", "vgchange", "-ay", "--sysinit", "--config", config, NULL };
	int rc = run_capture("/sbin/lvm", change, NULL, 0);
	if (rc != 0)
		log_warn("disks: vgchange -ay (read-only) exited with %d", rc);
	else
		log_info("disks: %d LVM volume group(s) activated read-only", nvg);
	return 1;
}

int disks_assemble(struct disk_state *s, const struct disk_state *prev)
{
	int md = 0, pv = 0, did = 0;

	// only members that are new: a second vgchange could reload an LV a repair made writable
	for (int i = 0; i < s->ndev; i++) {
		if (known(prev, s->dev[i].name))
			continue;
		md |= strcmp(s->dev[i].type, "linux_raid_member") == 0;
		pv |= strcmp(s->dev[i].type, "LVM2_member") == 0;
	}
	if (md) {
		// read-only: no resync, no superblock update; members are read-only anyway
		char *const argv[] = { "mdadm", "--assemble", "--scan", "--readonly", NULL };
		int rc = run_capture("/sbin/mdadm", argv, NULL, 0);
		log_info("disks: md arrays assembled read-only (mdadm exited %d)", rc);
		did = 1;
	}
	if (pv)
		did |= activate_lvm(s);
	return did;
}

/* The PRETTY_NAME (else NAME) of an os-release text. */
static void os_name(const char *text, char *out, size_t size)
{
	const char *keys[] = { "PRETTY_NAME=", "NAME=" };

	out[0] = '\0';
	for (int k = 0; k < 2 && !out[0]; k++)
		for (const char *p = text; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
			if (strncmp(p, keys[k], strlen(keys[k])) != 0)
				continue;
			p += strlen(keys[k]);
			size_t len = strcspn(p, "\n");
			if (len && (*p == '"' || *p == '\'')) {
				p++;
				len = strcspn(p, "\"'\n");
			}
			for (size_t i = 0; i < len && i < size - 1; i++)
				out[i] = (unsigned char)p[i] < 0x20 ? '?' : p[i];
			out[len < size - 1 ? len : size - 1] = '\0';
			break;
		}
}

static int count_kernels(int rootfd)
{
	int fd = groot_open(rootfd, "/boot", O_RDONLY | O_DIRECTORY), n = 0;
	DIR *d;
	struct dirent *e;

	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((e = readdir(d)))
		n += strncmp(e->d_name, "vmlinuz", 7) == 0 || strncmp(e->d_name, "vmlinux", 7) == 0;
	closedir(d);
	return n;
}

/* Does the guest's fstab mount this filesystem (1), another one (-1), or say nothing of / (0)? */
static int fstab_root(int rootfd, const struct disk_state *s, const struct candidate *c)
{
	static char text[TEXT_MAX];
	struct fstab_entry e[FSTAB_MAX];
	ssize_t len = groot_read(rootfd, "/etc/fstab", text, sizeof text);
	int n;

	if (len <= 0)
		return 0;
	n = fstab_parse(text, (size_t)len, e, FSTAB_MAX);
	for (int i = 0; i < n; i++) {
		if (strcmp(e[i].dir, "/") != 0)
			continue;
		const struct blockdev *d = disks_resolve(s, e[i].spec);
		char value[160];
		const char *kind = fstab_spec_kind(e[i].spec, value, sizeof value);
		if (d)
			return strcmp(d->dev, c->device) == 0 ? 1 : -1;
		// a UUID that is nowhere here names some other disk
		return kind && strcmp(kind, "UUID") == 0 ? -1 : 0;
	}
	return 0;
}

static int bootloader_names(int rootfd, const char *uuid)
{
	static char text[TEXT_MAX];
	static const char *const cfgs[] = { "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg", "/etc/default/grub",
					    "/boot/extlinux/extlinux.conf", "/etc/kernel/cmdline" };

	if (!uuid[0])
		return 0;
	for (size_t i = 0; i < sizeof cfgs / sizeof *cfgs; i++)
		if (groot_read(rootfd, cfgs[i], text, sizeof text) > 0 && strcasestr(text, uuid))
			return 1;
	return 0;
}

/* Look into the tree at rootfd. */
static void gather(int rootfd, const struct disk_state *s, struct candidate *c)
{
	static char text[8192];

	if (groot_read(rootfd, "/etc/os-release", text, sizeof text) > 0 ||
	    groot_read(rootfd, "/usr/lib/os-release", text, sizeof text) > 0)
		os_name(text, c->ev.os_name, sizeof c->ev.os_name);
	c->ev.init = groot_exists(rootfd, "/sbin/init") || groot_exists(rootfd, "/lib/systemd/systemd") ||
		     groot_exists(rootfd, "/usr/lib/systemd/systemd");
	c->ev.fstab_root = fstab_root(rootfd, s, c);
	c->ev.kernels = count_kernels(rootfd);
	c->ev.bootloader = bootloader_names(rootfd, c->uuid);
	rank_score(c);
}

/* Mount d read-only without journal replay at dir. Returns 0 or -errno. */
static int mount_ro(const struct blockdev *d, const char *dir, const char *subvol)
{
	char data[160];
	const char *opts = disks_ro_options(d->type);
	const char *fstype = strcmp(d->type, "ext3") == 0 || strcmp(d->type, "ext2") == 0 ? "ext4" : d->type;

	if (!opts)
		return -EINVAL;
	snprintf(data, sizeof data, "%s%s%s%s", opts, subvol && subvol[0] ? (opts[0] ? "," : "") : "",
		 subvol && subvol[0] ? "subvol=" : "", subvol && subvol[0] ? subvol : "");
	if (mount(d->dev, dir, fstype, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, data) < 0)
		return -errno;
	return 0;
}

static void unmount(const char *dir)
{
	if (umount2(dir, 0) < 0)
		umount2(dir, MNT_DETACH);
}

static void add_candidate(struct disk_state *s, const struct blockdev *d, const char *subvol, int rootfd)
{
	struct candidate *c;

	if (s->ncand == CANDIDATES_MAX)
		return;
	c = &s->cand[s->ncand++];
	memset(c, 0, sizeof *c);
	text_copy(c->device, sizeof c->device, d->dev);
	text_copy(c->uuid, sizeof c->uuid, d->uuid);
	text_copy(c->type, sizeof c->type, d->type);
	text_copy(c->subvol, sizeof c->subvol, subvol);
	text_copy(c->serial, sizeof c->serial, d->serial);
	c->bytes = d->bytes;
	gather(rootfd, s, c);
}

/* A btrfs filesystem: its default subvolume, and the layouts distributions use. */
static void look_btrfs(struct disk_state *s, const struct blockdev *d, const char *dir, int rootfd)
{
	static const char *const subvols[] = { "@", "@root", "root" };
	int found = 0;

	for (size_t i = 0; i < sizeof subvols / sizeof *subvols; i++) {
		char path[80];
		snprintf(path, sizeof path, "/%s/etc", subvols[i]);
		if (!groot_exists(rootfd, path))
			continue;
		int fd = groot_open(rootfd, subvols[i], O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			continue;
		add_candidate(s, d, subvols[i], fd);
		close(fd);
		found = 1;
	}
	if (!found)
		add_candidate(s, d, "", rootfd);
	(void)dir;
}

void disks_rank(struct disk_state *s, const struct lb_cmdline *c)
{
	long long t0 = sys_now_ms();

	sys_mkdir_p(PROBE_DIR, 0700);
	for (int i = 0; i < s->ndev; i++) {
		struct blockdev *d = &s->dev[i];
		int err, fd;

		if (strcmp(d->role, "candidate") != 0)
			continue;
		err = mount_ro(d, PROBE_DIR, NULL);
		if (err < 0) {
			snprintf(d->note, sizeof d->note, "read-only mount failed: %s", strerror(-err));
			log_warn("disks: %s (%s): read-only mount failed: %s", d->dev, d->type, strerror(-err));
			continue;
		}
		fd = open(PROBE_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			if (strcmp(d->type, "btrfs") == 0)
				look_btrfs(s, d, PROBE_DIR, fd);
			else
				add_candidate(s, d, "", fd);
			close(fd);
		}
		unmount(PROBE_DIR);
	}
	s->root = rank_choose(s->cand, s->ncand, s->why, sizeof s->why);
	// no root: the filesystems that could not even be looked into may hold it
	for (int i = 0; i < s->ndev && s->root < 0; i++) {
		const struct blockdev *d = &s->dev[i];
		size_t n = strlen(s->why);
		if (strcmp(d->role, "candidate") == 0 && d->note[0] && n < sizeof s->why)
			snprintf(s->why + n, sizeof s->why - n, "; %s (%s): %s", d->dev, d->type, d->note);
	}
	if (c && c->root) {
		const char *labels[CANDIDATES_MAX], *parts[CANDIDATES_MAX];
		for (int i = 0; i < s->ncand; i++) {
			const struct blockdev *d = disks_resolve(s, s->cand[i].device);
			labels[i] = d ? d->label : "";
			parts[i] = d ? d->partuuid : "";
		}
		int k = rank_override(c->root, s->cand, s->ncand, labels, parts);
		if (k >= 0) {
			s->root = k;
			snprintf(s->why, sizeof s->why, "chosen by lifeboat.root=%s", c->root);
		} else {
			s->root = -1;
			snprintf(s->why, sizeof s->why, "lifeboat.root=%s names no filesystem found here", c->root);
		}
	}
	s->scan_ms = sys_now_ms() - t0;
	if (s->root >= 0)
		log_info("disks: root %s%s%s (%s), %s", s->cand[s->root].device, s->cand[s->root].subvol[0] ? " subvol " : "",
			 s->cand[s->root].subvol, s->cand[s->root].ev.os_name, s->why[0] ? s->why : "best evidence");
	else
		log_notice("disks: no root chosen: %s", s->why);
}

void disks_publish(const struct disk_state *s)
{
	static char buf[1 << 17];
	struct json j;
	int n;

	sys_mkdir_p(LB_RUN_DIR, 0755);
	if ((n = disks_state_format(s, buf, sizeof buf)) > 0)
		sys_write_file_atomic(DISKS_STATE, buf, (size_t)n, 0644);
	if ((n = disks_render(s, buf, sizeof buf)) > 0)
		sys_write_file_atomic(DISKS_TXT, buf, (size_t)n, 0644);
	json_init(&j, buf, sizeof buf);
	disks_json(s, &j);
	if (json_finish(&j))
		sys_write_file_atomic(DISKS_JSON, buf, strlen(buf), 0644);
}

int disks_load(struct disk_state *s)
{
	static char buf[1 << 17];
	ssize_t n = sys_read_file(DISKS_STATE, buf, sizeof buf);

	if (n < 0)
		return (int)n;
	return disks_state_parse(buf, s) == 0 ? 0 : -EINVAL;
}
