/* Journal files written here by a small writer, read back: both item layouts, zstd, broken and hostile files. */
#include "t.h"
#include "diag/journal.h"

#include <stdlib.h>
#include <zstd.h>

#define JSIZE 65536
#define HSIZE 272	/* the header as systemd 254 writes it */
#define BOOT_A 0xaa
#define BOOT_B 0xbb
#define RT 1714566896000000ULL	/* 2024-05-01 12:34:56 UTC */

// a journal file being written
struct jw {
	unsigned char b[JSIZE];
	size_t n;
	int compact;
};

static void put64(unsigned char *p, unsigned long long v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

static void put32(unsigned char *p, unsigned long long v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> 8 * i);
}

static size_t jw_object(struct jw *w, int type, int flags, size_t size)
{
	size_t off = w->n, padded = (size + 7) & ~(size_t)7;

	if (off + padded > JSIZE)
		abort();
	memset(w->b + off, 0, padded);
	w->b[off] = (unsigned char)type;
	w->b[off + 1] = (unsigned char)flags;
	put64(w->b + off + 8, size);
	w->n += padded;
	return off;
}

static void jw_begin(struct jw *w, int compact, unsigned incompat)
{
	memset(w->b, 0, HSIZE);
	memcpy(w->b, "LPKSHHRH", 8);
	put32(w->b + 8, 2);	/* TAIL_ENTRY_BOOT_ID */
	put32(w->b + 12, incompat | (compact ? JOURNAL_INCOMPAT_COMPACT : 0));
	w->b[16] = 1;		/* online: the writer died */
	memset(w->b + 40, 0x11, 16);	/* machine id */
	memset(w->b + 72, 0x22, 16);	/* seqnum id */
	put64(w->b + 88, HSIZE);
	w->n = HSIZE;
	w->compact = compact;
	// the two hash tables come first in a real file; the reader never needs them
	jw_object(w, 5, 0, 16 + 4 * 16);
	jw_object(w, 4, 0, 16 + 8 * 16);
}

static size_t jw_data(struct jw *w, const void *payload, size_t len, int flags)
{
	size_t hdr = w->compact ? 72 : 64, off = jw_object(w, 1, flags, hdr + len);

	put64(w->b + off + 16, 0x1234567 + len);	/* hash: unchecked */
	memcpy(w->b + off + hdr, payload, len);
	return off;
}

static size_t jw_field(struct jw *w, const char *s)
{
	return jw_data(w, s, strlen(s), 0);
}

static size_t jw_entry(struct jw *w, unsigned long long seq, unsigned long long mono, int boot, const size_t *items,
		       int n)
{
	size_t isz = w->compact ? 4 : 16, off = jw_object(w, 3, 0, 64 + n * isz);

	put64(w->b + off + 16, seq);
	put64(w->b + off + 24, RT + seq * 1000000);
	put64(w->b + off + 32, mono);
	memset(w->b + off + 40, boot, 16);
	for (int i = 0; i < n; i++) {
		if (w->compact) {
			put32(w->b + off + 64 + 4 * i, items[i]);
		} else {
			put64(w->b + off + 64 + 16 * i, items[i]);
			put64(w->b + off + 72 + 16 * i, 0x1234567);
		}
	}
	return off;
}

static size_t jw_array(struct jw *w, const size_t *entries, int n, int cap)
{
	size_t isz = w->compact ? 4 : 8, off = jw_object(w, 6, 0, 24 + cap * isz);

	for (int i = 0; i < n; i++) {
		if (w->compact)
			put32(w->b + off + 24 + 4 * i, entries[i]);
		else
			put64(w->b + off + 24 + 8 * i, entries[i]);
	}
	return off;
}

static void jw_end(struct jw *w, size_t first_array, unsigned long long n_entries, int tail_boot)
{
	put64(w->b + 96, w->n - HSIZE);
	put64(w->b + 152, n_entries);
	put64(w->b + 176, first_array);
	memset(w->b + 56, tail_boot, 16);
}

// the decompressors of the test: zstd for real; "LZ4" stores its block as is, to see the size prefix go
struct dec {
	int calls;
	unsigned long long in;
};

static int decompress(int algo, const void *in, size_t inlen, void *out, size_t outmax, size_t *outlen, void *ctx)
{
	struct dec *d = ctx;

	d->calls++;
	d->in += inlen;
	if (algo == JOURNAL_LZ4) {
		*outlen = inlen < outmax ? inlen : outmax;
		memcpy(out, in, *outlen);
		return 0;
	}
	if (algo != JOURNAL_ZSTD)
		return -1;
	ZSTD_DCtx *z = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, inlen, 0 };
	ZSTD_outBuffer ob = { out, outmax, 0 };
	size_t rc;
	int ok = 0;

	if (!z)
		return -1;
	// stop once out is full: the start of a long field is all the reader wants
	for (;;) {
		size_t ipos = ib.pos, opos = ob.pos;

		rc = ZSTD_decompressStream(z, &ob, &ib);
		if (ZSTD_isError(rc))
			break;
		if (rc == 0 || ob.pos == ob.size) {
			ok = 1;
			break;
		}
		if (ib.pos == ipos && ob.pos == opos)
			break;
	}
	ZSTD_freeDCtx(z);
	*outlen = ob.pos;
	return ok ? 0 : -1;
}

#define MAXE 64

struct got {
	struct journal_entry e[MAXE];
	int n, stop_at;
};

static int collect(const struct journal_entry *e, void *ctx)
{
	struct got *g = ctx;

	if (g->n < MAXE)
		g->e[g->n] = *e;
	g->n++;
	return g->stop_at && g->n == g->stop_at;
}

#define LONG_MSG_LEN 2000

enum msgkind { PLAIN, ZSTD, LZ4, XZ };

struct built {
	size_t arr1, arr2, e[4], hostname;
};

/* The reference file: boot A's "Started" and kernel panic, boot B's sshd (message compressed as
 * kind says, ident from _COMM alone) and a hostile line; arrays of 2 and of 4 (2 slots unused). */
static void build(struct jw *w, int compact, enum msgkind kind, struct built *bt)
{
	static const unsigned incompat[] = { 0, JOURNAL_INCOMPAT_ZSTD, JOURNAL_INCOMPAT_LZ4, JOURNAL_INCOMPAT_XZ };
	const char *sshd = "MESSAGE=Server listening on 0.0.0.0 port 22.";
	size_t it[8], d;

	jw_begin(w, compact, incompat[kind] | JOURNAL_INCOMPAT_KEYED_HASH);
	bt->hostname = jw_field(w, "_HOSTNAME=guest");
	it[0] = jw_field(w, "MESSAGE=Started foo.service - Foo.");
	it[1] = jw_field(w, "PRIORITY=6");
	it[2] = jw_field(w, "SYSLOG_IDENTIFIER=systemd");
	it[3] = jw_field(w, "_COMM=systemd");
	it[4] = bt->hostname;
	bt->e[0] = jw_entry(w, 1, 1234567, BOOT_A, it, 5);
	it[0] = jw_field(w, "_TRANSPORT=kernel");
	it[1] = jw_field(w, "PRIORITY=0");
	it[2] = jw_field(w, "SYSLOG_IDENTIFIER=kernel");
	it[3] = jw_field(w, "MESSAGE=Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)");
	it[4] = bt->hostname;
	bt->e[1] = jw_entry(w, 2, 2500000, BOOT_A, it, 5);
	bt->arr1 = jw_array(w, bt->e, 2, 2);
	if (kind == ZSTD) {
		unsigned char z[256];
		size_t zn = ZSTD_compress(z, sizeof z, sshd, strlen(sshd), 3);
		d = jw_data(w, z, zn, JOURNAL_ZSTD);
	} else if (kind == LZ4) {
		unsigned char l[256];
		put64(l, strlen(sshd));
		memcpy(l + 8, sshd, strlen(sshd));
		d = jw_data(w, l, 8 + strlen(sshd), JOURNAL_LZ4);
	} else if (kind == XZ) {
		d = jw_data(w, "\xfd" "7zXZ garbage", 12, JOURNAL_XZ);
	} else {
		d = jw_field(w, sshd);
	}
	it[0] = jw_field(w, "_COMM=sshd");
	it[1] = d;
	it[2] = bt->hostname;
	bt->e[2] = jw_entry(w, 3, 900000, BOOT_B, it, 3);
	it[0] = jw_field(w, "MESSAGE=evil \x1b[2J\x1b]0;x\x07 caf\xc3\xa9 \xff \xc2\x9b" "31m\tend\n\n");
	it[1] = jw_field(w, "SYSLOG_IDENTIFIER=ev\x1bil");
	it[2] = jw_field(w, "PRIORITY=12");	/* not a priority */
	it[3] = jw_field(w, "MESSAGE=a second MESSAGE: ignored");
	bt->e[3] = jw_entry(w, 4, 1900000, BOOT_B, it, 4);
	bt->arr2 = jw_array(w, bt->e + 2, 2, 4);
	put64(w->b + bt->arr1 + 16, bt->arr2);
	jw_end(w, bt->arr1, 4, BOOT_B);
}

struct want {
	unsigned long long seqnum, mono;
	int boot, priority, kernel;
	const char *ident, *message;
};

static const struct want reference[] = {
	{ 1, 1234567, BOOT_A, 6, 0, "systemd", "Started foo.service - Foo." },
	{ 2, 2500000, BOOT_A, 0, 1, "kernel", "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)" },
	{ 3, 900000, BOOT_B, -1, 0, "sshd", "Server listening on 0.0.0.0 port 22." },
	{ 4, 1900000, BOOT_B, -1, 0, "ev?il", "evil ?[2J?]0;x? caf\xc3\xa9 ? ??31m end" },
};

static int boot_is(const unsigned char *id, int b)
{
	for (int i = 0; i < 16; i++)
		if (id[i] != b)
			return 0;
	return 1;
}

static void check_reference(const char *name, const struct got *g, int from)
{
	for (int i = from; i < 4; i++) {
		const struct journal_entry *e = &g->e[i - from];
		const struct want *x = &reference[i];
		char ctx[96];

		snprintf(ctx, sizeof ctx, "%s entry %d", name, i + 1);
		CHECK(e->seqnum == x->seqnum, "%s: seqnum %llu", ctx, e->seqnum);
		CHECK(e->realtime_us == RT + x->seqnum * 1000000, "%s: realtime %llu", ctx, e->realtime_us);
		CHECK(e->monotonic_us == x->mono, "%s: monotonic %llu", ctx, e->monotonic_us);
		CHECK(boot_is(e->boot_id, x->boot), "%s: boot id", ctx);
		CHECK(e->priority == x->priority, "%s: priority %d", ctx, e->priority);
		CHECK(e->transport_kernel == x->kernel, "%s: kernel %d", ctx, e->transport_kernel);
		CHECK(e->undecoded == 0, "%s: undecoded %d", ctx, e->undecoded);
		CHECK_STR(e->ident, x->ident, ctx);
		CHECK_STR(e->message, x->message, ctx);
	}
}

static struct jw w;

static void test_layouts(void)
{
	static const struct {
		const char *name;
		int compact;
		enum msgkind kind;
	} cases[] = {
		{ "regular", 0, PLAIN }, { "compact", 1, PLAIN }, { "regular zstd", 0, ZSTD },
		{ "compact zstd", 1, ZSTD }, { "compact lz4 size prefix", 1, LZ4 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct built bt;
		struct got g = { .n = 0 };
		struct dec d = { 0, 0 };
		struct journal_walk_stats st;
		struct journal_info info;
		char why[96];
		unsigned char boot[16];
		int rc;

		build(&w, cases[i].compact, cases[i].kind, &bt);
		rc = journal_open(w.b, w.n, &info, why, sizeof why);
		CHECK(rc == 0, "%s: open: %s", cases[i].name, why);
		CHECK(info.compact == cases[i].compact && info.state == 1 && !info.truncated && info.n_entries == 4,
		      "%s: info compact %d state %d truncated %d n %llu", cases[i].name, info.compact, info.state,
		      info.truncated, info.n_entries);
		CHECK(boot_is(info.tail_boot_id, BOOT_B) && info.machine_id[0] == 0x11, "%s: info ids", cases[i].name);
		rc = journal_walk(w.b, w.n, decompress, &d, collect, &g, &st);
		CHECK(rc == 0 && g.n == 4 && st.entries == 4 && st.skipped == 0 && st.undecoded == 0 && !st.why[0],
		      "%s: rc %d, %d entries, %llu skipped, %llu undecoded, why \"%s\"", cases[i].name, rc, g.n,
		      st.skipped, st.undecoded, st.why);
		CHECK(d.calls == (cases[i].kind == PLAIN ? 0 : 1), "%s: %d decompressions", cases[i].name, d.calls);
		if (g.n == 4)
			check_reference(cases[i].name, &g, 0);
		CHECK(journal_last_boot(w.b, w.n, boot) == 0 && boot_is(boot, BOOT_B), "%s: last boot", cases[i].name);
		// the callback stops the walk
		g.n = 0;
		g.stop_at = 2;
		rc = journal_walk(w.b, w.n, decompress, &d, collect, &g, NULL);
		CHECK(rc == 1 && g.n == 2, "%s: stopped: rc %d, %d entries", cases[i].name, rc, g.n);
	}
}

/* A compressed field the reader cannot open: no callback, the callback refuses, or XZ it fails on. */
static void test_undecoded(void)
{
	static const struct {
		const char *name;
		enum msgkind kind;
		int with_dec;
	} cases[] = {
		{ "zstd, no callback", ZSTD, 0 }, { "xz, callback fails", XZ, 1 }, { "lz4, no callback", LZ4, 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct built bt;
		struct got g = { .n = 0 };
		struct dec d = { 0, 0 };
		struct journal_walk_stats st;
		int rc;

		build(&w, 0, cases[i].kind, &bt);
		rc = journal_walk(w.b, w.n, cases[i].with_dec ? decompress : NULL, &d, collect, &g, &st);
		CHECK(rc == 0 && g.n == 4 && st.undecoded == 1, "%s: rc %d, %d entries, %llu undecoded", cases[i].name,
		      rc, g.n, st.undecoded);
		if (g.n == 4) {
			CHECK(g.e[2].undecoded == 1 && g.e[2].message[0] == 0, "%s: entry 3 undecoded %d, message \"%s\"",
			      cases[i].name, g.e[2].undecoded, g.e[2].message);
			CHECK_STR(g.e[2].ident, "sshd", cases[i].name);
			CHECK_STR(g.e[3].ident, "ev?il", cases[i].name);
		}
	}
}

/* A long zstd message: only its start is decompressed, the message is cut to fit. */
static void test_long_message(void)
{
	static char msg[8 + LONG_MSG_LEN + 1];
	static unsigned char z[4096];
	struct got g = { .n = 0 };
	struct dec d = { 0, 0 };
	size_t it[2], e, zn;

	memcpy(msg, "MESSAGE=", 8);
	for (int i = 0; i < LONG_MSG_LEN; i++)
		msg[8 + i] = (char)('a' + i % 26);
	zn = ZSTD_compress(z, sizeof z, msg, strlen(msg), 3);
	jw_begin(&w, 1, JOURNAL_INCOMPAT_ZSTD);
	it[0] = jw_data(&w, z, zn, JOURNAL_ZSTD);
	it[1] = jw_field(&w, "_COMM=big");
	e = jw_entry(&w, 1, 1, BOOT_A, it, 2);
	jw_end(&w, jw_array(&w, &e, 1, 1), 1, BOOT_A);
	CHECK(journal_walk(w.b, w.n, decompress, &d, collect, &g, NULL) == 0 && g.n == 1, "long: %d entries", g.n);
	CHECK(strlen(g.e[0].message) == sizeof g.e[0].message - 1 && memcmp(g.e[0].message, msg + 8, 511) == 0,
	      "long: message of %zu bytes", strlen(g.e[0].message));
	CHECK(d.calls == 1, "long: %d calls", d.calls);
}

/* Many entries naming one big compressed field: the callback sees at most 4 × the file. */
static void test_budget(void)
{
	static unsigned char raw[6000], z[8192];
	struct got g = { .n = 0 };
	struct dec d = { 0, 0 };
	struct journal_walk_stats st;
	size_t it[2], e[40], zn;
	unsigned x = 12345;

	memcpy(raw, "MESSAGE=", 8);
	for (size_t i = 8; i < sizeof raw; i++) {
		x = x * 1103515245 + 12345;
		raw[i] = (unsigned char)('a' + (x >> 16) % 26);
	}
	zn = ZSTD_compress(z, sizeof z, raw, sizeof raw, 1);
	jw_begin(&w, 0, JOURNAL_INCOMPAT_ZSTD);
	it[0] = jw_data(&w, z, zn, JOURNAL_ZSTD);
	it[1] = jw_field(&w, "_COMM=chatty");
	for (int i = 0; i < 40; i++)
		e[i] = jw_entry(&w, (unsigned long long)i + 1, (unsigned long long)i, BOOT_A, it, 2);
	jw_end(&w, jw_array(&w, e, 40, 40), 40, BOOT_A);
	CHECK(journal_walk(w.b, w.n, decompress, &d, collect, &g, &st) == 0 && g.n == 40, "budget: %d entries", g.n);
	CHECK(d.in <= 4 * w.n && st.undecoded > 0 && st.undecoded < 40, "budget: %llu bytes in for a %zu-byte file, %llu undecoded",
	      d.in, w.n, st.undecoded);
	CHECK(memcmp(g.e[0].message, raw + 8, 511) == 0, "budget: first message \"%.20s\"", g.e[0].message);
	CHECK(g.e[39].undecoded == 1 && g.e[39].message[0] == 0, "budget: last entry undecoded %d", g.e[39].undecoded);
}

/* Each a change to the reference file (regular layout), and what the reader must make of it. */
struct hostile {
	const char *name;
	void (*edit)(struct jw *w, const struct built *bt);
	int open_rc, walk_rc, entries, skipped;	/* entries -1: any */
};

static void bad_signature(struct jw *w, const struct built *bt) { (void)bt; w->b[0] = 'X'; }
static void unknown_incompat(struct jw *w, const struct built *bt) { (void)bt; put32(w->b + 12, 1u << 5); }
static void header_too_big(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 88, w->n + 8); }
static void header_small(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 88, 200); }
static void header_odd(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 88, 276); }
static void first_array_past_end(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 176, w->n + 64); }
static void first_array_huge(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 176, ~0ULL - 7); }
static void first_array_inside_header(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 176, 8); }
static void first_array_misaligned(struct jw *w, const struct built *bt) { put64(w->b + 176, bt->arr1 + 4); }
static void first_array_is_entry(struct jw *w, const struct built *bt) { put64(w->b + 176, bt->e[0]); }
static void array_loops_to_itself(struct jw *w, const struct built *bt) { put64(w->b + bt->arr2 + 16, bt->arr2); }
static void array_loops_back(struct jw *w, const struct built *bt) { put64(w->b + bt->arr2 + 16, bt->arr1); }
static void array_size_overflows(struct jw *w, const struct built *bt) { put64(w->b + bt->arr2 + 8, ~0ULL); }
static void array_size_small(struct jw *w, const struct built *bt) { put64(w->b + bt->arr2 + 8, 8); }
static void entry_past_end(struct jw *w, const struct built *bt) { put64(w->b + bt->arr2 + 24, w->n + 4096); }
static void entry_huge(struct jw *w, const struct built *bt) { put64(w->b + bt->arr2 + 24, ~0ULL - 15); }
static void entry_twice(struct jw *w, const struct built *bt) { put64(w->b + bt->arr2 + 24, bt->e[1]); }
static void entry_size_overflows(struct jw *w, const struct built *bt) { put64(w->b + bt->e[2] + 8, ~0ULL - 3); }
static void entry_wrong_type(struct jw *w, const struct built *bt) { w->b[bt->e[2]] = 1; }
static void entry_zeroed(struct jw *w, const struct built *bt) { memset(w->b + bt->e[2], 0, 64); }
static void data_past_end(struct jw *w, const struct built *bt) { put64(w->b + bt->e[0] + 64, w->n + 8); }
static void data_size_overflows(struct jw *w, const struct built *bt) { put64(w->b + bt->hostname + 8, ~0ULL); }
static void data_is_entry(struct jw *w, const struct built *bt) { put64(w->b + bt->e[0] + 64, bt->e[1]); }
static void arena_beyond_file(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 96, ~0ULL - 100); }
static void arena_short(struct jw *w, const struct built *bt) { put64(w->b + 96, bt->arr2 - HSIZE); }
static void no_entries(struct jw *w, const struct built *bt) { (void)bt; put64(w->b + 176, 0); }

static const struct hostile hostiles[] = {
	{ "wrong signature", bad_signature, -1, -1, 0, 0 },
	{ "unknown incompatible flag", unknown_incompat, -1, -1, 0, 0 },
	{ "header size past the end", header_too_big, -1, -1, 0, 0 },
	{ "header size below the minimum", header_small, -1, -1, 0, 0 },
	{ "header size not 8-aligned", header_odd, -1, -1, 0, 0 },
	{ "entry array offset past the end", first_array_past_end, 0, -1, 0, 0 },
	{ "entry array offset near 2^64", first_array_huge, 0, -1, 0, 0 },
	{ "entry array offset in the header", first_array_inside_header, 0, -1, 0, 0 },
	{ "entry array offset misaligned", first_array_misaligned, 0, -1, 0, 0 },
	{ "entry array offset names an entry", first_array_is_entry, 0, -1, 0, 0 },
	{ "entry array chain loops to itself", array_loops_to_itself, 0, -1, 4, 0 },
	{ "entry array chain loops back", array_loops_back, 0, -1, 4, 0 },
	{ "entry array size near 2^64", array_size_overflows, 0, -1, 2, 0 },
	{ "entry array smaller than its header", array_size_small, 0, -1, 2, 0 },
	{ "entry offset past the end", entry_past_end, 0, 0, 3, 1 },
	{ "entry offset near 2^64", entry_huge, 0, 0, 3, 1 },
	{ "entry listed twice", entry_twice, 0, 0, 3, 1 },
	{ "entry size near 2^64", entry_size_overflows, 0, 0, 3, 1 },
	{ "entry object of the wrong type", entry_wrong_type, 0, 0, 3, 1 },
	{ "entry never written (zeros)", entry_zeroed, 0, 0, 3, 1 },
	{ "data offset past the end", data_past_end, 0, 0, 4, 0 },
	{ "data size near 2^64", data_size_overflows, 0, 0, 4, 0 },
	{ "data offset names an entry", data_is_entry, 0, 0, 4, 0 },
	{ "arena size past the file", arena_beyond_file, 0, 0, 4, 0 },
	{ "arena ends before the second array", arena_short, 0, -1, 2, 0 },
	{ "no entry array yet", no_entries, 0, 0, 0, 0 },
};

static void test_hostile(void)
{
	for (size_t i = 0; i < sizeof hostiles / sizeof hostiles[0]; i++) {
		const struct hostile *h = &hostiles[i];
		struct built bt;
		struct got g = { .n = 0 };
		struct dec d = { 0, 0 };
		struct journal_walk_stats st;
		char why[96] = "unset";
		unsigned char *copy;
		int rc;

		build(&w, 0, ZSTD, &bt);
		h->edit(&w, &bt);
		// an exact-size heap copy: ASan sees any read past its end
		copy = malloc(w.n);
		memcpy(copy, w.b, w.n);
		rc = journal_open(copy, w.n, NULL, why, sizeof why);
		CHECK(rc == h->open_rc && (rc == 0) == (why[0] == 0), "%s: open %d, why \"%s\"", h->name, rc, why);
		rc = journal_walk(copy, w.n, decompress, &d, collect, &g, &st);
		CHECK(rc == h->walk_rc && (rc < 0) == (st.why[0] != 0), "%s: walk %d, why \"%s\"", h->name, rc, st.why);
		CHECK(g.n == h->entries && st.skipped == (unsigned long long)h->skipped,
		      "%s: %d entries, %llu skipped", h->name, g.n, st.skipped);
		free(copy);
	}
	// the data that is not there: its entry keeps the rest
	struct built bt;
	struct got g = { .n = 0 };

	build(&w, 0, PLAIN, &bt);
	data_past_end(&w, &bt);
	journal_walk(w.b, w.n, NULL, NULL, collect, &g, NULL);
	CHECK(g.n == 4 && g.e[0].message[0] == 0 && g.e[0].priority == 6, "missing data: message \"%s\"", g.e[0].message);
}

/* Every cut of the file: the reader stays inside, and never finds more than there is. */
static void test_truncated(void)
{
	struct built bt;
	int bad = 0, fewer = 0, opened = 0;

	build(&w, 0, ZSTD, &bt);
	for (size_t cut = 0; cut < w.n; cut++) {
		unsigned char *copy = malloc(cut ? cut : 1);
		struct got g = { .n = 0 };
		struct dec d = { 0, 0 };
		struct journal_info info;
		char why[96];
		unsigned char boot[16];
		int rc;

		memcpy(copy, w.b, cut);
		rc = journal_open(copy, cut, &info, why, sizeof why);
		if (rc == 0) {
			opened++;
			if (!info.truncated)
				bad++;
		}
		rc = journal_walk(copy, cut, decompress, &d, collect, &g, NULL);
		if (rc == 1 || g.n > 4)
			bad++;
		if (g.n < 4)
			fewer++;
		journal_last_boot(copy, cut, boot);
		free(copy);
	}
	CHECK(bad == 0, "truncated: %d bad results", bad);
	CHECK(opened == (int)(w.n - HSIZE) && fewer == (int)w.n, "truncated: %d opened, %d with fewer entries", opened,
	      fewer);
	// cut where the last entry starts: the first array's two entries, then the broken chain
	struct got g = { .n = 0 };
	unsigned char *copy = malloc(bt.e[3]);

	memcpy(copy, w.b, bt.e[3]);
	CHECK(journal_walk(copy, bt.e[3], decompress, &(struct dec){ 0, 0 }, collect, &g, NULL) == -1 && g.n == 2,
	      "cut before the second array: %d entries", g.n);
	free(copy);
}

/* Random bytes changed: the walk ends, inside the file. */
static void test_fuzz(void)
{
	struct built bt;
	unsigned long long x = 88172645463325252ULL;
	int odd = 0;

	for (int round = 0; round < 3000; round++) {
		build(&w, round & 1, round % 3 ? ZSTD : PLAIN, &bt);
		unsigned char *copy = malloc(w.n);
		struct got g = { .n = 0 };
		struct dec d = { 0, 0 };
		unsigned char boot[16];
		int rc;

		memcpy(copy, w.b, w.n);
		for (int k = 0; k < 1 + round % 8; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			size_t at = (size_t)(x % w.n);
			copy[at] = (unsigned char)(x >> 32);
		}
		rc = journal_walk(copy, w.n, decompress, &d, collect, &g, NULL);
		if (rc == 1 || g.n > 4)
			odd++;
		journal_last_boot(copy, w.n, boot);
		free(copy);
	}
	CHECK(odd == 0, "fuzz: %d odd results", odd);
}

static void test_last_boot(void)
{
	struct built bt;
	unsigned char boot[16];

	build(&w, 1, PLAIN, &bt);
	put64(w.b + 176, 0);
	CHECK(journal_last_boot(w.b, w.n, boot) == 0 && boot_is(boot, BOOT_B), "no chain: the header's tail boot id");
	put64(w.b + 152, 0);
	CHECK(journal_last_boot(w.b, w.n, boot) == -1, "no chain, no entries: none");
	build(&w, 1, PLAIN, &bt);
	put64(w.b + bt.arr1 + 16, 0);
	CHECK(journal_last_boot(w.b, w.n, boot) == 0 && boot_is(boot, BOOT_A), "first array alone: boot A");
}

struct cls {
	const char *msg;
	int cls;
};

static const struct cls classes[] = {
	{ "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", JOURNAL_PANIC },
	{ "Kernel panic is a band name", JOURNAL_NONE },
	{ "BUG: unable to handle page fault for address: ffffffffc0a01000", JOURNAL_OOPS },
	{ "DEBUG: value is 3", JOURNAL_NONE },
	{ "kernel BUG at mm/slub.c:305!", JOURNAL_OOPS },
	{ "kernel: no bugs at all", JOURNAL_NONE },
	{ "Oops: 0000 [#1] PREEMPT SMP NOPTI", JOURNAL_OOPS },
	{ "Whoops, said the app", JOURNAL_NONE },
	{ "Oopsie daisy", JOURNAL_NONE },
	{ "general protection fault, probably for non-canonical address 0xdead000000000100", JOURNAL_OOPS },
	{ "Call Trace:", JOURNAL_OOPS },
	{ "Call Tracer started", JOURNAL_NONE },
	{ "Out of memory: Killed process 1234 (java) total-vm:8000000kB", JOURNAL_OOM },
	{ "Out of memory: Kill process 1234 (java) score 900 or sacrifice child", JOURNAL_OOM },
	{ "malloc: Out of memory", JOURNAL_NONE },
	{ "Failed to start nginx.service - A high performance web server.", JOURNAL_UNIT_FAILED },
	{ "Started nginx.service - A high performance web server.", JOURNAL_NONE },
	{ "nginx.service: Failed with result 'exit-code'.", JOURNAL_UNIT_FAILED },
	{ "nginx.service: Succeeded.", JOURNAL_NONE },
	{ "Dependency failed for local-fs.target - Local File Systems.", JOURNAL_UNIT_FAILED },
	{ "Reached target local-fs.target - Local File Systems.", JOURNAL_NONE },
	{ "Failed to mount data.mount - /data.", JOURNAL_UNIT_FAILED },
	{ "Mounted data.mount - /data.", JOURNAL_NONE },
	{ "You are in emergency mode. After logging in, type \"journalctl -xb\"", JOURNAL_EMERGENCY },
	{ "Started emergency.service - Emergency Shell.", JOURNAL_EMERGENCY },
	{ "Reached target emergency.target - Emergency Mode.", JOURNAL_EMERGENCY },
	{ "Reached target multi-user.target - Multi-User System.", JOURNAL_NONE },
	{ "Timed out waiting for device dev-disk-by\\x2duuid-1234.device - /dev/disk/by-uuid/1234.", JOURNAL_DEVICE_TIMEOUT },
	{ "Timed out waiting for reply from 10.0.0.1", JOURNAL_NONE },
	{ "EXT4-fs error (device vda1): ext4_lookup:1855: inode #2: comm ls: deleted inode referenced: 12", JOURNAL_FS_ERROR },
	{ "EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.", JOURNAL_NONE },
	{ "EXT4-fs (vda1): Remounting filesystem read-only", JOURNAL_FS_ERROR },
	{ "XFS (vda1): Corruption detected. Unmount and run xfs_repair", JOURNAL_FS_ERROR },
	{ "XFS (dm-0): Metadata corruption detected at xfs_dinode_verify+0x1a/0x60", JOURNAL_FS_ERROR },
	{ "XFS (vda1): Mounting V5 Filesystem", JOURNAL_NONE },
	{ "blk_update_request: I/O error, dev vda, sector 2048 op 0x0:(READ)", JOURNAL_FS_ERROR },
	{ "Buffer I/O scheduler set", JOURNAL_NONE },
	{ "", JOURNAL_NONE },
	{ NULL, JOURNAL_NONE },
};

static void test_classify(void)
{
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		int c = journal_classify(classes[i].msg);
		CHECK(c == classes[i].cls, "\"%s\": %d (%s), want %d (%s)", classes[i].msg ? classes[i].msg : "(null)", c,
		      journal_class_name(c), classes[i].cls, journal_class_name(classes[i].cls));
	}
	CHECK_STR(journal_class_name(JOURNAL_PANIC), "panic", "class name");
	CHECK_STR(journal_class_name(JOURNAL_NONE), "", "class name none");
	CHECK_STR(journal_class_name(99), "", "class name out of range");
}

static struct journal_entry mk(int boot, unsigned long long seq, const char *msg)
{
	struct journal_entry e;

	memset(&e, 0, sizeof e);
	memset(e.boot_id, boot, 16);
	e.seqnum = seq;
	e.priority = -1;
	snprintf(e.message, sizeof e.message, "%s", msg);
	return e;
}

static void test_tail(void)
{
	static struct journal_line ring[4], hits[2];
	struct journal_tail t;
	const struct journal_line *out[16];
	struct journal_entry e;
	int n;

	journal_tail_init(&t, ring, 4, hits, 2);
	e = mk(BOOT_A, 1, "Failed to start a.service");	/* another boot: forgotten */
	journal_tail_add(&t, &e);
	for (int i = 0; i < 12; i++) {
		static const char *const lines[12] = {
			"booting", "Failed to start x.service", "Dependency failed for y", "ok", "Oops: 1", "ok",
			"ok", "ok", "ok", "Timed out waiting for device /dev/vdb", "ok", "ok",
		};
		e = mk(BOOT_B, 10 + (unsigned long long)i, lines[i]);
		journal_tail_add(&t, &e);
	}
	CHECK(t.nlines == 12 && t.nclassified == 4 && t.nhits == 2 && boot_is(t.boot_id, BOOT_B),
	      "tail: %llu lines, %llu classified, %d kept", t.nlines, t.nclassified, t.nhits);
	// the two first classified lines, then the last three
	n = journal_tail_pick(&t, 3, out, 16);
	static const unsigned long long picked[] = { 11, 12, 19, 20, 21 };
	CHECK(n == 5, "tail: %d picked", n);
	for (int i = 0; i < n && i < 5; i++)
		CHECK(out[i]->e.seqnum == picked[i], "tail pick %d: seqnum %llu", i, out[i]->e.seqnum);
	CHECK(n == 5 && out[0]->cls == JOURNAL_UNIT_FAILED && out[2]->cls == JOURNAL_DEVICE_TIMEOUT && out[3]->cls == 0,
	      "tail: classes");
	// k past the ring, and max: the ring's four, a classified line among them once
	n = journal_tail_pick(&t, 99, out, 16);
	CHECK(n == 6 && out[2]->e.seqnum == 18 && out[5]->e.seqnum == 21, "tail: k capped: %d", n);
	n = journal_tail_pick(&t, 3, out, 2);
	CHECK(n == 2 && out[1]->e.seqnum == 12, "tail: max 2: %d", n);
	n = journal_tail_pick(&t, 0, out, 16);
	CHECK(n == 2, "tail: k 0: %d", n);
	// a short boot: all of it, nothing twice
	journal_tail_init(&t, ring, 4, hits, 2);
	e = mk(BOOT_A, 1, "Failed to start a.service");
	journal_tail_add(&t, &e);
	e = mk(BOOT_A, 2, "ok");
	journal_tail_add(&t, &e);
	n = journal_tail_pick(&t, 3, out, 16);
	CHECK(n == 2 && out[0]->e.seqnum == 1 && out[0]->n == 0 && out[1]->e.seqnum == 2, "tail: short boot: %d", n);
	journal_tail_init(&t, NULL, 0, NULL, 0);
	journal_tail_add(&t, &e);
	CHECK(journal_tail_pick(&t, 3, out, 16) == 0 && t.nlines == 1, "tail: no storage");
}

static void test_format(void)
{
	static const struct {
		unsigned long long rt, mono;
		const char *ident, *msg, *want;
	} cases[] = {
		{ RT, 12345678, "kernel", "Oops", "2024-05-01 12:34:56 [   12.345678] kernel: Oops" },
		{ 951868799999999ULL, 0, "", "leap", "2000-02-29 23:59:59 [    0.000000] leap" },
		{ 0, 1234567890123ULL, "x", "", "1970-01-01 00:00:00 [1234567.890123] x: " },
	};
	char out[128];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct journal_entry e = mk(BOOT_A, 1, cases[i].msg);

		e.realtime_us = cases[i].rt;
		e.monotonic_us = cases[i].mono;
		snprintf(e.ident, sizeof e.ident, "%s", cases[i].ident);
		journal_format(&e, out, sizeof out);
		CHECK_STR(out, cases[i].want, "format");
	}
	struct journal_entry e = mk(BOOT_A, 1, "a long message");
	CHECK(journal_format(&e, out, 8) > 8 && strlen(out) == 7, "format: cut");
}

int main(void)
{
	test_layouts();
	test_undecoded();
	test_long_message();
	test_budget();
	test_hostile();
	test_truncated();
	test_fuzz();
	test_last_boot();
	test_classify();
	test_tail();
	test_format();
	return t_done("test_journal");
}
