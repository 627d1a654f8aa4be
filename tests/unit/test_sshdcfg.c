/* sshd_config as sshd reads it: who gets in and why not, each case with its twin. */
#include "t.h"
#include "diag/sshdcfg.h"

#include <stdlib.h>

/* Files an Include pattern matches, in the order glob(3) would give them; text NULL: unreadable. */
struct fakefile {
	const char *pattern, *name, *text;
};

static int fake_glob(const char *pattern, struct sshdcfg_file *files, int max, void *ctx)
{
	const struct fakefile *f = ctx;
	int n = 0;

	for (; f && f->pattern; f++) {
		if (strcmp(f->pattern, pattern) != 0)
			continue;
		if (!f->text)
			return -1;
		if (n < max)
			files[n] = (struct sshdcfg_file){ f->name, f->text, strlen(f->text) };
		n++;
	}
	return n;
}

static int has_keys(const char *path, void *ctx)
{
	for (const char *const *p = ctx; p && *p; p++)
		if (strcmp(*p, path) == 0)
			return 1;
	return 0;
}

static const char *const root_keys[] = { "/root/.ssh/authorized_keys", NULL };
static const char *const alice_keys[] = { "/home/alice/.ssh/authorized_keys", NULL };
static const char *const bob_keys[] = { "/home/bob/.ssh/authorized_keys2", NULL };
static const char *const carol_keys[] = { "/etc/ssh/keys/carol", "/srv/keys dir/carol.pub", "/home/carol/k%", NULL };
static const char *const no_keys[] = { NULL };

static const char *const root_groups[] = { "root" };
static const char *const alice_groups[] = { "alice", "sudo" };
static const char *const bob_groups[] = { "bob", "wheel" };
static const char *const carol_groups[] = { "carol" };

#define ROOT(pw, keys) { "root", 0, "/root", root_groups, 1, pw, 0, has_keys, (void *)keys }
#define ALICE(pw, keys) { "alice", 1000, "/home/alice", alice_groups, 2, pw, 0, has_keys, (void *)keys }
#define BOB(pw, keys) { "bob", 1001, "/home/bob", bob_groups, 2, pw, 0, has_keys, (void *)keys }

enum {
	ROOT_KEY, ROOT_PW, ALICE_KEY, ALICE_PW, ALICE_BOTH, ALICE_NOTHING, ALICE_EMPTY, ALICE_LOCKED_KEY,
	ALICE_NO_SHELL, ALICE_UNKNOWN_KEYS, BOB_KEY, BOB_PW, CAROL_KEY, TOOR_PW, NOGROUP_KEY,
};

static const struct sshdcfg_user users[] = {
	[ROOT_KEY] = ROOT(SSHD_PW_NONE, root_keys),
	[ROOT_PW] = ROOT(SSHD_PW_SET, no_keys),
	[ALICE_KEY] = ALICE(SSHD_PW_NONE, alice_keys),
	[ALICE_PW] = ALICE(SSHD_PW_SET, no_keys),
	[ALICE_BOTH] = ALICE(SSHD_PW_SET, alice_keys),
	[ALICE_NOTHING] = ALICE(SSHD_PW_NONE, no_keys),
	[ALICE_EMPTY] = ALICE(SSHD_PW_EMPTY, no_keys),
	[ALICE_LOCKED_KEY] = ALICE(SSHD_PW_LOCKED, alice_keys),
	[ALICE_NO_SHELL] = { "alice", 1000, "/home/alice", alice_groups, 2, SSHD_PW_SET, 1, has_keys, (void *)alice_keys },
	[ALICE_UNKNOWN_KEYS] = { "alice", 1000, "/home/alice", alice_groups, 2, SSHD_PW_NONE, 0, NULL, NULL },
	[BOB_KEY] = BOB(SSHD_PW_NONE, bob_keys),
	[BOB_PW] = BOB(SSHD_PW_SET, no_keys),
	[CAROL_KEY] = { "carol", 1002, "/home/carol", carol_groups, 1, SSHD_PW_NONE, 0, has_keys, (void *)carol_keys },
	[TOOR_PW] = { "toor", 0, "/root", root_groups, 1, SSHD_PW_SET, 0, has_keys, (void *)no_keys },
	[NOGROUP_KEY] = { "alice", 1000, "/home/alice", NULL, 0, SSHD_PW_NONE, 0, has_keys, (void *)alice_keys },
};

// Debian 12's /etc/ssh/sshd_config as openssh-server 1:9.2p1 installs it
#define DEBIAN_HEAD "\n# This is the sshd server system-wide configuration file.  See\n" \
	"# sshd_config(5) for more information.\n\n" \
	"# This sshd was compiled with PATH=/usr/local/bin:/usr/bin:/bin:/usr/games\n\n" \
	"# The strategy used for options in the default sshd_config shipped with\n" \
	"# OpenSSH is to specify options with their default value where\n" \
	"# possible, but leave them commented.  Uncommented options override the\n" \
	"# default value.\n\n" \
	"Include /etc/ssh/sshd_config.d/*.conf\n\n" \
	"#Port 22\n#AddressFamily any\n#ListenAddress 0.0.0.0\n#ListenAddress ::\n\n" \
	"#HostKey /etc/ssh/ssh_host_rsa_key\n#HostKey /etc/ssh/ssh_host_ecdsa_key\n" \
	"#HostKey /etc/ssh/ssh_host_ed25519_key\n\n" \
	"# Ciphers and keying\n#RekeyLimit default none\n\n" \
	"# Logging\n#SyslogFacility AUTH\n#LogLevel INFO\n\n" \
	"# Authentication:\n\n#LoginGraceTime 2m\n"
#define DEBIAN_ROOT "#PermitRootLogin prohibit-password\n"
#define DEBIAN_TAIL "#StrictModes yes\n#MaxAuthTries 6\n#MaxSessions 10\n\n" \
	"#PubkeyAuthentication yes\n\n" \
	"# Expect .ssh/authorized_keys2 to be disregarded by default in future.\n" \
	"#AuthorizedKeysFile\t.ssh/authorized_keys .ssh/authorized_keys2\n\n" \
	"#AuthorizedPrincipalsFile none\n\n" \
	"#AuthorizedKeysCommand none\n#AuthorizedKeysCommandUser nobody\n\n" \
	"# For this to work you will also need host keys in /etc/ssh/ssh_known_hosts\n" \
	"#HostbasedAuthentication no\n" \
	"# Change to yes if you don't trust ~/.ssh/known_hosts for\n# HostbasedAuthentication\n" \
	"#IgnoreUserKnownHosts no\n# Don't read the user's ~/.rhosts and ~/.shosts files\n#IgnoreRhosts yes\n\n" \
	"# To disable tunneled clear text passwords, change to no here!\n" \
	"#PasswordAuthentication yes\n#PermitEmptyPasswords no\n\n" \
	"# Change to yes to enable challenge-response passwords (beware issues with\n" \
	"# some PAM modules and threads)\nKbdInteractiveAuthentication no\n\n" \
	"# Kerberos options\n#KerberosAuthentication no\n#KerberosOrLocalPasswd yes\n" \
	"#KerberosTicketCleanup yes\n#KerberosGetAFSToken no\n\n" \
	"# GSSAPI options\n#GSSAPIAuthentication no\n#GSSAPICleanupCredentials yes\n" \
	"#GSSAPIStrictAcceptorCheck yes\n#GSSAPIKeyExchange no\n\n" \
	"# Set this to 'yes' to enable PAM authentication, account processing,\n" \
	"# and session processing. If this is enabled, PAM authentication will\n" \
	"# be allowed through the KbdInteractiveAuthentication and\n" \
	"# PasswordAuthentication.  Depending on your PAM configuration,\n" \
	"# PAM authentication via KbdInteractiveAuthentication may bypass\n" \
	"# the setting of \"PermitRootLogin prohibit-password\".\n" \
	"# If you just want the PAM account and session checks to run without\n" \
	"# PAM authentication, then enable this but set PasswordAuthentication\n" \
	"# and KbdInteractiveAuthentication to 'no'.\nUsePAM yes\n\n" \
	"#AllowAgentForwarding yes\n#AllowTcpForwarding yes\n#GatewayPorts no\nX11Forwarding yes\n" \
	"#X11DisplayOffset 10\n#X11UseLocalhost yes\n#PermitTTY yes\nPrintMotd no\n#PrintLastLog yes\n" \
	"#TCPKeepAlive yes\n#PermitUserEnvironment no\n#Compression delayed\n#ClientAliveInterval 0\n" \
	"#UseDNS no\n#PidFile /run/sshd.pid\n#MaxStartups 10:30:100\n#PermitTunnel no\n" \
	"#ChrootDirectory none\n#VersionAddendum none\n\n# no default banner path\n#Banner none\n\n" \
	"# Allow client to pass locale environment variables\nAcceptEnv LANG LC_*\n\n" \
	"# override default of no subsystems\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n\n" \
	"# Example of overriding settings on a per-user basis\n#Match User anoncvs\n" \
	"#\tX11Forwarding no\n#\tAllowTcpForwarding no\n#\tPermitTTY no\n#\tForceCommand cvs server\n"
#define DEBIAN DEBIAN_HEAD DEBIAN_ROOT DEBIAN_TAIL
#define DEBIAN_ROOT_NO DEBIAN_HEAD "PermitRootLogin no\n" DEBIAN_TAIL
#define DEBIAN_ROOT_YES DEBIAN_HEAD "PermitRootLogin yes\n" DEBIAN_TAIL
#define DROPINS "/etc/ssh/sshd_config.d/*.conf"

static const struct fakefile no_dropins[] = { { NULL, NULL, NULL } };
static const struct fakefile cloud_root_yes[] = {
	{ DROPINS, "/etc/ssh/sshd_config.d/50-cloud.conf", "# cloud-init\n\nPermitRootLogin yes\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile cloud_root_no[] = {
	{ DROPINS, "/etc/ssh/sshd_config.d/50-cloud.conf", "# cloud-init\n\nPermitRootLogin no\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile cloudimg_no_password[] = {
	{ DROPINS, "/etc/ssh/sshd_config.d/60-cloudimg-settings.conf", "PasswordAuthentication no\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile dropins_yes_first[] = {
	{ DROPINS, "/etc/ssh/sshd_config.d/10-a.conf", "PasswordAuthentication yes\n" },
	{ DROPINS, "/etc/ssh/sshd_config.d/50-b.conf", "PasswordAuthentication no\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile dropins_no_first[] = {
	{ DROPINS, "/etc/ssh/sshd_config.d/10-a.conf", "PasswordAuthentication no\n" },
	{ DROPINS, "/etc/ssh/sshd_config.d/50-b.conf", "PasswordAuthentication yes\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile root_conf[] = {
	{ "/etc/ssh/root.conf", "/etc/ssh/root.conf", "PubkeyAuthentication no\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile bob_block[] = {
	{ "/etc/ssh/a.conf", "/etc/ssh/a.conf", "Match User bob\n\tX11Forwarding no\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile bob_block_password[] = {
	{ "/etc/ssh/a.conf", "/etc/ssh/a.conf", "Match User bob\n\tX11Forwarding no\nPasswordAuthentication no\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile unreadable[] = {
	{ "/etc/ssh/broken.conf", "/etc/ssh/broken.conf", NULL },
	{ NULL, NULL, NULL },
};
static const struct fakefile self_include[] = {
	{ "/etc/ssh/self.conf", "/etc/ssh/self.conf", "Include self.conf\n" },
	{ NULL, NULL, NULL },
};
static const struct fakefile twice_include[] = {
	{ "/etc/ssh/self.conf", "/etc/ssh/self.conf", "Include self.conf self.conf\nPort 2222\n" },
	{ NULL, NULL, NULL },
};

#define SOME "\x01"	/* reason or uncertain: any text, as long as there is one */

struct wcase {
	const char *name, *conf;
	const struct fakefile *fs;
	int user;
	unsigned ways, maybe;
	const char *reason;	/* a part of it; NULL: empty */
	const char *uncertain;	/* a part of it; NULL: empty */
	int problems;
};

static const struct wcase wcases[] = {
	// Debian 12 as installed
	{ "debian: root with a key", DEBIAN, no_dropins, ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "debian: root with a password", DEBIAN, no_dropins, ROOT_PW, 0, 0,
	  "password: PermitRootLogin prohibit-password (built-in default)", NULL, 0 },
	{ "debian: root with a password: no key either", DEBIAN, no_dropins, ROOT_PW, 0, 0,
	  "public key: no key in /root/.ssh/authorized_keys or /root/.ssh/authorized_keys2 "
	  "(AuthorizedKeysFile, built-in default)", NULL, 0 },
	{ "debian: alice with a password", DEBIAN, no_dropins, ALICE_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "debian: alice with a key", DEBIAN, no_dropins, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "debian: alice with both", DEBIAN, no_dropins, ALICE_BOTH, SSHD_WAY_PUBKEY | SSHD_WAY_PASSWORD, 0, NULL,
	  NULL, 0 },
	{ "debian: bob's key in authorized_keys2", DEBIAN, no_dropins, BOB_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "debian: alice with nothing", DEBIAN, no_dropins, ALICE_NOTHING, 0, 0, "password: alice has no password",
	  NULL, 0 },
	{ "debian: a uid 0 by another name is root", DEBIAN, no_dropins, TOOR_PW, 0, 0,
	  "PermitRootLogin prohibit-password (built-in default)", NULL, 0 },
	{ "debian, no Include followed", DEBIAN, NULL, ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },

	// drop-ins come first, and the first value wins
	{ "drop-in yes before main no", DEBIAN_ROOT_NO, cloud_root_yes, ROOT_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "drop-in no before main yes", DEBIAN_ROOT_YES, cloud_root_no, ROOT_KEY, 0, 0,
	  "PermitRootLogin no (sshd_config.d/50-cloud.conf line 3)", NULL, 0 },
	{ "cloud image: no passwords", DEBIAN, cloudimg_no_password, ALICE_PW, 0, 0,
	  "PasswordAuthentication no (sshd_config.d/60-cloudimg-settings.conf line 1) and "
	  "KbdInteractiveAuthentication no (sshd_config line ", NULL, 0 },
	{ "cloud image: a key still works", DEBIAN, cloudimg_no_password, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "the lexically first drop-in wins: yes", DEBIAN, dropins_yes_first, ALICE_PW, SSHD_WAY_PASSWORD, 0, NULL,
	  NULL, 0 },
	{ "the lexically first drop-in wins: no", DEBIAN, dropins_no_first, ALICE_PW, 0, 0,
	  "PasswordAuthentication no (sshd_config.d/10-a.conf line 1)", NULL, 0 },

	// first value wins in one file
	{ "no, then yes", "PasswordAuthentication no\nPasswordAuthentication yes\n", NULL, ALICE_PW, 0, 0,
	  "PasswordAuthentication no (sshd_config line 1)", NULL, 0 },
	{ "yes, then no", "PasswordAuthentication yes\nPasswordAuthentication no\n", NULL, ALICE_PW,
	  SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },

	// Match blocks
	{ "Match User root: root", "PermitRootLogin yes\nMatch User root\n\tPasswordAuthentication no\n", NULL,
	  ROOT_PW, 0, 0, "PasswordAuthentication no (sshd_config line 3)", NULL, 0 },
	{ "Match User root: alice", "PermitRootLogin yes\nMatch User root\n\tPasswordAuthentication no\n", NULL,
	  ALICE_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "Match overrides an earlier global line: alice",
	  "PasswordAuthentication no\nMatch User alice\n PasswordAuthentication yes\n", NULL, ALICE_PW,
	  SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "Match overrides an earlier global line: bob",
	  "PasswordAuthentication no\nMatch User alice\n PasswordAuthentication yes\n", NULL, BOB_PW, 0, 0,
	  "PasswordAuthentication no (sshd_config line 1)", NULL, 0 },
	{ "the first matching block wins",
	  "Match User alice\n PasswordAuthentication no\nMatch Group sudo\n PasswordAuthentication yes\n", NULL,
	  ALICE_PW, 0, 0, "PasswordAuthentication no (sshd_config line 2)", NULL, 0 },
	{ "a block that does not match does not count",
	  "Match User bob\n PasswordAuthentication no\nMatch Group sudo\n PasswordAuthentication yes\n", NULL,
	  ALICE_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "Match User with a negation: alice", "Match User *,!alice\n PasswordAuthentication no\n", NULL, ALICE_PW,
	  SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "Match User with a negation: bob", "Match User *,!alice\n PasswordAuthentication no\n", NULL, BOB_PW, 0, 0,
	  "PasswordAuthentication no (sshd_config line 2)", NULL, 0 },
	{ "Match Group wheel: bob", "Match Group wheel\n PubkeyAuthentication no\n", NULL, BOB_KEY, 0, 0,
	  "public key: PubkeyAuthentication no (sshd_config line 2)", NULL, 0 },
	{ "Match Group wheel: alice", "Match Group wheel\n PubkeyAuthentication no\n", NULL, ALICE_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "Match User=alice, '=' syntax", "Match User=alice\n PasswordAuthentication no\n", NULL, ALICE_PW, 0, 0,
	  "PasswordAuthentication no (sshd_config line 2)", NULL, 0 },
	{ "Match User=alice Group=sudo", "Match User=alice Group=sudo\n PasswordAuthentication no\n", NULL, ALICE_PW,
	  0, 0, "PasswordAuthentication no (sshd_config line 2)", NULL, 0 },
	{ "Match User=alice Group=wheel", "Match User=alice Group=wheel\n PasswordAuthentication no\n", NULL,
	  ALICE_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "Match all ends a block", "Match User bob\n X11Forwarding no\nMatch all\nPermitRootLogin no\n", NULL,
	  ROOT_KEY, 0, 0, "PermitRootLogin no (sshd_config line 4)", NULL, 0 },
	{ "without Match all the line is bob's", "Match User bob\n X11Forwarding no\nPermitRootLogin no\n", NULL,
	  ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "Include in a Match block: root", "Match User root\n Include root.conf\n", root_conf, ROOT_KEY, 0, 0,
	  "PubkeyAuthentication no (root.conf line 1)", NULL, 0 },
	{ "Include in a Match block: alice", "Match User root\n Include root.conf\n", root_conf, ALICE_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "an included Match block ends with its file", "Include a.conf\nPasswordAuthentication no\n", bob_block,
	  ALICE_PW, 0, 0, "PasswordAuthentication no (sshd_config line 2)", NULL, 0 },
	{ "a line after an included Match is in it", "Include a.conf\n", bob_block_password, ALICE_PW,
	  SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },

	// conditions lifeboat cannot see
	{ "Match Address may take passwords away", "Match Address 10.0.0.0/8\n PasswordAuthentication no\n", NULL,
	  ALICE_PW, SSHD_WAY_PASSWORD, SSHD_WAY_PASSWORD, NULL, "Match Address 10.0.0.0/8 (sshd_config line 1)", 0 },
	{ "Match User bob is certain for alice", "Match User bob\n PasswordAuthentication no\n", NULL, ALICE_PW,
	  SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "Match Address may give passwords",
	  "PasswordAuthentication no\nMatch Address 192.168.1.0/24\n PasswordAuthentication yes\n", NULL, ALICE_PW,
	  0, SSHD_WAY_PASSWORD, "PasswordAuthentication no (sshd_config line 1)", "Match Address 192.168.1.0/24", 0 },
	{ "Match User alice Host x: alice", "Match User alice Host *.example.com\n PubkeyAuthentication no\n", NULL,
	  ALICE_KEY, SSHD_WAY_PUBKEY, SSHD_WAY_PUBKEY, NULL, "Match User alice Host *.example.com", 0 },
	{ "Match User alice Host x: bob", "Match User alice Host *.example.com\n PubkeyAuthentication no\n", NULL,
	  BOB_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "Match LocalPort", "Match LocalPort 2222\n PermitRootLogin no\n", NULL, ROOT_KEY, SSHD_WAY_PUBKEY,
	  SSHD_WAY_PUBKEY, NULL, "Match LocalPort 2222", 0 },

	// AllowUsers, DenyUsers, AllowGroups, DenyGroups
	{ "AllowUsers leaves root out", "AllowUsers alice bob\n", NULL, ROOT_KEY, 0, 0,
	  "AllowUsers alice bob (sshd_config line 1) leaves out root", NULL, 0 },
	{ "AllowUsers lists alice", "AllowUsers alice bob\n", NULL, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AllowUsers a*: alice", "AllowUsers a*\n", NULL, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AllowUsers a*: bob", "AllowUsers a*\n", NULL, BOB_KEY, 0, 0, "AllowUsers a*", NULL, 0 },
	{ "AllowUsers lines add up", "AllowUsers alice\nAllowUsers root\n", NULL, ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL,
	  NULL, 0 },
	{ "AllowUsers one line", "AllowUsers alice\n", NULL, ROOT_KEY, 0, 0, "AllowUsers alice", NULL, 0 },
	{ "AllowUsers in a Match replaces the global list", "AllowUsers alice\nMatch User root\n AllowUsers root\n",
	  NULL, ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AllowUsers user@host", "AllowUsers root@10.0.0.0/8\n", NULL, ROOT_KEY, 0, SSHD_WAY_PUBKEY,
	  "AllowUsers root@10.0.0.0/8 (sshd_config line 1) lets root in from some hosts only",
	  "AllowUsers root@10.0.0.0/8 (sshd_config line 1)", 0 },
	{ "AllowUsers user@*", "AllowUsers root@*\n", NULL, ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "DenyUsers root", "DenyUsers root\n", NULL, ROOT_KEY, 0, 0, "DenyUsers root (sshd_config line 1)", NULL, 0 },
	{ "DenyUsers root: alice", "DenyUsers root\n", NULL, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "DenyGroups wheel: bob", "DenyGroups wheel\n", NULL, BOB_KEY, 0, 0,
	  "DenyGroups wheel (sshd_config line 1) takes group wheel of bob", NULL, 0 },
	{ "DenyGroups wheel: alice", "DenyGroups wheel\n", NULL, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AllowGroups sudo: alice", "AllowGroups sudo\n", NULL, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AllowGroups sudo: bob", "AllowGroups sudo\n", NULL, BOB_KEY, 0, 0,
	  "AllowGroups sudo (sshd_config line 1) has none of the groups of bob", NULL, 0 },
	{ "AllowGroups, a user in no group", "AllowGroups *\n", NULL, NOGROUP_KEY, 0, 0, "in no group", NULL, 0 },
	{ "no group lists, a user in no group", "", NULL, NOGROUP_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },

	// AuthorizedKeysFile
	{ "AuthorizedKeysFile none", "AuthorizedKeysFile none\n", NULL, ROOT_KEY, 0, 0,
	  "AuthorizedKeysFile none (sshd_config line 1)", NULL, 0 },
	{ "AuthorizedKeysFile .ssh/authorized_keys", "AuthorizedKeysFile .ssh/authorized_keys\n", NULL, ROOT_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AuthorizedKeysFile with %u: carol", "AuthorizedKeysFile /etc/ssh/keys/%u\n", NULL, CAROL_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AuthorizedKeysFile with %u: alice", "AuthorizedKeysFile /etc/ssh/keys/%u\n", NULL, ALICE_KEY, 0, 0,
	  "no key in /etc/ssh/keys/alice (AuthorizedKeysFile, sshd_config line 1)", NULL, 0 },
	{ "AuthorizedKeysFile with %h", "AuthorizedKeysFile %h/.ssh/authorized_keys\n", NULL, ALICE_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AuthorizedKeysFile with %h elsewhere", "AuthorizedKeysFile %h/.ssh/other_keys\n", NULL, ALICE_KEY, 0, 0,
	  "no key in /home/alice/.ssh/other_keys", NULL, 0 },
	{ "AuthorizedKeysFile relative with %%", "AuthorizedKeysFile k%%\n", NULL, CAROL_KEY, SSHD_WAY_PUBKEY, 0,
	  NULL, NULL, 0 },
	{ "AuthorizedKeysFile with an unknown token", "AuthorizedKeysFile k%x\n", NULL, CAROL_KEY, 0, 0,
	  "public key: ", NULL, 0 },
	{ "AuthorizedKeysFile ~ is root's home: root", "AuthorizedKeysFile ~/.ssh/authorized_keys\n", NULL,
	  ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AuthorizedKeysFile ~ is root's home: alice", "AuthorizedKeysFile ~/.ssh/authorized_keys\n", NULL,
	  ALICE_KEY, 0, 0, "no key in /root/.ssh/authorized_keys", NULL, 0 },
	{ "AuthorizedKeysFile ~alice", "AuthorizedKeysFile ~alice/keys\n", NULL, ALICE_KEY, 0, SSHD_WAY_PUBKEY,
	  SOME, "AuthorizedKeysFile ~alice/keys", 0 },
	{ "AuthorizedKeysFile in a Match block", "Match User alice\n AuthorizedKeysFile /etc/ssh/keys/%u\n", NULL,
	  ALICE_KEY, 0, 0, "no key in /etc/ssh/keys/alice", NULL, 0 },
	{ "AuthorizedKeysFile first line wins", "AuthorizedKeysFile none\nAuthorizedKeysFile .ssh/authorized_keys\n",
	  NULL, ALICE_KEY, 0, 0, "AuthorizedKeysFile none (sshd_config line 1)", NULL, 0 },
	{ "keys not known", "", NULL, ALICE_UNKNOWN_KEYS, 0, SSHD_WAY_PUBKEY, SOME, NULL, 0 },

	// quoting and '='
	{ "a quoted path with a space", "AuthorizedKeysFile \"/srv/keys dir/%u.pub\"\n", NULL, CAROL_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "the same path unquoted is two", "AuthorizedKeysFile /srv/keys dir/%u.pub\n", NULL, CAROL_KEY, 0, 0,
	  "no key in /srv/keys or /home/carol/dir/carol.pub", NULL, 0 },
	{ "an escaped space", "AuthorizedKeysFile /srv/keys\\ dir/%u.pub\n", NULL, CAROL_KEY, SSHD_WAY_PUBKEY, 0,
	  NULL, NULL, 0 },
	{ "a quoted value", "PermitRootLogin \"yes\"\n", NULL, ROOT_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "a quoted keyword", "\"PermitRootLogin\" yes\n", NULL, ROOT_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "'=' between keyword and value", "PermitRootLogin=yes\n", NULL, ROOT_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL,
	  0 },
	{ "' = ' between keyword and value", "PasswordAuthentication = no\n", NULL, ALICE_PW, 0, 0,
	  "PasswordAuthentication no (sshd_config line 1)", NULL, 0 },
	{ "keywords and values in any case", "PERMITROOTLOGIN YES\n", NULL, ROOT_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL,
	  0 },
	{ "a comment after the value", "PermitRootLogin yes # for now\n", NULL, ROOT_PW, SSHD_WAY_PASSWORD, 0, NULL,
	  NULL, 0 },
	{ "CRLF lines", "PermitRootLogin yes\r\nPasswordAuthentication yes\r\n", NULL, ROOT_PW, SSHD_WAY_PASSWORD,
	  0, NULL, NULL, 0 },

	// methods
	{ "keyboard-interactive through PAM",
	  "PasswordAuthentication no\nKbdInteractiveAuthentication yes\nUsePAM yes\n", NULL, ALICE_PW,
	  SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "keyboard-interactive without PAM",
	  "PasswordAuthentication no\nKbdInteractiveAuthentication yes\nUsePAM no\n", NULL, ALICE_PW, 0, 0,
	  "without PAM: UsePAM no (sshd_config line 3)", NULL, 0 },
	{ "ChallengeResponseAuthentication is the same keyword, first wins",
	  "ChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\nPasswordAuthentication no\n"
	  "UsePAM yes\n", NULL, ALICE_PW, 0, 0, "KbdInteractiveAuthentication no (sshd_config line 1)", NULL, 0 },
	{ "AuthenticationMethods publickey,password: both", "AuthenticationMethods publickey,password\n", NULL,
	  ALICE_BOTH, SSHD_WAY_PUBKEY | SSHD_WAY_PASSWORD | SSHD_WAY_BOTH, 0, NULL, NULL, 0 },
	{ "AuthenticationMethods publickey,password: a key only", "AuthenticationMethods publickey,password\n", NULL,
	  ALICE_KEY, 0, 0, "AuthenticationMethods publickey,password (sshd_config line 1); public key: works; "
	  "password: alice has no password", NULL, 0 },
	{ "AuthenticationMethods, either", "AuthenticationMethods publickey password\n", NULL, ALICE_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "AuthenticationMethods keyboard-interactive:pam",
	  "AuthenticationMethods keyboard-interactive:pam\nUsePAM yes\n", NULL, ALICE_BOTH, SSHD_WAY_PASSWORD, 0,
	  NULL, NULL, 0 },
	{ "AuthenticationMethods with a disabled method",
	  "AuthenticationMethods password\nPasswordAuthentication no\n", NULL, ALICE_BOTH, 0, 0,
	  "AuthenticationMethods password (sshd_config line 1)", NULL, 0 },
	{ "AuthenticationMethods any", "AuthenticationMethods any\n", NULL, ALICE_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL,
	  0 },
	{ "an empty password, PermitEmptyPasswords no", "", NULL, ALICE_EMPTY, 0, 0,
	  "the password is empty and PermitEmptyPasswords no (built-in default)", NULL, 0 },
	{ "an empty password, PermitEmptyPasswords yes", "PermitEmptyPasswords yes\n", NULL, ALICE_EMPTY,
	  SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "a locked account without PAM", "UsePAM no\n", NULL, ALICE_LOCKED_KEY, 0, 0,
	  "the account is locked (its password starts with \"!\") and UsePAM no (sshd_config line 1)", NULL, 0 },
	{ "a locked account with PAM", "UsePAM yes\n", NULL, ALICE_LOCKED_KEY, SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "no shell", "", NULL, ALICE_NO_SHELL, 0, 0, "login shell of alice", NULL, 0 },
	{ "forced-commands-only: root", "PermitRootLogin forced-commands-only\n", NULL, ROOT_KEY, 0, 0,
	  "PermitRootLogin forced-commands-only (sshd_config line 1) lets in keys with a command= option only", NULL,
	  0 },
	{ "forced-commands-only: alice", "PermitRootLogin forced-commands-only\n", NULL, ALICE_KEY, SSHD_WAY_PUBKEY, 0,
	  NULL, NULL, 0 },
	{ "without-password is prohibit-password", "PermitRootLogin without-password\n", NULL, ROOT_PW, 0, 0,
	  "PermitRootLogin prohibit-password (sshd_config line 1)", NULL, 0 },
	{ "AuthorizedKeysCommand may give keys",
	  "AuthorizedKeysCommand /usr/bin/sss_ssh_authorizedkeys\nAuthorizedKeysCommandUser nobody\n", NULL,
	  ALICE_NOTHING, 0, SSHD_WAY_PUBKEY, SOME,
	  "AuthorizedKeysCommand /usr/bin/sss_ssh_authorizedkeys (sshd_config line 1)", 0 },
	{ "AuthorizedKeysCommand none", "AuthorizedKeysCommand none\n", NULL, ALICE_NOTHING, 0, 0,
	  "no key in", NULL, 0 },

	// what sshd -t refuses
	{ "an unknown keyword", "Port 22\nPermitRotLogin yes\n", NULL, ALICE_PW, 0, 0,
	  "sshd would not start: Bad configuration option: PermitRotLogin (sshd_config line 2)", NULL, 1 },
	{ "its twin, spelt right", "Port 22\nPermitRootLogin yes\n", NULL, ALICE_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL,
	  0 },
	{ "an unknown keyword in a drop-in", DEBIAN, (const struct fakefile[]){
		{ DROPINS, "/etc/ssh/sshd_config.d/x.conf", "\n\nPasswordAuth no\n" }, { NULL, NULL, NULL } },
	  ALICE_PW, 0, 0, "Bad configuration option: PasswordAuth (sshd_config.d/x.conf line 3)", NULL, 1 },
	{ "deprecated keywords sshd only logs",
	  "Protocol 2\nUsePrivilegeSeparation sandbox\nRSAAuthentication yes\nRhostsRSAAuthentication no\n"
	  "KeyRegenerationInterval 3600\nServerKeyBits 1024\nUseLogin no\nPubkeyAcceptedKeyTypes +ssh-rsa\n"
	  "ChallengeResponseAuthentication no\nAuthorizedKeysFile2 .ssh/authorized_keys2\nDebianBanner no\n",
	  NULL, ALICE_PW, SSHD_WAY_PASSWORD, 0, NULL, NULL, 0 },
	{ "no argument", "PermitRootLogin\n", NULL, ROOT_KEY, 0, 0, "no argument after keyword \"PermitRootLogin\"",
	  NULL, 1 },
	{ "only a comment as argument", "PermitRootLogin # later\n", NULL, ROOT_KEY, 0, 0,
	  "PermitRootLogin: missing argument", NULL, 1 },
	{ "a bad value", "PermitRootLogin maybe\n", NULL, ROOT_KEY, 0, 0, "unsupported option \"maybe\"", NULL, 1 },
	{ "extra arguments", "PermitRootLogin yes no\n", NULL, ROOT_KEY, 0, 0, "extra arguments", NULL, 1 },
	{ "two '='", "PermitRootLogin==yes\n", NULL, ROOT_KEY, 0, 0, "unsupported option \"=yes\"", NULL, 1 },
	{ "an unclosed quote", "PermitRootLogin \"yes\n", NULL, ROOT_KEY, 0, 0, "invalid quotes", NULL, 1 },
	{ "a keyword glued to a quote", "PermitRootLogin\"yes\"\n", NULL, ROOT_KEY, 0, 0, "Bad configuration option",
	  NULL, 1 },
	{ "Port in a Match block", "Match User bob\n Port 2222\n", NULL, ROOT_KEY, 0, 0,
	  "Directive 'Port' is not allowed within a Match block", NULL, 1 },
	{ "Port after Match all", "Match User bob\n X11Forwarding no\nMatch all\nPort 2222\n", NULL, ROOT_KEY,
	  SSHD_WAY_PUBKEY, 0, NULL, NULL, 0 },
	{ "a bad Match attribute", "Match Foo bar\n PermitRootLogin no\n", NULL, ROOT_KEY, 0, 0, "Bad Match condition",
	  NULL, 1 },
	{ "a Match attribute without argument", "Match User\n", NULL, ROOT_KEY, 0, 0, "Bad Match condition", NULL, 1 },
	{ "Match all with more", "Match all User root\n", NULL, ROOT_KEY, 0, 0, "Bad Match condition", NULL, 1 },
	{ "Match LocalPort not a port", "Match LocalPort ssh2\n", NULL, ROOT_KEY, 0, 0, "Bad Match condition", NULL, 1 },
	{ "a bad port", "Port 0\n", NULL, ROOT_KEY, 0, 0, "Badly formatted port number", NULL, 1 },
	{ "a bad ListenAddress port", "ListenAddress 10.0.0.1:http\n", NULL, ROOT_KEY, 0, 0, "bad address or port",
	  NULL, 1 },
	{ "a bad method", "AuthenticationMethods publickey,telepathy\n", NULL, ROOT_KEY, 0, 0, "invalid method list",
	  NULL, 1 },
	{ "any and more", "AuthenticationMethods any publickey\n", NULL, ROOT_KEY, 0, 0, "\"any\" must appear alone",
	  NULL, 1 },
	{ "a relative AuthorizedKeysCommand", "AuthorizedKeysCommand bin/keys\nAuthorizedKeysCommandUser nobody\n",
	  NULL, ROOT_KEY, 0, 0, "must be an absolute path", NULL, 1 },
	{ "AuthorizedKeysCommand without its user", "AuthorizedKeysCommand /usr/bin/keys\n", NULL, ROOT_KEY, 0, 0,
	  "AuthorizedKeysCommand set without AuthorizedKeysCommandUser (sshd_config line 1)", NULL, 1 },
	{ "an unreadable drop-in", "Include broken.conf\n", unreadable, ROOT_KEY, 0, 0, "glob failed", NULL, 1 },
	{ "an Include that matches nothing", "Include none/*.conf\n", unreadable, ROOT_KEY, SSHD_WAY_PUBKEY, 0, NULL,
	  NULL, 0 },
	{ "an Include including itself", "Include self.conf\n", self_include, ROOT_KEY, 0, 0,
	  "Too many recursive configuration includes (self.conf line 1)", NULL, 1 },
};

static void check_ways(void)
{
	static struct sshdcfg c;
	struct sshdcfg_verdict v;

	for (size_t i = 0; i < sizeof wcases / sizeof wcases[0]; i++) {
		const struct wcase *w = &wcases[i];
		int np = sshdcfg_parse(&c, SSHDCFG_MAIN, w->conf, strlen(w->conf), w->fs ? fake_glob : NULL,
				       (void *)w->fs);
		CHECK(np == w->problems, "%s: %d problems, want %d (first: %s)", w->name, np, w->problems,
		      np ? c.problems[0].what : "-");
		unsigned ways = sshdcfg_ways_in(&c, &users[w->user], &v);
		CHECK(ways == w->ways && v.ways == ways, "%s: ways %u, want %u (%s)", w->name, ways, w->ways, v.reason);
		CHECK(v.maybe == w->maybe, "%s: maybe %u, want %u (%s)", w->name, v.maybe, w->maybe, v.uncertain);
		if (!w->reason)
			CHECK(v.reason[0] == '\0', "%s: no reason, got \"%s\"", w->name, v.reason);
		else if (strcmp(w->reason, SOME) == 0)
			CHECK(v.reason[0] != '\0', "%s: a reason", w->name);
		else
			CHECK(strstr(v.reason, w->reason) != NULL, "%s: reason \"%s\" lacks \"%s\"", w->name, v.reason,
			      w->reason);
		if (!w->uncertain)
			CHECK(v.uncertain[0] == '\0', "%s: nothing uncertain, got \"%s\"", w->name, v.uncertain);
		else
			CHECK(strstr(v.uncertain, w->uncertain) != NULL, "%s: uncertain \"%s\" lacks \"%s\"", w->name,
			      v.uncertain, w->uncertain);
		// the problems stop sshd, not the settings
		if (w->problems)
			CHECK(ways == 0 && strncmp(v.reason, "sshd would not start: ", 22) == 0, "%s: sshd stops",
			      w->name);
	}
}

static int line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	int n = 1;

	for (const char *p = text; at && p < at; p++)
		n += *p == '\n';
	return at ? n : -1;
}

static void check_debian(void)
{
	static struct sshdcfg c;
	struct sshdcfg_verdict v;
	const char *text = DEBIAN;
	int ports[4];

	CHECK(sshdcfg_parse(&c, NULL, text, strlen(text), fake_glob, (void *)no_dropins) == 0, "debian parses");
	CHECK(c.limit.what[0] == '\0', "debian read whole: %s", c.limit.what);
	const struct sshdcfg_value *g = c.global;
	CHECK(g[SSHD_PERMIT_ROOT_LOGIN].num == SSHD_ROOT_PROHIBIT_PASSWORD && !g[SSHD_PERMIT_ROOT_LOGIN].file,
	      "debian: PermitRootLogin is the default");
	CHECK(g[SSHD_KBD_INTERACTIVE_AUTHENTICATION].num == 0 &&
	      g[SSHD_KBD_INTERACTIVE_AUTHENTICATION].line == line_of(text, "KbdInteractiveAuthentication no"),
	      "debian: KbdInteractiveAuthentication no, line %d", g[SSHD_KBD_INTERACTIVE_AUTHENTICATION].line);
	CHECK(g[SSHD_USE_PAM].num == 1 && g[SSHD_USE_PAM].line == line_of(text, "UsePAM yes"), "debian: UsePAM yes");
	CHECK_STR(g[SSHD_USE_PAM].file, SSHDCFG_MAIN, "debian: UsePAM's file");
	CHECK(g[SSHD_PASSWORD_AUTHENTICATION].num == 1 && !g[SSHD_PASSWORD_AUTHENTICATION].file,
	      "debian: PasswordAuthentication default");
	CHECK(g[SSHD_AUTHORIZED_KEYS_FILE].nargs == 2, "debian: two key files");
	CHECK_STR(g[SSHD_AUTHORIZED_KEYS_FILE].args, ".ssh/authorized_keys", "debian: first key file");
	CHECK_STR(g[SSHD_AUTHENTICATION_METHODS].args, "any", "debian: AuthenticationMethods");
	CHECK(!g[SSHD_ALLOW_USERS].args && !g[SSHD_AUTHORIZED_KEYS_COMMAND].args, "debian: no lists, no command");
	CHECK(sshdcfg_ports(&c, ports, 4) == 1 && ports[0] == 22, "debian: port 22");

	// a drop-in's value is the one in effect, cited in it
	CHECK(sshdcfg_parse(&c, NULL, DEBIAN_ROOT_NO, strlen(DEBIAN_ROOT_NO), fake_glob, (void *)cloud_root_yes) == 0,
	      "drop-in parses");
	CHECK(c.global[SSHD_PERMIT_ROOT_LOGIN].num == SSHD_ROOT_YES && c.global[SSHD_PERMIT_ROOT_LOGIN].line == 3,
	      "drop-in: yes, line 3");
	CHECK_STR(c.global[SSHD_PERMIT_ROOT_LOGIN].file, "/etc/ssh/sshd_config.d/50-cloud.conf", "drop-in's file");

	// the user's values against the global ones
	const char *m = "PasswordAuthentication no\nMatch User alice\n PasswordAuthentication yes\n";
	sshdcfg_parse(&c, NULL, m, strlen(m), NULL, NULL);
	CHECK(c.global[SSHD_PASSWORD_AUTHENTICATION].num == 0, "global: no");
	sshdcfg_ways_in(&c, &users[ALICE_PW], &v);
	CHECK(v.eff[SSHD_PASSWORD_AUTHENTICATION].num == 1 && v.eff[SSHD_PASSWORD_AUTHENTICATION].line == 3,
	      "alice: yes, line 3");
	sshdcfg_ways_in(&c, &users[BOB_PW], &v);
	CHECK(v.eff[SSHD_PASSWORD_AUTHENTICATION].num == 0 && v.eff[SSHD_PASSWORD_AUTHENTICATION].line == 1,
	      "bob: no, line 1");
	CHECK_STR(sshdcfg_key_name(SSHD_DENY_GROUPS), "DenyGroups", "key name");
	CHECK_STR(sshdcfg_root_name(SSHD_ROOT_FORCED_ONLY), "forced-commands-only", "root name");
	CHECK_STR(sshdcfg_key_name(SSHD_NKEYS), "?", "no key name");
}

static void check_ports(void)
{
	static const struct {
		const char *conf;
		int n, ports[4];
	} cases[] = {
		{ "", 1, { 22 } },
		{ "Port 22\nPort 2222\n", 2, { 22, 2222 } },
		{ "Port 2222\nPort 2222\n", 1, { 2222 } },
		{ "Port=ssh\n", 1, { 22 } },
		{ "ListenAddress 0.0.0.0:2200\nListenAddress [::1]:2201\nListenAddress 10.0.0.1\nListenAddress fe80::1\n"
		  "Port 2222\n", 3, { 2200, 2201, 2222 } },
		{ "ListenAddress 10.0.0.1\n", 1, { 22 } },
		{ "ListenAddress 10.0.0.1:2200\nPort 2222\n", 1, { 2200 } },
		{ "ListenAddress 10.0.0.1 rdomain 3\n", 1, { 22 } },
		{ "Match all\nPort 2022\n", 1, { 2022 } },
		{ "Match User x\n X11Forwarding no\nPort 2022\n", 1, { 22 } },
	};
	static struct sshdcfg c;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int ports[8] = { 0 };
		sshdcfg_parse(&c, NULL, cases[i].conf, strlen(cases[i].conf), NULL, NULL);
		int n = sshdcfg_ports(&c, ports, 8);
		CHECK(n == cases[i].n, "ports of \"%s\": %d, want %d", cases[i].conf, n, cases[i].n);
		for (int k = 0; k < n && k < cases[i].n; k++)
			CHECK(ports[k] == cases[i].ports[k], "ports of \"%s\"[%d]: %d", cases[i].conf, k, ports[k]);
	}
	sshdcfg_parse(&c, NULL, "Port 1\nPort 2\nPort 3\n", 21, NULL, NULL);
	int few[2] = { 0, 0 };
	CHECK(sshdcfg_ports(&c, few, 2) == 3 && few[0] == 1 && few[1] == 2, "ports: only max written");
}

/* c<N> includes c<N+1> until N reaches the chain's length. */
static int chain_glob(const char *pattern, struct sshdcfg_file *files, int max, void *ctx)
{
	static char texts[64][48];
	int len = *(const int *)ctx, n;

	if (sscanf(pattern, "/etc/ssh/c%d", &n) != 1 || n < 1 || n > len || n >= 64 || max < 1)
		return 0;
	if (n < len)
		snprintf(texts[n], sizeof texts[n], "Include c%d\nPort %d\n", n + 1, n + 1000);
	else
		snprintf(texts[n], sizeof texts[n], "Port %d\n", n + 1000);
	files[0] = (struct sshdcfg_file){ pattern, texts[n], strlen(texts[n]) };
	return 1;
}

static void check_includes(void)
{
	static struct sshdcfg c;
	int ports[64];
	int len = 16;

	// a chain sshd reads: the main file, then 16 nested levels
	CHECK(sshdcfg_parse(&c, NULL, "Include c1\n", 11, chain_glob, &len) == 0, "16 levels: %s", c.problems[0].what);
	// each file's Include comes before its Port: the deepest is read first
	CHECK(sshdcfg_ports(&c, ports, 64) == 16 && ports[0] == 1016 && ports[15] == 1001, "16 levels all read");
	// one more is one too many
	len = 17;
	CHECK(sshdcfg_parse(&c, NULL, "Include c1\n", 11, chain_glob, &len) == 1, "17 levels refused");
	CHECK(strstr(c.problems[0].what, "Too many recursive") && c.problems[0].line == 1,
	      "17 levels: %s", c.problems[0].what);
	CHECK_STR(c.problems[0].file, "/etc/ssh/c16", "17 levels: the deepest file");
	// a file including itself twice a level: bounded by lifeboat's file limit, not 2^16 reads
	CHECK(sshdcfg_parse(&c, NULL, "Include self.conf\n", 18, fake_glob, (void *)twice_include) >= 1,
	      "self include twice");
	CHECK(c.nfiles <= SSHDCFG_MAX_FILES, "files bounded: %d", c.nfiles);
	CHECK(sshdcfg_ports(&c, ports, 64) == 1 && ports[0] == 2222, "self include twice: the port");
	// relative patterns start in /etc/ssh, absolute and ~ ones do not
	static const struct fakefile where[] = {
		{ "/etc/ssh/rel.conf", "/etc/ssh/rel.conf", "Port 1001\n" },
		{ "/abs.conf", "/abs.conf", "Port 1002\n" },
		{ "~/tilde.conf", "~/tilde.conf", "Port 1003\n" },
		{ NULL, NULL, NULL },
	};
	CHECK(sshdcfg_parse(&c, NULL, "Include rel.conf /abs.conf ~/tilde.conf\n", 39, fake_glob, (void *)where) == 0,
	      "three patterns");
	CHECK(sshdcfg_ports(&c, ports, 64) == 3 && ports[0] == 1001 && ports[1] == 1002 && ports[2] == 1003,
	      "three patterns, in order");
	CHECK(sshdcfg_parse(&c, NULL, "Include\n", 8, fake_glob, (void *)where) == 1, "Include without pattern");
	CHECK(sshdcfg_parse(&c, NULL, "Include \"\"\n", 11, fake_glob, (void *)where) == 1, "Include \"\"");
	// no callback: nothing followed, and said so
	sshdcfg_parse(&c, NULL, "Include rel.conf\n", 17, NULL, NULL);
	CHECK(strstr(c.limit.what, "Include not followed") != NULL, "no callback: %s", c.limit.what);
}

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 16;
}

static void check_garbage(void)
{
	static struct sshdcfg c;
	static char text[1 << 17];
	struct sshdcfg_verdict v;
	unsigned seed = 42;
	static const char *const words[] = { "Match", "User", "all", "Include", "self.conf", "PermitRootLogin", "yes",
					     "\"", "'", "=", "#", "\\", " ", "\t", "\n", "Address", "AllowUsers", "*",
					     "!", ",", "@", "%h", "%", "AuthorizedKeysFile", "none", "Port", "0",
					     "\r", "\f", "ListenAddress", "[", "]", ":", "AuthenticationMethods",
					     "publickey,password", "Group", "LocalPort", "DenyGroups" };

	// random bytes, NULs and high bytes included
	for (int round = 0; round < 50; round++) {
		size_t len = rnd(&seed) % sizeof text;
		for (size_t i = 0; i < len; i++)
			text[i] = (char)(rnd(&seed) % 7 == 0 ? '\n' : rnd(&seed));
		sshdcfg_parse(&c, NULL, text, len, fake_glob, (void *)twice_include);
		for (size_t u = 0; u < sizeof users / sizeof users[0]; u++)
			sshdcfg_ways_in(&c, &users[u], &v);
		CHECK(strlen(v.reason) < sizeof v.reason && c.nfiles <= SSHDCFG_MAX_FILES, "random %d", round);
	}
	// random sentences of sshd_config's own words
	for (int round = 0; round < 200; round++) {
		size_t len = 0, want = rnd(&seed) % 4000;
		while (len < want) {
			const char *w = words[rnd(&seed) % (sizeof words / sizeof words[0])];
			size_t wl = strlen(w);
			memcpy(text + len, w, wl);
			len += wl;
			text[len++] = rnd(&seed) % 3 ? ' ' : '\n';
		}
		sshdcfg_parse(&c, NULL, text, len, fake_glob, (void *)twice_include);
		for (size_t u = 0; u < sizeof users / sizeof users[0]; u++)
			sshdcfg_ways_in(&c, &users[u], &v);
		CHECK(c.nblocks <= SSHDCFG_MAX_BLOCKS && c.nentries <= SSHDCFG_MAX_ENTRIES &&
		      c.pool_used <= SSHDCFG_POOL, "words %d", round);
	}
	// a line longer than lifeboat reads
	memset(text, 'a', 10000);
	memcpy(text, "AllowUsers ", 11);
	sshdcfg_parse(&c, NULL, text, 10000, NULL, NULL);
	CHECK(strstr(c.limit.what, "longer") && c.limit.line == 1, "long line: %s", c.limit.what);
	CHECK(sshdcfg_ways_in(&c, &users[ROOT_KEY], &v) == SSHD_WAY_PUBKEY, "long line skipped");
	// more settings than kept
	size_t len = 0;
	while (len + 20 < sizeof text)
		len += (size_t)snprintf(text + len, 20, "AllowUsers u%zu\n", len % 1000);
	sshdcfg_parse(&c, NULL, text, len, NULL, NULL);
	CHECK(c.limit.what[0] && c.nentries == SSHDCFG_MAX_ENTRIES, "many settings: %s", c.limit.what);
	len = 0;
	while (len + 40 < sizeof text)
		len += (size_t)snprintf(text + len, 40, "Match User u%zu\n PermitRootLogin no\n", len % 1000);
	sshdcfg_parse(&c, NULL, text, len, NULL, NULL);
	CHECK(c.limit.what[0] && c.nblocks == SSHDCFG_MAX_BLOCKS, "many blocks: %s", c.limit.what);
	CHECK(sshdcfg_ways_in(&c, &users[ROOT_KEY], &v) == SSHD_WAY_PUBKEY, "many blocks: root not among them");
	// NUL in a line: read up to it
	static const char nul[] = "PermitRootLogin no\0 yes\nPasswordAuthentication no\n";
	sshdcfg_parse(&c, NULL, nul, sizeof nul - 1, NULL, NULL);
	CHECK(c.nproblems == 0 && c.limit.line == 1 && c.global[SSHD_PERMIT_ROOT_LOGIN].num == SSHD_ROOT_NO &&
	      c.global[SSHD_PASSWORD_AUTHENTICATION].num == 0, "NUL byte");
	// nothing at all
	CHECK(sshdcfg_parse(&c, NULL, NULL, 100, NULL, NULL) == 0 && sshdcfg_ways_in(&c, &users[ROOT_KEY], &v) ==
	      SSHD_WAY_PUBKEY, "no text");
	CHECK(sshdcfg_parse(&c, NULL, "\n\n   \n#\n", 8, NULL, NULL) == 0, "blank lines");
	// a user without name or groups
	struct sshdcfg_user nobody = { 0 };
	sshdcfg_parse(&c, NULL, "Match User *\n PermitRootLogin no\nAllowGroups x\n", 46, NULL, NULL);
	CHECK(sshdcfg_ways_in(&c, &nobody, &v) == 0 && v.reason[0], "a user of nothing: %s", v.reason);
}

int main(void)
{
	check_ways();
	check_debian();
	check_ports();
	check_includes();
	check_garbage();
	return t_done("test_sshdcfg");
}
