/* An extra program a provider adds (EXTRA_BINARIES): built static by the provider test. */
#include <stdio.h>

int main(void)
{
	puts("hello from the provider's own program");
	return 0;
}
