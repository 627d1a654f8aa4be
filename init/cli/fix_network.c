/* lifeboat fix network [--static] [--nic IFACE]: the guest's network
 * configuration (ifupdown, netplan, systemd-networkd, NetworkManager, ifcfg)
 * rewritten to bring up the NIC it will see — this machine's, matched by MAC
 * where the stack can, named as the guest's udev will name it where it
 * cannot — with DHCP, or with the rescue's own address (--static). Files that
 * configured other NICs are set aside, every changed file backed up. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "../disk/groot.h"
#include "../fix/netcfg.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../net/apply.h"
#include "../net/lease.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEXT_MAX 65536
#define SYS_NET "/sys/class/net"

static unsigned long read_num(const char *path, int base, unsigned long dflt)
{
	char buf[64];

	return sys_read_file(path, buf, sizeof buf) > 0 ? strtoul(buf, NULL, base) : dflt;
}

/* The NIC the repair is for: --nic, else the one with a lease (ip= or DHCP), else the first with carrier, else the first. */
static int pick_nic(const char *want, char *name, size_t size)
{
	DIR *d = opendir(SYS_NET);
	struct dirent *e;
	char path[300], best[3][32] = { "", "", "" };

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "lo") == 0)
			continue;
		snprintf(path, sizeof path, SYS_NET "/%s/device", e->d_name);
		if (access(path, F_OK) != 0)
			continue;	/* virtual */
		snprintf(path, sizeof path, SYS_NET "/%s/type", e->d_name);
		if (read_num(path, 10, 0) != 1)
			continue;	/* not ethernet */
		if (want && strcmp(want, e->d_name) == 0) {
			text_copy(best[0], sizeof best[0], e->d_name);
			break;
		}
		if (want)
			continue;
		snprintf(path, sizeof path, NET_LEASE_FMT, e->d_name);
		int slot = access(path, F_OK) == 0 ? 0 : 2;
		if (slot == 2) {
			snprintf(path, sizeof path, SYS_NET "/%s/carrier", e->d_name);
			slot = read_num(path, 10, 0) == 1 ? 1 : 2;
		}
		if (!best[slot][0] || strcmp(e->d_name, best[slot]) < 0)
			text_copy(best[slot], sizeof best[slot], e->d_name);
	}
	closedir(d);
	for (int i = 0; i < 3; i++)
		if (best[i][0])
			return text_copy(name, size, best[i]) < size ? 0 : -1;
	return -1;
}

/* Does the guest turn predictable names off (net.ifnames=0, or the policy masked)? */
static int guest_names_off(int rootfd)
{
	static char text[TEXT_MAX];
	static const char *const masks[] = { "/etc/systemd/network/99-default.link",
					     "/etc/udev/rules.d/80-net-setup-link.rules" };
	char link[64];

	for (size_t i = 0; i < sizeof masks / sizeof *masks; i++) {
		int fd = groot_open(rootfd, "/", O_PATH | O_DIRECTORY);
		ssize_t l = fd >= 0 ? readlinkat(fd, masks[i] + 1, link, sizeof link - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (l > 0 && (link[l] = '\0', strcmp(link, "/dev/null") == 0))
			return 1;
	}
	if (groot_read(rootfd, "/etc/default/grub", text, sizeof text) > 0 && strstr(text, "net.ifnames=0"))
		return 1;
	return groot_read(rootfd, "/boot/grub/grub.cfg", text, sizeof text) > 0 && strstr(text, "net.ifnames=0");
}

/* A name the guest pins to this MAC itself: 70-persistent-net.rules' NAME="…". */
static int guest_pinned(int rootfd, const char *mac, char *out, size_t size)
{
	static char text[TEXT_MAX];

	if (groot_read(rootfd, "/etc/udev/rules.d/70-persistent-net.rules", text, sizeof text) <= 0)
		return 0;
	for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *end = strchr(l, '\n'), *a, *n;
		if (end)
			*end = '\0';
		if (l[0] != '#' && (a = strcasestr(l, "ATTR{address}==\"")) && strncasecmp(a + 16, mac, 17) == 0 &&
		    (n = strstr(l, "NAME=\""))) {
			size_t len = strcspn(n + 6, "\"");
			if (len && len < size) {
				snprintf(out, size, "%.*s", (int)len, n + 6);
				if (end)
					*end = '\n';
				return 1;
			}
		}
		if (end)
			*end = '\n';
	}
	return 0;
}

/* The facts udev's net_id reads, from this machine's sysfs. */
static void predict_input(const char *nic, struct netcfg_pred_in *in)
{
	char path[PATH_MAX + 32], real[PATH_MAX], buf[64];
	unsigned d, b, s, f;

	memset(in, 0, sizeof in[0]);
	in->onboard = -1;
	snprintf(path, sizeof path, SYS_NET "/%s/device", nic);
	if (!realpath(path, real))
		return;
	// virtio-net: the PCI device is the virtio device's parent
	char *last = strrchr(real, '/');
	if (last && strncmp(last + 1, "virtio", 6) == 0)
		*last = '\0';
	last = strrchr(real, '/');
	if (!last || sscanf(last + 1, "%x:%x:%x.%x", &d, &b, &s, &f) != 4)
		return;
	in->pci = 1;
	in->domain = d, in->bus = b, in->slot = s, in->func = f;
	snprintf(path, sizeof path, "%s/config", real);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unsigned char cfg[16];
	if (fd >= 0 && read(fd, cfg, sizeof cfg) == (ssize_t)sizeof cfg)
		in->multifunction = !!(cfg[0x0e] & 0x80);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof path, "%s/ari_enabled", real);
	in->ari = read_num(path, 10, 0) == 1;
	snprintf(path, sizeof path, "%s/acpi_index", real);
	if (sys_read_file(path, buf, sizeof buf) > 0)
		in->onboard = strtol(buf, NULL, 10);
	else {
		snprintf(path, sizeof path, "%s/index", real);
		if (sys_read_file(path, buf, sizeof buf) > 0)
			in->onboard = strtol(buf, NULL, 10);
	}
	snprintf(path, sizeof path, SYS_NET "/%s/dev_port", nic);
	in->dev_port = read_num(path, 10, 0);
	snprintf(path, sizeof path, SYS_NET "/%s/phys_port_name", nic);
	if (sys_read_file(path, buf, sizeof buf) > 0) {
		buf[strcspn(buf, "\n")] = '\0';
		text_copy(in->phys_port_name, sizeof in->phys_port_name, buf);
	}
	// a hot-plug slot whose address is the device's, else an upstream bridge's
	DIR *dir = opendir("/sys/bus/pci/slots");
	struct dirent *e;
	for (int up = 0; dir && up < 8 && !in->hotplug_slot; up++) {
		char *name = strrchr(real, '/');
		if (!name || sscanf(name + 1, "%x:%x:%x.%x", &d, &b, &s, &f) != 4)
			break;
		rewinddir(dir);
		while ((e = readdir(dir))) {
			char addr[64], want[32];
			if (e->d_name[0] == '.' || strspn(e->d_name, "0123456789") != strlen(e->d_name))
				continue;
			snprintf(path, sizeof path, "/sys/bus/pci/slots/%s/address", e->d_name);
			snprintf(want, sizeof want, "%04x:%02x:%02x", d, b, s);
			if (sys_read_file(path, addr, sizeof addr) > 0 && strncmp(addr, want, strlen(want)) == 0) {
				in->hotplug_slot = (unsigned)strtoul(e->d_name, NULL, 10);
				in->slot_on_bridge = up > 0;
				break;
			}
		}
		*name = '\0';
	}
	if (dir)
		closedir(dir);
}

struct pass {
	int rootfd, apply, changes, failed;
	struct plan *p;
	const struct netcfg_nic *nic;
};

static void fail(struct pass *s, const char *path, int err)
{
	fprintf(stderr, "lifeboat fix network: %s: %s\n", path, strerror(-err));
	s->failed++;
}

/* Write path (a new file, or one that differs) with text; a backup of the old. */
static void put(struct pass *s, const char *path, const char *text, size_t len, mode_t mode, const char *what)
{
	static char old[TEXT_MAX];
	struct stat st = { .st_mode = mode };
	char before[65] = "", after[65], backup[320] = "";
	ssize_t n = groot_read(s->rootfd, path, old, sizeof old);
	int err = 0;

	if (n == (ssize_t)len && memcmp(old, text, len) == 0)
		return;
	s->changes++;
	if (!s->apply) {
		plan_add(s->p, n >= 0 ? "edit" : "create", path, "%s", what);
		return;
	}
	if (n >= 0) {
		int fd = groot_open(s->rootfd, path, O_RDONLY | O_NOFOLLOW);
		if (fd >= 0) {
			fstat(fd, &st);
			close(fd);
		}
		repair_hex(old, (size_t)n, before);
		err = repair_backup(s->rootfd, path, 0, backup, sizeof backup);
	} else {
		char dir[256];
		snprintf(dir, sizeof dir, "%s", path);
		*strrchr(dir, '/') = '\0';
		err = repair_mkdirs(s->rootfd, dir, 0755);
	}
	st.st_mode = (st.st_mode & ~07777) | mode;
	if (!err)
		err = repair_replace(s->rootfd, path, text, len, &st);
	repair_hex(text, len, after);
	plan_add(s->p, n >= 0 ? "edit" : "create", path, "%s%s", what, err ? ": FAILED" : "");
	plan_file(s->p, path, before, err ? before : after, backup);
	if (err)
		fail(s, path, err);
}

static void set_aside(struct pass *s, const char *path, const char *why)
{
	static char old[TEXT_MAX];
	char before[65] = "", backup[320];

	s->changes++;
	if (!s->apply) {
		plan_add(s->p, "set-aside", path, "%s", why);
		return;
	}
	ssize_t n = groot_read(s->rootfd, path, old, sizeof old);
	if (n >= 0)
		repair_hex(old, (size_t)n, before);
	int err = repair_set_aside(s->rootfd, path, backup, sizeof backup);
	plan_add(s->p, "set-aside", path, "%s%s", why, err ? ": FAILED" : "");
	plan_file(s->p, path, before, err ? before : NULL, err ? NULL : backup);
	if (err)
		fail(s, path, err);
}

typedef int (*classify_fn)(const char *text, size_t len);

/* Files of dir whose name ends in suffix ("" any) that classify says configure ethernet: set aside, but ours. */
static void aside_in(struct pass *s, const char *dir, const char *prefix, const char *suffix, classify_fn classify,
		     const char *ours, const char *why)
{
	static char text[TEXT_MAX];
	char names[64][256], path[600];
	int fd = groot_open(s->rootfd, dir, O_RDONLY | O_DIRECTORY), n = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)) && n < 64) {
		size_t len = strlen(e->d_name), sl = strlen(suffix);
		if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
		    (sl && (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)) || strcmp(e->d_name, ours) == 0)
			continue;
		text_copy(names[n++], sizeof names[0], e->d_name);
	}
	closedir(d);
	for (int i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path)
			continue;
		ssize_t len = groot_read(s->rootfd, path, text, sizeof text);
		if (len >= 0 && classify(text, (size_t)len))
			set_aside(s, path, why);
	}
}

static void edit_ifupdown(struct pass *s, const char *path, int append)
{
	static char old[TEXT_MAX], neu[TEXT_MAX + 4096];
	ssize_t n = groot_read(s->rootfd, path, old, sizeof old);
	long m;

	if (n < 0)
		return;
	m = netcfg_ifupdown(old, (size_t)n, s->nic, append, neu, sizeof neu);
	if (m < 0)
		plan_add(s->p, "note", path, "too big to edit; left alone");
	else if (m > 0)
		put(s, path, neu, (size_t)m, 0644, append ? "other NICs' stanzas commented out, this NIC's added"
							 : "other NICs' stanzas commented out");
}

/* The whole repair, planned (apply 0) or made. Returns how many stacks were found. */
static int network_pass(struct pass *s)
{
	static char text[8192];
	char path[300];
	int stacks = 0, nm = groot_unit_enabled(s->rootfd, "NetworkManager.service");
	long n;

	// netplan generates the others' files at boot: it is the place to say it when present
	if (groot_exists(s->rootfd, "/etc/netplan") && (groot_exists(s->rootfd, "/usr/sbin/netplan") ||
							groot_exists(s->rootfd, "/usr/share/netplan"))) {
		stacks++;
		aside_in(s, "/etc/netplan", "", ".yaml", netcfg_netplan_has_ethernets, "90-lifeboat.yaml",
			 "configures ethernet NICs");
		if ((n = netcfg_netplan(s->nic, text, sizeof text)) > 0)
			put(s, "/etc/netplan/90-lifeboat.yaml", text, (size_t)n, 0600, "this NIC, by MAC");
	}
	if (groot_exists(s->rootfd, "/etc/network/interfaces") &&
	    (groot_exists(s->rootfd, "/sbin/ifup") || groot_exists(s->rootfd, "/usr/sbin/ifup"))) {
		stacks++;
		edit_ifupdown(s, "/etc/network/interfaces", 1);
		int fd = groot_open(s->rootfd, "/etc/network/interfaces.d", O_RDONLY | O_DIRECTORY);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		struct dirent *e;
		char names[32][256];
		int k = 0;
		while (d && (e = readdir(d)) && k < 32)
			if (e->d_name[0] != '.')
				text_copy(names[k++], sizeof names[0], e->d_name);
		if (d)
			closedir(d);
		else if (fd >= 0)
			close(fd);
		for (int i = 0; i < k; i++) {
			if ((size_t)snprintf(path, sizeof path, "/etc/network/interfaces.d/%s", names[i]) < sizeof path)
				edit_ifupdown(s, path, 0);
		}
	}
	if (groot_unit_enabled(s->rootfd, "systemd-networkd.service") || groot_unit_enabled(s->rootfd, "systemd-networkd.socket")) {
		stacks++;
		aside_in(s, "/etc/systemd/network", "", ".network", netcfg_networkd_is_ethernet, "10-lifeboat.network",
			 "matches ethernet NICs");
		if ((n = netcfg_networkd(s->nic, text, sizeof text)) > 0)
			put(s, "/etc/systemd/network/10-lifeboat.network", text, (size_t)n, 0644, "this NIC, by MAC");
	}
	if (nm) {
		stacks++;
		aside_in(s, "/etc/NetworkManager/system-connections", "", "", netcfg_nm_is_ethernet,
			 "lifeboat.nmconnection", "an ethernet connection");
		if ((n = netcfg_nmconnection(s->nic, text, sizeof text)) > 0)
			put(s, "/etc/NetworkManager/system-connections/lifeboat.nmconnection", text, (size_t)n, 0600,
			    "this NIC, by MAC");
	}
	if (groot_exists(s->rootfd, "/etc/sysconfig/network-scripts")) {
		char ours[64];
		snprintf(ours, sizeof ours, "ifcfg-%s", s->nic->ifname);
		// NetworkManager reads ifcfg files too: with it, the keyfile alone speaks for the NIC
		if (!nm && (n = netcfg_ifcfg(s->nic, text, sizeof text)) > 0) {
			stacks++;
			snprintf(path, sizeof path, "/etc/sysconfig/network-scripts/%s", ours);
			put(s, path, text, (size_t)n, 0644, "this NIC, by name and MAC");
		}
		aside_in(s, "/etc/sysconfig/network-scripts", "ifcfg-", "", netcfg_ifcfg_is_ethernet, nm ? "" : ours,
			 "an ethernet NIC's ifcfg");
	}
	return stacks;
}

/* --static: this NIC's own address, gateway and DNS, from its lease record. */
static int static_settings(struct netcfg_nic *nic, const char *ifname)
{
	char path[128], text[4096];
	struct lease l;

	snprintf(path, sizeof path, NET_LEASE_FMT, ifname);
	if (sys_read_file(path, text, sizeof text) <= 0 || lease_parse(text, &l) < 0)
		return -1;
	nic->dhcp = 0;
	text_copy(nic->addr, sizeof nic->addr, l.addr);
	nic->prefix = l.prefix;
	text_copy(nic->gateway, sizeof nic->gateway, l.gateway);
	for (int i = 0; i < l.ndns && i < 2; i++)
		text_copy(nic->dns[i], sizeof nic->dns[i], l.dns[i]);
	return 0;
}

struct net {
	struct netcfg_nic nic;
	char here[32];		/* this machine's name for the NIC */
	int stat_, named, pinned;
};

static int net_pass(void *ctx, int rootfd, struct plan *p, int apply)
{
	struct net *c = ctx;
	struct netcfg_nic *nic = &c->nic;
	struct pass s = { .rootfd = rootfd, .apply = apply, .p = p, .nic = nic };
	struct netcfg_pred_in in;
	const char *why;

	// the name the guest gives the NIC: its own pin, else udev's rules
	if (!c->named) {
		c->pinned = guest_pinned(rootfd, nic->mac, nic->ifname, sizeof nic->ifname);
		if (!c->pinned) {
			predict_input(c->here, &in);
			in.predictable = !guest_names_off(rootfd);
			text_copy(in.kernel_name, sizeof in.kernel_name, strncmp(c->here, "eth", 3) == 0 ? c->here : "eth0");
			if (netcfg_predict_ifname(&in, nic->ifname, sizeof nic->ifname) < 0)
				text_copy(nic->ifname, sizeof nic->ifname, "eth0");
		}
		c->named = 1;
	}
	if (netcfg_static_valid(nic, &why) < 0) {
		plan_end(p, "failed", "the settings to write are not valid: %s", why);
		return -EXIT_FAILED;
	}
	if (c->stat_)
		plan_add(p, "note", nic->ifname, "MAC %s, static %s/%d%s%s (this machine's %s)", nic->mac, nic->addr,
			 nic->prefix, nic->gateway[0] ? " via " : "", nic->gateway, c->here);
	else
		plan_add(p, "note", nic->ifname, "MAC %s, DHCP (this machine's %s; the name is %s)", nic->mac, c->here,
			 c->pinned ? "the one 70-persistent-net.rules gives it" : "the one udev will give it");
	if (!network_pass(&s)) {
		plan_end(p, "failed", "no network configuration the guest uses was found (ifupdown, netplan, "
			 "systemd-networkd, NetworkManager, ifcfg)");
		return -EXIT_FAILED;
	}
	if (s.failed) {
		plan_end(p, "failed", "%d change%s failed (see above)", s.failed, s.failed == 1 ? "" : "s");
		return -EXIT_FAILED;
	}
	if (apply)
		plan_end(p, "done", "the guest brings up %s (MAC %s) with %s at its next boot", nic->ifname, nic->mac,
			 c->stat_ ? "this machine's static address" : "DHCP");
	else if (!s.changes)
		plan_end(p, "nothing to do", "the guest's network configuration brings up %s already", nic->ifname);
	return s.changes;
}

int fix_network(int argc, char **argv, struct fix_opts *o)
{
	static struct net c;
	static struct plan p;
	const char *want = NULL;
	char path[128], mac[32];

	memset(&c, 0, sizeof c);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--static") == 0)
			c.stat_ = 1;
		else if (strcmp(argv[i], "--nic") == 0 && i + 1 < argc)
			want = argv[++i];
		else {
			fprintf(stderr, "usage: lifeboat fix network [--static] [--nic IFACE] [--yes] [--json]\n");
			return EXIT_USAGE;
		}
	}
	plan_init(&p, "fix network", NULL);
	if (pick_nic(want, c.here, sizeof c.here) < 0) {
		plan_end(&p, "failed", want ? "%s is no ethernet NIC here" : "this machine has no ethernet NIC", want);
		return repair_finish(&p, o, want ? EXIT_USAGE : EXIT_FAILED);
	}
	c.nic.dhcp = 1;
	snprintf(path, sizeof path, SYS_NET "/%s/address", c.here);
	if (sys_read_file(path, mac, sizeof mac) <= 0) {
		plan_end(&p, "failed", "%s has no MAC address", c.here);
		return repair_finish(&p, o, EXIT_FAILED);
	}
	mac[strcspn(mac, "\n")] = '\0';
	text_copy(c.nic.mac, sizeof c.nic.mac, mac);
	if (c.stat_ && static_settings(&c.nic, c.here) < 0) {
		plan_end(&p, "failed", "--static: %s has no address from ip= or DHCP to copy", c.here);
		return repair_finish(&p, o, EXIT_FAILED);
	}
	const struct repair r = { "fix network", 0, net_pass, NULL, "" };
	return repair_drive(&r, &c, o);
}

int fix_network_nic(int rootfd, char *here, size_t hsize, char *ifname, size_t isize, char *mac, size_t msize)
{
	char path[128];
	struct netcfg_pred_in in;

	if (pick_nic(NULL, here, hsize) < 0)
		return -1;
	snprintf(path, sizeof path, SYS_NET "/%s/address", here);
	if (sys_read_file(path, mac, msize) <= 0)
		return -1;
	mac[strcspn(mac, "\n")] = '\0';
	if (guest_pinned(rootfd, mac, ifname, isize))
		return 0;
	predict_input(here, &in);
	in.predictable = !guest_names_off(rootfd);
	text_copy(in.kernel_name, sizeof in.kernel_name, strncmp(here, "eth", 3) == 0 ? here : "eth0");
	if (netcfg_predict_ifname(&in, ifname, isize) < 0)
		text_copy(ifname, isize, "eth0");
	return 0;
}
