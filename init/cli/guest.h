/* The guest's disks from the command line: disks, mount, umount, chroot. */
#ifndef LB_GUEST_H
#define LB_GUEST_H

int cmd_disks(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_umount(int argc, char **argv);
int cmd_chroot(int argc, char **argv);
int cmd_unlock(int argc, char **argv);	/* unlock.c */
int cmd_fix(int argc, char **argv);	/* fix.c */

#define GUEST_ROOT "/mnt/guest"

/* For repairs: the chosen root alone at /mnt/guest (rw: writable through its
 * stack); whether something is mounted there; everything unmounted and every
 * layer read-only again. 0 or -1 (said on stderr). */
int guest_mount_root(int rw);
int guest_is_mounted(void);
int guest_umount_all(void);

#endif
