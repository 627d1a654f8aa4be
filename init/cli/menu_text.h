/* The console menu's text and the reading of a choice (pure). */
#ifndef LB_MENU_TEXT_H
#define LB_MENU_TEXT_H

#include <stddef.h>

struct menu_entry {
	const char *key;	/* a word that also chooses it: "fstab", "shell" */
	const char *label;	/* what it does, for people */
};

/* The numbered list, plain text for any terminal (a serial line included):
 * a title line, then " N) label [key]" lines and the prompt hint. Returns
 * the length, or -1 when buf (size bytes) is too small. */
int menu_render(const char *title, const struct menu_entry *e, int n, char *buf, size_t size);

/* The entry a typed line chooses: its number (1..n) or its key, blanks
 * around it ignored. Returns the index (0-based), -1 for an empty line, -2
 * for anything else. */
int menu_choose(const char *line, const struct menu_entry *e, int n);

#endif
