/* Links and disks read from a fixture sysfs tree. */
#define _GNU_SOURCE
#include "t.h"
#include "pid1/inventory.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void put(const char *rel, const char *content)
{
	char path[512], cmd[600];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd) != 0)
		abort();
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(content, f);
	fclose(f);
}

int main(void)
{
	struct report r;
	char cmd[128];

	snprintf(root, sizeof root, "/tmp/lb-inventory-XXXXXX");
	if (!mkdtemp(root))
		return 1;

	// no sysfs at all: an error, and nothing listed
	CHECK(inventory_links(root, &r) < 0 && r.nlinks == 0, "missing class/net");
	CHECK(inventory_disks(root, &r) < 0 && r.ndisks == 0, "missing class/block");

	put("sys/class/net/lo/address", "00:00:00:00:00:00\n");
	put("sys/class/net/eth1/address", "52:54:00:00:00:02\n");
	put("sys/class/net/eth1/carrier", "0\n");
	put("sys/class/net/eth0/address", "52:54:00:00:00:01\n");
	put("sys/class/net/eth0/carrier", "1\n");
	put("sys/class/net/ens3/address", "52:54:00:00:00:03\n");	/* down: carrier unreadable */
	CHECK(inventory_links(root, &r) == 0, "links read");
	CHECK(r.nlinks == 3, "three links without lo: %d", r.nlinks);
	CHECK_STR(r.links[0].name, "ens3", "sorted 0");
	CHECK_STR(r.links[1].name, "eth0", "sorted 1");
	CHECK(r.links[0].carrier == -1 && r.links[1].carrier == 1 && r.links[2].carrier == 0, "carriers");
	CHECK_STR(r.links[1].mac, "52:54:00:00:00:01", "mac");

	put("sys/class/block/vda/size", "16777216\n");
	put("sys/class/block/vda/removable", "0\n");
	put("sys/class/block/vda1/size", "2048\n");
	put("sys/class/block/vda1/partition", "1\n");
	put("sys/class/block/sr0/size", "0\n");
	put("sys/class/block/sr0/removable", "1\n");
	put("sys/class/block/sr0/ro", "1\n");
	put("sys/class/block/loop0/size", "0\n");
	put("sys/class/block/ram0/size", "8192\n");
	CHECK(inventory_disks(root, &r) == 0, "disks read");
	CHECK(r.ndisks == 2, "vda and sr0 only (no partition, loop, ram): %d", r.ndisks);
	CHECK_STR(r.disks[0].name, "sr0", "sorted");
	CHECK_STR(r.disks[1].name, "vda", "sorted");
	CHECK(r.disks[1].bytes == 8ULL << 30, "vda size %llu", r.disks[1].bytes);
	CHECK(r.disks[0].removable && r.disks[0].readonly && !r.disks[1].removable, "flags");

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd) != 0)
		return 1;
	return t_done("test_inventory");
}
