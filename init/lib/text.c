/* Small pure text helpers. */
#include "text.h"

#include <string.h>

size_t text_copy(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
