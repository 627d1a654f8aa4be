/* A backup stream read from a file and written to a raw image, as restore and
 * lifeboat-backup raw do: the image is the source (zero and unused chunks as
 * holes), a pipe gets the zeros written; a cut or damaged stream stops at the
 * frame that shows it, with the written range said, and only the frames before
 * it on the target; verify writes nothing. */
#define _GNU_SOURCE
#include "t.h"
#include "backup/apply.h"
#include "backup/stream.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 65536
#define BYTES (10 * CHUNK + 512)

static unsigned char src[BYTES], stream[2 * BYTES], img[BYTES + CHUNK];
static unsigned char out[LBK_WRITER_OUT];
static char dir[] = "/tmp/test_apply.XXXXXX";

static size_t make_stream(void)
{
	struct lbk_header h = { .version = LBK_VERSION, .bytes = BYTES, .created = 1, .chunk = CHUNK };
	struct lbk_writer w;
	const char *why = NULL;
	unsigned char sum[32];
	size_t n;

	snprintf(h.source, sizeof h.source, "/dev/vdb");
	snprintf(h.fs, sizeof h.fs, "ext4");
	n = (size_t)lbk_writer_start(&w, &h, 1, stream, sizeof stream, &why);
	for (size_t at = 0; at < BYTES; at += CHUNK) {
		size_t len = BYTES - at < CHUNK ? BYTES - at : CHUNK;
		long k = lbk_writer_chunk(&w, src + at, len, 0, out, &why);
		memcpy(stream + n, out, (size_t)k);
		n += (size_t)k;
	}
	long k = lbk_writer_finish(&w, out, sum, &why);
	memcpy(stream + n, out, (size_t)k);
	return n + (size_t)k;
}

static int file_of(const char *name, const unsigned char *data, size_t len)
{
	char path[64];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && lbk_write_all(fd, data, len) == 0, "writing %s", name);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Apply the first len bytes of the stream onto a new image file; its size into *size. */
static int apply(size_t len, enum lbk_zeros zeros, struct lbk_apply *a, off_t *size)
{
	char path[64];
	int in = file_of("in.lbk", stream, len), rc;
	struct stat st;

	snprintf(path, sizeof path, "%s/img", dir);
	unlink(path);
	memset(a, 0, sizeof *a);
	a->zeros = zeros;
	a->out = zeros == LBK_ZEROS_NONE ? -1 : open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	rc = lbk_apply_header(a, in) == 0 && lbk_apply_frames(a, in) == 0 ? 0 : -1;
	close(in);
	memset(img, 0xaa, sizeof img);
	if (a->out >= 0) {
		fstat(a->out, &st);
		*size = st.st_size;
		ssize_t got = pread(a->out, img, sizeof img, 0);
		(void)got;
		close(a->out);
	} else {
		*size = -1;
	}
	return rc;
}

int main(void)
{
	struct lbk_apply a;
	off_t size;
	char text[512];

	if (!mkdtemp(dir))
		return 1;
	srand(7);
	for (size_t i = 0; i < BYTES; i++)
		src[i] = (unsigned char)(i / CHUNK % 3 == 1 ? 0 : rand());	/* chunks 1, 4, 7 and the short last one zero */
	size_t n = make_stream();

	CHECK(apply(n, LBK_ZEROS_HOLE, &a, &size) == 0, "a raw image: %s", a.why);
	CHECK(size == BYTES && memcmp(img, src, BYTES) == 0, "the image is the source (size %lld)", (long long)size);
	CHECK(a.written == BYTES && a.stream_bytes == n && a.data_frames == 7 && a.zero_bytes == 3 * CHUNK + 512,
	      "counts: written %llu, stream %llu of %zu, %llu data frames, %llu zero bytes", a.written, a.stream_bytes, n,
	      a.data_frames, a.zero_bytes);
	CHECK(strcmp(a.h.source, "/dev/vdb") == 0 && a.h.bytes == BYTES, "the header");
	lbk_apply_describe(&a.h, text, sizeof text);
	CHECK(strstr(text, "  source    /dev/vdb\n") && strstr(text, "contents  ext4\n") &&
	      strstr(text, "1970-01-01 00:00:01 UTC"), "described: %s", text);

	CHECK(apply(n, LBK_ZEROS_NONE, &a, &size) == 0 && a.written == 0 && a.at == BYTES, "verify: %s", a.why);

	// a pipe gets its zeros written: the same image through a file opened for appending
	CHECK(apply(n, LBK_ZEROS_WRITE, &a, &size) == 0 && size == BYTES && memcmp(img, src, BYTES) == 0,
	      "written in order, zeros too");

	// cut in the sixth chunk's payload: the five chunks before it are on the image, nothing after
	size_t cut = n * 6 / 10;
	CHECK(apply(cut, LBK_ZEROS_HOLE, &a, &size) < 0 && strstr(a.why, "was cut"), "a cut: %s", a.why);
	CHECK(a.written > 0 && a.written < BYTES && a.written % CHUNK == 0 && (unsigned long long)size <= a.written &&
	      memcmp(img, src, (size_t)size) == 0, "what was written is the source's first %llu bytes (size %lld)",
	      a.written, (long long)size);
	CHECK(apply(30, LBK_ZEROS_HOLE, &a, &size) < 0 && strstr(a.why, "inside its header") && a.written == 0 && size == 0,
	      "cut in the header: nothing written (%s)", a.why);
	CHECK(apply(0, LBK_ZEROS_HOLE, &a, &size) < 0 && size == 0, "an empty stream");

	// a flipped byte in the last data frame's payload
	stream[n - 32 - 32 - 100] ^= 4;
	CHECK(apply(n, LBK_ZEROS_HOLE, &a, &size) < 0 && a.written < BYTES && (unsigned long long)size <= a.written &&
	      memcmp(img, src, (size_t)size) == 0, "a flipped byte: %s, %llu written", a.why, a.written);
	stream[n - 32 - 32 - 100] ^= 4;
	CHECK(apply(n, LBK_ZEROS_HOLE, &a, &size) == 0, "flipped back, it reads");

	char sz[32];
	lbk_size_text(1536, sz, sizeof sz);
	CHECK_STR(sz, "1.50 KiB", "size text");
	lbk_size_text(3ULL << 30, sz, sizeof sz);
	CHECK_STR(sz, "3.00 GiB", "size text");
	lbk_size_text(999, sz, sizeof sz);
	CHECK_STR(sz, "999 B", "size text");

	char path[64];
	snprintf(path, sizeof path, "%s/in.lbk", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/img", dir);
	unlink(path);
	rmdir(dir);
	return t_done("test_apply");
}
