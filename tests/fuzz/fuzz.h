/* Shared by the fuzz targets (tests/fuzz/fuzz_*.c): libFuzzer's entry point, and
 * properties that abort, so that the fuzzer keeps the input that broke one.
 *
 * Each target names the init sources it links on a line of its own:
 *   // sources: init/lib/cmdline.c init/lib/text.c
 * The same file builds twice: with clang's libFuzzer (make fuzz), and with the
 * host compiler and tests/fuzz/replay.c (make unit), which feeds it every seed
 * in tests/fuzz/corpus/NAME and every kept crash in tests/fuzz/regress/NAME. */
#ifndef LB_FUZZ_H
#define LB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond, ...) do {						\
	if (!(cond)) {								\
		fprintf(stderr, "%s:%d: property broken: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__);					\
		fputc('\n', stderr);						\
		abort();							\
	}									\
} while (0)

/* The input as a NUL-terminated string of its own (malloc'd; the fuzzer's
 * buffer is not terminated, and ASan sees reads past size). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Does the string p lie wholly inside buf[0..size]? (its NUL included) */
static inline int fuzz_inside(const char *p, const char *buf, size_t size)
{
	return p >= buf && p < buf + size && memchr(p, '\0', (size_t)(buf + size - p)) != NULL;
}

#endif
