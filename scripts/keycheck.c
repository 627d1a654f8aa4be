/* keycheck: a provider build's check of its staff keys with the very validator PID 1
 * uses (init/access/sshkey.c), so that a key the build takes is a key the image takes.
 * Reads authorized_keys lines on stdin (blank lines and # comments skipped); prints
 * "LINE: why" for each refused one; exits 0 when every key is good and there is at
 * least one, 1 otherwise. Built and run on the build host by scripts/mkimage.sh. */
#include "access/sshkey.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
	static char line[SSHKEY_LINE_MAX + 2], norm[SSHKEY_LINE_MAX + 64];
	int n = 0, good = 0, bad = 0;
	const char *why;

	while (fgets(line, sizeof line, stdin)) {
		n++;
		if (!strchr(line, '\n') && !feof(stdin)) {
			printf("%d: longer than %d bytes\n", n, SSHKEY_LINE_MAX);
			bad++;
			int c;
			while ((c = getchar()) != EOF && c != '\n')
				;
			continue;
		}
		line[strcspn(line, "\r\n")] = '\0';
		const char *p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		if (sshkey_normalize(p, norm, sizeof norm, &why) < 0) {
			printf("%d: %s\n", n, why);
			bad++;
		} else {
			good++;
		}
	}
	if (!good && !bad)
		printf("0: no key in it\n");
	return bad || !good;
}
