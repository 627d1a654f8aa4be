/* Module loading: one libkmod context, coldplug by walking sysfs for modalias files. */
#define _GNU_SOURCE
#include "modules.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define COLDPLUG_DEPTH_MAX 24	/* /sys/devices nests deep, but not deeper than this */

static struct kmod_ctx *ctx;
static int nloaded;

int modules_init(void)
{
	struct utsname u;
	char dep[512];

	if (ctx)
		return 1;
	uname(&u);
	snprintf(dep, sizeof dep, LB_MODULES_DIR "/%s/modules.dep.bin", u.release);
	if (access(dep, R_OK) < 0)
		return 0;
	ctx = kmod_new(NULL, NULL);
	if (!ctx) {
		log_err("libkmod: cannot open the module tree for %s", u.release);
		return 0;
	}
	kmod_load_resources(ctx);
	return 1;
}

static int insert(struct kmod_module *mod, const char *why)
{
	int state = kmod_module_get_initstate(mod);
	int err;

	if (state == KMOD_MODULE_LIVE || state == KMOD_MODULE_BUILTIN || state == KMOD_MODULE_COMING)
		return 0;
	err = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST, NULL, NULL, NULL, NULL);
	if (err < 0 && err != -EEXIST) {
		log_warn("module %s (for %s): %s", kmod_module_get_name(mod), why, strerror(-err));
		return 0;
	}
	if (err == 0) {
		log_info("loaded module %s for %s", kmod_module_get_name(mod), why);
		nloaded++;
		return 1;
	}
	return 0;
}

int modules_load_alias(const char *modalias)
{
	struct kmod_list *list = NULL, *it;
	int n = 0;

	if (!ctx)
		return 0;
	if (kmod_module_new_from_lookup(ctx, modalias, &list) < 0 || !list)
		return 0;
	kmod_list_foreach(it, list) {
		struct kmod_module *mod = kmod_module_get_module(it);
		n += insert(mod, modalias);
		kmod_module_unref(mod);
	}
	kmod_module_unref_list(list);
	return n;
}

int modules_load_name(const char *name)
{
	struct kmod_module *mod;
	int err;

	if (!ctx)
		return -ENOENT;
	err = kmod_module_new_from_name(ctx, name, &mod);
	if (err < 0)
		return err;
	insert(mod, "lifeboat.modules");
	kmod_module_unref(mod);
	return 0;
}

static int walk(int dirfd, int depth)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;
	char alias[512];
	int n = 0;

	if (!d) {
		close(dirfd);
		return 0;
	}
	if (sys_read_fileat(dirfd, "modalias", alias, sizeof alias) > 0) {
		alias[strcspn(alias, "\n")] = '\0';
		if (alias[0])
			n += modules_load_alias(alias);
	}
	while (depth < COLDPLUG_DEPTH_MAX && (e = readdir(d))) {
		// DT_DIR only: sysfs links point back up the tree
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (sub >= 0)
			n += walk(sub, depth + 1);
	}
	closedir(d);
	return n;
}

int modules_coldplug(const char *root)
{
	char path[4096];
	int fd;

	if (!ctx)
		return 0;
	snprintf(path, sizeof path, "%s/sys/devices", root);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		log_err("coldplug: %s: %s", path, strerror(errno));
		return 0;
	}
	return walk(fd, 0);
}

int modules_loaded(void)
{
	return nloaded;
}
