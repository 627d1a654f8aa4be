/* fstab: fields, escapes, which entries get mounted, spec kinds, mount order. */
#include "t.h"
#include "disk/fstab.h"

int main(void)
{
	static const char text[] =
		"# /etc/fstab: static file system information.\n"
		"UUID=2b3c-root / ext4 errors=remount-ro 0 1\n"
		"\n"
		"   # indented comment\n"
		"UUID=\"77aa\"\t/boot/efi vfat umask=0077 0 1\n"
		"LABEL=boot /boot ext4 defaults 0 2\n"
		"PARTUUID=abcd-02 /srv/my\\040data xfs defaults 0 0\n"
		"/dev/vdb1 none swap sw 0 0\n"
		"tmpfs /tmp tmpfs defaults 0 0\n"
		"server:/export /mnt/nfs nfs defaults 0 0\n"
		"/srv/a /srv/b none bind 0 0\n"
		"PARTLABEL=var /var ext4\r\n"
		"broken-line-with-one-field\n"
		"UUID=x /../../etc ext4 defaults 0 0\n"
		"UUID=y /home/.. ext4 defaults 0 0";
	struct fstab_entry e[FSTAB_MAX];
	int n = fstab_parse(text, sizeof text - 1, e, FSTAB_MAX);
	char v[160];
	int idx[FSTAB_MAX];

	CHECK(n == 11, "entries %d", n);
	CHECK_STR(e[0].spec, "UUID=2b3c-root", "spec");
	CHECK_STR(e[0].dir, "/", "dir");
	CHECK_STR(e[3].dir, "/srv/my data", "\\040 decoded");
	CHECK_STR(e[8].opts, "defaults", "missing options are defaults");
	CHECK_STR(e[8].type, "ext4", "CR stripped");

	// which of them lifeboat mounts under the root
	static const int mountable[] = { 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0 };
	for (int i = 0; i < 11; i++)
		CHECK(fstab_mountable(&e[i]) == mountable[i], "entry %d (%s %s %s) mountable %d", i, e[i].spec,
		      e[i].dir, e[i].type, fstab_mountable(&e[i]));

	CHECK(fstab_spec_kind("UUID=\"77aa\"", v, sizeof v) && strcmp(v, "77aa") == 0, "quoted uuid: %s", v);
	CHECK_STR(fstab_spec_kind("PARTLABEL=var", v, sizeof v), "PARTLABEL", "partlabel kind");
	CHECK_STR(fstab_spec_kind("/dev/disk/by-uuid/x", v, sizeof v), "PATH", "path kind");
	CHECK(fstab_spec_kind("tmpfs", v, sizeof v) == NULL, "tmpfs is no device");
	CHECK(fstab_spec_kind("UUID=", v, sizeof v) == NULL, "empty uuid");
	CHECK(fstab_spec_kind("UUIDX=1", v, sizeof v) == NULL, "not a kind");

	// /boot/efi comes after /boot although fstab lists it first
	struct fstab_entry m[3];
	int k = fstab_parse("UUID=a /boot/efi vfat d\nUUID=b /var ext4 d\nUUID=c /boot ext4 d\n", 63, m, 3);
	CHECK(k == 3, "3 entries: %d", k);
	fstab_order(m, k, idx);
	CHECK(idx[0] == 1 && idx[1] == 2 && idx[2] == 0, "order %d %d %d", idx[0], idx[1], idx[2]);
	// twin: already in order stays as is
	k = fstab_parse("UUID=c /boot ext4 d\nUUID=a /boot/efi vfat d\n", 42, m, 3);
	fstab_order(m, k, idx);
	CHECK(k == 2 && idx[0] == 0 && idx[1] == 1, "in order kept");
	// /bootx is not under /boot
	k = fstab_parse("UUID=a /bootx ext4 d\nUUID=c /boot ext4 d\n", 40, m, 3);
	fstab_order(m, k, idx);
	CHECK(k == 2 && idx[0] == 0 && idx[1] == 1, "a sibling with a common prefix is not a child");

	// a trailing or doubled slash is the same directory: /var/ before /var/lib/docker
	k = fstab_parse("UUID=a /var/lib/docker xfs d\nUUID=b /var/ ext4 d\nUUID=c /var//lib ext4 d\n", 73, m, 3);
	fstab_order(m, k, idx);
	CHECK(k == 3 && idx[0] == 1 && idx[1] == 2 && idx[2] == 0, "trailing slash: order %d %d %d", idx[0], idx[1],
	      idx[2]);
	// twin: the same directory twice keeps fstab's order
	k = fstab_parse("UUID=a /var/ xfs d\nUUID=b /var ext4 d\n", 38, m, 3);
	fstab_order(m, k, idx);
	CHECK(k == 2 && idx[0] == 0 && idx[1] == 1, "one directory, two spellings: order %d %d", idx[0], idx[1]);

	// bounded: max respected, and a text without a final newline is read to its end only
	CHECK(fstab_parse(text, sizeof text - 1, e, 2) == 2, "max");
	CHECK(fstab_parse("UUID=a / ext4", 8, e, 2) == 0, "len respected: a cut line has too few fields");
	return t_done("test_fstab");
}
