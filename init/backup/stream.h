/* A backup stream written and read a chunk at a time (pure: memory in, memory
 * out, zstd for the data; the device and the pipe are the caller's). The writer
 * turns chunks of the source into frames, all-zero chunks into zero frames (runs
 * of them into one); the reader checks every frame before it hands its bytes on,
 * and keeps the SHA-256 the end frame must match. */
#ifndef LB_BACKUP_STREAM_H
#define LB_BACKUP_STREAM_H

#include "lbk.h"
#include "../lib/sha256.h"

#include <stddef.h>

struct lbk_writer {
	struct lbk_header h;
	unsigned long long at;		/* source bytes framed so far */
	unsigned long long zeros;	/* a run of zero bytes not yet framed, ending at `at` */
	struct sha256 sum;		/* of the source as framed */
	int level;			/* zstd's */
	unsigned long long stored;	/* payload and frame bytes written: the stream's size after the header */
};

/* Start a stream for h (h->bytes, h->chunk set): its header into out. Returns the
 * header's length, or -1 with *why. */
int lbk_writer_start(struct lbk_writer *w, const struct lbk_header *h, int level, unsigned char *out, size_t size,
		     const char **why);

/* out's size that any lbk_writer_chunk call may need. */
#define LBK_WRITER_OUT (2 * LBK_FRAME + LBK_STORED_MAX)

/* The next len bytes of the source (len == h.chunk, or what is left at its end;
 * unused: the filesystem does not use them, so restore writes zeros). Writes the
 * frames it can complete into out (at least LBK_WRITER_OUT bytes). Returns their
 * length (0: a zero run goes on), or -1 with *why. */
long lbk_writer_chunk(struct lbk_writer *w, const unsigned char *data, size_t len, int unused, unsigned char *out,
		      const char **why);

/* After the source's last byte: the pending zero frame and the end frame into out
 * (2 * LBK_FRAME + 32 bytes at least). Returns their length, or -1 with *why (the
 * source was not framed to its end). The SHA-256 goes to sum. */
long lbk_writer_finish(struct lbk_writer *w, unsigned char *out, unsigned char sum[32], const char **why);

enum lbk_step { LBK_NEED, LBK_BYTES, LBK_DONE };

struct lbk_reader {
	struct lbk_header h;
	int have_header;		/* 0: not yet, 1: taken, 2: the stream is done */
	size_t header_rest;		/* once the prefix is in: the rest of the header wanted */
	unsigned char head[LBK_HEADER_MAX];
	unsigned long long at;		/* source bytes handed on so far */
	struct sha256 sum;
	struct lbk_frame f;		/* the frame whose payload is wanted */
	unsigned char frame[LBK_FRAME];
	int want_payload;
	unsigned char digest[32];	/* the end frame's, once done */
};

void lbk_reader_init(struct lbk_reader *r);

/* How many bytes the reader wants next (the header's prefix, its rest, a frame, a
 * payload); 0 once done. */
size_t lbk_reader_want(const struct lbk_reader *r);

/* Give it exactly lbk_reader_want() bytes. Returns LBK_NEED (give more), LBK_BYTES
 * (*len bytes of the source at *offset are in out, which holds LBK_CHUNK_MAX bytes;
 * zeros: a zero frame, out untouched and *len may be larger), LBK_DONE (the end
 * frame matched the whole source's SHA-256), or -1 with *why (nothing of the
 * refused frame was handed on). */
int lbk_reader_put(struct lbk_reader *r, const unsigned char *in, unsigned char *out, unsigned long long *offset,
		   unsigned long long *len, int *zeros, const char **why);

#endif
