/* SSH: keys (command line, fw_cfg, config drives) and root's password, host keys made at boot, dropbear. */
#define _GNU_SOURCE
#include "ssh.h"
#include "datasource.h"
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
#include <linux/random.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SSH_DIR LB_RUN_DIR "/ssh"
#define DROPBEAR "/sbin/dropbearmulti"
#define AUTHORIZED_KEYS "/root/.ssh/authorized_keys"
#define OTP_YESCRYPT_COST 1	/* see make_one_time() */
#define FW_CFG_PASSWORD LB_FW_CFG("password_hash")
#define FW_CFG_KEYS LB_FW_CFG("authorized_keys")
#define FW_CFG_SEED LB_FW_CFG("random-seed")
#define SEED_MAX 512		/* bytes of a provider's seed that are used */
#define SOURCES_MAX 8

static const struct {
	const char *type, *file, *label;
} hostkeys[] = {
	{ "ed25519", SSH_DIR "/ed25519_host_key", "ED25519" },
	{ "ecdsa", SSH_DIR "/ecdsa_host_key", "ECDSA" },
};

/* The fingerprint in dropbearkey's output ("Fingerprint: SHA256:…") into r, the
 * way ssh-keygen -l names it. Returns 0, or -1 when out has none. */
static int add_fingerprint(char *out, int i, struct report *r)
{
	char *fp = strstr(out, "SHA256:");

	if (!fp)
		return -1;
	fp[strcspn(fp, " \r\n")] = '\0';
	if (r->nssh_fp < REPORT_HOSTKEYS_MAX)
		snprintf(r->ssh_fp[r->nssh_fp++], sizeof r->ssh_fp[0], "%s (%s)", fp, hostkeys[i].label);
	return 0;
}

static int make_hostkey(int i, struct report *r)
{
	char out[1024];
	char *const gen[] = { "dropbearkey", "-t", (char *)hostkeys[i].type, "-f", (char *)hostkeys[i].file, NULL };
	int rc = run_capture(DROPBEAR, gen, out, sizeof out);

	if (rc != 0) {
		log_err("ssh: dropbearkey -t %s failed (%d)", hostkeys[i].type, rc);
		return -1;
	}
	add_fingerprint(out, i, r);
	return 0;
}

/* The ECDSA key is made beside dropbear, not before it: under TCG it is 50 ms of
 * the boot's critical path, and most clients take ED25519. dropbear runs with -R,
 * so a client that asks for ECDSA before the file is there has dropbear make it
 * (atomically, by link(), as dropbearkey does); the loser of that race reads the
 * winner's key back with -y. */
static struct {
	pid_t pid;		/* dropbearkey running; 0: none */
	int fd;			/* its stdout */
	int read_back;		/* it is -y: the key was there */
} later = { 0, -1, 0 };

static void later_start(int read_back)
{
	char *const gen[] = { "dropbearkey", "-t", (char *)hostkeys[1].type, "-f", (char *)hostkeys[1].file, NULL };
	char *const get[] = { "dropbearkey", "-y", "-f", (char *)hostkeys[1].file, NULL };
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		log_err("ssh: %s key: pipe: %s", hostkeys[1].label, strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		supervise_child_reset();
		run_child_stdio(-1);
		dup2(p[1], 1);
		// after dropbear and the DHCP client: they are what a client waits for now
		setpriority(PRIO_PROCESS, 0, 10);
		execv(DROPBEAR, read_back ? get : gen);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0) {
		log_err("ssh: %s key: fork: %s", hostkeys[1].label, strerror(errno));
		close(p[0]);
		return;
	}
	later.pid = pid;
	later.fd = p[0];
	later.read_back = read_back;
}

int ssh_keys_pending(void)
{
	return later.pid != 0;
}

int ssh_reaped(pid_t pid, int status, struct report *r)
{
	char out[1024];
	int made;

	if (pid <= 0 || pid != later.pid)
		return 0;
	later.pid = 0;
	// the writer has exited: this read ends at its output's end
	sys_read_to_end(later.fd, out, sizeof out);
	close(later.fd);
	later.fd = -1;
	made = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (made && add_fingerprint(out, 1, r) == 0)
		return 2;
	if (!later.read_back) {
		later_start(1);
		return 1;
	}
	log_err("ssh: no %s host key (dropbearkey: %d); clients that ask for one have dropbear try again",
		hostkeys[1].label, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return 1;
}

static void exec_dropbear_args(const char *port, int passwords)
{
	// -R: the ECDSA key may still be being made (see later_start)
	char *argv[] = { "dropbear", "-F", "-P", SSH_DIR "/dropbear.pid", "-p", (char *)port,
			 "-r", (char *)hostkeys[0].file, "-R", "-s", NULL };

	if (passwords)
		argv[sizeof argv / sizeof *argv - 2] = NULL;	/* drop -s */
	// built without syslog, dropbear logs one line per write to stderr: into the kernel log
	run_child_stdio(open(LB_KMSG, O_WRONLY));
	// never the OOM killer's choice: the door must stay open (each session's shell goes
	// back to 0, see session.h)
	sys_write_str("/proc/self/oom_score_adj", "-1000\n");
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

/* The keys collected so far: one normalized line each, ready for authorized_keys;
 * and how many each source gave. */
static struct {
	char text[4 * (SSHKEY_LINE_MAX + 64)];
	size_t len;
	int n;
	struct {
		const char *name;
		int n;
	} from[SOURCES_MAX];
	int nfrom;
} keys;

static void count_source(const char *source)
{
	int i;

	if (strcmp(source, "lifeboat.ssh_key") == 0)
		source = "command line";
	for (i = 0; i < keys.nfrom; i++)
		if (strcmp(keys.from[i].name, source) == 0)
			break;
	if (i == keys.nfrom) {
		if (keys.nfrom == SOURCES_MAX)
			return;
		keys.from[keys.nfrom++].name = source;
	}
	keys.from[i].n++;
}

void ssh_count_keys(const char *source, int n)
{
	for (int i = 0; i < n; i++) {
		count_source(source);
		keys.n++;
	}
}

int ssh_add_key(const char *source, int index, const char *line)
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
	// the same key from two channels is one key
	for (const char *p = keys.text; p < keys.text + keys.len; p += strcspn(p, "\n") + 1) {
		size_t len = strcspn(p, "\n");
		if (len == n && memcmp(p, norm, n) == 0)
			return 0;
	}
	memcpy(keys.text + keys.len, norm, n);
	keys.len += n;
	keys.text[keys.len++] = '\n';
	keys.n++;
	count_source(source);
	return 1;
}

/* The keys of an authorized_keys-style file (one a line; blank lines and #
 * comments skipped), each counted under source. Returns how many were taken. */
static int keys_file(const char *path, const char *source)
{
	static char buf[4 * SSHKEY_LINE_MAX];
	int kept = 0, index = 0;

	if (sys_read_file(path, buf, sizeof buf) <= 0)
		return 0;
	for (char *save, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		l[strcspn(l, "\r")] = '\0';
		if (l[strspn(l, " \t")] == '\0' || l[strspn(l, " \t")] == '#')
			continue;
		kept += ssh_add_key(source, ++index, l);
	}
	return kept;
}

static char one_time[SECRET_OTP_LEN + 1];

const char *ssh_one_time_password(void)
{
	return one_time[0] ? one_time : NULL;
}

/* A seed the hypervisor hands over (fw_cfg opt/lifeboat/random-seed): mixed in
 * and credited, since it comes from the same place as the machine itself. */
static void seed_from_fw_cfg(void)
{
	static int credited;
	struct {
		struct rand_pool_info info;
		unsigned char data[SEED_MAX];
	} seed;
	ssize_t n;
	int fd;

	// once: the same bytes credited twice would count their entropy twice
	if (credited || (n = sys_read_file(FW_CFG_SEED, (char *)seed.data, sizeof seed.data)) <= 0)
		return;
	credited = 1;
	seed.info.entropy_count = (int)n * 8;
	seed.info.buf_size = (int)n;
	fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, RNDADDENTROPY, &seed) < 0)
		log_warn("ssh: fw_cfg random-seed: %s", strerror(errno));
	else
		log_info("ssh: %zd bytes of seed from fw_cfg credited to the random generator", n);
	if (fd >= 0)
		close(fd);
	explicit_bzero(&seed, sizeof seed);
}

void ssh_entropy_early(void)
{
	long long since = sys_now_ms();
	char probe;
	pid_t pid;

	// a kernel with fw_cfg built in has the hypervisor's seed now; a modular one, after coldplug
	seed_from_fw_cfg();
	if (getrandom(&probe, 1, GRND_NONBLOCK) >= 0 || errno != EAGAIN)
		return;
	log_warn("random generator not seeded: no hardware RNG here (a virtio-rng device or a CPU with RDRAND "
		 "avoids this); seeding from timer jitter in the background");
	pid = fork();
	if (pid == 0) {
		// the lowest priority: the kernel's jitter loop runs in the waiter, and only
		// needs a moment each timer tick; PID 1's module loading keeps the CPU
		setpriority(PRIO_PROCESS, 0, 19);
		while (getrandom(&probe, 1, 0) < 0 && errno == EINTR)
			;
		log_info("random generator seeded after %lld ms", sys_now_ms() - since);
		_exit(0);
	}
	if (pid < 0)
		log_warn("ssh: fork for the random generator: %s", strerror(errno));
}

/* Wait for the kernel's generator to be seeded, saying so on the consoles if it isn't. */
static void wait_for_entropy(void)
{
	char probe;
	long long since = sys_now_ms();

	if (getrandom(&probe, 1, GRND_NONBLOCK) >= 0 || errno != EAGAIN)
		return;
	log_warn("ssh: waiting for the kernel's random generator to be seeded before making host keys");
	while (getrandom(&probe, 1, 0) < 0 && errno == EINTR)
		;
	log_info("ssh: waited %lld ms for the random generator", sys_now_ms() - since);
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

/* The port from lifeboat.ssh_port=, or 22. */
static int ssh_port(const struct lb_cmdline *c)
{
	char *end;
	long port;

	if (!c->ssh_port)
		return 22;
	port = strtol(c->ssh_port, &end, 10);
	if (*end || port < 1 || port > 65535) {
		log_warn("lifeboat.ssh_port=%s ignored: a port from 1 to 65535; using 22", c->ssh_port);
		return 22;
	}
	return (int)port;
}

void ssh_describe(struct report *r, const char *password_what)
{
	static const char *what;
	char sources[120] = "";
	size_t len = 0;

	if (password_what)
		what = password_what;
	for (int i = 0; i < keys.nfrom && len < sizeof sources; i++)
		len += (size_t)snprintf(sources + len, sizeof sources - len, "%s%s %d", i ? ", " : "",
					keys.from[i].name, keys.from[i].n);
	r->ssh_keys = keys.n;
	if (keys.n && what)
		snprintf(r->ssh_state, sizeof r->ssh_state, "port %d, %d key(s): %s; %s", r->ssh_port, keys.n, sources, what);
	else if (keys.n)
		snprintf(r->ssh_state, sizeof r->ssh_state, "port %d, %d key(s): %s", r->ssh_port, keys.n, sources);
	else if (what)
		snprintf(r->ssh_state, sizeof r->ssh_state, "port %d, %s", r->ssh_port, what);
}

int ssh_keys_install(void)
{
	if (keys.n == 0)
		return 0;
	mkdir("/root/.ssh", 0700);
	int err = sys_write_file_atomic(AUTHORIZED_KEYS, keys.text, keys.len, 0600);
	if (err < 0)
		log_err("ssh: %s: %s", AUTHORIZED_KEYS, strerror(-err));
	return err;
}

int ssh_start(const struct lb_cmdline *c, const struct disk_state *disks, struct report *r)
{
	static char port[8];
	int password;
	const char *what;

	keys.len = 0;
	keys.n = keys.nfrom = 0;
	r->ssh_port = ssh_port(c);
	snprintf(port, sizeof port, "%d", r->ssh_port);
	// the provider staff's keys, baked in by its build (make image CONFIG=…), counted
	// apart; first, so that a customer's key that is also a staff key counts as the staff's
	r->ssh_staff_keys = keys_file(LB_STAFF_KEYS, "staff");
	for (int i = 0; i < c->nssh_key; i++)
		ssh_add_key("lifeboat.ssh_key", i + 1, c->ssh_key[i]);
	// QEMU's fw_cfg (-fw_cfg name=opt/lifeboat/authorized_keys,file=…)
	keys_file(FW_CFG_KEYS, "fw_cfg");
	seed_from_fw_cfg();
	datasource_drives(c, disks);
	wait_for_entropy();
	password = set_password(c, keys.n > r->ssh_staff_keys, &what);
	if (keys.n == 0 && password <= 0) {
		text_copy(r->ssh_state, sizeof r->ssh_state, "not started: no usable SSH credential");
		log_err("ssh: not started: no usable credential");
		return -1;
	}
	if (ssh_keys_install() < 0) {
		text_copy(r->ssh_state, sizeof r->ssh_state, "not started: authorized_keys could not be written");
		return -1;
	}
	sys_mkdir_p(SSH_DIR, 0700);
	if (make_hostkey(0, r) < 0) {
		text_copy(r->ssh_state, sizeof r->ssh_state, "not started: host keys could not be made");
		return -1;
	}
	ssh_describe(r, password > 0 ? what : NULL);
	log_info("ssh: %s", r->ssh_state);
	supervise_add("dropbear", password > 0 ? exec_dropbear : exec_dropbear_keys_only, port);
	supervise_tick(sys_now_ms());
	later_start(0);
	datasource_metadata_start(c);
	return 0;
}
