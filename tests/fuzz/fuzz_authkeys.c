/* Fuzz target: the guest files fix ssh-key reads and edits (authkeys_add,
 * passwd_lookup, sshd_config_report). authorized_keys, /etc/passwd and
 * sshd_config are the guest's, which whoever had root there may have written;
 * the user and the key are the operator's. Input: the user's name on the first
 * line, the key on the second, then a text read as each of the three files.
 * Properties: authkeys_add refuses (-1) exactly a key it cannot read (whatever
 * the file), else gives the file's bytes unchanged, a newline if the file lacked
 * its last, the key and a newline; a second add of it finds it there (0); it
 * finds a key there (0) only on a line sshd reads, so never on a comment, which
 * may be indented; out one byte short is no room. passwd_lookup's home is the
 * sixth field of the first line of the user (or its start, up to a NUL in it),
 * starts with '/' and is NUL-terminated within its buffer. sshd_config_report
 * writes whole known sentences, one a line, NUL-terminated within its buffer,
 * and the root-login one only for root. */
// sources: init/fix/authkeys.c
#include "fuzz.h"
#include "fix/authkeys.h"

static const char *next_line(const char *t, size_t len, size_t *pos, size_t *ll)
{
	const char *l = t + *pos, *nl = memchr(l, '\n', len - *pos);

	*ll = nl ? (size_t)(nl - l) : len - *pos;
	*pos += *ll + (nl != NULL);
	return l;
}

/* The line starts, blanks aside, with '#': sshd skips it (auth_check_authkey_line). */
static int comment(const char *l, size_t ll)
{
	size_t i = 0;

	while (i < ll && (l[i] == ' ' || l[i] == '\t'))
		i++;
	return i < ll && l[i] == '#';
}

static void add(const char *text, size_t len, const char *key)
{
	size_t kl = strlen(key), big = len + kl + 3;
	char *out = malloc(big), *again = malloc(big + kl + 2), *none = malloc(kl + 3);
	int nl = len > 0 && text[len - 1] != '\n';

	if (!out || !again || !none)
		abort();
	int valid = authkeys_add("", 0, key, none, kl + 3) > 0;
	long rc = authkeys_add(text, len, key, out, big);
	FUZZ_ASSERT((rc == -1) == !valid, "rc %ld for a key that is %s", rc, valid ? "valid" : "not valid");
	if (rc > 0) {
		FUZZ_ASSERT((size_t)rc == len + (size_t)nl + kl + 1, "length %ld", rc);
		FUZZ_ASSERT(memcmp(out, text, len) == 0, "the existing bytes changed");
		FUZZ_ASSERT((!nl || out[len] == '\n') && memcmp(out + len + nl, key, kl) == 0 &&
			    out[rc - 1] == '\n' && out[rc] == '\0', "the key's line");
		// once there, it is there (unless the key itself reads as a comment)
		if (!comment(key, kl))
			FUZZ_ASSERT(authkeys_add(out, (size_t)rc, key, again, big + kl + 2) == 0, "added twice");
		FUZZ_ASSERT(authkeys_add(text, len, key, again, (size_t)rc) == -1, "no room for the NUL");
		FUZZ_ASSERT(authkeys_add(text, len, key, again, (size_t)rc + 1) == rc &&
			    memcmp(again, out, (size_t)rc + 1) == 0, "just room");
	} else if (rc == 0) {
		// the line holding it is one sshd reads: without the comments, it is still there
		char *bare = malloc(len + 1);
		size_t bl = 0, pos = 0, ll;
		if (!bare)
			abort();
		while (pos < len) {
			size_t at = pos;
			const char *l = next_line(text, len, &pos, &ll);
			if (!comment(l, ll)) {
				memcpy(bare + bl, text + at, pos - at);
				bl += pos - at;
			}
		}
		FUZZ_ASSERT(authkeys_add(bare, bl, key, again, big + kl + 2) == 0, "found only in a comment");
		free(bare);
	}
	free(out);
	free(again);
	free(none);
}

static void lookup(const char *text, size_t len, const char *user, size_t hsize)
{
	char *home = malloc(hsize);
	unsigned uid, gid;
	size_t ul = strlen(user), pos = 0, ll;
	const char *line = NULL;

	if (!home)
		abort();
	while (!line && pos < len) {
		const char *l = next_line(text, len, &pos, &ll);
		if (ll > ul && memcmp(l, user, ul) == 0 && l[ul] == ':')
			line = l;
	}
	int rc = passwd_lookup(text, len, user, &uid, &gid, home, hsize);
	FUZZ_ASSERT(rc == 0 || rc == -1, "rc %d", rc);
	if (rc == 0) {
		// name:x:uid:gid:gecos:home:shell
		const char *f = line, *e = NULL;
		FUZZ_ASSERT(line, "a home without the user's line");
		for (int n = 0; n < 6; n++) {
			e = memchr(f, ':', ll - (size_t)(f - line));
			FUZZ_ASSERT(e, "a home from a line of %d fields", n + 1);
			if (n < 5)
				f = e + 1;
		}
		const char *nul = memchr(home, '\0', hsize);
		size_t hl = nul ? (size_t)(nul - home) : hsize;
		FUZZ_ASSERT(hl < hsize && home[0] == '/', "home unterminated or relative");
		FUZZ_ASSERT(hl <= (size_t)(e - f) && memcmp(home, f, hl) == 0 && (hl == (size_t)(e - f) || f[hl] == '\0'),
			    "home %s is not the sixth field", home);
	}
	free(home);
}

static void report(const char *text, size_t len, const char *user, size_t size)
{
	static const char *const says[] = {
		"sshd_config: PermitRootLogin no: root cannot log in over SSH at all",
		"sshd_config: PubkeyAuthentication no: no key is accepted",
		"sshd_config: AuthorizedKeysFile points elsewhere: this key file is not read",
	};
	char *out = malloc(size);

	if (!out)
		abort();
	sshd_config_report(text, len, user, out, size);
	FUZZ_ASSERT(memchr(out, '\0', size), "the report is not NUL-terminated");
	for (char *l = out; *l;) {
		char *e = strchr(l, '\n');
		size_t i = 0;
		FUZZ_ASSERT(e, "a sentence without its newline: %s", l);
		while (i < 3 && !(strlen(says[i]) == (size_t)(e - l) && memcmp(l, says[i], (size_t)(e - l)) == 0))
			i++;
		FUZZ_ASSERT(i < 3, "not a sentence: %.*s", (int)(e - l), l);
		FUZZ_ASSERT(i > 0 || strcmp(user, "root") == 0, "PermitRootLogin for %s", user);
		l = e + 1;
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	size_t pos = 0, ul, kl;
	const char *u = next_line(t, size, &pos, &ul), *k = next_line(t, size, &pos, &kl);
	char *user = fuzz_string((const uint8_t *)u, ul), *key = fuzz_string((const uint8_t *)k, kl);
	// the files are the rest of the fuzzer's buffer, so that a read past its end is seen
	const char *text = t + pos;
	size_t len = size - pos;

	add(text, len, key);
	lookup(text, len, user, 256);
	lookup(text, len, user, 1 + len % 16);
	report(text, len, user, 1024);
	report(text, len, user, 1 + len % 128);
	free(user);
	free(key);
	return 0;
}
