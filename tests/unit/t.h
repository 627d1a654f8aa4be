/* A minimal table-driven test harness: CHECK records, t_done() reports. */
#ifndef LB_T_H
#define LB_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond, ...) do { \
	if (cond) { t_pass++; } else { \
		t_fail++; \
		fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
} while (0)

#define CHECK_STR(got, want, ctx) do { \
	const char *g_ = (got), *w_ = (want); \
	CHECK((g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0), \
	      "%s: got \"%s\", want \"%s\"", (ctx), g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

/* Print "<file>: N passed, N failed" and return the exit status. */
static inline int t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif
