/* Fuzz target: a guest's saved iptables rules (/etc/iptables/rules.v4, /etc/sysconfig/iptables),
 * which lifeboat diagnose reads as root to tell whether the firewall the guest starts at boot lets
 * SSH in (fwcheck_iptables). Whoever had root in the guest wrote them. The input: the file, in a
 * copy of exactly its length, asked about ports 22, 2222 and one from a hash of the input.
 * Properties: the answer is FWCHECK_ALLOWS with line 0 or FWCHECK_BLOCKS with the line that decided,
 * inside the filter table: the INPUT chain's DROP or REJECT policy, or a rule jumping to DROP or
 * REJECT; a comment line in front moves that line down by one and changes nothing else, and a COMMIT
 * at the end changes nothing. */
// sources: init/diag/fwcheck.c
#include "fuzz.h"
#include "diag/fwcheck.h"

/* The words of line number line (1-based) of text, at most max. */
static int line_words(const char *text, size_t len, int line, const char **w, size_t *l, int max)
{
	const char *p = text, *end = text + len;
	int n = 0;

	for (int k = 1; k < line && p < end; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
	while (p < e && n < max) {
		while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p == e)
			break;
		w[n] = p;
		while (p < e && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		l[n] = (size_t)(p - w[n]);
		n++;
	}
	return n;
}

static int is(const char *w, size_t l, const char *lit)
{
	return l == strlen(lit) && memcmp(w, lit, l) == 0;
}

static int lines(const char *text, size_t len)
{
	int n = 1;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

/* Is the line that blocked a DROP or REJECT policy of INPUT, or a rule jumping to one, after a *filter? */
static void check_block(const char *text, size_t len, int line)
{
	const char *w[64];
	size_t l[64];
	int filter = 0;

	FUZZ_ASSERT(line >= 1 && line <= lines(text, len), "line %d of %d", line, lines(text, len));
	const char *p = text, *end = text + len;
	for (int k = 1; k < line && p < end; k++) {
		filter |= (size_t)(end - p) >= 7 && memcmp(p, "*filter", 7) == 0;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	FUZZ_ASSERT(filter, "line %d is before the filter table", line);
	int n = line_words(text, len, line, w, l, 64);
	if (n >= 2 && is(w[0], l[0], ":INPUT")) {
		FUZZ_ASSERT((l[1] >= 4 && memcmp(w[1], "DROP", 4) == 0) || (l[1] >= 6 && memcmp(w[1], "REJECT", 6) == 0),
			    "line %d: INPUT's policy %.*s", line, (int)l[1], w[1]);
		return;
	}
	int target = 0;
	for (int i = 1; i + 1 < n; i++)
		target |= (is(w[i], l[i], "-j") || is(w[i], l[i], "--jump") || is(w[i], l[i], "-g") ||
			   is(w[i], l[i], "--goto")) && (is(w[i + 1], l[i + 1], "DROP") || is(w[i + 1], l[i + 1], "REJECT"));
	FUZZ_ASSERT(n >= 3 && is(w[0], l[0], "-A") && target, "line %d is no rule that drops", line);
}

static void check_port(const char *text, size_t len, int port)
{
	int line = -1, line2 = -1, line3 = -1;
	int r = fwcheck_iptables(text, len, port, &line);

	FUZZ_ASSERT(r == FWCHECK_ALLOWS || r == FWCHECK_BLOCKS, "fwcheck %d", r);
	if (r == FWCHECK_ALLOWS)
		FUZZ_ASSERT(line == 0, "allows, line %d", line);
	else
		check_block(text, len, line);

	// a comment in front
	char *more = malloc(len + 16);
	if (!more)
		abort();
	memcpy(more, "# lifeboat\n", 11);
	memcpy(more + 11, text, len);
	int r2 = fwcheck_iptables(more, len + 11, port, &line2);
	FUZZ_ASSERT(r2 == r && line2 == (line ? line + 1 : 0), "port %d: %d at line %d, with a comment in front %d at %d",
		    port, r, line, r2, line2);
	// a COMMIT at the end
	memcpy(more, text, len);
	memcpy(more + len, "\nCOMMIT\n", 8);
	int r3 = fwcheck_iptables(more, len + 8, port, &line3);
	FUZZ_ASSERT(r3 == r && line3 == line, "port %d: %d at line %d, with a COMMIT after %d at %d", port, r, line, r3,
		    line3);
	free(more);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	unsigned h = 2166136261u;

	if (!text)
		abort();
	memcpy(text, data, size);
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	check_port(text, size, 22);
	check_port(text, size, 2222);
	check_port(text, size, 1 + (int)(h % 65535));
	free(text);
	return 0;
}
