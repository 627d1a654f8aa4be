/* authorized_keys lines compared by their type and blob; passwd and sshd_config read by fields. */
#include "authkeys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The word w (wl bytes) starts with prefix p. */
static int starts(const char *w, size_t wl, const char *p)
{
	size_t pl = strlen(p);

	return wl >= pl && memcmp(w, p, pl) == 0;
}

/* The "type blob" part of a line: after any options, the first word that looks
 * like a key type, and the word after it. */
static int key_id(const char *l, size_t ll, const char **id, size_t *il)
{
	size_t i = 0;

	while (i < ll) {
		while (i < ll && (l[i] == ' ' || l[i] == '\t'))
			i++;
		size_t w = i;
		int quoted = 0;
		while (i < ll && ((l[i] != ' ' && l[i] != '\t') || quoted)) {
			if (l[i] == '"')
				quoted = !quoted;
			i++;
		}
		if (starts(l + w, i - w, "ssh-") || starts(l + w, i - w, "ecdsa-") || starts(l + w, i - w, "sk-")) {
			size_t j = i;
			while (j < ll && (l[j] == ' ' || l[j] == '\t'))
				j++;
			size_t b = j;
			while (j < ll && l[j] != ' ' && l[j] != '\t' && l[j] != '\r')
				j++;
			if (j == b)
				return -1;
			*id = l + w;
			*il = j - w;
			return 0;
		}
	}
	return -1;
}

/* Same type and blob, whatever blanks sit between them. */
static int same(const char *a, size_t al, const char *b, size_t bl)
{
	size_t i = 0, j = 0;

	while (i < al && j < bl) {
		int sa = a[i] == ' ' || a[i] == '\t', sb = b[j] == ' ' || b[j] == '\t';
		if (sa && sb) {
			while (i < al && (a[i] == ' ' || a[i] == '\t'))
				i++;
			while (j < bl && (b[j] == ' ' || b[j] == '\t'))
				j++;
			continue;
		}
		if (a[i] != b[j])
			return 0;
		i++;
		j++;
	}
	return i == al && j == bl;
}

long authkeys_add(const char *in, size_t len, const char *key, char *out, size_t size)
{
	const char *kid;
	size_t kil, pos = 0, kl = strlen(key);

	if (key_id(key, kl, &kid, &kil) < 0)
		return -1;
	while (pos < len) {
		const char *l = in + pos, *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos;
		const char *id;
		size_t il, b = 0;
		// sshd skips blanks, then a line starting with '#'
		while (b < ll && (l[b] == ' ' || l[b] == '\t'))
			b++;
		if (b < ll && l[b] != '#' && key_id(l, ll, &id, &il) == 0 && same(id, il, kid, kil))
			return 0;
		pos += ll + (nl != NULL);
	}
	int needs_nl = len > 0 && in[len - 1] != '\n';
	if (len + (size_t)needs_nl + kl + 2 > size)
		return -1;
	memcpy(out, in, len);
	size_t o = len;
	if (needs_nl)
		out[o++] = '\n';
	memcpy(out + o, key, kl);
	o += kl;
	out[o++] = '\n';
	out[o] = '\0';
	return (long)o;
}

/* A uid or gid field, up to its ':': decimal digits only (no sign, no blank) and
 * below 2^32 - 1, the kernel's "no id" (4294967296 must not wrap to root). */
static int id_field(const char *f, unsigned long *v)
{
	size_t n = strspn(f, "0123456789");

	*v = 0;
	if (n == 0 || n > 10 || f[n] != ':')
		return -1;
	for (size_t i = 0; i < n; i++)
		*v = *v * 10 + (unsigned long)(f[i] - '0');
	return *v < 4294967295UL ? 0 : -1;
}

int passwd_lookup(const char *text, size_t len, const char *user, unsigned *uid, unsigned *gid, char *home,
		  size_t hsize)
{
	size_t ul = strlen(user), pos = 0;

	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos;
		if (ll > ul && memcmp(l, user, ul) == 0 && l[ul] == ':') {
			// name:x:uid:gid:gecos:home:shell
			const char *f[7];
			int n = 0;
			f[n++] = l;
			for (size_t i = 0; i < ll && n < 7; i++)
				if (l[i] == ':')
					f[n++] = l + i + 1;
			if (n < 7)
				return -1;
			unsigned long u, g;
			if (id_field(f[2], &u) < 0 || id_field(f[3], &g) < 0)
				return -1;
			size_t hl = (size_t)(f[6] - f[5] - 1);
			if (hl == 0 || hl >= hsize || f[5][0] != '/')
				return -1;
			memcpy(home, f[5], hl);
			home[hl] = '\0';
			*uid = (unsigned)u;
			*gid = (unsigned)g;
			return 0;
		}
		pos += ll + (nl != NULL);
	}
	return -1;
}

void sshd_config_report(const char *text, size_t len, const char *user, char *out, size_t size)
{
	size_t pos = 0, o = 0;

	out[0] = '\0';
	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos;
		char line[512], key[64], val[256];
		pos += ll + (nl != NULL);
		if (ll >= sizeof line)
			continue;
		memcpy(line, l, ll);
		line[ll] = '\0';
		// a Match block applies to some connections only: lines from there on are not the defaults
		if (sscanf(line, " %63s %255[^\r\n]", key, val) != 2 || key[0] == '#')
			continue;
		if (strcasecmp(key, "Match") == 0)
			break;
		const char *say = NULL;
		if (strcasecmp(key, "PermitRootLogin") == 0 && strcmp(user, "root") == 0 && strncasecmp(val, "no", 2) == 0)
			say = "sshd_config: PermitRootLogin no: root cannot log in over SSH at all";
		else if (strcasecmp(key, "PubkeyAuthentication") == 0 && strncasecmp(val, "no", 2) == 0)
			say = "sshd_config: PubkeyAuthentication no: no key is accepted";
		else if (strcasecmp(key, "AuthorizedKeysFile") == 0 && !strstr(val, ".ssh/authorized_keys"))
			say = "sshd_config: AuthorizedKeysFile points elsewhere: this key file is not read";
		if (say && o + strlen(say) + 2 < size)
			o += (size_t)snprintf(out + o, size - o, "%s\n", say);
	}
}
