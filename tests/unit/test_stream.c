/* A backup stream written chunk by chunk and read back: the bytes come back
 * (zeros where the filesystem did not use them), zero runs become one frame, and a
 * flipped byte, a cut, a reordered or a truncated stream are refused at the frame
 * that shows it, before any of that frame is handed on. */
#include "t.h"
#include "backup/stream.h"

#include <stdlib.h>

#define CHUNK 65536
#define CHUNKS 12
#define BYTES (CHUNKS * CHUNK - 1000)	/* the last chunk is short */

static unsigned char src[BYTES], want[BYTES], got[BYTES];
static unsigned char stream[BYTES * 2];
static unsigned char out[LBK_WRITER_OUT], chunk[LBK_CHUNK_MAX];

/* Write src as a stream (chunks 3, 4, 5 zero, chunk 7 unused); return its length. */
static size_t write_stream(unsigned char sum[32], unsigned long long *stored)
{
	struct lbk_header h = { .version = LBK_VERSION, .bytes = BYTES, .created = 1, .chunk = CHUNK };
	struct lbk_writer w;
	const char *why = NULL;
	size_t n;

	snprintf(h.source, sizeof h.source, "/dev/vdb");
	int hl = lbk_writer_start(&w, &h, 3, stream, sizeof stream, &why);
	CHECK(hl > 0, "writer starts: %s", why ? why : "");
	n = (size_t)hl;
	for (size_t at = 0; at < BYTES; at += CHUNK) {
		size_t len = BYTES - at < CHUNK ? BYTES - at : CHUNK;
		long k = lbk_writer_chunk(&w, src + at, len, at / CHUNK == 7, out, &why);
		CHECK(k >= 0, "chunk at %zu: %s", at, why ? why : "");
		if (k > 0) {
			memcpy(stream + n, out, (size_t)k);
			n += (size_t)k;
		}
	}
	long k = lbk_writer_finish(&w, out, sum, &why);
	CHECK(k > 0, "finish: %s", why ? why : "");
	memcpy(stream + n, out, (size_t)k);
	n += (size_t)k;
	*stored = w.stored;
	return n;
}

/* Read len bytes of stream back into got; returns LBK_DONE, or -1 (why), or LBK_NEED if cut.
 * *handed: the bytes handed on. */
static int read_stream(const unsigned char *s, size_t len, const char **why, unsigned long long *handed, int *zframes)
{
	struct lbk_reader r;
	size_t at = 0;
	int rc = LBK_NEED;

	lbk_reader_init(&r);
	memset(got, 0x55, sizeof got);
	*handed = 0;
	*zframes = 0;
	while (lbk_reader_want(&r)) {
		size_t need = lbk_reader_want(&r);
		unsigned long long off, n;
		int zeros;
		if (len - at < need)
			return LBK_NEED;
		rc = lbk_reader_put(&r, s + at, chunk, &off, &n, &zeros, why);
		at += need;
		if (rc < 0 || rc == LBK_DONE)
			return rc;
		if (rc == LBK_BYTES) {
			if (zeros) {
				memset(got + off, 0, n);
				++*zframes;
			} else {
				memcpy(got + off, chunk, n);
			}
			*handed += n;
		}
	}
	return rc;
}

int main(void)
{
	unsigned char sum[32];
	const char *why = NULL;
	unsigned long long handed;
	unsigned long long stored;
	int zframes;

	srand(7);
	for (size_t i = 0; i < BYTES; i++)
		src[i] = (unsigned char)(i / CHUNK % 2 ? (size_t)rand() : i % 251);	/* some chunks compress, some do not */
	memset(src + 3 * CHUNK, 0, 3 * CHUNK);
	memcpy(want, src, BYTES);
	memset(want + 7 * CHUNK, 0, CHUNK);	/* unused: restored as zeros */

	size_t n = write_stream(sum, &stored);
	CHECK(n < BYTES, "the stream (%zu bytes) is smaller than the source (%d)", n, BYTES);
	CHECK(stored + (unsigned long long)lbk_header_size(stream, &why) == n, "the writer counts what it wrote");
	int rc = read_stream(stream, n, &why, &handed, &zframes);
	CHECK(rc == LBK_DONE, "read back to the end: %d %s", rc, rc < 0 ? why : "");
	CHECK(handed == BYTES && memcmp(got, want, BYTES) == 0, "the bytes come back, zeros where unused");
	CHECK(zframes == 2, "the zero chunks 3-5 are one frame, the unused chunk 7 another: %d", zframes);

	// damage: each refused, and nothing of the damaged frame handed on
	size_t mid = n / 2;
	stream[mid] ^= 0x40;
	rc = read_stream(stream, n, &why, &handed, &zframes);
	CHECK(rc < 0 && strstr(why, "corrupted"), "a flipped byte mid-stream: %d %s", rc, rc < 0 ? why : "");
	CHECK(handed < BYTES, "not all of it was handed on (%llu)", handed);
	stream[mid] ^= 0x40;
	rc = read_stream(stream, n - 100, &why, &handed, &zframes);
	CHECK(rc == LBK_NEED, "a cut stream never ends: %d", rc);
	stream[n - 1] ^= 1;
	rc = read_stream(stream, n, &why, &handed, &zframes);
	CHECK(rc < 0, "a flipped byte in the end frame's digest: %s", rc < 0 ? why : "");
	CHECK(handed == BYTES, "...found only at the end, after every byte: the digest is the last word");
	stream[n - 1] ^= 1;
	rc = read_stream(stream, n, &why, &handed, &zframes);
	CHECK(rc == LBK_DONE, "the repaired stream reads again");
	// a well-formed end frame with another digest: the frame's check holds, the sum does not
	unsigned char other[32];
	memcpy(other, sum, 32);
	other[0] ^= 1;
	struct lbk_frame end = { LBK_END, BYTES, 0, 32 };
	lbk_frame_encode(&end, other, stream + n - 32 - LBK_FRAME);
	memcpy(stream + n - 32, other, 32);
	rc = read_stream(stream, n, &why, &handed, &zframes);
	CHECK(rc < 0 && strstr(why, "SHA-256 does not match"), "another digest: %s", rc < 0 ? why : "");
	return t_done("test_stream");
}
