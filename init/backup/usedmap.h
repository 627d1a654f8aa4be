/* Which chunks of a filesystem hold nothing it uses (pure): built from the
 * free-space lists its own tools print (dumpe2fs for ext2/3/4, xfs_db's
 * freesp -d for XFS), one line at a time. A chunk is unused only when every
 * byte of it lies in free space; everything else — metadata, the journal,
 * blocks outside the filesystem, any line not understood — counts as used,
 * so that a backup never leaves out a byte the filesystem needs. */
#ifndef LB_USEDMAP_H
#define LB_USEDMAP_H

#include <stddef.h>

struct usedmap {
	unsigned long long bytes;	/* the device's size */
	unsigned chunk;			/* bytes a bit stands for */
	unsigned char *unused;		/* a bit per chunk: 1 unused; the caller's, usedmap_bits() bytes */
	unsigned long long nchunks;
	unsigned long long free_bytes;	/* in the free ranges given */
	unsigned long long run_start, run_end;	/* the free range being gathered (end exclusive; equal: none) */
	/* the tool's text as it is parsed */
	unsigned blocksize;		/* dumpe2fs: "Block size:"; xfs_db: given */
	unsigned long long agblocks;	/* xfs_db: blocks per allocation group */
	int in_list;			/* xfs_db: past the "agno agbno len" heading */
	int failed;			/* a line was not understood: the map means nothing */
	char why[96];
};

/* Bytes of bits a map of bytes in chunks of chunk needs. */
size_t usedmap_bits(unsigned long long bytes, unsigned chunk);

/* Start a map (every chunk used) over bits (usedmap_bits() bytes). */
void usedmap_init(struct usedmap *m, unsigned long long bytes, unsigned chunk, unsigned char *bits);

/* Bytes [off, off+len) are free. Ranges must come in order (touching ones are joined). 0, or -1 (failed set). */
int usedmap_free(struct usedmap *m, unsigned long long off, unsigned long long len);

/* One line of `dumpe2fs DEVICE`'s output (no newline). 0, or -1 (failed set). */
int usedmap_dumpe2fs_line(struct usedmap *m, const char *line);

/* For XFS: the geometry (from its superblock) before the lines of
 * `xfs_db -r -c "freesp -d" DEVICE`, each given to usedmap_freesp_line. */
void usedmap_xfs_geometry(struct usedmap *m, unsigned blocksize, unsigned long long agblocks);
int usedmap_freesp_line(struct usedmap *m, const char *line);

/* After the last line: the last range in. 0, or -1 when the map failed (or was never given a line's worth). */
int usedmap_finish(struct usedmap *m);

/* Whether chunk i is unused (1) or used (0). */
int usedmap_unused(const struct usedmap *m, unsigned long long i);

#endif
