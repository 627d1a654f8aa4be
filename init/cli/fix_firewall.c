/* lifeboat fix firewall [--allow-ssh [PORT]]: the guest's firewall (firewalld,
 * ufw, nftables, iptables-persistent, iptables-services) kept from starting at
 * boot — the unit links `systemctl disable` would remove, and ufw's ENABLED=no —
 * or, with --allow-ssh, kept with a rule that accepts the SSH port first. */
#define _GNU_SOURCE
#include "cli.h"
#include "fixes.h"
#include "guest.h"
#include "../disk/groot.h"
#include "../fix/fwrules.h"
#include "../lib/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNIT_DIR "/etc/systemd/system"
#define RULES_MAX (1 << 20)

enum rules { IPTABLES, NFT, ZONE, UFW4, UFW6, UFWCONF };

static const struct rulefile {
	const char *path;
	enum rules kind;
	const char *product;
} rulefiles[] = {
	{ "/etc/iptables/rules.v4", IPTABLES, "iptables-persistent" },
	{ "/etc/iptables/rules.v6", IPTABLES, "iptables-persistent" },
	{ "/etc/sysconfig/iptables", IPTABLES, "iptables-services" },
	{ "/etc/sysconfig/ip6tables", IPTABLES, "iptables-services" },
	{ "/etc/nftables.conf", NFT, "nftables" },
	{ "/etc/sysconfig/nftables.conf", NFT, "nftables" },
	{ "/etc/ufw/user.rules", UFW4, "ufw" },
	{ "/etc/ufw/user6.rules", UFW6, "ufw" },
};

struct pass {
	int rootfd, apply, allow, port, changes, failed;
	struct plan *p;
};

/* Apply (or plan) one file's new text; a backup first. */
static void put(struct pass *s, const char *path, const char *old, size_t oldlen, int existed, const char *neu,
		size_t len, const struct stat *like, const char *what)
{
	char before[65] = "", after[65], backup[320] = "";
	int err = 0;

	s->changes++;
	if (!s->apply) {
		plan_add(s->p, existed ? "edit" : "create", path, "%s", what);
		return;
	}
	if (existed) {
		repair_hex(old, oldlen, before);
		err = repair_backup(s->rootfd, path, 0, backup, sizeof backup);
	} else {
		char dir[256];
		snprintf(dir, sizeof dir, "%s", path);
		*strrchr(dir, '/') = '\0';
		err = repair_mkdirs(s->rootfd, dir, 0755);
	}
	if (!err)
		err = repair_replace(s->rootfd, path, neu, len, like);
	repair_hex(neu, len, after);
	plan_add(s->p, existed ? "edit" : "create", path, "%s%s", what, err ? ": FAILED" : "");
	plan_file(s->p, path, before, err ? before : after, backup);
	if (err) {
		fprintf(stderr, "lifeboat fix firewall: %s: %s\n", path, strerror(-err));
		s->failed++;
	}
}

static long edit(enum rules k, const char *text, size_t len, int port, char *out, size_t size)
{
	switch (k) {
	case IPTABLES:
		return fwrules_iptables_allow(text, len, port, out, size);
	case NFT:
		return fwrules_nft_allow(text, len, port, out, size);
	case ZONE:
		return fwrules_firewalld_zone_allow(text, len, port, out, size);
	case UFW4:
	case UFW6:
		return fwrules_ufw_allow(text, len, port, k == UFW6, out, size);
	case UFWCONF:
		return fwrules_ufw_conf_disable(text, len, out, size);
	}
	return FWRULES_NOPLACE;
}

/* One rule file: its editor's change planned or made. from: where its text comes from when path is missing. */
static void rules(struct pass *s, const char *path, const char *from, enum rules k, const char *what)
{
	static char old[RULES_MAX], neu[RULES_MAX + 4096];
	struct stat st = { .st_mode = 0644 };
	int existed = 1, fd = groot_open(s->rootfd, path, O_RDONLY | O_NOFOLLOW);
	ssize_t len;

	if (fd < 0 && from) {
		existed = 0;
		fd = groot_open(s->rootfd, from, O_RDONLY | O_NOFOLLOW);
	}
	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	close(fd);
	len = groot_read(s->rootfd, existed ? path : from, old, sizeof old);
	if (len < 0 || len >= (ssize_t)sizeof old - 1) {
		plan_add(s->p, "note", path, "unreadable or too big; left alone");
		return;
	}
	long n = edit(k, old, (size_t)len, s->port, neu, sizeof neu);
	if (n == 0 && existed)
		return;
	if (n == 0) {
		// the zone allows SSH already in /usr: nothing to write to /etc
		return;
	}
	if (n < 0) {
		plan_add(s->p, "note", path, "%s; left alone", fwrules_why(n));
		return;
	}
	put(s, path, old, (size_t)len, existed, neu, (size_t)n, &st, what);
}

/* The firewall's unit links in one directory of /etc/systemd/system ("" for itself). */
static void links_in(struct pass *s, const char *sub)
{
	char dir[300], target[512], path[600];
	int fd;
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof dir, UNIT_DIR "%s%s", sub[0] ? "/" : "", sub);
	if ((fd = groot_open(s->rootfd, dir, O_RDONLY | O_DIRECTORY)) < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d))) {
		ssize_t l = readlinkat(fd, e->d_name, target, sizeof target - 1);
		if (l <= 0)
			continue;
		target[l] = '\0';
		if (!fwrules_unit_link(NULL, e->d_name, target))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		s->changes++;
		if (!s->apply) {
			plan_add(s->p, "remove", path, "the link to %s (as systemctl disable does)", target);
			continue;
		}
		char before[65];
		repair_hex(target, (size_t)l, before);
		int err = unlinkat(fd, e->d_name, 0) < 0 ? -errno : 0;
		plan_add(s->p, "remove", path, "was -> %s%s", target, err ? ": FAILED" : "");
		plan_file(s->p, path, before, err ? before : NULL, NULL);
		if (err) {
			fprintf(stderr, "lifeboat fix firewall: %s: %s\n", path, strerror(-err));
			s->failed++;
		}
	}
	if (s->apply)
		fsync(fd);
	closedir(d);
}

/* Every *.wants and *.requires directory, and the aliases in the top one. */
static void unit_links(struct pass *s)
{
	int fd = groot_open(s->rootfd, UNIT_DIR, O_RDONLY | O_DIRECTORY);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	char names[64][256];
	int n = 0;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)) && n < 64) {
		size_t len = strlen(e->d_name);
		if ((len > 6 && strcmp(e->d_name + len - 6, ".wants") == 0) ||
		    (len > 9 && strcmp(e->d_name + len - 9, ".requires") == 0))
			text_copy(names[n++], sizeof names[0], e->d_name);
	}
	closedir(d);
	links_in(s, "");
	for (int i = 0; i < n; i++)
		links_in(s, names[i]);
}

/* The SSH port the guest's sshd listens on: its first Port line, else 22. */
static int sshd_port(int rootfd)
{
	static char cfg[65536];

	if (groot_read(rootfd, "/etc/ssh/sshd_config", cfg, sizeof cfg) <= 0)
		return 22;
	for (char *l = cfg; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		while (*l == ' ' || *l == '\t')
			l++;
		if (strncasecmp(l, "port", 4) == 0 && (l[4] == ' ' || l[4] == '\t')) {
			int port = atoi(l + 5);
			return port > 0 && port < 65536 ? port : 22;
		}
		if (strncasecmp(l, "match", 5) == 0)
			break;
	}
	return 22;
}

static void firewall_pass(struct pass *s)
{
	static char conf[8192];
	char zone[64], path[160], from[160], what[96];

	if (!s->allow) {
		unit_links(s);
		rules(s, "/etc/ufw/ufw.conf", NULL, UFWCONF, "ENABLED=no: ufw loads no rules at boot");
		return;
	}
	snprintf(what, sizeof what, "accept TCP port %d first", s->port);
	for (size_t i = 0; i < sizeof rulefiles / sizeof *rulefiles; i++)
		rules(s, rulefiles[i].path, NULL, rulefiles[i].kind, what);
	// firewalld: its default zone, from /usr when /etc has no copy of it yet
	if (groot_exists(s->rootfd, "/etc/firewalld") || groot_exists(s->rootfd, "/usr/lib/firewalld")) {
		ssize_t n = groot_read(s->rootfd, "/etc/firewalld/firewalld.conf", conf, sizeof conf);
		if (fwrules_firewalld_default_zone(conf, n > 0 ? (size_t)n : 0, zone, sizeof zone) < 0) {
			plan_add(s->p, "note", "/etc/firewalld/firewalld.conf", "its DefaultZone is no zone name; left alone");
			return;
		}
		snprintf(path, sizeof path, "/etc/firewalld/zones/%s.xml", zone);
		snprintf(from, sizeof from, "/usr/lib/firewalld/zones/%s.xml", zone);
		rules(s, path, from, ZONE, what);
	}
}

struct fw {
	int allow, port;
};

static int fw_pass(void *ctx, int rootfd, struct plan *p, int apply)
{
	struct fw *f = ctx;
	struct pass s = { .rootfd = rootfd, .apply = apply, .allow = f->allow, .p = p };

	if (f->allow && !f->port)
		f->port = sshd_port(rootfd);
	s.port = f->port;
	firewall_pass(&s);
	if (s.failed) {
		plan_end(p, "failed", "%d of %d changes failed (see above)", s.failed, s.changes);
		return -EXIT_FAILED;
	}
	if (apply && f->allow)
		plan_end(p, "done", "TCP port %d is let in at the guest's next boot", f->port);
	else if (apply)
		plan_end(p, "done", "the guest's firewall stays off at its next boot");
	else if (!s.changes && f->allow)
		plan_end(p, "nothing to do", "every firewall found lets TCP port %d in already (or none was found)",
			 f->port);
	return s.changes;
}

int fix_firewall(int argc, char **argv, struct fix_opts *o)
{
	struct fw f = { 0, 0 };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--allow-ssh") == 0) {
			f.allow = 1;
			if (i + 1 < argc && argv[i + 1][0] != '-') {
				char *end;
				long port = strtol(argv[++i], &end, 10);
				if (*end || port < 1 || port > 65535) {
					fprintf(stderr, "lifeboat fix firewall: %s is no TCP port\n", argv[i]);
					return EXIT_USAGE;
				}
				f.port = (int)port;
			}
		} else {
			fprintf(stderr, "usage: lifeboat fix firewall [--allow-ssh [PORT]] [--yes] [--json]\n");
			return EXIT_USAGE;
		}
	}
	const struct repair r = { f.allow ? "fix firewall --allow-ssh" : "fix firewall", 0, fw_pass, NULL,
				  "no firewall starts at boot" };
	return repair_drive(&r, &f, o);
}
