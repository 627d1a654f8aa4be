/* Kernel modules through libkmod: coldplug by modalias, and loading by name. */
#ifndef LB_MODULES_H
#define LB_MODULES_H

/* Open libkmod for the running kernel. Returns 1 when a module tree exists,
 * 0 for a kernel with everything built in (then the other calls do nothing). */
int modules_init(void);

/* Load what matches a modalias; returns how many modules were newly loaded. */
int modules_load_alias(const char *modalias);

/* Load a module by name; returns 0 or -errno. */
int modules_load_name(const char *name);

/* Walk ROOT/sys/devices and load modules for every modalias found. Returns
 * how many modules were newly loaded. */
int modules_coldplug(const char *root);

/* How many modules lifeboat has loaded so far. */
int modules_loaded(void);

#endif
