/* Which files a full disk can lose without harm, and the largest ones. */
#include "space.h"
#include "../lib/text.h"

#include <string.h>

#define WEEK (7LL * 24 * 3600)

static int prefix(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	return strncmp(path, dir, len) == 0 && path[len] == '/' && path[len + 1];
}

static int suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a > b && strcmp(s + a - b, suf) == 0;
}

/* "syslog.1", "messages-20240101", "auth.log.3.gz": a log that rotation already moved aside. */
static int rotated(const char *name)
{
	static const char *const comp[] = { ".gz", ".xz", ".bz2", ".zst", ".lz4", ".old" };
	const char *dot = strrchr(name, '.'), *dash = strrchr(name, '-');

	for (size_t i = 0; i < sizeof comp / sizeof *comp; i++)
		if (suffix(name, comp[i]))
			return 1;
	if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1))
		return 1;
	// logrotate's dateext: NAME-YYYYMMDD
	return dash && strlen(dash + 1) == 8 && strspn(dash + 1, "0123456789") == 8;
}

enum space_kind space_classify(const char *path, long long age)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (prefix(path, "/var/log/journal") || prefix(path, "/run/log/journal"))
		// archived: system@….journal, user-1000@….journal, and the "~" of a journal that was not closed
		return suffix(name, ".journal~") || (strchr(name, '@') && suffix(name, ".journal")) ? SPACE_JOURNAL
												       : SPACE_KEEP;
	if (prefix(path, "/var/log"))
		return rotated(name) ? SPACE_ROTATED : SPACE_KEEP;
	if ((prefix(path, "/var/cache/apt/archives") && (suffix(name, ".deb") || strstr(path, "/partial/"))) ||
	    (prefix(path, "/var/cache/dnf") && suffix(name, ".rpm")) ||
	    (prefix(path, "/var/cache/yum") && suffix(name, ".rpm")) ||
	    (prefix(path, "/var/cache/zypp/packages") && suffix(name, ".rpm")) ||
	    (prefix(path, "/var/cache/pacman/pkg") && (strstr(name, ".pkg.tar"))))
		return SPACE_PACKAGES;
	if (prefix(path, "/var/lib/systemd/coredump") || prefix(path, "/var/crash") ||
	    prefix(path, "/var/lib/apport/coredump"))
		return SPACE_CORE;
	if ((prefix(path, "/tmp") || prefix(path, "/var/tmp")) && age >= WEEK)
		return SPACE_TMP;
	return SPACE_KEEP;
}

const char *space_kind_name(enum space_kind k)
{
	static const char *const names[SPACE_KINDS] = {
		"kept", "archived journal files", "rotated and compressed logs", "downloaded packages", "core dumps",
		"temporary files older than a week",
	};

	return k >= 0 && k < SPACE_KINDS ? names[k] : "?";
}

void space_top_add(struct space_top *t, const char *path, unsigned long long bytes)
{
	int i = t->n < SPACE_TOP ? t->n : SPACE_TOP - 1;

	if (t->n == SPACE_TOP && bytes <= t->e[SPACE_TOP - 1].bytes)
		return;
	// shift the smaller ones down, then place it
	while (i > 0 && t->e[i - 1].bytes < bytes) {
		t->e[i] = t->e[i - 1];
		i--;
	}
	text_copy(t->e[i].path, sizeof t->e[i].path, path);
	t->e[i].bytes = bytes;
	if (t->n < SPACE_TOP)
		t->n++;
}
