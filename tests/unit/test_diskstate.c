/* The disk state: file round trip, fstab specs resolved, text and JSON, root line. */
#include "t.h"
#include "disk/disks.h"

static struct disk_state s, back;

static void dev(const char *name, const char *type, const char *uuid, const char *label, const char *partuuid,
		const char *role)
{
	struct blockdev *d = &s.dev[s.ndev++];

	snprintf(d->name, sizeof d->name, "%s", name);
	snprintf(d->dev, sizeof d->dev, "/dev/%s", name);
	snprintf(d->type, sizeof d->type, "%s", type);
	snprintf(d->uuid, sizeof d->uuid, "%s", uuid);
	snprintf(d->label, sizeof d->label, "%s", label);
	snprintf(d->partuuid, sizeof d->partuuid, "%s", partuuid);
	snprintf(d->role, sizeof d->role, "%s", role);
	d->bytes = 8ULL << 30;
	d->readonly = 1;
}

int main(void)
{
	static char buf[1 << 16];
	struct json j;

	s.root = -1;
	dev("vda", "", "", "", "", "dos partition table");
	dev("vda1", "ext4", "AAAA-1", "root\tx", "pu-1", "candidate");
	dev("vdb", "xfs", "BBBB-2", "data", "", "candidate");
	s.dev[1].partition = 1;
	snprintf(s.dev[1].parent, sizeof s.dev[1].parent, "vda");
	s.ncand = 1;
	snprintf(s.cand[0].device, sizeof s.cand[0].device, "/dev/vda1");
	snprintf(s.cand[0].uuid, sizeof s.cand[0].uuid, "AAAA-1");
	snprintf(s.cand[0].type, sizeof s.cand[0].type, "ext4");
	snprintf(s.cand[0].ev.os_name, sizeof s.cand[0].ev.os_name, "Debian");
	s.cand[0].score = 80;
	s.cand[0].nreasons = 2;
	snprintf(s.cand[0].reasons[0], sizeof s.cand[0].reasons[0], "+30 os-release: Debian");
	snprintf(s.cand[0].reasons[1], sizeof s.cand[0].reasons[1], "+50 other");
	s.root = 0;
	snprintf(s.why, sizeof s.why, "best evidence");

	int n = disks_state_format(&s, buf, sizeof buf);
	CHECK(n > 0, "format");
	CHECK(strstr(buf, "label=root?x") != NULL, "a tab in a label is made harmless: %s", buf);
	CHECK(disks_state_parse(buf, &back) == 0, "parse back");
	CHECK(back.ndev == 3 && back.ncand == 1 && back.root == 0, "counts %d %d %d", back.ndev, back.ncand, back.root);
	CHECK_STR(back.dev[1].parent, "vda", "parent");
	CHECK(back.dev[1].partition == 1 && back.dev[1].readonly == 1 && back.dev[1].bytes == 8ULL << 30, "numbers");
	CHECK_STR(back.cand[0].reasons[1], "+50 other", "reasons");
	CHECK(disks_state_parse("something else\n", &back) < 0, "not a state file");
	CHECK(disks_state_format(&s, buf, 40) < 0, "a short buffer is refused");

	// fstab specs
	CHECK(disks_resolve(&s, "UUID=aaaa-1") == &s.dev[1], "uuid, any case");
	CHECK(disks_resolve(&s, "LABEL=data") == &s.dev[2], "label");
	CHECK(disks_resolve(&s, "PARTUUID=PU-1") == &s.dev[1], "partuuid");
	CHECK(disks_resolve(&s, "/dev/vdb") == &s.dev[2], "path");
	CHECK(disks_resolve(&s, "/dev/disk/by-uuid/BBBB-2") == &s.dev[2], "by-uuid link");
	CHECK(disks_resolve(&s, "UUID=CCCC") == NULL, "unknown uuid");
	CHECK(disks_resolve(&s, "LABEL=") == NULL, "empty label");
	CHECK(disks_resolve(&s, "tmpfs") == NULL, "not a device");
	CHECK(disks_resolve(&s, "/dev/vdz") == NULL, "unknown path");

	CHECK_STR(disks_ro_options("ext4"), "noload", "ext4");
	CHECK_STR(disks_ro_options("xfs"), "norecovery", "xfs");
	CHECK_STR(disks_ro_options("btrfs"), "nologreplay", "btrfs");
	CHECK(disks_ro_options("vfat") == NULL && disks_ro_options("swap") == NULL, "not looked into");

	// text, JSON, banner line; then the same with no root
	CHECK(disks_render(&s, buf, sizeof buf) > 0 && strstr(buf, "/dev/vda1 ext4, score 80  <- root") &&
	      strstr(buf, "root      /dev/vda1 Debian; best evidence"), "text: %s", buf);
	json_init(&j, buf, sizeof buf);
	disks_json(&s, &j);
	CHECK(json_finish(&j) && strstr(buf, "\"root\":{\"device\":\"/dev/vda1\",\"uuid\":\"AAAA-1\""), "json: %s", buf);
	disks_root_line(&s, buf, 256);
	CHECK_STR(buf, "/dev/vda1 ext4, Debian (score 80)", "root line");
	s.root = -1;
	snprintf(s.why, sizeof s.why, "tie");
	json_init(&j, buf, sizeof buf);
	disks_json(&s, &j);
	CHECK(json_finish(&j) && strstr(buf, "\"root\":null"), "json without root: %s", buf);
	disks_root_line(&s, buf, 256);
	CHECK_STR(buf, "none: tie", "root line without root");
	s.ndev = s.ncand = 0;
	CHECK(disks_render(&s, buf, sizeof buf) > 0 && strstr(buf, "devices   none: no block device found"), "none");
	return t_done("test_diskstate");
}
