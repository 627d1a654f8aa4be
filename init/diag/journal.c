/* systemd journal files read from a buffer: header, entry array chain, entries and their DATA fields. */
#include "journal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SIGNATURE "LPKSHHRH"
#define INCOMPAT_KNOWN (JOURNAL_INCOMPAT_XZ | JOURNAL_INCOMPAT_LZ4 | JOURNAL_INCOMPAT_KEYED_HASH | \
			JOURNAL_INCOMPAT_ZSTD | JOURNAL_INCOMPAT_COMPACT)
#define DEC_BUDGET 4		/* compressed bytes handed to the callback: at most this many times the file */
#define FIELD_MAX 576		/* a compressed field's first bytes: "MESSAGE=" and all journal_entry keeps of it */

// header fields, by offset
enum {
	H_COMPAT = 8, H_INCOMPAT = 12, H_STATE = 16, H_MACHINE_ID = 40, H_TAIL_BOOT_ID = 56, H_SEQNUM_ID = 72,
	H_HEADER_SIZE = 88, H_ARENA_SIZE = 96, H_N_ENTRIES = 152, H_TAIL_SEQNUM = 160, H_HEAD_SEQNUM = 168,
	H_ENTRY_ARRAY = 176, H_HEAD_REALTIME = 184, H_TAIL_REALTIME = 192,
};

enum { OBJECT_DATA = 1, OBJECT_ENTRY = 3, OBJECT_ENTRY_ARRAY = 6 };

// object layouts: where the variable part starts
enum { DATA_PAYLOAD = 64, DATA_PAYLOAD_COMPACT = 72, ENTRY_ITEMS = 64, ARRAY_ITEMS = 24 };

struct reader {
	const unsigned char *buf;
	unsigned long long start, end;	/* objects live in [start, end) */
	int compact;
	journal_decompress dec;
	void *decctx;
	unsigned long long budget, undecoded;
};

// a position along the entry array chain
struct chain {
	unsigned long long arr, arr_end, asize, i, entry_end, skipped;
	const unsigned char *a;
};

static unsigned long long le64(const unsigned char *p)
{
	unsigned long long v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static unsigned long long le32(const unsigned char *p)
{
	return (unsigned long long)p[0] | (unsigned long long)p[1] << 8 | (unsigned long long)p[2] << 16 |
	       (unsigned long long)p[3] << 24;
}

__attribute__((format(printf, 3, 4))) static void because(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!why || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
}

static int setup(struct reader *r, const unsigned char *buf, size_t len, struct journal_info *info, char *why,
		 size_t whysize)
{
	unsigned long long hsize, arena;
	unsigned incompat;

	memset(r, 0, sizeof *r);
	if (why && whysize)
		why[0] = 0;
	if (!buf || len < JOURNAL_HEADER_MIN) {
		because(why, whysize, "%zu bytes: shorter than a journal header", len);
		return -1;
	}
	if (memcmp(buf, SIGNATURE, 8) != 0) {
		because(why, whysize, "no journal signature");
		return -1;
	}
	incompat = (unsigned)le32(buf + H_INCOMPAT);
	if (incompat & ~INCOMPAT_KNOWN) {
		because(why, whysize, "incompatible flags 0x%x this reader does not know", incompat);
		return -1;
	}
	hsize = le64(buf + H_HEADER_SIZE);
	if (hsize < JOURNAL_HEADER_MIN || hsize > len || hsize % 8) {
		because(why, whysize, "header size %llu out of range", hsize);
		return -1;
	}
	arena = le64(buf + H_ARENA_SIZE);
	r->buf = buf;
	r->start = hsize;
	r->end = arena <= len - hsize ? hsize + arena : len;
	r->compact = !!(incompat & JOURNAL_INCOMPAT_COMPACT);
	if (info) {
		memset(info, 0, sizeof *info);
		info->compatible = (unsigned)le32(buf + H_COMPAT);
		info->incompatible = incompat;
		info->state = buf[H_STATE];
		info->compact = r->compact;
		info->truncated = arena > len - hsize;
		memcpy(info->machine_id, buf + H_MACHINE_ID, 16);
		memcpy(info->seqnum_id, buf + H_SEQNUM_ID, 16);
		memcpy(info->tail_boot_id, buf + H_TAIL_BOOT_ID, 16);
		info->n_entries = le64(buf + H_N_ENTRIES);
		info->head_seqnum = le64(buf + H_HEAD_SEQNUM);
		info->tail_seqnum = le64(buf + H_TAIL_SEQNUM);
		info->head_realtime_us = le64(buf + H_HEAD_REALTIME);
		info->tail_realtime_us = le64(buf + H_TAIL_REALTIME);
	}
	return 0;
}

int journal_open(const unsigned char *buf, size_t len, struct journal_info *info, char *why, size_t whysize)
{
	struct reader r;

	return setup(&r, buf, len, info, why, whysize);
}

/* The object of type at off, whole inside the arena and at least minsize bytes; its size to *size. */
static const unsigned char *object(const struct reader *r, unsigned long long off, int type,
				   unsigned long long minsize, unsigned long long *size)
{
	const unsigned char *p;
	unsigned long long sz;

	if (off < r->start || off % 8 || off >= r->end || r->end - off < 16)
		return NULL;
	p = r->buf + off;
	sz = le64(p + 8);
	if (p[0] != type || sz < minsize || sz > r->end - off)
		return NULL;
	*size = sz;
	return p;
}

/* The next sane ENTRY object along the chain: 1 with its offset and size, 0 at the chain's end,
 * -1 for a broken link (why says). Entries must not overlap the one before, nor arrays theirs,
 * so every step moves forward through the file. */
static int chain_next(const struct reader *r, struct chain *c, unsigned long long *off, unsigned long long *size,
		      char *why, size_t whysize)
{
	unsigned isz = r->compact ? 4 : 8;

	for (;;) {
		if (!c->a || c->i >= (c->asize - ARRAY_ITEMS) / isz) {
			unsigned long long next = c->a ? le64(c->a + 16) : c->arr;

			if (next == 0)
				return 0;
			if (next < c->arr_end) {
				because(why, whysize, "entry array at %llu goes backwards", next);
				return -1;
			}
			c->a = object(r, next, OBJECT_ENTRY_ARRAY, ARRAY_ITEMS, &c->asize);
			if (!c->a) {
				because(why, whysize, "no entry array at %llu", next);
				return -1;
			}
			c->arr = next;
			c->arr_end = next + c->asize;
			c->i = 0;
			continue;
		}
		const unsigned char *item = c->a + ARRAY_ITEMS + c->i * isz;
		unsigned long long eo = r->compact ? le32(item) : le64(item);

		c->i++;
		if (eo == 0) {
			// the unused rest of the last array
			c->i = (c->asize - ARRAY_ITEMS) / isz;
			continue;
		}
		if (eo < c->entry_end || !object(r, eo, OBJECT_ENTRY, ENTRY_ITEMS, size)) {
			c->skipped++;
			continue;
		}
		c->entry_end = eo + *size;
		*off = eo;
		return 1;
	}
}

/* in decompressed into out (FIELD_MAX bytes): 0 with *outlen, or -1. */
static int decode(struct reader *r, int algo, const unsigned char *in, unsigned long long inlen, unsigned char *out,
		  size_t *outlen)
{
	size_t max = FIELD_MAX;

	if (!r->dec || (algo & (algo - 1)))
		return -1;
	if (algo == JOURNAL_LZ4) {
		// the journal puts the uncompressed size in front of the LZ4 block
		if (inlen < 8)
			return -1;
		if (le64(in) < max)
			max = (size_t)le64(in);
		in += 8;
		inlen -= 8;
	}
	if (inlen > r->budget)
		return -1;
	r->budget -= inlen;
	*outlen = 0;
	if (r->dec(algo, in, (size_t)inlen, out, max, outlen, r->decctx) < 0 || *outlen > max)
		return -1;
	return 0;
}

/* The length of the valid UTF-8 sequence at s (len bytes left), 0 if none; C1 controls are not valid here. */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	unsigned c = s[0], cp;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < 0xa0 || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* s (len bytes) as one line of console-safe text in dst: whitespace as ' ', other control bytes
 * and broken UTF-8 as '?', trailing blanks dropped, cut to fit. */
static void text(char *dst, size_t size, const unsigned char *s, unsigned long long len)
{
	size_t o = 0;

	for (unsigned long long i = 0; i < len && o + 1 < size;) {
		size_t k = utf8_len(s + i, len - i < 4 ? (size_t)(len - i) : 4);

		if (k > 1) {
			if (o + k >= size)
				break;
			memcpy(dst + o, s + i, k);
			o += k;
			i += k;
			continue;
		}
		unsigned char c = s[i++];
		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		else if (k == 0 || c < 0x20 || c == 0x7f)
			c = '?';
		dst[o++] = (char)c;
	}
	while (o > 0 && dst[o - 1] == ' ')
		o--;
	dst[o] = 0;
}

static int is(const unsigned char *v, unsigned long long len, const char *name)
{
	size_t n = strlen(name);

	return len >= n && memcmp(v, name, n) == 0;
}

// what an entry has found so far
enum { HAVE_MESSAGE = 1, HAVE_COMM = 2, HAVE_SYSLOG_ID = 4 };

/* The DATA object at off, if it is a field journal_entry keeps, into e. */
static void field(struct reader *r, unsigned long long off, struct journal_entry *e, int *have)
{
	unsigned long long sz, vlen;
	unsigned long long hdr = r->compact ? DATA_PAYLOAD_COMPACT : DATA_PAYLOAD;
	const unsigned char *p = object(r, off, OBJECT_DATA, hdr, &sz), *v;
	unsigned char tmp[FIELD_MAX];
	int algo;

	if (!p)
		return;
	v = p + hdr;
	vlen = sz - hdr;
	algo = p[1] & (JOURNAL_XZ | JOURNAL_LZ4 | JOURNAL_ZSTD);
	if (algo) {
		size_t n;

		if (decode(r, algo, v, vlen, tmp, &n) < 0) {
			e->undecoded++;
			r->undecoded++;
			return;
		}
		v = tmp;
		vlen = n;
	}
	if (!(*have & HAVE_MESSAGE) && is(v, vlen, "MESSAGE=")) {
		text(e->message, sizeof e->message, v + 8, vlen - 8);
		*have |= HAVE_MESSAGE;
	} else if (is(v, vlen, "PRIORITY=")) {
		if (vlen == 10 && v[9] >= '0' && v[9] <= '7')
			e->priority = v[9] - '0';
	} else if (!(*have & HAVE_SYSLOG_ID) && is(v, vlen, "SYSLOG_IDENTIFIER=")) {
		text(e->ident, sizeof e->ident, v + 18, vlen - 18);
		*have |= HAVE_SYSLOG_ID;
	} else if (!(*have & (HAVE_SYSLOG_ID | HAVE_COMM)) && is(v, vlen, "_COMM=")) {
		text(e->ident, sizeof e->ident, v + 6, vlen - 6);
		*have |= HAVE_COMM;
	} else if (vlen == 17 && is(v, vlen, "_TRANSPORT=kernel")) {
		e->transport_kernel = 1;
	}
}

/* The ENTRY object at p (size bytes, checked by chain_next) into e. */
static void entry(struct reader *r, const unsigned char *p, unsigned long long size, struct journal_entry *e)
{
	unsigned isz = r->compact ? 4 : 16;
	unsigned long long n = (size - ENTRY_ITEMS) / isz;
	int have = 0;

	memset(e, 0, sizeof *e);
	e->priority = -1;
	e->seqnum = le64(p + 16);
	e->realtime_us = le64(p + 24);
	e->monotonic_us = le64(p + 32);
	memcpy(e->boot_id, p + 40, 16);
	for (unsigned long long i = 0; i < n; i++) {
		const unsigned char *item = p + ENTRY_ITEMS + i * isz;

		field(r, r->compact ? le32(item) : le64(item), e, &have);
	}
}

int journal_walk(const unsigned char *buf, size_t len, journal_decompress dec, void *decctx, journal_entry_cb cb,
		 void *ctx, struct journal_walk_stats *st)
{
	struct journal_walk_stats none;
	struct reader r;
	struct chain c;
	struct journal_entry e;
	unsigned long long off, size;
	int rc;

	if (!st)
		st = &none;
	memset(st, 0, sizeof *st);
	if (setup(&r, buf, len, NULL, st->why, sizeof st->why) < 0)
		return -1;
	r.dec = dec;
	r.decctx = decctx;
	r.budget = (unsigned long long)len * DEC_BUDGET;
	memset(&c, 0, sizeof c);
	c.arr = le64(buf + H_ENTRY_ARRAY);
	while ((rc = chain_next(&r, &c, &off, &size, st->why, sizeof st->why)) == 1) {
		entry(&r, buf + off, size, &e);
		st->entries++;
		if (cb && cb(&e, ctx)) {
			rc = 1;
			break;
		}
	}
	st->skipped = c.skipped;
	st->undecoded = r.undecoded;
	return rc;
}

int journal_last_boot(const unsigned char *buf, size_t len, unsigned char boot_id[16])
{
	struct reader r;
	struct chain c;
	unsigned long long off, size, last = 0;

	if (setup(&r, buf, len, NULL, NULL, 0) < 0)
		return -1;
	memset(&c, 0, sizeof c);
	c.arr = le64(buf + H_ENTRY_ARRAY);
	while (chain_next(&r, &c, &off, &size, NULL, 0) == 1)
		last = off;
	if (last) {
		memcpy(boot_id, buf + last + 40, 16);
		return 0;
	}
	if (le64(buf + H_N_ENTRIES) == 0)
		return -1;
	memcpy(boot_id, buf + H_TAIL_BOOT_ID, 16);
	return 0;
}

struct pattern {
	const char *s, *then;	/* s, and then (if set) somewhere after it */
	int cls;
	int word;		/* s only at the start of a word (and, if it ends in a letter, not inside a longer one) */
};

// the most telling first: the first pattern found decides
static const struct pattern patterns[] = {
	{ "Kernel panic - not syncing", NULL, JOURNAL_PANIC, 0 },
	{ "BUG:", NULL, JOURNAL_OOPS, 1 },
	{ "kernel BUG at", NULL, JOURNAL_OOPS, 0 },
	{ "Oops", NULL, JOURNAL_OOPS, 1 },
	{ "general protection fault", NULL, JOURNAL_OOPS, 0 },
	{ "Call Trace:", NULL, JOURNAL_OOPS, 0 },
	{ "Out of memory: Kill", NULL, JOURNAL_OOM, 0 },	/* "Killed process" now, "Kill process" before 5.0 */
	{ "EXT4-fs error", NULL, JOURNAL_FS_ERROR, 0 },
	{ "XFS (", "orruption", JOURNAL_FS_ERROR, 0 },	/* "…: Corruption detected", "…: Metadata corruption …" */
	{ "I/O error", NULL, JOURNAL_FS_ERROR, 0 },
	{ "Remounting filesystem read-only", NULL, JOURNAL_FS_ERROR, 0 },
	{ "Timed out waiting for device", NULL, JOURNAL_DEVICE_TIMEOUT, 0 },
	{ "emergency mode", NULL, JOURNAL_EMERGENCY, 0 },
	{ "Emergency Mode", NULL, JOURNAL_EMERGENCY, 0 },
	{ "Emergency Shell", NULL, JOURNAL_EMERGENCY, 0 },
	{ "Dependency failed for", NULL, JOURNAL_UNIT_FAILED, 0 },
	{ "Failed to start", NULL, JOURNAL_UNIT_FAILED, 0 },
	{ "Failed to mount", NULL, JOURNAL_UNIT_FAILED, 0 },
	{ "Failed to activate swap", NULL, JOURNAL_UNIT_FAILED, 0 },
	{ "Failed with result", NULL, JOURNAL_UNIT_FAILED, 0 },
	{ "failed with result", NULL, JOURNAL_UNIT_FAILED, 0 },
};

static int alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int found(const char *msg, const struct pattern *p)
{
	size_t n = strlen(p->s);

	for (const char *at = strstr(msg, p->s); at; at = strstr(at + 1, p->s)) {
		if (p->word && ((at > msg && alnum(at[-1])) || (alnum(p->s[n - 1]) && alnum(at[n]))))
			continue;
		if (!p->then || strstr(at + n, p->then))
			return 1;
	}
	return 0;
}

int journal_classify(const char *message)
{
	if (!message)
		return JOURNAL_NONE;
	for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
		if (found(message, &patterns[i]))
			return patterns[i].cls;
	return JOURNAL_NONE;
}

const char *journal_class_name(int cls)
{
	static const char *const names[] = {
		[JOURNAL_NONE] = "", [JOURNAL_PANIC] = "panic", [JOURNAL_OOPS] = "oops",
		[JOURNAL_UNIT_FAILED] = "unit failed", [JOURNAL_EMERGENCY] = "emergency mode",
		[JOURNAL_DEVICE_TIMEOUT] = "device timeout", [JOURNAL_FS_ERROR] = "filesystem error",
		[JOURNAL_OOM] = "out of memory",
	};

	if (cls < 0 || (size_t)cls >= sizeof names / sizeof names[0])
		return "";
	return names[cls];
}

void journal_tail_init(struct journal_tail *t, struct journal_line *ring, int ringcap, struct journal_line *hits,
		       int hitcap)
{
	memset(t, 0, sizeof *t);
	t->ring = ring;
	t->ringcap = ring && ringcap > 0 ? ringcap : 0;
	t->hits = hits;
	t->hitcap = hits && hitcap > 0 ? hitcap : 0;
}

static void keep(struct journal_line *l, const struct journal_entry *e, int cls, unsigned long long n)
{
	l->e = *e;
	l->cls = cls;
	l->n = n;
}

void journal_tail_add(struct journal_tail *t, const struct journal_entry *e)
{
	int cls = journal_classify(e->message);

	if (t->nlines == 0 || memcmp(t->boot_id, e->boot_id, 16) != 0) {
		t->nlines = t->nclassified = 0;
		t->nhits = 0;
		memcpy(t->boot_id, e->boot_id, 16);
	}
	if (t->ringcap)
		keep(&t->ring[t->nlines % (unsigned)t->ringcap], e, cls, t->nlines);
	if (cls) {
		t->nclassified++;
		if (t->nhits < t->hitcap)
			keep(&t->hits[t->nhits++], e, cls, t->nlines);
	}
	t->nlines++;
}

int journal_tail_pick(const struct journal_tail *t, int k, const struct journal_line **out, int max)
{
	unsigned long long first;
	int o = 0;

	if (k > t->ringcap)
		k = t->ringcap;
	if (k < 0)
		k = 0;
	if ((unsigned long long)k > t->nlines)
		k = (int)t->nlines;
	first = t->nlines - (unsigned long long)k;
	// the classified lines before the tail, then the tail (which holds the later ones)
	for (int h = 0; h < t->nhits && t->hits[h].n < first && o < max; h++)
		out[o++] = &t->hits[h];
	for (unsigned long long n = first; n < t->nlines && o < max; n++)
		out[o++] = &t->ring[n % (unsigned)t->ringcap];
	return o;
}

/* Days since 1970-01-01 as a proleptic Gregorian date. */
static void civil(unsigned long long days, unsigned long long *y, unsigned *m, unsigned *d)
{
	unsigned long long z = days + 719468;	/* days since 0000-03-01 */
	unsigned long long era = z / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = era * 400 + yoe + (*m <= 2);
}

int journal_format(const struct journal_entry *e, char *out, size_t size)
{
	unsigned long long s = e->realtime_us / 1000000, y;
	unsigned m, d, sec = (unsigned)(s % 86400);

	civil(s / 86400, &y, &m, &d);
	return snprintf(out, size, "%04llu-%02u-%02u %02u:%02u:%02u [%5llu.%06llu] %s%s%s", y, m, d, sec / 3600,
			sec / 60 % 60, sec % 60, e->monotonic_us / 1000000, e->monotonic_us % 1000000, e->ident,
			e->ident[0] ? ": " : "", e->message);
}
