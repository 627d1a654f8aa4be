/* Fuzz target: the kernel command line (cmdline_split, cmdline_parse,
 * cmdline_console_device). A control panel writes it, a customer may have typed
 * it. Properties: every string handed back lies inside the parsed buffer (a
 * refused value is noted by its key's constant name); the
 * counts stay in their arrays; a console device is a plain name in /dev. */
// sources: init/lib/cmdline.c
#include "fuzz.h"
#include "lib/cmdline.h"

#define INSIDE(p) FUZZ_ASSERT(!(p) || fuzz_inside((p), buf, size + 1), "a string outside the buffer")

static int known(const char *key)
{
	static const char *const plain[] = { "console", "ip", "ifname", "nameserver", "BOOTIF" };

	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		if (strcmp(key, plain[i]) == 0)
			return 1;
	return strncmp(key, "lifeboat.", 9) == 0;
}

static void console_device(const char *value)
{
	char dev[32];

	if (cmdline_console_device(value, dev, sizeof dev) < 0)
		return;
	FUZZ_ASSERT(dev[0] && strlen(dev) < sizeof dev && !strchr(dev, '/') && !strchr(dev, '.'),
		    "console device %s", dev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmdline_param params[16];
	struct lb_cmdline c;
	int more = -1, n;
	char *buf = fuzz_string(data, size);

	n = cmdline_split(buf, params, 16, &more);
	FUZZ_ASSERT(n >= 0 && n <= 16 && more >= 0, "split %d, %d more", n, more);
	for (int i = 0; i < n; i++) {
		INSIDE(params[i].key);
		INSIDE(params[i].value);
	}
	free(buf);

	buf = fuzz_string(data, size);
	memset(&c, 0x5a, sizeof c);
	cmdline_parse(buf, &c);
	FUZZ_ASSERT(c.nconsole >= 0 && c.nconsole <= CMDLINE_CONSOLES_MAX, "%d consoles", c.nconsole);
	FUZZ_ASSERT(c.nssh_key >= 0 && c.nssh_key <= CMDLINE_KEYS_MAX, "%d keys", c.nssh_key);
	FUZZ_ASSERT(c.nip >= 0 && c.nip <= CMDLINE_REPEAT_MAX && c.nifname >= 0 && c.nifname <= CMDLINE_REPEAT_MAX &&
		    c.nnameserver >= 0 && c.nnameserver <= CMDLINE_REPEAT_MAX, "repeats");
	FUZZ_ASSERT(c.nunknown >= 0 && c.nunknown <= CMDLINE_NOTED_MAX && c.nbad >= 0 && c.nbad <= CMDLINE_NOTED_MAX,
		    "noted");
	FUZZ_ASSERT(c.ngarbage >= 0 && c.ndropped >= 0 && c.nkernel >= 0, "counts");
	FUZZ_ASSERT((c.menu == 0 || c.menu == 1) && (c.diagnose == 0 || c.diagnose == 1), "flags");
	for (int i = 0; i < c.nconsole; i++) {
		INSIDE(c.console[i]);
		console_device(c.console[i]);
	}
	for (int i = 0; i < c.nssh_key; i++)
		INSIDE(c.ssh_key[i]);
	for (int i = 0; i < c.nip; i++)
		INSIDE(c.ip[i]);
	for (int i = 0; i < c.nifname; i++)
		INSIDE(c.ifname[i]);
	for (int i = 0; i < c.nnameserver; i++)
		INSIDE(c.nameserver[i]);
	for (int i = 0; i < c.nunknown; i++)
		INSIDE(c.unknown[i]);
	// refused values are noted by the key's own name (a constant)
	for (int i = 0; i < c.nbad; i++)
		FUZZ_ASSERT(known(c.bad[i]), "bad key %s", c.bad[i]);
	INSIDE(c.password_hash);
	INSIDE(c.bootif);
	INSIDE(c.root);
	INSIDE(c.modules);
	INSIDE(c.datasource);
	INSIDE(c.ssh_port);
	INSIDE(c.carrier_wait);
	free(buf);
	return 0;
}
