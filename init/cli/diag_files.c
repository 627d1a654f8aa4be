/* lifeboat diagnose: what the guest's own files say — fstab, the boot chain,
 * network and firewall configuration, who can log in, how full it is. All
 * through the read-only mount, every path resolved inside the guest. */
#define _GNU_SOURCE
#include "diagnose.h"
#include "fixes.h"
#include "guest.h"
#include "sandbox.h"
#include "../diag/bootent.h"
#include "../diag/cpio.h"
#include "../diag/unpack.h"
#include "../diag/fwcheck.h"
#include "../diag/netnames.h"
#include "../diag/sshdcfg.h"
#include "../disk/fstab.h"
#include "../disk/groot.h"
#include "../fix/fstabfix.h"
#include "../fix/initrd.h"
#include "../fix/fwrules.h"
#include "../lib/mountinfo.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define NAMES_MAX 64		/* directory entries looked at per pattern */
#define FULL_PCT 98		/* disk or inode use that is a finding */
#define SSHD_TEST_S 20		/* the guest's sshd -t is killed after this long */

static char text[DIAGNOSE_TEXT_MAX];

/* Line n (1-based) of t, without its newline, into out. */
static void line_of(const char *t, int n, char *out, size_t size)
{
	for (int i = 1; t && *t && i < n; i++)
		t = strchr(t, '\n') ? strchr(t, '\n') + 1 : NULL;
	if (!t) {
		text_copy(out, size, "");
		return;
	}
	size_t len = strcspn(t, "\n");
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), t);
}

/* The names in a guest directory matching pattern, sorted, up to max. */
static int dir_glob(int rootfd, const char *dir, const char *pattern, char names[][256], int max)
{
	int fd = groot_open(rootfd, dir, O_RDONLY | O_DIRECTORY);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	int n = 0;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((e = readdir(d)) && n < max)
		if (e->d_name[0] != '.' && fnmatch(pattern, e->d_name, 0) == 0)
			text_copy(names[n++], sizeof names[0], e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
	return n;
}

/* ---- fstab ---- */

void dg_fstab(struct dg *g)
{
	struct fstabfix_finding f[16];
	char line[256], title[160];
	int n = fix_fstab_missing(g->rootfd, (struct disk_state *)g->st, text, sizeof text, f, 16);

	for (int i = 0; i < n; i++) {
		line_of(text, f[i].line, line, sizeof line);
		if (f[i].action == FSTABFIX_ROOT) {
			snprintf(title, sizeof title, "/etc/fstab: the root's entry names %s, which no disk here has", f[i].spec);
			diag_add(g->r, "fstab.root-missing", DIAG_ERROR, NULL, title, "/etc/fstab line %d: %s", f[i].line, line);
		} else {
			snprintf(title, sizeof title, "/etc/fstab: %s needs %s, which no disk here has", f[i].dir, f[i].spec);
			diag_add(g->r, "fstab.missing-device", DIAG_ERROR, "lifeboat fix fstab", title,
				 "/etc/fstab line %d: %s\n(no nofail: the guest's boot waits for it, then stops in emergency mode)",
				 f[i].line, line);
		}
	}
}

/* ---- the boot chain: kernels, initramfs images, GRUB ---- */

static void kernels(struct dg *g)
{
	static char names[NAMES_MAX][256];
	static const char *const images[] = { "/boot/initrd.img-%s", "/boot/initramfs-%s.img", "/boot/initrd-%s",
					      "/boot/initramfs-%s" };
	int n = dir_glob(g->rootfd, "/boot", "vmlinuz-*", names, NAMES_MAX);

	for (int i = 0; i < n; i++) {
		const char *ver = names[i] + 8;
		char path[320], title[200];
		int found = 0;
		// a rescue kernel of its own (Red Hat's vmlinuz-0-rescue-…) has its image beside it as well
		for (size_t k = 0; k < sizeof images / sizeof *images && !found; k++) {
			snprintf(path, sizeof path, images[k], ver);
			found = groot_exists(g->rootfd, path);
		}
		if (found)
			continue;
		snprintf(title, sizeof title, "kernel %s has no initramfs: the guest cannot mount its root", ver);
		diag_add(g->r, "boot.initramfs-missing", DIAG_ERROR, "lifeboat fix initramfs", title,
			 "/boot/vmlinuz-%s is there; /boot/initrd.img-%s (or initramfs-%s.img) is not", ver, ver, ver);
	}
}

/* The disk a device is on: "/dev/vda" for "/dev/vda2" (from the disk state). */
static int whole_disk(const struct disk_state *st, const char *dev, char *out, size_t size)
{
	for (int i = 0; i < st->ndev; i++)
		if (strcmp(st->dev[i].dev, dev) == 0) {
			if (!st->dev[i].parent[0])
				return snprintf(out, size, "%s", dev) < (int)size ? 0 : -1;
			return snprintf(out, size, "/dev/%s", st->dev[i].parent) < (int)size ? 0 : -1;
		}
	return -1;
}

static void boot_code(struct dg *g)
{
	unsigned char mbr[440];
	char disk[128];

	// GRUB for BIOS is what boots from the first sector; UEFI guests do not use it
	if (!groot_exists(g->rootfd, "/usr/lib/grub/i386-pc") || g->st->root < 0 ||
	    whole_disk(g->st, g->st->cand[g->st->root].device, disk, sizeof disk) < 0)
		return;
	int fd = open(disk, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t got = pread(fd, mbr, sizeof mbr, 0);
	close(fd);
	if (got != (ssize_t)sizeof mbr)
		return;
	for (size_t i = 0; i < sizeof mbr; i++)
		if (mbr[i])
			return;
	diag_add(g->r, "boot.no-boot-code", DIAG_ERROR, "lifeboat fix bootloader",
		 "the disk's first sector holds no boot code: the firmware finds nothing to start",
		 "%s: bytes 0-439 are all zero (the guest has GRUB for BIOS, grub-pc)", disk);
}

static void grub(struct dg *g)
{
	static struct bootent e[BOOTENT_MAX];
	const char *cfg = groot_exists(g->rootfd, "/boot/grub2/grub.cfg") ? "/boot/grub2/grub.cfg" : "/boot/grub/grub.cfg";
	char from[64];
	int def = 0;

	if (!groot_exists(g->rootfd, "/usr/lib/grub") && !groot_exists(g->rootfd, "/boot/grub") &&
	    !groot_exists(g->rootfd, "/boot/grub2"))
		return;	/* not a GRUB guest */
	ssize_t len = groot_read(g->rootfd, cfg, text, sizeof text);
	if (len <= 0) {
		diag_add(g->r, "boot.grub-config-missing", DIAG_ERROR, "lifeboat fix bootloader",
			 "GRUB has no configuration: it stops at its prompt", "%s is %s", cfg,
			 len == 0 ? "empty" : "missing");
		return;
	}
	int n = boot_entries(g->rootfd, g->st, e, &def, from, sizeof from);
	if (n <= 0 || def < 0 || def >= n)
		return;
	const struct bootent *d = &e[def];
	char path[320], title[200];
	boot_guest_path(d->kernel, path, sizeof path);
	if (d->kernel[0] && !groot_exists(g->rootfd, path)) {
		snprintf(title, sizeof title, "the default boot entry boots a kernel that is not there");
		diag_add(g->r, "boot.kernel-missing", DIAG_ERROR, "lifeboat fix bootloader", title,
			 "%s: entry \"%s\": linux %s (%s is missing)", from, d->title, d->kernel, path);
	}
	// root= of the default entry: does it name a filesystem that is here?
	const char *r = strstr(d->cmdline, "root=");
	while (r && r != d->cmdline && r[-1] != ' ')
		r = strstr(r + 5, "root=");
	if (!r)
		return;
	char spec[160];
	snprintf(spec, sizeof spec, "%.*s", (int)strcspn(r + 5, " "), r + 5);
	char value[160];
	const char *kind = fstab_spec_kind(spec, value, sizeof value);
	if (!kind || strchr(spec, '$') || disks_resolve(g->st, spec))
		return;
	if (strcmp(kind, "PATH") == 0) {
		struct stat sb;
		if (stat(value, &sb) == 0 && S_ISBLK(sb.st_mode))
			return;
		if (strncmp(value, "/dev/mapper/", 12) == 0 || strncmp(value, "/dev/md", 7) == 0)
			return;	/* made at the guest's boot: not to judge from here */
	}
	if (snprintf(title, sizeof title, "GRUB's default entry names a root (%s) that no disk here has", spec) >=
	    (int)sizeof title)
		text_copy(title, sizeof title, "GRUB's default entry names a root that no disk here has");
	diag_add(g->r, "boot.root-missing", DIAG_ERROR, "lifeboat fix bootloader", title, "%s: entry \"%s\": %s", from,
		 d->title, d->cmdline);
}

#define MODSET_MAX 4096	/* modules read out of one initramfs; more and it says nothing */

struct modset {
	char have[MODSET_MAX][32];
	int n, full;
};

static int collect(const struct cpio_entry *e, void *ctx)
{
	struct modset *m = ctx;
	char name[32], ver[128];

	if (cpio_module(e->name, name, sizeof name, ver, sizeof ver) < 0)
		return 0;
	if (m->n == MODSET_MAX) {
		m->full = 1;
		return 1;
	}
	text_copy(m->have[m->n++], sizeof m->have[0], name);
	return 0;
}

/* Does an installed kernel's initramfs hold the drivers this machine's root disk needs? */
static void initramfs_drivers(struct dg *g)
{
	static char names[NAMES_MAX][256];
	static char dep[4 << 20];
	static struct modset m;
	static unsigned char buf[1 << 16];
	char needed[INITRD_MODS_MAX][32], net[INITRD_MODS_MAX][32], netwhy[200];
	int nneeded = fix_initramfs_needed(g->st, needed, INITRD_MODS_MAX);
	// the NICs' drivers matter when the initramfs brings up the network
	int nnet = fix_initramfs_network(g->rootfd, g->st, netwhy, sizeof netwhy) ? fix_initramfs_net_needed(net, 0) : 0;
	int n = dir_glob(g->rootfd, "/boot", "initrd.img-*", names, NAMES_MAX);

	n += dir_glob(g->rootfd, "/boot", "initramfs-*.img", names + n, NAMES_MAX - n);
	for (int i = 0; i < n && (nneeded || nnet); i++) {
		char ver[200], path[320], missing[256] = "", netmissing[256] = "";
		size_t ml = 0, nml = 0;
		if (strncmp(names[i], "initrd.img-", 11) == 0)
			text_copy(ver, sizeof ver, names[i] + 11);
		else
			snprintf(ver, sizeof ver, "%.*s", (int)strlen(names[i]) - 14, names[i] + 10);
		// only what this kernel has as modules: built-in drivers need no initramfs
		if (snprintf(path, sizeof path, "/lib/modules/%s/modules.dep", ver) >= (int)sizeof path)
			continue;
		ssize_t dl = groot_read(g->rootfd, path, dep, sizeof dep);
		if (dl <= 0)
			continue;
		if (snprintf(path, sizeof path, "/boot/%s", names[i]) >= (int)sizeof path)
			continue;
		int fd = groot_open(g->rootfd, path, O_RDONLY);
		struct unpack *u = fd >= 0 ? unpack_new(collect, &m) : NULL;
		ssize_t r = 0;
		m.n = m.full = 0;
		int fed = 0;
		while (u && (r = read(fd, buf, sizeof buf)) > 0 && (fed = unpack_feed(u, buf, (size_t)r)) == 0)
			;
		int end = !u ? -1 : fed == 1 ? 0 : unpack_end(u);
		if (u && end < 0) {
			char title[320];
			snprintf(title, sizeof title, "the initramfs of kernel %.100s does not read to its end", ver);
			diag_add(g->r, "boot.initramfs-damaged", DIAG_ERROR, "lifeboat fix initramfs --force", title, "%s: %s",
				 path, unpack_error(u));
		}
		if (u)
			unpack_free(u);
		if (fd >= 0)
			close(fd);
		if (!u || end < 0 || m.full)
			continue;
		for (int k = 0; k < nneeded; k++) {
			int have = 0;
			if (!initrd_kernel_has(dep, (size_t)dl, needed[k]))
				continue;
			for (int j = 0; j < m.n && !have; j++)
				have = strcmp(m.have[j], needed[k]) == 0;
			if (!have && ml < sizeof missing - 40)
				ml += (size_t)snprintf(missing + ml, sizeof missing - ml, "%s%s", ml ? ", " : "", needed[k]);
		}
		for (int k = 0; k < nnet; k++) {
			int have = 0;
			if (!initrd_kernel_has(dep, (size_t)dl, net[k]))
				continue;
			for (int j = 0; j < m.n && !have; j++)
				have = strcmp(m.have[j], net[k]) == 0;
			if (!have && nml < sizeof netmissing - 40)
				nml += (size_t)snprintf(netmissing + nml, sizeof netmissing - nml, "%s%s", nml ? ", " : "", net[k]);
		}
		if (missing[0]) {
			char title[320];
			snprintf(title, sizeof title, "the initramfs of kernel %.100s lacks drivers this machine's disk needs", ver);
			diag_add(g->r, "boot.initramfs-drivers", DIAG_ERROR, "lifeboat fix initramfs --force", title,
				 "%s (%d modules) has none of: %s", path, m.n, missing);
		}
		if (netmissing[0]) {
			char title[320];
			snprintf(title, sizeof title, "the initramfs of kernel %.100s brings up the network without a driver "
				 "for this machine's NIC", ver);
			diag_add(g->r, "boot.initramfs-net-driver", DIAG_ERROR, "lifeboat fix initramfs --force", title,
				 "%s (%d modules) has none of: %s\nit brings up the network: %s", path, m.n, netmissing,
				 netwhy);
		}
	}
}

void dg_boot(struct dg *g)
{
	kernels(g);
	initramfs_drivers(g);
	boot_code(g);
	grub(g);
}

/* ---- network ---- */

static const struct {
	enum netnames_format fmt;
	const char *dir, *pattern, *unit;	/* unit: only counts when enabled ("" for always) */
} netfiles[] = {
	{ NETNAMES_IFUPDOWN, "/etc/network", "interfaces", "" },
	{ NETNAMES_IFUPDOWN, "/etc/network/interfaces.d", "*", "" },
	{ NETNAMES_NETWORKD, "/etc/systemd/network", "*.network", "systemd-networkd.service" },
	{ NETNAMES_NETPLAN, "/etc/netplan", "*.yaml", "" },
	{ NETNAMES_NM, "/etc/NetworkManager/system-connections", "*.nmconnection", "NetworkManager.service" },
	{ NETNAMES_IFCFG, "/etc/sysconfig/network-scripts", "ifcfg-*", "" },
};

void dg_network(struct dg *g)
{
	static char names[NAMES_MAX][256];
	static char evidence[640];
	struct netnames_ref refs[NETNAMES_MAX];
	char here[32], ifname[32], mac[32];
	int total = 0, matched = 0;
	size_t elen = 0;

	if (fix_network_nic(g->rootfd, here, sizeof here, ifname, sizeof ifname, mac, sizeof mac) < 0)
		return;
	evidence[0] = '\0';
	for (size_t k = 0; k < sizeof netfiles / sizeof *netfiles; k++) {
		if (netfiles[k].unit[0] && !groot_unit_enabled(g->rootfd, netfiles[k].unit))
			continue;
		int m = dir_glob(g->rootfd, netfiles[k].dir, netfiles[k].pattern, names, NAMES_MAX);
		for (int i = 0; i < m; i++) {
			char path[320];
			snprintf(path, sizeof path, "%s/%s", netfiles[k].dir, names[i]);
			ssize_t len = groot_read(g->rootfd, path, text, sizeof text);
			if (len <= 0)
				continue;
			int n = netnames_read(netfiles[k].fmt, text, (size_t)len, refs, NETNAMES_MAX);
			for (int j = 0; j < n; j++) {
				total++;
				if (netnames_match(&refs[j], ifname, mac)) {
					matched++;
					continue;
				}
				if (elen < sizeof evidence - 1)
					elen += (size_t)snprintf(evidence + elen, sizeof evidence - elen, "%s line %d: %s\n",
								 path, refs[j].line, refs[j].mac[0] ? refs[j].mac : refs[j].name);
			}
		}
	}
	if (total && !matched)
		diag_add(g->r, "network.unknown-interface", DIAG_ERROR, "lifeboat fix network",
			 "the network configuration names no NIC this machine has: the guest comes up unreachable",
			 "%sthis machine's NIC: %s (MAC %s; here %s)", evidence, ifname, mac, here);
	else if (!total)
		diag_add(g->r, "network.no-config", DIAG_WARNING, "lifeboat fix network",
			 "no network configuration names an interface", "none in ifupdown, systemd-networkd, netplan, "
			 "NetworkManager or ifcfg files; this machine's NIC: %s (MAC %s)", ifname, mac);
}

/* ---- sshd's configuration, read once for the port and the logins ---- */

struct includes {
	int rootfd;
	char texts[SSHDCFG_INCLUDE_FILES][8192];
	char paths[SSHDCFG_INCLUDE_FILES][320];
	int used;
};

static int include(const char *pattern, struct sshdcfg_file *files, int max, void *ctx)
{
	static char names[NAMES_MAX][256];
	struct includes *inc = ctx;
	char dir[256];
	const char *slash = strrchr(pattern, '/');

	if (!slash || pattern[0] != '/' || (size_t)(slash - pattern) >= sizeof dir)
		return 0;
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - pattern), pattern);
	int n = dir_glob(inc->rootfd, dir, slash + 1, names, NAMES_MAX), k = 0;
	for (int i = 0; i < n && k < max && inc->used < SSHDCFG_INCLUDE_FILES; i++) {
		int u = inc->used;
		if (snprintf(inc->paths[u], sizeof inc->paths[u], "%s/%s", dir, names[i]) >= (int)sizeof inc->paths[u])
			continue;
		ssize_t len = groot_read(inc->rootfd, inc->paths[u], inc->texts[u], sizeof inc->texts[u]);
		if (len < 0)
			return -1;
		files[k].name = inc->paths[u];
		files[k].text = inc->texts[u];
		files[k].len = (size_t)len;
		inc->used++, k++;
	}
	return n;
}

static struct sshdcfg sshd;
static struct includes inc;
static int sshd_read = -1;	/* -1 not yet, 0 no sshd_config, 1 read */

static int sshd_config(int rootfd)
{
	static char main_text[32768];

	if (sshd_read >= 0)
		return sshd_read;
	ssize_t len = groot_read(rootfd, SSHDCFG_MAIN, main_text, sizeof main_text);
	sshd_read = len > 0;
	if (len > 0) {
		memset(&inc, 0, sizeof inc);
		inc.rootfd = rootfd;
		sshdcfg_parse(&sshd, SSHDCFG_MAIN, main_text, (size_t)len, include, &inc);
	}
	return sshd_read;
}

static int ssh_port(int rootfd)
{
	int ports[4];
	return sshd_config(rootfd) == 1 && sshdcfg_ports(&sshd, ports, 4) > 0 ? ports[0] : 22;
}

/* ---- firewall ---- */

void dg_firewall(struct dg *g)
{
	static char out[DIAGNOSE_TEXT_MAX + 4096];
	int port = ssh_port(g->rootfd), line;
	char title[200], fix[64];

	snprintf(title, sizeof title, "the firewall the guest starts at boot drops SSH (port %d)", port);
	snprintf(fix, sizeof fix, "lifeboat fix firewall");
	if (groot_unit_enabled(g->rootfd, "netfilter-persistent.service") || groot_unit_enabled(g->rootfd, "iptables.service")) {
		const char *rules = groot_exists(g->rootfd, "/etc/iptables/rules.v4") ? "/etc/iptables/rules.v4"
											: "/etc/sysconfig/iptables";
		ssize_t len = groot_read(g->rootfd, rules, text, sizeof text);
		if (len > 0 && fwcheck_iptables(text, (size_t)len, port, &line) == FWCHECK_BLOCKS) {
			char l[256];
			line_of(text, line, l, sizeof l);
			diag_add(g->r, "firewall.blocks-ssh", DIAG_ERROR, fix, title, "%s line %d: %s", rules, line, l);
		}
	}
	if (groot_unit_enabled(g->rootfd, "firewalld.service")) {
		char zone[64], path[160];
		ssize_t len = groot_read(g->rootfd, "/etc/firewalld/firewalld.conf", text, sizeof text);
		if (fwrules_firewalld_default_zone(text, len > 0 ? (size_t)len : 0, zone, sizeof zone) < 0)
			return;
		snprintf(path, sizeof path, "/etc/firewalld/zones/%s.xml", zone);
		if (!groot_exists(g->rootfd, path))
			snprintf(path, sizeof path, "/usr/lib/firewalld/zones/%s.xml", zone);
		len = groot_read(g->rootfd, path, text, sizeof text);
		if (len > 0 && !strstr(text, "target=\"ACCEPT\"") &&
		    fwrules_firewalld_zone_allow(text, (size_t)len, port, out, sizeof out) > 0)
			diag_add(g->r, "firewall.blocks-ssh", DIAG_ERROR, fix, title,
				 "firewalld's default zone %s (%s) has neither the ssh service nor port %d/tcp", zone, path,
				 port);
	}
	if (groot_unit_enabled(g->rootfd, "ufw.service")) {
		ssize_t len = groot_read(g->rootfd, "/etc/ufw/ufw.conf", text, sizeof text);
		if (len > 0 && strstr(text, "\nENABLED=yes")) {
			ssize_t dl = groot_read(g->rootfd, "/etc/default/ufw", out, sizeof out);
			int deny = dl <= 0 || !strstr(out, "DEFAULT_INPUT_POLICY=\"ACCEPT\"");
			len = groot_read(g->rootfd, "/etc/ufw/user.rules", text, sizeof text);
			if (deny && len > 0 && fwrules_ufw_allow(text, (size_t)len, port, 0, out, sizeof out) > 0)
				diag_add(g->r, "firewall.blocks-ssh", DIAG_ERROR, fix, title,
					 "ufw is enabled (/etc/ufw/ufw.conf), drops what it does not allow "
					 "(/etc/default/ufw), and /etc/ufw/user.rules allows no %d/tcp first", port);
		}
	}
}

/* The guest's sshd -t, run in the guest, boxed in (sandbox.h: whoever had the
 * guest may have written that binary, and diagnose runs at boot) with /run/sshd,
 * its privilege separation directory. Returns its exit status (0: sshd takes the
 * configuration) with what it said, or -1 when it could not run here (no sshd,
 * not this machine's architecture, no time). */
static int sshd_test(char *said, size_t size)
{
	static const char *const run_dirs[] = { "/run/sshd", NULL };
	char *const argv[] = { "sshd", "-t", NULL };
	char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", NULL };

	said[0] = '\0';
	if (access(GUEST_ROOT "/usr/sbin/sshd", X_OK) != 0)
		return -1;
	return sandbox_run(GUEST_ROOT, "/usr/sbin/sshd", argv, envp, run_dirs, SSHD_TEST_S, said, size);
}

/* ---- who can log in ---- */

struct account {
	char name[64], home[256];
	unsigned uid, gid;
	int password;
	const char *groups[16];
	int ngroups;
};

/* The field-th (0-based) ':' field of line into out. */
static void field(const char *line, int n, char *out, size_t size)
{
	for (int i = 0; i < n && line; i++)
		line = strchr(line, ':') ? strchr(line, ':') + 1 : NULL;
	size_t len = line ? strcspn(line, ":\n") : 0;
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), line ? line : "");
}

/* The line of a passwd-format text whose first field is name. */
static const char *entry(const char *t, const char *name)
{
	size_t len = strlen(name);
	for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, name, len) == 0 && l[len] == ':')
			return l;
	return NULL;
}

static int has_keys(const char *path, void *ctx)
{
	static char keys[32768];
	int rootfd = *(int *)ctx;
	ssize_t len = groot_read(rootfd, path, keys, sizeof keys);

	for (char *l = keys; len > 0 && l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		while (*l == ' ' || *l == '\t')
			l++;
		// a key line: "ssh-ed25519 AAAA…", "ecdsa-sha2-…", "sk-…", maybe after options
		if (*l != '#' && (strstr(l, "ssh-ed25519 ") || strstr(l, "ssh-rsa ") || strstr(l, "ecdsa-sha2-") ||
				  strstr(l, "sk-ssh-ed25519") || strstr(l, "sk-ecdsa-")) &&
		    (size_t)(strchr(l, '\n') ? strchr(l, '\n') - l : (long)strlen(l)) > 40)
			return 1;
	}
	return 0;
}

void dg_access(struct dg *g)
{
	static char passwd[DIAGNOSE_TEXT_MAX], shadow[DIAGNOSE_TEXT_MAX], group[DIAGNOSE_TEXT_MAX];
	static struct account acc[16];
	static char reasons[1024];
	static char gnames[16][16][64];
	int nacc = 0, any_way = 0, any_key = 0;
	size_t rlen = 0;

	if (!groot_exists(g->rootfd, "/usr/sbin/sshd"))
		return;	/* no OpenSSH server: nothing to say about it */
	if (!groot_unit_enabled(g->rootfd, "ssh.service") && !groot_unit_enabled(g->rootfd, "sshd.service") &&
	    !groot_unit_enabled(g->rootfd, "ssh.socket") && !groot_unit_enabled(g->rootfd, "sshd.socket") &&
	    groot_exists(g->rootfd, "/etc/systemd/system"))
		diag_add(g->r, "ssh.not-enabled", DIAG_ERROR, NULL, "the guest's SSH server does not start at boot",
			 "no link to ssh.service, sshd.service or ssh.socket in /etc/systemd/system/*.wants "
			 "(lifeboat chroot systemctl enable ssh)");
	// the guest's own sshd judges its configuration when it runs here; the parser when it does not
	static char said[512];
	int verdict = sshd_test(said, sizeof said);
	if (verdict > 0 || (verdict < 0 && sshd_config(g->rootfd) == 1 && sshd.nproblems)) {
		char ev[700];
		size_t el = 0;
		ev[0] = '\0';
		if (verdict > 0)
			el += (size_t)snprintf(ev, sizeof ev, "sshd -t in the guest (exit %d):\n%s%s", verdict, said,
					       said[0] && said[strlen(said) - 1] != '\n' ? "\n" : "");
		for (int i = 0; sshd_config(g->rootfd) == 1 && i < sshd.nproblems && i < SSHDCFG_MAX_PROBLEMS &&
				el < sizeof ev - 1; i++)
			el += (size_t)snprintf(ev + el, sizeof ev - el, "%s line %d: %s\n", sshd.problems[i].file,
					       sshd.problems[i].line, sshd.problems[i].what);
		diag_add(g->r, "ssh.config-error", DIAG_ERROR, NULL, "sshd refuses its configuration: it does not start",
			 "%s", ev);
	}
	ssize_t pl = groot_read(g->rootfd, "/etc/passwd", passwd, sizeof passwd);
	ssize_t sl = groot_read(g->rootfd, "/etc/shadow", shadow, sizeof shadow);
	if (pl <= 0)
		return;
	if (sl <= 0)
		shadow[0] = '\0';
	if (groot_read(g->rootfd, "/etc/group", group, sizeof group) <= 0)
		group[0] = '\0';
	// root, then the members of the groups that may become root
	static const char *const admin[] = { "sudo", "wheel", "admin" };
	const char *cand[16] = { "root" };
	char members[3][512];
	int ncand = 1;
	for (size_t a = 0; a < 3; a++) {
		const char *gl = entry(group, admin[a]);
		field(gl ? gl : "", 3, members[a], sizeof members[a]);
		for (char *m = strtok(members[a], ","); m && ncand < 16; m = strtok(NULL, ","))
			cand[ncand++] = m;
	}
	for (int i = 0; i < ncand && nacc < 16; i++) {
		const char *pw = entry(passwd, cand[i]);
		struct account *a = &acc[nacc];
		char buf[256];
		if (!pw)
			continue;
		text_copy(a->name, sizeof a->name, cand[i]);
		field(pw, 2, buf, sizeof buf);
		a->uid = (unsigned)strtoul(buf, NULL, 10);
		field(pw, 3, buf, sizeof buf);
		a->gid = (unsigned)strtoul(buf, NULL, 10);
		field(pw, 5, a->home, sizeof a->home);
		const char *sh = entry(shadow, cand[i]);
		field(sh ? sh : "", 1, buf, sizeof buf);
		a->password = !sh ? SSHD_PW_NONE : !buf[0] ? SSHD_PW_EMPTY : buf[0] == '!' ? SSHD_PW_LOCKED
			      : buf[0] == '*' || strlen(buf) < 4 ? SSHD_PW_NONE : SSHD_PW_SET;
		// its groups' names (for AllowGroups and DenyGroups)
		a->ngroups = 0;
		for (const char *l = group; l && *l && a->ngroups < 16; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			char gname[64], gid[16], mem[512];
			field(l, 0, gname, sizeof gname);
			field(l, 2, gid, sizeof gid);
			field(l, 3, mem, sizeof mem);
			int in = (unsigned)strtoul(gid, NULL, 10) == a->gid;
			for (char *m = strtok(mem, ","); m && !in; m = strtok(NULL, ","))
				in = strcmp(m, a->name) == 0;
			if (in) {
				text_copy(gnames[nacc][a->ngroups], sizeof gnames[0][0], gname);
				a->groups[a->ngroups] = gnames[nacc][a->ngroups];
				a->ngroups++;
			}
		}
		nacc++;
	}
	for (int i = 0; i < nacc; i++) {
		struct account *a = &acc[i];
		struct sshdcfg_user u = { a->name, a->uid, a->home, a->groups, a->ngroups, a->password, 0, has_keys,
					  &g->rootfd };
		struct sshdcfg_verdict v;
		unsigned ways;
		if (sshd_read == 1) {
			ways = sshdcfg_ways_in(&sshd, &u, &v);
		} else {
			// no sshd_config: OpenSSH's defaults (root by key only)
			char keys[320];
			snprintf(keys, sizeof keys, "%s/.ssh/authorized_keys", a->home);
			ways = (has_keys(keys, &g->rootfd) ? SSHD_WAY_PUBKEY : 0) |
			       (a->uid && a->password == SSHD_PW_SET ? SSHD_WAY_PASSWORD : 0);
			snprintf(v.reason, sizeof v.reason, "no key, no password sshd takes");
		}
		char keys[320];
		snprintf(keys, sizeof keys, "%s/.ssh/authorized_keys", a->home);
		any_key |= has_keys(keys, &g->rootfd);
		if (ways & (SSHD_WAY_PUBKEY | SSHD_WAY_PASSWORD | SSHD_WAY_BOTH))
			any_way = 1;
		else if (rlen < sizeof reasons - 1)
			rlen += (size_t)snprintf(reasons + rlen, sizeof reasons - rlen, "%s: %s\n", a->name, v.reason);
	}
	if (!nacc)
		return;
	if (!any_way)
		diag_add(g->r, "access.no-way-in", DIAG_ERROR, "lifeboat fix ssh-key (or lifeboat fix password)",
			 "no account that can become root can log in over SSH", "%s", reasons);
	else if (!any_key)
		diag_add(g->r, "access.no-keys", DIAG_INFO, "lifeboat fix ssh-key",
			 "no authorized SSH key for root or a sudo user: logins by password only",
			 "authorized_keys of %s%s: no key", acc[0].name, nacc > 1 ? " and the sudo users" : "");
}

/* ---- space ---- */

void dg_space(struct dg *g)
{
	static char buf[1 << 16];
	static struct mountinfo m;
	ssize_t len = sys_read_file("/proc/self/mountinfo", buf, sizeof buf);
	size_t pos = 0;

	while (len > 0 && mountinfo_next(buf, (size_t)len, &pos, &m)) {
		struct statvfs s;
		const char *dir = mountinfo_under(m.dir, GUEST_ROOT);
		if (!dir || statvfs(m.dir, &s) < 0 || !s.f_blocks)
			continue;
		// as df counts: used against used + what a user may still take
		unsigned long long used = (unsigned long long)(s.f_blocks - s.f_bfree);
		unsigned long long avail = (unsigned long long)s.f_bavail;
		int pct = used + avail ? (int)((used * 100 + used + avail - 1) / (used + avail)) : 0;
		int ipct = s.f_files ? (int)(((unsigned long long)(s.f_files - s.f_ffree) * 100 + s.f_files - 1) / s.f_files)
				     : 0;
		char title[320];
		if (pct >= FULL_PCT) {
			snprintf(title, sizeof title, "%s is %d%% full", dir, pct);
			// 99%: XFS refuses writes with its own reserve left, which statvfs counts as free
			diag_add(g->r, "fs.full", pct >= 99 ? DIAG_ERROR : DIAG_WARNING, "lifeboat fix space", title,
				 "%s: %llu of %llu KiB used, %llu KiB left for users", dir, used * s.f_frsize / 1024,
				 (unsigned long long)s.f_blocks * s.f_frsize / 1024, avail * s.f_frsize / 1024);
		}
		if (ipct >= FULL_PCT) {
			snprintf(title, sizeof title, "%s has %d%% of its inodes in use", dir, ipct);
			diag_add(g->r, "fs.inodes-full", ipct >= 100 ? DIAG_ERROR : DIAG_WARNING, "lifeboat fix space", title,
				 "%s: %llu of %llu inodes used", dir, (unsigned long long)(s.f_files - s.f_ffree),
				 (unsigned long long)s.f_files);
		}
	}
}
