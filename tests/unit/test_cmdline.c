/* Kernel command line: splitting, the key table, limits and garbage. */
#include "t.h"
#include "lib/cmdline.h"

#include <stdlib.h>

static void test_split(void)
{
	static const struct {
		const char *line;
		int n;
		const char *key0, *value0, *key1, *value1;
	} cases[] = {
		{ "", 0, NULL, NULL, NULL, NULL },
		{ "   \t\n ", 0, NULL, NULL, NULL, NULL },
		{ "quiet", 1, "quiet", NULL, NULL, NULL },
		{ "a=1 b=2", 2, "a", "1", "b", "2" },
		{ "  a=1\t\tb=2  ", 2, "a", "1", "b", "2" },
		{ "k=\"x y z\" b", 2, "k", "x y z", "b", NULL },
		{ "\"k=x y\" b", 2, "k", "x y", "b", NULL },
		{ "k=\"unterminated value", 1, "k", "unterminated value", NULL, NULL },
		{ "k=a=b", 1, "k", "a=b", NULL, NULL },
		{ "k= next", 2, "k", "", "next", NULL },
		{ "=v", 1, "", "v", NULL, NULL },
		{ "k=\"\"", 1, "k", "", NULL, NULL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char buf[256];
		struct cmdline_param p[4];
		int more = -1;
		snprintf(buf, sizeof buf, "%s", cases[i].line);
		int n = cmdline_split(buf, p, 4, &more);
		CHECK(n == cases[i].n, "'%s': %d params, want %d", cases[i].line, n, cases[i].n);
		CHECK(more == 0, "'%s': more=%d", cases[i].line, more);
		if (n >= 1 && cases[i].n >= 1) {
			CHECK_STR(p[0].key, cases[i].key0, cases[i].line);
			CHECK_STR(p[0].value, cases[i].value0, cases[i].line);
		}
		if (n >= 2 && cases[i].n >= 2) {
			CHECK_STR(p[1].key, cases[i].key1, cases[i].line);
			CHECK_STR(p[1].value, cases[i].value1, cases[i].line);
		}
	}

	// more words than room: counted, not stored
	char buf[64] = "a b c d e f";
	struct cmdline_param p[4];
	int more = 0;
	CHECK(cmdline_split(buf, p, 4, &more) == 4 && more == 2, "limit: more=%d", more);
}

static void test_parse(void)
{
	struct lb_cmdline c;
	char buf[1024];

	snprintf(buf, sizeof buf,
		 "BOOT_IMAGE=/vmlinuz quiet console=tty0 console=ttyS0,115200n8 "
		 "lifeboat.ssh_key=\"ssh-ed25519 AAAAC3Nza user@host\" lifeboat.ssh_key=b64:c3No "
		 "lifeboat.root=LABEL=old lifeboat.root=UUID=1234 lifeboat.menu=0 "
		 "ip=dhcp nameserver=10.0.2.3 BOOTIF=01-52-54-00-12-34-56 lifeboat.datasource=ec2 "
		 "lifeboat.modules=virtio_blk,ext4 lifeboat.ssh_port=2222 lifeboat.carrier_wait=10 ifname=lan0:52:54:00:12:34:56");
	cmdline_parse(buf, &c);
	CHECK(c.nconsole == 2, "consoles %d", c.nconsole);
	CHECK_STR(c.console[0], "tty0", "console 0");
	CHECK_STR(c.console[1], "ttyS0,115200n8", "console 1");
	CHECK(c.nssh_key == 2, "keys %d", c.nssh_key);
	CHECK_STR(c.ssh_key[0], "ssh-ed25519 AAAAC3Nza user@host", "quoted key keeps its blanks");
	CHECK_STR(c.ssh_key[1], "b64:c3No", "second key");
	CHECK_STR(c.root, "UUID=1234", "the last root= wins");
	CHECK(c.menu == 0, "menu %d", c.menu);
	CHECK(c.nip == 1 && c.nnameserver == 1, "ip %d ns %d", c.nip, c.nnameserver);
	CHECK_STR(c.bootif, "01-52-54-00-12-34-56", "BOOTIF");
	CHECK_STR(c.datasource, "ec2", "datasource");
	CHECK_STR(c.modules, "virtio_blk,ext4", "modules");
	CHECK_STR(c.ssh_port, "2222", "ssh_port");
	CHECK_STR(c.carrier_wait, "10", "carrier_wait");
	CHECK(c.nifname == 1, "ifname %d", c.nifname);
	CHECK(c.nkernel == 2, "kernel words %d (BOOT_IMAGE, quiet)", c.nkernel);
	CHECK(c.loglevel_given == 0, "quiet chooses no console level of its own");
	{
		static const char *const chosen[] = { "loglevel=7", "debug", "ignore_loglevel", "x=1 loglevel" };
		static const char *const not_chosen[] = { "loglevels=7", "lifeboat.loglevel=7", "debugfs=on", "" };
		for (size_t i = 0; i < sizeof chosen / sizeof *chosen; i++) {
			char line[64];
			struct lb_cmdline l;
			snprintf(line, sizeof line, "%s", chosen[i]);
			cmdline_parse(line, &l);
			CHECK(l.loglevel_given == 1, "%s chooses the console level", chosen[i]);
			snprintf(line, sizeof line, "%s", not_chosen[i]);
			cmdline_parse(line, &l);
			CHECK(l.loglevel_given == 0, "%s does not", not_chosen[i]);
		}
	}
	CHECK(c.nunknown == 0 && c.nbad == 0 && c.ngarbage == 0 && c.ndropped == 0,
	      "clean line: unknown %d bad %d garbage %d dropped %d", c.nunknown, c.nbad, c.ngarbage, c.ndropped);
	CHECK(c.password_hash == NULL && !c.plaintext_password, "no password given");

	// negative twins: unknown keys, bad values, refusals
	snprintf(buf, sizeof buf,
		 "lifeboat.rot=UUID=1 lifeboat.menu=maybe lifeboat.root= lifeboat.password=hunter2 "
		 "lifeboat.ssh_key console");
	cmdline_parse(buf, &c);
	CHECK(c.nunknown == 1, "unknown %d", c.nunknown);
	CHECK_STR(c.nunknown ? c.unknown[0] : NULL, "lifeboat.rot", "unknown key named");
	CHECK(c.nbad == 4, "bad %d (menu=maybe, root=, bare ssh_key, bare console)", c.nbad);
	CHECK(c.menu == 1, "a bad menu value leaves the default, got %d", c.menu);
	CHECK(c.root == NULL, "empty root= is not a root");
	CHECK(c.plaintext_password == 1, "plaintext password noticed");
	CHECK(c.password_hash == NULL, "plaintext password never becomes a hash");
	CHECK(c.nssh_key == 0 && c.nconsole == 0, "bare words store nothing");

	snprintf(buf, sizeof buf, "lifeboat.menu lifeboat.menu=off lifeboat.menu=yes");
	cmdline_parse(buf, &c);
	CHECK(c.menu == 1, "menu=yes last: %d", c.menu);
	snprintf(buf, sizeof buf, "lifeboat.menu=yes lifeboat.menu=off");
	cmdline_parse(buf, &c);
	CHECK(c.menu == 0, "menu=off last: %d", c.menu);

	// diagnose at boot: on unless turned off
	CHECK(c.diagnose == 1, "diagnose is on by default: %d", c.diagnose);
	snprintf(buf, sizeof buf, "lifeboat.diagnose=0");
	cmdline_parse(buf, &c);
	CHECK(c.diagnose == 0 && c.nbad == 0, "diagnose=0: %d (bad %d)", c.diagnose, c.nbad);
	snprintf(buf, sizeof buf, "lifeboat.diagnose=later");
	cmdline_parse(buf, &c);
	CHECK(c.diagnose == 1 && c.nbad == 1, "diagnose=later is refused, the default stays: %d (bad %d)", c.diagnose,
	      c.nbad);
}

static void test_limits(void)
{
	static char buf[8192];
	struct lb_cmdline c;
	size_t len = 0;

	for (int i = 0; i < CMDLINE_CONSOLES_MAX + 3; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "console=ttyS%d ", i);
	cmdline_parse(buf, &c);
	CHECK(c.nconsole == CMDLINE_CONSOLES_MAX, "consoles capped: %d", c.nconsole);
	CHECK(c.ndropped == 3, "dropped %d", c.ndropped);

	len = 0;
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "w%d ", i);
	cmdline_parse(buf, &c);
	CHECK(c.nkernel == 256 && c.ndropped == 44, "300 words: %d kept, %d dropped", c.nkernel, c.ndropped);

	// an absurdly long key is garbage, a long value is fine
	memset(buf, 'k', 100);
	snprintf(buf + 100, sizeof buf - 100, "=1 lifeboat.root=");
	memset(buf + 117, 'v', 3000);
	buf[3117] = '\0';
	cmdline_parse(buf, &c);
	CHECK(c.ngarbage == 1, "long key is garbage: %d", c.ngarbage);
	CHECK(c.root && strlen(c.root) == 3000, "long value kept");
}

static void test_garbage(void)
{
	static char buf[4097];
	unsigned seed = 12345;

	for (int round = 0; round < 200; round++) {
		struct lb_cmdline c;
		for (size_t i = 0; i < 4096; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (char)((seed >> 16) & 0xff);
			if (buf[i] == '\0')
				buf[i] = '"';
		}
		buf[4096] = '\0';
		cmdline_parse(buf, &c);
		CHECK(c.nconsole <= CMDLINE_CONSOLES_MAX && c.nssh_key <= CMDLINE_KEYS_MAX,
		      "round %d: counts in range", round);
		if (round == 0)
			CHECK(c.ngarbage > 0, "random bytes are seen as garbage: %d", c.ngarbage);
	}
}

static void test_console_device(void)
{
	static const struct {
		const char *value, *want;	/* want NULL: refused */
	} cases[] = {
		{ "ttyS0", "ttyS0" },
		{ "ttyS0,115200n8", "ttyS0" },
		{ "/dev/hvc0", "hvc0" },
		{ "tty0", "tty0" },
		{ "ttyAMA0,115200", "ttyAMA0" },
		{ "", NULL },
		{ ",115200", NULL },
		{ "../sda", NULL },
		{ "tty/../../etc", NULL },
		{ "uart8250,io,0x3f8,115200n8", NULL },
		{ "ttynull", NULL },
		{ "ttyS0verylongnameverylongnameverylongname", NULL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[32];
		int r = cmdline_console_device(cases[i].value, out, sizeof out);
		if (cases[i].want) {
			CHECK(r == 0, "%s accepted", cases[i].value);
			if (r == 0)
				CHECK_STR(out, cases[i].want, cases[i].value);
		} else {
			CHECK(r < 0, "%s refused", cases[i].value);
		}
	}
}

int main(void)
{
	test_split();
	test_parse();
	test_limits();
	test_garbage();
	test_console_device();
	return t_done("test_cmdline");
}
