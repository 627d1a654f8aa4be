/* Network links and disks from sysfs. */
#define _GNU_SOURCE
#include "inventory.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Open ROOT/SUB for readdir(); *dfd gets its fd for the *at() calls. NULL with errno set. */
static DIR *open_dir(const char *root, const char *sub, int *dfd)
{
	char path[4096];
	DIR *d;

	snprintf(path, sizeof path, "%s%s", root, sub);
	*dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*dfd < 0)
		return NULL;
	d = fdopendir(*dfd);
	if (!d) {
		int saved = errno;
		close(*dfd);
		errno = saved;
	}
	return d;
}

/* Read ROOT/…/NAME/FILE, first line only; "" when absent. */
static void read_attr(int dirfd, const char *name, const char *file, char *buf, size_t size)
{
	char path[512];
	ssize_t n;

	snprintf(path, sizeof path, "%s/%s", name, file);
	n = sys_read_fileat(dirfd, path, buf, size);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static int by_link_name(const void *a, const void *b)
{
	return strcmp(((const struct link_info *)a)->name, ((const struct link_info *)b)->name);
}

static int by_disk_name(const void *a, const void *b)
{
	return strcmp(((const struct disk_info *)a)->name, ((const struct disk_info *)b)->name);
}

int inventory_links(const char *root, struct report *r)
{
	int dfd;
	DIR *d = open_dir(root, "/sys/class/net", &dfd);
	struct dirent *e;

	r->nlinks = r->links_more = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char val[64];
		if (e->d_name[0] == '.' || strcmp(e->d_name, "lo") == 0)
			continue;
		if (r->nlinks >= REPORT_LINKS_MAX || strlen(e->d_name) >= sizeof r->links[0].name) {
			r->links_more++;
			continue;
		}
		struct link_info *l = &r->links[r->nlinks++];
		text_copy(l->name, sizeof l->name, e->d_name);
		read_attr(dfd, e->d_name, "address", val, sizeof val);
		text_copy(l->mac, sizeof l->mac, val);
		// reading carrier of a link that is down fails with EINVAL: unknown, not "no"
		read_attr(dfd, e->d_name, "carrier", val, sizeof val);
		l->carrier = val[0] == '1' ? 1 : val[0] == '0' ? 0 : -1;
	}
	closedir(d);
	qsort(r->links, (size_t)r->nlinks, sizeof *r->links, by_link_name);
	return 0;
}

static int skip_disk(const char *name)
{
	static const char *const skip[] = { "ram", "zram", "loop", "nbd" };

	for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
		if (strncmp(name, skip[i], strlen(skip[i])) == 0)
			return 1;
	return 0;
}

int inventory_disks(const char *root, struct report *r)
{
	int dfd;
	DIR *d = open_dir(root, "/sys/class/block", &dfd);
	struct dirent *e;

	r->ndisks = r->disks_more = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char val[64], path[512];
		if (e->d_name[0] == '.' || skip_disk(e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/partition", e->d_name);
		if (faccessat(dfd, path, F_OK, 0) == 0)
			continue;
		if (r->ndisks >= REPORT_DISKS_MAX || strlen(e->d_name) >= sizeof r->disks[0].name) {
			r->disks_more++;
			continue;
		}
		struct disk_info *k = &r->disks[r->ndisks++];
		text_copy(k->name, sizeof k->name, e->d_name);
		read_attr(dfd, e->d_name, "size", val, sizeof val);
		k->bytes = strtoull(val, NULL, 10) * 512ULL;	/* sysfs counts 512-byte sectors */
		read_attr(dfd, e->d_name, "removable", val, sizeof val);
		k->removable = val[0] == '1';
		read_attr(dfd, e->d_name, "ro", val, sizeof val);
		k->readonly = val[0] == '1';
	}
	closedir(d);
	qsort(r->disks, (size_t)r->ndisks, sizeof *r->disks, by_disk_name);
	return 0;
}
