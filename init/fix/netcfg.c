/* Network configuration of a guest: its NIC's predicted name, ifupdown edits, whole files for other stacks. */
#include "netcfg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char CUT[] = "# lifeboat: ";
static const char WROTE[] = "# Written by lifeboat fix network\n";

// Output that stops at size - 1 bytes, always NUL-terminated, and remembers running out.
struct buf {
	char *p;
	size_t size, len;
	int full;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->full || b->len + n >= b->size) {
		b->full = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void putf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room = b->size - b->len;
	int n = -1;

	va_start(ap, fmt);
	if (!b->full && room > 0)
		n = vsnprintf(b->p + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		b->full = 1;
		if (room > 0)
			b->p[b->len] = '\0';
		return;
	}
	b->len += (size_t)n;
}

static long done(const struct buf *b)
{
	return b->full ? -1 : (long)b->len;
}

static int weq(const char *w, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(w, s, n) == 0;
}

static int ieq(const char *w, size_t n, const char *s)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((w[i] | 0x20) != (s[i] | 0x20))
			return 0;
	return 1;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t netcfg_word(const char *t, size_t end, size_t *p, size_t *w)
{
	size_t i = *p;

	while (i < end && (blank(t[i]) || (t[i] == '\\' && i + 1 < end && t[i + 1] == '\n')))
		i++;
	*w = i;
	while (i < end && !blank(t[i]) && !(t[i] == '\\' && i + 1 < end && t[i + 1] == '\n'))
		i++;
	*p = i;
	return i - *w;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

// Dotted quad, no leading zeros (what inet_pton accepts). Returns 0 or -1.
static int parse_v4(const char *s, unsigned char a[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0, n = 0;
		if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			return -1;
		for (; *s >= '0' && *s <= '9' && n < 4; s++, n++)
			v = v * 10 + (unsigned)(*s - '0');
		if (n == 0 || n > 3 || v > 255)
			return -1;
		a[i] = (unsigned char)v;
		if (i < 3 && *s++ != '.')
			return -1;
	}
	return *s ? -1 : 0;
}

static int parse_v6(const char *s, unsigned char a[16])
{
	unsigned g[8];
	int n = 0, gap = -1;

	if (s[0] == ':' && *++s != ':')
		return -1;
	while (*s) {
		if (*s == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			s++;
			continue;
		}
		if (strchr(s, '.') && !strchr(s, ':')) {
			unsigned char q[4];
			if (n > 6 || parse_v4(s, q) < 0)
				return -1;
			g[n++] = (unsigned)q[0] << 8 | q[1];
			g[n++] = (unsigned)q[2] << 8 | q[3];
			break;
		}
		unsigned v = 0;
		int d = 0;
		for (; hexval(*s) >= 0 && d < 5; s++, d++)
			v = v << 4 | (unsigned)hexval(*s);
		if (d == 0 || d > 4 || n == 8)
			return -1;
		g[n++] = v;
		if (*s && (*s++ != ':' || !*s))
			return -1;
	}
	if (gap < 0 ? n != 8 : n == 8)
		return -1;
	int z = 8 - n;
	for (int i = 0, o = 0; i < n; i++) {
		if (i == gap)
			for (; z > 0; z--, o++)
				a[2 * o] = a[2 * o + 1] = 0;
		a[2 * o] = (unsigned char)(g[i] >> 8);
		a[2 * o + 1] = (unsigned char)g[i];
		o++;
	}
	for (int o = 8 - z; z > 0; z--, o++)
		a[2 * o] = a[2 * o + 1] = 0;
	return 0;
}

// An IPv4 or IPv6 literal: returns its length in bytes, 4 or 16, or 0 when s is neither.
static int parse_ip(const char *s, unsigned char a[16])
{
	if (parse_v4(s, a) == 0)
		return 4;
	return strchr(s, ':') && parse_v6(s, a) == 0 ? 16 : 0;
}

// Whether a and b agree in their first bits bits.
static int same_net(const unsigned char *a, const unsigned char *b, int bits)
{
	int i = 0;
	for (; bits >= 8; bits -= 8, i++)
		if (a[i] != b[i])
			return 0;
	return bits == 0 || ((a[i] ^ b[i]) & (0xff00 >> bits)) == 0;
}

// Whether the bits after the first bits of a are all v (0 or 1).
static int host_bits(const unsigned char *a, int n, int bits, int v)
{
	for (int i = bits; i < n * 8; i++)
		if ((a[i / 8] >> (7 - i % 8) & 1) != v)
			return 0;
	return 1;
}

// 1 to 15 bytes, terminated within max, of a set safe in every file format and shell.
static int ifname_ok(const char *s, size_t max)
{
	size_t n = 0;
	for (; n < max && s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
		      s[n] == '-' || s[n] == '_' || s[n] == '.'))
			return 0;
	return n > 0 && n < 16 && n < max && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static int mac_ok(const char *m)
{
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? m[i] != ':' : !((m[i] >= '0' && m[i] <= '9') || (m[i] >= 'a' && m[i] <= 'f')))
			return 0;
	return m[17] == '\0';
}

static const char *problem(const struct netcfg_nic *n)
{
	const char *f[] = { n->ifname, n->mac, n->addr, n->gateway, n->dns[0], n->dns[1] };
	const size_t fs[] = { sizeof n->ifname, sizeof n->mac, sizeof n->addr, sizeof n->gateway, sizeof n->dns[0],
			      sizeof n->dns[1] };
	unsigned char a[16], g[16], d[16];

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (!memchr(f[i], '\0', fs[i]))
			return "a field is not NUL-terminated";
		for (const char *c = f[i]; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '"' || *c == '\'' || *c == '\\')
				return "a field holds a control byte, a quote or a backslash";
	}
	if (!ifname_ok(n->ifname, sizeof n->ifname))
		return "the interface name is not 1 to 15 letters, digits, '-', '_' or '.'";
	if (!mac_ok(n->mac))
		return "the MAC address is not six lower-case hex pairs like 52:54:00:12:34:56";
	if (n->dhcp == 1)
		return NULL;
	if (n->dhcp != 0)
		return "dhcp is neither 1 nor 0";
	int al = parse_ip(n->addr, a);
	if (!al)
		return "the address is not an IPv4 or IPv6 literal";
	if (n->prefix < 1 || n->prefix > al * 8)
		return "the prefix length is out of range for the address";
	if (al == 4 ? a[0] == 0 || a[0] == 127 || a[0] >= 224 : a[0] == 0xff || (host_bits(a, 15, 0, 0) && a[15] <= 1))
		return "the address is not a unicast host address";
	if (al == 4 && n->prefix <= 30 && (host_bits(a, 4, n->prefix, 0) || host_bits(a, 4, n->prefix, 1)))
		return "the address is the network or broadcast address of its prefix";
	if (n->gateway[0]) {
		if (parse_ip(n->gateway, g) != al)
			return "the gateway is not an address of the address's family";
		if (memcmp(a, g, (size_t)al) == 0)
			return "the gateway is the address itself";
		// Written configurations add no on-link route, so the gateway must be reachable as it is.
		if (!(al == 16 && g[0] == 0xfe && (g[1] & 0xc0) == 0x80) && !same_net(a, g, n->prefix))
			return "the gateway is outside the address's prefix";
	}
	for (int i = 0; i < 2; i++)
		if (n->dns[i][0] && !parse_ip(n->dns[i], d))
			return "a DNS server is not an IPv4 or IPv6 literal";
	return NULL;
}

int netcfg_static_valid(const struct netcfg_nic *nic, const char **why)
{
	const char *w = problem(nic);
	if (why)
		*why = w;
	return w ? -1 : 0;
}

static int is_v6(const struct netcfg_nic *n)
{
	return strchr(n->addr, ':') != NULL;
}

static int copy_name(const char *s, char *out, size_t size, int src)
{
	size_t n = strlen(s);
	if (n >= size)
		return -1;
	memcpy(out, s, n + 1);
	return src;
}

int netcfg_predict_ifname(const struct netcfg_pred_in *in, char *out, size_t size)
{
	if (in->predictable && in->pci) {
		char port[24] = "", fn[16] = "", dom[16] = "", c[3][96] = { "", "", "" };
		// ARI devices have up to 256 functions: the 5 slot bits extend the function number.
		unsigned func = in->func + (in->ari ? in->slot * 8 : 0);
		if (memchr(in->phys_port_name, '\0', sizeof in->phys_port_name) && in->phys_port_name[0])
			snprintf(port, sizeof port, "n%s", in->phys_port_name);
		else if (in->dev_port > 0)
			snprintf(port, sizeof port, "d%lu", in->dev_port);
		if (func > 0 || in->multifunction)
			snprintf(fn, sizeof fn, "f%u", func);
		if (in->domain > 0)
			snprintf(dom, sizeof dom, "P%u", in->domain);
		if (in->onboard >= 0 && in->onboard <= 65535)
			snprintf(c[0], sizeof c[0], "eno%ld%s", in->onboard, port);
		// A slot found on a bridge is shared by everything behind it: v251-v254 use it for multi-function devices only.
		if (in->hotplug_slot > 0 && (!in->slot_on_bridge || in->multifunction))
			snprintf(c[1], sizeof c[1], "en%ss%u%s%s", dom, in->hotplug_slot, fn, port);
		snprintf(c[2], sizeof c[2], "en%sp%us%u%s%s", dom, in->bus, in->slot, fn, port);
		// udev skips a policy whose name is no valid interface name (too long, mostly).
		for (int i = 0; i < 3; i++)
			if (ifname_ok(c[i], sizeof c[i]))
				return copy_name(c[i], out, size, NETCFG_NAME_ONBOARD + i);
	}
	if (!ifname_ok(in->kernel_name, sizeof in->kernel_name))
		return -1;
	return copy_name(in->kernel_name, out, size, NETCFG_NAME_KERNEL);
}

// The end of the line at pos, with the lines a trailing backslash joins to it.
static size_t logical_end(const char *t, size_t len, size_t pos)
{
	for (;;) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		if (!nl)
			return len;
		size_t e = (size_t)(nl - t) + 1;
		if (nl == t + pos || nl[-1] != '\\' || e == len)
			return e;
		pos = e;
	}
}

static void cut(struct buf *b, const char *t, size_t pos, size_t end)
{
	while (pos < end) {
		const char *nl = memchr(t + pos, '\n', end - pos);
		size_t e = nl ? (size_t)(nl - t) + 1 : end;
		put(b, CUT, sizeof CUT - 1);
		put(b, t + pos, e - pos);
		pos = e;
	}
}

static int names_kw(const char *w, size_t n)
{
	return weq(w, n, "auto") || (n > 6 && memcmp(w, "allow-", 6) == 0) || weq(w, n, "no-auto-down") ||
	       weq(w, n, "no-scripts") || weq(w, n, "rename");
}

// An "auto a b c" line, lo kept, the rest cut. Returns 1 when it changed.
static int names_line(struct buf *b, const char *t, size_t pos, size_t end)
{
	size_t p = pos, k, w, n;
	size_t kl = netcfg_word(t, end, &p, &k);
	int lo = 0, other = 0;

	while ((n = netcfg_word(t, end, &p, &w)) > 0)
		weq(t + w, n, "lo") ? lo++ : other++;
	if (!other) {
		put(b, t + pos, end - pos);
		return 0;
	}
	cut(b, t, pos, end);
	if (!lo)
		return 1;
	if (t[end - 1] != '\n')
		put(b, "\n", 1);
	put(b, t + pos, k + kl - pos);
	while (lo--)
		put(b, " lo", 3);
	put(b, "\n", 1);
	return 1;
}

static void ifupdown_stanza(struct buf *b, const struct netcfg_nic *n)
{
	putf(b, "# Added by lifeboat fix network for %s\nallow-hotplug %s\n", n->mac, n->ifname);
	if (n->dhcp) {
		putf(b, "iface %s inet dhcp\niface %s inet6 auto\n", n->ifname, n->ifname);
		return;
	}
	putf(b, "iface %s %s static\n\taddress %s/%d\n", n->ifname, is_v6(n) ? "inet6" : "inet", n->addr, n->prefix);
	if (n->gateway[0])
		putf(b, "\tgateway %s\n", n->gateway);
	if (n->dns[0][0] || n->dns[1][0])
		putf(b, "\tdns-nameservers%s%s%s%s\n", n->dns[0][0] ? " " : "", n->dns[0], n->dns[1][0] ? " " : "",
		     n->dns[1]);
}

long netcfg_ifupdown(const char *t, size_t len, const struct netcfg_nic *nic, int append, char *out, size_t size)
{
	char want[1024];
	struct buf w = { want, sizeof want, 0, 0 }, b = { out, size, 0, 0 };
	int drop = 0, changed = 0, have = 0;

	if (append) {
		if (problem(nic))
			return -1;
		ifupdown_stanza(&w, nic);
		if (w.full)
			return -1;
	}
	if (size > 0)
		out[0] = '\0';
	for (size_t pos = 0, end; pos < len; pos = end) {
		end = logical_end(t, len, pos);
		if (append && !have && len - pos >= w.len && memcmp(t + pos, want, w.len) == 0) {
			// The stanza is there: keep it, and cut options someone added to it.
			put(&b, want, w.len);
			end = pos + w.len;
			have = drop = 1;
			continue;
		}
		size_t p = pos, k, nw;
		size_t kl = netcfg_word(t, end, &p, &k);
		if (kl == 0 || t[k] == '#') {
			put(&b, t + pos, end - pos);
			continue;
		}
		if (weq(t + k, kl, "iface")) {
			size_t n = netcfg_word(t, end, &p, &nw);
			drop = !weq(t + nw, n, "lo");
		} else if (weq(t + k, kl, "mapping")) {
			drop = 1;
		} else if (names_kw(t + k, kl)) {
			// Leaves the state alone, as the line reads the same whether cut or not on the next run.
			changed |= names_line(&b, t, pos, end);
			continue;
		} else if (kl >= 6 && memcmp(t + k, "source", 6) == 0) {
			drop = 0;
		}
		// Anything else is an option line of the stanza above it.
		if (drop) {
			cut(&b, t, pos, end);
			changed = 1;
		} else {
			put(&b, t + pos, end - pos);
		}
	}
	if (append && !have) {
		if (b.len > 0 && out[b.len - 1] != '\n')
			put(&b, "\n", 1);
		if (b.len > 0 && !(b.len >= 2 && out[b.len - 2] == '\n'))
			put(&b, "\n", 1);
		put(&b, want, w.len);
		changed = 1;
	}
	return changed ? done(&b) : 0;
}

long netcfg_netplan(const struct netcfg_nic *n, char *out, size_t size)
{
	struct buf b = { out, size, 0, 0 };

	if (problem(n))
		return -1;
	put(&b, WROTE, sizeof WROTE - 1);
	putf(&b, "network:\n  version: 2\n  ethernets:\n    lifeboat0:\n      match:\n        macaddress: \"%s\"\n"
		 "      set-name: \"%s\"\n", n->mac, n->ifname);
	if (n->dhcp) {
		putf(&b, "      dhcp4: true\n      dhcp6: true\n");
		return done(&b);
	}
	putf(&b, "      addresses:\n        - \"%s/%d\"\n", n->addr, n->prefix);
	if (n->gateway[0])
		putf(&b, "      routes:\n        - to: default\n          via: \"%s\"\n", n->gateway);
	if (n->dns[0][0] || n->dns[1][0])
		putf(&b, "      nameservers:\n        addresses:\n");
	for (int i = 0; i < 2; i++)
		if (n->dns[i][0])
			putf(&b, "          - \"%s\"\n", n->dns[i]);
	return done(&b);
}

long netcfg_networkd(const struct netcfg_nic *n, char *out, size_t size)
{
	struct buf b = { out, size, 0, 0 };

	if (problem(n))
		return -1;
	put(&b, WROTE, sizeof WROTE - 1);
	putf(&b, "[Match]\nMACAddress=%s\nType=ether\n\n[Network]\n", n->mac);
	if (n->dhcp) {
		putf(&b, "DHCP=yes\n");
		return done(&b);
	}
	putf(&b, "Address=%s/%d\n", n->addr, n->prefix);
	if (n->gateway[0])
		putf(&b, "Gateway=%s\n", n->gateway);
	for (int i = 0; i < 2; i++)
		if (n->dns[i][0])
			putf(&b, "DNS=%s\n", n->dns[i]);
	return done(&b);
}

// FNV-1a, so the same MAC always gives the same connection uuid.
static unsigned long long fnv(const char *s, unsigned long long h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

long netcfg_nmconnection(const struct netcfg_nic *n, char *out, size_t size)
{
	struct buf b = { out, size, 0, 0 };
	unsigned char u[16];

	if (problem(n))
		return -1;
	unsigned long long h1 = fnv(n->mac, 0xcbf29ce484222325ULL), h2 = fnv(n->mac, h1);
	for (int i = 0; i < 8; i++) {
		u[i] = (unsigned char)(h1 >> (8 * i));
		u[8 + i] = (unsigned char)(h2 >> (8 * i));
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	put(&b, WROTE, sizeof WROTE - 1);
	putf(&b, "[connection]\nid=lifeboat\nuuid=");
	for (int i = 0; i < 16; i++)
		putf(&b, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
	putf(&b, "\ntype=ethernet\nautoconnect-priority=100\n\n[ethernet]\nmac-address=%s\n\n", n->mac);
	if (n->dhcp) {
		putf(&b, "[ipv4]\nmethod=auto\n\n[ipv6]\nmethod=auto\n");
		return done(&b);
	}
	int v6 = is_v6(n);
	if (v6)
		putf(&b, "[ipv4]\nmethod=disabled\n\n");
	putf(&b, "[ipv%c]\nmethod=manual\naddress1=%s/%d%s%s\n", v6 ? '6' : '4', n->addr, n->prefix,
	     n->gateway[0] ? "," : "", n->gateway);
	if (n->dns[0][0] || n->dns[1][0])
		putf(&b, "dns=%s%s%s%s\n", n->dns[0], n->dns[0][0] ? ";" : "", n->dns[1], n->dns[1][0] ? ";" : "");
	if (!v6)
		putf(&b, "\n[ipv6]\nmethod=ignore\n");
	return done(&b);
}

long netcfg_ifcfg(const struct netcfg_nic *n, char *out, size_t size)
{
	struct buf b = { out, size, 0, 0 };
	int k = 0;

	if (problem(n))
		return -1;
	put(&b, WROTE, sizeof WROTE - 1);
	putf(&b, "DEVICE=%s\nHWADDR=%s\nTYPE=Ethernet\nONBOOT=yes\n", n->ifname, n->mac);
	if (n->dhcp) {
		putf(&b, "BOOTPROTO=dhcp\nIPV6INIT=yes\nIPV6_AUTOCONF=yes\n");
		return done(&b);
	}
	putf(&b, "BOOTPROTO=none\n");
	if (is_v6(n)) {
		putf(&b, "IPV6INIT=yes\nIPV6_AUTOCONF=no\nIPV6ADDR=%s/%d\n", n->addr, n->prefix);
		if (n->gateway[0])
			putf(&b, "IPV6_DEFAULTGW=%s\n", n->gateway);
	} else {
		putf(&b, "IPADDR=%s\nPREFIX=%d\n", n->addr, n->prefix);
		if (n->gateway[0])
			putf(&b, "GATEWAY=%s\n", n->gateway);
	}
	for (int i = 0; i < 2; i++)
		if (n->dns[i][0])
			putf(&b, "DNS%d=%s\n", ++k, n->dns[i]);
	return done(&b);
}

// Reads "key = value" lines of an INI-like text, remembering the [section] they are in.
struct ini {
	const char *t;
	size_t len, pos;
	const char *sec;
	size_t secl;
};

static void trim(const char **s, size_t *n)
{
	while (*n && blank(**s))
		(*s)++, (*n)--;
	while (*n && blank((*s)[*n - 1]))
		(*n)--;
}

// The next key and value, blanks around them trimmed. Returns 0, or -1 at the end.
static int ini_next(struct ini *s, const char **k, size_t *kl, const char **v, size_t *vl)
{
	while (s->pos < s->len) {
		const char *l = s->t + s->pos, *nl = memchr(l, '\n', s->len - s->pos);
		size_t ll = nl ? (size_t)(nl - l) : s->len - s->pos;
		s->pos += ll + (nl != NULL);
		trim(&l, &ll);
		if (ll == 0 || l[0] == '#' || l[0] == ';')
			continue;
		const char *e = l[0] == '[' ? memchr(l, ']', ll) : NULL;
		if (e) {
			s->sec = l + 1;
			s->secl = (size_t)(e - l - 1);
			continue;
		}
		if (!(e = memchr(l, '=', ll)))
			continue;
		*k = l;
		*kl = (size_t)(e - l);
		*v = e + 1;
		*vl = ll - *kl - 1;
		trim(k, kl);
		trim(v, vl);
		return 0;
	}
	return -1;
}

static int in_sec(const struct ini *s, const char *name)
{
	return s->sec && weq(s->sec, s->secl, name);
}

int netcfg_networkd_is_ethernet(const char *text, size_t len)
{
	struct ini s = { text, len, 0, NULL, 0 };
	const char *k, *v;
	size_t kl, vl, p, w, n;
	// Every [Match] condition must hold: each is "not given" or "could hold for an ethernet NIC".
	int name = 1, type = 1, kind = 1, wifi = 0;

	while (ini_next(&s, &k, &kl, &v, &vl) == 0) {
		if (!in_sec(&s, "Match"))
			continue;
		int inverted = vl > 0 && v[0] == '!', any = 0;
		for (p = 0; (n = netcfg_word(v, vl, &p, &w)) > 0;)
			any |= weq(k, kl, "Name") ? memchr("e*?[", v[w], 4) != NULL : weq(v + w, n, "ether");
		if (weq(k, kl, "Name"))
			name = vl == 0 || inverted || any;
		else if (weq(k, kl, "Type"))
			type = vl == 0 || inverted || any;
		else if (weq(k, kl, "Kind"))
			kind = vl == 0 || inverted;
		else if (weq(k, kl, "WLANInterfaceType") || weq(k, kl, "SSID") || weq(k, kl, "BSSID"))
			wifi |= vl > 0;
	}
	return name && type && kind && !wifi;
}

int netcfg_nm_is_ethernet(const char *text, size_t len)
{
	struct ini s = { text, len, 0, NULL, 0 };
	const char *k, *v;
	size_t kl, vl;

	while (ini_next(&s, &k, &kl, &v, &vl) == 0)
		if (in_sec(&s, "connection") && weq(k, kl, "type"))
			return weq(v, vl, "ethernet") || weq(v, vl, "802-3-ethernet");
	return 0;
}

int netcfg_ifcfg_is_ethernet(const char *text, size_t len)
{
	static const char *const virt[] = { "lo", "br", "bond", "team", "vlan", "virbr", "docker", "wl", "ib" };
	struct ini s = { text, len, 0, NULL, 0 };
	const char *k, *v, *dev = "";
	size_t kl, vl, devl = 0;
	int type = -1, other = 0;

	while (ini_next(&s, &k, &kl, &v, &vl) == 0) {
		if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0])
			v++, vl -= 2;
		if (weq(k, kl, "DEVICE"))
			dev = v, devl = vl;
		else if (weq(k, kl, "TYPE"))
			type = ieq(v, vl, "Ethernet");
		else if (weq(k, kl, "BONDING_OPTS") || (weq(k, kl, "DEVICETYPE") && ieq(v, vl, "Team")) ||
			 ((weq(k, kl, "VLAN") || weq(k, kl, "BONDING_MASTER")) && ieq(v, vl, "yes")))
			other = 1;
	}
	if (weq(dev, devl, "lo"))
		return 0;
	if (type >= 0)
		return type;
	// initscripts infer a missing TYPE from the other keys and the device name.
	if (other || memchr(dev, '.', devl))
		return 0;
	for (size_t i = 0; i < sizeof virt / sizeof virt[0]; i++)
		if (devl >= strlen(virt[i]) && memcmp(dev, virt[i], strlen(virt[i])) == 0)
			return 0;
	return 1;
}

int netcfg_netplan_has_ethernets(const char *text, size_t len)
{
	size_t pos = 0, child = 0;
	int in_net = 0;

	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos, ind = 0;
		pos += ll + (nl != NULL);
		while (ind < ll && l[ind] == ' ')
			ind++;
		if (ind == ll || l[ind] == '#' || l[ind] == '\r')
			continue;
		const char *key = l + ind, *c = memchr(key, ':', ll - ind);
		size_t kl = c ? (size_t)(c - key) : 0;
		trim(&key, &kl);
		if (kl >= 2 && (key[0] == '"' || key[0] == '\'') && key[kl - 1] == key[0])
			key++, kl -= 2;
		if (ind == 0) {
			in_net = c && weq(key, kl, "network");
			child = 0;
			// Flow style, on that one line: network: {version: 2, ethernets: {...}}
			for (size_t i = in_net ? (size_t)(c - l) : ll; i + 10 <= ll; i++)
				if (memcmp(l + i, "ethernets:", 10) == 0)
					return 1;
			continue;
		}
		if (!in_net)
			continue;
		if (child == 0)
			child = ind;
		if (ind == child && c && weq(key, kl, "ethernets"))
			return 1;
	}
	return 0;
}
