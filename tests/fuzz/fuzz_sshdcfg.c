/* Fuzz target: a guest's sshd_config and the files it includes (sshdcfg_parse, sshdcfg_ports,
 * sshdcfg_ways_in), read as root by lifeboat diagnose to tell whether and how one can log in.
 * Whoever had root in the guest wrote them. The input: the main file, then included files
 * ("PATH\n" and the file's text; a path ending in '!' is one that cannot be read), split at
 * "\n==8<==\n"; each text is a copy of exactly its length. Include patterns match those paths with
 * fnmatch(3). The users asking (root, alice, one in no group) take their password state, shell and
 * keys from a hash of the input. Properties: the count returned is the problems', those kept have
 * their file and text; the parser's counts stay within its arrays and pool; the ports are 1 to 65535,
 * one of each, at least one; every value is in range, its arguments inside the pool; a verdict's ways
 * are SSHD_WAY_* bits (SSHD_WAY_BOTH with another), a reason exactly when there are none, none at all
 * with problems; reason and uncertain are terminated; a key file asked about is an absolute path;
 * without Match blocks a user's settings are the global ones; a trailing comment changes nothing. */
// sources: init/diag/sshdcfg.c
#define _GNU_SOURCE
#include "fuzz.h"
#include "diag/sshdcfg.h"

#include <fnmatch.h>

#define SEP "\n==8<==\n"
#define PARTS 48

struct part {
	char *p;		/* malloc'd, exactly len bytes */
	size_t len;
	char name[256];		/* included files: the path */
};

struct input {
	struct part parts[PARTS];
	int n;
};

static void split(const uint8_t *data, size_t size, struct input *in)
{
	const char *s = (const char *)data, *end = s + size;

	in->n = 0;
	while (in->n < PARTS) {
		const char *at = memmem(s, (size_t)(end - s), SEP, sizeof SEP - 1);
		const char *e = at ? at : end, *t = s;
		struct part *p = &in->parts[in->n];
		p->name[0] = '\0';
		if (in->n) {
			// the path line; relative paths are under /etc/ssh
			const char *nl = memchr(s, '\n', (size_t)(e - s));
			size_t nlen = (size_t)((nl ? nl : e) - s);
			int rel = nlen && s[0] != '/' && s[0] != '~';
			snprintf(p->name, sizeof p->name, "%s%.*s", rel ? SSHDCFG_DIR "/" : "", (int)nlen, s);
			t = nl ? nl + 1 : e;
		}
		p->len = (size_t)(e - t);
		p->p = malloc(p->len ? p->len : 1);
		if (!p->p)
			abort();
		memcpy(p->p, t, p->len);
		in->n++;
		if (!at)
			break;
		s = at + sizeof SEP - 1;
	}
}

static int glob_parts(const char *pattern, struct sshdcfg_file *files, int max, void *ctx)
{
	const struct input *in = ctx;
	int n = 0;

	FUZZ_ASSERT(pattern[0] == '/' || pattern[0] == '~', "a relative pattern: %s", pattern);
	for (int i = 1; i < in->n; i++) {
		const struct part *p = &in->parts[i];
		size_t nl = strlen(p->name);
		if (fnmatch(pattern, p->name, FNM_PATHNAME) != 0)
			continue;
		if (nl && p->name[nl - 1] == '!')
			return -1;
		if (n < max)
			files[n] = (struct sshdcfg_file){ p->name, p->p, p->len };
		n++;
	}
	return n;
}

static int has_keys(const char *path, void *ctx)
{
	unsigned h = *(const unsigned *)ctx;

	FUZZ_ASSERT(path[0] == '/' && strlen(path) < 1024, "key file \"%s\"", path);
	return (h >> (strlen(path) % 8)) & 1;
}

static int in_pool(const struct sshdcfg *c, const char *p)
{
	return p >= c->pool && p < c->pool + c->pool_used;
}

static void check_value(const struct sshdcfg *c, const struct sshdcfg_value *v, int key)
{
	if (key == SSHD_PERMIT_ROOT_LOGIN)
		FUZZ_ASSERT(v->num >= SSHD_ROOT_NO && v->num <= SSHD_ROOT_FORCED_ONLY, "PermitRootLogin %d", v->num);
	else if (key <= SSHD_PERMIT_EMPTY_PASSWORDS)
		FUZZ_ASSERT(v->num == 0 || v->num == 1, "%s %d", sshdcfg_key_name(key), v->num);
	else if (key >= SSHD_ALLOW_USERS)
		FUZZ_ASSERT(v->args ? v->num >= 1 : v->num == 0, "%s: %d lines", sshdcfg_key_name(key), v->num);
	FUZZ_ASSERT(v->nargs >= 0 && (v->args || v->nargs == 0), "%s: %d arguments", sshdcfg_key_name(key), v->nargs);
	FUZZ_ASSERT(!v->file == !v->line || (v->file && v->line == 0), "%s: file %s, line %d", sshdcfg_key_name(key),
		    v->file ? v->file : "none", v->line);
	if (v->file)
		FUZZ_ASSERT(in_pool(c, v->file) || strcmp(v->file, "?") == 0, "%s: its file outside the pool",
			    sshdcfg_key_name(key));
	// the arguments, one after the other, inside the pool (or a built-in default)
	if (v->args && in_pool(c, v->args)) {
		const char *a = v->args;
		for (int i = 0; i < v->nargs; i++) {
			const char *z = memchr(a, '\0', (size_t)(c->pool + c->pool_used - a));
			FUZZ_ASSERT(z, "%s: argument %d past the pool", sshdcfg_key_name(key), i);
			a = z + 1;
			FUZZ_ASSERT(i + 1 == v->nargs || in_pool(c, a), "%s: argument %d past the pool",
				    sshdcfg_key_name(key), i + 1);
		}
	} else if (v->args) {
		FUZZ_ASSERT(!v->file, "%s: a default with a file", sshdcfg_key_name(key));
	}
}

static void check_parse(const struct sshdcfg *c, int np)
{
	int ports[SSHDCFG_MAX_PORTS];

	FUZZ_ASSERT(np == c->nproblems && np >= 0, "returned %d, %d problems", np, c->nproblems);
	for (int i = 0; i < np && i < SSHDCFG_MAX_PROBLEMS; i++)
		FUZZ_ASSERT(c->problems[i].file && c->problems[i].line >= 0 &&
			    memchr(c->problems[i].what, '\0', sizeof c->problems[i].what) && c->problems[i].what[0],
			    "problem %d", i);
	FUZZ_ASSERT(memchr(c->limit.what, '\0', sizeof c->limit.what) && (!c->limit.what[0] || c->limit.file),
		    "the limit");
	FUZZ_ASSERT(c->nfiles >= 1 && c->nfiles <= SSHDCFG_MAX_FILES && c->nblocks >= 1 &&
		    c->nblocks <= SSHDCFG_MAX_BLOCKS && c->nentries >= 0 && c->nentries <= SSHDCFG_MAX_ENTRIES &&
		    c->pool_used >= 0 && c->pool_used <= SSHDCFG_POOL, "counts: %d files, %d blocks, %d entries, %d pool",
		    c->nfiles, c->nblocks, c->nentries, c->pool_used);
	int n = sshdcfg_ports(c, ports, SSHDCFG_MAX_PORTS);
	FUZZ_ASSERT(n >= 1 && n <= SSHDCFG_MAX_PORTS, "%d ports", n);
	for (int i = 0; i < n; i++) {
		FUZZ_ASSERT(ports[i] >= 1 && ports[i] <= 65535, "port %d", ports[i]);
		for (int k = 0; k < i; k++)
			FUZZ_ASSERT(ports[k] != ports[i], "port %d twice", ports[i]);
	}
	for (int k = 0; k < SSHD_NKEYS; k++)
		check_value(c, &c->global[k], k);
}

static void check_user(const struct sshdcfg *c, const struct sshdcfg_user *u)
{
	struct sshdcfg_verdict v;
	const unsigned all = SSHD_WAY_PUBKEY | SSHD_WAY_PASSWORD | SSHD_WAY_BOTH;

	memset(&v, 0x5a, sizeof v);
	unsigned ways = sshdcfg_ways_in(c, u, &v);
	FUZZ_ASSERT(ways == v.ways && !(ways & ~all) && !(v.config_ways & ~all) && !(v.maybe & ~all),
		    "ways %u, config %u, maybe %u", ways, v.config_ways, v.maybe);
	FUZZ_ASSERT(!(ways & SSHD_WAY_BOTH) || (ways & ~SSHD_WAY_BOTH), "SSHD_WAY_BOTH alone");
	FUZZ_ASSERT(memchr(v.reason, '\0', sizeof v.reason) && memchr(v.uncertain, '\0', sizeof v.uncertain),
		    "a verdict without its NUL");
	FUZZ_ASSERT(!ways == !!v.reason[0], "%s: ways %u, reason \"%s\"", u->name, ways, v.reason);
	FUZZ_ASSERT(ways == 0 || ways == v.config_ways, "ways %u, config %u", ways, v.config_ways);
	FUZZ_ASSERT(!c->nproblems || (ways == 0 && strncmp(v.reason, "sshd would not start: ", 22) == 0),
		    "%d problems, ways %u", c->nproblems, ways);
	for (int k = 0; k < SSHD_NKEYS; k++) {
		check_value(c, &v.eff[k], k);
		// no Match block: the user's settings are the global ones
		const struct sshdcfg_value *g = &c->global[k], *e = &v.eff[k];
		FUZZ_ASSERT(c->nblocks > 1 || (g->num == e->num && g->args == e->args && g->nargs == e->nargs &&
					       g->file == e->file && g->line == e->line),
			    "%s of %s differs from the global one without a Match block", sshdcfg_key_name(k), u->name);
	}
}

static void same_parse(const struct sshdcfg *a, const struct sshdcfg *b)
{
	int pa[SSHDCFG_MAX_PORTS], pb[SSHDCFG_MAX_PORTS];
	int na = sshdcfg_ports(a, pa, SSHDCFG_MAX_PORTS), nb = sshdcfg_ports(b, pb, SSHDCFG_MAX_PORTS);

	FUZZ_ASSERT(a->nproblems == b->nproblems && a->nentries == b->nentries && a->nblocks == b->nblocks &&
		    na == nb && memcmp(pa, pb, sizeof pa[0] * (size_t)na) == 0 &&
		    strcmp(a->limit.what, b->limit.what) == 0,
		    "a trailing comment: %d problems, %d entries, %d ports, then %d, %d, %d", a->nproblems, a->nentries,
		    na, b->nproblems, b->nentries, nb);
	for (int k = 0; k < SSHD_NKEYS; k++) {
		const struct sshdcfg_value *x = &a->global[k], *y = &b->global[k];
		FUZZ_ASSERT(x->num == y->num && x->nargs == y->nargs && x->line == y->line && !x->args == !y->args &&
			    (!x->args || strcmp(x->args, y->args) == 0), "a trailing comment changes %s",
			    sshdcfg_key_name(k));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sshdcfg c, c2;
	static struct input in;
	static const char *const root_groups[] = { "root" }, *const alice_groups[] = { "alice", "sudo" };
	unsigned h = 2166136261u;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	split(data, size, &in);
	const struct part *m = &in.parts[0];
	int np = sshdcfg_parse(&c, h & 1 ? NULL : SSHDCFG_MAIN, m->p, m->len, glob_parts, &in);
	check_parse(&c, np);

	const struct sshdcfg_user users[] = {
		{ "root", 0, "/root", root_groups, 1, (int)(h >> 1) % 4, 0, h & 8 ? NULL : has_keys, &h },
		{ "alice", 1000, "/home/alice", alice_groups, 2, (int)(h >> 4) % 4, (h >> 6) & 1, has_keys, &h },
		{ "nogroup", 1001, "/srv/x", NULL, 0, SSHD_PW_SET, 0, has_keys, &h },
		{ NULL, 1002, NULL, NULL, 0, SSHD_PW_NONE, 0, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
		check_user(&c, &users[i]);

	// the main file with a comment line after it
	char *more = malloc(m->len + 16);
	if (!more)
		abort();
	memcpy(more, m->p, m->len);
	memcpy(more + m->len, "\n# lifeboat\n", 12);
	sshdcfg_parse(&c2, h & 1 ? NULL : SSHDCFG_MAIN, more, m->len + 12, glob_parts, &in);
	same_parse(&c, &c2);
	free(more);

	for (int i = 0; i < in.n; i++)
		free(in.parts[i].p);
	return 0;
}
