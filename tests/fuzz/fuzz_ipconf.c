/* Fuzz target: the ip= kernel argument in the kernel's, klibc's and dracut's forms
 * (ipconf_parse), and the MACs of ifname= and BOOTIF= (ipconf_ifname, ipconf_mac).
 * A control panel or whoever edits the boot entry writes them. The input is one
 * value. Properties: a refusal says why, an acceptance does not; every field is
 * NUL-terminated in its array; a static address is of its family, with a prefix
 * that fits it, a gateway of the same family and DNS servers that are addresses;
 * a MAC comes out in the one lower-case colon form, the same converted in place;
 * what is accepted, written back as ip= (or ifname=), parses to the same. */
// sources: init/net/ipconf.c init/lib/text.c
#include "fuzz.h"
#include "net/ipconf.h"

#include <arpa/inet.h>

#define TERMINATED(a) FUZZ_ASSERT(memchr((a), '\0', sizeof(a)) != NULL, "%s not terminated", #a)

static int family_of(const char *a)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, a, buf) == 1)
		return 4;
	if (inet_pton(AF_INET6, a, buf) == 1)
		return 6;
	return 0;
}

/* "52:54:00:ab:cd:ef": what ipconf_mac writes. */
static int mac_form(const char *m)
{
	if (strlen(m) != 17)
		return 0;
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? m[i] != ':' : !strchr("0123456789abcdef", m[i]) || !m[i])
			return 0;
	return 1;
}

static void check_mac(const char *s)
{
	char out[IPCONF_MAC_LEN], again[IPCONF_MAC_LEN], inplace[32];
	size_t len = strlen(s);

	memset(out, 0x5a, sizeof out);
	if (ipconf_mac(s, out) < 0)
		return;
	FUZZ_ASSERT(len == 17 || len == 20, "a MAC of %zu bytes", len);
	FUZZ_ASSERT(mac_form(out), "MAC %s", out);
	FUZZ_ASSERT(ipconf_mac(out, again) == 0 && strcmp(out, again) == 0, "MAC %s not stable", out);
	// ipconf_parse converts its iface field in place
	memcpy(inplace, s, len + 1);
	FUZZ_ASSERT(ipconf_mac(inplace, inplace) == 0 && strcmp(inplace, out) == 0, "in place: %s, not %s", inplace,
		    out);
}

static void check_ifname(const char *s)
{
	char name[16], mac[IPCONF_MAC_LEN], back[64], name2[16], mac2[IPCONF_MAC_LEN];
	const char *why = (const char *)1;

	memset(name, 0x5a, sizeof name);
	memset(mac, 0x5a, sizeof mac);
	if (ipconf_ifname(s, name, mac, &why) < 0) {
		FUZZ_ASSERT(why != NULL, "ifname refused without a reason");
		return;
	}
	FUZZ_ASSERT(why == NULL, "ifname accepted with a reason: %s", why);
	TERMINATED(name);
	FUZZ_ASSERT(name[0] && strcmp(name, ".") != 0 && strcmp(name, "..") != 0, "name '%s'", name);
	for (const char *p = name; *p; p++)
		FUZZ_ASSERT((unsigned char)*p > ' ' && (unsigned char)*p < 0x7f && *p != '/' && *p != ':',
			    "name byte 0x%02x", (unsigned char)*p);
	FUZZ_ASSERT(mac_form(mac), "ifname MAC %s", mac);
	snprintf(back, sizeof back, "%s:%s", name, mac);
	FUZZ_ASSERT(ipconf_ifname(back, name2, mac2, &why) == 0 && strcmp(name, name2) == 0 && strcmp(mac, mac2) == 0,
		    "ifname=%s does not parse back", back);
}

/* May a field be written back as it is? Colons and brackets would be split or stripped. */
static int plain(const char *f)
{
	return !strpbrk(f, ":[]");
}

static void addr_field(char *buf, size_t size, const char *a)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, strchr(a, ':') ? "[%s]" : "%s", a);
}

/* Write c back as an ip= value (when its free-text fields allow) and parse it again. */
static void round_trip(const struct ipconf *c)
{
	static const char *const method[] = { [IPCONF_DHCP] = "dhcp", [IPCONF_DHCP6] = "dhcp6",
					      [IPCONF_STATIC] = "none", [IPCONF_OFF] = "off" };
	char buf[512] = "";
	struct ipconf b;
	const char *why;

	char iface[sizeof c->iface];

	if ((!plain(c->iface) && !mac_form(c->iface)) || !plain(c->hostname))
		return;
	// a MAC goes back in the form ip= takes it, with dashes: colons separate ip='s fields
	snprintf(iface, sizeof iface, "%s", c->iface);
	for (char *p = iface; mac_form(c->iface) && *p; p++)
		*p = *p == ':' ? '-' : *p;
	if (c->mode == IPCONF_OFF) {
		snprintf(buf, sizeof buf, "%s%soff", iface, iface[0] ? ":" : "");
	} else if (c->mode != IPCONF_STATIC) {
		snprintf(buf, sizeof buf, "::::%s:%s:%s", c->hostname, iface, method[c->mode]);
	} else {
		addr_field(buf, sizeof buf, c->addr);
		strcat(buf, "::");
		addr_field(buf, sizeof buf, c->gateway);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ":%d:%s:%s:none", c->prefix, c->hostname, iface);
		for (int i = 0; i < c->ndns; i++) {
			strcat(buf, ":");
			addr_field(buf, sizeof buf, c->dns[i]);
		}
	}
	FUZZ_ASSERT(ipconf_parse(buf, &b, &why) == 0, "ip=%s refused: %s", buf, why);
	FUZZ_ASSERT(b.mode == c->mode && b.family == c->family && b.prefix == c->prefix && b.ndns == c->ndns &&
		    strcmp(b.iface, c->iface) == 0 && strcmp(b.addr, c->addr) == 0 &&
		    strcmp(b.gateway, c->gateway) == 0, "ip=%s parses to another configuration", buf);
	if (c->mode != IPCONF_OFF)
		FUZZ_ASSERT(strcmp(b.hostname, c->hostname) == 0, "ip=%s: hostname %s", buf, b.hostname);
	for (int i = 0; i < c->ndns; i++)
		FUZZ_ASSERT(strcmp(b.dns[i], c->dns[i]) == 0, "ip=%s: DNS %s", buf, b.dns[i]);
}

static void check_parse(const char *s)
{
	struct ipconf c;
	const char *why = (const char *)1;
	char mac[IPCONF_MAC_LEN];

	memset(&c, 0x5a, sizeof c);
	if (ipconf_parse(s, &c, &why) < 0) {
		FUZZ_ASSERT(why != NULL, "refused without a reason");
		return;
	}
	FUZZ_ASSERT(why == NULL, "accepted with a reason: %s", why);
	TERMINATED(c.iface);
	TERMINATED(c.addr);
	TERMINATED(c.gateway);
	TERMINATED(c.hostname);
	TERMINATED(c.dns[0]);
	TERMINATED(c.dns[1]);
	FUZZ_ASSERT(c.mode >= IPCONF_DHCP && c.mode <= IPCONF_OFF, "mode %d", (int)c.mode);
	FUZZ_ASSERT(c.ndns >= 0 && c.ndns <= 2, "%d DNS servers", c.ndns);
	// an interface named by its MAC is in the one form the links' MACs are compared in
	if (ipconf_mac(c.iface, mac) == 0)
		FUZZ_ASSERT(strcmp(mac, c.iface) == 0, "interface %s, not %s", c.iface, mac);
	if (c.mode == IPCONF_STATIC) {
		FUZZ_ASSERT((c.family == 4 || c.family == 6) && family_of(c.addr) == c.family, "address %s, family %d",
			    c.addr, c.family);
		FUZZ_ASSERT(c.prefix >= 0 && c.prefix <= (c.family == 4 ? 32 : 128), "prefix %d", c.prefix);
		FUZZ_ASSERT(!c.gateway[0] || family_of(c.gateway) == c.family, "gateway %s", c.gateway);
		for (int i = 0; i < c.ndns; i++)
			FUZZ_ASSERT(family_of(c.dns[i]) != 0, "DNS server %s", c.dns[i]);
	} else {
		FUZZ_ASSERT(!c.addr[0] && !c.gateway[0] && c.family == 0 && c.prefix == 0 && c.ndns == 0,
			    "addresses without a static method");
	}
	round_trip(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);

	check_parse(s);
	check_mac(s);
	check_ifname(s);
	free(s);
	return 0;
}
