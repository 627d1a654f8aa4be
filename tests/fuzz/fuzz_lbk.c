/* Fuzz target: a backup stream as `lifeboat restore` and `lifeboat backup --verify`
 * read it (lbk_header_size, lbk_header_decode, lbk_frame_decode, lbk_frame_verify).
 * The stream comes from the customer's machine, over SSH, and may be anything. The
 * input is read as a stream: a header, then frames and their payloads, until one
 * is refused or the input ends. Properties: a refusal always says why; the frames
 * taken cover the source in order and never past its size; the end frame comes
 * only at the source's end; a header taken encodes again to one that decodes to
 * the same fields. */
// sources: init/backup/lbk.c init/lib/sha256.c
#include "fuzz.h"
#include "backup/lbk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lbk_header h, again;
	unsigned char buf[LBK_HEADER_MAX];
	const char *why = NULL;
	size_t at = 0;
	unsigned long long pos = 0;
	int n;

	if (size < LBK_PREFIX)
		return 0;
	n = lbk_header_size(data, &why);
	if (n < 0) {
		FUZZ_ASSERT(why && *why, "no reason for a refused prefix");
		return 0;
	}
	FUZZ_ASSERT(n > LBK_PREFIX + 32 && n <= LBK_HEADER_MAX, "header size %d", n);
	if ((size_t)n > size)
		return 0;
	why = NULL;
	if (lbk_header_decode(data, (size_t)n, &h, &why) < 0) {
		FUZZ_ASSERT(why && *why, "no reason for a refused header");
		return 0;
	}
	FUZZ_ASSERT(h.version == LBK_VERSION && h.chunk && h.chunk % 512 == 0 && h.chunk <= LBK_CHUNK_MAX, "header fields");
	int m = lbk_header_encode(&h, buf, sizeof buf, &why);
	if (m > 0) {
		FUZZ_ASSERT(lbk_header_decode(buf, (size_t)m, &again, &why) == 0, "re-encoded header refused: %s", why);
		FUZZ_ASSERT(again.bytes == h.bytes && again.chunk == h.chunk && again.created == h.created &&
			    strcmp(again.source, h.source) == 0 && strcmp(again.fs, h.fs) == 0 &&
			    strcmp(again.uuid, h.uuid) == 0, "re-encoded header differs");
	}
	at = (size_t)n;
	while (size - at >= LBK_FRAME) {
		struct lbk_frame f;
		const uint8_t *fr = data + at;

		why = NULL;
		if (lbk_frame_decode(fr, &h, pos, &f, &why) < 0) {
			FUZZ_ASSERT(why && *why, "no reason for a refused frame");
			return 0;
		}
		FUZZ_ASSERT(f.offset == pos, "frame out of order");
		FUZZ_ASSERT(f.type == LBK_END || (f.length > 0 && f.length <= h.bytes - pos), "frame past the source");
		FUZZ_ASSERT(f.type != LBK_END || pos == h.bytes, "end frame before the end");
		at += LBK_FRAME;
		if (f.stored > size - at)
			return 0;	/* cut: the reader stops before writing any of it */
		why = NULL;
		if (lbk_frame_verify(fr, data + at, &why) < 0) {
			FUZZ_ASSERT(why && *why, "no reason for a refused payload");
			return 0;
		}
		at += f.stored;
		if (f.type == LBK_END)
			return 0;
		pos += f.length;
		FUZZ_ASSERT(pos <= h.bytes, "position past the source");
	}
	return 0;
}
