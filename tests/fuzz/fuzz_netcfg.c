/* Fuzz target: the guest's network configuration as fix network reads and
 * rewrites it (netcfg_ifupdown, netcfg_static_valid, netcfg_netplan,
 * netcfg_networkd, netcfg_nmconnection, netcfg_ifcfg and the four readers that
 * tell whether a file could configure an ethernet NIC). The files are the
 * guest's, which whoever had root there may have written; the NIC comes from
 * the operator and sysfs. Input: the NIC on the first line, as "ifname mac dhcp
 * addr prefix gateway dns dns" (a field as long as its array or longer is left
 * unterminated), then a text read as an interfaces file and as each reader's file.
 * Properties, from the header: the readers say 0 or 1, the same for the text
 * with CRLF line ends or a final newline added. ifupdown keeps every byte of the
 * text, but for "# lifeboat: " in front of cut lines, an "auto lo" line after a
 * cut auto line that named lo, and the NIC's stanza after the text (which is
 * what netcfg_ifupdown gives for an empty file); comments, blank lines and lo's
 * stanza are never cut; a continued line is cut whole; without append every
 * iface, mapping and auto/allow-* line naming a non-lo interface is cut, and 0
 * means there was none; a second run gives 0. A writer writes for a valid NIC
 * only, a whole file NUL-terminated at its length with no control byte but
 * newlines, which its own stack's reader takes for an ethernet configuration. */
// sources: init/fix/netcfg.c
#include "fuzz.h"
#include "fix/netcfg.h"

static const char CUT[] = "# lifeboat: ";
#define CUTLEN (sizeof CUT - 1)

/* A field of the NIC line: copied into its array, NUL-terminated only if it fits. */
static void field(const char **p, const char *end, char *f, size_t size)
{
	const char *s = *p, *e = memchr(s, ' ', (size_t)(end - s));

	if (!e)
		e = end;
	memset(f, 0, size);
	memcpy(f, s, (size_t)(e - s) < size ? (size_t)(e - s) : size);
	*p = e < end ? e + 1 : end;
}

/* A number of the NIC line: an optional '-' and up to 9 digits, anything else 0. */
static int number(const char **p, const char *end)
{
	char buf[16];
	int v = 0, neg;

	field(p, end, buf, sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	neg = buf[0] == '-';
	for (const char *c = buf + neg; *c >= '0' && *c <= '9' && c < buf + neg + 9; c++)
		v = v * 10 + (*c - '0');
	return neg ? -v : v;
}

static void nic_of(const char *l, size_t ll, struct netcfg_nic *n)
{
	const char *p = l, *end = l + ll;

	field(&p, end, n->ifname, sizeof n->ifname);
	field(&p, end, n->mac, sizeof n->mac);
	n->dhcp = number(&p, end);
	field(&p, end, n->addr, sizeof n->addr);
	n->prefix = number(&p, end);
	field(&p, end, n->gateway, sizeof n->gateway);
	field(&p, end, n->dns[0], sizeof n->dns[0]);
	field(&p, end, n->dns[1], sizeof n->dns[1]);
}

static int is(const char *t, size_t w, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(t + w, s, n) == 0;
}

/* The end of the logical line at pos: a line ending in a backslash goes on on the next. */
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

/* What the header says becomes of a logical line: 1 must be cut (without append), -1 must stay, 0 either. */
static int verdict(const char *t, size_t pos, size_t end)
{
	size_t p = pos, k, w, n, kl = netcfg_word(t, end, &p, &k);

	if (kl == 0 || t[k] == '#')
		return -1;
	if (is(t, k, kl, "iface")) {
		n = netcfg_word(t, end, &p, &w);
		return is(t, w, n, "lo") ? -1 : 1;
	}
	if (is(t, k, kl, "mapping"))
		return 1;
	if (is(t, k, kl, "auto") || (kl > 6 && memcmp(t + k, "allow-", 6) == 0)) {
		while ((n = netcfg_word(t, end, &p, &w)) > 0)
			if (!is(t, w, n, "lo"))
				return 1;
		return -1;
	}
	return 0;
}

/* Matching the edited text against the text plus what ifupdown may insert. */
struct kept {
	const char *in, *out, *stanza;
	size_t il, ol, sl;
	unsigned char *cut;	/* per input byte: a cut was inserted before it */
	long budget;
};

static int at(const struct kept *m, size_t o, const char *s, size_t n)
{
	return o + n <= m->ol && memcmp(m->out + o, s, n) == 0;
}

/* The line of out ending at o (its newline at o - 1) was cut. */
static int after_cut(const struct kept *m, size_t o)
{
	size_t s = o - 1;

	if (o == 0 || m->out[o - 1] != '\n')
		return 0;
	while (s > 0 && m->out[s - 1] != '\n')
		s--;
	return at(m, s, CUT, CUTLEN);
}

enum { INS_CUT, INS_LO, INS_STANZA };

/* The lengths (and kinds) of out at o that the editor may have inserted before in[i]. */
static int insertions(const struct kept *m, size_t i, size_t o, size_t *len, int *kind)
{
	int n = 0, start = i == 0 || m->in[i - 1] == '\n';

	if (start && i < m->il && at(m, o, CUT, CUTLEN)) {
		kind[n] = INS_CUT;
		len[n++] = CUTLEN;
	}
	// after a cut auto line that named lo: that line up to its first word, " lo"s, a newline
	// (and a newline before, when the cut line was the text's last and had none)
	size_t nl = i == m->il && !start && at(m, o, "\n", 1);
	if ((start || nl) && i > 0 && after_cut(m, o + nl)) {
		size_t ls = i - 1, p, k, kl, q = o + nl, lo = 0;
		while (ls > 0 && !(m->in[ls - 1] == '\n' && !(ls >= 2 && m->in[ls - 2] == '\\')))
			ls--;
		p = ls;
		kl = netcfg_word(m->in, i, &p, &k);
		if (kl && at(m, q, m->in + ls, k + kl - ls)) {
			for (q += k + kl - ls; at(m, q, " lo", 3); q += 3)
				lo++;
			if (lo && at(m, q, "\n", 1)) {
				kind[n] = INS_LO;
				len[n++] = q + 1 - o;
			}
		}
	}
	// the stanza after the text, which then ends in a blank line
	size_t before = m->ol - m->sl;
	if (i == m->il && m->sl && m->ol >= o + m->sl && before <= o + 2 && at(m, before, m->stanza, m->sl) &&
	    at(m, o, "\n\n", before - o) && (before == 0 || (before >= 2 && at(m, before - 2, "\n\n", 2)))) {
		kind[n] = INS_STANZA;
		len[n++] = m->ol - o;
	}
	return n;
}

static int kept(struct kept *m, size_t i, size_t o)
{
	for (;;) {
		size_t len[3];
		int kind[3], n = insertions(m, i, o, len, kind);
		for (int c = 0; c < n; c++) {
			if (--m->budget < 0)
				return -1;
			int r = kept(m, i, o + len[c]);
			if (r == 1 && kind[c] == INS_CUT)
				m->cut[i] = 1;
			if (r != 0)
				return r;
		}
		if (i == m->il && o == m->ol)
			return 1;
		if (i < m->il && o < m->ol && m->in[i] == m->out[o]) {
			i++, o++;
			continue;
		}
		return 0;
	}
}

static void ifupdown(const char *t, size_t len, const struct netcfg_nic *nic, int append)
{
	size_t lines = 1, big;
	for (size_t i = 0; i < len; i++)
		lines += t[i] == '\n';
	big = 2 * len + (CUTLEN + 2) * lines + 2048;
	char *out = malloc(big), *again = malloc(big + (CUTLEN + 2) * lines + 2048), stanza[2048];
	struct kept m = { .in = t, .il = len, .out = out, .stanza = stanza, .budget = 100000 };
	if (!out || !again)
		abort();
	m.cut = calloc(len + 1, 1);
	if (!m.cut)
		abort();

	int valid = netcfg_static_valid(nic, NULL) == 0;
	long rc = netcfg_ifupdown(t, len, nic, append, out, big);
	FUZZ_ASSERT(rc >= 0 || (append && !valid), "rc %ld, append %d, valid %d", rc, append, valid);
	FUZZ_ASSERT(rc != -1 || !append || !valid, "refused a valid NIC");
	if (rc <= 0) {
		// nothing to change: nothing the header cuts
		for (size_t pos = 0, end; rc == 0 && !append && pos < len; pos = end) {
			end = logical_end(t, len, pos);
			FUZZ_ASSERT(verdict(t, pos, end) != 1, "left alone: %.*s", (int)(end - pos), t + pos);
		}
		goto end;
	}
	FUZZ_ASSERT(out[rc] == '\0', "not NUL-terminated");
	if (append) {
		long sl = netcfg_ifupdown("", 0, nic, 1, stanza, sizeof stanza);
		FUZZ_ASSERT(sl > 0, "no stanza for an empty file");
		m.sl = (size_t)sl;
	}
	m.ol = (size_t)rc;
	int r = kept(&m, 0, 0);
	FUZZ_ASSERT(r != 0, "append %d: a byte changed, or an insertion out of place", append);
	if (r == 1) {
		for (size_t pos = 0, end; pos < len; pos = end) {
			end = logical_end(t, len, pos);
			int v = verdict(t, pos, end);
			FUZZ_ASSERT(v != -1 || !m.cut[pos], "cut: %.*s", (int)(end - pos), t + pos);
			FUZZ_ASSERT(v != 1 || append || m.cut[pos], "not cut: %.*s", (int)(end - pos), t + pos);
			// a continued line is cut whole
			for (size_t p = pos; p < end; p++)
				if (p > pos && t[p - 1] == '\n')
					FUZZ_ASSERT(m.cut[p] == m.cut[pos], "half cut: %.*s", (int)(end - pos), t + pos);
		}
	}
	FUZZ_ASSERT(netcfg_ifupdown(out, (size_t)rc, nic, append, again, big + (CUTLEN + 2) * lines + 2048) == 0,
		    "append %d: a second run changes it", append);
	FUZZ_ASSERT(netcfg_ifupdown(t, len, nic, append, again, (size_t)rc) == -1, "no room for the NUL");
	FUZZ_ASSERT(netcfg_ifupdown(t, len, nic, append, again, (size_t)rc + 1) == rc &&
		    memcmp(again, out, (size_t)rc + 1) == 0, "just room");
end:
	free(out);
	free(again);
	free(m.cut);
}

static void writers(const struct netcfg_nic *nic)
{
	static long (*const gen[])(const struct netcfg_nic *, char *, size_t) = {
		netcfg_netplan, netcfg_networkd, netcfg_nmconnection, netcfg_ifcfg,
	};
	static int (*const reader[])(const char *, size_t) = {
		netcfg_netplan_has_ethernets, netcfg_networkd_is_ethernet, netcfg_nm_is_ethernet, netcfg_ifcfg_is_ethernet,
	};
	char out[2048], again[2048];
	int valid = netcfg_static_valid(nic, NULL) == 0;

	for (size_t i = 0; i < sizeof gen / sizeof gen[0]; i++) {
		long rc = gen[i](nic, out, sizeof out);
		FUZZ_ASSERT((rc > 0) == valid && (rc > 0 || rc == -1), "writer %zu: %ld, valid %d", i, rc, valid);
		if (rc <= 0)
			continue;
		FUZZ_ASSERT(out[rc] == '\0' && strlen(out) == (size_t)rc && out[rc - 1] == '\n', "writer %zu: length", i);
		for (long c = 0; c < rc; c++)
			FUZZ_ASSERT(out[c] == '\n' || ((unsigned char)out[c] >= 0x20 && out[c] != 0x7f),
				    "writer %zu: a control byte", i);
		// "lo" is no ethernet NIC to an ifcfg reader, whatever TYPE says
		FUZZ_ASSERT(reader[i](out, (size_t)rc) == 1 || (i == 3 && strcmp(nic->ifname, "lo") == 0),
			    "writer %zu: its reader sees no ethernet: %s", i, out);
		FUZZ_ASSERT(gen[i](nic, again, (size_t)rc) == -1, "writer %zu: no room for the NUL", i);
		FUZZ_ASSERT(gen[i](nic, again, (size_t)rc + 1) == rc && strcmp(again, out) == 0, "writer %zu: just room", i);
	}
}

/* The text with CRLF line ends (a '\n' already after '\r' left alone), in a new buffer. */
static char *crlf(const char *t, size_t len, size_t *nlen)
{
	char *c = malloc(2 * len + 1);
	size_t o = 0;

	if (!c)
		abort();
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '\n' && (i == 0 || t[i - 1] != '\r'))
			c[o++] = '\r';
		c[o++] = t[i];
	}
	*nlen = o;
	return c;
}

static void readers(const char *t, size_t len)
{
	static int (*const reader[])(const char *, size_t) = {
		netcfg_netplan_has_ethernets, netcfg_networkd_is_ethernet, netcfg_nm_is_ethernet, netcfg_ifcfg_is_ethernet,
	};
	size_t cl;
	char *c = crlf(t, len, &cl), *nl = malloc(len + 1);

	if (!nl)
		abort();
	memcpy(nl, t, len);
	nl[len] = '\n';
	for (size_t i = 0; i < sizeof reader / sizeof reader[0]; i++) {
		int r = reader[i](t, len);
		FUZZ_ASSERT(r == 0 || r == 1, "reader %zu: %d", i, r);
		FUZZ_ASSERT(reader[i](c, cl) == r, "reader %zu: CRLF reads otherwise", i);
		FUZZ_ASSERT(reader[i](nl, len + 1) == r, "reader %zu: a final newline reads otherwise", i);
	}
	free(c);
	free(nl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data, *nl = memchr(d, '\n', size);
	size_t ll = nl ? (size_t)(nl - d) : size;
	// the text is the rest of the fuzzer's buffer, so that a read past its end is seen
	const char *t = d + ll + (nl != NULL);
	size_t len = size - ll - (nl != NULL);
	struct netcfg_nic nic;

	nic_of(d, ll, &nic);
	readers(t, len);
	writers(&nic);
	ifupdown(t, len, &nic, 0);
	ifupdown(t, len, &nic, 1);
	return 0;
}
