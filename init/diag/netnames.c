/* Interface names and MACs out of network configuration files. */
#include "netnames.h"
#include "../lib/text.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct reader {
	struct netnames_ref *refs;
	int n, max;
};

static void add(struct reader *r, const char *name, size_t nlen, const char *mac, size_t mlen, int line)
{
	if (r->n >= r->max || (!nlen && !mlen) || nlen >= sizeof r->refs[0].name || (mlen && mlen != 17))
		return;
	struct netnames_ref *f = &r->refs[r->n];
	memset(f, 0, sizeof *f);
	memcpy(f->name, name, nlen);
	for (size_t i = 0; i < mlen; i++)
		f->mac[i] = (char)tolower((unsigned char)mac[i]);
	// a name with quotes, spaces or a NUL is not an interface name, nor a MAC with anything but hex
	// digits and colons: not one of ours to judge
	if (strlen(f->name) != nlen || strpbrk(f->name, "\"' \t") ||
	    (mlen && strspn(f->mac, "0123456789abcdef:") != 17))
		return;
	f->line = line;
	r->n++;
}

/* The next line: [*s, *e) without its newline; returns 0 at the end. */
static int next_line(const char **p, const char *end, const char **s, const char **e)
{
	if (*p >= end)
		return 0;
	*s = *p;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	*e = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	return 1;
}

/* Past the blanks, all those word() stops at ('\f', '\v', '\r' too: a loop of words must move on). */
static const char *skip_space(const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	return s;
}

static size_t word(const char *s, const char *e)
{
	size_t n = 0;
	while (s + n < e && !isspace((unsigned char)s[n]))
		n++;
	return n;
}

static void ifupdown(struct reader *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *s, *e;

	for (int line = 1; next_line(&p, end, &s, &e); line++) {
		s = skip_space(s, e);
		size_t n = word(s, e);
		int names = (n == 4 && strncmp(s, "auto", 4) == 0) || (n > 6 && strncmp(s, "allow-", 6) == 0);
		int iface = n == 5 && strncmp(s, "iface", 5) == 0;
		if (!names && !iface)
			continue;
		for (s = skip_space(s + n, e); s < e; s = skip_space(s + n, e)) {
			n = word(s, e);
			// "ens2:1" is an alias of ens2; "ens2.100" a VLAN on it
			size_t base = 0;
			while (base < n && s[base] != ':' && s[base] != '.')
				base++;
			if (!(base == 2 && strncmp(s, "lo", 2) == 0))
				add(r, s, base, NULL, 0, line);
			if (iface)
				break;	/* then "inet dhcp" */
		}
	}
}

/* KEY=VALUE lines (networkd's [Match], NetworkManager's keyfiles, ifcfg). */
static void keyvals(struct reader *r, const char *text, size_t len, const char *namekey, const char *mackey,
		    const char *section)
{
	const char *p = text, *end = text + len, *s, *e;
	int in = section == NULL;

	for (int line = 1; next_line(&p, end, &s, &e); line++) {
		s = skip_space(s, e);
		while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (s < e && *s == '[') {
			in = section && (size_t)(e - s) == strlen(section) && strncasecmp(s, section, (size_t)(e - s)) == 0;
			continue;
		}
		if (!in || s == e || *s == '#' || *s == ';')
			continue;
		const char *eq = memchr(s, '=', (size_t)(e - s));
		if (!eq)
			continue;
		const char *k_end = eq;
		while (k_end > s && (k_end[-1] == ' ' || k_end[-1] == '\t'))
			k_end--;
		const char *v = skip_space(eq + 1, e);
		// ifcfg quotes its values
		if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v)
			v++, e--;
		size_t klen = (size_t)(k_end - s);
		int is_name = klen == strlen(namekey) && strncasecmp(s, namekey, klen) == 0;
		int is_mac = klen == strlen(mackey) && strncasecmp(s, mackey, klen) == 0;
		if (!is_name && !is_mac)
			continue;
		// networkd: several space-separated names or MACs on one line
		for (const char *w = v; w < e; w = skip_space(w + word(w, e), e)) {
			size_t n = word(w, e);
			if (is_name)
				add(r, w, n, NULL, 0, line);
			else
				add(r, "", 0, w, n, line);
			if (!section)
				break;
		}
	}
}

static size_t indent(const char *s, const char *e)
{
	return (size_t)(skip_space(s, e) - s);
}

/* netplan: the keys under "ethernets:", and match:/set-name: inside each. */
static void netplan(struct reader *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *s, *e;
	size_t eth_indent = 0, key_indent = 0;
	int in_eth = 0;

	for (int line = 1; next_line(&p, end, &s, &e); line++) {
		const char *t = skip_space(s, e);
		size_t ind = indent(s, e);
		if (t == e || *t == '#')
			continue;
		size_t n = 0;
		while (t + n < e && t[n] != ':')
			n++;
		if (t + n == e)
			continue;	/* not a key */
		const char *v = skip_space(t + n + 1, e);
		const char *ve = e;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\r'))
			ve--;
		if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v)
			v++, ve--;
		if (n == 9 && strncmp(t, "ethernets", 9) == 0) {
			in_eth = 1, eth_indent = ind, key_indent = 0;
			continue;
		}
		if (in_eth && ind <= eth_indent) {
			in_eth = 0;
			continue;
		}
		if (!in_eth)
			continue;
		if (!key_indent || ind == key_indent) {
			key_indent = ind;
			add(r, t, n, NULL, 0, line);	/* the interface's key: its name unless match: says otherwise */
		} else if ((n == 4 && strncmp(t, "name", 4) == 0) || (n == 8 && strncmp(t, "set-name", 8) == 0)) {
			add(r, v, (size_t)(ve - v), NULL, 0, line);
		} else if (n == 10 && strncmp(t, "macaddress", 10) == 0) {
			add(r, "", 0, v, (size_t)(ve - v), line);
		}
	}
}

int netnames_read(enum netnames_format fmt, const char *text, size_t len, struct netnames_ref *refs, int max)
{
	struct reader r = { refs, 0, max };

	switch (fmt) {
	case NETNAMES_IFUPDOWN:
		ifupdown(&r, text, len);
		break;
	case NETNAMES_NETWORKD:
		keyvals(&r, text, len, "Name", "MACAddress", "[Match]");
		break;
	case NETNAMES_NM:
		keyvals(&r, text, len, "interface-name", "mac-address", "[connection]");
		keyvals(&r, text, len, "interface-name", "mac-address", "[ethernet]");
		break;
	case NETNAMES_IFCFG:
		keyvals(&r, text, len, "DEVICE", "HWADDR", NULL);
		break;
	case NETNAMES_NETPLAN:
		netplan(&r, text, len);
		break;
	}
	return r.n;
}

int netnames_match(const struct netnames_ref *ref, const char *ifname, const char *mac)
{
	if (ref->mac[0])
		return mac && strcasecmp(ref->mac, mac) == 0;
	// networkd's "!name" negates
	if (ref->name[0] == '!')
		return fnmatch(ref->name + 1, ifname, 0) != 0;
	return fnmatch(ref->name, ifname, 0) == 0;
}
