/* The backup stream of `lifeboat backup` and `lifeboat restore` (issue 11): its
 * header and frames, encoded and checked (pure). Compression and the device are
 * the caller's; this file decides what a stream may say.
 *
 * A stream is:
 *   header   "LBK1", u32 N (little-endian), N bytes of "key=value\n" lines
 *            (version, source, bytes, fs, uuid, created, chunk), then the SHA-256
 *            of everything before it in the header
 *   frames   32 bytes each, then `stored` bytes of payload:
 *              u8 type ('D' data, 'Z' zeros, 'E' end), 3 bytes 0,
 *              u64 offset, u32 length, u32 stored (little-endian), 4 bytes 0,
 *              8 bytes: the SHA-256 of the first 24 bytes and the payload, cut to 8
 *            'D': `length` bytes of the source from `offset`, its payload one zstd
 *            frame; 'Z': `length` bytes that restore writes as zeros (unused by the
 *            filesystem, or zero), no payload; 'E' (last): offset is the source's
 *            size, length 0, its payload the SHA-256 of the whole source as the
 *            frames describe it (zeros where 'Z').
 * Frames cover the source in order, without gap or overlap: each starts where
 * the one before ended; 'E' only at the end. A reader checks each frame before
 * it writes a byte of it, so a cut or corrupted stream stops at a frame border. */
#ifndef LB_LBK_H
#define LB_LBK_H

#include <stddef.h>

#define LBK_VERSION 1
#define LBK_PREFIX 8				/* "LBK1" and the text's length */
#define LBK_TEXT_MAX 4096			/* the header's key=value text, at most */
#define LBK_HEADER_MAX (LBK_PREFIX + LBK_TEXT_MAX + 32)
#define LBK_FRAME 32
#define LBK_CHUNK_MAX (4u << 20)		/* raw bytes of one 'D' frame, at most */
/* zstd's worst case for LBK_CHUNK_MAX (ZSTD_COMPRESSBOUND), rounded up */
#define LBK_STORED_MAX (LBK_CHUNK_MAX + (LBK_CHUNK_MAX >> 8) + (128u << 10))

struct lbk_header {
	unsigned version;
	char source[128];		/* the device it was taken from: "/dev/vda2" */
	unsigned long long bytes;	/* the source's size */
	char fs[24];			/* "ext4", "xfs", "" for a whole disk or unknown */
	char uuid[64];			/* the filesystem's UUID, "" for none */
	long long created;		/* Unix time */
	unsigned chunk;			/* raw bytes per 'D' frame (the last may be shorter) */
};

enum lbk_type { LBK_DATA = 'D', LBK_ZERO = 'Z', LBK_END = 'E' };

struct lbk_frame {
	int type;			/* enum lbk_type */
	unsigned long long offset;
	unsigned length;		/* raw bytes covered */
	unsigned stored;		/* payload bytes that follow the frame */
};

/* The whole header for h into out. Returns its length, or -1 with *why (a field
 * that cannot be written: control characters, a chunk out of range). */
int lbk_header_encode(const struct lbk_header *h, unsigned char *out, size_t size, const char **why);

/* From the first LBK_PREFIX bytes: the whole header's length. Returns it, or -1
 * with *why (not a backup stream, a header too long). */
int lbk_header_size(const unsigned char *prefix, const char **why);

/* The whole header (len bytes, as lbk_header_size said) into h. Returns 0, or -1
 * with *why (its checksum, a missing or malformed field, an unknown version). */
int lbk_header_decode(const unsigned char *buf, size_t len, struct lbk_header *h, const char **why);

/* The 32 bytes of frame f, whose payload (f->stored bytes) is given. */
void lbk_frame_encode(const struct lbk_frame *f, const unsigned char *payload, unsigned char out[LBK_FRAME]);

/* The frame in (before its payload is read) into f, checked against the header
 * and the offset the frame before it ended at. Returns 0, or -1 with *why. */
int lbk_frame_decode(const unsigned char in[LBK_FRAME], const struct lbk_header *h, unsigned long long at,
		     struct lbk_frame *f, const char **why);

/* Does the payload belong to the frame (its checksum)? Returns 0, or -1 with *why. */
int lbk_frame_verify(const unsigned char in[LBK_FRAME], const unsigned char *payload, const char **why);

#endif
