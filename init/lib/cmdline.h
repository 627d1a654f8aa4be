/* Kernel command line parsing (pure: no syscalls, no globals). */
#ifndef LB_CMDLINE_H
#define LB_CMDLINE_H

#include <stddef.h>

#define CMDLINE_CONSOLES_MAX 8
#define CMDLINE_KEYS_MAX 16
#define CMDLINE_REPEAT_MAX 8
#define CMDLINE_NOTED_MAX 8		/* unknown/bad keys remembered by name for the log */
#define CMDLINE_KEY_MAX 64		/* longer keys are garbage */

struct cmdline_param {
	char *key;
	char *value;			/* NULL for a bare word ("quiet") */
};

/* What lifeboat takes from the command line. Strings point into the parsed buffer. */
struct lb_cmdline {
	const char *console[CMDLINE_CONSOLES_MAX];
	int nconsole;
	const char *ssh_key[CMDLINE_KEYS_MAX];
	int nssh_key;
	const char *password_hash;
	const char *ip[CMDLINE_REPEAT_MAX];
	int nip;
	const char *ifname[CMDLINE_REPEAT_MAX];
	int nifname;
	const char *nameserver[CMDLINE_REPEAT_MAX];
	int nnameserver;
	const char *bootif;
	const char *root;
	const char *modules;
	const char *datasource;
	const char *ssh_port;
	const char *carrier_wait;
	int menu;			/* 1 unless lifeboat.menu=0 */
	int diagnose;			/* 1 unless lifeboat.diagnose=0: diagnose the guest once ready */
	int plaintext_password;		/* lifeboat.password= was given, and refused */
	int loglevel_given;		/* loglevel=, debug or ignore_loglevel: the console's level is chosen */

	const char *unknown[CMDLINE_NOTED_MAX];	/* unknown lifeboat.* keys */
	int nunknown;
	const char *bad[CMDLINE_NOTED_MAX];	/* our keys with a value we refused */
	int nbad;
	int ngarbage;			/* words with control bytes, or absurd keys */
	int ndropped;			/* repeats beyond the limits above */
	int nkernel;			/* words meant for the kernel or modules */
};

/* Split buf in place into at most max parameters, the kernel's way: words
 * separated by blanks, double quotes group blanks and are removed. Returns the
 * number stored; *more gets how many did not fit. */
int cmdline_split(char *buf, struct cmdline_param *params, int max, int *more);

/* Parse a whole command line (modified in place) into *out. Never fails: what
 * it can't use it counts in out's unknown/bad/garbage/dropped fields. */
void cmdline_parse(char *buf, struct lb_cmdline *out);

/* The device name in a console= value ("ttyS0,115200n8" -> "ttyS0", "/dev/hvc0"
 * -> "hvc0"). Returns 0, or -1 for a value that names no device file we would open. */
int cmdline_console_device(const char *value, char *out, size_t outlen);

#endif
