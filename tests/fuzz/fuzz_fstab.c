/* Fuzz target: a guest's /etc/fstab as lifeboat reads it to mount the guest
 * (fstab_parse, fstab_spec_kind, fstab_mountable, fstab_order) and as fix
 * fstab edits it (fstabfix_edit, and the diff_lines shown before the edit).
 * The file is the guest's, which whoever had root there may have written.
 * Input: the fstab text; a device is missing when its spec holds "dead" or
 * hashes to 0 mod 3. Properties: parsing a line alone gives the entry the whole
 * text gives for it; fields are non-empty and terminated; a spec's value lies
 * in it; nothing mountable climbs out with ".."; the order is a permutation with
 * every mount point after its parents (repeated and trailing slashes aside) and
 * fstab's order otherwise. The editor copies every line it does not change
 * byte-for-byte; a changed line is a finding's, and is the line with "# lifeboat: "
 * in front, or with ",nofail" after its options ("\tdefaults,nofail" after its
 * type), which then read back as the same entry with nofail; the root's entry
 * is reported, never changed; 0 means no change; a second run changes nothing;
 * out one byte short is no room. The diff shows as many lines out as in. */
// sources: init/disk/fstab.c init/fix/fstabfix.c init/fix/diff.c init/lib/text.c init/lib/out.c
#include "fuzz.h"
#include "disk/fstab.h"
#include "fix/diff.h"
#include "fix/fstabfix.h"

#define MARK "# lifeboat: "

static unsigned long fnv(const char *s)
{
	unsigned long h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int present(const char *spec, void *ctx)
{
	(void)ctx;
	return !strstr(spec, "dead") && fnv(spec) % 3 != 0;
}

static int terminated(const char *s, size_t size)
{
	return s[0] && memchr(s, '\0', size);
}

/* The path without repeated or trailing slashes, in out (as big as s). */
static void norm(const char *s, char *out)
{
	size_t o = 0;

	for (; *s; s++)
		if (!(*s == '/' && o > 0 && out[o - 1] == '/'))
			out[o++] = *s;
	if (o > 1 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
}

/* a is a proper parent directory of b; the root is mounted first, by no order. */
static int parent(const char *a, const char *b)
{
	char na[sizeof ((struct fstab_entry *)0)->dir], nb[sizeof na];
	size_t len;

	norm(a, na);
	norm(b, nb);
	len = strlen(na);
	return len > 0 && strcmp(na, "/") != 0 && strncmp(na, nb, len) == 0 && nb[len] == '/';
}

static void entry(const struct fstab_entry *e)
{
	char v[160], small[8];
	const char *kind = fstab_spec_kind(e->spec, v, sizeof v);

	FUZZ_ASSERT(terminated(e->spec, sizeof e->spec) && terminated(e->dir, sizeof e->dir) &&
		    terminated(e->type, sizeof e->type) && terminated(e->opts, sizeof e->opts), "a field");
	if (kind) {
		size_t kl = strlen(kind), vl = strlen(v);
		FUZZ_ASSERT(vl > 0, "an empty value of %s", e->spec);
		if (strcmp(kind, "PATH") == 0) {
			FUZZ_ASSERT(strncmp(e->spec, "/dev/", 5) == 0 && strcmp(v, e->spec) == 0, "path %s", v);
		} else {
			const char *r = e->spec + kl + 1;
			size_t rl = strlen(r);
			FUZZ_ASSERT(strncmp(e->spec, kind, kl) == 0 && e->spec[kl] == '=', "kind %s of %s", kind, e->spec);
			FUZZ_ASSERT(strcmp(r, v) == 0 || (rl == vl + 2 && r[0] == r[rl - 1] && (r[0] == '"' || r[0] == '\'') &&
							   memcmp(r + 1, v, vl) == 0), "value %s of %s", v, e->spec);
		}
		// a value that does not fit is no value
		const char *k2 = fstab_spec_kind(e->spec, small, 1 + strlen(e->spec) % sizeof small);
		FUZZ_ASSERT(!k2 || (k2 == kind && strcmp(small, v) == 0), "%s in a small buffer", e->spec);
	}
	if (fstab_mountable(e)) {
		FUZZ_ASSERT(kind && e->dir[0] == '/' && strcmp(e->dir, "/") != 0 && strcmp(e->type, "swap") != 0,
			    "mountable %s %s %s", e->spec, e->dir, e->type);
		for (const char *c = e->dir; *c; c += strcspn(c, "/"), c += *c == '/')
			FUZZ_ASSERT(strncmp(c, "..", 2) != 0 || (c[2] != '/' && c[2] != '\0'), "%s climbs out", e->dir);
	}
}

static void parse(const char *t, size_t len)
{
	static struct fstab_entry e[FSTAB_MAX];
	struct fstab_entry one;
	int idx[FSTAB_MAX], seen[FSTAB_MAX] = { 0 }, n = fstab_parse(t, len, e, FSTAB_MAX), k = 0;

	FUZZ_ASSERT(n >= 0 && n <= FSTAB_MAX, "%d entries", n);
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - t) - pos : len - pos;
		if (fstab_parse(t + pos, ll, &one, 1) == 1) {
			FUZZ_ASSERT(k >= n || memcmp(&one, &e[k], sizeof one) == 0, "entry %d read alone differs", k);
			k++;
		}
		pos += ll + 1;
	}
	FUZZ_ASSERT(k == n || (n == FSTAB_MAX && k > n), "%d entries, %d lines read alone", n, k);
	for (int i = 0; i < n; i++)
		entry(&e[i]);

	fstab_order(e, n, idx);
	for (int p = 0; p < n; p++) {
		FUZZ_ASSERT(idx[p] >= 0 && idx[p] < n && !seen[idx[p]], "not a permutation at %d", p);
		seen[idx[p]] = 1;
		for (int q = p + 1; q < n; q++)
			FUZZ_ASSERT(!parent(e[idx[q]].dir, e[idx[p]].dir), "%s after its child %s", e[idx[q]].dir,
				    e[idx[p]].dir);
		// fstab's order, but for a child that had to wait for the parent just placed (or for the
		// root, or the same directory spelled with a trailing slash: either order is right)
		char a[sizeof e->dir], b[sizeof e->dir];
		if (p + 1 < n && idx[p] > idx[p + 1]) {
			norm(e[idx[p]].dir, a);
			norm(e[idx[p + 1]].dir, b);
			FUZZ_ASSERT(parent(e[idx[p]].dir, e[idx[p + 1]].dir) || strcmp(a, "/") == 0 || strcmp(a, b) == 0,
				    "%s before %s for no parent", e[idx[p]].dir, e[idx[p + 1]].dir);
		}
	}
}

/* The next line from *pos: its start, length with its newline, and length without. */
static const char *next_line(const char *t, size_t len, size_t *pos, size_t *with, size_t *without)
{
	const char *l = t + *pos, *nl = memchr(l, '\n', len - *pos);

	*without = nl ? (size_t)(nl - l) : len - *pos;
	*with = *without + (nl != NULL);
	*pos += *with;
	return l;
}

/* out (a line of ol bytes) is l (ll bytes) with add inserted once, somewhere. */
static int inserted(const char *out, size_t ol, const char *l, size_t ll, const char *add)
{
	size_t al = strlen(add), p = 0, s = 0;

	if (ol != ll + al)
		return 0;
	while (p < ll && out[p] == l[p])
		p++;
	while (s < ll && out[ol - 1 - s] == l[ll - 1 - s])
		s++;
	for (size_t k = ll - s; k <= p; k++)
		if (memcmp(out + k, add, al) == 0)
			return 1;
	return 0;
}

static void edit(const char *t, size_t len, int comment)
{
	// each line grows by at most "\tdefaults,nofail" or the mark
	size_t lines = 1, big;
	for (size_t i = 0; i < len; i++)
		lines += t[i] == '\n';
	big = len + 16 * lines + 1;
	char *out = malloc(big), *again = malloc(big + 16 * lines), *d;
	struct fstabfix_finding *f = malloc(lines * sizeof *f);
	int nf = -1, nf2;
	if (!out || !again || !f)
		abort();

	long rc = fstabfix_edit(t, len, comment, present, NULL, out, big, f, (int)lines, &nf);
	FUZZ_ASSERT(rc >= 0, "no room in %zu bytes", big);
	FUZZ_ASSERT(nf >= 0 && (size_t)nf <= lines, "%d findings", nf);
	int changes = 0;
	for (int i = 0; i < nf; i++) {
		FUZZ_ASSERT(f[i].line >= 1 && (size_t)f[i].line <= lines && (i == 0 || f[i].line > f[i - 1].line),
			    "finding %d on line %d", i, f[i].line);
		FUZZ_ASSERT(terminated(f[i].spec, sizeof f[i].spec) && terminated(f[i].dir, sizeof f[i].dir) &&
			    !present(f[i].spec, NULL), "finding %d: %s", i, f[i].spec);
		FUZZ_ASSERT(f[i].action == (strcmp(f[i].dir, "/") == 0 ? FSTABFIX_ROOT
					    : comment ? FSTABFIX_COMMENT : FSTABFIX_NOFAIL), "action of %s", f[i].dir);
		changes += f[i].action != FSTABFIX_ROOT;
	}
	FUZZ_ASSERT((rc == 0) == (changes == 0), "rc %ld with %d changes", rc, changes);
	if (rc == 0)
		goto end;

	// line by line: copied, or changed as its finding says
	size_t ip = 0, op = 0;
	int k = 0;
	for (int no = 1; ip < len; no++) {
		size_t iw, il, ow, ol;
		const char *l = next_line(t, len, &ip, &iw, &il);
		FUZZ_ASSERT(op < (size_t)rc, "line %d is missing", no);
		const char *o = next_line(out, (size_t)rc, &op, &ow, &ol);
		FUZZ_ASSERT(iw - il == ow - ol, "line %d lost or gained its newline", no);
		while (k < nf && f[k].line < no)
			k++;
		if (k >= nf || f[k].line != no || f[k].action == FSTABFIX_ROOT) {
			FUZZ_ASSERT(ol == il && memcmp(o, l, il) == 0, "line %d changed", no);
		} else if (comment) {
			FUZZ_ASSERT(ol == il + strlen(MARK) && memcmp(o, MARK, strlen(MARK)) == 0 &&
				    memcmp(o + strlen(MARK), l, il) == 0, "line %d commented out otherwise", no);
		} else {
			struct fstab_entry a, b;
			FUZZ_ASSERT(inserted(o, ol, l, il, ",nofail") || inserted(o, ol, l, il, "\tdefaults,nofail"),
				    "line %d: no nofail inserted", no);
			FUZZ_ASSERT(fstab_parse(l, il, &a, 1) == 1, "line %d: a finding that is no entry", no);
			// read back: the same entry with nofail (when its options still fit fstab.c's field)
			if (strlen(a.opts) + 7 < sizeof a.opts) {
				FUZZ_ASSERT(fstab_parse(o, ol, &b, 1) == 1 && strcmp(a.spec, b.spec) == 0 &&
					    strcmp(a.dir, b.dir) == 0 && strcmp(a.type, b.type) == 0 &&
					    strlen(b.opts) == strlen(a.opts) + 7 && strncmp(b.opts, a.opts, strlen(a.opts)) == 0 &&
					    strcmp(b.opts + strlen(a.opts), ",nofail") == 0, "line %d reads back otherwise", no);
			}
		}
	}
	FUZZ_ASSERT(op == (size_t)rc && out[rc] == '\0', "%zu bytes more", (size_t)rc - op);

	// the fix is made once; room is needed for the NUL too
	FUZZ_ASSERT(fstabfix_edit(out, (size_t)rc, comment, present, NULL, again, big + 16 * lines, f, (int)lines,
				  &nf2) == 0, "a second run changed it");
	FUZZ_ASSERT(fstabfix_edit(t, len, comment, present, NULL, again, (size_t)rc, f, (int)lines, &nf2) == -1,
		    "no room for the NUL");
	FUZZ_ASSERT(fstabfix_edit(t, len, comment, present, NULL, again, (size_t)rc + 1, f, (int)lines, &nf2) == rc &&
		    memcmp(again, out, (size_t)rc + 1) == 0, "just room");

	// what the operator is shown: each changed line out, and in
	size_t dsize = 2 * (len + (size_t)rc) + 16 * lines + 64;
	if ((d = malloc(dsize))) {
		int dl = diff_lines(t, len, out, (size_t)rc, d, dsize);
		int minus = 0, plus = 0;
		FUZZ_ASSERT(dl > 0 && d[dl] == '\0', "diff %d", dl);
		for (const char *p = d; p < d + dl; p = memchr(p, '\n', (size_t)(d + dl - p)) + 1) {
			minus += *p == '-';
			plus += *p == '+';
			if (!memchr(p, '\n', (size_t)(d + dl - p)))
				break;
		}
		// beyond 2000 lines the diff shows everything between the common head and tail
		FUZZ_ASSERT(minus == plus && minus > 0 && (minus <= changes || lines > 2000), "%d out, %d in, %d changed",
			    minus, plus, changes);
		free(d);
	}
end:
	free(out);
	free(again);
	free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	// the fuzzer's own buffer: a read past its end is seen
	const char *t = (const char *)data;

	parse(t, size);
	edit(t, size, 0);
	edit(t, size, 1);
	return 0;
}
