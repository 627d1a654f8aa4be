/* Firewall boot links and rule files: each editor finds its insertion points line by line and copies around them. */
#include "fwrules.h"

#include <stdio.h>
#include <string.h>

static const char *const units[] = {
	"firewalld.service", "ufw.service", "nftables.service", "netfilter-persistent.service",
	"iptables.service", "ip6tables.service", NULL,
};
static const char *const products[] = {
	"firewalld", "ufw", "nftables", "iptables-persistent", "iptables-services", "iptables-services",
};
// from the units' [Install] Alias=, which `systemctl disable` removes with the unit
static const char *const aliases[][2] = {
	{ "dbus-org.fedoraproject.FirewallD1.service", "firewalld.service" },
};

struct out {
	char *p;
	size_t n, size;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	// keep a byte for the closing NUL
	if (o->full || n >= o->size - o->n) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static long done(struct out *o)
{
	if (o->full)
		return FWRULES_NOROOM;
	o->p[o->n] = '\0';
	return (long)o->n;
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

static int word_char(char c)
{
	// not NUL, which strchr finds in any set
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr("-_./:", c));
}

/* The end of the line at pos: its '\n', or len. */
static size_t eol(const char *t, size_t len, size_t pos)
{
	const char *nl = memchr(t + pos, '\n', len - pos);
	return nl ? (size_t)(nl - t) : len;
}

static size_t skip_blank(const char *t, size_t pos, size_t end)
{
	while (pos < end && blank(t[pos]))
		pos++;
	return pos;
}

/* How many bytes from pos match pat, where a blank of pat matches a run of
 * blanks and a final word must end there; 0 when they do not. */
static size_t match(const char *t, size_t pos, size_t end, const char *pat)
{
	size_t i = pos;
	const char *p = pat;

	for (; *p; p++) {
		if (*p == ' ') {
			if (i >= end || !blank(t[i]))
				return 0;
			i = skip_blank(t, i, end);
		} else if (i < end && t[i] == *p) {
			i++;
		} else {
			return 0;
		}
	}
	if (p > pat && word_char(p[-1]) && i < end && word_char(t[i]))
		return 0;
	return i - pos;
}

static int rest_blank(const char *t, size_t pos, size_t end)
{
	for (; pos < end; pos++)
		if (!blank(t[pos]) && t[pos] != '\r')
			return 0;
	return 1;
}

/* The line from pos to end is pat, blanks around it aside. */
static int line_is(const char *t, size_t pos, size_t end, const char *pat)
{
	size_t s = skip_blank(t, pos, end), m = match(t, s, end, pat);

	return m && rest_blank(t, s + m, end);
}

static int bad_port(int port)
{
	return port < 1 || port > 65535;
}

const char *fwrules_why(long rc)
{
	switch (rc) {
	case FWRULES_NOROOM:
		return "the edited file would not fit";
	case FWRULES_NOPLACE:
		return "the file has no place for the rule (no complete filter table, input chain, "
		       "### RULES ### section or </zone>)";
	case FWRULES_BADPORT:
		return "the port is not in 1..65535";
	}
	return rc < 0 ? "failed" : "no error";
}

const char *const *fwrules_units(void)
{
	return units;
}

const char *fwrules_unit_product(const char *unit)
{
	for (size_t i = 0; units[i]; i++)
		if (strcmp(units[i], unit) == 0)
			return products[i];
	return NULL;
}

static int names(const char *unit, const char *name)
{
	if (strcmp(name, unit) == 0)
		return 1;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i][0], name) == 0 && strcmp(aliases[i][1], unit) == 0)
			return 1;
	return 0;
}

int fwrules_unit_link(const char *unit, const char *link_dir_entry, const char *link_target)
{
	const char *base = strrchr(link_target, '/');

	base = base ? base + 1 : link_target;
	// a mask keeps the unit from starting already; removing it would undo that
	if (strcmp(link_target, "/dev/null") == 0)
		return 0;
	if (unit)
		return names(unit, link_dir_entry) || names(unit, base);
	for (size_t i = 0; units[i]; i++)
		if (names(units[i], link_dir_entry) || names(units[i], base))
			return 1;
	return 0;
}

long fwrules_ufw_conf_disable(const char *text, size_t len, char *out, size_t size)
{
	struct out o = { out, 0, size, size == 0 };
	size_t pos = 0, copied = 0;

	while (pos < len) {
		size_t end = eol(text, len, pos), s = skip_blank(text, pos, end), m = match(text, s, end, "ENABLED=");
		pos = end + 1;
		if (!m)
			continue;
		// ufw's boot script sources the file: the value may be quoted, and "#" starts a comment
		size_t v = s + m, a;
		char q = v < end && (text[v] == '"' || text[v] == '\'') ? text[v] : 0;
		v += q != 0;
		if (v + 3 > end || (text[v] | 0x20) != 'y' || (text[v + 1] | 0x20) != 'e' || (text[v + 2] | 0x20) != 's')
			continue;
		a = v + 3;
		if (q && (a >= end || text[a++] != q))
			continue;
		if (a < end && !blank(text[a]) && text[a] != '#' && text[a] != ';' && text[a] != '\r')
			continue;
		put(&o, text + copied, v - copied);
		put(&o, "no", 2);
		copied = v + 3;
	}
	if (!copied)
		return 0;
	put(&o, text + copied, len - copied);
	return done(&o);
}

static int word_is(const char *w, size_t wl, const char *s)
{
	return wl == strlen(s) && memcmp(w, s, wl) == 0;
}

/* The rule from s to end is "-A INPUT" with exactly "tcp to port, accept" as options. */
static int ipt_ours(const char *t, size_t s, size_t end, const char *port)
{
	const char *w[16];
	size_t wl[16];
	int n = 0, have = 0;

	while ((s = skip_blank(t, s, end)) < end && t[s] != '\r') {
		size_t b = s;
		while (s < end && !blank(t[s]) && t[s] != '\r')
			s++;
		if (n == 16)
			return 0;
		w[n] = t + b;
		wl[n++] = s - b;
	}
	if (n < 2 || n % 2 || !word_is(w[0], wl[0], "-A") || !word_is(w[1], wl[1], "INPUT"))
		return 0;
	for (int i = 2; i < n; i += 2) {
		const char *o = w[i], *v = w[i + 1];
		size_t ol = wl[i], vl = wl[i + 1];
		if ((word_is(o, ol, "-p") || word_is(o, ol, "--protocol")) && word_is(v, vl, "tcp"))
			have |= 1;
		else if ((word_is(o, ol, "--dport") || word_is(o, ol, "--destination-port")) && word_is(v, vl, port))
			have |= 2;
		else if ((word_is(o, ol, "-j") || word_is(o, ol, "--jump")) && word_is(v, vl, "ACCEPT"))
			have |= 4;
		else if (!((word_is(o, ol, "-m") || word_is(o, ol, "--match")) && word_is(v, vl, "tcp")))
			return 0;
	}
	return have == 7;
}

long fwrules_iptables_allow(const char *text, size_t len, int port, char *out, size_t size)
{
	struct out o = { out, 0, size, size == 0 };
	char p[8], rule[64];
	size_t pos = 0, at = len + 1;
	int filter = 0, found = 0;

	if (bad_port(port))
		return FWRULES_BADPORT;
	snprintf(p, sizeof p, "%d", port);
	int rl = snprintf(rule, sizeof rule, "-A INPUT -p tcp -m tcp --dport %d -j ACCEPT\n", port);
	while (pos < len) {
		size_t end = eol(text, len, pos), s = skip_blank(text, pos, end);
		if (s < end && text[s] == '*') {
			filter = match(text, s, end, "*filter") != 0;
			found |= filter;
		} else if (filter && match(text, s, end, "COMMIT")) {
			if (at > len)
				at = pos;
			break;
		} else if (filter && s < end && text[s] == '-') {
			// before the table's first command, after its chain declarations
			if (at > len)
				at = pos;
			if (match(text, s, end, "-A INPUT") || match(text, s, end, "-I INPUT")) {
				if (ipt_ours(text, s, end, p))
					return 0;
				break;
			}
		}
		pos = end + 1;
	}
	if (found && at > len)
		return FWRULES_NOPLACE;
	if (found) {
		put(&o, text, at);
		put(&o, rule, (size_t)rl);
		put(&o, text + at, len - at);
		return done(&o);
	}
	static const char head[] = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
	put(&o, text, len);
	if (len && text[len - 1] != '\n')
		put(&o, "\n", 1);
	put(&o, head, sizeof head - 1);
	put(&o, rule, (size_t)rl);
	put(&o, "COMMIT\n", 7);
	return done(&o);
}

/* Just past the nft statement at pos: after its ';', or at a comment, '}' or the line's end. */
static size_t nft_stmt_end(const char *t, size_t pos, size_t end)
{
	while (pos < end && t[pos] != ';' && t[pos] != '#' && t[pos] != '}')
		pos++;
	return pos < end && t[pos] == ';' ? pos + 1 : pos;
}

long fwrules_nft_allow(const char *text, size_t len, int port, char *out, size_t size)
{
	struct out o = { out, 0, size, size == 0 };
	char rule[64];
	size_t pos = 0, copied = 0;
	int arp = 0, chains = 0, added = 0;

	if (bad_port(port))
		return FWRULES_BADPORT;
	size_t rl = (size_t)snprintf(rule, sizeof rule, "tcp dport %d accept comment \"lifeboat\"", port);
	while (pos < len) {
		size_t ls = pos, end = eol(text, len, pos), s = skip_blank(text, pos, end), h = 0, m;
		pos = end + 1;
		if (s < end && text[s] == '#')
			continue;
		// an arp table has input hooks too, but no tcp: a rule there would fail the whole file
		if (match(text, s, end, "table "))
			arp = match(text, s, end, "table arp ") != 0;
		for (size_t i = s; i < end && text[i] != '#'; i++)
			if ((i == s || !word_char(text[i - 1])) && (m = match(text, i, end, "type filter hook input"))) {
				h = i + m;
				break;
			}
		if (!h || arp)
			continue;
		chains++;
		size_t p = nft_stmt_end(text, h, end), q = skip_blank(text, p, end);
		if (match(text, q, end, "policy")) {
			p = nft_stmt_end(text, q, end);
			q = skip_blank(text, p, end);
		}
		if (q < end && text[q] != '#' && text[q] != '\r') {
			// the chain goes on on this line: ours becomes its next statement
			if (q + rl < end && memcmp(text + q, rule, rl) == 0 && text[q + rl] == ';')
				continue;
			int sep = text[p - 1] != ';';
			put(&o, text + copied, p - copied);
			put(&o, sep ? "; " : " ", sep ? 2 : 1);
			put(&o, rule, rl);
			put(&o, ";", 1);
			copied = p;
			added++;
			continue;
		}
		if (end < len && line_is(text, pos, eol(text, len, pos), rule))
			continue;
		// a line of its own below, indented as the hook's line
		put(&o, text + copied, end - copied);
		put(&o, "\n", 1);
		put(&o, text + ls, s - ls);
		put(&o, rule, rl);
		copied = end;
		added++;
	}
	if (!chains)
		return FWRULES_NOPLACE;
	if (!added)
		return 0;
	put(&o, text + copied, len - copied);
	return done(&o);
}

static int xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Where s is found at or after pos, or len. */
static size_t find(const char *t, size_t pos, size_t len, const char *s)
{
	size_t sl = strlen(s);

	for (; pos + sl <= len; pos++)
		if (memcmp(t + pos, s, sl) == 0)
			return pos;
	return len;
}

/* The tag from '<' at a to its '>' at e is named name. */
static int tag_is(const char *t, size_t a, size_t e, const char *name)
{
	size_t nl = strlen(name);

	return a + 1 + nl <= e && memcmp(t + a + 1, name, nl) == 0 &&
	       (xml_space(t[a + 1 + nl]) || t[a + 1 + nl] == '/' || t[a + 1 + nl] == '>');
}

/* The value of attribute name of the tag from a to e, as *v and its length; 0 when absent. */
static int attr(const char *t, size_t a, size_t e, const char *name, const char **v, size_t *vl)
{
	size_t nl = strlen(name);

	for (size_t i = a + 1; i + nl < e; i++) {
		if (!xml_space(t[i - 1]) || memcmp(t + i, name, nl) != 0)
			continue;
		size_t j = i + nl;
		while (j < e && xml_space(t[j]))
			j++;
		if (j >= e || t[j++] != '=')
			continue;
		while (j < e && xml_space(t[j]))
			j++;
		if (j >= e || (t[j] != '"' && t[j] != '\''))
			continue;
		const char *q = memchr(t + j + 1, t[j], e - j - 1);
		if (!q)
			return 0;
		*v = t + j + 1;
		*vl = (size_t)(q - *v);
		return 1;
	}
	return 0;
}

/* A firewalld port value, "N" or "N-M", covers port. */
static int port_in(const char *v, size_t vl, int port)
{
	long lo = 0, hi = -1, *n = &lo;

	for (size_t i = 0; i < vl; i++) {
		if (v[i] == '-' && n == &lo && i > 0) {
			n = &hi;
			hi = 0;
		} else if (v[i] >= '0' && v[i] <= '9' && *n < 100000) {
			*n = *n * 10 + (v[i] - '0');
		} else {
			return 0;
		}
	}
	if (hi < 0)
		hi = lo;
	return vl && lo <= port && port <= hi;
}

long fwrules_firewalld_zone_allow(const char *xml, size_t len, int port, char *out, size_t size)
{
	struct out o = { out, 0, size, size == 0 };
	size_t i = 0, close = len;
	char el[64];

	if (bad_port(port))
		return FWRULES_BADPORT;
	while (i < len) {
		const char *lt = memchr(xml + i, '<', len - i), *v;
		size_t vl;
		if (!lt)
			break;
		size_t a = (size_t)(lt - xml);
		if (a + 4 <= len && memcmp(xml + a, "<!--", 4) == 0) {
			i = find(xml, a + 4, len, "-->") + 3;
			continue;
		}
		const char *gt = memchr(xml + a, '>', len - a);
		if (!gt)
			break;
		size_t e = (size_t)(gt - xml);
		i = e + 1;
		// a rich rule's service or port is for some sources only: not the zone's
		if (tag_is(xml, a, e, "rule") && xml[e - 1] != '/')
			i = find(xml, e, len, "</rule>");
		else if (tag_is(xml, a, e, "service") && port == 22 && attr(xml, a, e, "name", &v, &vl) &&
			 vl == 3 && memcmp(v, "ssh", 3) == 0)
			return 0;
		else if (tag_is(xml, a, e, "port") && attr(xml, a, e, "protocol", &v, &vl) && vl == 3 &&
			 memcmp(v, "tcp", 3) == 0 && attr(xml, a, e, "port", &v, &vl) && port_in(v, vl, port))
			return 0;
		else if (tag_is(xml, a, e, "/zone"))
			close = a;
	}
	if (close == len)
		return FWRULES_NOPLACE;
	size_t el_len = (size_t)(port == 22 ? snprintf(el, sizeof el, "<service name=\"ssh\"/>")
					    : snprintf(el, sizeof el, "<port protocol=\"tcp\" port=\"%d\"/>", port));
	size_t ls = close;
	while (ls > 0 && blank(xml[ls - 1]))
		ls--;
	if (ls == 0 || xml[ls - 1] == '\n') {
		// on a line of its own, indented as firewalld writes its zones
		put(&o, xml, ls);
		put(&o, "  ", 2);
		put(&o, el, el_len);
		put(&o, "\n", 1);
		put(&o, xml + ls, len - ls);
	} else {
		put(&o, xml, close);
		put(&o, el, el_len);
		put(&o, xml + close, len - close);
	}
	return done(&o);
}

int fwrules_firewalld_default_zone(const char *conf, size_t len, char *zone, size_t size)
{
	const char *v = "public";
	size_t vl = 6, pos = 0;

	while (pos < len) {
		size_t end = eol(conf, len, pos), s = skip_blank(conf, pos, end), m = match(conf, s, end, "DefaultZone");
		pos = end + 1;
		if (!m || (s = skip_blank(conf, s + m, end)) >= end || conf[s] != '=')
			continue;
		s = skip_blank(conf, s + 1, end);
		while (end > s && (blank(conf[end - 1]) || conf[end - 1] == '\r'))
			end--;
		// firewalld falls back to its default zone when the value is empty; a later line wins
		if (end > s) {
			v = conf + s;
			vl = end - s;
		}
	}
	// the name becomes a file name under zones/: nothing that leaves that directory
	if (v[0] == '.' || vl + 1 > size)
		return -1;
	for (size_t i = 0; i < vl; i++)
		if (!word_char(v[i]) || v[i] == '/' || v[i] == ':')
			return -1;
	memcpy(zone, v, vl);
	zone[vl] = '\0';
	return 0;
}

long fwrules_ufw_allow(const char *text, size_t len, int port, int v6, char *out, size_t size)
{
	struct out o = { out, 0, size, size == 0 };
	const char *any = v6 ? "::/0" : "0.0.0.0/0";
	char tuple[96], rule[64];
	size_t pos = 0, at = 0;
	int in = 0, closed = 0, others = 0;

	if (bad_port(port))
		return FWRULES_BADPORT;
	snprintf(tuple, sizeof tuple, "### tuple ### allow tcp %d %s any %s in", port, any, any);
	snprintf(rule, sizeof rule, "-A %s-user-input -p tcp --dport %d -j ACCEPT", v6 ? "ufw6" : "ufw", port);
	while (pos < len && !closed) {
		size_t end = eol(text, len, pos), s = skip_blank(text, pos, end), m;
		pos = end + 1;
		if (!in) {
			in = line_is(text, s, end, "### RULES ###");
			at = end < len ? pos : len;
			continue;
		}
		closed = line_is(text, s, end, "### END RULES ###");
		if (closed || others || !(m = match(text, s, end, "### tuple ###")))
			continue;
		// ours counts when it comes before any tuple that might deny (route rules are for forwarding)
		size_t act = skip_blank(text, s + m, end);
		if ((m = match(text, s, end, tuple)) && end < len &&
		    (rest_blank(text, s + m, end) || match(text, skip_blank(text, s + m, end), end, "comment=")) &&
		    line_is(text, pos, eol(text, len, pos), rule))
			return 0;
		others = !(act + 5 <= end && memcmp(text + act, "allow", 5) == 0) &&
			 !(act + 6 <= end && memcmp(text + act, "route:", 6) == 0);
	}
	// the file ufw's package ships has no END RULES line: ufw writes one when it first saves a rule
	if (!in)
		return FWRULES_NOPLACE;
	// each rule as ufw writes it: a blank line, the tuple, the iptables line
	put(&o, text, at);
	put(&o, at == len && text[len - 1] != '\n' ? "\n\n" : "\n", at == len && text[len - 1] != '\n' ? 2 : 1);
	put(&o, tuple, strlen(tuple));
	put(&o, "\n", 1);
	put(&o, rule, strlen(rule));
	put(&o, "\n", 1);
	put(&o, text + at, len - at);
	return done(&o);
}
