/* A backup stream written and read a chunk at a time (see stream.h). */
#include "stream.h"

#include <string.h>
#include <zstd.h>

static int all_zero(const unsigned char *p, size_t len)
{
	return len == 0 || (p[0] == 0 && memcmp(p, p + 1, len - 1) == 0);
}

int lbk_writer_start(struct lbk_writer *w, const struct lbk_header *h, int level, unsigned char *out, size_t size,
		     const char **why)
{
	memset(w, 0, sizeof *w);
	w->h = *h;
	w->level = level;
	sha256_init(&w->sum);
	return lbk_header_encode(h, out, size, why);
}

/* The pending zero run as one frame into out; its length. */
static size_t flush_zeros(struct lbk_writer *w, unsigned char *out)
{
	struct lbk_frame f = { LBK_ZERO, w->at - w->zeros, 0, 0 };

	if (!w->zeros)
		return 0;
	// a zero frame's length is 32 bits: a longer run is framed in pieces
	size_t n = 0;
	while (w->zeros) {
		unsigned long long piece = w->zeros > 0x7ffff000ULL ? 0x7ffff000ULL : w->zeros;
		f.length = (unsigned)piece;
		lbk_frame_encode(&f, NULL, out + n);
		n += LBK_FRAME;
		f.offset += piece;
		w->zeros -= piece;
	}
	w->stored += n;
	return n;
}

long lbk_writer_chunk(struct lbk_writer *w, const unsigned char *data, size_t len, int unused, unsigned char *out,
		      const char **why)
{
	size_t n = 0;

	if (len == 0 || len > w->h.chunk || len > w->h.bytes - w->at) {
		*why = "a chunk larger than the header's, or past the source's end";
		return -1;
	}
	if (unused || all_zero(data, len)) {
		sha256_zeros(&w->sum, len);
		w->at += len;
		w->zeros += len;
		// a run that could not be one frame is cut before it grows past 32 bits
		return w->zeros > 0x7ffff000ULL ? (long)flush_zeros(w, out) : 0;
	}
	n = flush_zeros(w, out);
	size_t c = ZSTD_compress(out + n + LBK_FRAME, LBK_STORED_MAX, data, len, w->level);
	if (ZSTD_isError(c)) {
		*why = ZSTD_getErrorName(c);
		return -1;
	}
	struct lbk_frame f = { LBK_DATA, w->at, (unsigned)len, (unsigned)c };
	lbk_frame_encode(&f, out + n + LBK_FRAME, out + n);
	sha256_update(&w->sum, data, len);
	w->at += len;
	w->stored += LBK_FRAME + c;
	return (long)(n + LBK_FRAME + c);
}

long lbk_writer_finish(struct lbk_writer *w, unsigned char *out, unsigned char sum[32], const char **why)
{
	size_t n;

	if (w->at != w->h.bytes) {
		*why = "the source was not read to its end";
		return -1;
	}
	n = flush_zeros(w, out);
	sha256_final(&w->sum, sum);
	struct lbk_frame f = { LBK_END, w->at, 0, 32 };
	lbk_frame_encode(&f, sum, out + n);
	memcpy(out + n + LBK_FRAME, sum, 32);
	w->stored += LBK_FRAME + 32;
	return (long)(n + LBK_FRAME + 32);
}

void lbk_reader_init(struct lbk_reader *r)
{
	memset(r, 0, sizeof *r);
	sha256_init(&r->sum);
}

size_t lbk_reader_want(const struct lbk_reader *r)
{
	if (!r->have_header)
		return r->header_rest ? r->header_rest : LBK_PREFIX;
	if (r->have_header == 2)
		return 0;
	return r->want_payload ? r->f.stored : LBK_FRAME;
}

int lbk_reader_put(struct lbk_reader *r, const unsigned char *in, unsigned char *out, unsigned long long *offset,
		   unsigned long long *len, int *zeros, const char **why)
{

	if (r->have_header == 2) {
		*why = "the stream has ended";
		return -1;
	}
	if (!r->have_header && !r->header_rest) {
		int n = lbk_header_size(in, why);
		if (n < 0)
			return -1;
		memcpy(r->head, in, LBK_PREFIX);
		r->header_rest = (size_t)n - LBK_PREFIX;
		return LBK_NEED;
	}
	if (!r->have_header) {
		memcpy(r->head + LBK_PREFIX, in, r->header_rest);
		if (lbk_header_decode(r->head, LBK_PREFIX + r->header_rest, &r->h, why) < 0)
			return -1;
		r->have_header = 1;
		return LBK_NEED;
	}
	if (!r->want_payload) {
		if (lbk_frame_decode(in, &r->h, r->at, &r->f, why) < 0)
			return -1;
		memcpy(r->frame, in, LBK_FRAME);
		if (r->f.type == LBK_ZERO) {
			if (lbk_frame_verify(r->frame, NULL, why) < 0)
				return -1;
			sha256_zeros(&r->sum, r->f.length);
			*offset = r->at;
			*len = r->f.length;
			*zeros = 1;
			r->at += r->f.length;
			return LBK_BYTES;
		}
		r->want_payload = 1;
		return LBK_NEED;
	}
	r->want_payload = 0;
	if (lbk_frame_verify(r->frame, in, why) < 0)
		return -1;
	if (r->f.type == LBK_END) {
		unsigned char d[32];
		sha256_final(&r->sum, d);
		if (memcmp(d, in, 32) != 0) {
			*why = "the source's SHA-256 does not match the end frame's: the stream is corrupted";
			return -1;
		}
		memcpy(r->digest, d, 32);
		r->have_header = 2;
		return LBK_DONE;
	}
	size_t got = ZSTD_decompress(out, LBK_CHUNK_MAX, in, r->f.stored);
	if (ZSTD_isError(got) || got != r->f.length) {
		*why = "a data frame does not decompress to its length: the stream is corrupted";
		return -1;
	}
	sha256_update(&r->sum, out, got);
	*offset = r->at;
	*len = got;
	*zeros = 0;
	r->at += got;
	return LBK_BYTES;
}
