/* The backup stream's header and frames (see lbk.h). */
#include "lbk.h"
#include "../lib/sha256.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* A value that fits a "key=value\n" line: printable, no newline. */
static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

int lbk_header_encode(const struct lbk_header *h, unsigned char *out, size_t size, const char **why)
{
	char text[LBK_TEXT_MAX + 1];
	struct sha256 s;
	int n;

	if (!printable(h->source) || !printable(h->fs) || !printable(h->uuid)) {
		*why = "a header field holds a control character";
		return -1;
	}
	if (h->chunk == 0 || h->chunk > LBK_CHUNK_MAX || h->chunk % 512) {
		*why = "the chunk size is not a multiple of 512 up to 4 MiB";
		return -1;
	}
	n = snprintf(text, sizeof text, "version=%u\nsource=%s\nbytes=%llu\nfs=%s\nuuid=%s\ncreated=%lld\nchunk=%u\n",
		     LBK_VERSION, h->source, h->bytes, h->fs, h->uuid, h->created, h->chunk);
	if (n < 0 || (size_t)n > LBK_TEXT_MAX || (size_t)n + LBK_PREFIX + 32 > size) {
		*why = "the header does not fit";
		return -1;
	}
	memcpy(out, "LBK1", 4);
	put32(out + 4, (uint32_t)n);
	memcpy(out + LBK_PREFIX, text, (size_t)n);
	sha256_init(&s);
	sha256_update(&s, out, LBK_PREFIX + (size_t)n);
	sha256_final(&s, out + LBK_PREFIX + n);
	return LBK_PREFIX + n + 32;
}

int lbk_header_size(const unsigned char *prefix, const char **why)
{
	uint32_t n;

	if (memcmp(prefix, "LBK1", 4) != 0) {
		*why = "not a lifeboat backup stream (no LBK1 at its start)";
		return -1;
	}
	n = get32(prefix + 4);
	if (n == 0 || n > LBK_TEXT_MAX) {
		*why = "the stream's header is longer than any lifeboat writes";
		return -1;
	}
	return LBK_PREFIX + (int)n + 32;
}

/* The decimal number in v into *out; 0, or -1 unless the whole of v is one. */
static int number(const char *v, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 10);
	return *end || errno || *out > max ? -1 : 0;
}

int lbk_header_decode(const unsigned char *buf, size_t len, struct lbk_header *h, const char **why)
{
	char text[LBK_TEXT_MAX + 1];
	unsigned char sum[32];
	struct sha256 s;
	unsigned seen = 0;
	int n = lbk_header_size(buf, why);

	if (n < 0)
		return -1;
	if ((size_t)n != len) {
		*why = "the header's length does not match";
		return -1;
	}
	sha256_init(&s);
	sha256_update(&s, buf, len - 32);
	sha256_final(&s, sum);
	if (memcmp(sum, buf + len - 32, 32) != 0) {
		*why = "the header's checksum does not match: the stream is corrupted";
		return -1;
	}
	memset(h, 0, sizeof *h);
	memcpy(text, buf + LBK_PREFIX, len - LBK_PREFIX - 32);
	text[len - LBK_PREFIX - 32] = '\0';
	if (strlen(text) != len - LBK_PREFIX - 32) {
		*why = "the header's text holds a NUL";
		return -1;
	}
	for (char *line = text, *next; *line; line = next) {
		unsigned long long v;
		char *eq, *nl = strchr(line, '\n');

		if (!nl) {
			*why = "the header's last line is cut";
			return -1;
		}
		*nl = '\0';
		next = nl + 1;
		if (!(eq = strchr(line, '='))) {
			*why = "a header line is not key=value";
			return -1;
		}
		*eq = '\0';
		const char *k = line, *val = eq + 1;
		if (strcmp(k, "version") == 0 && number(val, 1000, &v) == 0) {
			h->version = (unsigned)v;
			seen |= 1;
		} else if (strcmp(k, "source") == 0 && strlen(val) < sizeof h->source) {
			strcpy(h->source, val);
			seen |= 2;
		} else if (strcmp(k, "bytes") == 0 && number(val, UINT64_MAX, &v) == 0) {
			h->bytes = v;
			seen |= 4;
		} else if (strcmp(k, "fs") == 0 && strlen(val) < sizeof h->fs) {
			strcpy(h->fs, val);
			seen |= 8;
		} else if (strcmp(k, "uuid") == 0 && strlen(val) < sizeof h->uuid) {
			strcpy(h->uuid, val);
			seen |= 16;
		} else if (strcmp(k, "created") == 0 && number(val, INT64_MAX, &v) == 0) {
			h->created = (long long)v;
			seen |= 32;
		} else if (strcmp(k, "chunk") == 0 && number(val, LBK_CHUNK_MAX, &v) == 0 && v && v % 512 == 0) {
			h->chunk = (unsigned)v;
			seen |= 64;
		} else {
			// a later version may add keys; a known key with a bad value is damage
			if (strcmp(k, "version") == 0 || strcmp(k, "source") == 0 || strcmp(k, "bytes") == 0 ||
			    strcmp(k, "fs") == 0 || strcmp(k, "uuid") == 0 || strcmp(k, "created") == 0 ||
			    strcmp(k, "chunk") == 0) {
				*why = "a header field has a value lifeboat never writes";
				return -1;
			}
		}
	}
	if (seen != 127) {
		*why = "the header lacks a field";
		return -1;
	}
	if (h->version != LBK_VERSION) {
		*why = "the stream is of another format version";
		return -1;
	}
	return 0;
}

static void frame_check(const unsigned char head[24], const unsigned char *payload, size_t stored,
			unsigned char out[8])
{
	unsigned char d[32];
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, head, 24);
	if (stored)
		sha256_update(&s, payload, stored);
	sha256_final(&s, d);
	memcpy(out, d, 8);
}

void lbk_frame_encode(const struct lbk_frame *f, const unsigned char *payload, unsigned char out[LBK_FRAME])
{
	memset(out, 0, LBK_FRAME);
	out[0] = (unsigned char)f->type;
	put64(out + 4, f->offset);
	put32(out + 12, f->length);
	put32(out + 16, f->stored);
	// bytes 20..23 stay 0: part of what the check covers
	frame_check(out, payload, f->stored, out + 24);
}

int lbk_frame_decode(const unsigned char in[LBK_FRAME], const struct lbk_header *h, unsigned long long at,
		     struct lbk_frame *f, const char **why)
{
	static const unsigned char zero[4];

	f->type = in[0];
	f->offset = get64(in + 4);
	f->length = get32(in + 12);
	f->stored = get32(in + 16);
	if (memcmp(in + 1, zero, 3) || memcmp(in + 20, zero, 4)) {
		*why = "a frame's reserved bytes are not zero: the stream is corrupted";
		return -1;
	}
	if (at > h->bytes || f->offset != at) {
		*why = "a frame does not start where the one before it ended: the stream is corrupted or cut";
		return -1;
	}
	switch (f->type) {
	case LBK_DATA:
		if (f->length == 0 || f->length > h->chunk || f->length > h->bytes - at ||
		    f->stored == 0 || f->stored > LBK_STORED_MAX) {
			*why = "a data frame's sizes are out of range";
			return -1;
		}
		return 0;
	case LBK_ZERO:
		if (f->length == 0 || f->length > h->bytes - at || f->stored != 0) {
			*why = "a zero frame's sizes are out of range";
			return -1;
		}
		return 0;
	case LBK_END:
		if (at != h->bytes) {
			*why = "the stream ends before the source's last byte";
			return -1;
		}
		if (f->length != 0 || f->stored != 32) {
			*why = "the end frame's sizes are wrong";
			return -1;
		}
		return 0;
	default:
		*why = "a frame of an unknown type: the stream is corrupted";
		return -1;
	}
}

int lbk_frame_verify(const unsigned char in[LBK_FRAME], const unsigned char *payload, const char **why)
{
	unsigned char want[8];

	frame_check(in, payload, get32(in + 16), want);
	if (memcmp(want, in + 24, 8) != 0) {
		*why = "a frame's checksum does not match: the stream is corrupted";
		return -1;
	}
	return 0;
}
