/* PID 1: boot as a table of states, each returning the next; then one poll() loop. */
#define _GNU_SOURCE
#include "pid1.h"
#include "banner.h"
#include "console.h"
#include "inventory.h"
#include "modules.h"
#include "mounts.h"
#include "supervise.h"
#include "uevent.h"
#include "../access/datasource.h"
#include "../disk/disks.h"
#include "../access/ssh.h"
#include "../net/net.h"
#include "../lib/cmdline.h"
#include "../lib/json.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETTLE_QUIET_MS 300	/* devices have settled when no uevent came for this long */
#define SETTLE_MAX_MS 8000	/* and we stop waiting for them after this */
#define SHUTDOWN_GRACE_MS 3000	/* children get this long after SIGTERM before SIGKILL */
#define CMDLINE_MAX 8192	/* COMMAND_LINE_SIZE is 2048 on x86; room to spare */

#define CONSOLE_LOGLEVEL "4"	/* after the banner: only errors and worse from the kernel on consoles */
#define LEASE_WAIT_MS 3000	/* the banner waits this long for DHCP to show an address */
#define NET_DEBOUNCE_MS 200	/* network news settle this long before the report is redone */
#define DISK_DEBOUNCE_MS 500	/* block device news settle this long before the disks are looked at again */

enum state { S_MOUNTS, S_CMDLINE, S_CONSOLES, S_DEVICES, S_NETWORK, S_DISKS, S_SSH, S_LEASES, S_READY, S_RUN, S_SHUTDOWN,
	     S_EMERGENCY, S_COUNT };
enum halt { HALT_NONE, HALT_POWEROFF, HALT_REBOOT };

static struct {
	long long start_ms;		/* CLOCK_MONOTONIC at exec */
	char cmdline_buf[CMDLINE_MAX];
	struct lb_cmdline cmd;
	struct report report;
	int sigfd, ueventfd;
	enum halt halt;
	int have_modules;
	int ready;			/* the banner is out */
	long long net_dirty_at;		/* redo the report at this time; 0: nothing new */
	long long leases_until;		/* S_LEASES ends at this time */
	char net_shown[2048];		/* the network lines last printed on the consoles */
	long long disks_dirty_at;	/* look at the disks again at this time; 0: no news */
	pid_t diag_pid;			/* lifeboat diagnose, started once ready; 0 when not running */
	long long diag_started_ms;
	char diag_shown[4096 + 256];	/* the diagnose lines last printed on the consoles */
} b = { .sigfd = -1, .ueventfd = -1 };

/* The shell on one console: a session of its own with the tty as controlling terminal. */
static void exec_shell(const char *tty)
{
	char path[64];
	int fd;

	setsid();
	snprintf(path, sizeof path, "/dev/%s", tty);
	fd = open(path, O_RDWR | O_NOCTTY);
	if (fd < 0)
		_exit(126);
	ioctl(fd, TIOCSCTTY, 1);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	chdir("/root");
	// the menu (lifeboat.menu, on by default) or a login shell
	char *const menu[] = { "lifeboat", "menu", NULL };
	char *const argv[] = { "-sh", NULL };
	char *const envp[] = { LB_PATH_ENV, "HOME=/root", "SHELL=" LB_SHELL, "USER=root", "LOGNAME=root",
			       strncmp(tty, "tty", 3) == 0 && tty[3] >= '0' && tty[3] <= '9' ? "TERM=linux" : "TERM=vt100",
			       NULL };
	execve(b.cmd.menu ? LB_LIFEBOAT : LB_SHELL, b.cmd.menu ? menu : argv, envp);
	_exit(127);
}

static enum state st_mounts(void)
{
	mounts_early();
	// /dev/kmsg drops a writer's lines beyond 10 in 5 s unless told otherwise;
	// a boot that loads many modules logs more than that, and every line matters
	sys_write_str("/proc/sys/kernel/printk_devkmsg", "on\n");
	log_open();
	log_info("lifeboat %s starting as PID 1", LB_VERSION);
	mounts_cgroups();
	// a kernel without a default hostname says "(none)": the prompt and DHCP deserve better
	struct utsname u;
	if (uname(&u) == 0 && strcmp(u.nodename, "(none)") == 0)
		sethostname("lifeboat", 8);
	return S_CMDLINE;
}

static enum state st_cmdline(void)
{
	ssize_t n = sys_read_file("/proc/cmdline", b.cmdline_buf, sizeof b.cmdline_buf);

	if (n < 0) {
		log_err("/proc/cmdline: %s; going on with defaults", strerror((int)-n));
		b.cmdline_buf[0] = '\0';
	}
	cmdline_parse(b.cmdline_buf, &b.cmd);
	return S_CONSOLES;
}

/* What the command line had that lifeboat did not take: logged once the consoles
 * are open, so that the operator sees it too. */
static void report_cmdline(const struct lb_cmdline *c)
{
	for (int i = 0; i < c->nunknown; i++)
		log_warn("unknown parameter %s ignored", c->unknown[i]);
	for (int i = 0; i < c->nbad; i++)
		log_warn("parameter %s has a value lifeboat can't use; ignored", c->bad[i]);
	if (c->ngarbage)
		log_warn("%d unreadable word(s) on the command line ignored", c->ngarbage);
	if (c->ndropped)
		log_warn("%d parameter(s) beyond lifeboat's limits ignored", c->ndropped);
	if (c->plaintext_password)
		log_warn("lifeboat.password= refused: a plaintext password never belongs on the "
			 "command line; pass lifeboat.password_hash= (crypt(3)) instead");
	b.report.cmdline_ignored = c->nunknown + c->nbad + c->ngarbage + c->ndropped + c->plaintext_password;
}

static enum state st_consoles(void)
{
	if (console_open_all(&b.cmd, &b.report) == 0)
		log_err("no console could be opened");
	report_cmdline(&b.cmd);
	return S_DEVICES;
}

static int signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	// Ctrl-Alt-Del arrives as SIGINT once the kernel is told not to reboot by itself
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGPWR);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, LB_SIG_NET);
	sigaddset(&set, LB_SIG_DIAG);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static enum state st_devices(void)
{
	long long until, quiet_until;

	ssh_entropy_early();

	b.ueventfd = uevent_open();
	if (b.ueventfd < 0)
		log_err("uevent socket: %s; devices that appear later get no modules", strerror(-b.ueventfd));
	b.have_modules = modules_init();
	if (!b.have_modules)
		return S_NETWORK;
	for (const char *m = b.cmd.modules; m && *m;) {
		char name[64];
		size_t len = strcspn(m, ",");
		if (len > 0 && len < sizeof name) {
			memcpy(name, m, len);
			name[len] = '\0';
			int err = modules_load_name(name);
			if (err < 0)
				log_warn("lifeboat.modules: %s: %s", name, strerror(-err));
		}
		m += len + (m[len] == ',');
	}
	modules_coldplug("");
	// modules loaded for buses (virtio_pci) bring new devices (virtio disks): follow them
	until = sys_now_ms() + SETTLE_MAX_MS;
	quiet_until = sys_now_ms() + SETTLE_QUIET_MS;
	while (b.ueventfd >= 0) {
		long long now = sys_now_ms();
		if (now >= until || now >= quiet_until)
			break;
		struct pollfd p = { b.ueventfd, POLLIN, 0 };
		long long wait = (quiet_until < until ? quiet_until : until) - now;
		if (poll(&p, 1, (int)wait) > 0 && uevent_drain(b.ueventfd) > 0)
			quiet_until = sys_now_ms() + SETTLE_QUIET_MS;
	}
	if (sys_now_ms() >= until)
		log_warn("devices still appearing after %d ms; going on", SETTLE_MAX_MS);
	return S_NETWORK;
}

static struct disk_state disks, disks_prev;

/* Every disk read-only first, then identified, looked into, and the root chosen. */
static void look_at_disks(int again)
{
	if (again)
		memcpy(&disks_prev, &disks, sizeof disks);
	disks_scan(&disks, 1, again ? &disks_prev : NULL);
	// md arrays, then LVM on them (or on disks): each round may bring members of the next
	for (int round = 0; round < 3 && disks_assemble(&disks, again || round ? &disks_prev : NULL); round++) {
		memcpy(&disks_prev, &disks, sizeof disks);
		disks_scan(&disks, 1, &disks_prev);
		again = 1;
	}
	disks_rank(&disks, &b.cmd);
	disks_publish(&disks);
	disks_root_line(&disks, b.report.root, sizeof b.report.root);
}

static enum state st_disks(void)
{
	// before anything reads a disk (config drives included): read-only at the block layer
	uevent_block_news();
	look_at_disks(0);
	return S_SSH;
}

/* The one-time password goes to the local consoles only: not kmsg, not the banner file. */
static void show_one_time_password(void)
{
	char line[128];
	const char *pw = ssh_one_time_password();

	if (!pw)
		return;
	snprintf(line, sizeof line, "  one-time root password: %s\n", pw);
	console_write_all(line);
	explicit_bzero(line, sizeof line);
}

/* Before the disks: DHCP runs while they are looked at and the host keys are made. */
static enum state st_network(void)
{
	inventory_links("", &b.report);
	net_start(&b.cmd, &b.report);
	// the DHCP clients now, not at the main loop's first turn
	supervise_tick(sys_now_ms());
	return S_DISKS;
}

static enum state st_ssh(void)
{
	// before the banner, which shows the host keys' fingerprints; DHCP runs meanwhile
	ssh_start(&b.cmd, &disks, &b.report);
	supervise_tick(sys_now_ms());
	b.leases_until = sys_now_ms() + LEASE_WAIT_MS;
	return S_LEASES;
}

static long rss_kib(void)
{
	char buf[4096];
	char *p;

	if (sys_read_file("/proc/self/status", buf, sizeof buf) < 0 || !(p = strstr(buf, "VmRSS:")))
		return -1;
	return strtol(p + 6, NULL, 10);
}

/* The banner, status JSON and motd files from the report; the banner text in text. */
static void publish(char *text, size_t size)
{
	static char js[16384], motd[8192];
	struct report *r = &b.report;
	struct json j;

	if (banner_render(r, text, size) < 0)
		snprintf(text, size, "lifeboat ready\n  (the full banner did not fit)\n");
	json_init(&j, js, sizeof js);
	banner_json(r, &j);
	sys_mkdir_p(LB_RUN_DIR, 0755);
	sys_write_file_atomic(LB_BANNER_TXT, text, strlen(text), 0644);
	if (json_finish(&j))
		sys_write_file_atomic(LB_STATUS_JSON, js, strlen(js), 0644);
	// what an SSH login shows first (dropbear prints /etc/motd)
	snprintf(motd, sizeof motd, "\nlifeboat rescue system\n%s"
		 "\n  lifeboat status     this, again (--json for tools)\n"
		 "  lifeboat help       every command\n"
		 "  lifeboat reboot     leave the rescue system\n\n",
		 strchr(text, '\n') ? strchr(text, '\n') + 1 : text);
	sys_write_file_atomic("/etc/motd", motd, strlen(motd), 0644);
}

/* News for the consoles ("lifeboat network" and its lines) in one write, so that
 * a shell's output cannot come between the heading and the lines. */
static void news(const char *what, const char *lines)
{
	static char block[8192];

	snprintf(block, sizeof block, "\nlifeboat %s\n%s", what, lines);
	console_write_all(block);
}

/* Network news: redo the report's links, the files, and tell the consoles when
 * what they showed changed. */
static void net_refresh(void)
{
	static char text[8192];
	char lines[sizeof b.net_shown];

	b.net_dirty_at = 0;
	net_report(&b.report);
	datasource_report(&b.report);
	if (!b.ready)
		return;
	publish(text, sizeof text);
	if (banner_network(&b.report, lines, sizeof lines) > 0 && strcmp(lines, b.net_shown) != 0) {
		memcpy(b.net_shown, lines, sizeof lines);
		news("network", lines);
	}
}

static void loop_once(int max_wait_ms);

/* Block devices came or went: look again, and tell the consoles if the root changed. */
static void disks_refresh(void)
{
	static char text[8192];
	char before[sizeof b.report.root];

	b.disks_dirty_at = 0;
	memcpy(before, b.report.root, sizeof before);
	look_at_disks(1);
	if (!b.ready)
		return;
	inventory_disks("", &b.report);
	publish(text, sizeof text);
	if (strcmp(before, b.report.root) != 0) {
		char line[sizeof b.report.root + 32];
		snprintf(line, sizeof line, "\nlifeboat disks\n  root      %s\n", b.report.root);
		console_write_all(line);
	}
}

/* lifeboat diagnose, once the banner is out: the guest looked at before anyone
 * asks, its summary then added to the banner and the message of the day. */
static void diagnose_start(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		supervise_child_reset();
		setsid();
		// memory is short in the smallest rescue machines: this goes first, not dropbear
		sys_write_str("/proc/self/oom_score_adj", "1000\n");
		int null = open("/dev/null", O_RDWR), kmsg = open(LB_KMSG, O_WRONLY);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		if (kmsg >= 0 || null >= 0)
			dup2(kmsg >= 0 ? kmsg : null, 2);
		if (null > 2)
			close(null);
		if (kmsg > 2)
			close(kmsg);
		char *const argv[] = { "lifeboat", "diagnose", NULL };
		char *const envp[] = { LB_PATH_ENV, "HOME=/root", NULL };
		execve(LB_LIFEBOAT, argv, envp);
		_exit(127);
	}
	if (pid < 0) {
		log_warn("lifeboat diagnose: fork: %s", strerror(errno));
		b.report.diagnose = REPORT_DIAG_FAILED;
		return;
	}
	b.diag_pid = pid;
	b.diag_started_ms = sys_now_ms();
}

/* diagnose.txt is new (a signal from lifeboat diagnose), or the one at boot
 * ended: show its summary in the files, and on the consoles when it changed. */
static void diagnose_refresh(int ended, int status)
{
	static char text[8192];
	static char lines[sizeof b.diag_shown];
	struct report *r = &b.report;
	ssize_t n = sys_read_file(LB_DIAGNOSE_TXT, r->diag_summary, sizeof r->diag_summary);

	if (ended && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		log_info("lifeboat diagnose at boot: done in %lld ms", sys_now_ms() - b.diag_started_ms);
	else if (ended)
		log_warn("lifeboat diagnose at boot ended with %s %d", WIFEXITED(status) ? "status" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	if (n > 0) {
		// a summary longer than the report holds ends at its last whole line
		char *last = strrchr(r->diag_summary, '\n');
		if ((size_t)n == sizeof r->diag_summary - 1 && last)
			last[1] = '\0';
		r->diagnose = REPORT_DIAG_DONE;
	} else if (ended) {
		r->diag_summary[0] = '\0';
		r->diagnose = REPORT_DIAG_FAILED;
	} else {
		return;
	}
	if (!b.ready)
		return;
	publish(text, sizeof text);
	if (banner_diagnose(r, lines, sizeof lines) > 0 && strcmp(lines, b.diag_shown) != 0) {
		memcpy(b.diag_shown, lines, sizeof lines);
		news("diagnose", lines);
	}
}

/* Give DHCP a few seconds, so that the banner can show how to connect, and the
 * ECDSA host key its moment, so that it shows that key's fingerprint too. */
static enum state st_leases(void)
{
	long long now = sys_now_ms();

	if (net_event() || b.net_dirty_at)
		net_refresh();
	if ((!net_waiting() && !ssh_keys_pending()) || now >= b.leases_until)
		return S_READY;
	loop_once((int)(b.leases_until - now));
	return S_LEASES;
}

/* Once the banner is out, the kernel's messages at warning level and below stay in
 * dmesg: on a serial console nobody reads (a full UART) printk waits up to 10 ms a
 * character, and dropbear's log lines (level 4) then held every new SSH login.
 * PID 1's own console writes never wait. Not when the command line chose a level. */
static void quiet_consoles(void)
{
	if (b.cmd.loglevel_given)
		return;
	if (sys_write_str("/proc/sys/kernel/printk", CONSOLE_LOGLEVEL "\n") == 0)
		log_info("consoles: the kernel's messages less severe than errors go to dmesg only from now on "
			 "(loglevel= on the command line keeps its level)");
}

static enum state st_ready(void)
{
	static char text[8192];
	static char modules[64];
	struct report *r = &b.report;
	struct utsname u;

	uname(&u);
	snprintf(r->kernel, sizeof r->kernel, "%s", u.release);
	r->version = LB_VERSION;
	{
		// what a provider's build baked in (make image CONFIG=…); neither need be there
		static char name[256], motd[sizeof r->motd];
		banner_provider(r, sys_read_file(LB_PROVIDER_NAME, name, sizeof name) > 0 ? name : NULL,
				sys_read_file(LB_PROVIDER_MOTD, motd, sizeof motd) > 0 ? motd : NULL);
	}
	if (b.have_modules)
		snprintf(modules, sizeof modules, "libkmod: %d loaded", modules_loaded());
	else
		snprintf(modules, sizeof modules, "built into the kernel");
	r->modules = modules;
	inventory_disks("", r);
	disks_root_line(&disks, r->root, sizeof r->root);
	r->kernel_to_ready_ms = sys_boottime_ms();
	r->pid1_ms = sys_now_ms() - b.start_ms;
	r->rss_kib = rss_kib();
	r->menu = b.cmd.menu;
	r->diagnose = b.cmd.diagnose ? REPORT_DIAG_RUNNING : REPORT_DIAG_OFF;

	net_report(r);
	publish(text, sizeof text);
	banner_network(r, b.net_shown, sizeof b.net_shown);
	b.ready = 1;

	log_info("ready: %lld ms from kernel start, %lld ms in PID 1, %ld KiB resident",
		 r->kernel_to_ready_ms, r->pid1_ms, r->rss_kib);
	console_write_all("\n");
	console_write_all(text);
	show_one_time_password();

	for (int i = 0; i < r->nconsoles; i++) {
		char name[48];
		if (!r->consoles[i].present)
			continue;
		snprintf(name, sizeof name, "%s on %s", b.cmd.menu ? "menu" : "shell", r->consoles[i].name);
		supervise_add(name, exec_shell, r->consoles[i].name);
	}
	if (b.cmd.diagnose)
		diagnose_start();
	quiet_consoles();
	return S_RUN;
}

/* A host key made after the banner: the files, and its fingerprint on the consoles. */
static void ssh_refresh(void)
{
	static char text[8192];
	char lines[2048];

	publish(text, sizeof text);
	if (banner_ssh(&b.report, lines, sizeof lines) > 0)
		news("ssh", lines);
}

static void reap(void)
{
	int status;
	pid_t pid;

	// one SIGCHLD may stand for many children: collect until none is left
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (supervise_reaped(pid, status, sys_now_ms()))
			continue;
		if (pid == b.diag_pid) {
			b.diag_pid = 0;
			diagnose_refresh(1, status);
		} else if (ssh_reaped(pid, status, &b.report) == 2 && b.ready) {
			ssh_refresh();
		}
	}
}

static void on_signal(const struct signalfd_siginfo *si)
{
	switch (si->ssi_signo) {
	case SIGCHLD:
		reap();
		break;
	case SIGINT:	/* Ctrl-Alt-Del */
	case SIGUSR1:
		b.halt = HALT_REBOOT;
		break;
	case SIGTERM:
	case SIGUSR2:
	case SIGPWR:
		b.halt = HALT_POWEROFF;
		break;
	case SIGHUP: {
		char text[8192];
		if (sys_read_file(LB_BANNER_TXT, text, sizeof text) > 0)
			console_write_all(text);
		show_one_time_password();
		break;
	}
	default:
		if ((int)si->ssi_signo == LB_SIG_DIAG)
			diagnose_refresh(0, 0);
		else if ((int)si->ssi_signo == LB_SIG_NET && !b.net_dirty_at)
			b.net_dirty_at = sys_now_ms() + NET_DEBOUNCE_MS;
	}
}

static void drain_signals(void)
{
	struct signalfd_siginfo si;

	while (read(b.sigfd, &si, sizeof si) == (ssize_t)sizeof si)
		on_signal(&si);
}

/* One turn of the main loop: start due children, wait for signals, uevents and
 * network news (at most max_wait_ms, -1: no limit), handle them. */
static void loop_once(int max_wait_ms)
{
	struct pollfd p[3] = { { b.sigfd, POLLIN, 0 }, { b.ueventfd, POLLIN, 0 }, { net_fd(), POLLIN, 0 } };
	long long now = sys_now_ms();
	int timeout;

	supervise_tick(now);
	timeout = supervise_timeout(sys_now_ms());
	if (max_wait_ms >= 0 && (timeout < 0 || timeout > max_wait_ms))
		timeout = max_wait_ms;
	for (int k = 0; k < 2; k++) {
		long long at = k ? b.disks_dirty_at : b.net_dirty_at;
		if (!at)
			continue;
		int until = at > now ? (int)(at - now) : 0;
		if (timeout < 0 || timeout > until)
			timeout = until;
	}
	if (poll(p, 3, timeout) < 0 && errno != EINTR)
		log_err("poll: %s", strerror(errno));
	if (p[0].revents & POLLIN)
		drain_signals();
	if (p[1].revents & POLLIN)
		uevent_drain(b.ueventfd);
	if ((p[2].revents & POLLIN) && net_event() && !b.net_dirty_at)
		b.net_dirty_at = sys_now_ms() + NET_DEBOUNCE_MS;
	if (uevent_block_news() && !b.disks_dirty_at)
		b.disks_dirty_at = sys_now_ms() + DISK_DEBOUNCE_MS;
	if (b.net_dirty_at && sys_now_ms() >= b.net_dirty_at)
		net_refresh();
	if (b.disks_dirty_at && sys_now_ms() >= b.disks_dirty_at)
		disks_refresh();
}

static enum state st_run(void)
{
	loop_once(-1);
	return b.halt != HALT_NONE ? S_SHUTDOWN : S_RUN;
}

static enum state st_shutdown(void)
{
	char loaded[8] = "";
	// lifeboat boot loaded the guest's kernel (kexec_file_load): a reboot starts it
	int kexec = b.halt == HALT_REBOOT && sys_read_file("/sys/kernel/kexec_loaded", loaded, sizeof loaded) > 0 &&
		    loaded[0] == '1';
	const char *what = kexec ? "starting the guest's kernel" : b.halt == HALT_REBOOT ? "rebooting" : "powering off";
	long long until;
	int cmd = kexec ? RB_KEXEC : b.halt == HALT_REBOOT ? RB_AUTOBOOT : RB_POWER_OFF;
	char msg[64];

	snprintf(msg, sizeof msg, "\nlifeboat: %s\n", what);
	console_write_all(msg);
	log_notice("%s: stopping children", what);
	supervise_stop_all();
	kill(-1, SIGTERM);
	until = sys_now_ms() + SHUTDOWN_GRACE_MS;
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0)
			continue;
		if (pid < 0 && errno == ECHILD)
			break;
		if (sys_now_ms() >= until) {
			log_warn("children still running after %d ms: SIGKILL", SHUTDOWN_GRACE_MS);
			kill(-1, SIGKILL);
			while (waitpid(-1, &status, 0) > 0 || errno == EINTR)
				;
			break;
		}
		struct pollfd p = { b.sigfd, POLLIN, 0 };
		poll(&p, 1, 50);
		struct signalfd_siginfo si;
		while (read(b.sigfd, &si, sizeof si) == (ssize_t)sizeof si)
			;
	}
	sync();
	mounts_release_all();
	sync();
	log_notice("%s now", what);
	reboot(cmd);
	// only reached when the kernel refused: stay alive, keep the consoles usable
	log_err("%s failed: %s", what, strerror(errno));
	b.halt = HALT_NONE;
	return S_EMERGENCY;
}

static enum state st_emergency(void)
{
	// PID 1 never exits: bring the shells back and keep listening
	supervise_resume(sys_now_ms());
	return S_RUN;
}

static enum state (*const states[S_COUNT])(void) = {
	[S_MOUNTS] = st_mounts,
	[S_CMDLINE] = st_cmdline,
	[S_CONSOLES] = st_consoles,
	[S_DEVICES] = st_devices,
	[S_DISKS] = st_disks,
	[S_NETWORK] = st_network,
	[S_SSH] = st_ssh,
	[S_LEASES] = st_leases,
	[S_READY] = st_ready,
	[S_RUN] = st_run,
	[S_SHUTDOWN] = st_shutdown,
	[S_EMERGENCY] = st_emergency,
};

void pid1_main(void)
{
	sigset_t all;
	enum state s = S_MOUNTS;

	b.start_ms = sys_now_ms();
	// block everything: signals are read from a signalfd, and children unblock before exec
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	reboot(RB_DISABLE_CAD);
	umask(022);
	setsid();

	s = states[S_MOUNTS]();
	b.sigfd = signals_open();
	if (b.sigfd < 0)
		log_err("signalfd: %s; signals will not be handled", strerror(errno));
	for (;;)
		s = states[s]();
}
