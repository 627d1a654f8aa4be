/* Which chunks of a filesystem it does not use (see usedmap.h). */
#include "usedmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t usedmap_bits(unsigned long long bytes, unsigned chunk)
{
	return (size_t)(((bytes + chunk - 1) / chunk + 7) / 8);
}

void usedmap_init(struct usedmap *m, unsigned long long bytes, unsigned chunk, unsigned char *bits)
{
	memset(m, 0, sizeof *m);
	m->bytes = bytes;
	m->chunk = chunk;
	m->unused = bits;
	m->nchunks = (bytes + chunk - 1) / chunk;
	memset(bits, 0, usedmap_bits(bytes, chunk));
}

static int fail(struct usedmap *m, const char *why)
{
	if (!m->failed)
		snprintf(m->why, sizeof m->why, "%s", why);
	m->failed = 1;
	return -1;
}

/* Mark the chunks that lie wholly inside the gathered run. */
static void flush(struct usedmap *m)
{
	unsigned long long first = (m->run_start + m->chunk - 1) / m->chunk;
	// the device's last chunk may be short: a run to the device's end covers it
	unsigned long long end = m->run_end >= m->bytes ? m->nchunks : m->run_end / m->chunk;

	for (unsigned long long i = first; i < end; i++)
		m->unused[i / 8] |= (unsigned char)(1u << (i % 8));
	m->run_start = m->run_end = 0;
}

int usedmap_free(struct usedmap *m, unsigned long long off, unsigned long long len)
{
	if (m->failed)
		return -1;
	if (len == 0 || off >= m->bytes || len > m->bytes - off)
		return fail(m, "a free range outside the device");
	m->free_bytes += len;
	if (m->run_end != m->run_start && off == m->run_end) {
		m->run_end += len;
		return 0;
	}
	// out of order, or a gap: what was gathered is done (only joins are lost out of order)
	if (m->run_end != m->run_start)
		flush(m);
	m->run_start = off;
	m->run_end = off + len;
	return 0;
}

/* An unsigned decimal at *p (advanced past it). 0, or -1. */
static int number(const char **p, unsigned long long *v)
{
	unsigned long long n = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > (~0ULL - 9) / 10)
			return -1;
		n = n * 10 + (unsigned)(*s - '0');
	}
	*p = s;
	*v = n;
	return 0;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* "Key:   N" with Key at the line's start: N into *v; 1 when it is that line, 0 when not, -1 when malformed. */
static int field(const char *line, const char *key, unsigned long long *v)
{
	size_t n = strlen(key);
	const char *p;

	if (strncmp(line, key, n) != 0)
		return 0;
	p = skip_spaces(line + n);
	return number(&p, v) == 0 && *skip_spaces(p) == '\0' ? 1 : -1;
}

int usedmap_dumpe2fs_line(struct usedmap *m, const char *line)
{
	unsigned long long v;
	int r;

	if (m->failed)
		return -1;
	if ((r = field(line, "Block size:", &v)) != 0) {
		if (r < 0 || v < 1024 || v > 65536 || (v & (v - 1)))
			return fail(m, "dumpe2fs gave a block size that is none");
		m->blocksize = (unsigned)v;
		return 0;
	}
	if ((r = field(line, "Cluster size:", &v)) != 0) {
		// bigalloc: the lists count clusters, not blocks (not mapped: every block is copied)
		if (r < 0 || v != m->blocksize)
			return fail(m, "a bigalloc filesystem (clusters, not blocks)");
		return 0;
	}
	if (strncmp(line, "  Free blocks: ", 15) != 0)
		return 0;
	if (!m->blocksize)
		return fail(m, "a free-block list before the block size");
	m->in_list = 1;
	for (const char *p = line + 15; *p;) {
		unsigned long long a, b;
		if (number(&p, &a) < 0)
			return fail(m, "a free-block list dumpe2fs did not write");
		b = a;
		if (*p == '-') {
			p++;
			if (number(&p, &b) < 0 || b < a)
				return fail(m, "a free-block range that ends before it starts");
		}
		if (b >= m->bytes / m->blocksize)
			return fail(m, "a free block past the device's end");
		if (usedmap_free(m, a * m->blocksize, (b - a + 1) * m->blocksize) < 0)
			return -1;
		if (*p == ',' && p[1] == ' ')
			p += 2;
		else if (*p)
			return fail(m, "a free-block list dumpe2fs did not write");
	}
	return 0;
}

void usedmap_xfs_geometry(struct usedmap *m, unsigned blocksize, unsigned long long agblocks)
{
	m->blocksize = blocksize;
	m->agblocks = agblocks;
}

int usedmap_freesp_line(struct usedmap *m, const char *line)
{
	const char *p = skip_spaces(line);
	unsigned long long ag, bno, len;

	if (m->failed)
		return -1;
	if (m->in_list == 2 || *p == '\0')
		return 0;
	if (!m->in_list) {
		if (strncmp(p, "agno", 4) != 0)
			return fail(m, "xfs_db did not begin with its heading");
		if (!m->blocksize || !m->agblocks)
			return fail(m, "no XFS geometry");
		m->in_list = 1;
		return 0;
	}
	if (strncmp(p, "from", 4) == 0) {
		m->in_list = 2;	/* the histogram: said it all */
		return 0;
	}
	if (number(&p, &ag) < 0 || number((p = skip_spaces(p), &p), &bno) < 0 ||
	    number((p = skip_spaces(p), &p), &len) < 0 || *skip_spaces(p) != '\0')
		return fail(m, "a free extent xfs_db did not write");
	if (bno >= m->agblocks || len > m->agblocks - bno || ag > m->bytes / m->blocksize / m->agblocks)
		return fail(m, "a free extent outside its allocation group");
	return usedmap_free(m, (ag * m->agblocks + bno) * m->blocksize, len * m->blocksize);
}

int usedmap_finish(struct usedmap *m)
{
	if (m->failed)
		return -1;
	if (!m->in_list)
		return fail(m, "no free-space list");
	if (m->run_end != m->run_start)
		flush(m);
	return 0;
}

int usedmap_unused(const struct usedmap *m, unsigned long long i)
{
	return i < m->nchunks && !m->failed && (m->unused[i / 8] >> (i % 8) & 1);
}
