/* SHA-256 against FIPS 180-4's examples, fed whole and byte by byte. */
#include "t.h"
#include "lib/sha256.h"

static void digest(const char *msg, size_t len, int bytewise, char out[65])
{
	struct sha256 s;

	sha256_init(&s);
	if (bytewise)
		for (size_t i = 0; i < len; i++)
			sha256_update(&s, msg + i, 1);
	else
		sha256_update(&s, msg, len);
	sha256_hex(&s, out);
}

int main(void)
{
	static const struct { const char *in, *want; } v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	char out[65];

	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		for (int b = 0; b < 2; b++) {
			digest(v[i].in, strlen(v[i].in), b, out);
			CHECK_STR(out, v[i].want, v[i].in);
		}
	digest("abd", 3, 0, out);
	CHECK(strcmp(out, v[1].want) != 0, "a different message, a different digest");
	return t_done("test_sha256");
}
