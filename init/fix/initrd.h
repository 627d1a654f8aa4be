/* fix initramfs's decisions: the modules a guest's initramfs must hold for
 * this machine, and the config lines that say so to its tool (pure). */
#ifndef LB_INITRD_H
#define LB_INITRD_H

#include <stddef.h>

#define INITRD_MODS_MAX 24

/* The module a sysfs driver name comes from ("virtio-pci" → "virtio_pci",
 * "sd" → "sd_mod") into out. Returns 0, or -1 for a driver that is no module
 * of its own (e.g. "pcieport") or does not fit. */
int initrd_module_of_driver(const char *driver, char *out, size_t size);

/* Add name to the set mods (n of them, at most max) unless there. Returns the new n. */
int initrd_mods_add(char mods[][32], int n, int max, const char *name);

/* initramfs-tools' /etc/initramfs-tools/modules (text, len bytes) with a line
 * for each module of mods not named on a line already, every other byte kept.
 * Returns the new length, 0 when all are there, -1 when out has no room. */
long initrd_modules_file(const char *text, size_t len, char mods[][32], int n, char *out, size_t size);

/* The drop-in for dracut (/etc/dracut.conf.d/…: add_drivers+=" … ") or
 * mkinitcpio (/etc/mkinitcpio.conf.d/…: MODULES+=(…)). Returns the length or -1. */
int initrd_dracut_conf(char mods[][32], int n, char *out, size_t size);
int initrd_mkinitcpio_conf(char mods[][32], int n, char *out, size_t size);

/* Whether modules.dep or modules.builtin text (len bytes) names module (as
 * ".../name.ko" with any compression suffix; '-' and '_' alike). 1 or 0. */
int initrd_kernel_has(const char *text, size_t len, const char *module);

/* Whether a kernel command line has the initramfs bring up the network (ip=,
 * an NFS or network root, rd.neednet=1): 1 with the word that says so in why, or 0. */
int initrd_cmdline_network(const char *cmdline, char *why, size_t size);

#endif
