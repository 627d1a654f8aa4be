/* The `lifeboat` command: a table of subcommands. */
#define _GNU_SOURCE
#include "cli.h"
#include "session.h"
#include "diagnose.h"
#include "guest.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../net/apply.h"
#include "../net/lease.h"
#include "../net/net.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

struct command {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv);
	int guest;		/* mounts or changes the guest: takes turns with the others (cli_guest_lock) */
};

static int lock_fd = -1;
static const char *lock_what;	/* the command holding the lock; NULL when not held */

void cli_guest_lock(const char *what)
{
	char me[128];

	if (lock_fd < 0) {
		sys_mkdir_p(LB_RUN_DIR, 0755);
		lock_fd = open(LB_GUEST_LOCK, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (lock_fd < 0)
			return;	/* no /run/lifeboat to take turns in: nothing else runs either */
	}
	if (flock(lock_fd, LOCK_EX | LOCK_NB) < 0) {
		char holder[128] = "";
		// the holder writes its name just after it takes the lock: a moment for that
		for (int i = 0; i < 5 && !holder[0]; i++) {
			ssize_t n = pread(lock_fd, holder, sizeof holder - 1, 0);
			holder[n > 0 ? n : 0] = '\0';
			holder[strcspn(holder, "\n")] = '\0';
			if (!holder[0])
				usleep(20000);
		}
		fprintf(stderr, "lifeboat %s: waiting for %s to finish with the guest\n", what,
			holder[0] ? holder : "another lifeboat command");
		while (flock(lock_fd, LOCK_EX) < 0 && errno == EINTR)
			;
	}
	lock_what = what;
	snprintf(me, sizeof me, "lifeboat %s (pid %d)\n", what, (int)getpid());
	if (ftruncate(lock_fd, 0) == 0 && pwrite(lock_fd, me, strlen(me), 0) < 0)
		return;	/* only the waiting message misses it */
}

int cli_guest_unlock(const char *what)
{
	if (lock_fd < 0 || !lock_what || strcmp(lock_what, what) != 0)
		return 0;
	flock(lock_fd, LOCK_UN);	/* the next holder writes its own name */
	lock_what = NULL;
	return 1;
}

static int cmd_help(int argc, char **argv);

static int print_file(const char *path, const char *what)
{
	static char buf[65536];
	ssize_t n = sys_read_file(path, buf, sizeof buf);

	if (n < 0) {
		fprintf(stderr, "lifeboat: no %s yet (%s: %s); is lifeboat's PID 1 still booting?\n",
			what, path, strerror((int)-n));
		return EXIT_FAILED;
	}
	fputs(buf, stdout);
	if (n > 0 && buf[n - 1] != '\n')
		putchar('\n');
	return EXIT_DONE;
}

/* Seconds since the kernel started, from /proc/uptime; -1 when unreadable. */
static long uptime_s(void)
{
	char buf[64];

	return sys_read_file("/proc/uptime", buf, sizeof buf) > 0 ? strtol(buf, NULL, 10) : -1;
}

static int cmd_status(int argc, char **argv)
{
	static char buf[65536];
	int json = 0;
	ssize_t n;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else {
			fprintf(stderr, "lifeboat status: unknown option %s\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!json) {
		int rc = print_file(LB_BANNER_TXT, "status");
		if (rc == EXIT_DONE)
			printf("  uptime    %ld s\n", uptime_s());
		return rc;
	}
	// the file is PID 1's report; the uptime is now's, put in as the object's last member
	n = sys_read_file(LB_STATUS_JSON, buf, sizeof buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	if (n <= 0 || buf[n - 1] != '}') {
		fprintf(stderr, "lifeboat: no status yet (%s); is lifeboat's PID 1 still booting?\n", LB_STATUS_JSON);
		return EXIT_FAILED;
	}
	printf("%.*s,\"uptime_s\":%ld}\n", (int)(n - 1), buf, uptime_s());
	return EXIT_DONE;
}

static int signal_init(int sig, const char *what, int argc)
{
	if (argc > 1) {
		fprintf(stderr, "lifeboat %s takes no arguments\n", what);
		return EXIT_USAGE;
	}
	if (kill(1, sig) < 0) {
		fprintf(stderr, "lifeboat %s: %s\n", what, strerror(errno));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

static int cmd_reboot(int argc, char **argv)
{
	(void)argv;
	return signal_init(SIGUSR1, "reboot", argc);
}

static int cmd_poweroff(int argc, char **argv)
{
	(void)argv;
	return signal_init(SIGTERM, "poweroff", argc);
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("lifeboat %s\n", LB_VERSION);
	return EXIT_DONE;
}

static const char *env_get(const char *name)
{
	return getenv(name);
}

/* udhcpc's script (/usr/libexec/lifeboat/dhcp-event EVENT, the lease in the
 * environment): apply the lease, record it, tell PID 1. Not for people. */
static int cmd_dhcp_event(int argc, char **argv)
{
	const char *event = argc > 1 ? argv[1] : "", *why, *iface = getenv("interface");
	struct lease l;

	log_open();
	if (!iface || !*iface || strchr(iface, '/')) {
		log_warn("dhcp-event %s: no interface", event);
		return EXIT_USAGE;
	}
	if (strcmp(event, "deconfig") == 0) {
		// udhcpc starts with this too: only a link that had a lease loses something
		char path[96];
		snprintf(path, sizeof path, NET_LEASE_FMT, iface);
		if (access(path, F_OK) == 0) {
			netapply_forget(iface);
			log_notice("%s: DHCP lease lost", iface);
		}
	} else if (strcmp(event, "bound") == 0 || strcmp(event, "renew") == 0) {
		if (lease_from_env(env_get, &l, &why) < 0) {
			log_warn("%s: DHCP %s ignored: %s", iface, event, why);
			return EXIT_FAILED;
		}
		if (netapply_lease(&l, netapply_metric(iface)) < 0)
			return EXIT_FAILED;
		if (strcmp(event, "bound") == 0)
			log_info("%s: DHCP lease %s/%d, gateway %s, dns %s%s%s, %ld s", iface, l.addr, l.prefix,
				 l.gateway[0] ? l.gateway : "none", l.ndns ? l.dns[0] : "none", l.ndns > 1 ? " " : "",
				 l.ndns > 1 ? l.dns[1] : "", l.seconds);
	} else {
		return EXIT_DONE;	/* leasefail, nak: udhcpc tries again by itself */
	}
	kill(1, LB_SIG_NET);
	return EXIT_DONE;
}

/* udhcpc6's script (/usr/libexec/lifeboat/dhcp6-event EVENT). Not for people. */
static int cmd_dhcp6_event(int argc, char **argv)
{
	const char *event = argc > 1 ? argv[1] : "", *why, *iface = getenv("interface");
	struct lease l;

	log_open();
	if (!iface || !*iface || strchr(iface, '/')) {
		log_warn("dhcp6-event %s: no interface", event);
		return EXIT_USAGE;
	}
	if (strcmp(event, "deconfig") == 0 || strcmp(event, "unbound") == 0) {
		char path[96];
		snprintf(path, sizeof path, NET_LEASE6_FMT, iface);
		if (access(path, F_OK) != 0)
			return EXIT_DONE;
		netapply_forget6(iface);
		log_notice("%s: DHCPv6 lease lost", iface);
	} else if (strcmp(event, "bound") == 0 || strcmp(event, "renew") == 0 || strcmp(event, "updated") == 0) {
		if (lease_from_env6(env_get, &l, &why) < 0) {
			log_warn("%s: DHCPv6 %s ignored: %s", iface, event, why);
			return EXIT_FAILED;
		}
		if (netapply_lease6(&l) < 0)
			return EXIT_FAILED;
		log_info("%s: DHCPv6 %s%s%s, dns %s", iface, l.addr[0] ? "address " : "information only",
			 l.addr, l.addr[0] ? "/128" : "", l.ndns ? l.dns[0] : "none");
	} else {
		return EXIT_DONE;
	}
	kill(1, LB_SIG_NET);
	return EXIT_DONE;
}

static const struct command commands[] = {
	{ "status", "[--json]", "what lifeboat found: consoles, network, disks, boot time", cmd_status, 0 },
	{ "disks", "[--json]", "every block device, the root candidates with their reasons, the chosen root", cmd_disks, 0 },
	{ "mount", "[--rw] [DEV]", "mount the guest's root at /mnt/guest and its fstab below (read-only by default)",
	  cmd_mount, 1 },
	{ "umount", "", "unmount everything under /mnt/guest; disks back to read-only", cmd_umount, 1 },
	{ "diagnose", "[--json]", "what is wrong with the guest, with the evidence and the repair for each finding",
	  cmd_diagnose, 1 },
	{ "boot", "[--list] [--entry N] [--cmdline ARGS]",
	  "start the guest's own kernel from its default boot entry (kexec), --yes to go", cmd_boot, 1 },
	{ "fix", "REPAIR ...", "repairs (lifeboat fix lists them); each shows its plan, --yes to act", cmd_fix, 1 },
	{ "snapshot", "begin|commit|rollback|status", "try a repair on a copy-on-write snapshot first; keep or drop it",
	  cmd_snapshot, 1 },
	{ "backup", "[--json] [--all] DEVICE|root > FILE",
	  "the device as a backup stream on stdout, read-only (--verify FILE checks one)", cmd_backup, 0 },
	{ "restore", "[--yes] [--json] DEVICE < FILE", "write a backup stream from stdin onto a device, checked as it goes",
	  cmd_restore, 0 },
	{ "unlock", "DEVICE", "open a LUKS device read-only as /dev/mapper/luks-UUID (asks for the passphrase)",
	  cmd_unlock, 1 },
	{ "chroot", "[CMD...]", "a shell (or CMD) inside the guest, with /proc, /sys, /dev, /run, DNS", cmd_chroot, 1 },
	{ "reboot", "", "stop everything cleanly and reboot", cmd_reboot, 0 },
	{ "poweroff", "", "stop everything cleanly and power off", cmd_poweroff, 0 },
	{ "version", "", "print lifeboat's version", cmd_version, 0 },
	{ "menu", "", "the numbered console menu over these commands", cmd_menu, 0 },
	{ "help", "", "this list", cmd_help, 0 },
	{ "dhcp-event", NULL, NULL, cmd_dhcp_event, 0 },	/* hidden: udhcpc's script */
	{ "dhcp6-event", NULL, NULL, cmd_dhcp6_event, 0 },	/* hidden: udhcpc6's script */
};

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("usage: lifeboat COMMAND [ARGS]\n\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (commands[i].help)
			printf("  %-9s %-12s %s\n", commands[i].name, commands[i].args, commands[i].help);
	printf("\nexit codes: 0 done, 1 failed, 2 usage, 3 refused for safety, 4 needs confirmation\n");
	return EXIT_DONE;
}

int cli_main(int argc, char **argv)
{
	const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	// root's shell over SSH: dropbear starts it as "-session-shell" for a login
	if (strcmp(self + (self[0] == '-'), "session-shell") == 0)
		return session_shell(argc, argv);

	// called as "reboot" or "poweroff" (symlinks in /sbin): that subcommand
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(self, commands[i].name) == 0 && strcmp(self, "help") != 0)
			return commands[i].run(argc, argv);
	if (argc < 2) {
		cmd_help(0, NULL);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		const struct command *c = &commands[i];
		if (strcmp(argv[1], c->name) != 0)
			continue;
		// one at a time on the guest (the diagnose PID 1 starts at boot among them); not for
		// what only lists or explains ("lifeboat fix", "--help")
		if (c->guest && !(argc == 2 && strcmp(c->name, "fix") == 0) &&
		    !(argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)))
			cli_guest_lock(c->name);
		return c->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "lifeboat: unknown command %s (try: lifeboat help)\n", argv[1]);
	return EXIT_USAGE;
}
