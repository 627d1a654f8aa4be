/* The block layer's I/O error lines in the kernel log, counted per disk. */
#include "ioerr.h"

#include <stdio.h>
#include <string.h>

/* The first occurrence of the NUL-terminated word in s[0, len), or NULL. */
static const char *find(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, word, n) == 0)
			return s + i;
	return NULL;
}

int ioerr_parse(const char *msg, size_t len, char *disk, size_t dsize, unsigned long long *sector,
		char *op, size_t osize)
{
	static const char dev[] = " error, dev ", sec[] = ", sector ", opw[] = " op 0x";
	const char *end = msg + len, *p = find(msg, len, dev), *q;
	size_t n;

	// "<what> error, dev NAME, sector N": the block layer's own words, nothing before "error" empty
	if (!p || p == msg || dsize == 0 || osize == 0)
		return 0;
	p += sizeof dev - 1;
	// a kernel's disk name: printable, no blank, no comma ("vda", "nvme0n1", "cciss!c0d0")
	for (q = p; q < end && *q > ' ' && *q < 0x7f && *q != ','; q++)
		;
	n = (size_t)(q - p);
	if (n == 0 || n >= dsize || (size_t)(end - q) < sizeof sec - 1 || memcmp(q, sec, sizeof sec - 1) != 0)
		return 0;
	memcpy(disk, p, n);
	disk[n] = '\0';
	q += sizeof sec - 1;
	if (q >= end || *q < '0' || *q > '9')
		return 0;
	*sector = 0;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		unsigned d = (unsigned)(*q - '0');
		if (*sector > (~0ULL - d) / 10)
			return 0;
		*sector = *sector * 10 + d;
	}
	// " op 0x1:(WRITE)": the direction, when the kernel names it
	op[0] = '\0';
	if ((size_t)(end - q) > sizeof opw - 1 && memcmp(q, opw, sizeof opw - 1) == 0) {
		const char *o = memchr(q, '(', (size_t)(end - q)), *c;
		if (o && (c = memchr(o, ')', (size_t)(end - o))) && (size_t)(c - o - 1) < osize) {
			memcpy(op, o + 1, (size_t)(c - o - 1));
			op[c - o - 1] = '\0';
		}
	}
	return 1;
}

int ioerr_add(struct ioerr_tally *t, const char *msg, size_t len, const char *only)
{
	char disk[sizeof t->disk], op[sizeof t->op];
	unsigned long long sector;

	if (!ioerr_parse(msg, len, disk, sizeof disk, &sector, op, sizeof op) || (only && strcmp(disk, only) != 0))
		return 0;
	if (t->reads + t->writes + t->other == 0) {
		memcpy(t->disk, disk, sizeof disk);
		memcpy(t->op, op, sizeof op);
		t->sector = sector;
		t->disks = 1;
	} else if (strcmp(t->disk, disk) != 0) {
		t->disks = 2;
	}
	if (strncmp(op, "READ", 4) == 0)
		t->reads++;
	else if (strncmp(op, "WRITE", 5) == 0)
		t->writes++;
	else
		t->other++;
	return 1;
}

void ioerr_text(const struct ioerr_tally *t, char *out, size_t size)
{
	const unsigned n[3] = { t->reads, t->writes, t->other };
	static const char *const what[3] = { "read", "write", "other" };
	char part[3][40];
	int k = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (n[i])
			snprintf(part[k++], sizeof part[0], "%u %s error%s", n[i], what[i], n[i] == 1 ? "" : "s");
	if (k == 0)
		return;
	snprintf(out, size, "%s%s%s%s%s on %s%s (the first at sector %llu%s%s)", part[0],
		 k > 1 ? (k > 2 ? ", " : " and ") : "", k > 1 ? part[1] : "", k > 2 ? " and " : "", k > 2 ? part[2] : "",
		 t->disk, t->disks > 1 ? " and other disks" : "", t->sector, t->op[0] ? ", " : "", t->op);
}
