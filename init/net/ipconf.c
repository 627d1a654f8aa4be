/* ip=: split on colons outside brackets and MAC addresses, then read the fields by position. */
#include "ipconf.h"
#include "../lib/text.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define FIELDS_MAX 10

static int mode_word(const char *w, enum ipconf_mode *mode)
{
	static const struct {
		const char *word;
		enum ipconf_mode mode;
	} words[] = {
		{ "dhcp", IPCONF_DHCP }, { "on", IPCONF_DHCP }, { "any", IPCONF_DHCP }, { "both", IPCONF_DHCP },
		{ "dhcp6", IPCONF_DHCP6 }, { "auto6", IPCONF_DHCP6 },
		{ "none", IPCONF_STATIC }, { "off", IPCONF_STATIC }, { "static", IPCONF_STATIC },
	};

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(w, words[i].word) == 0) {
			*mode = words[i].mode;
			return 0;
		}
	return -1;
}

/* Copy field f (brackets removed) into out; -1 if it doesn't fit. */
static int field(const char *f, char *out, size_t size)
{
	size_t len = strlen(f);

	if (len >= 2 && f[0] == '[' && f[len - 1] == ']') {
		f++;
		len -= 2;
	}
	if (len >= size)
		return -1;
	memcpy(out, f, len);
	out[len] = '\0';
	return 0;
}

static int family_of(const char *a)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, a, buf) == 1)
		return 4;
	if (inet_pton(AF_INET6, a, buf) == 1)
		return 6;
	return 0;
}

static int mask_prefix(const char *m, int family)
{
	unsigned char b[4];
	char *end;
	long n;
	int prefix = 0, ended = 0;

	if (*m == '\0')
		return family == 4 ? 24 : 64;
	n = strtol(m, &end, 10);
	if (*end == '\0')
		return n >= 0 && n <= (family == 4 ? 32 : 128) ? (int)n : -1;
	if (family != 4 || inet_pton(AF_INET, m, b) != 1)
		return -1;
	for (int i = 0; i < 32; i++) {
		int bit = b[i / 8] >> (7 - i % 8) & 1;
		if (bit && ended)
			return -1;	/* 255.0.255.0 is no netmask */
		if (bit)
			prefix++;
		else
			ended = 1;
	}
	return prefix;
}

/* The method of the short forms, where "off" means no configuration at all. */
static int short_method(const char *w, struct ipconf *out, const char **why)
{
	if (strcmp(w, "off") == 0 || strcmp(w, "none") == 0) {
		out->mode = IPCONF_OFF;
		return 0;
	}
	if (mode_word(w, &out->mode) < 0 || out->mode == IPCONF_STATIC) {
		*why = "unknown method";
		return -1;
	}
	return 0;
}

static int hexdigit(char c)
{
	return (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 :
	       (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
}

/* Six hex pairs separated by sep at s (not necessarily the end of s). */
static int mac_at(const char *s, char sep)
{
	for (int i = 0; i < 6; i++) {
		if (hexdigit(s[3 * i]) < 0 || hexdigit(s[3 * i + 1]) < 0)
			return 0;
		if (i < 5 && s[3 * i + 2] != sep)
			return 0;
	}
	return 1;
}

int ipconf_mac(const char *s, char out[IPCONF_MAC_LEN])
{
	size_t len = strlen(s);

	if (len == 20 && s[0] == '0' && s[1] == '1' && s[2] == '-' && mac_at(s + 3, '-'))
		s += 3;
	else if (!(len == 17 && (mac_at(s, ':') || mac_at(s, '-'))))
		return -1;
	for (int i = 0; i < 17; i++)
		out[i] = i % 3 == 2 ? ':' : "0123456789abcdef"[hexdigit(s[i])];
	out[17] = '\0';
	return 0;
}

static int ifname_ok(const char *n)
{
	size_t len = strlen(n);

	if (len == 0 || len > 15 || strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
		return 0;
	for (; *n; n++)
		if (*n == '/' || *n == ':' || *n == ' ' || (unsigned char)*n < 0x21 || (unsigned char)*n > 0x7e)
			return 0;
	return 1;
}

int ipconf_ifname(const char *value, char name[16], char mac[IPCONF_MAC_LEN], const char **why)
{
	const char *colon = strchr(value, ':');
	size_t len = colon ? (size_t)(colon - value) : 0;

	*why = NULL;
	if (!colon || len == 0 || len > 15) {
		*why = "expected <name>:<mac>";
		return -1;
	}
	memcpy(name, value, len);
	name[len] = '\0';
	if (!ifname_ok(name)) {
		*why = "not a usable interface name";
		return -1;
	}
	if (ipconf_mac(colon + 1, mac) < 0) {
		*why = "not a MAC address";
		return -1;
	}
	return 0;
}

int ipconf_parse(const char *value, struct ipconf *out, const char **why)
{
	char buf[512], *f[FIELDS_MAX];
	int n = 0, depth = 0;

	memset(out, 0, sizeof *out);
	*why = NULL;
	if (text_copy(buf, sizeof buf, value) >= sizeof buf) {
		*why = "too long";
		return -1;
	}
	f[n++] = buf;
	for (char *p = buf; *p; p++) {
		// a MAC naming the interface has colons of its own
		if ((p == buf || p[-1] == '\0') && strlen(p) >= 17 && mac_at(p, ':') && (p[17] == ':' || !p[17]))
			p += 16;
		else if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == ':' && depth == 0) {
			if (n == FIELDS_MAX) {
				*why = "too many fields";
				return -1;
			}
			*p = '\0';
			f[n++] = p + 1;
		}
	}
	if (depth != 0) {
		*why = "unbalanced brackets";
		return -1;
	}

	if (n == 1)			/* "dhcp", "dhcp6", "off" … for every link */
		return short_method(f[0], out, why);
	if (n == 2) {			/* "<iface>:dhcp" */
		if (field(f[0], out->iface, sizeof out->iface) < 0 || !out->iface[0]) {
			*why = "bad interface name";
			return -1;
		}
		ipconf_mac(out->iface, out->iface);
		return short_method(f[1], out, why);
	}
	if (n < 7) {
		*why = "expected <ip>:<peer>:<gateway>:<netmask>:<hostname>:<interface>:<method>";
		return -1;
	}
	if (mode_word(f[6], &out->mode) < 0) {
		*why = "unknown method";
		return -1;
	}
	if (field(f[5], out->iface, sizeof out->iface) < 0 || field(f[4], out->hostname, sizeof out->hostname) < 0) {
		*why = "interface or hostname too long";
		return -1;
	}
	ipconf_mac(out->iface, out->iface);
	if (out->mode != IPCONF_STATIC)
		return 0;	/* "::::host:eth0:dhcp": the address fields don't matter */
	if (field(f[0], out->addr, sizeof out->addr) < 0 || !(out->family = family_of(out->addr))) {
		*why = "bad address";
		return -1;
	}
	if (field(f[2], out->gateway, sizeof out->gateway) < 0 ||
	    (out->gateway[0] && family_of(out->gateway) != out->family)) {
		*why = "bad gateway";
		return -1;
	}
	char mask[48];
	if (field(f[3], mask, sizeof mask) < 0 || (out->prefix = mask_prefix(mask, out->family)) < 0) {
		*why = "bad netmask";
		return -1;
	}
	for (int i = 7; i < n && i < 9; i++) {
		if (!f[i][0])
			continue;
		if (field(f[i], out->dns[out->ndns], sizeof out->dns[0]) < 0 || !family_of(out->dns[out->ndns])) {
			*why = "bad DNS server";
			return -1;
		}
		out->ndns++;
	}
	return 0;
}
