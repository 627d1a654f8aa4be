/* The guest's disks from the command line: disks, mount, umount, chroot. */
#ifndef LB_GUEST_H
#define LB_GUEST_H

int cmd_disks(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_umount(int argc, char **argv);
int cmd_chroot(int argc, char **argv);
int cmd_unlock(int argc, char **argv);	/* unlock.c */

#endif
