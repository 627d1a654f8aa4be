/* out_printf: vsnprintf at the end of what is there; nothing more once full. */
#include "out.h"

#include <stdarg.h>
#include <stdio.h>

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow || o->len >= o->size) {
		o->overflow = 1;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->overflow = 1;
	else
		o->len += (size_t)n;
}
