/* shadow: find the user's line by its first field; rebuild only that line. */
#include "shadow.h"

#include <string.h>

/* The line of user starting at or after in: its start, and its length without the newline. */
static const char *find(const char *in, size_t len, const char *user, size_t *line_len, int *lineno)
{
	size_t ul = strlen(user), pos = 0;
	int n = 0;

	while (pos < len) {
		const char *l = in + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos;
		n++;
		if (ul && ll > ul && memcmp(l, user, ul) == 0 && l[ul] == ':') {
			*line_len = ll;
			*lineno = n;
			return l;
		}
		pos += ll + (nl != NULL);
	}
	return NULL;
}

int shadow_find(const char *in, size_t len, const char *user)
{
	size_t ll;
	int n = 0;

	return find(in, len, user, &ll, &n) ? n : 0;
}

long shadow_set(const char *in, size_t len, const char *user, const char *hash, long days, char *out, size_t size,
		const char **why)
{
	size_t ll, o = 0;
	int n;
	const char *l = find(in, len, user, &ll, &n);
	char num[24];

	*why = NULL;
	if (!*user || strpbrk(user, ":\n+-") == user || strchr(user, ':') || strchr(user, '\n')) {
		*why = "not a user name";
		return -1;
	}
	if (!hash[0] || strpbrk(hash, ":\n\r")) {
		*why = "the hash has no place in a shadow field";
		return -1;
	}
	if (!l) {
		*why = "no such user in the guest's /etc/shadow";
		return -1;
	}
	// fields: name, password, last change, then the rest as they are
	const char *f2 = memchr(l, ':', ll);
	const char *f3 = f2 ? memchr(f2 + 1, ':', (size_t)(l + ll - f2 - 1)) : NULL;
	if (!f2 || !f3) {
		*why = "the user's shadow line has fewer than three fields";
		return -1;
	}
	const char *f4 = memchr(f3 + 1, ':', (size_t)(l + ll - f3 - 1));
	// from the ':' before field 4, or the line's end (a CRLF line's '\r' is its ending, not field 3)
	const char *rest = f4 ? f4 : l + ll - (l[ll - 1] == '\r');
	int nn = 0;
	long d = days < 0 ? 0 : days;
	char rev[24];
	do
		rev[nn++] = (char)('0' + d % 10);
	while ((d /= 10) && nn < (int)sizeof rev);
	for (int i = 0; i < nn; i++)
		num[i] = rev[nn - 1 - i];
	num[nn] = '\0';

	size_t head = (size_t)(f2 + 1 - in);	/* everything up to and with "user:" */
	size_t tail = len - (size_t)(rest - in);
	size_t need = head + strlen(hash) + 1 + strlen(num) + tail;
	if (need + 1 > size) {
		*why = "no room";
		return -1;
	}
	memcpy(out, in, head);
	o = head;
	memcpy(out + o, hash, strlen(hash));
	o += strlen(hash);
	out[o++] = ':';
	memcpy(out + o, num, strlen(num));
	o += strlen(num);
	memcpy(out + o, rest, tail);
	o += tail;
	out[o] = '\0';
	return (long)o;
}
