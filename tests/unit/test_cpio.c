/* diag cpio and unpack: initramfs images built here (plain, gzip, zstd, xz, lzma, lz4
 * legacy, concatenated), read whole and in every chunk size; each broken twin fails. */
#include "t.h"
#include "diag/cpio.h"
#include "diag/unpack.h"

#include <errno.h>
#include <stdlib.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

// ---- a cpio writer ----

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *s, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void zeros(struct buf *b, size_t n)
{
	while (n--)
		put(b, "", 1);
}

struct ent {
	const char *name;
	unsigned mode;
	unsigned size;		/* of generated data, when data is NULL */
	const char *data;
	unsigned ino, nlink;
};

#define MODDIR "usr/lib/modules/6.1.0-13-amd64/"

static const struct ent micro[] = {
	{ "kernel", 040755, 0, NULL, 1, 2 },
	{ "kernel/x86", 040755, 0, NULL, 2, 2 },
	{ "kernel/x86/microcode", 040755, 0, NULL, 3, 2 },
	{ "kernel/x86/microcode/GenuineIntel.bin", 0100644, 5000, NULL, 4, 1 },
	{ NULL, 0, 0, NULL, 0, 0 },
};

static const struct ent mainfs[] = {
	{ ".", 040755, 0, NULL, 1, 2 },
	{ "bin", 0120777, 0, "usr/bin", 2, 1 },
	{ "init", 0100755, 100000, NULL, 3, 1 },
	{ "dev", 040755, 0, NULL, 4, 2 },
	{ "dev/console", 020600, 0, NULL, 5, 1 },
	{ "usr/lib/modules", 040755, 0, NULL, 6, 2 },
	{ MODDIR "kernel/drivers/block/virtio_blk.ko", 0100644, 12345, NULL, 7, 1 },
	{ MODDIR "kernel/fs/xfs/xfs.ko.xz", 0100644, 3001, NULL, 8, 1 },
	{ MODDIR "kernel/drivers/md/dm-mod.ko.zst", 0100644, 2, NULL, 9, 1 },
	{ MODDIR "modules.dep", 0100644, 0, "kernel/fs/xfs/xfs.ko.xz: kernel/lib/libcrc32c.ko.xz\n", 10, 1 },
	{ "usr/bin/busybox", 0100755, 0, NULL, 77, 2 },
	{ "usr/bin/sh", 0100755, 4000, NULL, 77, 2 },
	{ "usr/bin/ab", 0100644, 1, NULL, 11, 1 },
	{ "usr/bin/abc", 0100644, 3, NULL, 12, 1 },
	{ "etc/x", 0100644, 0, "", 13, 1 },
	{ NULL, 0, 0, NULL, 0, 0 },
};

static const struct ent small[] = {
	{ "etc", 040755, 0, NULL, 1, 2 },
	{ "etc/fstab", 0100644, 0, "# none\n", 2, 1 },
	{ NULL, 0, 0, NULL, 0, 0 },
};

static const struct ent *const arcs[] = { micro, mainfs, small };
enum { A_MICRO, A_MAIN, A_SMALL };

// how an archive is written: well, or with one fault
enum variant {
	V_OK, V_702, V_702BAD, V_UPPER, V_NOTRAILER, V_BADHEX, V_HUGENAME, V_NAME4097, V_NAME4096,
	V_SHORTDATA, V_ODC, V_NONUL, V_JUNK,
};

static void header(struct buf *b, const char *magic, const unsigned f[13])
{
	char h[CPIO_HEADER_LEN + 1];

	snprintf(h, sizeof h, "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", magic, f[0], f[1], f[2], f[3],
		 f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12]);
	put(b, h, CPIO_HEADER_LEN);
}

static void entry(struct buf *b, enum variant v, const char *name, unsigned mode, const unsigned char *data,
		  unsigned size, unsigned ino, unsigned nlink, size_t start)
{
	unsigned sum = 0;
	int csum = v == V_702 || v == V_702BAD;

	for (unsigned i = 0; csum && (mode & 0170000) == 0100000 && i < size; i++)
		sum += data[i];
	if (v == V_702BAD && strcmp(name, "init") == 0)
		sum++;
	unsigned namesize = (unsigned)strlen(name) + 1;
	unsigned f[13] = { ino, mode, 0, 0, nlink, 1700000000, size, 8, 1, 0, 0, namesize, csum ? sum : 0 };
	size_t at = b->len;
	header(b, v == V_ODC ? "070707" : csum ? "070702" : "070701", f);
	if (v == V_UPPER)
		for (size_t i = at + 6; i < b->len; i++)
			if (b->p[i] >= 'a' && b->p[i] <= 'f')
				b->p[i] -= 32;
	put(b, name, namesize);
	if (v == V_NONUL && strcmp(name, "init") == 0)
		b->p[b->len - 1] = 'X';
	zeros(b, (4 - ((b->len - start) & 3)) & 3);
	put(b, data, size);
	zeros(b, (4 - ((b->len - start) & 3)) & 3);
}

static unsigned char *gen(unsigned size, unsigned seed)
{
	unsigned char *d = malloc(size + 1);
	unsigned x = seed * 2654435761u + 1;

	for (unsigned i = 0; i < size; i++) {
		x = x * 1103515245u + 12345u;
		// half runs, half noise: something to compress, something not
		d[i] = (i / 512) % 2 ? (unsigned char)(x >> 16) : (unsigned char)('a' + i % 7);
	}
	return d;
}

/* An archive: its bytes appended to b (offsets from start), its names to names. */
static void archive(struct buf *b, int arc, enum variant v, struct buf *names)
{
	size_t start = b->len;

	for (const struct ent *e = arcs[arc]; e->name; e++) {
		unsigned size = e->data ? (unsigned)strlen(e->data) : e->size;
		unsigned char *d = gen(size, (unsigned)(e - arcs[arc]));
		if (e->data)
			memcpy(d, e->data, size);
		size_t at = b->len;
		entry(b, v, e->name, e->mode, d, size, e->ino, e->nlink, start);
		if (e == arcs[arc] + 1) {
			// the second header carries the fault
			if (v == V_BADHEX)
				b->p[at + 6 + 8 * 6 + 3] = 'g';
			if (v == V_HUGENAME || v == V_NAME4097)
				memcpy(b->p + at + 6 + 8 * 11, v == V_HUGENAME ? "FFFFFFFF" : "00001001", 8);
		}
		free(d);
		put(names, e->name, strlen(e->name));
		put(names, "\n", 1);
	}
	if (v == V_NAME4096) {
		char *longname = malloc(4096);
		memset(longname, 'n', 4095);
		longname[4095] = '\0';
		entry(b, v, longname, 0100644, NULL, 0, 99, 1, start);
		put(names, longname, 4095);
		put(names, "\n", 1);
		free(longname);
	}
	if (v == V_SHORTDATA) {
		// claims 10000 bytes, then the image ends after 100
		unsigned f[13] = { 98, 0100644, 0, 0, 1, 0, 10000, 0, 0, 0, 0, 6, 0 };
		header(b, "070701", f);
		put(b, "short", 6);
		zeros(b, 100);
		return;
	}
	if (v != V_NOTRAILER)
		entry(b, v, "TRAILER!!!", 0, NULL, 0, 0, 1, start);
	if (v == V_JUNK)
		put(b, "junk", 4);
}

// ---- compressors, as the initramfs tools use them ----

static void gz(struct buf *out, const struct buf *in)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	if (deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	size_t cap = deflateBound(&s, (uLong)in->len), at = out->len;
	zeros(out, cap);
	s.next_in = in->p;
	s.avail_in = (uInt)in->len;
	s.next_out = out->p + at;
	s.avail_out = (uInt)cap;
	if (deflate(&s, Z_FINISH) != Z_STREAM_END)
		abort();
	out->len = at + s.total_out;
	deflateEnd(&s);
}

static void zst(struct buf *out, const struct buf *in)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(in->len), at = out->len;
	zeros(out, cap);
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 19);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	size_t n = ZSTD_compress2(c, out->p + at, cap, in->p, in->len);
	if (ZSTD_isError(n))
		abort();
	out->len = at + n;
	ZSTD_freeCCtx(c);
}

/* A zstd frame by hand: window 2^wlog, one raw block. */
static void zst_raw(struct buf *out, const struct buf *in, unsigned wlog)
{
	unsigned char h[6] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00, (unsigned char)((wlog - 10) << 3) };
	unsigned bh = (unsigned)in->len << 3 | 1;
	unsigned char b3[3] = { (unsigned char)bh, (unsigned char)(bh >> 8), (unsigned char)(bh >> 16) };
	put(out, h, sizeof h);
	put(out, b3, 3);
	put(out, in->p, in->len);
}

static void xz(struct buf *out, const struct buf *in)
{
	size_t cap = in->len + in->len / 2 + 4096, at = out->len, pos = 0;
	zeros(out, cap);
	if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in->p, in->len, out->p + at, &pos, cap) != LZMA_OK)
		abort();
	out->len = at + pos;
}

/* The old .lzma format; dict, when nonzero, overwrites the header's dictionary size. */
static void lzma_old(struct buf *out, const struct buf *in, unsigned dict)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma o;
	size_t cap = in->len + in->len / 2 + 4096, at = out->len;

	zeros(out, cap);
	lzma_lzma_preset(&o, 6);
	o.dict_size = 1u << 20;
	if (lzma_alone_encoder(&s, &o) != LZMA_OK)
		abort();
	s.next_in = in->p;
	s.avail_in = in->len;
	s.next_out = out->p + at;
	s.avail_out = cap;
	if (lzma_code(&s, LZMA_FINISH) != LZMA_STREAM_END)
		abort();
	out->len = at + s.total_out;
	lzma_end(&s);
	if (dict)
		for (int i = 0; i < 4; i++)
			out->p[at + 1 + i] = (unsigned char)(dict >> 8 * i);
}

static void le32(struct buf *out, unsigned v)
{
	unsigned char w[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	put(out, w, 4);
}

/* lz4 -l: the legacy frame, blocks of blk bytes, a new frame's magic after the second block. */
static void lz4_legacy(struct buf *out, const struct buf *in, size_t blk)
{
	char *tmp = malloc((size_t)LZ4_compressBound((int)blk));
	le32(out, 0x184c2102);
	for (size_t at = 0, k = 0; at < in->len; at += blk, k++) {
		size_t n = in->len - at < blk ? in->len - at : blk;
		int c = LZ4_compress_default((const char *)in->p + at, tmp, (int)n, LZ4_compressBound((int)blk));
		if (c <= 0)
			abort();
		if (k == 2)
			le32(out, 0x184c2102);
		le32(out, (unsigned)c);
		put(out, tmp, (size_t)c);
	}
	free(tmp);
}

// ---- images from recipes ----

enum kind { OP_END, OP_PLAIN, OP_ZEROS, OP_BYTES, OP_GZ, OP_ZST, OP_ZSTRAW, OP_XZ, OP_LZMA, OP_LZ4 };

struct op {
	enum kind k;
	int arc;
	enum variant v;
	unsigned n;		/* zeros: count; lzma: dict; lz4: block size; zstraw: window log */
	long flip;		/* nonzero: that byte of the segment (from its end when negative) is flipped */
	const char *bytes;	/* OP_BYTES: n of them */
};

struct tcase {
	const char *name;
	struct op ops[6];
	size_t cut;		/* bytes cut off the image's end */
	const char *stop;	/* the callback stops at this name */
	int feed, end;		/* wanted: unpack_feed's first nonzero (or 0), unpack_end */
	int nonames;		/* the names seen are not the recipe's */
};

#define MICRO { OP_PLAIN, A_MICRO, V_OK, 0, 0, NULL }, { OP_ZEROS, 0, V_OK, 512 - 4, 0, NULL }
#define SEG(k, a) { k, a, V_OK, 0, 0, NULL }

static const struct tcase cases[] = {
	{ "plain newc", { SEG(OP_PLAIN, A_MAIN) }, 0, NULL, 0, 0, 0 },
	{ "plain newc cut in its trailer's padding", { SEG(OP_PLAIN, A_MAIN) }, 1, NULL, 0, -ENODATA, 0 },
	{ "070702 with right checksums", { { OP_PLAIN, A_MAIN, V_702, 0, 0, NULL } }, 0, NULL, 0, 0, 0 },
	{ "070702 with a wrong checksum", { { OP_PLAIN, A_MAIN, V_702BAD, 0, 0, NULL } }, 0, NULL, -EINVAL, -EINVAL, 1 },
	{ "upper-case hex", { { OP_PLAIN, A_MAIN, V_UPPER, 0, 0, NULL } }, 0, NULL, 0, 0, 0 },
	{ "a 'g' in a header", { { OP_PLAIN, A_MAIN, V_BADHEX, 0, 0, NULL } }, 0, NULL, -EINVAL, -EINVAL, 1 },
	{ "namesize 4096", { { OP_PLAIN, A_SMALL, V_NAME4096, 0, 0, NULL } }, 0, NULL, 0, 0, 0 },
	{ "namesize 4097", { { OP_PLAIN, A_MAIN, V_NAME4097, 0, 0, NULL } }, 0, NULL, -EINVAL, -EINVAL, 1 },
	{ "namesize FFFFFFFF", { { OP_PLAIN, A_MAIN, V_HUGENAME, 0, 0, NULL } }, 0, NULL, -EINVAL, -EINVAL, 1 },
	{ "a name without its NUL", { { OP_PLAIN, A_MAIN, V_NONUL, 0, 0, NULL } }, 0, NULL, -EINVAL, -EINVAL, 1 },
	{ "old portable cpio", { { OP_PLAIN, A_MAIN, V_ODC, 0, 0, NULL } }, 0, NULL, -EINVAL, -EINVAL, 1 },
	{ "filesize past the image's end", { { OP_PLAIN, A_SMALL, V_SHORTDATA, 0, 0, NULL } }, 0, NULL, 0, -ENODATA, 1 },
	{ "no trailer", { { OP_PLAIN, A_SMALL, V_NOTRAILER, 0, 0, NULL } }, 0, NULL, 0, -ENODATA, 1 },
	{ "two plain archives, NULs between", { MICRO, SEG(OP_PLAIN, A_MAIN) }, 0, NULL, 0, 0, 0 },
	{ "a plain archive at an unaligned offset", { MICRO, { OP_ZEROS, 0, V_OK, 1, 0, NULL }, SEG(OP_PLAIN, A_MAIN) },
	  0, NULL,
	  -EINVAL, -EINVAL, 1 },
	{ "NULs only", { { OP_ZEROS, 0, V_OK, 64, 0, NULL } }, 0, NULL, 0, -ENODATA, 1 },
	{ "an empty image", { SEG(OP_END, 0) }, 0, NULL, 0, -ENODATA, 1 },

	{ "microcode + gzip", { MICRO, SEG(OP_GZ, A_MAIN) }, 0, NULL, 0, 0, 0 },
	{ "microcode + gzip cut short", { MICRO, SEG(OP_GZ, A_MAIN) }, 10, NULL, 0, -ENODATA, 1 },
	{ "microcode + gzip, a byte flipped", { MICRO, { OP_GZ, A_MAIN, V_OK, 0, 3000, NULL } }, 0, NULL,
	  -EINVAL, -EINVAL, 1 },
	{ "microcode + gzip, its check flipped: every name before the fault, whatever the chunks",
	  { MICRO, { OP_GZ, A_MAIN, V_OK, 0, -8, NULL } }, 0, NULL, -EINVAL, -EINVAL, 0 },
	{ "microcode + zstd", { MICRO, SEG(OP_ZST, A_MAIN) }, 0, NULL, 0, 0, 0 },
	{ "microcode + zstd cut short", { MICRO, SEG(OP_ZST, A_MAIN) }, 3, NULL, 0, -ENODATA, 1 },
	{ "microcode + zstd, a byte flipped", { MICRO, { OP_ZST, A_MAIN, V_OK, 0, 3000, NULL } }, 0, NULL,
	  -EINVAL, -EINVAL, 1 },
	{ "microcode + xz", { MICRO, SEG(OP_XZ, A_MAIN) }, 0, NULL, 0, 0, 0 },
	{ "microcode + xz cut short", { MICRO, SEG(OP_XZ, A_MAIN) }, 1, NULL, 0, -ENODATA, 1 },
	{ "microcode + xz, a byte flipped", { MICRO, { OP_XZ, A_MAIN, V_OK, 0, 3000, NULL } }, 0, NULL,
	  -EINVAL, -EINVAL, 1 },
	{ "microcode + lzma", { MICRO, SEG(OP_LZMA, A_MAIN) }, 0, NULL, 0, 0, 0 },
	{ "microcode + lzma asking a 1 GiB dictionary", { MICRO, { OP_LZMA, A_MAIN, V_OK, 1u << 30, 0, NULL } }, 0,
	  NULL, -ENOMEM, -ENOMEM, 1 },
	{ "microcode + lz4", { MICRO, { OP_LZ4, A_MAIN, V_OK, 30000, 0, NULL } }, 0, NULL, 0, 0, 0 },
	{ "microcode + lz4 cut inside a block", { MICRO, { OP_LZ4, A_MAIN, V_OK, 30000, 0, NULL } }, 5, NULL, 0,
	  -ENODATA, 1 },
	{ "microcode + lz4, its first block's token flipped", { MICRO, { OP_LZ4, A_MAIN, V_OK, 30000, 8, NULL } }, 0,
	  NULL, -EINVAL, -EINVAL, 1 },
	{ "microcode + lz4, a block size over the bound",
	  { MICRO, { OP_LZ4, A_MAIN, V_OK, 30000, 0, NULL }, { OP_BYTES, 0, V_OK, 4, 0, "\xff\xff\xff\x00" } }, 0,
	  NULL, -EINVAL, -EINVAL, 1 },
	{ "lz4 ended by a zero size, then gzip", { { OP_LZ4, A_MAIN, V_OK, 100000, 0, NULL },
	  { OP_ZEROS, 0, V_OK, 7, 0, NULL }, SEG(OP_GZ, A_SMALL) }, 0, NULL, 0, 0, 0 },
	{ "lz4 then gzip without the zero size", { { OP_LZ4, A_MAIN, V_OK, 100000, 0, NULL }, SEG(OP_GZ, A_SMALL) },
	  0, NULL, 0, -ENODATA, 1 },
	{ "lz4 then 3 NULs", { { OP_LZ4, A_MAIN, V_OK, 100000, 0, NULL }, { OP_ZEROS, 0, V_OK, 3, 0, NULL } }, 0, NULL,
	  0, 0, 0 },
	{ "lz4 then 3 bytes of junk", { { OP_LZ4, A_MAIN, V_OK, 100000, 0, NULL },
	  { OP_BYTES, 0, V_OK, 3, 0, "\0\0\x01" } }, 0, NULL, 0, -ENODATA, 1 },

	{ "two compressed segments", { MICRO, SEG(OP_GZ, A_SMALL), SEG(OP_ZST, A_MAIN) }, 0, NULL, 0, 0, 0 },
	{ "three, NULs between", { SEG(OP_XZ, A_SMALL), { OP_ZEROS, 0, V_OK, 5, 0, NULL }, SEG(OP_GZ, A_MAIN),
	  SEG(OP_LZMA, A_SMALL) }, 0, NULL, 0, 0, 0 },
	{ "a compressed segment without a trailer", { MICRO, { OP_GZ, A_SMALL, V_NOTRAILER, 0, 0, NULL },
	  SEG(OP_ZST, A_MAIN) }, 0, NULL, -EINVAL, -EINVAL, 1 },
	{ "junk after a trailer inside gzip", { MICRO, { OP_GZ, A_SMALL, V_JUNK, 0, 0, NULL } }, 0, NULL,
	  -EINVAL, -EINVAL, 1 },
	{ "junk after the last segment", { MICRO, SEG(OP_GZ, A_MAIN), { OP_BYTES, 0, V_OK, 8, 0, "junkjunk" } }, 0,
	  NULL, -EINVAL, -EINVAL, 1 },
	{ "2 bytes of gzip magic at the end", { MICRO, SEG(OP_GZ, A_MAIN), { OP_BYTES, 0, V_OK, 2, 0, "\x1f\x8b" } },
	  0, NULL, 0, -ENODATA, 1 },

	{ "zstd window 2^27", { MICRO, { OP_ZSTRAW, A_SMALL, V_OK, 27, 0, NULL } }, 0, NULL, 0, 0, 0 },
	{ "zstd window 2^28", { MICRO, { OP_ZSTRAW, A_SMALL, V_OK, 28, 0, NULL } }, 0, NULL, -ENOMEM, -ENOMEM, 1 },
	{ "bzip2", { MICRO, { OP_BYTES, 0, V_OK, 12, 0, "BZh91AY&SY\x01\x02" } }, 0, NULL, -ENOTSUP, -ENOTSUP, 1 },
	{ "lzo", { MICRO, { OP_BYTES, 0, V_OK, 9, 0, "\x89LZO\0\r\n\x1a\n" } }, 0, NULL, -ENOTSUP, -ENOTSUP, 1 },

	{ "the callback stops at virtio_blk", { MICRO, SEG(OP_XZ, A_MAIN) }, 0, "virtio_blk.ko", 1, 1, 0 },
	{ "the callback stops in the microcode", { MICRO, SEG(OP_XZ, A_MAIN) }, 0, "x86", 1, 1, 0 },
	{ "the callback would stop at a name not there", { MICRO, SEG(OP_XZ, A_MAIN) }, 0, "nvme.ko", 0, 0, 0 },
};

/* The image of a recipe and the names it holds. */
static void build(const struct tcase *t, struct buf *img, struct buf *names)
{
	for (const struct op *o = t->ops; o < t->ops + 6 && o->k != OP_END; o++) {
		struct buf a = { 0 };
		size_t at = img->len;
		if (o->k != OP_ZEROS && o->k != OP_BYTES)
			archive(&a, o->arc, o->v, names);
		switch (o->k) {
		case OP_PLAIN:
			put(img, a.p, a.len);
			break;
		case OP_ZEROS:
			zeros(img, o->n);
			break;
		case OP_BYTES:
			put(img, o->bytes, o->n);
			break;
		case OP_GZ:
			gz(img, &a);
			break;
		case OP_ZST:
			zst(img, &a);
			break;
		case OP_ZSTRAW:
			zst_raw(img, &a, o->n);
			break;
		case OP_XZ:
			xz(img, &a);
			break;
		case OP_LZMA:
			lzma_old(img, &a, o->n);
			break;
		case OP_LZ4:
			lz4_legacy(img, &a, o->n);
			break;
		case OP_END:
			break;
		}
		if (o->flip)
			img->p[o->flip > 0 ? at + (size_t)o->flip : img->len - (size_t)-o->flip] ^= 0x55;
		free(a.p);
	}
	img->len -= t->cut;
}

struct seen {
	struct buf names;
	const char *stop;
	unsigned long n;
	int bad;		/* an entry's mode or size was not as written */
};

static int collect(const struct cpio_entry *e, void *ctx)
{
	struct seen *s = ctx;
	const char *base = strrchr(e->name, '/');

	s->n++;
	put(&s->names, e->name, strlen(e->name));
	put(&s->names, "\n", 1);
	for (size_t a = 0; a < sizeof arcs / sizeof *arcs; a++)
		for (const struct ent *w = arcs[a]; w->name; w++)
			if (strcmp(w->name, e->name) == 0 &&
			    (w->mode != e->mode || (w->data ? strlen(w->data) : w->size) != e->size))
				s->bad++;
	return s->stop && strcmp(base ? base + 1 : e->name, s->stop) == 0;
}

/* The names up to and including stop's line. */
static size_t upto(const struct buf *names, const char *stop)
{
	size_t sl = strlen(stop);

	for (size_t i = 0, line = 0; i < names->len; i++)
		if (names->p[i] == '\n') {
			if (i - line >= sl && memcmp(names->p + i - sl, stop, sl) == 0 &&
			    (i - line == sl || names->p[i - sl - 1] == '/'))
				return i + 1;
			line = i + 1;
		}
	return names->len;
}

static void check_images(void)
{
	static const size_t chunks[] = { 0, 1, 3, 64, 4096, 65536 };

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct tcase *t = &cases[i];
		struct buf img = { 0 }, names = { 0 };
		build(t, &img, &names);
		size_t want_len = t->stop ? upto(&names, t->stop) : names.len;
		for (size_t c = 0; c < sizeof chunks / sizeof *chunks; c++) {
			size_t chunk = chunks[c] ? chunks[c] : img.len ? img.len : 1;
			struct seen s = { { 0 }, t->stop, 0, 0 };
			struct unpack *u = unpack_new(collect, &s);
			int feed = 0;
			for (size_t at = 0; at < img.len && !feed; at += chunk)
				feed = unpack_feed(u, img.p + at, img.len - at < chunk ? img.len - at : chunk);
			int end = unpack_end(u);
			CHECK(feed == t->feed && end == t->end, "%s, chunks of %zu: feed %d end %d (%s)", t->name,
			      chunk, feed, end, unpack_error(u));
			CHECK(end < 0 ? unpack_error(u)[0] != '\0' : unpack_error(u)[0] == '\0', "%s: the reason \"%s\"",
			      t->name, unpack_error(u));
			if (!t->nonames)
				CHECK(s.names.len == want_len && memcmp(s.names.p, names.p, want_len) == 0 && !s.bad &&
				      unpack_entries(u) == s.n,
				      "%s, chunks of %zu: %lu names, %lu reported, %d unlike what was written", t->name,
				      chunk, s.n, unpack_entries(u), s.bad);
			unpack_free(u);
			free(s.names.p);
		}
		free(img.p);
		free(names.p);
	}
}

// ---- the parser alone ----

static int count(const struct cpio_entry *e, void *ctx)
{
	(void)e;
	++*(int *)ctx;
	return 0;
}

static void check_parser(void)
{
	struct buf a = { 0 }, names = { 0 };
	struct cpio c;
	int n = 0;

	archive(&a, A_MAIN, V_OK, &names);
	cpio_init(&c, count, &n);
	CHECK(!cpio_at_boundary(&c), "a new parse is at no boundary");
	CHECK(cpio_feed(&c, a.p, a.len - 1) == 0 && !cpio_at_boundary(&c), "one byte short of the trailer's end");
	CHECK(cpio_feed(&c, a.p + a.len - 1, 1) == 0 && cpio_at_boundary(&c) && n == 15 && c.trailers == 1,
	      "after the trailer: %d entries", n);
	CHECK(cpio_feed(&c, (const unsigned char *)"\0\0\0\0\0", 5) == 0 && cpio_at_boundary(&c), "NULs after it");
	CHECK(cpio_feed(&c, (const unsigned char *)"070701", 6) == -1 && c.err, "an unaligned next archive");
	CHECK(cpio_feed(&c, a.p, a.len) == -1, "an error is sticky");

	// a compressed segment's first byte: left for the caller
	size_t used = 99;
	cpio_init(&c, count, &n);
	CHECK(cpio_feed_upto(&c, a.p, a.len, &used) == 0 && used == a.len, "all taken: %zu", used);
	CHECK(cpio_feed_upto(&c, (const unsigned char *)"\0\0\0\x1f\x8b", 5, &used) == CPIO_FOREIGN && used == 3,
	      "stopped at gzip's magic: %zu", used);
	CHECK(cpio_feed(&c, (const unsigned char *)"\x1f", 1) == -1, "cpio_feed calls it junk");

	// a header split anywhere, a name split anywhere
	for (size_t cut = 1; cut < 140; cut++) {
		cpio_init(&c, count, &n);
		n = 0;
		int rc = cpio_feed(&c, a.p, cut);
		rc |= cpio_feed(&c, a.p + cut, a.len - cut);
		CHECK(rc == 0 && n == 15 && cpio_at_boundary(&c), "split at %zu: %d entries", cut, n);
	}
	free(a.p);
	free(names.p);

	// one header, each row changing a few of its bytes
	static const char good[] = "070701" "00000000" "000081a4" "00000000" "00000000" "00000001" "00000000"
				   "00000000" "00000000" "00000000" "00000000" "00000000" "00000002" "00000000";
	static const struct {
		const char *name;
		size_t at;
		const char *with;
		int rc;
	} hdrs[] = {
		{ "as it is", 0, "", 0 },
		{ "upper-case hex", 14, "000081A4", 0 },
		{ "no magic", 0, "X", -1 },
		{ "odc magic", 5, "7", -1 },
		{ "crc magic", 5, "2", 0 },
		{ "a sign", 6, "-", -1 },
		{ "a space", 13, " ", -1 },
		{ "a 0x prefix", 54, "0x", -1 },
		{ "namesize 0", 94, "00000000", -1 },
		{ "namesize 4096", 94, "00001000", 0 },
		{ "namesize 4097", 94, "00001001", -1 },
		{ "namesize FFFFFFFF", 94, "FFFFFFFF", -1 },
		{ "filesize FFFFFFFF", 54, "FFFFFFFF", 0 },
	};
	for (size_t i = 0; i < sizeof hdrs / sizeof *hdrs; i++) {
		unsigned char h[CPIO_HEADER_LEN];
		memcpy(h, good, sizeof h);
		memcpy(h + hdrs[i].at, hdrs[i].with, strlen(hdrs[i].with));
		cpio_init(&c, count, &n);
		int rc = cpio_feed(&c, h, sizeof h);
		CHECK(rc == hdrs[i].rc && (rc == 0 || c.err), "%s: %d", hdrs[i].name, rc);
		// the twin: one byte short, nothing is judged yet
		cpio_init(&c, count, &n);
		CHECK(cpio_feed(&c, h, sizeof h - 1) == 0 || h[0] != '0', "%s: one byte short", hdrs[i].name);
	}
	cpio_init(&c, count, &n);
	CHECK(cpio_feed(&c, (const unsigned char *)good, CPIO_HEADER_LEN) == 0 &&
	      cpio_feed(&c, (const unsigned char *)"aX", 2) == -1, "a name without its NUL");
}

static void check_sniff(void)
{
	static const struct {
		const char *bytes;
		size_t len;
		enum cpio_format f;
	} magic[] = {
		{ "070701", 6, CPIO_NEWC }, { "070702", 6, CPIO_NEWC }, { "070707", 6, CPIO_UNKNOWN },
		{ "07070", 5, CPIO_UNKNOWN }, { "\x1f\x8b\x08", 3, CPIO_GZIP }, { "\x1f", 1, CPIO_UNKNOWN },
		{ "\x28\xb5\x2f\xfd", 4, CPIO_ZSTD }, { "\x28\xb5\x2f", 3, CPIO_UNKNOWN },
		{ "\xfd" "7zXZ\0", 6, CPIO_XZ }, { "\xfd" "7zXZ", 5, CPIO_UNKNOWN }, { "\x02\x21\x4c\x18", 4, CPIO_LZ4 },
		{ "\x04\x22\x4d\x18", 4, CPIO_UNKNOWN }, { "\x5d\0\0\x80", 4, CPIO_LZMA }, { "\x5d\0\x01", 3, CPIO_UNKNOWN },
		{ "BZh9", 4, CPIO_BZIP2 }, { "BZ", 2, CPIO_UNKNOWN }, { "\x89LZO", 4, CPIO_LZO }, { "", 0, CPIO_UNKNOWN },
	};
	for (size_t i = 0; i < sizeof magic / sizeof *magic; i++)
		CHECK(cpio_sniff((const unsigned char *)magic[i].bytes, magic[i].len) == magic[i].f, "magic %zu: %s", i,
		      cpio_format_name(cpio_sniff((const unsigned char *)magic[i].bytes, magic[i].len)));
	CHECK_STR(cpio_format_name(CPIO_ZSTD), "zstd", "a format's name");
	CHECK_STR(cpio_format_name((enum cpio_format)99), "unknown", "no format's name");
}

static void check_module(void)
{
	static const struct {
		const char *path, *name, *ver;
	} mods[] = {
		{ MODDIR "kernel/drivers/block/virtio_blk.ko", "virtio_blk", "6.1.0-13-amd64" },
		{ "lib/modules/5.14.0-362.el9.x86_64/kernel/fs/xfs/xfs.ko.xz", "xfs", "5.14.0-362.el9.x86_64" },
		{ "./usr/lib/modules/6.8.0/kernel/drivers/md/dm-mod.ko.zst", "dm_mod", "6.8.0" },
		{ "/lib/modules/6.1/updates/dkms/zfs.ko.gz", "zfs", "6.1" },
		{ "lib/modules/6.1/extra.ko", "extra", "6.1" },
		{ MODDIR "modules.dep", NULL, NULL },
		{ MODDIR "kernel/drivers/block", NULL, NULL },
		{ "lib/modules/6.1.ko", NULL, NULL },
		{ "lib/modules//x.ko", NULL, NULL },
		{ "lib/modules/6.1/.ko", NULL, NULL },
		{ "lib/modules/6.1/x.ko.bz2", NULL, NULL },
		{ "lib/modules/6.1/x.kox", NULL, NULL },
		{ "usr/lib/firmware/x.ko", NULL, NULL },
		{ "opt/lib/modules/6.1/x.ko", NULL, NULL },
		{ "kernel/x86/microcode/GenuineIntel.bin", NULL, NULL },
	};
	char name[64], ver[64];

	for (size_t i = 0; i < sizeof mods / sizeof *mods; i++) {
		int rc = cpio_module(mods[i].path, name, sizeof name, ver, sizeof ver);
		if (mods[i].name) {
			CHECK(rc == 0, "%s: a module", mods[i].path);
			if (rc == 0) {
				CHECK_STR(name, mods[i].name, mods[i].path);
				CHECK_STR(ver, mods[i].ver, mods[i].path);
			}
		} else {
			CHECK(rc == -1, "%s: no module", mods[i].path);
		}
	}
	CHECK(cpio_module(mods[0].path, name, sizeof name, NULL, 0) == 0, "no version wanted");
	CHECK(cpio_module(mods[0].path, name, 10, NULL, 0) == -1, "no room for virtio_blk");
	CHECK(cpio_module(mods[0].path, name, 11, NULL, 0) == 0, "room for virtio_blk");
	CHECK(cpio_module(mods[0].path, name, sizeof name, ver, 14) == -1, "no room for the version");
}

int main(void)
{
	check_parser();
	check_sniff();
	check_module();
	check_images();
	return t_done("test_cpio");
}
