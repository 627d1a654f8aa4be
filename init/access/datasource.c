/* Config drives found by label with libblkid and read from a read-only mount;
 * the EC2-style metadata service asked over plain HTTP by a job of PID 1. */
#define _GNU_SOURCE
#include "datasource.h"
#include "cloudcfg.h"
#include "ssh.h"
#include "../lib/base64.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../lib/sys.h"
#include "../lib/text.h"
#include "../net/http.h"
#include "../net/net.h"
#include "../pid1/run.h"
#include "../pid1/supervise.h"

#include <arpa/inet.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#define DRIVE_MNT LB_RUN_DIR "/drive"
#define DRIVE_FILE_MAX (256 * 1024)
#define METADATA_ADDR "169.254.169.254"
#define METADATA_KEYS_FILE LB_RUN_DIR "/ssh/metadata-keys"
#define METADATA_DEADLINE_MS 60000	/* the job gives up after this */
#define HTTP_TIMEOUT_MS 2000
#define EC2_KEYS_MAX 16

/* Is source allowed by lifeboat.datasource= ("auto" or absent: every one that applies)? */
static int wanted(const struct lb_cmdline *c, const char *source, int *explicit)
{
	const char *p = c->datasource;
	size_t len = strlen(source);

	*explicit = 0;
	if (!p || strcmp(p, "auto") == 0)
		return 1;
	for (; *p; p += strcspn(p, ","), p += *p == ',') {
		size_t wl = strcspn(p, ",");
		if (wl == len && strncmp(p, source, len) == 0) {
			*explicit = 1;
			return 1;
		}
	}
	return 0;
}

struct keys_ctx {
	const char *source;
	int index, kept;
};

static void take_key(void *ctx, const char *value)
{
	struct keys_ctx *k = ctx;

	k->kept += ssh_add_key(k->source, ++k->index, value);
}

static ssize_t read_drive_file(const char *rel, char *buf, size_t size)
{
	char path[256];

	snprintf(path, sizeof path, DRIVE_MNT "/%s", rel);
	return sys_read_file(path, buf, size);
}

static int read_nocloud(void)
{
	static char text[DRIVE_FILE_MAX];
	struct keys_ctx k = { "NoCloud drive", 0, 0 };
	ssize_t n;

	if ((n = read_drive_file("meta-data", text, sizeof text)) > 0)
		cloudcfg_yaml_keys(text, (size_t)n, take_key, &k);
	// user-data may be a script or a MIME archive: only #cloud-config is read
	if ((n = read_drive_file("user-data", text, sizeof text)) > 0 && strncmp(text, "#cloud-config", 13) == 0)
		cloudcfg_yaml_keys(text, (size_t)n, take_key, &k);
	return k.kept;
}

/* A seed from a drive is mixed in but not credited: only the hypervisor's own channel is trusted for that. */
static void mix_seed(const unsigned char *seed, size_t len)
{
	int fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (sys_write_all(fd, seed, len) == 0)
			log_info("config drive: %zu bytes of random_seed mixed in (not credited)", len);
		close(fd);
	}
}

static int read_config2(void)
{
	static char text[DRIVE_FILE_MAX];
	static char seed64[8192];
	unsigned char seed[4096];
	struct keys_ctx k = { "config-2 drive", 0, 0 };
	ssize_t n = read_drive_file("openstack/latest/meta_data.json", text, sizeof text);

	if (n <= 0) {
		log_warn("config-2 drive: no openstack/latest/meta_data.json");
		return 0;
	}
	if (cloudcfg_openstack_keys(text, (size_t)n, take_key, &k) < 0)
		log_warn("config-2 drive: meta_data.json is not well-formed JSON; no keys from it");
	int sl = cloudcfg_openstack_string(text, (size_t)n, "random_seed", seed64, sizeof seed64);
	if (sl > 0) {
		long len = base64_decode(seed64, (size_t)sl, seed, sizeof seed);
		if (len > 0)
			mix_seed(seed, (size_t)len);
		explicit_bzero(seed, sizeof seed);
	}
	return k.kept;
}

/* Mount dev read-only, read it as kind says, unmount. */
static int read_drive(const char *dev, const char *type, int config2)
{
	int kept;

	sys_mkdir_p(DRIVE_MNT, 0700);
	if (mount(dev, DRIVE_MNT, type, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		log_warn("config drive %s (%s): mount: %s", dev, type, strerror(errno));
		return 0;
	}
	kept = config2 ? read_config2() : read_nocloud();
	if (umount2(DRIVE_MNT, 0) < 0)
		umount2(DRIVE_MNT, MNT_DETACH);
	log_info("config drive %s (%s, %s): %d key(s)", dev, config2 ? "config-2" : "NoCloud", type, kept);
	return 1;
}

/* Say which words of lifeboat.datasource= mean nothing (once, at boot). */
static void check_names(const char *list)
{
	static const char *const known[] = { "auto", "none", "nocloud", "configdrive", "ec2" };

	for (const char *p = list; p && *p; p += strcspn(p, ","), p += *p == ',') {
		size_t wl = strcspn(p, ",");
		int ok = 0;
		for (size_t i = 0; i < sizeof known / sizeof *known; i++)
			ok |= strlen(known[i]) == wl && strncmp(p, known[i], wl) == 0;
		if (!ok)
			log_warn("lifeboat.datasource: %.*s is none of nocloud, configdrive, ec2, auto, none; ignored",
				 (int)wl, p);
	}
}

int datasource_drives(const struct lb_cmdline *c, const struct disk_state *disks)
{
	int nocloud_x, config2_x, nocloud = wanted(c, "nocloud", &nocloud_x), config2 = wanted(c, "configdrive", &config2_x);
	int found = 0;

	check_names(c->datasource);
	// the disk scan has probed every device already: its labels say which are config drives
	for (int i = 0; disks && i < disks->ndev && (nocloud || config2); i++) {
		const struct blockdev *d = &disks->dev[i];
		if (strcmp(d->type, "vfat") != 0 && strcmp(d->type, "iso9660") != 0)
			continue;
		if (nocloud && strcasecmp(d->label, "cidata") == 0)
			found += read_drive(d->dev, d->type, 0);
		else if (config2 && strcasecmp(d->label, "config-2") == 0)
			found += read_drive(d->dev, d->type, 1);
	}
	return found;
}

/* The firmware's word on where this runs: EC2, or OpenStack (whose metadata service speaks EC2 too). */
static const char *cloud_by_dmi(void)
{
	static const struct {
		const char *file, *needle, *cloud;
	} marks[] = {
		{ "sys_vendor", "Amazon EC2", "EC2" },
		{ "bios_vendor", "Amazon EC2", "EC2" },
		{ "product_name", "OpenStack", "OpenStack" },
		{ "sys_vendor", "OpenStack", "OpenStack" },
		{ "chassis_asset_tag", "OpenStack", "OpenStack" },
	};
	char path[96], v[128];

	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
		snprintf(path, sizeof path, "/sys/class/dmi/id/%s", marks[i].file);
		if (sys_read_file(path, v, sizeof v) > 0 && strstr(v, marks[i].needle))
			return marks[i].cloud;
	}
	if (sys_read_file("/sys/class/dmi/id/product_uuid", v, sizeof v) > 0 && strncasecmp(v, "ec2", 3) == 0)
		return "EC2";
	return NULL;
}

/* One HTTP exchange with the metadata service; the body lands in buf. Returns the status, or -1. */
static int http(const char *method, const char *path, const char *const *headers, char *buf, size_t size,
		const char **body, size_t *body_len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct http_response r;
	long long until = sys_now_ms() + HTTP_TIMEOUT_MS;
	size_t len = 0;
	int fd, n, status = -1;

	inet_pton(AF_INET, METADATA_ADDR, &sa.sin_addr);
	n = http_format_request(buf, size, method, METADATA_ADDR, path, headers);
	if (n < 0)
		return -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS)
		goto out;
	struct pollfd p = { fd, POLLOUT, 0 };
	int err = 0;
	socklen_t el = sizeof err;
	if (poll(&p, 1, HTTP_TIMEOUT_MS) != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 || err)
		goto out;
	if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
		goto out;
	for (;;) {
		long long left = until - sys_now_ms();
		p.events = POLLIN;
		if (left <= 0 || poll(&p, 1, (int)left) != 1)
			goto out;
		ssize_t got = recv(fd, buf + len, size - 1 - len, 0);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0)
			goto out;
		len += (size_t)got;
		buf[len] = '\0';
		int done = http_parse_response(buf, len, got == 0, &r);
		if (done < 0)
			goto out;
		if (done > 0) {
			status = r.status;
			*body = r.body;
			*body_len = r.body_len;
			break;
		}
		if (got == 0 || len == size - 1)
			goto out;
	}
out:
	close(fd);
	return status;
}

/* Ask for the keys: IMDSv2's token first, the v1 way when the service has no tokens. */
static int ec2_keys(void)
{
	static char buf[65536], token[256], header[320], key[CLOUDCFG_VALUE_MAX];
	const char *body, *hdr[2] = { NULL, NULL };
	const char *const ttl[] = { "X-aws-ec2-metadata-token-ttl-seconds: 300", NULL };
	size_t blen;
	int idx[EC2_KEYS_MAX], n, kept = 0, status;

	status = http("PUT", "/latest/api/token", ttl, buf, sizeof buf, &body, &blen);
	if (status < 0)
		return -1;
	if (status == 200 && blen > 0 && blen < sizeof token && !memchr(body, '\r', blen) && !memchr(body, '\n', blen)) {
		memcpy(token, body, blen);
		token[blen] = '\0';
		snprintf(header, sizeof header, "X-aws-ec2-metadata-token: %s", token);
		hdr[0] = header;
	}
	status = http("GET", "/latest/meta-data/public-keys/", hdr[0] ? hdr : NULL, buf, sizeof buf, &body, &blen);
	if (status == 404)
		return 0;	/* an instance launched without a key */
	if (status != 200)
		return -1;
	n = cloudcfg_ec2_key_indices(body, blen, idx, EC2_KEYS_MAX);
	for (int i = 0; i < n; i++) {
		char path[96];
		snprintf(path, sizeof path, "/latest/meta-data/public-keys/%d/openssh-key", idx[i]);
		if (http("GET", path, hdr[0] ? hdr : NULL, buf, sizeof buf, &body, &blen) != 200 || blen >= sizeof key)
			continue;
		memcpy(key, body, blen);
		key[blen] = '\0';
		key[strcspn(key, "\r\n")] = '\0';
		kept += ssh_add_key("ec2 metadata", idx[i], key);
	}
	return kept;
}

static void exec_metadata(const char *arg)
{
	long long until = sys_now_ms() + METADATA_DEADLINE_MS;
	char count[16];
	int kept;

	(void)arg;
	// the service answers once a link has an address and a route to it
	while ((kept = ec2_keys()) < 0) {
		if (sys_now_ms() >= until) {
			log_warn("ec2 metadata: no answer from " METADATA_ADDR " in %d s; giving up",
				 METADATA_DEADLINE_MS / 1000);
			_exit(0);
		}
		sleep(1);
	}
	if (kept > 0 && ssh_keys_install() < 0)
		_exit(1);
	snprintf(count, sizeof count, "%d\n", kept);
	sys_write_file_atomic(METADATA_KEYS_FILE, count, strlen(count), 0644);
	log_info("ec2 metadata: %d new key(s)", kept);
	kill(1, LB_SIG_NET);
	_exit(0);
}

void datasource_metadata_start(const struct lb_cmdline *c)
{
	int explicit;
	const char *cloud;

	if (!wanted(c, "ec2", &explicit))
		return;
	cloud = cloud_by_dmi();
	if (!explicit && !cloud)
		return;
	log_info("ec2 metadata: asking " METADATA_ADDR " (%s)", explicit ? "lifeboat.datasource=ec2" : cloud);
	supervise_add_job("ec2 metadata", exec_metadata, NULL);
}

void datasource_report(struct report *r)
{
	char v[16];
	static int taken;

	if (taken || sys_read_file(METADATA_KEYS_FILE, v, sizeof v) <= 0)
		return;
	taken = 1;
	ssh_count_keys("ec2 metadata", atoi(v));
	ssh_describe(r, NULL);
}
