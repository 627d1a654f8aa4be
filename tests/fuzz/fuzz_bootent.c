/* Fuzz target: a guest's boot loader entries (bootent_grub, bootent_bls, bootent_bls_sort,
 * bootent_find). Whoever had root in the guest, or wrote its disk, wrote /boot/grub/grub.cfg,
 * grubenv and the BLS files in /boot/loader/entries; lifeboat reads them as root to offer and kexec
 * an entry. The input: grub.cfg, grubenv, then BLS entries ("NAME\n", "" for none, and the file's
 * text), split at "\n==8<==\n"; each part is read from a copy of exactly its length. Properties:
 * counts within their arrays and *def within them; every string field NUL-terminated in its buffer;
 * the main initrd is the last of the list; a smaller max keeps the same first entries (and the
 * default, when it was among them); grub's paths are unique and bootent_find finds each by its
 * path; the variables handed on (g->env) read back to themselves; a BLS entry's title falls back to
 * its id; sorting keeps the entries, numbers them, is idempotent and does not depend on the order
 * given (what comes out at each place sorts alike either way); bootent_find finds an entry by its
 * id or title, or an earlier one of that name. */
// sources: init/diag/bootent.c
#define _GNU_SOURCE
#include "fuzz.h"
#include "diag/bootent.h"

#define SEP "\n==8<==\n"
#define PARTS (2 + BOOTENT_MAX)
#define NAME_MAX_LEN 200	/* a BLS file name, as readdir gives it */

struct part {
	char *p;		/* malloc'd, exactly len bytes (NULL: the part is missing) */
	size_t len;
};

static int split(const uint8_t *data, size_t size, struct part *parts, int max)
{
	const char *s = (const char *)data, *end = s + size;
	int n = 0;

	while (n < max) {
		const char *at = memmem(s, (size_t)(end - s), SEP, sizeof SEP - 1);
		size_t len = at ? (size_t)(at - s) : (size_t)(end - s);
		parts[n].p = malloc(len ? len : 1);
		if (!parts[n].p)
			abort();
		memcpy(parts[n].p, s, len);
		parts[n++].len = len;
		if (!at)
			break;
		s = at + sizeof SEP - 1;
	}
	return n;
}

#define TERMINATED(f) memchr((f), '\0', sizeof(f))

static void check_fields(const struct bootent *x)
{
	FUZZ_ASSERT(TERMINATED(x->title) && TERMINATED(x->id) && TERMINATED(x->version) && TERMINATED(x->kernel) &&
		    TERMINATED(x->initrd) && TERMINATED(x->initrds) && TERMINATED(x->cmdline) && TERMINATED(x->path),
		    "a field without its NUL");
	FUZZ_ASSERT(x->truncated == 0 || x->truncated == 1, "truncated %d", x->truncated);
	if (x->truncated)
		return;
	// the main initrd is the list's last word, and there is one exactly when there is a list
	size_t il = strlen(x->initrds), l = strlen(x->initrd);
	FUZZ_ASSERT(!il == !l, "initrd \"%s\", initrds \"%s\"", x->initrd, x->initrds);
	FUZZ_ASSERT(l <= il && strcmp(x->initrds + il - l, x->initrd) == 0 && (l == il || x->initrds[il - l - 1] == ' '),
		    "initrd \"%s\" is not the last of \"%s\"", x->initrd, x->initrds);
}

/* "0", "1>2": numbers joined by single '>'. */
static int path_ok(const char *p)
{
	int digits = 0;

	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
		} else if (*p == '>' && digits) {
			digits = 0;
		} else {
			return 0;
		}
	}
	return digits > 0;
}

static int same_entry(const struct bootent *a, const struct bootent *b)
{
	return strcmp(a->title, b->title) == 0 && strcmp(a->id, b->id) == 0 && strcmp(a->version, b->version) == 0 &&
	       strcmp(a->kernel, b->kernel) == 0 && strcmp(a->initrd, b->initrd) == 0 &&
	       strcmp(a->initrds, b->initrds) == 0 && strcmp(a->cmdline, b->cmdline) == 0 &&
	       a->truncated == b->truncated;
}

static void check_grub(struct part *cfg, struct part *env, struct bootent_grubcfg *g)
{
	static struct bootent e[BOOTENT_MAX], e2[BOOTENT_MAX];
	static struct bootent_grubcfg g2;
	int def = -1, def2 = -1;

	memset(e, 0x5a, sizeof e);
	int n = bootent_grub(cfg->p, cfg->len, env ? env->p : NULL, env ? env->len : 0, e, BOOTENT_MAX, &def, g);
	FUZZ_ASSERT(n >= 0 && n <= BOOTENT_MAX, "%d entries", n);
	FUZZ_ASSERT(def >= 0 && (n ? def < n : def == 0), "default %d of %d", def, n);
	FUZZ_ASSERT(g->blscfg == 0 || g->blscfg == 1, "blscfg %d", g->blscfg);
	FUZZ_ASSERT(TERMINATED(g->def) && TERMINATED(g->env), "g without its NUL");
	FUZZ_ASSERT(!g->blscfg || n == 0, "blscfg with %d entries", n);
	for (int i = 0; i < n; i++) {
		check_fields(&e[i]);
		FUZZ_ASSERT(e[i].version[0] == '\0', "a version from grub.cfg");
		if (e[i].truncated)
			continue;
		FUZZ_ASSERT(path_ok(e[i].path), "path \"%s\"", e[i].path);
		for (int k = 0; k < i; k++)
			FUZZ_ASSERT(e[k].truncated || strcmp(e[k].path, e[i].path) != 0, "entries %d and %d at %s", k, i,
				    e[i].path);
		// in a grub list an entry's path is a default naming it
		int at = bootent_find(e, n, e[i].path);
		FUZZ_ASSERT(at == i, "path %s finds %d, not %d", e[i].path, at, i);
	}

	// fewer places: the same first entries
	if (n > 1) {
		int k = 1 + (int)(cfg->len % (size_t)(n - 1));
		memset(e2, 0xa5, sizeof e2);
		int n2 = bootent_grub(cfg->p, cfg->len, env ? env->p : NULL, env ? env->len : 0, e2, k, &def2, NULL);
		FUZZ_ASSERT(n2 == k, "max %d gives %d of %d", k, n2, n);
		for (int i = 0; i < n2; i++)
			FUZZ_ASSERT(same_entry(&e[i], &e2[i]) && strcmp(e[i].path, e2[i].path) == 0,
				    "entry %d differs with max %d", i, k);
		FUZZ_ASSERT(def2 >= 0 && def2 < n2, "default %d of %d", def2, n2);
		FUZZ_ASSERT(def >= k || def2 == def, "default %d with max %d, %d without", def2, k, def);
	}

	// the variables handed on are grubenv text that reads back to itself
	bootent_grub("", 0, g->env, strlen(g->env), NULL, 0, NULL, &g2);
	FUZZ_ASSERT(strcmp(g2.env, g->env) == 0, "env \"%s\" reads back as \"%s\"", g->env, g2.env);
}

/* spec naming s, its '>' doubled; 0 when it does not fit. */
static int spec_of(const char *s, char *spec, size_t size)
{
	size_t o = 0;

	for (; *s; s++) {
		if (o + 3 > size)
			return 0;
		if (*s == '>')
			spec[o++] = '>';
		spec[o++] = *s;
	}
	spec[o] = '\0';
	return 1;
}

static int all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Does name find entry i, or an earlier one of that title or id? */
static void check_named(const struct bootent *e, int n, int i, const char *name)
{
	char spec[300];

	if (!name[0] || all_digits(name) || !spec_of(name, spec, sizeof spec))
		return;
	int at = bootent_find(e, n, spec);
	FUZZ_ASSERT(at >= 0 && at <= i && (strcmp(e[at].title, name) == 0 || strcmp(e[at].id, name) == 0),
		    "\"%s\" (entry %d) finds %d", name, i, at);
}

/* Does sorting leave a and b (version, id) as they are, either way round: do they sort alike? */
static int alike(const struct bootent *a, const struct bootent *b)
{
	static struct bootent two[2];
	int kept = 1;

	for (int way = 0; way < 2; way++) {
		memset(two, 0, sizeof two);
		memcpy(two[way].version, a->version, sizeof a->version);
		memcpy(two[way].id, a->id, sizeof a->id);
		memcpy(two[!way].version, b->version, sizeof b->version);
		memcpy(two[!way].id, b->id, sizeof b->id);
		two[0].title[0] = 'x';
		bootent_bls_sort(two, 2);
		kept &= two[0].title[0] == 'x';
	}
	return kept;
}

static void check_bls(struct part *parts, int nparts, const struct bootent_grubcfg *g)
{
	static struct bootent e[BOOTENT_MAX], before[BOOTENT_MAX], rev[BOOTENT_MAX], again[BOOTENT_MAX];
	int n = 0;

	for (int i = 2; i < nparts && n < BOOTENT_MAX; i++) {
		char name[NAME_MAX_LEN + 1];
		const char *nl = memchr(parts[i].p, '\n', parts[i].len);
		size_t nlen = nl ? (size_t)(nl - parts[i].p) : parts[i].len, skip = nl ? nlen + 1 : nlen;
		if (nlen > NAME_MAX_LEN)
			nlen = NAME_MAX_LEN;
		memcpy(name, parts[i].p, nlen);
		name[nlen] = '\0';
		// the text after the name line, in a copy of its own length
		size_t tlen = parts[i].len - skip;
		char *text = malloc(tlen ? tlen : 1);
		if (!text)
			abort();
		memcpy(text, parts[i].p + skip, tlen);
		memset(&e[n], 0x5a, sizeof e[n]);
		// an empty name line: no name
		int r = bootent_bls(text, tlen, name[0] ? name : NULL, g->env, strlen(g->env), &e[n]);
		free(text);
		FUZZ_ASSERT(r == 0 || r == -1, "bootent_bls %d", r);
		check_fields(&e[n]);
		FUZZ_ASSERT(r < 0 || e[n].kernel[0], "an entry without a kernel");
		FUZZ_ASSERT(!e[n].id[0] || e[n].title[0], "id \"%s\" without a title", e[n].id);
		if (!name[0])
			FUZZ_ASSERT(e[n].id[0] == '\0', "an id without a name");
		if (r == 0)
			n++;
	}

	memcpy(before, e, sizeof e);
	bootent_bls_sort(e, n);
	for (int i = 0; i < n; i++) {
		char want[16];
		snprintf(want, sizeof want, "%d", i);
		FUZZ_ASSERT(strcmp(e[i].path, want) == 0, "entry %d at \"%s\"", i, e[i].path);
		check_fields(&e[i]);
	}
	// a permutation: each entry given is there, as many times
	unsigned char used[BOOTENT_MAX] = { 0 };
	for (int i = 0; i < n; i++) {
		int k = 0;
		while (k < n && (used[k] || !same_entry(&before[i], &e[k])))
			k++;
		FUZZ_ASSERT(k < n, "entry %d lost in sorting", i);
		used[k] = 1;
	}
	// sorting what is sorted changes nothing
	memcpy(again, e, sizeof e);
	bootent_bls_sort(again, n);
	FUZZ_ASSERT(memcmp(again, e, sizeof e) == 0, "sorting twice differs");
	// the order given does not matter: the same versions and ids come out in the same order
	for (int i = 0; i < n; i++)
		rev[i] = before[n - 1 - i];
	bootent_bls_sort(rev, n);
	for (int i = 0; i < n; i++)
		FUZZ_ASSERT(alike(&rev[i], &e[i]), "place %d: \"%s\" \"%s\" one way, \"%s\" \"%s\" the other", i,
			    e[i].version, e[i].id, rev[i].version, rev[i].id);

	int def = bootent_find(e, n, g->def);
	FUZZ_ASSERT(def >= 0 && (n ? def < n : def == 0), "default %d of %d", def, n);
	for (int i = 0; i < n; i++) {
		check_named(e, n, i, e[i].id);
		check_named(e, n, i, e[i].title);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bootent_grubcfg g;
	struct part parts[PARTS];
	int n = split(data, size, parts, PARTS);

	check_grub(&parts[0], n > 1 ? &parts[1] : NULL, &g);
	check_bls(parts, n, &g);
	for (int i = 0; i < n; i++)
		free(parts[i].p);
	return 0;
}
