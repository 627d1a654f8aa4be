/* base64: both alphabets, padding optional, errors refused. */
#include "t.h"
#include "lib/base64.h"

int main(void)
{
	static const struct { const char *in; const char *want; } ok[] = {
		{ "", "" }, { "Zg", "f" }, { "Zg==", "f" }, { "Zm8", "fo" }, { "Zm9v", "foo" },
		{ "Zm9vYmFy", "foobar" }, { "-_8", "\xfb\xff" }, { "+/8=", "\xfb\xff" },
	};
	unsigned char buf[32];

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		long n = base64_decode(ok[i].in, strlen(ok[i].in), buf, sizeof buf);
		CHECK(n == (long)strlen(ok[i].want) && memcmp(buf, ok[i].want, (size_t)n) == 0, "%s", ok[i].in);
	}
	CHECK(base64_decode("Z", 1, buf, sizeof buf) < 0, "one char");
	CHECK(base64_decode("Zm9v!", 5, buf, sizeof buf) < 0, "bad char");
	CHECK(base64_decode("Zm9v", 4, buf, 2) < 0, "no room");
	return t_done("test_base64");
}
