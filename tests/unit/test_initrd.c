/* fix initramfs: driver names to modules, the config lines, the kernel's lists. */
#include "t.h"
#include "fix/initrd.h"

int main(void)
{
	char m[32], out[1024];
	static const struct {
		const char *driver, *want;
	} drv[] = {
		{ "virtio_blk", "virtio_blk" }, { "virtio-pci", "virtio_pci" }, { "sd", "sd_mod" }, { "nvme", "nvme" },
		{ "ahci", "ahci" }, { "e1000e", "e1000e" }, { "xen-blkfront", "xen_blkfront" }, { "pcieport", NULL },
		{ "", NULL }, { "Bad Name", NULL }, { "../x", NULL },
	};
	for (size_t i = 0; i < sizeof drv / sizeof *drv; i++) {
		int rc = initrd_module_of_driver(drv[i].driver, m, sizeof m);
		CHECK(drv[i].want ? rc == 0 && strcmp(m, drv[i].want) == 0 : rc == -1, "%s: %d %s", drv[i].driver, rc, m);
	}

	char mods[4][32];
	int n = 0;
	n = initrd_mods_add(mods, n, 4, "virtio_blk");
	n = initrd_mods_add(mods, n, 4, "virtio_pci");
	n = initrd_mods_add(mods, n, 4, "virtio_blk");
	CHECK(n == 2, "a set: %d", n);
	n = initrd_mods_add(mods, n, 4, "a");
	n = initrd_mods_add(mods, n, 4, "b");
	n = initrd_mods_add(mods, n, 4, "c");
	CHECK(n == 4, "full: %d", n);
	n = 2;

	static const char file[] = "# List of modules\n# virtio_pci\nloop\nvirtio_blk  # disk\n";
	long len = initrd_modules_file(file, sizeof file - 1, mods, n, out, sizeof out);
	CHECK(len > 0 && strcmp(out, "# List of modules\n# virtio_pci\nloop\nvirtio_blk  # disk\n"
				   "# added by lifeboat fix initramfs: drivers this machine needs\nvirtio_pci\n") == 0,
	      "added: %s", out);
	char again[1024];
	CHECK(initrd_modules_file(out, (size_t)len, mods, n, again, sizeof again) == 0, "a second run adds nothing");
	len = initrd_modules_file("loop", 4, mods, 1, out, sizeof out);
	CHECK(len > 0 && strncmp(out, "loop\n# added", 12) == 0, "no final newline: %s", out);
	CHECK(initrd_modules_file("virtio_blk_extra\n", 17, mods, 1, out, sizeof out) > 0, "a longer name is another");
	CHECK(initrd_modules_file(file, sizeof file - 1, mods, n, out, 40) == -1, "no room");

	CHECK(initrd_dracut_conf(mods, n, out, sizeof out) > 0 &&
	      strcmp(out, "# lifeboat fix initramfs: drivers this machine needs\nadd_drivers+=\" virtio_blk virtio_pci \"\n") == 0,
	      "dracut: %s", out);
	CHECK(initrd_mkinitcpio_conf(mods, n, out, sizeof out) > 0 && strstr(out, "MODULES+=(virtio_blk virtio_pci)\n"),
	      "mkinitcpio: %s", out);
	CHECK(initrd_dracut_conf(mods, n, out, 20) == -1, "dracut: no room");

	static const char dep[] = "kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko\n"
				  "kernel/fs/xfs/xfs.ko.xz: kernel/lib/libcrc32c.ko.xz\n"
				  "kernel/drivers/md/dm-mod.ko.zst:\n";
	CHECK(initrd_kernel_has(dep, sizeof dep - 1, "virtio_blk"), "virtio_blk");
	CHECK(initrd_kernel_has(dep, sizeof dep - 1, "xfs"), "compressed");
	CHECK(initrd_kernel_has(dep, sizeof dep - 1, "dm_mod"), "dash and underscore");
	CHECK(!initrd_kernel_has(dep, sizeof dep - 1, "virtio"), "a dependency is not listed as a module of its own");
	CHECK(!initrd_kernel_has(dep, sizeof dep - 1, "virtio_bl"), "a prefix");
	CHECK(!initrd_kernel_has(dep, sizeof dep - 1, "nvme"), "absent");
	CHECK(initrd_kernel_has("kernel/drivers/nvme/host/nvme.ko\n", 33, "nvme"), "builtin list form");

	// command lines that have the initramfs bring the network up, and their twins
	static const struct {
		const char *cmdline, *why;
	} net[] = {
		{ "root=UUID=1 ro ip=dhcp quiet", "ip=dhcp" },
		{ "ip=10.0.0.5::10.0.0.1:255.255.255.0:web1:eth0:none root=/dev/vda1", "ip=10.0.0.5::10.0.0.1:255.255.255.0:web1:eth0:none" },
		{ "root=/dev/nfs nfsroot=10.0.0.1:/srv/root", "root=/dev/nfs" },
		{ "root=nfs:10.0.0.1:/srv/root", "root=nfs:10.0.0.1:/srv/root" },
		{ "root=UUID=1 rd.neednet=1", "rd.neednet=1" },
		{ "netroot=iscsi:10.0.0.1::::iqn.2020-01.x:y", "netroot=iscsi:10.0.0.1::::iqn.2020-01.x:y" },
		{ "\tBOOTIF=01-52-54-00-12-34-56", "BOOTIF=01-52-54-00-12-34-56" },
		{ "root=UUID=1 ro quiet", NULL },
		{ "root=UUID=1 ip=off", NULL },
		{ "ip=none", NULL },
		{ "root=UUID=1 skip=ip=dhcp rd.neednet=0 myip=dhcp", NULL },
		{ "", NULL },
	};
	for (size_t i = 0; i < sizeof net / sizeof *net; i++) {
		char why[128] = "";
		int got = initrd_cmdline_network(net[i].cmdline, why, sizeof why);
		CHECK(got == (net[i].why != NULL), "network in '%s': %d", net[i].cmdline, got);
		if (net[i].why)
			CHECK_STR(why, net[i].why, "the word that says so");
	}
	return t_done("test_initrd");
}
