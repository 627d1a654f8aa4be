/* What PID 1 knows at the ready banner: filled by boot, rendered by banner.c. */
#ifndef LB_REPORT_H
#define LB_REPORT_H

#define REPORT_CONSOLES_MAX 8
#define REPORT_LINKS_MAX 16
#define REPORT_DISKS_MAX 32
#define REPORT_HOSTKEYS_MAX 4

struct console_state {
	char name[32];		/* device name in /dev: "ttyS0", "tty1", "hvc0" */
	int present;		/* opened */
	int fallback;		/* chosen by lifeboat, not named by console= */
	int err;		/* errno of the failed open, when not present */
	int fd;			/* O_NONBLOCK fd for PID 1's own writes, or -1 */
};

#define REPORT_ADDRS_MAX 4

struct link_info {
	char name[32];
	char mac[24];
	int carrier;		/* 1 up, 0 down, -1 unknown (link administratively down) */
	int primary;		/* PXE's boot link (BOOTIF=) */
	char how[40];		/* "dhcp", "static (ip=)", "waiting for carrier" …; "" before the network state */
	char addrs[REPORT_ADDRS_MAX][64];	/* "10.0.2.15/24", global IPv6 too; no link-local */
	int naddrs;
	char gateway[48];
	char dns[3][48];
	int ndns;
};

struct disk_info {
	char name[32];
	unsigned long long bytes;
	int removable;
	int readonly;
};

/* lifeboat diagnose, run by PID 1 once ready. */
enum report_diag { REPORT_DIAG_OFF, REPORT_DIAG_RUNNING, REPORT_DIAG_DONE, REPORT_DIAG_FAILED };

struct report {
	const char *version;
	char provider[64];		/* the provider's name (LB_PROVIDER_NAME), "" for none */
	char motd[2048];		/* the provider's message (LB_PROVIDER_MOTD), "" for none */
	char kernel[96];		/* uname -r */
	long long kernel_to_ready_ms;	/* guest time: kernel start to the banner */
	long long pid1_ms;		/* PID 1 exec to the banner */
	long rss_kib;			/* PID 1's resident memory at the banner */
	const char *modules;		/* "built into the kernel" or "libkmod: N loaded" */

	struct console_state consoles[REPORT_CONSOLES_MAX];
	int nconsoles;
	struct link_info links[REPORT_LINKS_MAX];
	int nlinks, links_more;
	struct disk_info disks[REPORT_DISKS_MAX];
	int ndisks, disks_more;

	int ssh_port;
	char ssh_state[256];		/* "port 22, …" or "not started: why" */
	int ssh_keys;			/* authorized keys installed */
	int ssh_staff_keys;		/* of those, the provider staff's (LB_STAFF_KEYS) */
	char ssh_fp[REPORT_HOSTKEYS_MAX][80];	/* "SHA256:… (ED25519)" */
	int nssh_fp;

	char root[256];			/* the guest's root and why, or "none: why"; "" before the disks are looked at */

	int cmdline_ignored;		/* unknown, refused or garbage words on the command line */
	int menu;			/* the consoles run the menu (lifeboat.menu), not a shell */

	int diagnose;			/* enum report_diag */
	char diag_summary[4096];	/* its summary: one line per finding above info, or "  no problems found" */
};

#endif
