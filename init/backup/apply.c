/* A backup stream checked and written to its target (see apply.h). */
#define _GNU_SOURCE
#include "apply.h"
#include "stream.h"

#include <errno.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static unsigned char inbuf[LBK_STORED_MAX], outbuf[LBK_CHUNK_MAX];
static const unsigned char zeros[1 << 16];

void lbk_size_text(unsigned long long bytes, char *out, size_t size)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	int u = 0;

	while (v >= 1024 && u < 4)
		v /= 1024, u++;
	if (u == 0)
		snprintf(out, size, "%llu B", bytes);
	else
		snprintf(out, size, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

int lbk_io(int fd, void *buf, size_t len, long long off, int writing)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = off < 0 ? (writing ? write(fd, p, len) : read(fd, p, len))
				    : (writing ? pwrite(fd, p, len, (off_t)off) : pread(fd, p, len, (off_t)off));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : writing ? -EIO : -ENODATA;
		p += n;
		len -= (size_t)n;
		if (off >= 0)
			off += n;
	}
	return 0;
}

int lbk_write_all(int fd, const void *buf, size_t len)
{
	return lbk_io(fd, (void *)buf, len, -1, 1);
}

/* Exactly len bytes from in. 0, 1 at the stream's end (a cut), or -errno. */
static int read_all(struct lbk_apply *a, int in, unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = read(in, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 1;
		p += n;
		len -= (size_t)n;
		a->stream_bytes += (unsigned long long)n;
	}
	return 0;
}

/* Why it stopped: what, and where in the stream. -1. */
static int stop(struct lbk_apply *a, const char *what, const char *detail)
{
	snprintf(a->why, sizeof a->why, "%s%s%s (at byte %llu of the stream)", what, detail ? ": " : "",
		 detail ? detail : "", a->stream_bytes);
	return -1;
}

static struct lbk_reader rd;

int lbk_apply_header(struct lbk_apply *a, int in)
{
	const char *why = NULL;
	unsigned long long off, len;
	int z, rc;

	lbk_reader_init(&rd);
	a->stream_bytes = a->at = a->written = a->data_frames = a->zero_bytes = 0;
	a->why[0] = '\0';
	while (!rd.have_header) {
		size_t want = lbk_reader_want(&rd);
		if ((rc = read_all(a, in, inbuf, want)) != 0)
			return rc > 0 ? stop(a, "the stream ends inside its header: it is cut, or empty", NULL)
				      : stop(a, "reading the stream", strerror(-rc));
		if (lbk_reader_put(&rd, inbuf, outbuf, &off, &len, &z, &why) < 0)
			return stop(a, why, NULL);
	}
	a->h = rd.h;
	return 0;
}

static int write_zeros(struct lbk_apply *a, unsigned long long off, unsigned long long len)
{
	if (a->zeros == LBK_ZEROS_DEVICE && off % 512 == 0 && len % 512 == 0) {
		unsigned long long range[2] = { off, len };
		if (ioctl(a->out, BLKZEROOUT, range) == 0)
			return 0;
		// not offered by the device: written as zeros
	}
	if (a->zeros == LBK_ZEROS_HOLE)
		return 0;
	while (len) {
		size_t k = len < sizeof zeros ? (size_t)len : sizeof zeros;
		int rc = lbk_io(a->out, (void *)zeros, k, a->zeros == LBK_ZEROS_WRITE ? -1 : (long long)off, 1);
		if (rc < 0)
			return rc;
		off += k;
		len -= k;
		a->written = off;
	}
	return 0;
}

int lbk_apply_frames(struct lbk_apply *a, int in)
{
	const char *why = NULL;
	unsigned long long off, len;
	int z, rc, step;

	for (;;) {
		size_t want = lbk_reader_want(&rd);
		if ((rc = read_all(a, in, inbuf, want)) != 0)
			return rc > 0 ? stop(a, "the stream ends before its end frame: it was cut", NULL)
				      : stop(a, "reading the stream", strerror(-rc));
		step = lbk_reader_put(&rd, inbuf, outbuf, &off, &len, &z, &why);
		if (step < 0)
			return stop(a, why, NULL);
		if (step == LBK_DONE) {
			memcpy(a->digest, rd.digest, 32);
			if (a->zeros == LBK_ZEROS_HOLE && ftruncate(a->out, (off_t)a->h.bytes) < 0)
				return stop(a, "setting the image's size", strerror(errno));
			if (a->zeros == LBK_ZEROS_HOLE)
				a->written = a->h.bytes;
			return 0;
		}
		if (step != LBK_BYTES)
			continue;
		if (z) {
			a->zero_bytes += len;
			if (a->zeros != LBK_ZEROS_NONE && (rc = write_zeros(a, off, len)) < 0)
				return stop(a, "writing zeros", strerror(-rc));
		} else {
			a->data_frames++;
			if (a->zeros == LBK_ZEROS_WRITE)
				rc = lbk_write_all(a->out, outbuf, (size_t)len);
			else if (a->zeros != LBK_ZEROS_NONE)
				rc = lbk_io(a->out, outbuf, (size_t)len, (long long)off, 1);
			else
				rc = 0;
			if (rc < 0)
				return stop(a, "writing", strerror(-rc));
		}
		a->at = off + len;
		if (a->zeros != LBK_ZEROS_NONE)
			a->written = a->at;
		if (a->progress)
			a->progress(a->ctx, a->at, a->h.bytes);
	}
}

void lbk_apply_describe(const struct lbk_header *h, char *out, size_t size)
{
	char sz[32], when[32];
	time_t t = (time_t)h->created;
	struct tm tm;

	lbk_size_text(h->bytes, sz, sizeof sz);
	if (!gmtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(when, sizeof when, "%lld", h->created);
	snprintf(out, size,
		 "  source    %s\n"
		 "  size      %llu bytes (%s)\n"
		 "  contents  %s%s%s\n"
		 "  taken     %s\n",
		 h->source, h->bytes, sz, h->fs[0] ? h->fs : "a whole disk, or no filesystem lifeboat knows",
		 h->uuid[0] ? ", UUID " : "", h->uuid, when);
}
