/* lifeboat fix …: each repair prints its plan, acts only with --yes or a typed
 * "yes", edits guest files atomically inside the guest's tree, and leaves one
 * JSON line in the audit logs. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "repair.h"
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

#define SHADOW_MAX (1 << 20)
#define RANDOM_LEN 20

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

int fix_password(int argc, char **argv, struct fix_opts *o)
{
	static char old[SHADOW_MAX], neu[SHADOW_MAX + 1024];
	const char *user = "root", *why;
	char pw[256] = "", hash[256], salt[CRYPT_GENSALT_OUTPUT_SIZE], before[65], after[65], device[128];
	int from_stdin = 0, random_pw = 0, rootfd = -1, mounted_here = 0, rc = EXIT_FAILED;
	static struct plan p;
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
	plan_init(&p, "fix password", NULL);
	if (guest_is_mounted()) {
		plan_end(&p, "refused", "something is mounted at " GUEST_ROOT "; lifeboat umount first");
		return repair_finish(&p, o, EXIT_REFUSED);
	}
	// the plan, from a read-only look
	if (guest_mount_root(0) < 0)
		return EXIT_FAILED;
	rootfd = open(GUEST_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	len = rootfd >= 0 ? groot_read(rootfd, "/etc/shadow", old, sizeof old) : -1;
	int line = len > 0 ? shadow_find(old, (size_t)len, user) : 0;
	int selinux = rootfd >= 0 && repair_selinux(rootfd);
	repair_device(device, sizeof device);
	if (rootfd >= 0)
		close(rootfd);
	guest_umount_all();
	plan_init(&p, "fix password", device);
	if (len <= 0 || !line) {
		plan_end(&p, "failed", "%s", len <= 0 ? "the guest has no readable /etc/shadow"
						      : "no such user in the guest's /etc/shadow");
		return repair_finish(&p, o, EXIT_FAILED);
	}
	plan_add(&p, "edit", "/etc/shadow", "line %d: a new password for %s (SHA-512), unlocking the account", line, user);
	if (selinux)
		plan_add(&p, "create", "/.autorelabel", "the guest runs SELinux: it relabels at its next boot");
	repair_show(&p, o);
	if (!repair_confirmed(o, NULL)) {
		plan_end(&p, "needs confirmation", "nothing done: add --yes to act");
		return repair_finish(&p, o, EXIT_NEEDS_CONFIRMATION);
	}

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
		plan_end(&p, "refused", "/etc/shadow is not a regular file in the guest");
		rc = EXIT_REFUSED;
		if (sfd >= 0)
			close(sfd);
		goto out;
	}
	close(sfd);
	len = groot_read(rootfd, "/etc/shadow", old, sizeof old);
	n = len > 0 ? shadow_set(old, (size_t)len, user, hash, (long)(time(NULL) / 86400), neu, sizeof neu, &why) : -1;
	if (n < 0) {
		plan_end(&p, "failed", "%s", len > 0 ? why : "cannot read /etc/shadow");
		goto out;
	}
	repair_hex(old, (size_t)len, before);
	repair_hex(neu, (size_t)n, after);
	int err = repair_replace(rootfd, "/etc/shadow", neu, (size_t)n, &st);
	plan_file(&p, "/etc/shadow", before, err < 0 ? before : after, NULL);
	if (err < 0) {
		plan_end(&p, "failed", "writing /etc/shadow: %s", strerror(-err));
		repair_audit(rootfd, &p);
		goto out;
	}
	if (selinux) {
		int fd = groot_open(rootfd, "/.autorelabel", O_WRONLY | O_CREAT | O_NOFOLLOW);
		if (fd >= 0) {
			fchmod(fd, 0644);
			close(fd);
		}
	}
	plan_end(&p, "done", "password of %s set%s", user, selinux ? "; /.autorelabel created" : "");
	repair_audit(rootfd, &p);
	// the random password is said once, here, after the audit line (which never holds it)
	if (random_pw)
		plan_end(&p, "done", "password of %s set%s; new password: %s", user,
			 selinux ? "; /.autorelabel created" : "", pw);
	rc = EXIT_DONE;
out:
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(hash, sizeof hash);
	if (rootfd >= 0)
		close(rootfd);
	if (mounted_here)
		guest_umount_all();
	if (!p.result[0] || strcmp(p.result, "planned") == 0)
		plan_end(&p, "failed", "the guest could not be mounted read-write");
	rc = repair_finish(&p, o, rc);
	explicit_bzero(p.message, sizeof p.message);
	return rc;
}

/* One pass over the guest for fix ssh-key: read-only (write 0) to see whether
 * anything needs doing, then, only if so, read-write. Returns an exit code, or
 * -1 from a read-only pass that found work to do. */
static int ssh_key_pass(const char *user, const char *key, int write, struct plan *p)
{
	static char text[SHADOW_MAX], neu[SHADOW_MAX + SSHKEY_LINE_MAX + 64];
	char home[256], path[320], device[128], before[65] = "", after[65], report[1024];
	unsigned uid, gid;
	int rootfd = -1, homefd = -1, sshfd = -1, rc = EXIT_FAILED;
	ssize_t len;
	struct stat st;

	if (guest_mount_root(write) < 0) {
		plan_end(p, "failed", "the guest's root could not be mounted");
		return EXIT_FAILED;
	}
	repair_device(device, sizeof device);
	text_copy(p->device, sizeof p->device, device);
	rootfd = open(GUEST_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	len = rootfd >= 0 ? groot_read(rootfd, "/etc/passwd", text, sizeof text) : -1;
	if (len <= 0 || passwd_lookup(text, (size_t)len, user, &uid, &gid, home, sizeof home) < 0) {
		plan_end(p, "failed", "%s is not in the guest's /etc/passwd", user);
		goto out;
	}
	homefd = groot_open(rootfd, home, O_RDONLY | O_DIRECTORY);
	if (homefd < 0) {
		plan_end(p, "failed", "%s's home %s is missing in the guest", user, home);
		goto out;
	}
	// .ssh and the key file must be what they seem: a symlink is refused, never followed
	if (fstatat(homefd, ".ssh", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) {
		plan_end(p, "refused", "%s/.ssh is not a directory (a symlink?)", home);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (fstatat(homefd, ".ssh/authorized_keys", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		plan_end(p, "refused", "%s/.ssh/authorized_keys is not a regular file (a symlink?)", home);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (!write && groot_read(rootfd, "/etc/ssh/sshd_config", text, sizeof text) > 0) {
		sshd_config_report(text, strlen(text), user, report, sizeof report);
		for (char *l = report; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n'))
			plan_add(p, "note", "/etc/ssh/sshd_config", "%.*s", (int)strcspn(l, "\n"), l);
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
		repair_hex(text, (size_t)len, before);
	}
	snprintf(path, sizeof path, "%s/.ssh/authorized_keys", home);
	long n = authkeys_add(text, (size_t)len, key, neu, sizeof neu);
	if (n == 0) {
		plan_end(p, "nothing to do", "the key is there already; nothing changed");
		rc = EXIT_DONE;
		goto out;
	}
	if (n < 0) {
		plan_end(p, "failed", "%s is too big", path);
		goto out;
	}
	if (!write) {
		plan_add(p, sshfd < 0 ? "create" : "edit", path, "the key added (owner %u:%u%s)", uid, gid,
			 sshfd < 0 ? ", in a new .ssh 0700" : "");
		rc = -1;
		goto out;
	}
	if (sshfd < 0) {
		if (mkdirat(homefd, ".ssh", 0700) < 0 ||
		    (sshfd = openat(homefd, ".ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
		    fchown(sshfd, uid, gid) < 0) {
			plan_end(p, "failed", "%s/.ssh: %s", home, strerror(errno));
			goto out;
		}
	}
	plan_add(p, "edit", path, "the key added (owner %u:%u)", uid, gid);
	int err = repair_replace(rootfd, path, neu, (size_t)n, &like);
	repair_hex(neu, (size_t)n, after);
	plan_file(p, path, before, err < 0 ? before : after, NULL);
	if (err < 0)
		plan_end(p, "failed", "%s: %s", path, strerror(-err));
	else
		plan_end(p, "done", "key added to %s", path);
	repair_audit(rootfd, p);
	rc = err < 0 ? EXIT_FAILED : EXIT_DONE;
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

int fix_ssh_key(int argc, char **argv, struct fix_opts *o)
{
	static char line[SSHKEY_LINE_MAX + 2], key[SSHKEY_LINE_MAX + 64];
	static struct plan p;
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
	plan_init(&p, "fix ssh-key", NULL);
	if (!o->yes) {
		plan_end(&p, "needs confirmation", "the key comes on stdin, so --yes is needed to act");
		return repair_finish(&p, o, EXIT_NEEDS_CONFIRMATION);
	}
	// one line, however the pipe splits it
	len = 0;
	for (ssize_t got; (size_t)len < sizeof line - 1 && !memchr(line, '\n', (size_t)len); len += got)
		if ((got = read(0, line + len, sizeof line - 1 - (size_t)len)) <= 0)
			break;
	line[len] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (sshkey_normalize(line, key, sizeof key, &why) < 0) {
		plan_end(&p, "failed", "the key on stdin is refused: %s", why);
		return repair_finish(&p, o, EXIT_USAGE);
	}
	if (guest_is_mounted()) {
		plan_end(&p, "refused", "something is mounted at " GUEST_ROOT "; lifeboat umount first");
		return repair_finish(&p, o, EXIT_REFUSED);
	}
	// a look first: a key already there, or a refusal, costs no read-write mount
	int rc = ssh_key_pass(user, key, 0, &p);
	if (rc == -1) {
		repair_show(&p, o);
		plan_init(&p, "fix ssh-key", p.device);
		rc = ssh_key_pass(user, key, 1, &p);
	}
	return repair_finish(&p, o, rc);
}

static const struct {
	const char *name, *usage;
	int (*run)(int argc, char **argv, struct fix_opts *o);
} fixes[] = {
	{ "password", "[--user NAME] (--password-stdin | --random)", fix_password },
	{ "ssh-key", "[--user NAME] < key.pub", fix_ssh_key },
	{ "fsck", "[DEVICE] [--dangerous]", fix_fsck },
	{ "fstab", "[--comment]", fix_fstab },
	{ "network", "[--static]", fix_network },
	{ "firewall", "[--allow-ssh [PORT]]", fix_firewall },
	{ "initramfs", "[--force]", fix_initramfs },
	{ "bootloader", "[--force]", fix_bootloader },
	{ "space", "", fix_space },
};

int cmd_fix(int argc, char **argv)
{
	struct fix_opts o;
	char *rest[32];
	int n = repair_options(argc, argv, &o, rest, 32);

	for (size_t i = 0; n && i < sizeof fixes / sizeof *fixes; i++)
		if (strcmp(rest[0], fixes[i].name) == 0)
			return fixes[i].run(n, rest, &o);
	if (n)
		fprintf(stderr, "lifeboat fix: %s is not a repair lifeboat knows\n", rest[0]);
	fprintf(stderr, "usage: lifeboat fix REPAIR [--yes] [--json] …\n");
	for (size_t i = 0; i < sizeof fixes / sizeof *fixes; i++)
		fprintf(stderr, "  lifeboat fix %s %s\n", fixes[i].name, fixes[i].usage);
	return EXIT_USAGE;
}
