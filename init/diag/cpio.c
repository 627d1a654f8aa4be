/* diag cpio: a streaming parser for the kernel's initramfs cpio ("newc") format. */
#include "cpio.h"

#include <string.h>

#define S_IFMT_BITS 0170000
#define S_IFREG_BITS 0100000

enum state {
	S_START,	/* nothing yet: NULs, then an archive */
	S_PAD,		/* after a TRAILER!!!: NULs, then maybe another archive */
	S_HDR,
	S_NAME,
	S_NAMEPAD,
	S_DATA,
	S_DATAPAD,
	S_TRAILPAD,	/* the trailer's own data and padding */
	S_STOP,
	S_ERR,
};

void cpio_init(struct cpio *c, cpio_cb cb, void *ctx)
{
	memset(c, 0, sizeof *c);
	c->cb = cb;
	c->ctx = ctx;
	c->state = S_START;
}

void cpio_restart(struct cpio *c, unsigned long long off)
{
	c->off = off;
}

int cpio_at_boundary(const struct cpio *c)
{
	return c->state == S_PAD;
}

static int fail(struct cpio *c, const char *why)
{
	c->err = why;
	c->state = S_ERR;
	return -1;
}

/* Eight ASCII hex digits, no sign, no space: 0, or -1. */
static int hex8(const unsigned char *s, unsigned *v)
{
	unsigned x = 0;

	for (int i = 0; i < 8; i++) {
		unsigned ch = s[i], d;
		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
			d = (ch | 0x20) - 'a' + 10;
		else
			return -1;
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

static int header(struct cpio *c)
{
	// fields after the magic: ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
	unsigned f[13];

	if (memcmp(c->hdr, "070701", 6) == 0)
		c->csum = 0;
	else if (memcmp(c->hdr, "070702", 6) == 0)
		c->csum = 1;
	else if (memcmp(c->hdr, "070707", 6) == 0)
		return fail(c, "old portable cpio format, not newc");
	else
		return fail(c, "no cpio magic");
	for (int i = 0; i < 13; i++)
		if (hex8(c->hdr + 6 + 8 * i, &f[i]) < 0)
			return fail(c, "bad hex digit in cpio header");
	c->mode = f[1];
	c->size = f[6];
	c->namesize = f[11];
	c->check = f[12];
	if (c->namesize == 0)
		return fail(c, "cpio entry without a name");
	if (c->namesize > CPIO_NAME_MAX)
		return fail(c, "cpio entry name longer than PATH_MAX");
	c->state = S_NAME;
	c->have = 0;
	return 0;
}

static int name(struct cpio *c)
{
	if (c->name[c->namesize - 1] != '\0')
		return fail(c, "cpio entry name without its NUL");
	c->left = (4 - (c->off & 3)) & 3;
	if (strcmp(c->name, "TRAILER!!!") == 0) {
		// its data, if any, is skipped like any other
		c->left += c->size + ((4 - ((c->off + c->left + c->size) & 3)) & 3);
		c->state = S_TRAILPAD;
		return 0;
	}
	c->entries++;
	c->state = S_NAMEPAD;
	struct cpio_entry e = { c->name, c->mode, c->size };
	if (c->cb && c->cb(&e, c->ctx)) {
		c->state = S_STOP;
		return CPIO_STOPPED;
	}
	return 0;
}

/* A state with nothing left to pass moves on. */
static int settle(struct cpio *c)
{
	while (c->left == 0) {
		switch (c->state) {
		case S_NAMEPAD:
			c->state = S_DATA;
			c->left = c->size;
			c->sum = 0;
			break;
		case S_DATA:
			if (c->csum && (c->mode & S_IFMT_BITS) == S_IFREG_BITS && c->sum != c->check)
				return fail(c, "bad data checksum in a 070702 entry");
			c->state = S_DATAPAD;
			c->left = (4 - (c->off & 3)) & 3;
			break;
		case S_DATAPAD:
			c->state = S_HDR;
			c->have = 0;
			return 0;
		case S_TRAILPAD:
			c->state = S_PAD;
			c->trailers++;
			return 0;
		default:
			return 0;
		}
	}
	return 0;
}

int cpio_feed_upto(struct cpio *c, const unsigned char *buf, size_t len, size_t *used)
{
	size_t i = 0;
	int rc = 0;

	if (c->state == S_STOP || c->state == S_ERR) {
		*used = 0;
		return c->state == S_STOP ? CPIO_STOPPED : -1;
	}
	while (rc == 0 && (rc = settle(c)) == 0 && i < len) {
		size_t n = len - i;
		switch (c->state) {
		case S_START:
		case S_PAD:
			if (buf[i] == '\0') {
				n = 1;
				break;
			}
			if (buf[i] == '0' && !(c->off & 3)) {
				c->state = S_HDR;
				c->have = 0;
				continue;
			}
			*used = i;
			return CPIO_FOREIGN;
		case S_HDR:
			if (n > CPIO_HEADER_LEN - c->have)
				n = CPIO_HEADER_LEN - c->have;
			memcpy(c->hdr + c->have, buf + i, n);
			c->have += n;
			if (c->have == CPIO_HEADER_LEN)
				rc = header(c);
			break;
		case S_NAME:
			if (n > c->namesize - c->have)
				n = c->namesize - c->have;
			memcpy(c->name + c->have, buf + i, n);
			c->have += n;
			if (c->have == c->namesize) {
				c->off += n;
				i += n;
				rc = name(c);
				continue;
			}
			break;
		case S_DATA:
			if (n > c->left)
				n = (size_t)c->left;
			if (c->csum)
				for (size_t k = 0; k < n; k++)
					c->sum += buf[i + k];
			c->left -= n;
			break;
		default:
			if (n > c->left)
				n = (size_t)c->left;
			c->left -= n;
			break;
		}
		c->off += n;
		i += n;
	}
	*used = i;
	return rc;
}

int cpio_feed(struct cpio *c, const unsigned char *buf, size_t len)
{
	size_t used;
	int rc = cpio_feed_upto(c, buf, len, &used);

	if (rc == CPIO_FOREIGN)
		return fail(c, "junk between cpio archives");
	return rc;
}

enum cpio_format cpio_sniff(const unsigned char *buf, size_t len)
{
	static const struct {
		enum cpio_format f;
		size_t len;
		unsigned char magic[8];
	} magics[] = {
		{ CPIO_NEWC, 6, "070701" },
		{ CPIO_NEWC, 6, "070702" },
		{ CPIO_GZIP, 2, { 0x1f, 0x8b } },
		{ CPIO_ZSTD, 4, { 0x28, 0xb5, 0x2f, 0xfd } },
		{ CPIO_XZ, 6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
		{ CPIO_LZ4, 4, { 0x02, 0x21, 0x4c, 0x18 } },
		{ CPIO_LZMA, 3, { 0x5d, 0x00, 0x00 } },
		{ CPIO_BZIP2, 3, "BZh" },
		{ CPIO_LZO, 4, { 0x89, 'L', 'Z', 'O' } },
	};

	for (size_t i = 0; i < sizeof magics / sizeof *magics; i++)
		if (len >= magics[i].len && memcmp(buf, magics[i].magic, magics[i].len) == 0)
			return magics[i].f;
	return CPIO_UNKNOWN;
}

const char *cpio_format_name(enum cpio_format f)
{
	static const char *const names[] = {
		[CPIO_UNKNOWN] = "unknown", [CPIO_NEWC] = "newc", [CPIO_GZIP] = "gzip", [CPIO_ZSTD] = "zstd",
		[CPIO_XZ] = "xz", [CPIO_LZ4] = "lz4", [CPIO_LZMA] = "lzma", [CPIO_BZIP2] = "bzip2", [CPIO_LZO] = "lzo",
	};

	return (unsigned)f < sizeof names / sizeof *names ? names[f] : "unknown";
}

/* Copy n bytes of s into out (size bytes) as a string: 0, or -1 when it does not fit. */
static int copy_n(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int cpio_module(const char *path, char *name, size_t nsize, char *ver, size_t vsize)
{
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	const char *p = path;

	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			break;
	}
	if (strncmp(p, "usr/", 4) == 0)
		p += 4;
	if (strncmp(p, "lib/modules/", 12) != 0)
		return -1;
	p += 12;
	const char *slash = strchr(p, '/');
	if (!slash || slash == p)
		return -1;
	const char *base = strrchr(slash, '/') + 1;
	size_t blen = strlen(base);
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t sl = strlen(suffixes[i]);
		if (blen <= sl || strcmp(base + blen - sl, suffixes[i]) != 0)
			continue;
		if (copy_n(name, nsize, base, blen - sl) < 0)
			return -1;
		for (char *q = name; *q; q++)
			if (*q == '-')
				*q = '_';
		if (ver && copy_n(ver, vsize, p, (size_t)(slash - p)) < 0)
			return -1;
		return 0;
	}
	return -1;
}
