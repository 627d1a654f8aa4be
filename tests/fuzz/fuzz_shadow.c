/* Fuzz target: /etc/shadow as fix password edits it (shadow_set, shadow_find).
 * The file is the guest's, which whoever had root there may have written; the
 * user name is the operator's, the hash crypt()'s. Input: the user's name on the
 * first line, the hash on the second (in both, "\n", "\r" and "\\" stand for
 * those bytes, so that refusals are reached), the file after them.
 * Properties: shadow_find gives the first line whose first field is the user.
 * shadow_set refuses, with a reason and writing nothing, exactly: a name that is
 * empty, starts with '+' or '-' or holds ':' or '\n'; a hash that is empty or
 * holds ':', '\n' or '\r'; a missing user; a user's line of fewer than three
 * fields; no room. Otherwise the output is the input with only the user's line
 * rebuilt as user:hash:days and that line's own fourth and later fields: every
 * other line byte-for-byte and in order, line endings (the user's included). */
// sources: init/fix/shadow.c
#include "fuzz.h"
#include "fix/shadow.h"

#include <limits.h>

/* A header line with its escapes decoded, NUL-terminated (a NUL in it ends it early). */
static char *header(const uint8_t *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t o = 0;

	if (!out)
		abort();
	for (size_t i = 0; i < n; i++) {
		char c = (char)s[i];
		if (c == '\\' && i + 1 < n && (s[i + 1] == 'n' || s[i + 1] == 'r' || s[i + 1] == '\\')) {
			c = s[i + 1] == 'n' ? '\n' : s[i + 1] == 'r' ? '\r' : '\\';
			i++;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

/* The next line of data from *pos: its start and length without the newline. */
static const uint8_t *next_line(const uint8_t *data, size_t size, size_t *pos, size_t *len)
{
	const uint8_t *l = data + *pos, *nl = memchr(l, '\n', size - *pos);

	*len = nl ? (size_t)(nl - l) : size - *pos;
	*pos += *len + (nl != NULL);
	return l;
}

/* The user's line as the format defines it: the first whose first field is user. */
static const char *model_find(const char *f, size_t len, const char *user, size_t *ll, int *lineno)
{
	size_t ul = strlen(user), pos = 0;
	int n = 0;

	while (ul && pos < len) {
		const char *l = f + pos, *nl = memchr(l, '\n', len - pos);
		size_t n_ = nl ? (size_t)(nl - l) : len - pos;
		n++;
		if (n_ > ul && memcmp(l, user, ul) == 0 && l[ul] == ':') {
			*ll = n_;
			*lineno = n;
			return l;
		}
		pos += n_ + (nl != NULL);
	}
	*lineno = 0;
	return NULL;
}

static int untouched(const char *out, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if ((unsigned char)out[i] != 0xa5)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long days_of[] = { 19700, 0, -1, LONG_MAX };
	size_t pos = 0, ul_raw, hl_raw;
	const uint8_t *u = next_line(data, size, &pos, &ul_raw);
	const uint8_t *h = next_line(data, size, &pos, &hl_raw);
	char *user = header(u, ul_raw), *hash = header(h, hl_raw);
	// the file is the rest of the fuzzer's buffer, so that a read past its end is seen
	const char *file = (const char *)data + pos;
	size_t flen = size - pos, ll = 0;
	long days = days_of[flen % 4];
	int lineno;
	const char *line = model_find(file, flen, user, &ll, &lineno);

	FUZZ_ASSERT(shadow_find(file, flen, user) == lineno, "line %d, want %d", shadow_find(file, flen, user), lineno);

	// the refusals the header names, and the expected output otherwise
	int colons = 0;
	for (size_t i = 0; line && i < ll; i++)
		colons += line[i] == ':';
	int refuse = !user[0] || strchr(":\n+-", user[0]) || strchr(user, ':') || strchr(user, '\n') || !hash[0] ||
		     strpbrk(hash, ":\n\r") || !line || colons < 2;

	size_t hlen = strlen(hash), big = flen + hlen + 32;
	char *out = malloc(big), *want = malloc(big);
	const char *why = NULL;
	if (!out || !want)
		abort();
	memset(out, 0xa5, big);
	long rc = shadow_set(file, flen, user, hash, days, out, big, &why);
	FUZZ_ASSERT((rc < 0) == refuse, "rc %ld, refusal expected %d (%s)", rc, refuse, why ? why : "no reason");
	if (rc < 0) {
		FUZZ_ASSERT(rc == -1 && why && why[0], "a refusal without a reason");
		FUZZ_ASSERT(untouched(out, big), "a refusal wrote into out");
		goto end;
	}

	// before the line, the user's name and ':' as they were, the hash, the days, then the line's own
	// fourth and later fields (from the ':' before them) or its '\r', and the rest of the file
	size_t start = (size_t)(line - file), w = start, ul = strlen(user);
	const char *f3 = memchr(line + ul + 1, ':', ll - ul - 1);
	const char *f4 = memchr(f3 + 1, ':', (size_t)(line + ll - f3 - 1));
	size_t keep = f4 ? (size_t)(f4 - file) : start + ll - (line[ll - 1] == '\r');
	memcpy(want, file, start + ul + 1);
	w += ul + 1;
	memcpy(want + w, hash, hlen);
	w += hlen;
	w += (size_t)snprintf(want + w, big - w, ":%ld", days < 0 ? 0 : days);
	memcpy(want + w, file + keep, flen - keep);
	w += flen - keep;
	FUZZ_ASSERT(rc == (long)w && memcmp(out, want, w) == 0 && out[w] == '\0',
		    "line %d of user \"%s\": %ld bytes out, %zu wanted", lineno, user, rc, w);
	FUZZ_ASSERT(shadow_find(out, (size_t)rc, user) == lineno, "the user's line moved");

	// just room, and one byte short: refused, nothing written
	memset(out, 0xa5, big);
	FUZZ_ASSERT(shadow_set(file, flen, user, hash, days, out, (size_t)rc, &why) == -1 && why &&
		    untouched(out, big), "no room for the NUL, yet %s", why ? why : "no reason");
	FUZZ_ASSERT(shadow_set(file, flen, user, hash, days, out, (size_t)rc + 1, &why) == rc &&
		    memcmp(out, want, w) == 0, "just room");
end:
	free(out);
	free(want);
	free(user);
	free(hash);
	return 0;
}
