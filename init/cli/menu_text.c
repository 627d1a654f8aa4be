/* Menu text: numbers and keys, nothing a serial line cannot show. */
#include "menu_text.h"
#include "../lib/out.h"

#include <string.h>

int menu_render(const char *title, const struct menu_entry *e, int n, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };

	if (size)
		buf[0] = '\0';
	out_printf(&o, "\n%s\n", title);
	for (int i = 0; i < n; i++)
		out_printf(&o, " %2d) %-46s [%s]\n", i + 1, e[i].label, e[i].key);
	out_printf(&o, "choose a number or a word: ");
	return o.overflow ? -1 : (int)o.len;
}

int menu_choose(const char *line, const struct menu_entry *e, int n)
{
	size_t len;
	int num = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	len = strcspn(line, "\r\n");
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (!len)
		return -1;
	if (len <= 3 && strspn(line, "0123456789") >= len) {
		for (size_t i = 0; i < len; i++)
			num = num * 10 + (line[i] - '0');
		return num >= 1 && num <= n ? num - 1 : -2;
	}
	for (int i = 0; i < n; i++)
		if (strlen(e[i].key) == len && strncmp(line, e[i].key, len) == 0)
			return i;
	return -2;
}
