/* A link's configuration as lifeboat records it: from a DHCP client's
 * environment or from ip=, to a file in /run and back, and resolv.conf from
 * all of them (pure). */
#ifndef LB_LEASE_H
#define LB_LEASE_H

#include <stddef.h>

#define LEASE_DNS_MAX 3		/* what a resolver reads (MAXNS) */
#define LEASE_ROUTES_MAX 8

struct lease_route {
	char dest[48];
	int prefix;
	char gateway[48];
};

struct lease {
	char iface[16];
	char source[8];			/* "dhcp", "ip=" */
	char addr[48];
	int prefix;
	char broadcast[16];
	char gateway[48];		/* the default route, "" when none */
	char dns[LEASE_DNS_MAX][48];
	int ndns;
	char domain[128];		/* search list, blank separated */
	char hostname[64];
	int mtu;			/* 0 when not given */
	long seconds;			/* lease time, 0 when not given or static */
	struct lease_route routes[LEASE_ROUTES_MAX];	/* classless static routes */
	int nroutes;
};

/* Read what busybox udhcpc hands its script (interface, ip, subnet, broadcast,
 * router, dns, domain, hostname, mtu, lease, staticroutes) through get(name).
 * Values that are malformed are left out. Returns 0, or -1 with *why when
 * there is no usable interface or address. */
int lease_from_env(const char *(*get)(const char *name), struct lease *l, const char **why);

/* The same for busybox udhcpc6 (interface, ipv6, dns, search, lease): the
 * address is optional (a stateless answer brings DNS only) and gets prefix 128.
 * Returns 0, or -1 with *why when it brings neither address nor DNS. */
int lease_from_env6(const char *(*get)(const char *name), struct lease *l, const char **why);

/* The lease file's text: "key=value" lines. Returns the length, or -1 if it doesn't fit. */
int lease_format(const struct lease *l, char *buf, size_t size);

/* Parse lease_format's text back. Returns 0, or -1 when it has no address. */
int lease_parse(const char *text, struct lease *l);

/* resolv.conf from the command line's nameserver= (first) and the leases in
 * their order: servers deduplicated up to LEASE_DNS_MAX, search domains merged.
 * Returns the length (0 when there is nothing to say), or -1 if it doesn't fit. */
int lease_resolv(const char *const *nameservers, int nns, const struct lease *leases, int nleases,
		 char *buf, size_t size);

#endif
