/* diag cpio: the names inside an initramfs, streamed from its cpio "newc" bytes (pure). */
#ifndef LB_CPIO_H
#define LB_CPIO_H

#include <stddef.h>

#define CPIO_HEADER_LEN 110
#define CPIO_NAME_MAX 4096	/* namesize cap, NUL included: the kernel's PATH_MAX */

/* What cpio_sniff sees at the start of a segment. */
enum cpio_format {
	CPIO_UNKNOWN, CPIO_NEWC, CPIO_GZIP, CPIO_ZSTD, CPIO_XZ, CPIO_LZ4, CPIO_LZMA, CPIO_BZIP2, CPIO_LZO,
};

/* cpio_feed's and cpio_feed_upto's results besides 0 and -1. */
enum { CPIO_STOPPED = 1, CPIO_FOREIGN = 2 };

struct cpio_entry {
	const char *name;	/* as stored: "usr/lib/…", maybe "./…"; valid during the callback only */
	unsigned mode;		/* st_mode bits, type included */
	unsigned long long size;	/* filesize: the data length (0 for a hardlink's earlier names) */
};

/* Called once per entry, the trailer excluded. Nonzero stops the parse. */
typedef int (*cpio_cb)(const struct cpio_entry *e, void *ctx);

struct cpio {
	cpio_cb cb;
	void *ctx;
	int state;
	int csum;			/* a "070702" entry: its data bytes add up to check */
	unsigned char hdr[CPIO_HEADER_LEN];
	char name[CPIO_NAME_MAX];
	size_t have;			/* bytes of hdr or name collected */
	unsigned mode, check, sum;
	unsigned long namesize;
	unsigned long long size;
	unsigned long long left;	/* bytes still to pass in this state */
	unsigned long long off;		/* stream offset of the next byte: padding is 4-aligned to it */
	unsigned long entries, trailers;
	const char *err;		/* why it returned -1 */
};

/* Start a parse that calls cb(entry, ctx) for each entry. */
void cpio_init(struct cpio *c, cpio_cb cb, void *ctx);

/* Parse len more bytes, in chunks of any size. Between archives NUL bytes are
 * padding and a "0" at a 4-aligned offset starts the next archive. Returns 0
 * when all were taken, CPIO_STOPPED when the callback stopped it (and again on
 * every later call), -1 when malformed (c->err says why; sticky too). */
int cpio_feed(struct cpio *c, const unsigned char *buf, size_t len);

/* cpio_feed, except that a byte between archives that is neither NUL nor an
 * aligned "0" (a compressed segment, say) returns CPIO_FOREIGN, untaken.
 * *used is the number of bytes taken, whatever the result. */
int cpio_feed_upto(struct cpio *c, const unsigned char *buf, size_t len, size_t *used);

/* Whether the stream so far ends after a TRAILER!!! and NULs only: 1 or 0. */
int cpio_at_boundary(const struct cpio *c);

/* A new segment starts here: alignment counts from off from now on (0 for a
 * decompressed stream, its image offset for plain bytes, as the kernel does). */
void cpio_restart(struct cpio *c, unsigned long long off);

/* The format whose magic starts buf (len bytes; a short buf matches nothing longer). */
enum cpio_format cpio_sniff(const unsigned char *buf, size_t len);

/* Its name for messages: "gzip", "newc", …; "unknown". */
const char *cpio_format_name(enum cpio_format f);

/* For a path "[./|/][usr/]lib/modules/VERSION/…/NAME.ko[.xz|.zst|.gz]" the
 * module NAME with '-' as '_' into name, and VERSION into ver (ver may be
 * NULL). Returns 0, or -1 for any other path or when either does not fit. */
int cpio_module(const char *path, char *name, size_t nsize, char *ver, size_t vsize);

#endif
