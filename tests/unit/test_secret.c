/* Password hashes accepted or refused; one-time passwords uniform and typeable. */
#include "t.h"
#include "access/secret.h"

int main(void)
{
	static const char *const good[] = {
		"$6$abc$XdYVWINHFqAPqCkQNpBc64k/whmYeD3VETO0Hk79c4aGoQEvgiYKd/03lbc/XloI0fcMwRw.Rj.dZbn3LdPVz.",
		"$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
		"$2b$12$abcdefghijklmnopqrstuuVj5m7lJ3y4v0gR7PZqK4c8r8nW2sW1e",
	};
	static const char *const bad[] = {
		"hunter2", "", "$1$abc$shortmd5hashisweakxx", "$6$", "x$6$abcdefghijklmnopqrstuvwxyz",
		"$6$abc$has:colon:in:it:xxxxxxxxxxxxxxxx", "$6$abc$has\nnewline-xxxxxxxxxxxxxxxxxxxx",
		"$6$abc$has space xxxxxxxxxxxxxxxxxxxxxx",
	};
	const char *why;

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(secret_hash_check(good[i], &why) == 0, "%s refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(secret_hash_check(bad[i], &why) < 0 && why, "'%s' accepted", bad[i]);

	// every byte value: the letters come out, rejected bytes are skipped
	unsigned char rnd[512];
	char pw[SECRET_OTP_LEN + 1];
	for (int i = 0; i < 512; i++)
		rnd[i] = (unsigned char)(i % 256);
	int used = secret_otp(rnd, sizeof rnd, pw, SECRET_OTP_LEN);
	CHECK(used == SECRET_OTP_LEN, "consumed %d", used);
	CHECK(strlen(pw) == SECRET_OTP_LEN, "length %zu", strlen(pw));
	CHECK(strspn(pw, "0O1lI") == 0 && strpbrk(pw, "0O1lI") == NULL, "look-alikes in %s", pw);

	// uniform: over all byte values below the limit each letter appears equally often
	int count[128] = { 0 };
	char one[2];
	for (int b = 0; b < 256; b++) {
		unsigned char x = (unsigned char)b;
		if (secret_otp(&x, 1, one, 1) == 1)
			count[(unsigned char)one[0]]++;
	}
	int lo = 1 << 30, hi = 0;
	for (int c = 0; c < 128; c++)
		if (count[c]) {
			lo = count[c] < lo ? count[c] : lo;
			hi = count[c] > hi ? count[c] : hi;
		}
	CHECK(lo == hi && lo > 0, "letters not uniform: %d..%d", lo, hi);

	// not enough randomness: refused, never a short password
	unsigned char high[4] = { 255, 255, 255, 255 };
	CHECK(secret_otp(high, sizeof high, pw, 4) < 0, "ran out of bytes but succeeded");
	return t_done("test_secret");
}
