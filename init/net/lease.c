/* Leases: the DHCP client's environment in, a key=value file out and back, resolv.conf.
 * Everything a DHCP server sends is checked before it reaches a file: a domain
 * with a newline would otherwise write lines of its own into resolv.conf. */
#define _DEFAULT_SOURCE
#include "lease.h"
#include "../lib/out.h"
#include "../lib/text.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copy an address if it is one (of family fam, or any when 0), in its
 * canonical form: udhcpc6 writes every zero of an IPv6 address. */
static int take_addr(char *dst, size_t size, const char *src, int fam)
{
	unsigned char bin[16];
	char tmp[64];
	int f;

	if (size)
		dst[0] = '\0';
	if (!src || text_copy(tmp, sizeof tmp, src) >= sizeof tmp)
		return -1;
	f = inet_pton(AF_INET, tmp, bin) == 1 ? 4 : inet_pton(AF_INET6, tmp, bin) == 1 ? 6 : 0;
	if (!f || (fam && f != fam))
		return -1;
	if (!inet_ntop(f == 4 ? AF_INET : AF_INET6, bin, tmp, sizeof tmp) || text_copy(dst, size, tmp) >= size) {
		if (size)
			dst[0] = '\0';
		return -1;
	}
	return 0;
}

static long number(const char *s, long lo, long hi)
{
	char *end;
	long n;

	if (!s || !*s)
		return -1;
	n = strtol(s, &end, 10);
	return *end == '\0' && n >= lo && n <= hi ? n : -1;
}

/* Host and domain names: letters, digits, '-', '.', and '_' (seen in the wild). */
static int name_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '.' || *s == '_'))
			return 0;
	return 1;
}

static int mask_to_prefix(const char *m)
{
	unsigned char b[4];
	int prefix = 0;

	if (inet_pton(AF_INET, m, b) != 1)
		return -1;
	for (int i = 0; i < 32; i++) {
		int bit = b[i / 8] >> (7 - i % 8) & 1;
		if (bit && prefix != i)
			return -1;
		prefix += bit;
	}
	return prefix;
}

/* Call fn for each blank-separated word of s (a copy; s is not changed). A
 * value with a control byte in it is malformed as a whole: none of it is used. */
static void words(const char *s, void (*fn)(struct lease *, const char *), struct lease *l)
{
	char buf[1024], *save = NULL;

	if (!s || text_copy(buf, sizeof buf, s) >= sizeof buf)
		return;
	for (const char *p = s; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != ' ' && *p != '\t') || *p == 0x7f)
			return;
	for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		fn(l, w);
}

static void add_dns(struct lease *l, const char *w)
{
	if (l->ndns < LEASE_DNS_MAX && take_addr(l->dns[l->ndns], sizeof l->dns[0], w, 0) == 0)
		l->ndns++;
}

static void add_router(struct lease *l, const char *w)
{
	if (!l->gateway[0])
		take_addr(l->gateway, sizeof l->gateway, w, 4);
}

static void add_domain(struct lease *l, const char *w)
{
	size_t len = strlen(l->domain);

	if (name_ok(w) && len + 1 + strlen(w) < sizeof l->domain)
		snprintf(l->domain + len, sizeof l->domain - len, "%s%s", len ? " " : "", w);
}

/* RFC 3442 routes as udhcpc writes them: "dest/len gateway" pairs. */
static void add_routes(struct lease *l, const char *s)
{
	char buf[1024], *save = NULL;

	if (!s || text_copy(buf, sizeof buf, s) >= sizeof buf)
		return;
	for (char *d = strtok_r(buf, " \t", &save); d; d = strtok_r(NULL, " \t", &save)) {
		char *gw = strtok_r(NULL, " \t", &save), *slash = strchr(d, '/');
		struct lease_route *r = &l->routes[l->nroutes];
		if (!gw)
			break;
		if (!slash || l->nroutes == LEASE_ROUTES_MAX)
			continue;
		*slash = '\0';
		r->prefix = (int)number(slash + 1, 0, 32);
		if (r->prefix < 0 || take_addr(r->dest, sizeof r->dest, d, 4) < 0 ||
		    take_addr(r->gateway, sizeof r->gateway, gw, 4) < 0)
			continue;
		l->nroutes++;
	}
}

/* A fresh lease for the client's interface; -1 with *why when it names none usable. */
static int begin(const char *(*get)(const char *name), struct lease *l, const char *source, const char **why)
{
	const char *v = get("interface");

	memset(l, 0, sizeof *l);
	*why = NULL;
	if (!v || !*v || text_copy(l->iface, sizeof l->iface, v) >= sizeof l->iface || strchr(v, '/')) {
		*why = "no interface name";
		return -1;
	}
	text_copy(l->source, sizeof l->source, source);
	return 0;
}

int lease_from_env(const char *(*get)(const char *name), struct lease *l, const char **why)
{
	const char *v;
	long n;

	if (begin(get, l, "dhcp", why) < 0)
		return -1;
	if (take_addr(l->addr, sizeof l->addr, get("ip"), 4) < 0) {
		*why = "no IPv4 address";
		return -1;
	}
	if ((n = number(get("mask"), 0, 32)) >= 0)
		l->prefix = (int)n;
	else if ((v = get("subnet")) && (l->prefix = mask_to_prefix(v)) >= 0)
		;
	else
		l->prefix = 32;	/* an address with no mask reaches only itself */
	take_addr(l->broadcast, sizeof l->broadcast, get("broadcast"), 4);
	words(get("router"), add_router, l);
	words(get("dns"), add_dns, l);
	words(get("domain"), add_domain, l);
	words(get("search"), add_domain, l);
	if ((v = get("hostname")) && name_ok(v))
		text_copy(l->hostname, sizeof l->hostname, v);
	if ((n = number(get("mtu"), 576, 65535)) > 0)
		l->mtu = (int)n;
	if ((n = number(get("lease"), 0, 0x7fffffff)) > 0)
		l->seconds = n;
	add_routes(l, get("staticroutes"));
	return 0;
}

int lease_from_env6(const char *(*get)(const char *name), struct lease *l, const char **why)
{
	long n;

	if (begin(get, l, "dhcp6", why) < 0)
		return -1;
	if (take_addr(l->addr, sizeof l->addr, get("ipv6"), 6) == 0)
		l->prefix = 128;	/* DHCPv6 gives an address, the router's advertisement the prefix */
	words(get("dns"), add_dns, l);
	words(get("search"), add_domain, l);
	if ((n = number(get("lease"), 0, 0x7fffffff)) > 0)
		l->seconds = n;
	if (!l->addr[0] && !l->ndns) {
		*why = "neither an address nor DNS";
		return -1;
	}
	return 0;
}

static void put(struct out *o, const char *key, const char *value)
{
	int n;

	if (o->overflow || !value || !*value)
		return;
	n = snprintf(o->buf + o->len, o->size - o->len, "%s=%s\n", key, value);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->overflow = 1;
	else
		o->len += (size_t)n;
}

int lease_format(const struct lease *l, char *buf, size_t size)
{
	struct out o = { buf, size, 0, size == 0 };
	char tmp[128], dns[LEASE_DNS_MAX * 48 + 8] = "";

	if (l->addr[0]) {
		snprintf(tmp, sizeof tmp, "%s/%d", l->addr, l->prefix);
		put(&o, "ip", tmp);
	}
	put(&o, "source", l->source);
	put(&o, "broadcast", l->broadcast);
	put(&o, "gateway", l->gateway);
	for (int i = 0; i < l->ndns; i++)
		snprintf(dns + strlen(dns), sizeof dns - strlen(dns), "%s%s", i ? " " : "", l->dns[i]);
	put(&o, "dns", dns);
	put(&o, "domain", l->domain);
	put(&o, "hostname", l->hostname);
	if (l->mtu) {
		snprintf(tmp, sizeof tmp, "%d", l->mtu);
		put(&o, "mtu", tmp);
	}
	if (l->seconds) {
		snprintf(tmp, sizeof tmp, "%ld", l->seconds);
		put(&o, "lease", tmp);
	}
	for (int i = 0; i < l->nroutes; i++) {
		snprintf(tmp, sizeof tmp, "%s/%d %s", l->routes[i].dest, l->routes[i].prefix, l->routes[i].gateway);
		put(&o, "route", tmp);
	}
	if (o.overflow)
		return -1;
	if (size)
		buf[o.len] = '\0';
	return (int)o.len;
}

int lease_parse(const char *text, struct lease *l)
{
	char line[1100];

	memset(l, 0, sizeof *l);
	l->prefix = -1;
	while (*text) {
		size_t len = strcspn(text, "\n");
		char *eq;
		if (len < sizeof line) {
			memcpy(line, text, len);
			line[len] = '\0';
			if ((eq = strchr(line, '='))) {
				*eq++ = '\0';
				if (strcmp(line, "ip") == 0) {
					char *slash = strchr(eq, '/');
					if (slash) {
						*slash = '\0';
						l->prefix = (int)number(slash + 1, 0, 128);
					}
					take_addr(l->addr, sizeof l->addr, eq, 0);
				} else if (strcmp(line, "source") == 0) {
					text_copy(l->source, sizeof l->source, eq);
				} else if (strcmp(line, "broadcast") == 0) {
					take_addr(l->broadcast, sizeof l->broadcast, eq, 4);
				} else if (strcmp(line, "gateway") == 0) {
					take_addr(l->gateway, sizeof l->gateway, eq, 0);
				} else if (strcmp(line, "dns") == 0) {
					words(eq, add_dns, l);
				} else if (strcmp(line, "domain") == 0) {
					words(eq, add_domain, l);
				} else if (strcmp(line, "hostname") == 0 && name_ok(eq)) {
					text_copy(l->hostname, sizeof l->hostname, eq);
				} else if (strcmp(line, "mtu") == 0) {
					long n = number(eq, 576, 65535);
					l->mtu = n > 0 ? (int)n : 0;
				} else if (strcmp(line, "lease") == 0) {
					long n = number(eq, 0, 0x7fffffff);
					l->seconds = n > 0 ? n : 0;
				} else if (strcmp(line, "route") == 0) {
					add_routes(l, eq);
				}
			}
		}
		text += len + (text[len] == '\n');
	}
	return l->addr[0] && l->prefix >= 0 ? 0 : -1;
}

static int has(char list[][48], int n, const char *a)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], a) == 0)
			return 1;
	return 0;
}

/* Append each word of domains to search (blank separated) unless it is there already. */
static void add_search(char *search, size_t size, const char *domains)
{
	char buf[sizeof ((struct lease *)0)->domain], *save = NULL;

	text_copy(buf, sizeof buf, domains);
	for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t wl = strlen(w), len = strlen(search);
		int found = 0;
		for (const char *p = search; (p = strstr(p, w)); p++)
			if ((p == search || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0'))
				found = 1;
		if (!found && len + wl + 2 <= size)
			snprintf(search + len, size - len, "%s%s", len ? " " : "", w);
	}
}

int lease_resolv(const char *const *nameservers, int nns, const struct lease *leases, int nleases,
		 char *buf, size_t size)
{
	char ns[LEASE_DNS_MAX][48], search[256] = "";
	int n = 0;
	struct out o = { buf, size, 0, size == 0 };

	for (int i = 0; i < nns && n < LEASE_DNS_MAX; i++) {
		char a[48];
		if (take_addr(a, sizeof a, nameservers[i], 0) == 0 && !has(ns, n, a))
			strcpy(ns[n++], a);
	}
	for (int i = 0; i < nleases; i++) {
		for (int j = 0; j < leases[i].ndns && n < LEASE_DNS_MAX; j++)
			if (!has(ns, n, leases[i].dns[j]))
				strcpy(ns[n++], leases[i].dns[j]);
		add_search(search, sizeof search, leases[i].domain);
	}
	if (search[0])
		put(&o, "search", search);
	for (int i = 0; i < n; i++)
		put(&o, "nameserver", ns[i]);
	if (o.overflow)
		return -1;
	// put() writes "key=value": resolv.conf wants "key value"
	for (size_t i = 0; i < o.len; i++)
		if (buf[i] == '=')
			buf[i] = ' ';
	if (size)
		buf[o.len] = '\0';
	return (int)o.len;
}
