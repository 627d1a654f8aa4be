/* The repairs of `lifeboat fix NAME …`, one file each; argv[0] is NAME. Each
 * returns an exit code (cli.h). */
#ifndef LB_FIXES_H
#define LB_FIXES_H

#include "repair.h"

int fix_password(int argc, char **argv, struct fix_opts *o);	/* fix.c */
int fix_ssh_key(int argc, char **argv, struct fix_opts *o);	/* fix.c */
int fix_fstab(int argc, char **argv, struct fix_opts *o);	/* fix_fstab.c */
int fix_fsck(int argc, char **argv, struct fix_opts *o);	/* fix_fsck.c */
int fix_firewall(int argc, char **argv, struct fix_opts *o);	/* fix_firewall.c */
int fix_network(int argc, char **argv, struct fix_opts *o);	/* fix_network.c */
int fix_initramfs(int argc, char **argv, struct fix_opts *o);	/* fix_initramfs.c */
int fix_bootloader(int argc, char **argv, struct fix_opts *o);	/* fix_bootloader.c */
int fix_space(int argc, char **argv, struct fix_opts *o);	/* fix_space.c */

#endif
