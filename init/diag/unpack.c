/* diag unpack: an initramfs image's segments, decompressed into the cpio parser. */
#define ZLIB_CONST
#include "unpack.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define MAGIC_LEN 6		/* the longest magic cpio_sniff tells apart */
#define STEP_MAX (1u << 30)	/* zlib counts input in uInt */
#define LZ4_LEGACY_MAGIC 0x184c2102u

enum mode { M_RAW, M_MAGIC, M_GZIP, M_ZSTD, M_XZ, M_LZ4 };
enum { L_WORD, L_BLOCK };

struct unpack {
	struct cpio cpio;
	enum mode mode;
	enum cpio_format fmt;		/* the current or last compressed segment's */
	int rc;				/* sticky: 1 stopped, <0 failed */
	unsigned long long off;		/* image offset of the next byte fed */
	unsigned long long seg_off;	/* where the current compressed segment began */
	unsigned long seg_trailers;	/* cpio trailers seen before it */
	unsigned segments;
	unsigned char magic[MAGIC_LEN];	/* a segment's first bytes, until there are enough to sniff */
	size_t nmagic;
	z_stream z;
	int z_on;
	ZSTD_DCtx *zd;
	lzma_stream x;
	int x_on;
	struct {
		int phase;
		unsigned char word[4];
		size_t nword, need, have;
		unsigned char *in, *out;	/* allocated on the first lz4 segment */
	} lz;
	char why[192];
	unsigned char out[UNPACK_OUT];
};

static int fail(struct unpack *u, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct unpack *u, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->why, sizeof u->why, fmt, ap);
	va_end(ap);
	u->rc = rc;
	return rc;
}

struct unpack *unpack_new(cpio_cb cb, void *ctx)
{
	static const lzma_stream x_init = LZMA_STREAM_INIT;
	struct unpack *u = calloc(1, sizeof *u);

	if (!u)
		return NULL;
	cpio_init(&u->cpio, cb, ctx);
	u->x = x_init;
	return u;
}

static void stop_decoder(struct unpack *u)
{
	if (u->z_on)
		inflateEnd(&u->z);
	u->z_on = 0;
	ZSTD_freeDCtx(u->zd);
	u->zd = NULL;
	if (u->x_on)
		lzma_end(&u->x);
	u->x_on = 0;
}

void unpack_free(struct unpack *u)
{
	if (!u)
		return;
	stop_decoder(u);
	free(u->lz.in);
	free(u->lz.out);
	free(u);
}

const char *unpack_error(const struct unpack *u)
{
	return u->rc < 0 ? u->why : "";
}

unsigned long unpack_entries(const struct unpack *u)
{
	return u->cpio.entries;
}

unsigned unpack_segments(const struct unpack *u)
{
	return u->segments;
}

/* Decompressed bytes to the parser: 0, or nonzero with u->rc set. */
static int emit(struct unpack *u, const unsigned char *buf, size_t n)
{
	size_t used;
	int rc = cpio_feed_upto(&u->cpio, buf, n, &used);

	if (rc == CPIO_STOPPED)
		return u->rc = 1;
	if (rc == CPIO_FOREIGN)
		return fail(u, -EINVAL, "junk after a cpio trailer in the %s segment at byte %llu",
			    cpio_format_name(u->fmt), u->seg_off);
	if (rc < 0)
		return fail(u, -EINVAL, "%s in the %s segment at byte %llu", u->cpio.err, cpio_format_name(u->fmt),
			    u->seg_off);
	return 0;
}

/* A compressed stream ended: like the kernel, it must end after a whole archive. */
static int seg_end(struct unpack *u, int rc)
{
	stop_decoder(u);
	u->mode = M_RAW;
	if (!cpio_at_boundary(&u->cpio) || u->cpio.trailers == u->seg_trailers)
		return fail(u, rc, "the %s segment at byte %llu ends inside a cpio archive", cpio_format_name(u->fmt),
			    u->seg_off);
	return 0;
}

static int corrupt(struct unpack *u, int rc, const char *why)
{
	return fail(u, rc, "%s: %s in the segment at byte %llu", cpio_format_name(u->fmt), why, u->seg_off);
}

/* Each step takes input of the current segment: bytes taken, or -1 once u->rc is set. */
static long gzip_step(struct unpack *u, const unsigned char *in, size_t n)
{
	if (n > STEP_MAX)
		n = STEP_MAX;
	u->z.next_in = in;
	u->z.avail_in = (uInt)n;
	for (;;) {
		u->z.next_out = u->out;
		u->z.avail_out = UNPACK_OUT;
		int r = inflate(&u->z, Z_NO_FLUSH);
		size_t got = UNPACK_OUT - u->z.avail_out, took = n - u->z.avail_in;
		// what came out before a fault is the parser's first, as it is when fed in smaller chunks
		if (got && emit(u, u->out, got))
			return -1;
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
			return corrupt(u, r == Z_MEM_ERROR ? -ENOMEM : -EINVAL, u->z.msg ? u->z.msg : "corrupt data"), -1;
		if (r == Z_STREAM_END)
			return seg_end(u, -EINVAL) ? -1 : (long)took;
		if (u->z.avail_out || r == Z_BUF_ERROR)
			return (long)took;
	}
}

static long zstd_step(struct unpack *u, const unsigned char *in, size_t n)
{
	ZSTD_inBuffer ib = { in, n, 0 };

	for (;;) {
		ZSTD_outBuffer ob = { u->out, UNPACK_OUT, 0 };
		size_t r = ZSTD_decompressStream(u->zd, &ob, &ib);
		if (ZSTD_isError(r)) {
			int big = ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge ||
				  ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation;
			return corrupt(u, big ? -ENOMEM : -EINVAL, ZSTD_getErrorName(r)), -1;
		}
		if (ob.pos && emit(u, u->out, ob.pos))
			return -1;
		if (r == 0)
			return seg_end(u, -EINVAL) ? -1 : (long)ib.pos;
		if (ib.pos == ib.size && ob.pos < ob.size)
			return (long)ib.pos;
	}
}

static const char *lzma_why(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_MEMLIMIT_ERROR:
		return "needs more memory than the 128 MiB allowed";
	case LZMA_FORMAT_ERROR:
		return "not in its format";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "corrupt data";
	default:
		return "decoder error";
	}
}

static long xz_step(struct unpack *u, const unsigned char *in, size_t n)
{
	u->x.next_in = in;
	u->x.avail_in = n;
	for (;;) {
		u->x.next_out = u->out;
		u->x.avail_out = UNPACK_OUT;
		lzma_ret r = lzma_code(&u->x, LZMA_RUN);
		size_t got = UNPACK_OUT - u->x.avail_out, took = n - u->x.avail_in;
		if (got && emit(u, u->out, got))
			return -1;
		if (r != LZMA_OK && r != LZMA_STREAM_END && r != LZMA_BUF_ERROR) {
			int mem = r == LZMA_MEM_ERROR || r == LZMA_MEMLIMIT_ERROR;
			return corrupt(u, mem ? -ENOMEM : -EINVAL, lzma_why(r)), -1;
		}
		if (r == LZMA_STREAM_END)
			return seg_end(u, -EINVAL) ? -1 : (long)took;
		if (u->x.avail_out || r == LZMA_BUF_ERROR)
			return (long)took;
	}
}

static int lz4_block(struct unpack *u, const unsigned char *src, size_t len)
{
	int got = LZ4_decompress_safe((const char *)src, (char *)u->lz.out, (int)len, (int)UNPACK_LZ4_BLOCK);

	if (got < 0)
		return corrupt(u, -EINVAL, "corrupt block");
	u->lz.phase = L_WORD;
	return emit(u, u->lz.out, (size_t)got);
}

/* The legacy frame: the magic, then [le32 size][block]…, the magic again for a
 * new frame; it ends at the image's end or, as the kernel has it, a size of 0. */
static long lz4_step(struct unpack *u, const unsigned char *in, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k;
		if (u->lz.phase == L_WORD) {
			k = 4 - u->lz.nword < n - i ? 4 - u->lz.nword : n - i;
			memcpy(u->lz.word + u->lz.nword, in + i, k);
			u->lz.nword += k;
			i += k;
			if (u->lz.nword < 4)
				break;
			u->lz.nword = 0;
			unsigned long w = u->lz.word[0] | (unsigned long)u->lz.word[1] << 8 |
					  (unsigned long)u->lz.word[2] << 16 | (unsigned long)u->lz.word[3] << 24;
			if (w == LZ4_LEGACY_MAGIC)
				continue;
			if (w == 0)
				return seg_end(u, -EINVAL) ? -1 : (long)i;
			if (w > (unsigned long)LZ4_compressBound((int)UNPACK_LZ4_BLOCK))
				return corrupt(u, -EINVAL, "block larger than 8 MiB"), -1;
			u->lz.phase = L_BLOCK;
			u->lz.need = w;
			u->lz.have = 0;
		} else if (u->lz.have == 0 && n - i >= u->lz.need) {
			// the whole block is at hand: no copy
			if (lz4_block(u, in + i, u->lz.need))
				return -1;
			i += u->lz.need;
		} else {
			k = u->lz.need - u->lz.have < n - i ? u->lz.need - u->lz.have : n - i;
			memcpy(u->lz.in + u->lz.have, in + i, k);
			u->lz.have += k;
			i += k;
			if (u->lz.have == u->lz.need && lz4_block(u, u->lz.in, u->lz.need))
				return -1;
		}
	}
	return (long)i;
}

static long step(struct unpack *u, const unsigned char *in, size_t n)
{
	switch (u->mode) {
	case M_GZIP:
		return gzip_step(u, in, n);
	case M_ZSTD:
		return zstd_step(u, in, n);
	case M_XZ:
		return xz_step(u, in, n);
	case M_LZ4:
		return lz4_step(u, in, n);
	default:
		return fail(u, -EINVAL, "internal: no decoder"), -1;
	}
}

/* The segment whose first bytes are u->magic: its decoder, or u->rc set. */
static int start(struct unpack *u)
{
	u->fmt = cpio_sniff(u->magic, u->nmagic);
	u->seg_off = u->off - u->nmagic;
	u->seg_trailers = u->cpio.trailers;
	// a decompressed stream's padding counts from its own start
	cpio_restart(&u->cpio, 0);
	switch (u->fmt) {
	case CPIO_GZIP:
		memset(&u->z, 0, sizeof u->z);
		if (inflateInit2(&u->z, 16 + MAX_WBITS) != Z_OK)
			return corrupt(u, -ENOMEM, "cannot start the decoder");
		u->z_on = 1;
		u->mode = M_GZIP;
		break;
	case CPIO_ZSTD:
		u->zd = ZSTD_createDCtx();
		if (!u->zd || ZSTD_isError(ZSTD_DCtx_setParameter(u->zd, ZSTD_d_windowLogMax, UNPACK_ZSTD_WINDOWLOG)))
			return corrupt(u, -ENOMEM, "cannot start the decoder");
		u->mode = M_ZSTD;
		break;
	case CPIO_XZ:
	case CPIO_LZMA:
		if ((u->fmt == CPIO_XZ ? lzma_stream_decoder(&u->x, UNPACK_MEMLIMIT, 0)
				       : lzma_alone_decoder(&u->x, UNPACK_MEMLIMIT)) != LZMA_OK)
			return corrupt(u, -ENOMEM, "cannot start the decoder");
		u->x_on = 1;
		u->mode = M_XZ;
		break;
	case CPIO_LZ4:
		if (!u->lz.in)
			u->lz.in = malloc((size_t)LZ4_compressBound((int)UNPACK_LZ4_BLOCK));
		if (!u->lz.out)
			u->lz.out = malloc(UNPACK_LZ4_BLOCK);
		if (!u->lz.in || !u->lz.out)
			return corrupt(u, -ENOMEM, "no memory for its blocks");
		u->lz.phase = L_WORD;
		u->lz.nword = 0;
		u->mode = M_LZ4;
		break;
	case CPIO_BZIP2:
	case CPIO_LZO:
		return corrupt(u, -ENOTSUP, "compression not supported");
	case CPIO_NEWC:
		return fail(u, -EINVAL, "a cpio archive at unaligned byte %llu", u->seg_off);
	default:
		return fail(u, -EINVAL, "neither cpio nor a known compression at byte %llu", u->seg_off);
	}
	u->segments++;
	return 0;
}

int unpack_feed(struct unpack *u, const unsigned char *buf, size_t len)
{
	while (len && !u->rc) {
		size_t n = 0;
		enum mode was = u->mode;
		if (u->mode == M_RAW) {
			int rc = cpio_feed_upto(&u->cpio, buf, len, &n);
			if (rc == CPIO_FOREIGN) {
				u->mode = M_MAGIC;
				u->nmagic = 0;
			} else if (rc == CPIO_STOPPED) {
				u->rc = 1;
			} else if (rc < 0) {
				fail(u, -EINVAL, "%s at byte %llu", u->cpio.err, u->off + n);
			}
		} else if (u->mode == M_MAGIC) {
			n = MAGIC_LEN - u->nmagic < len ? MAGIC_LEN - u->nmagic : len;
			memcpy(u->magic + u->nmagic, buf, n);
			u->nmagic += n;
			if (u->nmagic == MAGIC_LEN) {
				u->off += n;
				buf += n;
				len -= n;
				// the magic is the segment's first input; no stream ends within it
				if (start(u) == 0) {
					long m = step(u, u->magic, MAGIC_LEN);
					if (m >= 0 && (m < MAGIC_LEN || u->mode == M_RAW))
						corrupt(u, -EINVAL, "a stream shorter than its header");
				}
				continue;
			}
		} else {
			long m = step(u, buf, len);
			if (m < 0)
				break;
			if (m == 0 && u->mode == was)
				return corrupt(u, -EINVAL, "the decoder makes no progress");
			n = (size_t)m;
		}
		u->off += n;
		buf += n;
		len -= n;
		if (was >= M_GZIP && u->mode == M_RAW)
			cpio_restart(&u->cpio, u->off);
	}
	return u->rc;
}

int unpack_end(struct unpack *u)
{
	if (u->rc)
		return u->rc;
	switch (u->mode) {
	case M_RAW:
		if (cpio_at_boundary(&u->cpio))
			return 0;
		if (u->off == 0)
			return fail(u, -ENODATA, "an empty image");
		if (!u->cpio.entries && !u->cpio.trailers && !u->segments)
			return fail(u, -ENODATA, "no cpio archive in %llu bytes", u->off);
		return fail(u, -ENODATA, "cut short inside a cpio archive at byte %llu", u->off);
	case M_MAGIC:
		if (cpio_sniff(u->magic, u->nmagic) == CPIO_UNKNOWN)
			return fail(u, -EINVAL, "%zu bytes of junk at the end, at byte %llu", u->nmagic,
				    u->off - u->nmagic);
		return fail(u, -ENODATA, "a %s segment cut short at byte %llu",
			    cpio_format_name(cpio_sniff(u->magic, u->nmagic)), u->off - u->nmagic);
	case M_LZ4:
		// no end mark: the image's end ends it, or up to 3 NULs (the kernel skips them)
		if (u->lz.phase == L_WORD && memcmp(u->lz.word, "\0\0\0", u->lz.nword) == 0)
			return seg_end(u, -ENODATA);
		break;
	default:
		break;
	}
	return fail(u, -ENODATA, "the %s segment at byte %llu is cut short", cpio_format_name(u->fmt), u->seg_off);
}
