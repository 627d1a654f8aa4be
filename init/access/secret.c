/* Passwords: strong hash schemes only; one-time passwords people can type. */
#include "secret.h"

#include <string.h>

static const char otp_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

int secret_hash_check(const char *hash, const char **why)
{
	static const char *const schemes[] = { "$y$", "$gy$", "$7$", "$2b$", "$2y$", "$6$", "$5$" };
	int known = 0;

	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		if (strncmp(hash, schemes[i], strlen(schemes[i])) == 0)
			known = 1;
	if (!known) {
		*why = "not a crypt(3) hash of a strong scheme ($y$, $gy$, $7$, $2b$, $6$, $5$)";
		return -1;
	}
	if (strlen(hash) < 20 || strlen(hash) > 512) {
		*why = "hash of an implausible length";
		return -1;
	}
	for (const char *p = hash; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '$' || c == '.' || c == '/' || c == '=' || c == ',' || c == '-')) {
			*why = "character that does not belong in a crypt(3) hash";
			return -1;
		}
	}
	return 0;
}

int secret_otp(const unsigned char *rnd, size_t len, char *out, size_t n)
{
	const size_t k = sizeof otp_alphabet - 1;
	const unsigned limit = 256 - 256 % k;	/* bytes at or above it would favour some letters */
	size_t used = 0, got = 0;

	while (got < n) {
		if (used == len)
			return -1;
		unsigned char b = rnd[used++];
		if (b >= limit)
			continue;
		out[got++] = otp_alphabet[b % k];
	}
	out[n] = '\0';
	return (int)used;
}
