/* Small pure text helpers. */
#ifndef LB_TEXT_H
#define LB_TEXT_H

#include <stddef.h>

/* Copy src into dst (size bytes), truncating; always NUL-terminates when size > 0.
 * Returns strlen(src), so a result >= size means it was cut. */
size_t text_copy(char *dst, size_t size, const char *src);

/* "8.0 GiB", "512.0 MiB", "0 B": a size for people. */
void text_size(unsigned long long bytes, char *buf, size_t size);

#endif
