/* Links: ifname= renames, up, a bounded wait for carrier, then ip= or a
 * supervised udhcpc each; rtnetlink tells of carrier that comes later, of new
 * links and of addresses (DHCP's, SLAAC's) for the report. */
#define _GNU_SOURCE
#include "net.h"
#include "apply.h"
#include "ipconf.h"
#include "lease.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../pid1/inventory.h"
#include "../pid1/run.h"
#include "../pid1/supervise.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define UDHCPC_SCRIPT "/usr/libexec/lifeboat/dhcp-event"
#define UDHCPC6_SCRIPT "/usr/libexec/lifeboat/dhcp6-event"
/* The router's word in its advertisement, as the kernel keeps it (net/if_inet6.h, not in uapi) */
#define RA_MANAGED 0x40		/* addresses from DHCPv6 */
#define RA_OTHERCONF 0x80	/* DNS and the like from DHCPv6 */
#define IPCONF_MAX CMDLINE_REPEAT_MAX
#define LINKS_MAX REPORT_LINKS_MAX

enum link_state { L_WAIT, L_DHCP, L_DONE, L_OFF };

struct nlink {
	char name[IFNAMSIZ];
	char mac[IPCONF_MAC_LEN];
	int ifindex;
	enum link_state state;
	int primary;
	char how[40];
	long long since_ms;	/* when it was set up */
	int dhcp6;		/* a DHCPv6 client runs */
};

static struct {
	struct ipconf conf[IPCONF_MAX];
	int nconf;
	struct nlink links[LINKS_MAX];
	int nlinks;
	int sock;		/* AF_INET datagram socket for link ioctls */
	int nl;			/* rtnetlink */
	char bootif[IPCONF_MAC_LEN];
	int static_done;	/* the one ip= without interface went to a link */
} n = { .sock = -1, .nl = -1 };

static int flags_set(const char *name, short on)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof ifr);
	text_copy(ifr.ifr_name, sizeof ifr.ifr_name, name);
	if (ioctl(n.sock, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	ifr.ifr_flags |= on;
	if (ioctl(n.sock, SIOCSIFFLAGS, &ifr) < 0)
		return -errno;
	return 0;
}

static int carrier(const char *name)
{
	char path[96], v[8];

	snprintf(path, sizeof path, "/sys/class/net/%s/carrier", name);
	return sys_read_file(path, v, sizeof v) > 0 && v[0] == '1';
}

static void read_mac(const char *name, char *mac)
{
	char path[96], v[64];

	mac[0] = '\0';
	snprintf(path, sizeof path, "/sys/class/net/%s/address", name);
	if (sys_read_file(path, v, sizeof v) > 0) {
		v[strcspn(v, "\n")] = '\0';
		ipconf_mac(v, mac);
	}
}

static void exec_udhcpc(const char *ifname)
{
	char *const argv[] = { "udhcpc", "-f", "-i", (char *)ifname, "-s", UDHCPC_SCRIPT,
			       "-x", "hostname:lifeboat", "-O", "staticroutes", "-t", "4", "-T", "2", "-A", "3", NULL };
	char *const envp[] = { LB_PATH_ENV, NULL };

	// udhcpc talks a lot on stdout: its news reaches kmsg through the script
	run_child_stdio(-1);
	execve(LB_BUSYBOX, argv, envp);
	_exit(127);
}

static void exec_udhcpc6_args(const char *ifname, int info_only)
{
	char *argv[] = { "udhcpc6", "-f", "-i", (char *)ifname, "-s", UDHCPC6_SCRIPT, "-t", "4", "-T", "2", "-A", "3",
			 "-l", NULL };
	char *const envp[] = { LB_PATH_ENV, NULL };

	if (!info_only)
		argv[sizeof argv / sizeof *argv - 2] = NULL;	/* drop -l: ask for an address */
	run_child_stdio(-1);
	execve(LB_BUSYBOX, argv, envp);
	_exit(127);
}

static void exec_udhcpc6(const char *ifname)
{
	exec_udhcpc6_args(ifname, 0);
}

static void exec_udhcpc6_info(const char *ifname)
{
	exec_udhcpc6_args(ifname, 1);
}

static const char *link_names(char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n.nlinks && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s (%s)", i ? ", " : "", n.links[i].name,
					n.links[i].mac);
	return n.nlinks ? buf : "none";
}

static int names_link(const struct ipconf *k, const struct nlink *l)
{
	return strcmp(k->iface, l->name) == 0 || strcmp(k->iface, l->mac) == 0;
}

/* The ip= for a link: one naming it (by name or MAC) wins; one without a name
 * applies to every link, except a static address, which goes to one link only:
 * the boot link (BOOTIF=), else the first link with carrier. */
static const struct ipconf *conf_for(const struct nlink *l)
{
	const struct ipconf *any = NULL;

	for (int i = 0; i < n.nconf; i++) {
		if (n.conf[i].iface[0] && names_link(&n.conf[i], l))
			return &n.conf[i];
		if (!n.conf[i].iface[0] && !any)
			any = &n.conf[i];
	}
	if (any && any->mode == IPCONF_STATIC) {
		if (n.static_done || (n.bootif[0] && !l->primary))
			return NULL;
	}
	return any;
}

static void report_absent(void)
{
	char names[512];

	for (int i = 0; i < n.nconf; i++) {
		int found = !n.conf[i].iface[0];
		for (int j = 0; j < n.nlinks && !found; j++)
			found = names_link(&n.conf[i], &n.links[j]);
		if (!found)
			log_warn("ip= names %s, which is not here (links: %s); the others get DHCP", n.conf[i].iface,
				 link_names(names, sizeof names));
	}
}

static void apply_static(struct nlink *l, const struct ipconf *k)
{
	struct lease le;

	memset(&le, 0, sizeof le);
	text_copy(le.iface, sizeof le.iface, l->name);
	strcpy(le.source, "ip=");
	text_copy(le.addr, sizeof le.addr, k->addr);
	le.prefix = k->prefix;
	text_copy(le.gateway, sizeof le.gateway, k->gateway);
	for (int i = 0; i < k->ndns && i < LEASE_DNS_MAX; i++)
		text_copy(le.dns[le.ndns++], sizeof le.dns[0], k->dns[i]);
	text_copy(le.hostname, sizeof le.hostname, k->hostname);
	if (netapply_lease(&le, netapply_metric(l->name)) == 0)
		log_info("%s: static %s/%d, gateway %s (ip=)", l->name, k->addr, k->prefix,
			 k->gateway[0] ? k->gateway : "none");
}

/* The link has carrier (or was told to need none): configure it. */
static void configure(struct nlink *l)
{
	const struct ipconf *k = conf_for(l);
	char name[64];

	if (k && k->mode == IPCONF_OFF) {
		l->state = L_OFF;
		text_copy(l->how, sizeof l->how, "off (ip=)");
		log_info("%s: left unconfigured (ip=)", l->name);
		return;
	}
	l->state = L_DONE;
	if (k && k->mode == IPCONF_DHCP6) {
		// the kernel's SLAAC configures the link once it is up
		text_copy(l->how, sizeof l->how, "IPv6 autoconfiguration (ip=)");
		log_info("%s: IPv6 autoconfiguration only (ip=)", l->name);
		return;
	}
	if (k && k->mode == IPCONF_STATIC) {
		if (!k->iface[0])
			n.static_done = 1;
		text_copy(l->how, sizeof l->how, "static (ip=)");
		apply_static(l, k);
		return;
	}
	snprintf(name, sizeof name, "dhcp on %s", l->name);
	if (supervise_add(name, exec_udhcpc, l->name) == 0) {
		l->state = L_DHCP;
		text_copy(l->how, sizeof l->how, "dhcp");
	} else {
		text_copy(l->how, sizeof l->how, "no DHCP client (too many children)");
	}
}

static struct nlink *find_index(int ifindex)
{
	for (int i = 0; i < n.nlinks; i++)
		if (n.links[i].ifindex == ifindex)
			return &n.links[i];
	return NULL;
}

/* A link lifeboat has not seen yet: note it and set it up. */
static struct nlink *take_link(const char *name)
{
	struct nlink *l;
	int err;

	if (n.nlinks == LINKS_MAX || strlen(name) >= IFNAMSIZ)
		return NULL;
	l = &n.links[n.nlinks++];
	memset(l, 0, sizeof *l);
	text_copy(l->name, sizeof l->name, name);
	read_mac(name, l->mac);
	l->ifindex = (int)if_nametoindex(name);
	l->primary = n.bootif[0] && strcmp(n.bootif, l->mac) == 0;
	l->since_ms = sys_now_ms();
	l->state = L_WAIT;
	text_copy(l->how, sizeof l->how, "waiting for carrier");
	if ((err = flags_set(name, IFF_UP)) < 0)
		log_warn("%s: can't bring the link up: %s", name, strerror(-err));
	return l;
}

/* ifname=<name>:<mac>: rename while the links are still down. */
static void rename_links(const struct lb_cmdline *c, struct report *r)
{
	for (int i = 0; i < c->nifname; i++) {
		char want[16], mac[IPCONF_MAC_LEN], have[IPCONF_MAC_LEN];
		const char *why;
		int done = 0;

		if (ipconf_ifname(c->ifname[i], want, mac, &why) < 0) {
			log_warn("ifname=%s ignored: %s", c->ifname[i], why);
			continue;
		}
		for (int j = 0; j < r->nlinks && !done; j++) {
			if (ipconf_mac(r->links[j].mac, have) < 0 || strcmp(have, mac) != 0)
				continue;
			done = 1;
			if (strcmp(r->links[j].name, want) == 0)
				break;
			struct ifreq ifr;
			memset(&ifr, 0, sizeof ifr);
			text_copy(ifr.ifr_name, sizeof ifr.ifr_name, r->links[j].name);
			text_copy(ifr.ifr_newname, sizeof ifr.ifr_newname, want);
			if (ioctl(n.sock, SIOCSIFNAME, &ifr) < 0) {
				log_warn("ifname=%s: can't rename %s: %s", c->ifname[i], r->links[j].name, strerror(errno));
				break;
			}
			log_info("%s renamed %s (ifname=)", r->links[j].name, want);
			text_copy(r->links[j].name, sizeof r->links[j].name, want);
		}
		if (!done)
			log_warn("ifname=%s: no link has MAC %s", c->ifname[i], mac);
	}
}

static int netlink_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR |
						RTMGRP_IPV6_IFINFO };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static void carrier_wait(long long wait_ms)
{
	long long until = sys_now_ms() + wait_ms;

	for (;;) {
		int waiting = 0;
		for (int i = 0; i < n.nlinks; i++) {
			struct nlink *l = &n.links[i];
			if (l->state != L_WAIT)
				continue;
			if (carrier(l->name))
				configure(l);
			else
				waiting++;
		}
		if (!waiting || sys_now_ms() >= until)
			break;
		// the netlink socket wakes us when a link changes; poll the rest anyway
		struct pollfd p = { n.nl, POLLIN, 0 };
		poll(&p, n.nl >= 0 ? 1 : 0, 50);
		if (n.nl >= 0 && (p.revents & POLLIN)) {
			char buf[8192];
			while (recv(n.nl, buf, sizeof buf, MSG_DONTWAIT) > 0)
				;
		}
	}
	for (int i = 0; i < n.nlinks; i++)
		if (n.links[i].state == L_WAIT)
			log_info("%s: no carrier after %lld ms; it is configured when its carrier comes up",
				 n.links[i].name, wait_ms);
}

void net_start(const struct lb_cmdline *c, struct report *r)
{
	long long wait_ms = NET_CARRIER_WAIT_MS;
	char names[512];

	n.sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (n.sock < 0) {
		log_err("network: socket: %s", strerror(errno));
		return;
	}
	for (int i = 0; i < c->nip && n.nconf < IPCONF_MAX; i++) {
		const char *why;
		if (ipconf_parse(c->ip[i], &n.conf[n.nconf], &why) < 0)
			log_warn("ip=%s ignored: %s", c->ip[i], why);
		else
			n.nconf++;
	}
	if (c->carrier_wait) {
		char *end;
		long s = strtol(c->carrier_wait, &end, 10);
		if (*end || s < 0 || s > 600)
			log_warn("lifeboat.carrier_wait=%s ignored: seconds from 0 to 600", c->carrier_wait);
		else
			wait_ms = s * 1000;
	}
	if (c->bootif && ipconf_mac(c->bootif, n.bootif) < 0)
		log_warn("BOOTIF=%s ignored: not a MAC address", c->bootif);
	rename_links(c, r);
	n.nl = netlink_open();
	if (n.nl < 0)
		log_warn("rtnetlink: %s; links with late carrier will not be configured", strerror(-n.nl));
	sys_mkdir_p(NET_DIR, 0755);
	flags_set("lo", IFF_UP);
	for (int i = 0; i < r->nlinks; i++)
		take_link(r->links[i].name);
	if (n.bootif[0]) {
		int found = 0;
		for (int i = 0; i < n.nlinks; i++)
			found |= n.links[i].primary;
		if (!found)
			log_warn("BOOTIF=%s: no link has that MAC (links: %s)", c->bootif, link_names(names, sizeof names));
	}
	report_absent();
	carrier_wait(wait_ms);
}

int net_fd(void)
{
	return n.nl;
}

/* An IPv6 link message: the router's M and O flags decide on a DHCPv6 client. */
static void inet6_news(const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)IFLA_PAYLOAD(h);
	unsigned flags = 0;
	struct nlink *l = find_index(ifi->ifi_index);
	const struct ipconf *k;
	char name[64];

	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type != IFLA_PROTINFO)
			continue;
		int plen = (int)RTA_PAYLOAD(a);
		for (const struct rtattr *p = RTA_DATA(a); RTA_OK(p, plen); p = RTA_NEXT(p, plen))
			if (p->rta_type == IFLA_INET6_FLAGS && RTA_PAYLOAD(p) >= sizeof(unsigned))
				memcpy(&flags, RTA_DATA(p), sizeof flags);
	}
	if (!l || l->dhcp6 || l->state == L_OFF || !(flags & (RA_MANAGED | RA_OTHERCONF)))
		return;
	k = conf_for(l);
	if (k && k->mode == IPCONF_STATIC)
		return;
	l->dhcp6 = 1;
	snprintf(name, sizeof name, "dhcp6 on %s", l->name);
	log_info("%s: the router offers DHCPv6 %s", l->name, flags & RA_MANAGED ? "addresses" : "information (DNS)");
	supervise_add(name, flags & RA_MANAGED ? exec_udhcpc6 : exec_udhcpc6_info, l->name);
}

static void link_news(const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)IFLA_PAYLOAD(h);
	char name[IFNAMSIZ] = "";
	struct nlink *l;

	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_IFNAME)
			text_copy(name, sizeof name, RTA_DATA(a));
	if (ifi->ifi_flags & IFF_LOOPBACK)
		return;
	l = find_index(ifi->ifi_index);
	if (!l && name[0]) {
		l = take_link(name);
		if (l)
			log_info("%s: new link %s", l->name, l->mac);
		return;	/* up now; its carrier comes in a later message */
	}
	if (l && l->state == L_WAIT && (ifi->ifi_flags & IFF_LOWER_UP)) {
		log_info("%s: carrier up %lld ms after the link was set up", l->name, sys_now_ms() - l->since_ms);
		configure(l);
	}
}

int net_event(void)
{
	char buf[16384];
	int changed = 0;
	ssize_t got;

	if (n.nl < 0)
		return 0;
	while ((got = recv(n.nl, buf, sizeof buf, MSG_DONTWAIT)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				// the kernel dropped news: look at every link again
				for (int i = 0; i < n.nlinks; i++)
					if (n.links[i].state == L_WAIT && carrier(n.links[i].name))
						configure(&n.links[i]);
				changed = 1;
				continue;
			}
			break;
		}
		int len = (int)got;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == RTM_NEWLINK && ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_family == AF_INET6)
				inet6_news(h);
			else if (h->nlmsg_type == RTM_NEWLINK)
				link_news(h);
			changed = 1;
		}
	}
	return changed;
}

int net_waiting(void)
{
	int dhcp = 0;

	// one address to connect to is enough: links without a DHCP server must not hold the banner
	for (int i = 0; i < n.nlinks; i++) {
		char path[96], text[2048];
		if (n.links[i].state != L_DHCP)
			continue;
		dhcp++;
		snprintf(path, sizeof path, NET_LEASE_FMT, n.links[i].name);
		if (sys_read_file(path, text, sizeof text) > 0)
			return 0;
	}
	return dhcp > 0;
}

static void add_addr(struct link_info *li, const struct sockaddr *sa, const struct sockaddr *mask)
{
	char a[INET6_ADDRSTRLEN];
	int prefix = 0;

	if (li->naddrs == REPORT_ADDRS_MAX)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)sa, *m = (const void *)mask;
		inet_ntop(AF_INET, &s->sin_addr, a, sizeof a);
		prefix = m ? __builtin_popcount(m->sin_addr.s_addr) : 32;
	} else {
		const struct sockaddr_in6 *s = (const void *)sa, *m = (const void *)mask;
		if (IN6_IS_ADDR_LINKLOCAL(&s->sin6_addr))
			return;	/* every link has one; no one connects to it from outside */
		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof a);
		for (int i = 0; m && i < 16; i++)
			prefix += __builtin_popcount(m->sin6_addr.s6_addr[i]);
	}
	snprintf(li->addrs[li->naddrs++], sizeof li->addrs[0], "%s/%d", a, prefix);
}

void net_report(struct report *r)
{
	struct ifaddrs *ifa = NULL;

	inventory_links("", r);
	if (getifaddrs(&ifa) < 0)
		ifa = NULL;
	for (int i = 0; i < r->nlinks; i++) {
		struct link_info *li = &r->links[i];
		char path[96], text[2048];
		struct lease le;

		li->naddrs = li->ndns = 0;
		li->gateway[0] = li->how[0] = '\0';
		li->primary = 0;
		for (int j = 0; j < n.nlinks; j++)
			if (strcmp(n.links[j].name, li->name) == 0) {
				text_copy(li->how, sizeof li->how, n.links[j].how);
				li->primary = n.links[j].primary;
			}
		// IPv4 first, then IPv6: the address to connect to comes first
		for (int fam = 0; fam < 2; fam++)
			for (struct ifaddrs *p = ifa; p; p = p->ifa_next)
				if (p->ifa_addr && strcmp(p->ifa_name, li->name) == 0 &&
				    p->ifa_addr->sa_family == (fam ? AF_INET6 : AF_INET))
					add_addr(li, p->ifa_addr, p->ifa_netmask);
		for (int fam6 = 0; fam6 < 2; fam6++) {
			snprintf(path, sizeof path, fam6 ? NET_LEASE6_FMT : NET_LEASE_FMT, li->name);
			if (sys_read_file(path, text, sizeof text) <= 0)
				continue;
			lease_parse(text, &le);
			if (le.gateway[0] && !li->gateway[0])
				text_copy(li->gateway, sizeof li->gateway, le.gateway);
			for (int j = 0; j < le.ndns && li->ndns < 3; j++)
				text_copy(li->dns[li->ndns++], sizeof li->dns[0], le.dns[j]);
		}
	}
	if (ifa)
		freeifaddrs(ifa);
}
