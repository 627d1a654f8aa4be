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

	// a million 'a's (FIPS 180-4's long example): whole blocks straight from the input
	static char million[1000000];
	memset(million, 'a', sizeof million);
	digest(million, sizeof million, 0, out);
	CHECK_STR(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "a million a");

	// zeros: sha256_zeros is sha256_update with zeros, wherever the run starts and ends
	static const size_t cut[][3] = { { 0, 0, 0 }, { 0, 64, 0 }, { 1, 63, 1 }, { 3, 200, 5 }, { 63, 65, 64 },
					 { 64, 4096, 0 }, { 7, 100000, 13 } };
	static char zeros[100100];
	for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
		struct sha256 a, b;
		char ha[65], hb[65];
		sha256_init(&a);
		sha256_init(&b);
		sha256_update(&a, "xyz", 3);
		sha256_update(&b, "xyz", 3);
		sha256_update(&a, million, cut[i][0]);
		sha256_update(&b, million, cut[i][0]);
		sha256_update(&a, zeros, cut[i][1]);
		sha256_zeros(&b, cut[i][1]);
		sha256_update(&a, million, cut[i][2]);
		sha256_update(&b, million, cut[i][2]);
		sha256_hex(&a, ha);
		sha256_hex(&b, hb);
		CHECK_STR(hb, ha, "zeros");
		// twin: one zero fewer is another digest
		if (cut[i][1]) {
			sha256_init(&b);
			sha256_update(&b, "xyz", 3);
			sha256_update(&b, million, cut[i][0]);
			sha256_zeros(&b, cut[i][1] - 1);
			sha256_update(&b, million, cut[i][2]);
			sha256_hex(&b, hb);
			CHECK(strcmp(ha, hb) != 0, "one zero fewer, case %zu", i);
		}
	}
	return t_done("test_sha256");
}
