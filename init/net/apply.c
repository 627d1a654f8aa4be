/* Leases onto links with busybox ip; records and resolv.conf written atomically. */
#define _GNU_SOURCE
#include "apply.h"
#include "ipconf.h"
#include "../lib/cmdline.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../pid1/run.h"

#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define LEASES_MAX 16

static int ip(char *const argv[])
{
	char out[256];
	int rc = run_capture(LB_BUSYBOX, argv, out, sizeof out);

	if (rc != 0) {
		char cmd[256] = "";
		for (int i = 1; argv[i] && strlen(cmd) < sizeof cmd - 2; i++)
			snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), "%s%s", i > 1 ? " " : "", argv[i]);
		log_warn("ip %s: failed (%d)", cmd, rc);
	}
	return rc;
}

/* The address the link has now, from its record ("" when none). */
static void recorded_addr(const char *iface, char *cidr, size_t size)
{
	char path[96], text[2048];
	struct lease old;

	cidr[0] = '\0';
	snprintf(path, sizeof path, NET_LEASE_FMT, iface);
	if (sys_read_file(path, text, sizeof text) > 0 && lease_parse(text, &old) == 0)
		snprintf(cidr, size, "%s/%d", old.addr, old.prefix);
}

static void route(const struct lease *l, const char *dest, const char *gw, const char *metric)
{
	int onlink = !gw[0] || strcmp(gw, "0.0.0.0") == 0;
	char *const via[] = { "ip", "-4", "route", "replace", (char *)dest, "via", (char *)gw, "dev",
			      (char *)l->iface, "metric", (char *)metric, NULL };
	char *const direct[] = { "ip", "-4", "route", "replace", (char *)dest, "dev", (char *)l->iface,
				 "metric", (char *)metric, NULL };

	ip(onlink ? direct : via);
}

int netapply_lease(const struct lease *l, int metric)
{
	char cidr[64], old[64], path[96], text[2048], m[16];
	int fam6 = strchr(l->addr, ':') != NULL;

	snprintf(cidr, sizeof cidr, "%s/%d", l->addr, l->prefix);
	snprintf(m, sizeof m, "%d", metric);
	recorded_addr(l->iface, old, sizeof old);
	if (strcmp(old, cidr) != 0) {
		// a renewal with the same address keeps it: flushing would cut open sessions
		char *const flush[] = { "ip", fam6 ? "-6" : "-4", "addr", "flush", "dev", (char *)l->iface,
					"scope", "global", NULL };
		char *const add[] = { "ip", "addr", "add", cidr, "broadcast", l->broadcast[0] ? (char *)l->broadcast : "+",
				      "dev", (char *)l->iface, NULL };
		char *const add6[] = { "ip", "addr", "add", cidr, "dev", (char *)l->iface, NULL };
		if (old[0])
			ip(flush);
		if (ip(fam6 ? add6 : add) != 0)
			return -1;
	}
	if (l->mtu) {
		char mtu[16];
		snprintf(mtu, sizeof mtu, "%d", l->mtu);
		char *const set[] = { "ip", "link", "set", "dev", (char *)l->iface, "mtu", mtu, NULL };
		ip(set);
	}
	// RFC 3442: with classless routes, the router option is not used
	for (int i = 0; i < l->nroutes; i++) {
		char dest[64];
		snprintf(dest, sizeof dest, "%s/%d", l->routes[i].dest, l->routes[i].prefix);
		route(l, l->routes[i].prefix == 0 ? "default" : dest, l->routes[i].gateway, m);
	}
	if (!l->nroutes && l->gateway[0]) {
		char *const def[] = { "ip", fam6 ? "-6" : "-4", "route", "replace", "default", "via", (char *)l->gateway,
				      "dev", (char *)l->iface, "metric", m, NULL };
		ip(def);
	}
	// a name from DHCP or ip= replaces the default one, not one given earlier
	struct utsname u;
	if (l->hostname[0] && uname(&u) == 0 && strcmp(u.nodename, "lifeboat") == 0)
		sethostname(l->hostname, strlen(l->hostname));

	sys_mkdir_p(NET_DIR, 0755);
	snprintf(path, sizeof path, NET_LEASE_FMT, l->iface);
	int n = lease_format(l, text, sizeof text);
	if (n > 0)
		sys_write_file_atomic(path, text, (size_t)n, 0644);
	netapply_resolv();
	return 0;
}

void netapply_forget(const char *iface)
{
	char path[96];
	char *const flush[] = { "ip", "-4", "addr", "flush", "dev", (char *)iface, NULL };

	ip(flush);
	snprintf(path, sizeof path, NET_LEASE_FMT, iface);
	unlink(path);
	netapply_resolv();
}

int netapply_lease6(const struct lease *l)
{
	char path[96], text[2048], cidr[64];
	struct lease old;

	snprintf(path, sizeof path, NET_LEASE6_FMT, l->iface);
	if (sys_read_file(path, text, sizeof text) > 0 && lease_parse(text, &old) == 0 && strcmp(old.addr, l->addr) != 0) {
		snprintf(cidr, sizeof cidr, "%s/%d", old.addr, old.prefix);
		char *const del[] = { "ip", "-6", "addr", "del", cidr, "dev", (char *)l->iface, NULL };
		ip(del);
	}
	if (l->addr[0]) {
		// SLAAC's addresses stay: this one is added beside them
		snprintf(cidr, sizeof cidr, "%s/%d", l->addr, l->prefix);
		char *const add[] = { "ip", "-6", "addr", "replace", cidr, "dev", (char *)l->iface, NULL };
		if (ip(add) != 0)
			return -1;
	}
	sys_mkdir_p(NET_DIR, 0755);
	int n = lease_format(l, text, sizeof text);
	if (n > 0)
		sys_write_file_atomic(path, text, (size_t)n, 0644);
	netapply_resolv();
	return 0;
}

void netapply_forget6(const char *iface)
{
	char path[96], text[2048], cidr[64];
	struct lease old;

	snprintf(path, sizeof path, NET_LEASE6_FMT, iface);
	if (sys_read_file(path, text, sizeof text) > 0 && lease_parse(text, &old) == 0) {
		snprintf(cidr, sizeof cidr, "%s/%d", old.addr, old.prefix);
		char *const del[] = { "ip", "-6", "addr", "del", cidr, "dev", (char *)iface, NULL };
		ip(del);
	}
	unlink(path);
	netapply_resolv();
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

void netapply_resolv(void)
{
	static struct lease leases[LEASES_MAX];
	static char cmdline[8192];
	char text[2048];
	struct lb_cmdline c;
	struct dirent **names;
	int nleases = 0, n;

	memset(&c, 0, sizeof c);
	if (sys_read_file("/proc/cmdline", cmdline, sizeof cmdline) >= 0)
		cmdline_parse(cmdline, &c);
	n = scandir(NET_DIR, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		const char *dot = strrchr(names[i]->d_name, '.');
		char path[300];
		if (dot && (strcmp(dot, ".lease") == 0 || strcmp(dot, ".lease6") == 0) && nleases < LEASES_MAX) {
			snprintf(path, sizeof path, NET_DIR "/%s", names[i]->d_name);
			// DHCPv6 may give DNS and no address: those servers count too
			if (sys_read_file(path, text, sizeof text) > 0 &&
			    (lease_parse(text, &leases[nleases]) == 0 || leases[nleases].ndns > 0))
				nleases++;
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	n = lease_resolv(c.nameserver, c.nnameserver, leases, nleases, text, sizeof text);
	if (n > 0)
		sys_write_file_atomic("/etc/resolv.conf", text, (size_t)n, 0644);
}

int netapply_metric(const char *iface)
{
	static char cmdline[8192];
	char path[96], mac[64], boot[IPCONF_MAC_LEN], norm[IPCONF_MAC_LEN];
	struct lb_cmdline c;
	unsigned idx = if_nametoindex(iface);

	memset(&c, 0, sizeof c);
	if (sys_read_file("/proc/cmdline", cmdline, sizeof cmdline) >= 0)
		cmdline_parse(cmdline, &c);
	snprintf(path, sizeof path, "/sys/class/net/%s/address", iface);
	if (c.bootif && ipconf_mac(c.bootif, boot) == 0 && sys_read_file(path, mac, sizeof mac) > 0) {
		mac[strcspn(mac, "\n")] = '\0';
		if (ipconf_mac(mac, norm) == 0 && strcmp(norm, boot) == 0)
			return 10;
	}
	return 100 + (int)idx;
}
