/* Fuzz target: a DHCP lease as busybox udhcpc and udhcpc6 hand it to their script
 * (lease_from_env, lease_from_env6), the lease file read back (lease_parse), and
 * resolv.conf made from them (lease_resolv). The DHCP server on the link, anyone's,
 * controls the environment. The input is the environment: NAME=VALUE lines, or
 * NUL-separated entries when it holds a NUL (so that a value can hold a newline);
 * the same text is also read as a lease file, and its "nameserver" entries are the
 * command line's nameserver=. Properties: every field is NUL-terminated in its
 * array and holds only what its kind allows (addresses that parse, names of name
 * bytes, numbers in range), counts stay in their arrays; the lease file written has
 * "key=value" lines without a control byte, fits exactly in its length + 1 and
 * parses back to the same lease (the interface is not in it); a lease read from a
 * file is the same written and read again; resolv.conf has a search line and at
 * most three distinct nameserver lines, the first ones offered, in order. */
// sources: init/net/lease.c init/lib/out.c init/lib/text.c
#include "fuzz.h"
#include "net/lease.h"

#include <arpa/inet.h>

#define ENV_MAX 64
#define TERMINATED(a) FUZZ_ASSERT(memchr((a), '\0', sizeof(a)) != NULL, "%s not terminated", #a)

static char *env[ENV_MAX];
static int nenv;

static const char *get(const char *name)
{
	size_t len = strlen(name);

	for (int i = 0; i < nenv; i++)
		if (strncmp(env[i], name, len) == 0 && env[i][len] == '=')
			return env[i] + len + 1;
	return NULL;
}

/* The canonical form of an address of family fam (0: either) into out; 0 when it is none. */
static int canonical(const char *a, int fam, char *out, size_t size)
{
	unsigned char bin[16];

	if ((fam == 0 || fam == 4) && inet_pton(AF_INET, a, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)size) ? 4 : 0;
	if ((fam == 0 || fam == 6) && inet_pton(AF_INET6, a, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)size) ? 6 : 0;
	return 0;
}

/* An address of family fam (0: either), written as inet_ntop writes it. */
static void check_addr(const char *a, int fam, const char *what)
{
	char c[64];

	FUZZ_ASSERT(canonical(a, fam, c, sizeof c) && strcmp(a, c) == 0, "%s '%s'", what, a);
}

static int name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
	       c == '_';
}

static void check_lease(const struct lease *l, int from_env)
{
	TERMINATED(l->iface);
	TERMINATED(l->source);
	TERMINATED(l->addr);
	TERMINATED(l->broadcast);
	TERMINATED(l->gateway);
	TERMINATED(l->domain);
	TERMINATED(l->hostname);
	FUZZ_ASSERT(l->ndns >= 0 && l->ndns <= LEASE_DNS_MAX, "%d DNS servers", l->ndns);
	FUZZ_ASSERT(l->nroutes >= 0 && l->nroutes <= LEASE_ROUTES_MAX, "%d routes", l->nroutes);
	if (from_env) {
		FUZZ_ASSERT(l->iface[0] && !strchr(l->iface, '/'), "interface '%s'", l->iface);
		FUZZ_ASSERT(strcmp(l->source, "dhcp") == 0 || strcmp(l->source, "dhcp6") == 0, "source %s", l->source);
		FUZZ_ASSERT(l->prefix >= 0 && l->prefix <= (strcmp(l->source, "dhcp") == 0 ? 32 : 128), "prefix %d",
			    l->prefix);
	} else {
		FUZZ_ASSERT(!l->iface[0] && !strchr(l->source, '\n'), "file: interface or source");
		FUZZ_ASSERT(l->prefix >= -1 && l->prefix <= 128, "prefix %d", l->prefix);
	}
	if (l->addr[0])
		check_addr(l->addr, 0, "address");
	if (l->broadcast[0])
		check_addr(l->broadcast, 4, "broadcast");
	if (l->gateway[0])
		check_addr(l->gateway, 0, "gateway");
	for (int i = 0; i < l->ndns; i++) {
		TERMINATED(l->dns[i]);
		check_addr(l->dns[i], 0, "DNS server");
	}
	// names, the search list's separated by single blanks
	for (const char *p = l->domain; *p; p++)
		FUZZ_ASSERT(name_byte(*p) || (*p == ' ' && p > l->domain && p[-1] != ' ' && p[1]), "domain '%s'",
			    l->domain);
	for (const char *p = l->hostname; *p; p++)
		FUZZ_ASSERT(name_byte(*p), "hostname '%s'", l->hostname);
	FUZZ_ASSERT(l->mtu == 0 || (l->mtu >= 576 && l->mtu <= 65535), "mtu %d", l->mtu);
	FUZZ_ASSERT(l->seconds >= 0 && l->seconds <= 0x7fffffff, "lease %ld", l->seconds);
	for (int i = 0; i < l->nroutes; i++) {
		TERMINATED(l->routes[i].dest);
		TERMINATED(l->routes[i].gateway);
		check_addr(l->routes[i].dest, 4, "route");
		check_addr(l->routes[i].gateway, 4, "route gateway");
		FUZZ_ASSERT(l->routes[i].prefix >= 0 && l->routes[i].prefix <= 32, "route prefix %d", l->routes[i].prefix);
	}
}

/* What the lease file holds of a and b is the same. */
static void same(const struct lease *a, const struct lease *b, const char *text)
{
	FUZZ_ASSERT(strcmp(a->source, b->source) == 0 && strcmp(a->addr, b->addr) == 0 &&
		    (!a->addr[0] || a->prefix == b->prefix) && strcmp(a->broadcast, b->broadcast) == 0 &&
		    strcmp(a->gateway, b->gateway) == 0 && a->ndns == b->ndns && strcmp(a->domain, b->domain) == 0 &&
		    strcmp(a->hostname, b->hostname) == 0 && a->mtu == b->mtu && a->seconds == b->seconds &&
		    a->nroutes == b->nroutes, "read back differently:\n%s", text);
	for (int i = 0; i < a->ndns; i++)
		FUZZ_ASSERT(strcmp(a->dns[i], b->dns[i]) == 0, "DNS %d read back as %s:\n%s", i, b->dns[i], text);
	for (int i = 0; i < a->nroutes; i++)
		FUZZ_ASSERT(strcmp(a->routes[i].dest, b->routes[i].dest) == 0 &&
			    strcmp(a->routes[i].gateway, b->routes[i].gateway) == 0 &&
			    a->routes[i].prefix == b->routes[i].prefix, "route %d read back differently:\n%s", i, text);
}

/* Write l, check the text, read it back. */
static void file_round_trip(const struct lease *l, int from_env)
{
	static char buf[4096], exact[4096];
	struct lease back;
	int n = lease_format(l, buf, sizeof buf);

	FUZZ_ASSERT(n >= 0 && (size_t)n == strlen(buf), "format: %d", n);
	for (const char *line = buf; *line; line = strchr(line, '\n') + 1) {
		const char *eq = strchr(line, '='), *nl = strchr(line, '\n');
		FUZZ_ASSERT(nl && eq && eq < nl && eq > line, "line without key=value:\n%s", buf);
		if (from_env)
			for (const char *p = line; p < nl; p++)
				FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f, "control byte 0x%02x:\n%s",
					    (unsigned char)*p, buf);
	}
	// it fits in its length and the NUL, and not in one byte less
	memset(exact, 0x5a, sizeof exact);
	FUZZ_ASSERT(lease_format(l, exact, (size_t)n + 1) == n && memcmp(exact, buf, (size_t)n + 1) == 0,
		    "format in %d + 1 bytes", n);
	FUZZ_ASSERT(lease_format(l, exact, (size_t)n) == -1, "format in %d bytes", n);

	memset(&back, 0x5a, sizeof back);
	int r = lease_parse(buf, &back);
	FUZZ_ASSERT(r == (l->addr[0] && l->prefix >= 0 ? 0 : -1), "parse back: %d:\n%s", r, buf);
	check_lease(&back, 0);
	same(l, &back, buf);
}

/* The nameservers resolv.conf should list: the first LEASE_DNS_MAX distinct ones. */
static int expected_servers(const char *const *ns, int nns, const struct lease *leases, int nleases,
			    char want[LEASE_DNS_MAX][48])
{
	int n = 0;

	for (int i = 0; i < nns + nleases * LEASE_DNS_MAX && n < LEASE_DNS_MAX; i++) {
		char c[64];
		if (i < nns) {
			if (!canonical(ns[i], 0, c, sizeof c))
				continue;
		} else {
			const struct lease *l = &leases[(i - nns) / LEASE_DNS_MAX];
			if ((i - nns) % LEASE_DNS_MAX >= l->ndns)
				continue;
			strcpy(c, l->dns[(i - nns) % LEASE_DNS_MAX]);
		}
		int dup = 0;
		for (int j = 0; j < n; j++)
			dup |= strcmp(want[j], c) == 0;
		if (!dup)
			strcpy(want[n++], c);
	}
	return n;
}

/* Is [w, w + n) a word of the blank-separated list s? */
static int has_word(const char *s, const char *w, size_t n)
{
	for (const char *p = s; *p;) {
		if (strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += strcspn(p, " ");
		p += *p == ' ';
	}
	return 0;
}

/* The search list [s, e): each word once, each from a lease's domain. */
static void check_search(const char *s, const char *e, const struct lease *leases, int nleases)
{
	for (const char *w = s; w < e; w++) {
		size_t n = strcspn(w, " \n");
		int from = 0;
		FUZZ_ASSERT(n > 0, "an empty search word");
		for (int i = 0; i < nleases; i++)
			from |= has_word(leases[i].domain, w, n);
		FUZZ_ASSERT(from, "search word %.*s from no lease", (int)n, w);
		for (const char *v = s; v < w; v += strcspn(v, " ") + 1)
			FUZZ_ASSERT(strncmp(v, w, n) != 0 || v[n] != ' ', "search word %.*s twice", (int)n, w);
		w += n;
	}
}

static void check_resolv(const char *const *ns, int nns, const struct lease *leases, int nleases)
{
	static char buf[4096], exact[4096];
	char want[LEASE_DNS_MAX][48];
	int nwant = expected_servers(ns, nns, leases, nleases, want), nserver = 0;
	int n = lease_resolv(ns, nns, leases, nleases, buf, sizeof buf);

	FUZZ_ASSERT(n >= 0 && (size_t)n == strlen(buf), "resolv: %d", n);
	for (const char *line = buf; *line; line = strchr(line, '\n') + 1) {
		const char *nl = strchr(line, '\n');
		FUZZ_ASSERT(nl, "resolv.conf without a final newline:\n%s", buf);
		for (const char *p = line; p < nl; p++)
			FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f, "control byte:\n%s", buf);
		if (strncmp(line, "search ", 7) == 0) {
			FUZZ_ASSERT(line == buf && nl - line > 7, "search line not first, or empty:\n%s", buf);
			check_search(line + 7, nl, leases, nleases);
			continue;
		}
		FUZZ_ASSERT(strncmp(line, "nameserver ", 11) == 0 && nserver < nwant, "line:\n%s", buf);
		FUZZ_ASSERT((size_t)(nl - line - 11) == strlen(want[nserver]) &&
			    memcmp(line + 11, want[nserver], strlen(want[nserver])) == 0,
			    "nameserver %d is not %s:\n%s", nserver, want[nserver], buf);
		nserver++;
	}
	FUZZ_ASSERT(nserver == nwant, "%d nameservers, want %d:\n%s", nserver, nwant, buf);
	memset(exact, 0x5a, sizeof exact);
	FUZZ_ASSERT(lease_resolv(ns, nns, leases, nleases, exact, (size_t)n + 1) == n &&
		    memcmp(exact, buf, (size_t)n + 1) == 0, "resolv in %d + 1 bytes", n);
	FUZZ_ASSERT(lease_resolv(ns, nns, leases, nleases, exact, (size_t)n) == -1, "resolv in %d bytes", n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char sep = memchr(data, '\0', size) ? '\0' : '\n', *buf = malloc(size + 1), *text;
	const char *ns[4], *why;
	struct lease leases[3];
	int nleases = 0, nns = 0;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	nenv = 0;
	for (size_t i = 0, start = 0; i <= size && nenv < ENV_MAX; i++)
		if (i == size || buf[i] == sep) {
			buf[i] = '\0';
			env[nenv++] = buf + start;
			start = i + 1;
		}
	for (int i = 0; i < nenv && nns < 4; i++)
		if (strncmp(env[i], "nameserver=", 11) == 0)
			ns[nns++] = env[i] + 11;

	why = (const char *)1;
	memset(&leases[nleases], 0x5a, sizeof leases[0]);
	if (lease_from_env(get, &leases[nleases], &why) == 0) {
		FUZZ_ASSERT(why == NULL && leases[nleases].addr[0], "dhcp: accepted with %s", why);
		check_lease(&leases[nleases], 1);
		file_round_trip(&leases[nleases], 1);
		nleases++;
	} else {
		FUZZ_ASSERT(why != NULL, "dhcp: refused without a reason");
	}
	why = (const char *)1;
	memset(&leases[nleases], 0x5a, sizeof leases[0]);
	if (lease_from_env6(get, &leases[nleases], &why) == 0) {
		FUZZ_ASSERT(why == NULL && (leases[nleases].addr[0] || leases[nleases].ndns), "dhcp6: accepted with %s",
			    why);
		check_lease(&leases[nleases], 1);
		file_round_trip(&leases[nleases], 1);
		nleases++;
	} else {
		FUZZ_ASSERT(why != NULL, "dhcp6: refused without a reason");
	}

	// the same bytes as a lease file (up to a NUL, as it is read as a string)
	text = fuzz_string(data, size);
	memset(&leases[nleases], 0x5a, sizeof leases[0]);
	lease_parse(text, &leases[nleases]);
	check_lease(&leases[nleases], 0);
	file_round_trip(&leases[nleases], 0);
	nleases++;

	check_resolv(ns, nns, leases, nleases);
	free(text);
	free(buf);
	return 0;
}
