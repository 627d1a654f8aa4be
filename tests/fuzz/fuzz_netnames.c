/* Fuzz target: a guest's network configuration files (ifupdown's interfaces, systemd-networkd's
 * .network, netplan's YAML, NetworkManager's keyfiles, ifcfg), which lifeboat diagnose reads as root
 * to tell whether they name a NIC this machine has (netnames_read, netnames_match). Whoever had root
 * in the guest wrote them. The input: a byte choosing the format, then the file, in a copy of exactly
 * its length. Properties: at most max references, a smaller max giving the same first ones; each
 * names something (a name or a MAC), a name terminated in its buffer with no quote or blank, a MAC
 * 17 bytes of lower-case hex and colons; lines are 1 to the file's line count, in order for the
 * one-pass formats; a MAC matches itself in either case, a plain name matches itself. */
// sources: init/diag/netnames.c
#include "fuzz.h"
#include "diag/netnames.h"

static int lines(const char *text, size_t len)
{
	int n = 1;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	return n;
}

static void check_ref(const struct netnames_ref *r, int nlines)
{
	FUZZ_ASSERT(memchr(r->name, '\0', sizeof r->name) && memchr(r->mac, '\0', sizeof r->mac), "unterminated");
	FUZZ_ASSERT(r->name[0] || r->mac[0], "a reference to nothing at line %d", r->line);
	FUZZ_ASSERT(!strpbrk(r->name, "\"' \t"), "name \"%s\"", r->name);
	FUZZ_ASSERT(!r->mac[0] || (strlen(r->mac) == 17 && strspn(r->mac, "0123456789abcdef:") == 17), "mac \"%s\"",
		    r->mac);
	FUZZ_ASSERT(r->line >= 1 && r->line <= nlines, "line %d of %d", r->line, nlines);
	if (r->mac[0]) {
		char upper[18];
		for (size_t i = 0; i < sizeof upper; i++)
			upper[i] = (char)(r->mac[i] >= 'a' && r->mac[i] <= 'f' ? r->mac[i] - 32 : r->mac[i]);
		FUZZ_ASSERT(netnames_match(r, "eth0", r->mac) && netnames_match(r, "eth0", upper), "mac %s", r->mac);
		FUZZ_ASSERT(!netnames_match(r, "eth0", NULL), "mac %s matches none", r->mac);
	} else if (!strpbrk(r->name, "*?[]\\!")) {
		FUZZ_ASSERT(netnames_match(r, r->name, NULL), "name %s does not match itself", r->name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netnames_ref refs[NETNAMES_MAX], few[NETNAMES_MAX];

	if (size < 1)
		return 0;
	enum netnames_format fmt = (enum netnames_format)(data[0] % 5);
	size_t len = size - 1;
	char *text = malloc(len ? len : 1);
	if (!text)
		abort();
	memcpy(text, data + 1, len);

	memset(refs, 0x5a, sizeof refs);
	int n = netnames_read(fmt, text, len, refs, NETNAMES_MAX);
	int nlines = lines(text, len);
	FUZZ_ASSERT(n >= 0 && n <= NETNAMES_MAX, "%d references", n);
	for (int i = 0; i < n; i++) {
		check_ref(&refs[i], nlines);
		// NetworkManager's keyfiles are read once per section
		FUZZ_ASSERT(fmt == NETNAMES_NM || !i || refs[i - 1].line <= refs[i].line, "line %d after %d", refs[i].line,
			    refs[i - 1].line);
	}
	if (n > 1) {
		int k = 1 + (int)(len % (size_t)(n - 1));
		memset(few, 0xa5, sizeof few);
		int m = netnames_read(fmt, text, len, few, k);
		FUZZ_ASSERT(m == k, "max %d gives %d of %d", k, m, n);
		for (int i = 0; i < m; i++)
			FUZZ_ASSERT(strcmp(few[i].name, refs[i].name) == 0 && strcmp(few[i].mac, refs[i].mac) == 0 &&
				    few[i].line == refs[i].line, "reference %d differs with max %d", i, k);
	}
	free(text);
	return 0;
}
