/* The repairs of `lifeboat fix NAME …`, one file each; argv[0] is NAME. Each
 * returns an exit code (cli.h). */
#ifndef LB_FIXES_H
#define LB_FIXES_H

#include "repair.h"

int fix_password(int argc, char **argv, struct fix_opts *o);	/* fix.c */
int fix_ssh_key(int argc, char **argv, struct fix_opts *o);	/* fix.c */
int fix_fstab(int argc, char **argv, struct fix_opts *o);	/* fix_fstab.c */
/* The entries fix fstab would change, up to max, with the guest's fstab in text
 * (size at least 64 KiB). Their number, or -1 (said on stderr). */
struct disk_state;
struct fstabfix_finding;
int fix_fstab_missing(int rootfd, struct disk_state *st, char *text, size_t size, struct fstabfix_finding *f, int max);
int fix_fsck(int argc, char **argv, struct fix_opts *o);	/* fix_fsck.c */
int fix_firewall(int argc, char **argv, struct fix_opts *o);	/* fix_firewall.c */
int fix_network(int argc, char **argv, struct fix_opts *o);	/* fix_network.c */
/* The NIC fix network would configure: this machine's name for it, the name the
 * guest will give it, its MAC. 0, or -1 when this machine has none. */
int fix_network_nic(int rootfd, char *here, size_t hsize, char *ifname, size_t isize, char *mac, size_t msize);
int fix_initramfs(int argc, char **argv, struct fix_opts *o);	/* fix_initramfs.c */
/* The modules the guest's root needs on this machine (its disk's drivers, the
 * layers under it, its filesystem), as fix initramfs names them: their number
 * (at most INITRD_MODS_MAX, the size of mods). */
int fix_initramfs_needed(const struct disk_state *st, char mods[][32], int max);
/* This machine's NICs' drivers (and the buses under them) added to mods[0..n): the new n. */
int fix_initramfs_net_needed(char mods[][32], int n);
/* Whether the guest's initramfs brings up the network: its default boot entry's
 * command line (ip=, an NFS root …), dropbear-initramfs, initramfs.conf's DEVICE=,
 * IP= or BOOT=nfs. 1 with what says so in why, or 0. */
int fix_initramfs_network(int rootfd, const struct disk_state *st, char *why, size_t size);
int fix_bootloader(int argc, char **argv, struct fix_opts *o);	/* fix_bootloader.c */
int fix_space(int argc, char **argv, struct fix_opts *o);	/* fix_space.c */

#endif
