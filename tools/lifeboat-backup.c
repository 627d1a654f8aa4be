/* lifeboat-backup: the backup streams of `lifeboat backup`, on the customer's
 * own Linux machine (one static binary, built by `make tools`):
 *   lifeboat-backup verify FILE|-      every frame and the SHA-256 checked
 *   lifeboat-backup info FILE|-        the header alone
 *   lifeboat-backup raw FILE|- OUT|-   the raw image: a new sparse file (the
 *                                      unused blocks as holes), or a pipe
 * Exit codes as lifeboat's: 0 done, 1 failed (a damaged or cut stream),
 * 2 usage, 3 refused (OUT exists). */
#define _GNU_SOURCE
#include "backup/apply.h"
#include "lib/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr, "usage: lifeboat-backup verify FILE|-\n"
			"       lifeboat-backup info FILE|-\n"
			"       lifeboat-backup raw FILE|- OUT|-   (OUT: a new file, or - for stdout)\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct lbk_apply a;
	static char text[1024];
	const char *cmd = argc > 1 ? argv[1] : "";
	int in, raw = strcmp(cmd, "raw") == 0;
	char sum[65];

	if (!(argc == 3 && (strcmp(cmd, "verify") == 0 || strcmp(cmd, "info") == 0)) && !(argc == 4 && raw))
		return usage();
	if ((in = strcmp(argv[2], "-") == 0 ? 0 : open(argv[2], O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "lifeboat-backup: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	a.zeros = LBK_ZEROS_NONE;
	if (raw && strcmp(argv[3], "-") == 0) {
		if (isatty(1)) {
			fprintf(stderr, "lifeboat-backup: the image is binary: send it to a file or a pipe\n");
			return 2;
		}
		a.out = 1;
		a.zeros = LBK_ZEROS_WRITE;
	} else if (raw) {
		// a new file only: an image is never written over anything
		if ((a.out = open(argv[3], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
			fprintf(stderr, "lifeboat-backup: %s: %s%s\n", argv[3], strerror(errno),
				errno == EEXIST ? " (it is never written over: remove it, or name another)" : "");
			return errno == EEXIST ? 3 : 1;
		}
		a.zeros = LBK_ZEROS_HOLE;
	}
	if (lbk_apply_header(&a, in) < 0) {
		fprintf(stderr, "lifeboat-backup: %s is no lifeboat backup: %s\n", argv[2], a.why);
		return 1;
	}
	lbk_apply_describe(&a.h, text, sizeof text);
	fprintf(raw ? stderr : stdout, "%s: a lifeboat backup\n%s", argv[2], text);
	if (strcmp(cmd, "info") == 0)
		return 0;
	if (lbk_apply_frames(&a, in) < 0) {
		fprintf(stderr, "lifeboat-backup: %s is damaged: %s\n", argv[2], a.why);
		if (raw && a.written)
			fprintf(stderr, "lifeboat-backup: %s holds the backup's first %llu bytes, checked; the rest is missing\n",
				argv[3], a.written);
		return 1;
	}
	if (raw && a.zeros == LBK_ZEROS_HOLE && (fsync(a.out) < 0 || close(a.out) < 0)) {
		fprintf(stderr, "lifeboat-backup: %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	sha256_digest_hex(a.digest, sum);
	fprintf(raw ? stderr : stdout, "  verified  every frame, and the SHA-256 of all %llu bytes: %s\n", a.h.bytes, sum);
	if (raw)
		fprintf(stderr, "  written   %s: the raw image, %llu bytes\n", argv[3], a.h.bytes);
	return 0;
}
