/* The console menu: its text, and what a typed line chooses. */
#include "t.h"
#include "cli/menu_text.h"

static const struct menu_entry e[] = {
	{ "disks", "show the disks" }, { "fstab", "fix fstab" }, { "shell", "a shell" },
};

int main(void)
{
	char buf[1024];

	CHECK(menu_render("lifeboat menu", e, 3, buf, sizeof buf) > 0 &&
	      strcmp(buf, "\nlifeboat menu\n  1) show the disks                                 [disks]\n"
			  "  2) fix fstab                                      [fstab]\n"
			  "  3) a shell                                        [shell]\nchoose a number or a word: ") == 0,
	      "render: %s", buf);
	CHECK(menu_render("lifeboat menu", e, 3, buf, 40) == -1, "no room");
	static const struct {
		const char *line;
		int want;
	} cases[] = {
		{ "1\n", 0 }, { "3", 2 }, { "  2  \r\n", 1 }, { "fstab\n", 1 }, { " shell", 2 },
		{ "\n", -1 }, { "   \n", -1 }, { "", -1 },
		{ "0\n", -2 }, { "4\n", -2 }, { "12345\n", -2 }, { "-1\n", -2 }, { "1x\n", -2 }, { "fst\n", -2 },
		{ "fstab2\n", -2 }, { "FSTAB\n", -2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		CHECK(menu_choose(cases[i].line, e, 3) == cases[i].want, "\"%s\": %d", cases[i].line,
		      menu_choose(cases[i].line, e, 3));
	return t_done("test_menu");
}
