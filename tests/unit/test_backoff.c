/* Restart backoff: doubles while a child dies young, resets once it ran long. */
#include "t.h"
#include "pid1/backoff.h"

int main(void)
{
	static const struct {
		int prev;
		long long ran;
		int want;
	} cases[] = {
		{ 0, 0, BACKOFF_MIN_MS },			/* first exit */
		{ 0, 100000, BACKOFF_MIN_MS },
		{ BACKOFF_MIN_MS, 10, BACKOFF_MIN_MS * 2 },	/* crash loop doubles */
		{ 4000, 10, 8000 },
		{ 16000, 10, BACKOFF_MAX_MS },			/* and is capped */
		{ BACKOFF_MAX_MS, 10, BACKOFF_MAX_MS },
		{ BACKOFF_MAX_MS, BACKOFF_HEALTHY_MS, BACKOFF_MIN_MS },	/* healthy run resets */
		{ 8000, BACKOFF_HEALTHY_MS - 1, 16000 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = backoff_next(cases[i].prev, cases[i].ran);
		CHECK(got == cases[i].want, "prev %d ran %lld: got %d want %d",
		      cases[i].prev, cases[i].ran, got, cases[i].want);
	}
	// a long crash loop never goes beyond the cap
	int d = 0;
	for (int i = 0; i < 100; i++)
		d = backoff_next(d, 0);
	CHECK(d == BACKOFF_MAX_MS, "after 100 quick exits: %d", d);
	return t_done("test_backoff");
}
