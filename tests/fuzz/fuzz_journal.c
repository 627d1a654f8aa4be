/* Fuzz target: a guest's systemd journal files (/var/log/journal/MACHINE/system*.journal), which
 * lifeboat diagnose reads as root to show why the last boot failed: journal_open, journal_walk with
 * a zstd decompressor (the "xz" and "lz4" of this target pass their bytes through), journal_last_boot,
 * and the tail kept of what the walk hands over (journal_tail_*, journal_classify, journal_format).
 * Whoever had root in the guest, or a crashing writer, wrote them. The input: the file, in a copy of
 * exactly its length. Properties: a failed open says why; the walk ends (0, 1 or -1, -1 saying why)
 * after at most one entry per 64 bytes, counts what it hands over, stops when told to after exactly
 * that many entries and gives the same ones up to there; the decompressor gets at most 4 times the
 * file's size in all, and never more than FIELD_MAX bytes of room; each entry's priority is -1 to 7,
 * its message and identifier terminated, console-safe (no control bytes, valid UTF-8, no trailing
 * blank); journal_last_boot agrees with the walk's last entry; the lines picked are in order, none
 * twice, the classified ones classified; a formatted line is terminated and as long as it says. */
// sources: init/diag/journal.c
// libs: -lzstd
#include "fuzz.h"
#include "diag/journal.h"

#include <zstd.h>

#define RING 8
#define HITS 4
#define FIELD_ROOM 576		/* journal.c's FIELD_MAX: the most a field is decompressed to */

struct dec {
	unsigned long long given;	/* compressed bytes handed over */
};

static int decompress(int algo, const void *in, size_t inlen, void *out, size_t outmax, size_t *outlen, void *ctx)
{
	struct dec *d = ctx;

	d->given += inlen;
	FUZZ_ASSERT(outmax <= FIELD_ROOM, "%zu bytes of room", outmax);
	*outlen = 0;
	if (algo != JOURNAL_ZSTD) {
		// not a real xz or lz4: what lies there is what comes out
		*outlen = inlen < outmax ? inlen : outmax;
		memcpy(out, in, *outlen);
		return 0;
	}
	ZSTD_DCtx *z = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, inlen, 0 };
	ZSTD_outBuffer ob = { out, outmax, 0 };
	// a small window keeps the fuzzer quick; the reader is not the one that allocates it
	int ok = z && !ZSTD_isError(ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, 20));
	while (ok && ob.pos < ob.size && ib.pos < ib.size)
		ok = !ZSTD_isError(ZSTD_decompressStream(z, &ob, &ib));
	ZSTD_freeDCtx(z);
	*outlen = ob.pos;
	return ok ? 0 : -1;
}

/* Console-safe: printable ASCII or valid UTF-8 (no C1 controls), no trailing blank. */
static int safe(const char *s, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (n >= size || (n && p[n - 1] == ' '))
		return 0;
	for (size_t i = 0; i < n;) {
		unsigned c = p[i], k, cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			k = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 4, cp = c & 0x07;
		else
			return 0;
		if (i + k > n)
			return 0;
		for (unsigned j = 1; j < k; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + j] & 0x3f);
		}
		if (cp < 0xa0 || (k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k;
	}
	return 1;
}

struct seen {
	unsigned long long n, stop;	/* stop: after this many entries (0: never) */
	unsigned long long upto, hash;	/* a hash of the first upto entries (0: all) */
	unsigned char last_boot[16];
	struct journal_tail *tail;
};

static int take(const struct journal_entry *e, void *ctx)
{
	struct seen *s = ctx;

	FUZZ_ASSERT(e->priority >= -1 && e->priority <= 7, "priority %d", e->priority);
	FUZZ_ASSERT(e->transport_kernel == 0 || e->transport_kernel == 1, "kernel %d", e->transport_kernel);
	FUZZ_ASSERT(e->undecoded >= 0, "undecoded %d", e->undecoded);
	FUZZ_ASSERT(safe(e->message, sizeof e->message), "message \"%.100s\"", e->message);
	FUZZ_ASSERT(safe(e->ident, sizeof e->ident), "ident \"%.64s\"", e->ident);
	int cls = journal_classify(e->message);
	FUZZ_ASSERT(cls >= JOURNAL_NONE && cls <= JOURNAL_OOM && (cls == JOURNAL_NONE) == !journal_class_name(cls)[0],
		    "class %d", cls);
	char line[200];
	int want = journal_format(e, line, sizeof line);
	FUZZ_ASSERT(want >= 0 && memchr(line, '\0', sizeof line) &&
		    strlen(line) == ((size_t)want < sizeof line ? (size_t)want : sizeof line - 1),
		    "formatted %d: \"%s\"", want, line);
	if (s->tail)
		journal_tail_add(s->tail, e);
	memcpy(s->last_boot, e->boot_id, 16);
	s->n++;
	if (!s->upto || s->n <= s->upto) {
		const unsigned char *b = (const unsigned char *)e;
		for (size_t i = 0; i < sizeof *e; i++)
			s->hash = (s->hash ^ b[i]) * 0x100000001b3ULL;
	}
	return s->stop && s->n == s->stop;
}

static void check_tail(const struct journal_tail *t)
{
	const struct journal_line *pick[RING + HITS];

	FUZZ_ASSERT(t->nhits >= 0 && t->nhits <= HITS && t->nclassified <= t->nlines &&
		    (unsigned long long)t->nhits <= t->nclassified, "tail: %d hits, %llu classified, %llu lines", t->nhits,
		    t->nclassified, t->nlines);
	for (int k = -1; k <= RING + 1; k++) {
		int n = journal_tail_pick(t, k, pick, RING + HITS);
		FUZZ_ASSERT(n >= 0 && n <= RING + HITS, "%d picked", n);
		for (int i = 0; i < n; i++) {
			FUZZ_ASSERT(pick[i]->n < t->nlines, "line %llu of %llu", pick[i]->n, t->nlines);
			FUZZ_ASSERT(!i || pick[i - 1]->n < pick[i]->n, "picked out of order: %llu then %llu",
				    pick[i - 1]->n, pick[i]->n);
			FUZZ_ASSERT(pick[i]->cls == journal_classify(pick[i]->e.message), "a line's class");
		}
		// the last k lines are among them
		unsigned long long want = k < 0 ? 0 : (unsigned long long)(k < RING ? k : RING);
		want = want < t->nlines ? want : t->nlines;
		FUZZ_ASSERT(want <= (unsigned long long)n && (!want || pick[n - 1]->n == t->nlines - 1),
			    "the tail of %llu lines, %d picked for k %d", t->nlines, n, k);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct journal_line ring[RING], hits[HITS];
	static struct journal_tail tail;
	unsigned char *buf = malloc(size ? size : 1);
	struct journal_info info;
	struct journal_walk_stats st;
	char why[96];

	if (!buf)
		abort();
	memcpy(buf, data, size);

	memset(why, 0x5a, sizeof why);
	int ro = journal_open(buf, size, &info, why, sizeof why);
	FUZZ_ASSERT(ro == 0 || ro == -1, "journal_open %d", ro);
	FUZZ_ASSERT(memchr(why, '\0', sizeof why) && (ro == 0) == (why[0] == '\0'), "open %d: \"%s\"", ro, why);
	if (ro == 0)
		FUZZ_ASSERT(info.compact == !!(info.incompatible & JOURNAL_INCOMPAT_COMPACT) &&
			    (info.truncated == 0 || info.truncated == 1), "info");

	// the whole walk, into a tail as lifeboat keeps one
	struct dec d = { 0 };
	struct seen all = { 0, 0, 0, 0xcbf29ce484222325ULL, { 0 }, &tail };
	journal_tail_init(&tail, ring, RING, hits, HITS);
	int rc = journal_walk(buf, size, decompress, &d, take, &all, &st);
	FUZZ_ASSERT(rc == 0 || rc == -1, "walk %d", rc);
	FUZZ_ASSERT(ro == 0 || rc == -1, "a file that does not open walks: %d", rc);
	FUZZ_ASSERT(memchr(st.why, '\0', sizeof st.why) && (rc == 0) == (st.why[0] == '\0'), "walk %d: \"%s\"", rc,
		    st.why);
	FUZZ_ASSERT(st.entries == all.n && all.n <= size / 64, "%llu entries, %llu seen, in %zu bytes", st.entries,
		    all.n, size);
	FUZZ_ASSERT(d.given <= 4ULL * size, "%llu compressed bytes given for a file of %zu", d.given, size);
	check_tail(&tail);

	// the boot of the last entry
	unsigned char boot[16];
	int rl = journal_last_boot(buf, size, boot);
	if (all.n)
		FUZZ_ASSERT(rl == 0 && memcmp(boot, all.last_boot, 16) == 0, "last boot %d", rl);
	else if (ro < 0)
		FUZZ_ASSERT(rl == -1, "last boot of no journal: %d", rl);

	// stopped halfway: the same entries up to there
	if (all.n > 1) {
		unsigned long long k = all.n / 2;
		struct seen part = { 0, k, k, 0xcbf29ce484222325ULL, { 0 }, NULL };
		struct seen first = { 0, 0, k, 0xcbf29ce484222325ULL, { 0 }, NULL };
		struct dec d2 = { 0 };
		// the reference: the whole walk's first k entries
		journal_walk(buf, size, decompress, &d2, take, &first, NULL);
		int r2 = journal_walk(buf, size, decompress, &d2, take, &part, NULL);
		FUZZ_ASSERT(r2 == 1 && part.n == k && part.hash == first.hash, "stopped: %d after %llu of %llu",
			    r2, part.n, all.n);
	}
	free(buf);
	return 0;
}
