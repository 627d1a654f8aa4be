/* A backup stream read from a file descriptor, checked frame by frame, and —
 * unless only verified — written to a target: a block device (lifeboat
 * restore), a new raw image file or a pipe (lifeboat-backup raw). Shared by the
 * `lifeboat` command and the host's lifeboat-backup. */
#ifndef LB_BACKUP_APPLY_H
#define LB_BACKUP_APPLY_H

#include "lbk.h"

enum lbk_zeros {
	LBK_ZEROS_NONE,		/* verify only: nothing is written */
	LBK_ZEROS_DEVICE,	/* a block device: zero frames by BLKZEROOUT (or written zeros) */
	LBK_ZEROS_HOLE,		/* a new, empty file: zero frames left as holes, its size set at the end */
	LBK_ZEROS_WRITE,	/* a pipe: zero frames written as zeros, in order */
};

struct lbk_apply {
	int out;			/* the target's descriptor (not for LBK_ZEROS_NONE) */
	enum lbk_zeros zeros;
	/* called after each frame (may be NULL) */
	void (*progress)(void *ctx, unsigned long long at, unsigned long long total);
	void *ctx;

	/* what happened */
	struct lbk_header h;		/* once lbk_apply_header() succeeded */
	unsigned long long stream_bytes;	/* read from the stream so far */
	unsigned long long at;		/* source bytes checked so far */
	unsigned long long written;	/* the target's bytes [0, written) hold the backup's */
	unsigned long long data_frames, zero_bytes;
	unsigned char digest[32];	/* the end frame's SHA-256, once done */
	char why[192];			/* why it stopped */
};

/* Read and check the stream's header from in. 0, or -1 with a->why. */
int lbk_apply_header(struct lbk_apply *a, int in);

/* Then the frames, each checked before a byte of it is written, to the end
 * frame and its SHA-256. 0, or -1 with a->why (a->written says how far the
 * target was written: frames are written in order). */
int lbk_apply_frames(struct lbk_apply *a, int in);

/* The header's fields as lines for people ("  source    /dev/vda1" …). */
void lbk_apply_describe(const struct lbk_header *h, char *out, size_t size);

/* "1.5 GiB", "640 KiB", "512 B" */
void lbk_size_text(unsigned long long bytes, char *out, size_t size);

/* All of len bytes read (writing 0) or written (1), at off (pread/pwrite) or, with off < 0,
 * where fd is; restarted after a signal. 0, or -errno (-ENODATA: the end came first). */
int lbk_io(int fd, void *buf, size_t len, long long off, int writing);

/* lbk_io(fd, buf, len, -1, 1). */
int lbk_write_all(int fd, const void *buf, size_t len);

#endif
