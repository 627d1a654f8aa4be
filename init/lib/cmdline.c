/* Kernel command line parsing: split into words, then a table of the keys lifeboat reads. */
#include "cmdline.h"

#include <stddef.h>
#include <string.h>

int cmdline_split(char *buf, struct cmdline_param *params, int max, int *more)
{
	char *r = buf, *w = buf;
	int n = 0, extra = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (*r == '\0')
			break;

		// copy one word down over itself, dropping the quotes that group it
		char *word = w, *eq = NULL;
		int quoted = 0;
		for (; *r; r++) {
			if (*r == '"') {
				quoted = !quoted;
				continue;
			}
			if (!quoted && (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r'))
				break;
			if (*r == '=' && !eq)
				eq = w;
			*w++ = *r;
		}
		if (*r)
			r++;
		*w++ = '\0';

		if (n >= max) {
			extra++;
			continue;
		}
		params[n].key = word;
		params[n].value = NULL;
		if (eq) {
			*eq = '\0';
			params[n].value = eq + 1;
		}
		n++;
	}
	if (more)
		*more = extra;
	return n;
}

enum kind { ONE, MANY, BOOL, REFUSE };

struct key_spec {
	const char *key;
	enum kind kind;
	size_t field;		/* offsetof the pointer (ONE) or array (MANY), or int (BOOL) */
	size_t count;		/* offsetof the count (MANY) */
	int max;		/* capacity (MANY) */
};

#define K_ONE(k, f) { k, ONE, offsetof(struct lb_cmdline, f), 0, 0 }
#define K_MANY(k, f, cap) { k, MANY, offsetof(struct lb_cmdline, f), offsetof(struct lb_cmdline, n##f), cap }
#define K_BOOL(k, f) { k, BOOL, offsetof(struct lb_cmdline, f), 0, 0 }

static const struct key_spec keys[] = {
	K_MANY("console", console, CMDLINE_CONSOLES_MAX),
	K_MANY("ip", ip, CMDLINE_REPEAT_MAX),
	K_MANY("ifname", ifname, CMDLINE_REPEAT_MAX),
	K_MANY("nameserver", nameserver, CMDLINE_REPEAT_MAX),
	K_ONE("BOOTIF", bootif),
	K_MANY("lifeboat.ssh_key", ssh_key, CMDLINE_KEYS_MAX),
	K_ONE("lifeboat.password_hash", password_hash),
	K_ONE("lifeboat.root", root),
	K_ONE("lifeboat.modules", modules),
	K_ONE("lifeboat.datasource", datasource),
	K_ONE("lifeboat.ssh_port", ssh_port),
	K_ONE("lifeboat.carrier_wait", carrier_wait),
	K_BOOL("lifeboat.menu", menu),
	K_BOOL("lifeboat.diagnose", diagnose),
	{ "lifeboat.password", REFUSE, offsetof(struct lb_cmdline, plaintext_password), 0, 0 },
};

static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

static void note(const char **list, int *n, const char *key)
{
	if (*n < CMDLINE_NOTED_MAX)
		list[(*n)++] = key;
}

static int parse_bool(const char *v)
{
	static const char *const yes[] = { "1", "yes", "on", "true" };
	static const char *const no[] = { "0", "no", "off", "false" };

	if (!v)
		return 1;	/* a bare "lifeboat.menu" means on */
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

static void apply(struct lb_cmdline *c, const struct key_spec *k, const char *value)
{
	char *base = (char *)c;

	switch (k->kind) {
	case ONE:
		if (!value || !*value) {
			note(c->bad, &c->nbad, k->key);
			return;
		}
		*(const char **)(base + k->field) = value;	/* the last one wins, as in the kernel */
		return;
	case MANY: {
		int *n = (int *)(base + k->count);
		if (!value || !*value) {
			note(c->bad, &c->nbad, k->key);
			return;
		}
		if (*n >= k->max) {
			c->ndropped++;
			return;
		}
		((const char **)(base + k->field))[(*n)++] = value;
		return;
	}
	case BOOL: {
		int b = parse_bool(value);
		if (b < 0)
			note(c->bad, &c->nbad, k->key);
		else
			*(int *)(base + k->field) = b;
		return;
	}
	case REFUSE:
		*(int *)(base + k->field) = 1;
		return;
	}
}

void cmdline_parse(char *buf, struct lb_cmdline *out)
{
	struct cmdline_param params[256];
	int more = 0;
	int n = cmdline_split(buf, params, (int)(sizeof params / sizeof *params), &more);

	memset(out, 0, sizeof *out);
	out->menu = 1;
	out->diagnose = 1;
	out->ndropped = more;

	for (int i = 0; i < n; i++) {
		const char *key = params[i].key, *value = params[i].value;
		const struct key_spec *k = NULL;

		if (!*key || strlen(key) > CMDLINE_KEY_MAX || !printable(key) ||
		    (value && !printable(value))) {
			out->ngarbage++;
			continue;
		}
		if (strcmp(key, "--") == 0)
			continue;
		for (size_t j = 0; j < sizeof keys / sizeof *keys; j++)
			if (strcmp(key, keys[j].key) == 0)
				k = &keys[j];
		if (k)
			apply(out, k, value);
		else if (strncmp(key, "lifeboat.", 9) == 0)
			note(out->unknown, &out->nunknown, key);
		else
			out->nkernel++;
		if (!k && (strcmp(key, "loglevel") == 0 || strcmp(key, "debug") == 0 || strcmp(key, "ignore_loglevel") == 0))
			out->loglevel_given = 1;
	}
}

int cmdline_console_device(const char *value, char *out, size_t outlen)
{
	size_t len;

	if (strncmp(value, "/dev/", 5) == 0)
		value += 5;
	len = strcspn(value, ",");
	if (len == 0 || len >= outlen)
		return -1;
	// a device file directly in /dev, by a plain name: nothing to escape /dev with
	for (size_t i = 0; i < len; i++) {
		char ch = value[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return -1;
	}
	// "uart8250,io,0x3f8" and "ttynull" name no terminal a shell could use
	if (strncmp(value, "uart", 4) == 0 || strncmp(value, "ttynull", len) == 0)
		return -1;
	memcpy(out, value, len);
	out[len] = '\0';
	return 0;
}
