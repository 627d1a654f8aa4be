/* The guest's disks from the command line: disks, mount, umount, chroot. */
#ifndef LB_GUEST_H
#define LB_GUEST_H

#include <stddef.h>
#include <sys/types.h>

int cmd_disks(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_umount(int argc, char **argv);
int cmd_chroot(int argc, char **argv);
int cmd_unlock(int argc, char **argv);	/* unlock.c */
int cmd_fix(int argc, char **argv);	/* fix.c */
int cmd_menu(int argc, char **argv);	/* menu.c */
int cmd_snapshot(int argc, char **argv);	/* snapshot.c */
int cmd_boot(int argc, char **argv);	/* boot.c */
int cmd_backup(int argc, char **argv);	/* backup.c */
int cmd_restore(int argc, char **argv);	/* backup.c */

/* boot.c, for diagnose too: the guest's boot entries (grub.cfg with grubenv,
 * its BLS files, or Debian's /vmlinuz and /initrd.img links) into ents (at
 * least BOOTENT_MAX), the default's index in *def, where they came from in
 * from. Their number, 0 for none. A boot file's path in the mounted guest as
 * its loader names it (relative to /boot when /boot is a filesystem of its own). */
struct bootent;
struct disk_state;
int boot_entries(int rootfd, const struct disk_state *st, struct bootent *ents, int *def, char *from, size_t fsize);
void boot_guest_path(const char *p, char *out, size_t size);

#define GUEST_ROOT "/mnt/guest"

/* For repairs: the chosen root alone at /mnt/guest (rw: writable through its
 * stack); whether something is mounted there; everything unmounted and every
 * layer read-only again. 0 or -1 (said on stderr). */
int guest_mount_root(int rw);
int guest_is_mounted(void);
int guest_mount_all(int rw);	/* the root and its fstab's filesystems, as lifeboat mount */
int guest_umount_all(void);

/* For repairs of a device itself (fsck): make dev writable through its whole
 * stack (0 or -errno), and every layer made writable read-only again. */
int guest_make_writable(const char *dev);
int guest_set_ro(const char *name, int ro);	/* /dev/NAME at the block layer (BLKROSET); 0 or -errno */
void guest_restore_layers(void);

/* The device an operator named: a /dev path, a kernel name (vda1), UUID=, LABEL=, … as
 * in fstab, or another node of the same device (/dev/disk/…, /dev/VG/LV); NULL for none. */
struct disk_state;
struct blockdev;
const struct blockdev *guest_find(const struct disk_state *s, const char *arg);

/* Whether the device numbered rdev is mounted anywhere: 0 no, 1 read-only, 2 read-write. */
int guest_dev_mounted(dev_t rdev);

#endif
