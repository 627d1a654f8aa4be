/* Fuzz target: the authorized key validator (sshkey_normalize). Its lines come from
 * lifeboat.ssh_key=, a config drive, a metadata service: whoever made the instance
 * or answers for the cloud. The input is one line (up to a NUL). Properties: a
 * refusal says why, an acceptance does not; the line written is NUL-terminated in
 * its buffer, starts with an allowed type, has no control byte, is no longer than
 * the line given (unless that was the b64: form, which it decodes), normalizes again
 * to itself, fits a buffer of its length + 1 and is refused by one byte less. */
// sources: init/access/sshkey.c init/lib/base64.c
#include "fuzz.h"
#include "access/sshkey.h"

static const char *const types[] = {
	"ssh-ed25519 ", "ecdsa-sha2-nistp256 ", "ecdsa-sha2-nistp384 ", "ecdsa-sha2-nistp521 ",
	"sk-ssh-ed25519@openssh.com ", "sk-ecdsa-sha2-nistp256@openssh.com ", "ssh-rsa ",
};

static int typed(const char *s)
{
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (strncmp(s, types[i], strlen(types[i])) == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[SSHKEY_LINE_MAX + 64], again[SSHKEY_LINE_MAX + 64];
	char *line = fuzz_string(data, size);
	const char *why = (const char *)1;
	size_t len;

	memset(out, 0x5a, sizeof out);
	if (sshkey_normalize(line, out, sizeof out, &why) < 0) {
		FUZZ_ASSERT(why != NULL, "refused without a reason");
		free(line);
		return 0;
	}
	FUZZ_ASSERT(why == NULL, "accepted with a reason: %s", why);
	FUZZ_ASSERT(memchr(out, '\0', sizeof out) != NULL, "not terminated");
	len = strlen(out);
	FUZZ_ASSERT(typed(out), "no type first: %s", out);
	for (const char *p = out; *p; p++)
		FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f, "control byte 0x%02x in %s", (unsigned char)*p, out);
	FUZZ_ASSERT(out[len - 1] != ' ' && out[len - 1] != '\t', "trailing blank: '%s'", out);
	FUZZ_ASSERT(strncmp(line, "b64:", 4) == 0 || len <= strlen(line), "%zu bytes from %zu", len, strlen(line));

	memset(again, 0x5a, sizeof again);
	FUZZ_ASSERT(sshkey_normalize(out, again, sizeof again, &why) == 0, "%s refused again: %s", out, why);
	FUZZ_ASSERT(strcmp(out, again) == 0, "not idempotent:\n%s\n%s", out, again);
	memset(again, 0x5a, sizeof again);
	FUZZ_ASSERT(sshkey_normalize(line, again, len + 1, &why) == 0 && strcmp(again, out) == 0, "in %zu + 1 bytes",
		    len);
	FUZZ_ASSERT(sshkey_normalize(line, again, len, &why) < 0 && why, "in %zu bytes", len);
	free(line);
	return 0;
}
