/* SSH public key validation: allowed types, consistent blobs, RSA size, options, b64:. */
#include "t.h"
#include "keys.h"
#include "access/sshkey.h"

#include <stdlib.h>

static char out[SSHKEY_LINE_MAX + 64];

static void accept(const char *line, const char *want, const char *ctx)
{
	const char *why = NULL;
	int r = sshkey_normalize(line, out, sizeof out, &why);
	CHECK(r == 0, "%s refused: %s", ctx, why ? why : "?");
	if (r == 0)
		CHECK_STR(out, want, ctx);
}

static void refuse(const char *line, const char *ctx)
{
	const char *why = NULL;
	CHECK(sshkey_normalize(line, out, sizeof out, &why) < 0 && why, "%s accepted", ctx);
}

int main(void)
{
	accept(K_ED_TYPE " " K_ED_B64 " me@host", K_ED_TYPE " " K_ED_B64 " me@host", "ed25519");
	accept(K_EC_TYPE " " K_EC_B64, K_EC_TYPE " " K_EC_B64, "ecdsa without comment");
	accept(K_R2_TYPE " " K_R2_B64 " r2", K_R2_TYPE " " K_R2_B64 " r2", "rsa 2048");
	accept("  " K_ED_TYPE "\t" K_ED_B64 "  two words  \n", K_ED_TYPE " " K_ED_B64 " two words", "blanks trimmed");
	accept("command=\"echo hi there\",no-pty " K_ED_TYPE " " K_ED_B64 " c",
	       K_ED_TYPE " " K_ED_B64 " c", "options dropped");
	accept(K_ED_LINE_B64URL, K_ED_TYPE " " K_ED_B64 " me@host", "b64: form");

	// the blob must hold a key of its type, and nothing after it (blobs made by hand)
#define SK_ED "AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
#define SK_EC "AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAyNTYAAABBBAABAgMEBQYHCAkKCwwNDg8QERIT" \
	      "FBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8AAAAEc3NoOg=="
#define EC384 "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="
	accept("sk-ssh-ed25519@openssh.com " SK_ED "AAAABHNzaDo= k", "sk-ssh-ed25519@openssh.com " SK_ED "AAAABHNzaDo= k",
	       "sk-ed25519 with its application");
	refuse("sk-ssh-ed25519@openssh.com " SK_ED, "sk-ed25519 without its application");
	accept("sk-ecdsa-sha2-nistp256@openssh.com " SK_EC, "sk-ecdsa-sha2-nistp256@openssh.com " SK_EC, "sk-ecdsa");
	accept("ecdsa-sha2-nistp384 " EC384, "ecdsa-sha2-nistp384 " EC384, "ecdsa p-384");
	refuse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "ed25519: the type and no key");
	refuse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAHwABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4=", "ed25519: 31 bytes");
	refuse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fAA==",
	       "ed25519: a byte after the key");
	refuse("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAzODQAAABBBAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ecdsa: another curve's name");
	refuse("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABABAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", "ecdsa: a point a byte short");
	accept(K_ED_TYPE " " K_ED_B64 " bad\x01" "byte", K_ED_TYPE " " K_ED_B64 " bad?byte", "control byte in comment");

	refuse(K_R1_TYPE " " K_R1_B64 " r1", "rsa 1024");
	refuse("ssh-dss " K_ED_B64, "dss type");
	refuse("ssh-rsa " K_ED_B64, "ed25519 blob labelled rsa");
	refuse(K_ED_TYPE " AAAA!notbase64", "bad base64");
	refuse(K_ED_TYPE " AAAA", "truncated blob");
	refuse(K_ED_TYPE, "type alone");
	refuse("", "empty");
	refuse("hello world", "no key");
	refuse("b64:!!!", "bad b64:");
	refuse("b64:AAEC", "b64: of binary");
	refuse("command=\"" K_ED_TYPE " " K_ED_B64 "\"", "key only inside an option");

	// 16 KiB: a long comment is fine up to the limit, one byte more is refused
	char *big = malloc(SSHKEY_LINE_MAX + 2);
	size_t base = strlen(K_ED_TYPE " " K_ED_B64 " ");
	memcpy(big, K_ED_TYPE " " K_ED_B64 " ", base);
	memset(big + base, 'c', SSHKEY_LINE_MAX - base);
	big[SSHKEY_LINE_MAX] = '\0';
	const char *why;
	CHECK(sshkey_normalize(big, out, sizeof out, &why) == 0, "16 KiB line refused");
	big[SSHKEY_LINE_MAX] = 'c';
	big[SSHKEY_LINE_MAX + 1] = '\0';
	refuse(big, "16 KiB + 1 line");
	free(big);
	CHECK(sshkey_normalize(K_ED_TYPE " " K_ED_B64, out, 20, &why) < 0, "small buffer refused");
	return t_done("test_sshkey");
}
