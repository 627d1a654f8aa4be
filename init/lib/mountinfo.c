/* /proc/self/mountinfo, one line at a time (pure). */
#include "mountinfo.h"

#include <string.h>

/* The blank-separated field at *p (up to end), unescaped into out; *p moved past
 * it and its blank. Returns 0, or -1 when there is none or it does not fit. */
static int field(const char **p, const char *end, char *out, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	if (s >= end || *s == ' ')
		return -1;
	for (; s < end && *s != ' '; s++) {
		char c = *s;
		// \ooo: three octal digits, as the kernel's mangle() writes them (never \000,
		// which would cut the path short here)
		if (c == '\\' && end - s >= 4 && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7' && (s[1] != '0' || s[2] != '0' || s[3] != '0')) {
			c = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		}
		// a NUL byte is no part of a mountinfo line: nothing to cut a path short
		if (n + 1 >= size || c == '\0')
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	*p = s < end ? s + 1 : s;
	return 0;
}

/* Skip a field; -1 when there is none. */
static int skip(const char **p, const char *end)
{
	const char *s = *p;

	if (s >= end || *s == ' ')
		return -1;
	while (s < end && *s != ' ')
		s++;
	*p = s < end ? s + 1 : s;
	return 0;
}

/* "MAJ:MIN" into m; -1 unless it is two decimal numbers of at most 10 digits. */
static int device(const char *mm, struct mountinfo *m)
{
	unsigned long v[2] = { 0, 0 };
	int k = 0, digits = 0;

	for (const char *d = mm;; d++) {
		if (*d >= '0' && *d <= '9' && digits < 10) {
			v[k] = v[k] * 10 + (unsigned long)(*d - '0');
			digits++;
		} else if (*d == ':' && k == 0 && digits) {
			k = 1;
			digits = 0;
		} else if (*d == '\0' && k == 1 && digits) {
			break;
		} else {
			return -1;
		}
	}
	m->major = (unsigned)v[0];
	m->minor = (unsigned)v[1];
	return 0;
}

static int parse_line(const char *s, const char *end, struct mountinfo *m)
{
	char mm[32];
	const char *sep;

	// ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL…] - FSTYPE SOURCE SUPER
	if (skip(&s, end) < 0 || skip(&s, end) < 0 || field(&s, end, mm, sizeof mm) < 0 || device(mm, m) < 0 ||
	    skip(&s, end) < 0 || field(&s, end, m->dir, sizeof m->dir) < 0 || skip(&s, end) < 0)
		return -1;
	// the optional fields (none or more) end at a lone "-"
	for (sep = s; sep < end; sep++)
		if (*sep == '-' && (sep == s || sep[-1] == ' ') && sep + 1 < end && sep[1] == ' ')
			break;
	if (sep >= end)
		return -1;
	s = sep + 2;
	if (field(&s, end, m->fstype, sizeof m->fstype) < 0 || field(&s, end, m->source, sizeof m->source) < 0)
		return -1;
	return 0;
}

int mountinfo_next(const char *text, size_t len, size_t *pos, struct mountinfo *m)
{
	while (*pos < len) {
		const char *s = text + *pos, *nl = memchr(s, '\n', len - *pos);
		const char *end = nl ? nl : text + len;
		*pos = (size_t)(end - text) + (nl != NULL);
		if (parse_line(s, end, m) == 0)
			return 1;
	}
	return 0;
}

const char *mountinfo_under(const char *dir, const char *top)
{
	size_t n = strlen(top);

	while (n > 1 && top[n - 1] == '/')
		n--;
	if (strncmp(dir, top, n) != 0)
		return NULL;
	if (dir[n] == '\0')
		return "/";
	return dir[n] == '/' ? dir + n : NULL;
}
