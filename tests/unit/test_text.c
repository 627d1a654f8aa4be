/* text_copy: truncation and termination. */
#include "t.h"
#include "lib/text.h"

int main(void)
{
	char buf[6];

	CHECK(text_copy(buf, sizeof buf, "abc") == 3 && strcmp(buf, "abc") == 0, "fits: %s", buf);
	CHECK(text_copy(buf, sizeof buf, "abcdefgh") == 8 && strcmp(buf, "abcde") == 0, "cut: %s", buf);
	CHECK(text_copy(buf, sizeof buf, "") == 0 && buf[0] == '\0', "empty");
	buf[0] = 'x';
	CHECK(text_copy(buf, 0, "abc") == 3 && buf[0] == 'x', "size 0 writes nothing");
	return t_done("test_text");
}
