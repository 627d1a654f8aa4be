/* Root ranking: evidence to reasons, unambiguous choices only, overrides. */
#include "t.h"
#include "disk/rank.h"

static struct candidate mk(const char *dev, const char *uuid, const char *os, int init, int fstab, int kernels)
{
	struct candidate c;

	memset(&c, 0, sizeof c);
	snprintf(c.device, sizeof c.device, "%s", dev);
	snprintf(c.uuid, sizeof c.uuid, "%s", uuid);
	snprintf(c.ev.os_name, sizeof c.ev.os_name, "%s", os);
	c.ev.init = init;
	c.ev.fstab_root = fstab;
	c.ev.kernels = kernels;
	rank_score(&c);
	return c;
}

int main(void)
{
	struct candidate c[4];
	char why[256];

	c[0] = mk("/dev/vda1", "u1", "Debian GNU/Linux 12 (bookworm)", 1, 1, 2);
	CHECK(c[0].score == 90, "score %d", c[0].score);
	CHECK(c[0].nreasons == 4 && strstr(c[0].reasons[0], "os-release: Debian"), "reasons: %s", c[0].reasons[0]);

	// one system, one data disk: the system
	c[0] = mk("/dev/vdb1", "data", "", 0, 0, 0);
	c[1] = mk("/dev/vda1", "u1", "Debian", 1, 1, 0);
	CHECK(rank_choose(c, 2, why, sizeof why) == 0 && strcmp(c[0].device, "/dev/vda1") == 0,
	      "system chosen: %s %s", c[0].device, why);
	// twin: only a data disk: nothing
	c[0] = mk("/dev/vdb1", "data", "", 0, 0, 0);
	CHECK(rank_choose(c, 1, why, sizeof why) < 0 && strstr(why, "no filesystem holds"), "data only: %s", why);
	CHECK(rank_choose(c, 0, why, sizeof why) < 0 && strstr(why, "no filesystem"), "none: %s", why);

	// two OS disks, only one fstab names its own root
	c[0] = mk("/dev/vdb2", "u2", "Ubuntu", 1, -1, 1);
	c[1] = mk("/dev/vda2", "u1", "Debian", 1, 1, 1);
	CHECK(rank_choose(c, 2, why, sizeof why) == 0 && strcmp(c[0].uuid, "u1") == 0, "fstab decides: %s", why);
	// twin: neither fstab says: a tie, no choice
	c[0] = mk("/dev/vdb2", "u2", "Ubuntu", 1, 0, 1);
	c[1] = mk("/dev/vda2", "u1", "Debian", 1, 0, 1);
	CHECK(rank_choose(c, 2, why, sizeof why) < 0 && strstr(why, "same evidence"), "tie: %s", why);
	CHECK(strcmp(c[0].device, "/dev/vda2") == 0, "ties sorted by device: %s", c[0].device);

	// cloned disks: same UUID, same evidence: refused as clones, not as a tie
	c[0] = mk("/dev/vda1", "same", "Debian", 1, 1, 1);
	c[1] = mk("/dev/vdb1", "SAME", "Debian", 1, 1, 1);
	CHECK(rank_choose(c, 2, why, sizeof why) < 0 && strstr(why, "share the UUID"), "clones: %s", why);
	// twin: a clone with less evidence still blocks the choice
	c[0] = mk("/dev/vda1", "same", "Debian", 1, 1, 1);
	c[1] = mk("/dev/vdb1", "same", "", 0, 0, 0);
	CHECK(rank_choose(c, 2, why, sizeof why) < 0 && strstr(why, "share the UUID"), "weak clone: %s", why);
	// but two btrfs subvolumes of one filesystem are not clones
	c[0] = mk("/dev/vda1", "b", "Fedora", 1, 1, 1);
	c[1] = mk("/dev/vda1", "b", "", 0, 0, 0);
	snprintf(c[0].subvol, sizeof c[0].subvol, "@");
	snprintf(c[1].subvol, sizeof c[1].subvol, "@home");
	CHECK(rank_choose(c, 2, why, sizeof why) == 0, "subvolumes: %s", why);

	// overrides
	const char *labels[] = { "root", "data" }, *parts[] = { "p-1", "p-2" };
	c[0] = mk("/dev/vda1", "u1", "", 0, 0, 0);
	c[1] = mk("/dev/vdb1", "u2", "", 0, 0, 0);
	CHECK(rank_override("UUID=U2", c, 2, labels, parts) == 1, "uuid override");
	CHECK(rank_override("LABEL=root", c, 2, labels, parts) == 0, "label override");
	CHECK(rank_override("PARTUUID=p-2", c, 2, labels, parts) == 1, "partuuid override");
	CHECK(rank_override("/dev/vdb1", c, 2, labels, parts) == 1, "path override");
	CHECK(rank_override("UUID=nope", c, 2, labels, parts) < 0, "unknown uuid");
	CHECK(rank_override("LABEL=", c, 2, labels, parts) < 0, "empty label");
	CHECK(rank_override("vdb1", c, 2, labels, parts) < 0, "a bare name is no path");
	return t_done("test_rank");
}
