/* Text into a fixed buffer, printf-style, remembering when it overflowed (pure). */
#ifndef LB_OUT_H
#define LB_OUT_H

#include <stddef.h>

struct out {
	char *buf;
	size_t size, len;
	int overflow;		/* set once anything did not fit; the text is then unusable */
};

void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
