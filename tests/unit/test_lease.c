/* Leases: udhcpc's environment in (checked), the lease file out and back, resolv.conf. */
#include "t.h"
#include "net/lease.h"

#include <stdlib.h>

static const char *const *env;

static const char *get(const char *name)
{
	size_t len = strlen(name);

	for (const char *const *e = env; *e; e++)
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}

static int from(const char *const *e, struct lease *l, const char **why)
{
	env = e;
	return lease_from_env(get, l, why);
}

int main(void)
{
	struct lease l, back;
	const char *why;
	char buf[2048];

	static const char *const full[] = {
		"interface=eth0", "ip=10.0.2.15", "mask=24", "subnet=255.255.255.0", "broadcast=10.0.2.255",
		"router=10.0.2.2 10.0.2.1", "dns=10.0.2.3 10.0.2.4", "domain=example.net", "hostname=vps-17",
		"mtu=1450", "lease=86400", "staticroutes=169.254.169.254/32 10.0.2.2 0.0.0.0/0 10.0.2.2", NULL };
	CHECK(from(full, &l, &why) == 0, "full lease refused: %s", why);
	CHECK_STR(l.iface, "eth0", "iface");
	CHECK_STR(l.addr, "10.0.2.15", "addr");
	CHECK(l.prefix == 24, "prefix %d", l.prefix);
	CHECK_STR(l.gateway, "10.0.2.2", "first router is the gateway");
	CHECK(l.ndns == 2, "ndns %d", l.ndns);
	CHECK_STR(l.dns[1], "10.0.2.4", "dns 2");
	CHECK_STR(l.hostname, "vps-17", "hostname");
	CHECK(l.mtu == 1450 && l.seconds == 86400, "mtu %d lease %ld", l.mtu, l.seconds);
	CHECK(l.nroutes == 2, "routes %d", l.nroutes);
	CHECK_STR(l.routes[0].dest, "169.254.169.254", "route dest");
	CHECK(l.routes[0].prefix == 32, "route prefix %d", l.routes[0].prefix);

	// the file form round-trips
	int n = lease_format(&l, buf, sizeof buf);
	CHECK(n > 0, "format failed");
	CHECK(strstr(buf, "ip=10.0.2.15/24\n") != NULL, "format: %s", buf);
	CHECK(lease_parse(buf, &back) == 0, "parse back failed: %s", buf);
	CHECK(memcmp(&l, &back, sizeof l) == 0 || (strcmp(l.addr, back.addr) == 0 && l.prefix == back.prefix &&
	      strcmp(l.gateway, back.gateway) == 0 && l.ndns == back.ndns && l.mtu == back.mtu &&
	      l.nroutes == back.nroutes && strcmp(l.domain, back.domain) == 0), "round trip differs");
	CHECK(lease_format(&l, buf, 20) < 0, "a short buffer is not refused");
	CHECK(lease_parse("gateway=10.0.2.2\ndns=10.0.2.3\n", &back) < 0, "a lease without address parsed");

	// subnet alone gives the prefix; a crooked mask gives a host route, never a guess
	static const char *const subnet[] = { "interface=eth1", "ip=192.0.2.9", "subnet=255.255.255.128", NULL };
	CHECK(from(subnet, &l, &why) == 0 && l.prefix == 25, "subnet: prefix %d", l.prefix);
	static const char *const crooked[] = { "interface=eth1", "ip=192.0.2.9", "subnet=255.0.255.0", NULL };
	CHECK(from(crooked, &l, &why) == 0 && l.prefix == 32, "crooked mask: prefix %d", l.prefix);

	// what a hostile DHCP server sends never reaches a file
	static const char *const hostile[] = {
		"interface=eth0", "ip=10.0.2.15", "mask=24", "router=evil", "dns=10.0.2.3\nnameserver 6.6.6.6",
		"domain=a.example\nnameserver 6.6.6.6", "hostname=x;reboot", "mtu=12", "staticroutes=10.0.0.0/40 10.0.2.2",
		NULL };
	CHECK(from(hostile, &l, &why) == 0, "hostile lease refused outright: %s", why);
	CHECK(l.gateway[0] == '\0' && l.hostname[0] == '\0' && l.mtu == 0 && l.nroutes == 0,
	      "hostile values kept: gw=%s host=%s mtu=%d routes=%d", l.gateway, l.hostname, l.mtu, l.nroutes);
	lease_format(&l, buf, sizeof buf);
	CHECK(strstr(buf, "6.6.6.6") == NULL, "injected server in the lease file: %s", buf);
	CHECK(l.ndns == 0 || strcmp(l.dns[0], "10.0.2.3") != 0 || strchr(l.dns[0], '\n') == NULL, "dns newline");

	static const char *const noaddr[] = { "interface=eth0", "router=10.0.2.2", NULL };
	CHECK(from(noaddr, &l, &why) < 0 && why, "a lease without ip accepted");
	static const char *const v6[] = { "interface=eth0", "ip=fe80::1", NULL };
	CHECK(from(v6, &l, &why) < 0, "an IPv6 address taken as udhcpc's ip");
	static const char *const noif[] = { "ip=10.0.2.15", NULL };
	CHECK(from(noif, &l, &why) < 0, "a lease without interface accepted");
	static const char *const slash[] = { "interface=../x", "ip=10.0.2.15", NULL };
	CHECK(from(slash, &l, &why) < 0, "an interface name with a slash accepted");

	// DHCPv6: an address with prefix 128, or DNS alone; never IPv4, never nothing
	static const char *const v6full[] = { "interface=eth0", "ipv6=fec0::1234", "dns=fec0::3 fec0::4",
					      "search=example.net", "lease=3600", NULL };
	env = v6full;
	CHECK(lease_from_env6(get, &l, &why) == 0, "dhcp6 lease refused: %s", why);
	CHECK_STR(l.addr, "fec0::1234", "v6 addr");
	CHECK(l.prefix == 128 && l.ndns == 2 && l.seconds == 3600, "v6 prefix %d dns %d", l.prefix, l.ndns);
	CHECK_STR(l.source, "dhcp6", "v6 source");
	static const char *const v6long[] = { "interface=eth0", "ipv6=2001:0db8:0000:0000:0000:0000:0000:1234",
					      "dns=2001:0db8:0000:0000:0000:0000:0000:0053", NULL };
	env = v6long;
	CHECK(lease_from_env6(get, &l, &why) == 0, "long form refused: %s", why);
	CHECK_STR(l.addr, "2001:db8::1234", "canonical address");
	CHECK_STR(l.dns[0], "2001:db8::53", "canonical DNS server");
	static const char *const v6info[] = { "interface=eth0", "dns=fec0::3", NULL };
	env = v6info;
	CHECK(lease_from_env6(get, &l, &why) == 0 && !l.addr[0] && l.ndns == 1, "stateless answer: %s", why);
	n = lease_format(&l, buf, sizeof buf);
	CHECK(n > 0 && strstr(buf, "ip=") == NULL && strstr(buf, "dns=fec0::3\n"), "DNS-only record: %s", buf);
	CHECK(lease_parse(buf, &back) < 0 && back.ndns == 1, "DNS-only record parses as no lease, with its DNS");
	static const char *const v6none[] = { "interface=eth0", "ipv6=10.0.2.15", NULL };
	env = v6none;
	CHECK(lease_from_env6(get, &l, &why) < 0 && why, "an IPv4 ipv6= and no DNS accepted");
	static const char *const v6noif[] = { "ipv6=fec0::1", NULL };
	env = v6noif;
	CHECK(lease_from_env6(get, &l, &why) < 0, "dhcp6 without interface accepted");

	// resolv.conf: nameserver= first, then each lease; no duplicates; at most three
	struct lease two[2];
	memset(two, 0, sizeof two);
	strcpy(two[0].dns[0], "10.0.2.3");
	strcpy(two[0].dns[1], "10.0.2.4");
	two[0].ndns = 2;
	strcpy(two[0].domain, "a.example b.example");
	strcpy(two[1].dns[0], "10.0.2.3");
	strcpy(two[1].dns[1], "192.0.2.53");
	two[1].ndns = 2;
	strcpy(two[1].domain, "b.example c.example");
	const char *ns[] = { "1.1.1.1", "not-an-address" };
	n = lease_resolv(ns, 2, two, 2, buf, sizeof buf);
	CHECK_STR(buf, "search a.example b.example c.example\nnameserver 1.1.1.1\nnameserver 10.0.2.3\n"
		       "nameserver 10.0.2.4\n", "resolv.conf");
	n = lease_resolv(NULL, 0, two + 1, 1, buf, sizeof buf);
	CHECK_STR(buf, "search b.example c.example\nnameserver 10.0.2.3\nnameserver 192.0.2.53\n", "one lease");
	n = lease_resolv(NULL, 0, NULL, 0, buf, sizeof buf);
	CHECK(n == 0 && buf[0] == '\0', "nothing to say: %d %s", n, buf);
	CHECK(lease_resolv(ns, 1, two, 2, buf, 16) < 0, "a short buffer is not refused");
	return t_done("test_lease");
}
