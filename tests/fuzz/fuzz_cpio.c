/* Fuzz target: a guest's initramfs images (/boot/initrd.img-*, initramfs-*.img), which lifeboat
 * diagnose walks as root to see which modules they hold: cpio_sniff, the streaming newc parser
 * (cpio_feed, cpio_feed_upto), cpio_module, and unpack's segments and decompressors (gzip, zstd,
 * xz, lzma, lz4 legacy). Whoever had root in the guest wrote them. The input: a byte saying after
 * how many entries the callback stops (0: never), four bytes seeding the chunk sizes, then the
 * image. Properties: both parsers take chunks of any size, so the image fed whole and fed in chunks
 * gives the same entries (names, modes, sizes, in order), the same results and reasons (and
 * cpio_feed_upto takes the same bytes) — except that before a fault in a zstd segment one list of
 * entries may only be a start of the other (libzstd drops what a failing call decoded); names are
 * NUL-terminated in the parser's buffer and never the trailer's; a stop comes after exactly that
 * many entries; results are sticky; a failure has a reason and success none; cpio_sniff of a longer
 * prefix agrees with a shorter one that matched; a module's name and version fit and are plain.
 * Memory stays within the decoders' own caps (run with -rss_limit_mb=2048: a decompression bomb
 * must not get past them). */
// sources: init/diag/cpio.c init/diag/unpack.c
// libs: -lz -lzstd -llzma -llz4
#define _GNU_SOURCE
#include "fuzz.h"
#include "diag/cpio.h"
#include "diag/unpack.h"

#include <errno.h>

#define HEAD 5			/* the stop byte and the chunk seed */

#define KEPT 4096		/* entries whose running hash is kept, to compare lists */

/* What a walk saw: its entries, hashed in order. */
struct seen {
	unsigned long n, stop;
	unsigned long long hash;
	unsigned long long *at;	/* NULL, or the hash after each of the first KEPT entries */
};

static void mix(unsigned long long *h, const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		*h = (*h ^ b[i]) * 0x100000001b3ULL;
}

static void check_module(const char *path)
{
	char name[64], ver[64];

	if (cpio_module(path, name, sizeof name, ver, sizeof ver) < 0)
		return;
	FUZZ_ASSERT(name[0] && memchr(name, '\0', sizeof name) && !strchr(name, '-') && !strchr(name, '/'),
		    "module \"%s\" of %s", name, path);
	FUZZ_ASSERT(ver[0] && memchr(ver, '\0', sizeof ver) && !strchr(ver, '/'), "version \"%s\" of %s", ver, path);
	FUZZ_ASSERT(cpio_module(path, name, sizeof name, NULL, 0) == 0, "no version wanted: %s", path);
}

static int collect(const struct cpio_entry *e, void *ctx)
{
	struct seen *s = ctx;
	const char *end = memchr(e->name, '\0', CPIO_NAME_MAX);

	FUZZ_ASSERT(end, "a name without its NUL");
	FUZZ_ASSERT(strcmp(e->name, "TRAILER!!!") != 0, "the trailer reported");
	FUZZ_ASSERT(e->size <= 0xffffffffULL, "size %llu", e->size);
	mix(&s->hash, e->name, (size_t)(end - e->name) + 1);
	mix(&s->hash, &e->mode, sizeof e->mode);
	mix(&s->hash, &e->size, sizeof e->size);
	check_module(e->name);
	if (s->at && s->n < KEPT)
		s->at[s->n] = s->hash;
	s->n++;
	return s->stop && s->n == s->stop;
}

static unsigned rnd(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The next chunk's size: small ones, big ones, and everything between. */
static size_t chunk(unsigned *s, size_t left)
{
	unsigned r = rnd(s);
	size_t n = 1 + (r >> 8) % (1u << (r % 17));

	return n < left ? n : left;
}

static void check_sniff(const unsigned char *img, size_t len)
{
	enum cpio_format all = cpio_sniff(img, len);

	FUZZ_ASSERT(cpio_format_name(all) != NULL, "no name for %d", all);
	for (size_t k = 0; k <= len && k <= 8; k++) {
		enum cpio_format f = cpio_sniff(img, k);
		FUZZ_ASSERT(f == CPIO_UNKNOWN || f == all, "%zu bytes say %s, %zu say %s", k, cpio_format_name(f), len,
			    cpio_format_name(all));
	}
}

/* One cpio parse fed whole and one fed in chunks, compared. */
static void check_feed(const unsigned char *img, size_t len, unsigned long stop, unsigned seed)
{
	static struct cpio a, b;
	struct seen sa = { 0, stop, 0, NULL }, sb = { 0, stop, 0, NULL };
	int ra, rb = 0;

	cpio_init(&a, collect, &sa);
	ra = cpio_feed(&a, img, len);
	cpio_init(&b, collect, &sb);
	for (size_t at = 0, n; at < len && rb == 0; at += n) {
		n = chunk(&seed, len - at);
		rb = cpio_feed(&b, img + at, n);
	}
	FUZZ_ASSERT(ra == 0 || ra == -1 || ra == CPIO_STOPPED, "cpio_feed %d", ra);
	FUZZ_ASSERT(ra == rb && sa.n == sb.n && sa.hash == sb.hash && a.err == b.err && a.entries == b.entries &&
		    a.trailers == b.trailers && cpio_at_boundary(&a) == cpio_at_boundary(&b),
		    "whole: %d, %lu entries (%s); in chunks: %d, %lu entries (%s)", ra, sa.n, a.err ? a.err : "",
		    rb, sb.n, b.err ? b.err : "");
	FUZZ_ASSERT((ra == -1) == (a.err != NULL), "rc %d, err %s", ra, a.err ? a.err : "none");
	FUZZ_ASSERT(a.entries == sa.n, "%lu entries counted, %lu reported", a.entries, sa.n);
	FUZZ_ASSERT(ra == CPIO_STOPPED ? stop && sa.n == stop : !stop || sa.n < stop, "stopped %d after %lu of %lu",
		    ra, sa.n, stop);
	if (ra)
		FUZZ_ASSERT(cpio_feed(&a, img, len) == ra, "not sticky: %d", ra);
}

/* cpio_feed_upto, the same way: the same bytes taken. */
static void check_upto(const unsigned char *img, size_t len, unsigned long stop, unsigned seed)
{
	static struct cpio a, b;
	struct seen sa = { 0, stop, 0, NULL }, sb = { 0, stop, 0, NULL };
	size_t ua = 0, ub = 0;
	int ra, rb = 0;

	cpio_init(&a, collect, &sa);
	ra = cpio_feed_upto(&a, img, len, &ua);
	cpio_init(&b, collect, &sb);
	for (size_t at = 0, n; at < len && rb == 0; at += n) {
		size_t used = (size_t)-1;
		n = chunk(&seed, len - at);
		rb = cpio_feed_upto(&b, img + at, n, &used);
		FUZZ_ASSERT(used <= n && (rb != 0 || used == n), "%zu of %zu taken, rc %d", used, n, rb);
		ub += used;
	}
	FUZZ_ASSERT(ua <= len && (ra != 0 || ua == len), "%zu of %zu taken, rc %d", ua, len, ra);
	FUZZ_ASSERT(ra == rb && ua == ub && sa.n == sb.n && sa.hash == sb.hash && a.err == b.err,
		    "whole: %d, %zu bytes, %lu entries; in chunks: %d, %zu bytes, %lu entries", ra, ua, sa.n, rb, ub,
		    sb.n);
	// what it leaves is the foreign byte: neither padding nor an archive's start
	if (ra == CPIO_FOREIGN)
		FUZZ_ASSERT(ua < len && img[ua] != '\0', "foreign at %zu of %zu", ua, len);
}

struct walk {
	int feed, end;
	unsigned long entries;
	unsigned segments;
	struct seen s;
	unsigned long long at[KEPT];
	char why[192];
};

static void walk(const unsigned char *img, size_t len, unsigned long stop, unsigned *seed, struct walk *w)
{
	struct unpack *u = unpack_new(collect, &w->s);

	if (!u)
		abort();
	w->s = (struct seen){ 0, stop, 0, w->at };
	w->feed = 0;
	for (size_t at = 0, n; at < len && w->feed == 0; at += n) {
		n = seed ? chunk(seed, len - at) : len;
		w->feed = unpack_feed(u, img + at, n);
	}
	FUZZ_ASSERT(w->feed == 0 || w->feed == 1 || w->feed == -EINVAL || w->feed == -ENOTSUP || w->feed == -ENOMEM,
		    "unpack_feed %d", w->feed);
	w->end = unpack_end(u);
	FUZZ_ASSERT(w->feed == 0 || w->end == w->feed, "feed %d, then end %d", w->feed, w->end);
	FUZZ_ASSERT(w->end == 0 || w->end == 1 || w->end == -EINVAL || w->end == -ENOTSUP || w->end == -ENOMEM ||
		    w->end == -ENODATA, "unpack_end %d", w->end);
	const char *why = unpack_error(u);
	FUZZ_ASSERT(memchr(why, '\0', sizeof w->why) && (w->end < 0) == (why[0] != '\0'), "end %d, reason \"%s\"", w->end,
		    why);
	snprintf(w->why, sizeof w->why, "%s", why);
	w->entries = unpack_entries(u);
	w->segments = unpack_segments(u);
	FUZZ_ASSERT(w->entries == w->s.n, "%lu entries counted, %lu reported", w->entries, w->s.n);
	FUZZ_ASSERT(w->end == 1 ? stop && w->s.n == stop : !stop || w->s.n < stop, "stopped %d after %lu of %lu",
		    w->end, w->s.n, stop);
	FUZZ_ASSERT(w->end == 0 || unpack_feed(u, img, len) == w->end, "%d is not sticky", w->end);
	unpack_free(u);
}

static void check_unpack(const unsigned char *img, size_t len, unsigned long stop, unsigned seed)
{
	static struct walk a, b;

	walk(img, len, stop, NULL, &a);
	walk(img, len, stop, &seed, &b);
	// zstd drops what it decoded in a call that then fails: before a fault in a zstd segment, the
	// entries seen depend on where the chunks end; everywhere else they do not
	if ((a.end < 0 || b.end < 0) && memmem(img, len, "\x28\xb5\x2f\xfd", 4)) {
		const struct walk *few = a.s.n < b.s.n ? &a : &b, *more = few == &a ? &b : &a;
		unsigned long k = few->s.n < KEPT ? few->s.n : KEPT;
		FUZZ_ASSERT(!k || few->at[k - 1] == more->at[k - 1], "whole: %lu entries (%s), in chunks %lu (%s): "
			    "neither a start of the other", a.s.n, a.why, b.s.n, b.why);
		// the same result, unless the one that saw more stopped among them
		FUZZ_ASSERT((a.feed == b.feed && a.end == b.end) || (more->end == 1 && few->s.n < stop),
			    "whole: feed %d end %d (%s); in chunks: feed %d end %d (%s)", a.feed, a.end, a.why, b.feed,
			    b.end, b.why);
		return;
	}
	FUZZ_ASSERT(a.feed == b.feed && a.end == b.end, "whole: feed %d end %d (%s); in chunks: feed %d end %d (%s)",
		    a.feed, a.end, a.why, b.feed, b.end, b.why);
	FUZZ_ASSERT(a.s.n == b.s.n && a.s.hash == b.s.hash && a.segments == b.segments && strcmp(a.why, b.why) == 0,
		    "whole: %lu entries, %u segments (%s); in chunks: %lu entries, %u segments (%s)", a.s.n, a.segments,
		    a.why, b.s.n, b.segments, b.why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HEAD)
		return 0;
	unsigned long stop = data[0] & 0x3f;
	unsigned seed = ((unsigned)data[1] | (unsigned)data[2] << 8 | (unsigned)data[3] << 16 |
			 (unsigned)data[4] << 24) | 1;
	size_t len = size - HEAD;
	// the image in a copy of its own, so that a read past its end is caught
	unsigned char *img = malloc(len ? len : 1);

	if (!img)
		abort();
	memcpy(img, data + HEAD, len);
	check_sniff(img, len);
	check_feed(img, len, stop, seed);
	check_upto(img, len, stop, seed);
	check_unpack(img, len, stop, seed);
	free(img);
	return 0;
}
