/* lifeboat unlock DEVICE: a LUKS device opened read-only as /dev/mapper/luks-UUID
 * with a passphrase read from the terminal (never from the command line). */
#define _GNU_SOURCE
#include "guest.h"
#include "cli.h"
#include "../lib/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <libcryptsetup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PASSPHRASE_MAX 512

/* One line from the terminal without echo, or from stdin when it is not one. */
static ssize_t read_passphrase(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int tty = isatty(0), restore = 0;
	size_t len = 0;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (tcgetattr(0, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
			quiet.c_lflag |= ICANON;
			restore = tcsetattr(0, TCSAFLUSH, &quiet) == 0;
		}
	}
	for (;;) {
		char c;
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n')
			break;
		if (len + 1 < size)
			buf[len++] = c;
	}
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (restore) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return (ssize_t)len;
}

static long mem_available_kib(void)
{
	char buf[4096], *p;

	if (sys_read_file("/proc/meminfo", buf, sizeof buf) <= 0 || !(p = strstr(buf, "MemAvailable:")))
		return -1;
	return strtol(p + 13, NULL, 10);
}

int cmd_unlock(int argc, char **argv)
{
	static char pass[PASSPHRASE_MAX];
	char name[128], path[160];
	struct crypt_device *cd = NULL;
	const char *dev, *uuid;
	ssize_t len;
	int r;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: lifeboat unlock DEVICE   (the passphrase is asked for; on stdin when it is not a terminal)\n");
		return EXIT_USAGE;
	}
	dev = argv[1];
	// no lock files under /run/cryptsetup: nothing else here opens LUKS headers
	crypt_metadata_locking(NULL, 0);
	if ((r = crypt_init(&cd, dev)) < 0) {
		fprintf(stderr, "lifeboat unlock: %s: %s\n", dev, strerror(-r));
		return EXIT_FAILED;
	}
	if ((r = crypt_load(cd, CRYPT_LUKS, NULL)) < 0) {
		fprintf(stderr, "lifeboat unlock: %s is not a LUKS device (%s)\n", dev, strerror(-r));
		crypt_free(cd);
		return EXIT_FAILED;
	}
	uuid = crypt_get_uuid(cd);
	snprintf(name, sizeof name, "luks-%s", uuid && *uuid ? uuid : "unknown");
	snprintf(path, sizeof path, "/dev/mapper/%s", name);
	if (access(path, F_OK) == 0) {
		printf("%s is unlocked already: %s\n", dev, path);
		crypt_free(cd);
		return EXIT_DONE;
	}
	// Argon2 needs the memory the key slots were made with: say so rather than be killed
	long avail = mem_available_kib();
	for (int slot = 0; avail > 0 && slot < crypt_keyslot_max(CRYPT_LUKS2); slot++) {
		struct crypt_pbkdf_type p;
		if (crypt_keyslot_status(cd, slot) < CRYPT_SLOT_ACTIVE || crypt_keyslot_get_pbkdf(cd, slot, &p) < 0)
			continue;
		if (p.max_memory_kb > (unsigned)avail)
			fprintf(stderr, "lifeboat unlock: key slot %d needs %u MiB for %s, %ld MiB are available: "
				"it may fail (give the machine more memory)\n", slot, p.max_memory_kb / 1024, p.type,
				avail / 1024);
	}
	len = read_passphrase("passphrase: ", pass, sizeof pass);
	r = len > 0 ? crypt_activate_by_passphrase(cd, name, CRYPT_ANY_SLOT, pass, (size_t)len, CRYPT_ACTIVATE_READONLY)
		    : -EINVAL;
	explicit_bzero(pass, sizeof pass);
	crypt_free(cd);
	if (r == -EPERM) {
		fprintf(stderr, "lifeboat unlock: wrong passphrase for %s\n", dev);
		return EXIT_FAILED;
	}
	if (r < 0) {
		fprintf(stderr, "lifeboat unlock: %s: %s\n", dev, len > 0 ? strerror(-r) : "no passphrase given");
		return EXIT_FAILED;
	}
	printf("%s unlocked as %s (read-only; key slot %d)\n", dev, path, r);
	return EXIT_DONE;
}
