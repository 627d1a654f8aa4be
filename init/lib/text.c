/* Small pure text helpers. */
#include "text.h"

#include <stdio.h>
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

void text_size(unsigned long long bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned long long whole = bytes, rem = 0;
	int u = 0;

	while (whole >= 1024 && u < 5) {
		rem = whole % 1024;
		whole /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", bytes);
	else
		snprintf(buf, size, "%llu.%llu %s", whole, rem * 10 / 1024, unit[u]);
}
