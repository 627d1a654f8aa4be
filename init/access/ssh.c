/* SSH: keys from the command line, host keys from getrandom at boot, dropbear. */
#define _GNU_SOURCE
#include "ssh.h"
#include "sshkey.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../pid1/run.h"
#include "../pid1/supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SSH_DIR LB_RUN_DIR "/ssh"
#define DROPBEAR "/sbin/dropbearmulti"
#define AUTHORIZED_KEYS "/root/.ssh/authorized_keys"
#define FW_CFG_KEYS "/sys/firmware/qemu_fw_cfg/by_name/opt/lifeboat/authorized_keys/raw"

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

static void exec_dropbear(const char *port)
{
	char *const argv[] = { "dropbear", "-F", "-P", SSH_DIR "/dropbear.pid", "-p", (char *)port,
			       "-r", (char *)hostkeys[0].file, "-r", (char *)hostkeys[1].file, NULL };
	int kmsg = open(LB_KMSG, O_WRONLY);

	// built without syslog, dropbear logs one line per write to stderr: into the kernel log
	if (kmsg >= 0)
		dup2(kmsg, 2);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	execv(DROPBEAR, argv);
	_exit(127);
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

int ssh_start(const struct lb_cmdline *c, struct report *r)
{
	int from_cmdline = 0, from_fw_cfg;
	char sources[64] = "";

	keys.len = 0;
	keys.n = 0;
	for (int i = 0; i < c->nssh_key; i++)
		from_cmdline += add_key("lifeboat.ssh_key", i + 1, c->ssh_key[i]);
	from_fw_cfg = fw_cfg_keys();
	r->ssh_keys = keys.n;
	if (keys.n == 0) {
		text_copy(r->ssh_state, sizeof r->ssh_state,
			  "not started: no SSH credential (lifeboat.ssh_key=, fw_cfg)");
		log_info("ssh: not started: no valid key was provisioned");
		return -1;
	}
	mkdir("/root/.ssh", 0700);
	int err = sys_write_file_atomic(AUTHORIZED_KEYS, keys.text, keys.len, 0600);
	if (err < 0) {
		log_err("ssh: %s: %s", AUTHORIZED_KEYS, strerror(-err));
		text_copy(r->ssh_state, sizeof r->ssh_state, "not started: authorized_keys could not be written");
		return -1;
	}
	sys_mkdir_p(SSH_DIR, 0700);
	// host keys need the kernel's generator seeded: say so rather than stall in silence
	char probe;
	long long waited = sys_now_ms();
	if (getrandom(&probe, 1, GRND_NONBLOCK) < 0 && errno == EAGAIN)
		log_warn("ssh: waiting for the kernel's random generator to be seeded "
			 "(no hardware RNG here: a virtio-rng device or a CPU with RDRAND avoids this)");
	else
		waited = -1;
	for (size_t i = 0; i < sizeof hostkeys / sizeof *hostkeys; i++)
		if (make_hostkey((int)i, r) < 0) {
			text_copy(r->ssh_state, sizeof r->ssh_state, "not started: host keys could not be made");
			return -1;
		}
	if (waited >= 0)
		log_info("ssh: random generator seeded after %lld ms", sys_now_ms() - waited);
	if (from_cmdline)
		snprintf(sources, sizeof sources, "command line %d", from_cmdline);
	if (from_fw_cfg)
		snprintf(sources + strlen(sources), sizeof sources - strlen(sources), "%sfw_cfg %d",
			 from_cmdline ? ", " : "", from_fw_cfg);
	snprintf(r->ssh_state, sizeof r->ssh_state, "port 22, %d key(s): %s", keys.n, sources);
	log_info("ssh: %d key(s) (%s)", keys.n, sources);
	supervise_add("dropbear", exec_dropbear, "22");
	return 0;
}
