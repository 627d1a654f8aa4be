/* lifeboat boot [--list] [--entry N] [--cmdline ARGS] [--yes]: the guest's
 * own kernel, from its default boot entry (grub.cfg with grubenv, BLS entries,
 * or the /vmlinuz and /initrd.img links), loaded with kexec_file_load and
 * started in place of the rescue system: no trip to the provider's console,
 * no QEMU restart. Reads the guest only. */
#define _GNU_SOURCE
#include "cli.h"
#include "guest.h"
#include "repair.h"
#include "../diag/bootent.h"
#include "../disk/disks.h"
#include "../disk/groot.h"
#include "../lib/sys.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CFG_MAX (1 << 18)
#define BLS_MAX 32
#define INITRD_JOINED LB_RUN_DIR "/boot-initrd.img"	/* several initrds, one after the other */
#define KEXEC_LOADED "/sys/kernel/kexec_loaded"
#define LOCKDOWN "/sys/kernel/security/lockdown"
#ifndef KEXEC_FILE_NO_INITRAMFS
#define KEXEC_FILE_NO_INITRAMFS 0x4
#endif

static struct bootent ents[BOOTENT_MAX];
static struct disk_state st;

static int separate_boot(void)
{
	struct stat a, b;
	return stat(GUEST_ROOT, &a) == 0 && stat(GUEST_ROOT "/boot", &b) == 0 && a.st_dev != b.st_dev;
}

void boot_guest_path(const char *p, char *out, size_t size)
{
	if (p[0] == '(')
		p = strchr(p, ')') ? strchr(p, ')') + 1 : p;
	snprintf(out, size, "%s%s", separate_boot() && strncmp(p, "/boot/", 6) != 0 ? "/boot" : "", p);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int boot_entries(int rootfd, const struct disk_state *st, struct bootent *ents, int *def, char *from, size_t fsize)
{
	static char cfg[CFG_MAX], env[4096], bls[8192];
	static struct bootent_grubcfg gc;
	const char *path = groot_exists(rootfd, "/boot/grub2/grub.cfg") ? "/boot/grub2/grub.cfg" : "/boot/grub/grub.cfg";
	ssize_t len = groot_read(rootfd, path, cfg, sizeof cfg);
	int n = 0;

	*def = 0;
	if (len > 0) {
		ssize_t el = groot_read(rootfd, strstr(path, "grub2") ? "/boot/grub2/grubenv" : "/boot/grub/grubenv", env,
					sizeof env);
		text_copy(from, fsize, path);
		n = bootent_grub(cfg, (size_t)len, el > 0 ? env : NULL, el > 0 ? (size_t)el : 0, ents, BOOTENT_MAX, def, &gc);
		if (!gc.blscfg)
			return n;
		// Red Hat's: the entries are files under /boot/loader/entries
		int fd = groot_open(rootfd, "/boot/loader/entries", O_RDONLY | O_DIRECTORY);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		struct dirent *e;
		char *names[BLS_MAX];
		int m = 0;
		while (d && (e = readdir(d)) && m < BLS_MAX)
			if (fnmatch("*.conf", e->d_name, 0) == 0)
				names[m++] = strdup(e->d_name);
		if (d)
			closedir(d);
		else if (fd >= 0)
			close(fd);
		qsort(names, (size_t)m, sizeof *names, by_name);
		n = 0;
		for (int i = 0; i < m; i++) {
			char p[320], name[256];
			if (!names[i] || snprintf(p, sizeof p, "/boot/loader/entries/%s", names[i]) >= (int)sizeof p)
				continue;
			snprintf(name, sizeof name, "%.*s", (int)strlen(names[i]) - 5, names[i]);
			ssize_t bl = groot_read(rootfd, p, bls, sizeof bls);
			if (bl > 0 && n < BOOTENT_MAX && bootent_bls(bls, (size_t)bl, name, gc.env, strlen(gc.env), &ents[n]) == 0)
				n++;
			free(names[i]);
		}
		text_copy(from, fsize, "/boot/loader/entries");
		bootent_bls_sort(ents, n);
		*def = bootent_find(ents, n, gc.def);
		return n;
	}
	// no loader configuration: Debian's /vmlinuz and /initrd.img links, the root as found
	if (groot_exists(rootfd, "/vmlinuz") && st->root >= 0) {
		memset(&ents[0], 0, sizeof ents[0]);
		text_copy(ents[0].title, sizeof ents[0].title, "/vmlinuz");
		text_copy(ents[0].kernel, sizeof ents[0].kernel, "/vmlinuz");
		if (groot_exists(rootfd, "/initrd.img")) {
			text_copy(ents[0].initrd, sizeof ents[0].initrd, "/initrd.img");
			text_copy(ents[0].initrds, sizeof ents[0].initrds, "/initrd.img");
		}
		snprintf(ents[0].cmdline, sizeof ents[0].cmdline, "root=UUID=%s ro", st->cand[st->root].uuid);
		text_copy(from, fsize, "/vmlinuz and /initrd.img");
		return 1;
	}
	return 0;
}

static void list(int n, int def, const char *from)
{
	printf("boot entries (%s):\n", from);
	for (int i = 0; i < n; i++)
		printf("%c %2d  %s\n       linux %s\n       initrd %s\n       %s\n", i == def ? '*' : ' ', i, ents[i].title,
		       ents[i].kernel[0] ? ents[i].kernel : "(none)", ents[i].initrds[0] ? ents[i].initrds : "(none)",
		       ents[i].cmdline);
}

/* Why kexec cannot start the guest's kernel here, or NULL. */
static const char *lockdown(void)
{
	char buf[128];

	if (sys_read_file(LOCKDOWN, buf, sizeof buf) <= 0 || strstr(buf, "[none]"))
		return NULL;
	return "the kernel is locked down (Secure Boot): kexec takes only kernels signed with a key it trusts";
}

/* Open the initrds of e inside rootfd as one fd: itself, or the files joined in /run. */
static int open_initrd(int rootfd, const struct bootent *e, char *why, size_t wsize)
{
	char words[sizeof e->initrds], path[320];
	int nwords = 0, out = -1;

	text_copy(words, sizeof words, e->initrds);
	for (char *w = strtok(words, " "); w; w = strtok(NULL, " "))
		nwords++;
	text_copy(words, sizeof words, e->initrds);
	for (char *w = strtok(words, " "); w; w = strtok(NULL, " ")) {
		boot_guest_path(w, path, sizeof path);
		int fd = groot_open(rootfd, path, O_RDONLY);
		if (fd < 0) {
			if (snprintf(why, wsize, "its initramfs %s is not there (lifeboat fix initramfs)", path) >= (int)wsize)
				snprintf(why, wsize, "its initramfs is not there (lifeboat fix initramfs)");
			if (out >= 0)
				close(out);
			return -1;
		}
		if (nwords == 1)
			return fd;
		if (out < 0 && (out = open(INITRD_JOINED, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
			close(fd);
			snprintf(why, wsize, "no room to join its initrds in %s", INITRD_JOINED);
			return -1;
		}
		char buf[65536];
		ssize_t r;
		while ((r = read(fd, buf, sizeof buf)) > 0)
			if (sys_write_all(out, buf, (size_t)r) < 0)
				r = -1;
		close(fd);
		if (r < 0) {
			close(out);
			snprintf(why, wsize, "joining its initrds failed");
			return -1;
		}
	}
	if (out >= 0)
		lseek(out, 0, SEEK_SET);
	return out;
}

int cmd_boot(int argc, char **argv)
{
	struct fix_opts o = { 0, 0 };
	char *rest[8], from[64], why[512] = "";
	const char *cmdline = NULL;
	int entry = -1, show = 0;
	int n = repair_options(argc, argv, &o, rest, 8);

	for (int i = 0; i < n; i++) {
		if (strcmp(rest[i], "--list") == 0)
			show = 1;
		else if (strcmp(rest[i], "--entry") == 0 && i + 1 < n)
			entry = atoi(rest[++i]);
		else if (strcmp(rest[i], "--cmdline") == 0 && i + 1 < n)
			cmdline = rest[++i];
		else {
			fprintf(stderr, "usage: lifeboat boot [--list] [--entry N] [--cmdline ARGS] [--yes]\n");
			return EXIT_USAGE;
		}
	}
	if (disks_load(&st) < 0 || st.root < 0) {
		fprintf(stderr, "lifeboat boot: no guest root was found (lifeboat disks)\n");
		return EXIT_FAILED;
	}
	int mounted_here = !guest_is_mounted();
	if (mounted_here && guest_mount_all(0) < 0)
		return EXIT_FAILED;
	int rootfd = open(GUEST_ROOT, O_PATH | O_DIRECTORY | O_CLOEXEC), def = 0, kfd = -1, ifd = -1, rc = EXIT_FAILED;
	int count = rootfd >= 0 ? boot_entries(rootfd, &st, ents, &def, from, sizeof from) : 0;
	const struct bootent *e = NULL;

	if (count <= 0) {
		fprintf(stderr, "lifeboat boot: the guest has no boot entry lifeboat reads (grub.cfg, "
				"/boot/loader/entries, /vmlinuz)\n");
		goto out;
	}
	if (show) {
		list(count, def, from);
		rc = EXIT_DONE;
		goto out;
	}
	if (entry >= count) {
		fprintf(stderr, "lifeboat boot: there are %d entries (lifeboat boot --list)\n", count);
		rc = EXIT_USAGE;
		goto out;
	}
	e = &ents[entry >= 0 ? entry : def];
	const char *args = cmdline ? cmdline : e->cmdline;
	printf("boot entry %d (%s): %s\n  linux %s\n  initrd %s\n  %s\n", (int)(e - ents), from, e->title, e->kernel,
	       e->initrds[0] ? e->initrds : "(none)", args);
	char kpath[320];
	boot_guest_path(e->kernel, kpath, sizeof kpath);
	if (!e->kernel[0] || e->truncated)
		snprintf(why, sizeof why, "the entry %s", !e->kernel[0] ? "starts no Linux kernel" : "did not fit lifeboat's "
			 "reading of it");
	else if (strchr(args, '$'))
		snprintf(why, sizeof why, "its command line has a variable nobody set (%s); give one with --cmdline",
			 strchr(args, '$'));
	else if (!e->initrds[0])
		snprintf(why, sizeof why, "the entry has no initramfs: the guest's kernel would not find its root "
			 "(lifeboat fix initramfs)");
	else if (lockdown())
		snprintf(why, sizeof why, "%s", lockdown());
	else if ((kfd = groot_open(rootfd, kpath, O_RDONLY)) < 0)
		snprintf(why, sizeof why, "its kernel %s is not there", kpath);
	else
		ifd = open_initrd(rootfd, e, why, sizeof why);
	if (why[0]) {
		fprintf(stderr, "lifeboat boot: refused: %s\n", why);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (!repair_confirmed(&o, NULL)) {
		rc = EXIT_NEEDS_CONFIRMATION;
		goto out;
	}
	// the NUL counts: kexec_file_load wants the length with it
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(args) + 1, args, 0UL) < 0) {
		fprintf(stderr, "lifeboat boot: the kernel refused to load it: %s\n", strerror(errno));
		goto out;
	}
	rc = EXIT_DONE;
out:
	if (kfd >= 0)
		close(kfd);
	if (ifd >= 0)
		close(ifd);
	unlink(INITRD_JOINED);
	if (rootfd >= 0)
		close(rootfd);
	if (mounted_here)
		guest_umount_all();
	if (rc == EXIT_DONE && !show) {
		// PID 1 stops everything, unmounts and syncs as for a reboot, then starts the loaded kernel
		printf("starting the guest's kernel: this session ends now\n");
		fflush(stdout);
		if (kill(1, SIGUSR1) < 0) {
			fprintf(stderr, "lifeboat boot: PID 1 did not take the signal: %s\n", strerror(errno));
			return EXIT_FAILED;
		}
	}
	return rc;
}
