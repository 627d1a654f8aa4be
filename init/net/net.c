/* Links up, one supervised busybox udhcpc per link; its script applies the lease. */
#define _GNU_SOURCE
#include "net.h"
#include "ipconf.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../pid1/run.h"
#include "../pid1/supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define UDHCPC_SCRIPT "/usr/share/lifeboat/udhcpc.script"
#define NET_DIR LB_RUN_DIR "/net"
#define IPCONF_MAX CMDLINE_REPEAT_MAX

static int link_up(int sock, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
		return -errno;
	return 0;
}

static void exec_udhcpc(const char *ifname)
{
	char *const argv[] = { "udhcpc", "-f", "-i", (char *)ifname, "-s", UDHCPC_SCRIPT,
			       "-x", "hostname:lifeboat", "-t", "4", "-T", "2", "-A", "3", NULL };
	char *const envp[] = { LB_PATH_ENV, NULL };

	// udhcpc talks a lot on stdout: its news reaches kmsg through the script
	run_child_stdio(-1);
	execve(LB_BUSYBOX, argv, envp);
	_exit(127);
}

static int ip_cmd(char *const argv[])
{
	int rc = run_capture(LB_BUSYBOX, argv, NULL, 0);

	if (rc != 0)
		log_warn("ip %s %s %s: failed (%d)", argv[1], argv[2], argv[3] ? argv[3] : "", rc);
	return rc;
}

/* Apply a static ip= to one link: address, default route, resolv.conf, lease record. */
static void apply_static(const struct ipconf *k, const char *link, const struct lb_cmdline *c)
{
	char cidr[64], lease[512], resolv[512];
	size_t rl = 0;

	snprintf(cidr, sizeof cidr, "%s/%d", k->addr, k->prefix);
	char *const add[] = { "ip", "addr", "add", cidr, "dev", (char *)link, NULL };
	if (ip_cmd(add) != 0)
		return;
	if (k->gateway[0]) {
		char *const route[] = { "ip", k->family == 6 ? "-6" : "-4", "route", "replace", "default",
					"via", (char *)k->gateway, "dev", (char *)link, NULL };
		ip_cmd(route);
	}
	for (int i = 0; i < k->ndns; i++)
		rl += (size_t)snprintf(resolv + rl, sizeof resolv - rl, "nameserver %s\n", k->dns[i]);
	for (int i = 0; i < c->nnameserver && rl < sizeof resolv; i++)
		rl += (size_t)snprintf(resolv + rl, sizeof resolv - rl, "nameserver %s\n", c->nameserver[i]);
	if (rl > 0 && rl < sizeof resolv)
		sys_write_file_atomic("/etc/resolv.conf", resolv, rl, 0644);
	snprintf(lease, sizeof lease, "ip=%s\ngateway=%s\ndns=%s%s%s\nsource=ip=\n", cidr, k->gateway,
		 k->ndns > 0 ? k->dns[0] : "", k->ndns > 1 ? " " : "", k->ndns > 1 ? k->dns[1] : "");
	char path[128];
	snprintf(path, sizeof path, NET_DIR "/%s.lease", link);
	sys_write_file_atomic(path, lease, strlen(lease), 0644);
	log_info("%s: static %s, gateway %s (ip=)", link, cidr, k->gateway[0] ? k->gateway : "none");
}

/* The ip= that applies to link: one naming it wins over one for every link. */
static const struct ipconf *conf_for(const struct ipconf *conf, int n, const char *link)
{
	const struct ipconf *any = NULL;

	for (int i = 0; i < n; i++) {
		if (strcmp(conf[i].iface, link) == 0)
			return &conf[i];
		if (!conf[i].iface[0] && !any)
			any = &conf[i];
	}
	return any;
}

/* Log every ip= that names a link this machine doesn't have, with the ones it has. */
static void report_absent(const struct ipconf *conf, int n, const struct report *r)
{
	for (int i = 0; i < n; i++) {
		int found = !conf[i].iface[0];
		char names[256] = "";
		size_t len = 0;

		for (int j = 0; j < r->nlinks && !found; j++)
			found = strcmp(conf[i].iface, r->links[j].name) == 0;
		if (found)
			continue;
		for (int j = 0; j < r->nlinks && len < sizeof names; j++)
			len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", j ? ", " : "", r->links[j].name);
		log_warn("ip= names %s, which is not here (links: %s); the others get DHCP",
			 conf[i].iface, r->nlinks ? names : "none");
	}
}

int net_start(const struct lb_cmdline *c, const struct report *r)
{
	struct ipconf conf[IPCONF_MAX];
	int nconf = 0, configured = 0;
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (sock < 0) {
		log_err("network: socket: %s", strerror(errno));
		return 0;
	}
	for (int i = 0; i < c->nip && nconf < IPCONF_MAX; i++) {
		const char *why;
		if (ipconf_parse(c->ip[i], &conf[nconf], &why) < 0)
			log_warn("ip=%s ignored: %s", c->ip[i], why);
		else
			nconf++;
	}
	report_absent(conf, nconf, r);
	sys_mkdir_p(NET_DIR, 0755);
	link_up(sock, "lo");
	for (int i = 0; i < r->nlinks; i++) {
		const char *link = r->links[i].name;
		const struct ipconf *k = conf_for(conf, nconf, link);
		char name[64];
		int err = link_up(sock, link);

		if (err < 0) {
			log_warn("%s: can't bring the link up: %s", link, strerror(-err));
			continue;
		}
		if (k && k->mode == IPCONF_OFF) {
			log_info("%s: left unconfigured (ip=)", link);
			continue;
		}
		if (k && k->mode == IPCONF_DHCP6) {
			// the kernel's SLAAC configures the link once it is up
			log_info("%s: IPv6 autoconfiguration only (ip=)", link);
			configured++;
			continue;
		}
		if (k && k->mode == IPCONF_STATIC) {
			apply_static(k, link, c);
			configured++;
			continue;
		}
		snprintf(name, sizeof name, "dhcp on %s", link);
		if (supervise_add(name, exec_udhcpc, link) == 0)
			configured++;
	}
	close(sock);
	return configured;
}
