/* iptables-save rules walked for one port. */
#include "fwcheck.h"

#include <stdlib.h>
#include <string.h>

#define CHAIN_DEPTH 8		/* jumps followed; deeper ones are passed over */
#define RULES_MAX 4096		/* rules looked at per walk, whatever the jumps */

struct rules {
	const char *text;
	size_t len;
	size_t filter, filter_end;	/* the *filter table's bytes */
	int port, budget;
};

/* The words of one line, at most max, each NUL-free span [w[i], w[i]+l[i]). */
static int words(const char *s, const char *e, const char **w, size_t *l, int max)
{
	int n = 0;
	while (s < e && n < max) {
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		if (s == e)
			break;
		w[n] = s;
		while (s < e && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		l[n] = (size_t)(s - w[n]);
		n++;
	}
	return n;
}

static int is(const char *w, size_t l, const char *lit)
{
	return l == strlen(lit) && memcmp(w, lit, l) == 0;
}

/* "22", "1:1024", "22,80,1000:2000" (multiport) covers port? */
static int ports_cover(const char *w, size_t l, int port)
{
	char buf[128];
	if (l == 0 || l >= sizeof buf)
		return 0;
	memcpy(buf, w, l);
	buf[l] = '\0';
	for (char *p = buf; p && *p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p)
			a = 0;	/* ":1024" */
		if (*end == ':')
			b = end[1] ? strtol(end + 1, NULL, 10) : 65535;
		if (port >= a && port <= b)
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

enum verdict { PASS, ACCEPT, BLOCK, RETURN };

static enum verdict chain(struct rules *r, const char *name, size_t nlen, int depth, int *line);

/* One "-A CHAIN …" rule: does it take every new TCP packet to the port, and where to? */
static enum verdict rule(struct rules *r, const char **w, const size_t *l, int n, int depth, int *line, int lineno)
{
	int tcp_ok = 1, port_ok = 1, negated = 0;
	const char *target = NULL;
	size_t tlen = 0;

	for (int i = 2; i < n; i++) {
		if (is(w[i], l[i], "!")) {
			negated = 1;
			continue;
		}
		if ((is(w[i], l[i], "-p") || is(w[i], l[i], "--protocol")) && i + 1 < n) {
			i++;
			tcp_ok = (is(w[i], l[i], "tcp") || is(w[i], l[i], "6") || is(w[i], l[i], "all")) != negated;
		} else if ((is(w[i], l[i], "--dport") || is(w[i], l[i], "--destination-port") ||
			    is(w[i], l[i], "--dports") || is(w[i], l[i], "--destination-ports") || is(w[i], l[i], "--ports")) &&
			   i + 1 < n) {
			i++;
			port_ok = ports_cover(w[i], l[i], r->port) != negated;
		} else if ((is(w[i], l[i], "-j") || is(w[i], l[i], "--jump") || is(w[i], l[i], "-g") ||
			    is(w[i], l[i], "--goto")) && i + 1 < n) {
			i++;
			target = w[i], tlen = l[i];
		} else if (is(w[i], l[i], "-m") || is(w[i], l[i], "--match")) {
			i++;	/* the module's own options are judged as they come */
		} else if (is(w[i], l[i], "-s") || is(w[i], l[i], "--source") || is(w[i], l[i], "-i") ||
			   is(w[i], l[i], "--in-interface") || is(w[i], l[i], "--ctstate") || is(w[i], l[i], "--state") ||
			   is(w[i], l[i], "--sport") || is(w[i], l[i], "--source-port") || is(w[i], l[i], "--tcp-flags") ||
			   is(w[i], l[i], "--syn") || is(w[i], l[i], "--src-range") || is(w[i], l[i], "--mac-source") ||
			   is(w[i], l[i], "--uid-owner") || is(w[i], l[i], "--limit") || is(w[i], l[i], "--string") ||
			   is(w[i], l[i], "--set") || is(w[i], l[i], "--rcheck") || is(w[i], l[i], "--update")) {
			return PASS;	/* only some packets: not this rule to decide */
		}
		negated = 0;
	}
	if (!tcp_ok || !port_ok || !target)
		return PASS;
	if (is(target, tlen, "ACCEPT"))
		return ACCEPT;
	if (is(target, tlen, "DROP") || is(target, tlen, "REJECT")) {
		*line = lineno;
		return BLOCK;
	}
	if (is(target, tlen, "RETURN"))
		return RETURN;
	if (depth + 1 < CHAIN_DEPTH) {
		enum verdict v = chain(r, target, tlen, depth + 1, line);
		if (v == BLOCK && !*line)
			*line = lineno;
		return v;
	}
	return PASS;
}

/* The rules of one chain in order; PASS when none decided (the caller goes on). */
static enum verdict chain(struct rules *r, const char *name, size_t nlen, int depth, int *line)
{
	const char *p = r->text + r->filter, *end = r->text + r->filter_end;
	int lineno = 1;

	for (const char *q = r->text; q < p; q++)
		lineno += *q == '\n';
	for (; p < end; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		const char *w[64];
		size_t l[64];
		int n = words(p, e, w, l, 64);
		p = nl ? nl + 1 : end;
		if (n < 3 || !is(w[0], l[0], "-A") || l[1] != nlen || memcmp(w[1], name, nlen) != 0)
			continue;
		if (--r->budget < 0)
			return PASS;
		enum verdict v = rule(r, w, l, n, depth, line, lineno);
		if (v == ACCEPT || v == BLOCK)
			return v;
		if (v == RETURN)
			return PASS;	/* the caller goes on; from INPUT, its policy decides */
	}
	return PASS;
}

int fwcheck_iptables(const char *text, size_t len, int port, int *line)
{
	struct rules r = { text, len, 0, 0, port, RULES_MAX };
	const char *p = text, *end = text + len;
	int lineno = 1, policy_line = 0, policy_drop = 0, in_filter = 0;

	*line = 0;
	// the filter table: "*filter" … "COMMIT"
	for (; p < end; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		if (n >= 7 && memcmp(p, "*filter", 7) == 0) {
			in_filter = 1;
			r.filter = (size_t)((nl ? nl + 1 : end) - text);
		} else if (in_filter && n >= 6 && memcmp(p, "COMMIT", 6) == 0) {
			r.filter_end = (size_t)(p - text);
			break;
		} else if (in_filter && n > 7 && memcmp(p, ":INPUT ", 7) == 0) {
			policy_drop = (n >= 11 && memcmp(p + 7, "DROP", 4) == 0) || (n >= 13 && memcmp(p + 7, "REJECT", 6) == 0);
			policy_line = lineno;
		}
		p = nl ? nl + 1 : end;
	}
	if (!in_filter)
		return FWCHECK_ALLOWS;
	if (!r.filter_end)
		r.filter_end = len;
	int l = 0;
	enum verdict v = chain(&r, "INPUT", 5, 0, &l);
	if (v == BLOCK) {
		*line = l;
		return FWCHECK_BLOCKS;
	}
	if (v == PASS && policy_drop) {
		*line = policy_line;
		return FWCHECK_BLOCKS;
	}
	return FWCHECK_ALLOWS;
}
