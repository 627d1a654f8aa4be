/* SSH: keys (command line, fw_cfg) and root's password, host keys made at boot, dropbear. */
#define _GNU_SOURCE
#include "ssh.h"
#include "secret.h"
#include "sshkey.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../pid1/run.h"
#include "../pid1/supervise.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define SSH_DIR LB_RUN_DIR "/ssh"
#define DROPBEAR "/sbin/dropbearmulti"
#define AUTHORIZED_KEYS "/root/.ssh/authorized_keys"
#define OTP_YESCRYPT_COST 1	/* see make_one_time() */
#define FW_CFG_PASSWORD LB_FW_CFG("password_hash")
#define FW_CFG_KEYS LB_FW_CFG("authorized_keys")

static const struct {
	const char *type, *file, *label;
} hostkeys[] = {
	{ "ed25519", SSH_DIR "/ed25519_host_key", "ED25519" },
	{ "ecdsa", SSH_DIR "/ecdsa_host_key", "ECDSA" },
};

static int make_hostkey(int i, struct report *r)
{
	char out[1024], *fp;
	char *const gen[] = { "dropbearkey", "-t", (char *)hostkeys[i].type, "-f", (char *)hostkeys[i].file, NULL };
	int rc = run_capture(DROPBEAR, gen, out, sizeof out);

	if (rc != 0) {
		log_err("ssh: dropbearkey -t %s failed (%d)", hostkeys[i].type, rc);
		return -1;
	}
	// "Fingerprint: SHA256:…" — shown the way ssh-keygen -l names it
	fp = strstr(out, "SHA256:");
	if (fp && r->nssh_fp < REPORT_HOSTKEYS_MAX) {
		fp[strcspn(fp, " \r\n")] = '\0';
		snprintf(r->ssh_fp[r->nssh_fp++], sizeof r->ssh_fp[0], "%s (%s)", fp, hostkeys[i].label);
	}
	return 0;
}

static void exec_dropbear_args(const char *port, int passwords)
{
	char *argv[] = { "dropbear", "-F", "-P", SSH_DIR "/dropbear.pid", "-p", (char *)port,
			 "-r", (char *)hostkeys[0].file, "-r", (char *)hostkeys[1].file, "-s", NULL };

	if (passwords)
		argv[sizeof argv / sizeof *argv - 2] = NULL;	/* drop -s */
	// built without syslog, dropbear logs one line per write to stderr: into the kernel log
	run_child_stdio(open(LB_KMSG, O_WRONLY));
	execv(DROPBEAR, argv);
	_exit(127);
}

/* Password logins only when a password credential exists: -s otherwise. */
static void exec_dropbear(const char *port)
{
	exec_dropbear_args(port, 1);
}

static void exec_dropbear_keys_only(const char *port)
{
	exec_dropbear_args(port, 0);
}

/* The keys collected so far: one normalized line each, ready for authorized_keys. */
static struct {
	char text[4 * (SSHKEY_LINE_MAX + 64)];
	size_t len;
	int n;
} keys;

/* Validate one key line from source; keep it, or log why not. Returns 1 if kept. */
static int add_key(const char *source, int index, const char *line)
{
	static char norm[SSHKEY_LINE_MAX + 64];
	const char *why;
	size_t n;

	if (sshkey_normalize(line, norm, sizeof norm, &why) < 0) {
		log_warn("%s key #%d refused: %s", source, index, why);
		return 0;
	}
	n = strlen(norm);
	if (keys.len + n + 2 > sizeof keys.text) {
		log_warn("%s key #%d dropped: too many keys", source, index);
		return 0;
	}
	memcpy(keys.text + keys.len, norm, n);
	keys.len += n;
	keys.text[keys.len++] = '\n';
	keys.n++;
	return 1;
}

/* Keys from QEMU's fw_cfg (-fw_cfg name=opt/lifeboat/authorized_keys,file=…): one a line. */
static int fw_cfg_keys(void)
{
	static char buf[4 * SSHKEY_LINE_MAX];
	ssize_t n = sys_read_file(FW_CFG_KEYS, buf, sizeof buf);
	int kept = 0, index = 0;

	if (n <= 0)
		return 0;
	for (char *save, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		l[strcspn(l, "\r")] = '\0';
		if (l[strspn(l, " \t")] == '\0' || l[strspn(l, " \t")] == '#')
			continue;
		kept += add_key("fw_cfg", ++index, l);
	}
	return kept;
}

static char one_time[SECRET_OTP_LEN + 1];

const char *ssh_one_time_password(void)
{
	return one_time[0] ? one_time : NULL;
}

/* Wait for the kernel's generator to be seeded, saying so on the consoles if it isn't. */
static void wait_for_entropy(void)
{
	char probe;
	long long since = sys_now_ms();

	if (getrandom(&probe, 1, GRND_NONBLOCK) >= 0 || errno != EAGAIN)
		return;
	log_warn("ssh: waiting for the kernel's random generator to be seeded "
		 "(no hardware RNG here: a virtio-rng device or a CPU with RDRAND avoids this)");
	while (getrandom(&probe, 1, 0) < 0 && errno == EINTR)
		;
	log_info("ssh: random generator seeded after %lld ms", sys_now_ms() - since);
}

/* A fresh one-time password, its yescrypt hash in hash. Returns 0 or -1. */
static int make_one_time(char *hash, size_t size)
{
	unsigned char rnd[128];
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];	/* libxcrypt refuses a smaller buffer (ERANGE) */
	struct crypt_data data;

	memset(&data, 0, sizeof data);
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd ||
	    secret_otp(rnd, sizeof rnd, one_time, SECRET_OTP_LEN) < 0 ||
	    // yescrypt's lowest cost: the password's own 137 bits make guessing hopeless,
	    // and the default cost took ~0.3 s of boot under TCG
	    !crypt_gensalt_rn("$y$", OTP_YESCRYPT_COST, NULL, 0, salt, sizeof salt) ||
	    !crypt_r(one_time, salt, &data) || data.output[0] != '$') {
		explicit_bzero(one_time, sizeof one_time);
		explicit_bzero(rnd, sizeof rnd);
		return -1;
	}
	text_copy(hash, size, data.output);
	explicit_bzero(rnd, sizeof rnd);
	explicit_bzero(&data, sizeof data);
	return 0;
}

/* Root's password hash: lifeboat.password_hash=, else fw_cfg's, else a one-time
 * password when there is no key either. Writes /etc/shadow; *what says which. */
static int set_password(const struct lb_cmdline *c, int have_keys, const char **what)
{
	static char hash[600];
	char line[700];
	const char *why;

	*what = NULL;
	hash[0] = '\0';
	if (c->password_hash) {
		if (secret_hash_check(c->password_hash, &why) == 0) {
			text_copy(hash, sizeof hash, c->password_hash);
			*what = "password (hash from the command line)";
		} else {
			log_warn("lifeboat.password_hash refused: %s", why);
		}
	}
	if (!hash[0] && sys_read_file(FW_CFG_PASSWORD, line, sizeof line) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (secret_hash_check(line, &why) == 0) {
			text_copy(hash, sizeof hash, line);
			*what = "password (hash from fw_cfg)";
		} else {
			log_warn("fw_cfg password_hash refused: %s", why);
		}
	}
	if (!hash[0] && !have_keys) {
		if (make_one_time(hash, sizeof hash) < 0) {
			log_err("ssh: could not make a one-time password");
			return -1;
		}
		*what = "one-time password (shown on the local consoles only)";
	}
	if (!hash[0])
		return 0;
	snprintf(line, sizeof line, "root:%s:19000:0:99999:7:::\n", hash);
	int err = sys_write_file_atomic("/etc/shadow", line, strlen(line), 0600);
	explicit_bzero(line, sizeof line);
	if (err < 0) {
		log_err("ssh: /etc/shadow: %s", strerror(-err));
		*what = NULL;
		return -1;
	}
	return 1;
}

int ssh_start(const struct lb_cmdline *c, struct report *r)
{
	int from_cmdline = 0, from_fw_cfg, password;
	char sources[64] = "";
	const char *what;

	keys.len = 0;
	keys.n = 0;
	for (int i = 0; i < c->nssh_key; i++)
		from_cmdline += add_key("lifeboat.ssh_key", i + 1, c->ssh_key[i]);
	from_fw_cfg = fw_cfg_keys();
	r->ssh_keys = keys.n;
	wait_for_entropy();
	password = set_password(c, keys.n > 0, &what);
	if (keys.n == 0 && password <= 0) {
		text_copy(r->ssh_state, sizeof r->ssh_state, "not started: no usable SSH credential");
		log_err("ssh: not started: no usable credential");
		return -1;
	}
	if (keys.n > 0) {
		mkdir("/root/.ssh", 0700);
		int err = sys_write_file_atomic(AUTHORIZED_KEYS, keys.text, keys.len, 0600);
		if (err < 0) {
			log_err("ssh: %s: %s", AUTHORIZED_KEYS, strerror(-err));
			text_copy(r->ssh_state, sizeof r->ssh_state, "not started: authorized_keys could not be written");
			return -1;
		}
	}
	sys_mkdir_p(SSH_DIR, 0700);
	for (size_t i = 0; i < sizeof hostkeys / sizeof *hostkeys; i++)
		if (make_hostkey((int)i, r) < 0) {
			text_copy(r->ssh_state, sizeof r->ssh_state, "not started: host keys could not be made");
			return -1;
		}
	if (from_cmdline)
		snprintf(sources, sizeof sources, "command line %d", from_cmdline);
	if (from_fw_cfg)
		snprintf(sources + strlen(sources), sizeof sources - strlen(sources), "%sfw_cfg %d",
			 from_cmdline ? ", " : "", from_fw_cfg);
	if (keys.n && password > 0)
		snprintf(r->ssh_state, sizeof r->ssh_state, "port 22, %d key(s): %s; %s", keys.n, sources, what);
	else if (keys.n)
		snprintf(r->ssh_state, sizeof r->ssh_state, "port 22, %d key(s): %s", keys.n, sources);
	else
		snprintf(r->ssh_state, sizeof r->ssh_state, "port 22, %s", what);
	log_info("ssh: %s", r->ssh_state);
	supervise_add("dropbear", password > 0 ? exec_dropbear : exec_dropbear_keys_only, "22");
	return 0;
}
