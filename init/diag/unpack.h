/* diag unpack: walk an initramfs image's segments (plain cpio, NUL padding,
 * gzip, zstd, xz, lzma, lz4 legacy) as the kernel does, feeding the cpio
 * parser. The caller reads the file and feeds its bytes; nothing here does I/O. */
#ifndef LB_UNPACK_H
#define LB_UNPACK_H

#include "cpio.h"

#include <stddef.h>

#define UNPACK_MEMLIMIT (128u << 20)	/* xz/lzma dictionary cap */
#define UNPACK_ZSTD_WINDOWLOG 27	/* zstd window cap: 128 MiB, the kernel's too */
#define UNPACK_LZ4_BLOCK (8u << 20)	/* a legacy lz4 block's most decompressed bytes */
#define UNPACK_OUT (64u << 10)		/* decompressed bytes handed to the parser at a time */

struct unpack;

/* A walker calling cb(entry, ctx) for each entry of every archive. NULL when out of memory. */
struct unpack *unpack_new(cpio_cb cb, void *ctx);

/* The image's next len bytes, any size. Returns 0 to go on, 1 when the
 * callback stopped it, or -EINVAL (malformed or corrupt), -ENOTSUP (bzip2,
 * lzo), -ENOMEM (out of memory, or a stream asking more than the caps). Once
 * nonzero, every later call returns the same. */
int unpack_feed(struct unpack *u, const unsigned char *buf, size_t len);

/* After the last byte: 0 when the image ended cleanly after a TRAILER!!! (and
 * NULs), -ENODATA when it was cut short, -EINVAL for a few bytes of junk at
 * its end, or what unpack_feed returned. */
int unpack_end(struct unpack *u);

/* Why it failed, a short phrase ("gzip: incorrect data check in the segment at
 * byte 6156"); "" when it did not. */
const char *unpack_error(const struct unpack *u);

/* Counts so far: entries reported, compressed segments begun. */
unsigned long unpack_entries(const struct unpack *u);
unsigned unpack_segments(const struct unpack *u);

void unpack_free(struct unpack *u);

#endif
