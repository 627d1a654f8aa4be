/* Fuzz target: the guest's firewall files as fix firewall edits them to let SSH
 * in (fwrules_ufw_conf_disable, fwrules_iptables_allow, fwrules_nft_allow,
 * fwrules_firewalld_zone_allow, fwrules_ufw_allow, fwrules_firewalld_default_zone,
 * fwrules_unit_link). The files are the guest's, which whoever had root there may
 * have written. Input: one text, given to every editor (ports 22 and 8022), its
 * first line also as a boot link's name and its second as the link's target.
 * Properties, from the header: every byte of the file is kept and only the
 * editor's own insertion is made, where it belongs (iptables: one rule at a
 * line's start, or a filter table after the file; nft: a rule on the hook's
 * line or the next; firewalld: one element before </zone>; ufw: one tuple and
 * rule at a line's start; ufw.conf: "yes" made "no" after ENABLED=); a second
 * run changes nothing; out one byte short, or empty, is no room; a bad port is
 * refused. The default zone is a plain file name, terminated in its buffer. */
// sources: init/fix/fwrules.c
#include "fuzz.h"
#include "fix/fwrules.h"

enum kind { IPT, NFT, ZONE, UFW4, UFW6, UFWCONF };

static long run(enum kind k, const char *t, size_t len, int port, char *out, size_t size)
{
	switch (k) {
	case IPT:
		return fwrules_iptables_allow(t, len, port, out, size);
	case NFT:
		return fwrules_nft_allow(t, len, port, out, size);
	case ZONE:
		return fwrules_firewalld_zone_allow(t, len, port, out, size);
	case UFW4:
		return fwrules_ufw_allow(t, len, port, 0, out, size);
	case UFW6:
		return fwrules_ufw_allow(t, len, port, 1, out, size);
	case UFWCONF:
		return fwrules_ufw_conf_disable(t, len, out, size);
	}
	abort();
}

/* Matching out against in plus insertions: the strings an editor may insert. */
struct kept {
	enum kind k;
	const char *in, *out;
	size_t il, ol;
	char rule[160], tuple[160], el[64];
	size_t inserts;
	long budget;
};

static int at(const struct kept *m, size_t o, const char *s, size_t n)
{
	return o + n <= m->ol && memcmp(m->out + o, s, n) == 0;
}

static int line_start(const struct kept *m, size_t i)
{
	return i == 0 || m->in[i - 1] == '\n';
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The input's line around i holds the word w. */
static int line_has(const struct kept *m, size_t i, const char *w)
{
	size_t ls = i, le = i, wl = strlen(w);

	while (ls > 0 && m->in[ls - 1] != '\n')
		ls--;
	while (le < m->il && m->in[le] != '\n')
		le++;
	for (size_t p = ls; p + wl <= le; p++)
		if (memcmp(m->in + p, w, wl) == 0)
			return 1;
	return 0;
}

/* The lengths of out at o that the editor may have inserted before in[i], in len[]. */
static int insertions(const struct kept *m, size_t i, size_t o, size_t *len)
{
	int n = 0;
	size_t rl = strlen(m->rule);

	switch (m->k) {
	case IPT: {
		static const char head[] = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
		int nl = i == m->il && i > 0 && m->in[i - 1] != '\n';
		if (line_start(m, i) && i < m->il && at(m, o, m->rule, rl))
			len[n++] = rl;
		if (i == m->il && (!nl || at(m, o, "\n", 1)) && at(m, o + (size_t)nl, head, sizeof head - 1) &&
		    at(m, o + (size_t)nl + sizeof head - 1, m->rule, rl) &&
		    o + (size_t)nl + sizeof head - 1 + rl + 7 == m->ol && at(m, m->ol - 7, "COMMIT\n", 7))
			len[n++] = m->ol - o;
		break;
	}
	case NFT: {
		// on a line of its own after the hook's, indented as it: before the hook line's newline (or end)
		if (i == m->il || m->in[i] == '\n') {
			size_t ls = i, s;
			while (ls > 0 && m->in[ls - 1] != '\n')
				ls--;
			for (s = ls; s < i && blank(m->in[s]); s++)
				;
			if (at(m, o, "\n", 1) && at(m, o + 1, m->in + ls, s - ls) && at(m, o + 1 + s - ls, m->rule, rl))
				len[n++] = 1 + s - ls + rl;
		}
		// or on the hook's line itself: "; RULE;" or " RULE;"
		for (size_t p = 1; p <= 2; p++)
			if (at(m, o, p == 1 ? " " : "; ", p) && at(m, o + p, m->rule, rl) && at(m, o + p + rl, ";", 1))
				len[n++] = p + rl + 1;
		if (n && (!line_has(m, i, "hook") || !line_has(m, i, "input")))
			n = 0;
		break;
	}
	case ZONE: {
		size_t el = strlen(m->el), s = i;
		while (s < m->il && blank(m->in[s]))
			s++;
		if (line_start(m, i) && s + 6 <= m->il && memcmp(m->in + s, "</zone", 6) == 0 && at(m, o, "  ", 2) &&
		    at(m, o + 2, m->el, el) && at(m, o + 2 + el, "\n", 1))
			len[n++] = 2 + el + 1;
		if (i + 6 <= m->il && memcmp(m->in + i, "</zone", 6) == 0 && at(m, o, m->el, el))
			len[n++] = el;
		break;
	}
	case UFW4:
	case UFW6: {
		size_t tl = strlen(m->tuple);
		// after the RULES line, or after the file when that line is its last, without a newline
		for (size_t p = 1; p <= 2; p++)
			if ((p == 1 ? line_start(m, i) : i == m->il && !line_start(m, i)) && at(m, o, "\n\n", p) && at(m, o + p, m->tuple, tl) &&
			    at(m, o + p + tl, "\n", 1) && at(m, o + p + tl + 1, m->rule, rl) && at(m, o + p + tl + 1 + rl, "\n", 1))
				len[n++] = p + tl + 1 + rl + 1;
		break;
	}
	case UFWCONF:
		break;
	}
	return n;
}

/* 1 when out is in with insertions only, 0 when not, -1 when that took too long to tell. */
static int kept(struct kept *m, size_t i, size_t o, size_t depth)
{
	for (;;) {
		size_t len[4];
		int n = insertions(m, i, o, len);
		for (int c = 0; c < n; c++) {
			if (--m->budget < 0)
				return -1;
			int r = kept(m, i, o + len[c], depth + 1);
			if (r != 0)
				return r;
		}
		if (i == m->il && o == m->ol) {
			m->inserts = depth;
			return 1;
		}
		if (i < m->il && o < m->ol && m->in[i] == m->out[o]) {
			i++, o++;
			continue;
		}
		return 0;
	}
}

/* ufw.conf: out is in with some "yes" right after a line's ENABLED= (and a quote) made "no". */
static void disabled(const char *in, size_t il, const char *out, size_t ol)
{
	size_t i = 0, o = 0, n = 0;

	while (i < il || o < ol) {
		if (i < il && o < ol && in[i] == out[o]) {
			i++, o++;
			continue;
		}
		FUZZ_ASSERT(i + 3 <= il && (in[i] | 0x20) == 'y' && (in[i + 1] | 0x20) == 'e' && (in[i + 2] | 0x20) == 's' &&
			    o + 2 <= ol && memcmp(out + o, "no", 2) == 0, "ufw.conf: a change at %zu other than yes to no", i);
		size_t s = i - (i > 0 && (in[i - 1] == '"' || in[i - 1] == '\''));
		FUZZ_ASSERT(s >= 8 && memcmp(in + s - 8, "ENABLED=", 8) == 0, "ufw.conf: not after ENABLED=");
		for (s -= 8; s > 0 && in[s - 1] != '\n'; s--)
			FUZZ_ASSERT(blank(in[s - 1]), "ufw.conf: ENABLED= not first on its line");
		i += 3, o += 2, n++;
	}
	FUZZ_ASSERT(n > 0, "ufw.conf: changed nothing");
}

static void edit(enum kind k, const char *t, size_t len, int port)
{
	// every editor inserts far less than this, but nft once per hook line, indented as it
	size_t big = 2 * len + 64 * (len / 20 + 1) + 512;
	char *out = malloc(big), *again = malloc(big * 2);
	struct kept m = { .k = k, .in = t, .il = len, .out = out, .budget = 100000 };

	if (!out || !again)
		abort();
	long rc = run(k, t, len, port, out, big);
	FUZZ_ASSERT(rc >= 0 || (rc == FWRULES_NOPLACE && k != UFWCONF), "editor %d port %d: %ld in %zu bytes", k, port,
		    rc, big);
	FUZZ_ASSERT(rc >= 0 || strlen(fwrules_why(rc)) > 0, "no why for %ld", rc);
	if (rc <= 0)
		goto end;
	FUZZ_ASSERT(out[rc] == '\0' && (size_t)rc != len, "editor %d: NUL or length", k);
	m.ol = (size_t)rc;
	if (k == UFWCONF) {
		disabled(t, len, out, (size_t)rc);
	} else {
		int v6 = k == UFW6;
		if (k == IPT)
			snprintf(m.rule, sizeof m.rule, "-A INPUT -p tcp -m tcp --dport %d -j ACCEPT\n", port);
		else if (k == NFT)
			snprintf(m.rule, sizeof m.rule, "tcp dport %d accept comment \"lifeboat\"", port);
		else
			snprintf(m.rule, sizeof m.rule, "-A %s-user-input -p tcp --dport %d -j ACCEPT", v6 ? "ufw6" : "ufw",
				 port);
		snprintf(m.tuple, sizeof m.tuple, "### tuple ### allow tcp %d %s any %s in", port, v6 ? "::/0" : "0.0.0.0/0",
			 v6 ? "::/0" : "0.0.0.0/0");
		if (port == 22)
			snprintf(m.el, sizeof m.el, "<service name=\"ssh\"/>");
		else
			snprintf(m.el, sizeof m.el, "<port protocol=\"tcp\" port=\"%d\"/>", port);
		int r = kept(&m, 0, 0, 0);
		FUZZ_ASSERT(r != 0, "editor %d port %d: a byte changed, or an insertion out of place", k, port);
		FUZZ_ASSERT(r < 0 || m.inserts >= 1, "editor %d: nothing inserted", k);
		FUZZ_ASSERT(r < 0 || k == NFT || m.inserts == 1, "editor %d: %zu insertions", k, m.inserts);
	}
	// made once; room for the NUL; none at all
	long again_rc = run(k, out, (size_t)rc, port, again, big * 2);
	FUZZ_ASSERT(again_rc == 0, "editor %d port %d: a second run gives %ld", k, port, again_rc);
	FUZZ_ASSERT(run(k, t, len, port, again, (size_t)rc) == FWRULES_NOROOM, "editor %d: no room for the NUL", k);
	FUZZ_ASSERT(run(k, t, len, port, again, 0) == FWRULES_NOROOM, "editor %d: no room at all", k);
	FUZZ_ASSERT(run(k, t, len, port, again, (size_t)rc + 1) == rc && memcmp(again, out, (size_t)rc + 1) == 0,
		    "editor %d: just room", k);
end:
	free(out);
	free(again);
}

static void zone(const char *t, size_t len, size_t size)
{
	char *z = malloc(size);

	if (!z)
		abort();
	if (fwrules_firewalld_default_zone(t, len, z, size) == 0) {
		const char *nul = memchr(z, '\0', size);
		FUZZ_ASSERT(nul && nul > z && z[0] != '.' && !strchr(z, '/'), "zone %.*s", (int)size, z);
		for (const char *c = z; *c; c++)
			FUZZ_ASSERT((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
				    strchr("-_.", *c), "zone %s", z);
	}
	free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum kind kinds[] = { IPT, NFT, ZONE, UFW4, UFW6, UFWCONF };
	// the fuzzer's own buffer: a read past its end is seen
	const char *t = (const char *)data;
	char scratch[16];

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		edit(kinds[i], t, size, 22);
		if (kinds[i] != UFWCONF)
			edit(kinds[i], t, size, 8022);
		if (kinds[i] != UFWCONF)
			FUZZ_ASSERT(run(kinds[i], t, size, i % 2 ? 0 : 65536, scratch, sizeof scratch) == FWRULES_BADPORT,
				    "editor %d: a bad port", kinds[i]);
	}
	zone(t, size, 64);
	zone(t, size, 1 + size % 16);

	// a boot link named by the first line, pointing at the second
	const char *nl = memchr(t, '\n', size), *nl2 = nl ? memchr(nl + 1, '\n', size - (size_t)(nl + 1 - t)) : NULL;
	char *entry = fuzz_string(data, nl ? (size_t)(nl - t) : size);
	char *target = nl ? fuzz_string((const uint8_t *)nl + 1, nl2 ? (size_t)(nl2 - nl - 1) : size - (size_t)(nl + 1 - t))
			  : fuzz_string(data, 0);
	int any = fwrules_unit_link(NULL, entry, target), one = 0;
	for (const char *const *u = fwrules_units(); *u; u++) {
		int r = fwrules_unit_link(*u, entry, target);
		FUZZ_ASSERT(r == 0 || r == 1, "unit_link %d", r);
		one |= r;
		FUZZ_ASSERT(fwrules_unit_product(*u), "%s has no product", *u);
	}
	FUZZ_ASSERT(any == one, "any unit %d, one of them %d", any, one);
	FUZZ_ASSERT(!(any && strcmp(target, "/dev/null") == 0), "a mask removed");
	free(entry);
	free(target);
	return 0;
}
