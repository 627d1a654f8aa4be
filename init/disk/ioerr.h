/* The block layer's I/O error lines in the kernel log, counted per disk. */
#ifndef LB_IOERR_H
#define LB_IOERR_H

#include <stddef.h>

struct ioerr_tally {
	unsigned reads, writes, other;	/* errors counted, by the request's direction */
	char disk[32];			/* the first one's disk ("vda") */
	unsigned long long sector;	/* and its sector */
	char op[16];			/* and its operation ("READ"), "" when the line names none */
	int disks;			/* how many different disks: 1, or 2 for "more than one" */
};

/* One kernel log message (no header, no newline): a block I/O error line —
 * "I/O error, dev vda, sector 400 op 0x0:(READ) flags …", "critical medium error,
 * dev sda, sector 8 op 0x1:(WRITE) …", or the older forms with "blk_update_request: "
 * before them or no op. 1 and the disk, sector and op filled in; 0 not such a line. */
int ioerr_parse(const char *msg, size_t len, char *disk, size_t dsize, unsigned long long *sector,
		char *op, size_t osize);

/* Count msg into t when it is such a line and names disk `only` (NULL: any disk). 1 counted, 0 not. */
int ioerr_add(struct ioerr_tally *t, const char *msg, size_t len, const char *only);

/* "3 read errors and 1 write error on vda (the first at sector 400, READ)"; "" when t counted none. */
void ioerr_text(const struct ioerr_tally *t, char *out, size_t size);

#endif
