/* sshd_config read as OpenSSH 8.x–9.x's sshd reads it: the settings that win, globally and for one
 * user, the ways that user can log in (each refusal citing its file and line), and the ports (pure). */
#ifndef LB_SSHDCFG_H
#define LB_SSHDCFG_H

#include <stddef.h>

#define SSHDCFG_MAIN "/etc/ssh/sshd_config"
#define SSHDCFG_DIR "/etc/ssh"		/* where relative Include patterns start, as in sshd */
#define SSHDCFG_INCLUDE_DEPTH 16	/* sshd's own bound on nested Include */

// lifeboat's bounds; beyond them the reading stops and sshdcfg.limit says where
#define SSHDCFG_MAX_FILES 64		/* files read, the main one and every included one */
#define SSHDCFG_INCLUDE_FILES 32	/* files one Include pattern may match */
#define SSHDCFG_MAX_BLOCKS 64		/* Match blocks */
#define SSHDCFG_MAX_ENTRIES 256		/* lines setting what lifeboat decides with */
#define SSHDCFG_POOL 16384		/* bytes of file names, arguments and Match conditions */
#define SSHDCFG_LINE_MAX 4096		/* longest line read */
#define SSHDCFG_TEXT_MAX (8u << 20)	/* bytes read in all */
#define SSHDCFG_MAX_PORTS 32
#define SSHDCFG_MAX_PROBLEMS 8

/* The settings lifeboat decides with (aliases folded: ChallengeResponseAuthentication is
 * KbdInteractiveAuthentication, as in sshd 8.7 and later). */
enum sshdcfg_key {
	SSHD_PERMIT_ROOT_LOGIN,
	SSHD_PASSWORD_AUTHENTICATION,
	SSHD_KBD_INTERACTIVE_AUTHENTICATION,
	SSHD_PUBKEY_AUTHENTICATION,
	SSHD_USE_PAM,
	SSHD_PERMIT_EMPTY_PASSWORDS,
	SSHD_AUTHENTICATION_METHODS,
	SSHD_AUTHORIZED_KEYS_FILE,
	SSHD_AUTHORIZED_KEYS_COMMAND,
	SSHD_AUTHORIZED_KEYS_COMMAND_USER,
	SSHD_ALLOW_USERS,
	SSHD_DENY_USERS,
	SSHD_ALLOW_GROUPS,
	SSHD_DENY_GROUPS,
	SSHD_NKEYS
};

/* PermitRootLogin's values (without-password is prohibit-password). */
enum { SSHD_ROOT_NO, SSHD_ROOT_YES, SSHD_ROOT_PROHIBIT_PASSWORD, SSHD_ROOT_FORCED_ONLY };

/* One setting as it comes out. */
struct sshdcfg_value {
	int num;		/* a flag's 0 or 1; PermitRootLogin's SSHD_ROOT_*; for the Allow and Deny
				 * lists, how many lines add up to the list */
	const char *args;	/* the arguments, each NUL-terminated, one after the other; NULL when
				 * none (AuthorizedKeysCommand: the rest of its line, as one) */
	int nargs;
	const char *file;	/* the deciding line's file (for lists, the first line's); NULL: the
				 * built-in default */
	int line;
};

/* A file an Include pattern matched. */
struct sshdcfg_file {
	const char *name;	/* its path in the guest, as cited ("/etc/ssh/sshd_config.d/50-cloud.conf") */
	const char *text;
	size_t len;
};

/* The caller's glob(3): fill files (up to max) with the files matching pattern (absolute, or
 * starting with "~" as written) in glob's lexical order, their texts read. Returns how many match
 * (more than max: only max are read), 0 for none (sshd accepts that), or -1 when the glob fails or
 * a matching file cannot be read (sshd refuses to start). Every text must stay valid until
 * sshdcfg_parse returns. */
typedef int (*sshdcfg_include_fn)(const char *pattern, struct sshdcfg_file *files, int max, void *ctx);

/* A line sshd refuses (or a limit lifeboat hit). */
struct sshdcfg_problem {
	const char *file;
	int line;
	char what[112];
};

struct sshdcfg_block {		/* a Match block (block 0: the global part) */
	int parent;		/* the block its file was included from */
	int file, line;
	int crit, ncrit;	/* pool offset of ncrit attribute\0argument\0 pairs */
	unsigned char global;	/* read with the global settings too ("Match all") */
	unsigned char bad;	/* a condition sshd refuses: never matches */
};

struct sshdcfg_entry {		/* a line setting a key (or a Port, a ListenAddress) */
	int key, block, file, line, num;
	int args, nargs;	/* pool offset */
};

/* A configuration read. Do not copy it: its values point into it. */
struct sshdcfg {
	struct sshdcfg_value global[SSHD_NKEYS];	/* in effect with no Match block applied */
	struct sshdcfg_problem problems[SSHDCFG_MAX_PROBLEMS];
	int nproblems;			/* all found; the first SSHDCFG_MAX_PROBLEMS are kept */
	struct sshdcfg_problem limit;	/* what[0] set: lifeboat stopped reading there; the answers
					 * may miss lines */
	// the parser's
	int nports, ports[SSHDCFG_MAX_PORTS];
	int nfiles, files[SSHDCFG_MAX_FILES];
	int nblocks, nentries, pool_used;
	struct sshdcfg_block blocks[SSHDCFG_MAX_BLOCKS];
	struct sshdcfg_entry entries[SSHDCFG_MAX_ENTRIES];
	char pool[SSHDCFG_POOL];
};

/* Read the main configuration (text, len bytes, cited as name; NULL: SSHDCFG_MAIN) into c,
 * following its Include lines through include (NULL: none is followed, and c->limit says so).
 * Returns the number of problems: lines for which `sshd -t` would refuse the configuration
 * (unknown keywords, missing or bad arguments, directives Match does not allow, Include loops),
 * 0 when lifeboat finds none. */
int sshdcfg_parse(struct sshdcfg *c, const char *name, const char *text, size_t len, sshdcfg_include_fn include,
		  void *ctx);

/* The ports sshd listens on (Port, default 22, as ListenAddress combines them), up to max in
 * ports. Returns how many there are. */
int sshdcfg_ports(const struct sshdcfg *c, int *ports, int max);

/* A user's password, from /etc/shadow. */
enum sshdcfg_password {
	SSHD_PW_NONE,		/* none that can match ("*", "x", no entry) */
	SSHD_PW_SET,		/* a hash the customer has the password of */
	SSHD_PW_EMPTY,		/* an empty field */
	SSHD_PW_LOCKED,		/* "!" in front (passwd -l, useradd's default): sshd without PAM
				 * refuses the account whatever the method */
};

/* The account trying to log in, as the caller found it in the guest. */
struct sshdcfg_user {
	const char *name;
	unsigned uid;			/* 0 is root, whatever the name */
	const char *home;		/* for %h and relative AuthorizedKeysFile paths */
	const char *const *groups;	/* the names of all its groups, the primary one included */
	int ngroups;
	int password;			/* SSHD_PW_* */
	int no_shell;			/* 1: its login shell is missing or not executable (sshd refuses it) */
	/* 1 when the file at path (absolute, in the guest) holds a key the customer has and sshd
	 * accepts (not ssh-dss; owner and modes passing StrictModes). NULL: unknown, pubkey is "maybe". */
	int (*has_keys)(const char *path, void *ctx);
	void *ctx;
};

#define SSHD_WAY_PUBKEY 1u	/* a public key */
#define SSHD_WAY_PASSWORD 2u	/* a password: PasswordAuthentication, or keyboard-interactive
				 * through PAM */
#define SSHD_WAY_BOTH 4u	/* AuthenticationMethods asks for the two together, never one alone */

struct sshdcfg_verdict {
	unsigned ways;		/* what sshdcfg_ways_in returns: 0 when sshd would not start */
	unsigned config_ways;	/* what the settings let in once sshd starts */
	unsigned maybe;		/* ways that turn on what lifeboat cannot see — a Match Address, Host,
				 * LocalAddress, LocalPort or RDomain block, a user@host pattern, an
				 * AuthorizedKeysCommand: in config_ways, they may be lost; not in it,
				 * they may work */
	char reason[512];	/* when ways is 0: why, each cause with its file and line */
	char uncertain[160];	/* the first thing that makes a way "maybe", cited; "" when none */
	struct sshdcfg_value eff[SSHD_NKEYS];	/* the settings for this user (no uncertain block applied) */
};

/* How u can log in: SSHD_WAY_* bits (0: not at all, v->reason says why). The caller's answers in
 * u decide what the settings alone cannot (keys, password, groups). v is filled. */
unsigned sshdcfg_ways_in(const struct sshdcfg *c, const struct sshdcfg_user *u, struct sshdcfg_verdict *v);

/* "PermitRootLogin" and so on, for a key. */
const char *sshdcfg_key_name(int key);

/* "prohibit-password" and so on, for a PermitRootLogin value. */
const char *sshdcfg_root_name(int num);

#endif
