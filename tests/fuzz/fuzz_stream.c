/* Fuzz target: the backup stream reader (lbk_reader_want, lbk_reader_put), which
 * `lifeboat restore` feeds with what arrives over SSH and which decompresses each
 * data frame with zstd. The input is the stream. Properties: a refusal says why;
 * what is handed on lies within the source, in order, never twice; a stream that
 * ends (LBK_DONE) handed on exactly the source's size. */
// sources: init/backup/stream.c init/backup/lbk.c init/lib/sha256.c
// libs: -lzstd
#include "fuzz.h"
#include "backup/stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lbk_reader r;
	static unsigned char out[LBK_CHUNK_MAX];
	size_t at = 0;
	unsigned long long next = 0;

	lbk_reader_init(&r);
	while (lbk_reader_want(&r)) {
		size_t need = lbk_reader_want(&r);
		unsigned long long off, len;
		int zeros;
		const char *why = NULL;

		if (size - at < need)
			return 0;
		int rc = lbk_reader_put(&r, data + at, out, &off, &len, &zeros, &why);
		at += need;
		if (rc < 0) {
			FUZZ_ASSERT(why && *why, "no reason for a refusal");
			return 0;
		}
		if (rc == LBK_BYTES) {
			FUZZ_ASSERT(off == next && len > 0 && len <= r.h.bytes - off, "bytes out of order or place");
			FUZZ_ASSERT(zeros || len <= LBK_CHUNK_MAX, "a data frame larger than the buffer");
			next = off + len;
		}
		if (rc == LBK_DONE)
			FUZZ_ASSERT(next == r.h.bytes, "done before the source's end");
	}
	return 0;
}
