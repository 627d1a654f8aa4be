/* lifeboat fix …: each repair prints its plan, acts only with --yes or a typed
 * "yes", edits guest files atomically inside the guest's tree, and leaves one
 * JSON line in the audit logs. */
#define _GNU_SOURCE
#include "cli.h"
#include "guest.h"
#include "../access/secret.h"
#include "../disk/groot.h"
#include "../access/sshkey.h"
#include "../fix/authkeys.h"
#include "../fix/shadow.h"
#include "../lib/json.h"
#include "../lib/paths.h"
#include "../lib/sha256.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define AUDIT LB_RUN_DIR "/audit.jsonl"
#define GUEST_LOG "/var/log/lifeboat.log"
#define SHADOW_MAX (1 << 20)
#define RANDOM_LEN 20

struct fix_opts {
	int yes, json;
};

/* Go ahead? --yes, or "yes" typed on a terminal; otherwise the plan stands and nothing happens. */
static int confirmed(const struct fix_opts *o)
{
	char line[16];

	if (o->yes)
		return 1;
	if (!isatty(0)) {
		fprintf(stderr, "lifeboat fix: nothing done: add --yes to act\n");
		return 0;
	}
	fprintf(stderr, "type yes to go ahead: ");
	if (!fgets(line, sizeof line, stdin) || strcmp(line, "yes\n") != 0) {
		fprintf(stderr, "nothing done\n");
		return 0;
	}
	return 1;
}

static void hex_of(const char *data, size_t len, char out[65])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_hex(&s, out);
}

/* One audit line to /run/lifeboat/audit.jsonl and, when the guest was written, its /var/log/lifeboat.log. */
static void audit(int rootfd, const char *command, const char *device, const char *file, const char *before,
		  const char *after, const char *result)
{
	char buf[2048];
	struct json j;
	int fd;

	json_init(&j, buf, sizeof buf - 1);
	json_begin_object(&j);
	json_key(&j, "time");
	json_int(&j, (long long)time(NULL));
	json_key(&j, "command");
	json_string(&j, command);
	json_key(&j, "device");
	json_string(&j, device);
	json_key(&j, "files");
	json_begin_array(&j);
	if (file) {
		json_begin_object(&j);
		json_key(&j, "path");
		json_string(&j, file);
		json_key(&j, "sha256_before");
		json_string(&j, before);
		json_key(&j, "sha256_after");
		json_string(&j, after);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "result");
	json_string(&j, result);
	json_end_object(&j);
	if (!json_finish(&j))
		return;
	strcat(buf, "\n");
	if ((fd = open(AUDIT, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0) {
		sys_write_all(fd, buf, strlen(buf));
		close(fd);
	}
	if (rootfd >= 0 && after && (fd = groot_open(rootfd, GUEST_LOG, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW)) >= 0) {
		fchmod(fd, 0600);
		sys_write_all(fd, buf, strlen(buf));
		fsync(fd);
		close(fd);
	}
}

/* Replace dir/name inside the guest with data: a temporary file beside it with the
 * same mode and owner, fsync, rename, fsync of the directory. */
static int guest_replace(int rootfd, const char *dir, const char *name, const char *data, size_t len,
			 const struct stat *like)
{
	char tmp[64];
	int dfd = groot_open(rootfd, dir, O_RDONLY | O_DIRECTORY), fd, err = 0;

	if (dfd < 0)
		return dfd;
	snprintf(tmp, sizeof tmp, ".%s.lifeboat-%d", name, (int)getpid());
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		close(dfd);
		return err;
	}
	if (fchown(fd, like->st_uid, like->st_gid) < 0 || fchmod(fd, like->st_mode & 07777) < 0 ||
	    sys_write_all(fd, data, len) < 0 || fsync(fd) < 0)
		err = errno ? -errno : -EIO;
	close(fd);
	if (!err && renameat(dfd, tmp, dfd, name) < 0)
		err = -errno;
	if (err)
		unlinkat(dfd, tmp, 0);
	else
		fsync(dfd);
	close(dfd);
	return err;
}

/* SELinux in the guest (not disabled): files written from outside need relabelling at its next boot. */
static int guest_selinux(int rootfd)
{
	char cfg[4096];

	if (groot_read(rootfd, "/etc/selinux/config", cfg, sizeof cfg) <= 0)
		return 0;
	for (char *l = cfg; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, "SELINUX=", 8) == 0)
			return strncmp(l + 8, "disabled", 8) != 0;
	return 0;
}

static int read_secret_line(char *buf, size_t size)
{
	size_t len = 0;
	char c;

	while (read(0, &c, 1) == 1 && c != '\n')
		if (len + 1 < size)
			buf[len++] = c;
	if (len && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return (int)len;
}

/* The device mounted at /mnt/guest, from /proc/self/mounts. */
static void guest_device(char *out, size_t size)
{
	FILE *f = fopen("/proc/self/mounts", "r");

	out[0] = '\0';
	for (char l[512]; f && fgets(l, sizeof l, f);) {
		char dev[256], dir[256];
		if (sscanf(l, "%255s %255s", dev, dir) == 2 && strcmp(dir, GUEST_ROOT) == 0)
			text_copy(out, size, dev);
	}
	if (f)
		fclose(f);
}

static int fix_password(int argc, char **argv, struct fix_opts *o)
{
	static char old[SHADOW_MAX], neu[SHADOW_MAX + 1024];
	const char *user = "root", *why;
	char pw[256] = "", hash[256], salt[CRYPT_GENSALT_OUTPUT_SIZE], before[65], after[65], device[128];
	int from_stdin = 0, random_pw = 0, rootfd = -1, mounted_here = 0, rc = EXIT_FAILED;
	struct crypt_data cd;
	struct stat st;
	ssize_t len;
	long n;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			user = argv[++i];
		else if (strcmp(argv[i], "--password-stdin") == 0)
			from_stdin = 1;
		else if (strcmp(argv[i], "--random") == 0)
			random_pw = 1;
		else {
			fprintf(stderr, "usage: lifeboat fix password [--user NAME] [--password-stdin | --random] [--yes]\n");
			return EXIT_USAGE;
		}
	}
	for (const char *c = user; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		      *c == '-' || *c == '.') || (c == user && *c == '-')) {
			fprintf(stderr, "lifeboat fix password: %s is not a user name\n", user);
			return EXIT_USAGE;
		}
	if (from_stdin == random_pw) {
		fprintf(stderr, "lifeboat fix password: give exactly one of --password-stdin and --random\n");
		return EXIT_USAGE;
	}
	if (from_stdin && !o->yes) {
		fprintf(stderr, "lifeboat fix password: --password-stdin needs --yes (stdin carries the password)\n");
		return EXIT_NEEDS_CONFIRMATION;
	}
	if (guest_is_mounted()) {
		fprintf(stderr, "lifeboat fix password: something is mounted at " GUEST_ROOT "; lifeboat umount first\n");
		return EXIT_REFUSED;
	}
	// the plan, from a read-only look
	if (guest_mount_root(0) < 0)
		return EXIT_FAILED;
	rootfd = open(GUEST_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	len = rootfd >= 0 ? groot_read(rootfd, "/etc/shadow", old, sizeof old) : -1;
	int line = len > 0 ? shadow_find(old, (size_t)len, user) : 0;
	int selinux = rootfd >= 0 && guest_selinux(rootfd);
	guest_device(device, sizeof device);
	if (rootfd >= 0)
		close(rootfd);
	guest_umount_all();
	if (len <= 0 || !line) {
		fprintf(stderr, "lifeboat fix password: %s\n", len <= 0 ? "the guest has no readable /etc/shadow"
								: "no such user in the guest's /etc/shadow");
		return EXIT_FAILED;
	}
	printf("plan: set the password of %s in %s:/etc/shadow (line %d), unlocking the account%s\n", user, device,
	       line, selinux ? "; create /.autorelabel (SELinux)" : "");
	if (!confirmed(o))
		return EXIT_NEEDS_CONFIRMATION;

	if (random_pw) {
		unsigned char rnd[256];
		if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd || secret_otp(rnd, sizeof rnd, pw, RANDOM_LEN) < 0)
			return EXIT_FAILED;
		explicit_bzero(rnd, sizeof rnd);
	} else if (read_secret_line(pw, sizeof pw) == 0) {
		fprintf(stderr, "lifeboat fix password: no password on stdin\n");
		return EXIT_USAGE;
	}
	memset(&cd, 0, sizeof cd);
	if (!crypt_gensalt_rn("$6$", 0, NULL, 0, salt, sizeof salt) || !crypt_r(pw, salt, &cd) || cd.output[0] != '$') {
		explicit_bzero(pw, sizeof pw);
		fprintf(stderr, "lifeboat fix password: hashing failed\n");
		return EXIT_FAILED;
	}
	text_copy(hash, sizeof hash, cd.output);
	explicit_bzero(&cd, sizeof cd);

	if (guest_mount_root(1) < 0)
		goto out;
	mounted_here = 1;
	rootfd = open(GUEST_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int sfd = rootfd >= 0 ? groot_open(rootfd, "/etc/shadow", O_RDONLY | O_NOFOLLOW) : -1;
	if (sfd < 0 || fstat(sfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "lifeboat fix password: /etc/shadow is not a regular file in the guest\n");
		if (sfd >= 0)
			close(sfd);
		goto out;
	}
	close(sfd);
	len = groot_read(rootfd, "/etc/shadow", old, sizeof old);
	n = len > 0 ? shadow_set(old, (size_t)len, user, hash, (long)(time(NULL) / 86400), neu, sizeof neu, &why) : -1;
	if (n < 0) {
		fprintf(stderr, "lifeboat fix password: %s\n", len > 0 ? why : "cannot read /etc/shadow");
		goto out;
	}
	hex_of(old, (size_t)len, before);
	hex_of(neu, (size_t)n, after);
	int err = guest_replace(rootfd, "/etc", "shadow", neu, (size_t)n, &st);
	if (err < 0) {
		fprintf(stderr, "lifeboat fix password: writing /etc/shadow: %s\n", strerror(-err));
		audit(rootfd, "fix password", device, "/etc/shadow", before, NULL, "failed");
		goto out;
	}
	if (selinux) {
		int fd = groot_open(rootfd, "/.autorelabel", O_WRONLY | O_CREAT | O_NOFOLLOW);
		if (fd >= 0)
			close(fd);
	}
	audit(rootfd, "fix password", device, "/etc/shadow", before, after, "done");
	if (o->json)
		printf("{\"command\":\"fix password\",\"user\":\"%s\",\"device\":\"%s\",\"relabel\":%s,"
		       "\"result\":\"done\"%s%s%s}\n", user, device, selinux ? "true" : "false",
		       random_pw ? ",\"password\":\"" : "", random_pw ? pw : "", random_pw ? "\"" : "");
	else
		printf("password of %s set%s\n%s%s%s", user, selinux ? "; /.autorelabel created" : "",
		       random_pw ? "new password: " : "", random_pw ? pw : "", random_pw ? "\n" : "");
	rc = EXIT_DONE;
out:
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(hash, sizeof hash);
	if (rootfd >= 0)
		close(rootfd);
	if (mounted_here)
		guest_umount_all();
	return rc;
}

/* One pass over the guest for fix ssh-key: read-only (write 0) to see whether
 * anything needs doing, then, only if so, read-write. Returns an exit code, or
 * -1 from a read-only pass that found work to do. */
static int ssh_key_pass(const char *user, const char *key, int write)
{
	static char text[SHADOW_MAX], neu[SHADOW_MAX + SSHKEY_LINE_MAX + 64];
	char home[256], path[320], device[128], before[65] = "", after[65], report[1024];
	unsigned uid, gid;
	int rootfd = -1, homefd = -1, sshfd = -1, rc = EXIT_FAILED;
	ssize_t len;
	struct stat st;

	if (guest_mount_root(write) < 0)
		return EXIT_FAILED;
	guest_device(device, sizeof device);
	rootfd = open(GUEST_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	len = rootfd >= 0 ? groot_read(rootfd, "/etc/passwd", text, sizeof text) : -1;
	if (len <= 0 || passwd_lookup(text, (size_t)len, user, &uid, &gid, home, sizeof home) < 0) {
		fprintf(stderr, "lifeboat fix ssh-key: %s is not in the guest's /etc/passwd\n", user);
		goto out;
	}
	homefd = groot_open(rootfd, home, O_RDONLY | O_DIRECTORY);
	if (homefd < 0) {
		fprintf(stderr, "lifeboat fix ssh-key: %s's home %s is missing in the guest\n", user, home);
		goto out;
	}
	// .ssh and the key file must be what they seem: a symlink is refused, never followed
	if (fstatat(homefd, ".ssh", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "lifeboat fix ssh-key: %s/.ssh is not a directory (a symlink?): refused\n", home);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (fstatat(homefd, ".ssh/authorized_keys", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "lifeboat fix ssh-key: %s/.ssh/authorized_keys is not a regular file: refused\n", home);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (!write && groot_read(rootfd, "/etc/ssh/sshd_config", text, sizeof text) > 0) {
		sshd_config_report(text, strlen(text), user, report, sizeof report);
		if (report[0])
			printf("note: %s", report);
	}
	struct stat like = { .st_uid = uid, .st_gid = gid, .st_mode = 0600 };
	text[0] = '\0';
	len = 0;
	sshfd = openat(homefd, ".ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int kfd = sshfd >= 0 ? openat(sshfd, "authorized_keys", O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	if (kfd >= 0) {
		if (fstat(kfd, &like) < 0 || (len = read(kfd, text, sizeof text - 1)) < 0)
			len = 0;
		close(kfd);
		text[len] = '\0';
		hex_of(text, (size_t)len, before);
	}
	long n = authkeys_add(text, (size_t)len, key, neu, sizeof neu);
	if (n == 0) {
		printf("the key is there already; nothing changed\n");
		rc = EXIT_DONE;
		goto out;
	}
	if (n < 0) {
		fprintf(stderr, "lifeboat fix ssh-key: authorized_keys is too big\n");
		goto out;
	}
	if (!write) {
		printf("plan: add the key to %s:%s/.ssh/authorized_keys (owner %u:%u)\n", device, home, uid, gid);
		rc = -1;
		goto out;
	}
	if (sshfd < 0) {
		if (mkdirat(homefd, ".ssh", 0700) < 0 ||
		    (sshfd = openat(homefd, ".ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
		    fchown(sshfd, uid, gid) < 0) {
			perror("lifeboat fix ssh-key: .ssh");
			goto out;
		}
	}
	snprintf(path, sizeof path, "%s/.ssh", home);
	int err = guest_replace(rootfd, path, "authorized_keys", neu, (size_t)n, &like);
	hex_of(neu, (size_t)n, after);
	snprintf(path, sizeof path, "%s/.ssh/authorized_keys", home);
	if (err < 0) {
		fprintf(stderr, "lifeboat fix ssh-key: %s: %s\n", path, strerror(-err));
		audit(rootfd, "fix ssh-key", device, path, before, NULL, "failed");
		goto out;
	}
	audit(rootfd, "fix ssh-key", device, path, before[0] ? before : NULL, after, "done");
	printf("key added to %s\n", path);
	rc = EXIT_DONE;
out:
	if (sshfd >= 0)
		close(sshfd);
	if (homefd >= 0)
		close(homefd);
	if (rootfd >= 0)
		close(rootfd);
	guest_umount_all();
	return rc;
}

static int fix_ssh_key(int argc, char **argv, struct fix_opts *o)
{
	static char line[SSHKEY_LINE_MAX + 2], key[SSHKEY_LINE_MAX + 64];
	const char *user = "root", *why;
	ssize_t len;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			user = argv[++i];
		else {
			fprintf(stderr, "usage: lifeboat fix ssh-key [--user NAME] [--yes] < key.pub\n");
			return EXIT_USAGE;
		}
	}
	if (!o->yes) {
		fprintf(stderr, "lifeboat fix ssh-key: the key comes on stdin, so --yes is needed to act\n");
		return EXIT_NEEDS_CONFIRMATION;
	}
	// one line, however the pipe splits it
	len = 0;
	for (ssize_t got; (size_t)len < sizeof line - 1 && !memchr(line, '\n', (size_t)len); len += got)
		if ((got = read(0, line + len, sizeof line - 1 - (size_t)len)) <= 0)
			break;
	line[len] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (sshkey_normalize(line, key, sizeof key, &why) < 0) {
		fprintf(stderr, "lifeboat fix ssh-key: the key on stdin is refused: %s\n", why);
		return EXIT_USAGE;
	}
	if (guest_is_mounted()) {
		fprintf(stderr, "lifeboat fix ssh-key: something is mounted at " GUEST_ROOT "; lifeboat umount first\n");
		return EXIT_REFUSED;
	}
	// a look first: a key already there, or a refusal, costs no read-write mount
	int rc = ssh_key_pass(user, key, 0);
	return rc == -1 ? ssh_key_pass(user, key, 1) : rc;
}

int cmd_fix(int argc, char **argv)
{
	struct fix_opts o = { 0, 0 };
	char *rest[32];
	int n = 0;

	// common options anywhere after the repair's name
	for (int i = 1; i < argc && n < 32; i++) {
		if (strcmp(argv[i], "--yes") == 0)
			o.yes = 1;
		else if (strcmp(argv[i], "--json") == 0)
			o.json = 1;
		else
			rest[n++] = argv[i];
	}
	if (n == 0) {
		fprintf(stderr, "usage: lifeboat fix password [--user NAME] (--password-stdin | --random) [--yes]\n");
		return EXIT_USAGE;
	}
	if (strcmp(rest[0], "password") == 0)
		return fix_password(n, rest, &o);
	if (strcmp(rest[0], "ssh-key") == 0)
		return fix_ssh_key(n, rest, &o);
	fprintf(stderr, "lifeboat fix: %s is not a repair lifeboat knows yet\n", rest[0]);
	return EXIT_USAGE;
}
