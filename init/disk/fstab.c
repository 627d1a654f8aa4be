/* fstab: fields split on blanks, octal escapes (\040) decoded, specs classified. */
#include "fstab.h"
#include "../lib/text.h"

#include <string.h>
#include <strings.h>

/* Copy one field, decoding \NNN octal escapes. Returns -1 when it doesn't fit. */
static int field(const char *f, size_t len, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = f[i];
		if (c == '\\' && i + 3 < len && f[i + 1] >= '0' && f[i + 1] <= '3' &&
		    f[i + 2] >= '0' && f[i + 2] <= '7' && f[i + 3] >= '0' && f[i + 3] <= '7') {
			c = (char)((f[i + 1] - '0') * 64 + (f[i + 2] - '0') * 8 + (f[i + 3] - '0'));
			i += 3;
		}
		if (c == '\0' || o + 1 >= size)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

int fstab_parse(const char *text, size_t len, struct fstab_entry *out, int max)
{
	int n = 0;
	size_t pos = 0;

	while (pos < len && n < max) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		const char *f[4];
		size_t fl[4];
		int nf = 0;
		size_t i = pos;
		while (i < end && nf < 4) {
			while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
				i++;
			if (i >= end || (nf == 0 && text[i] == '#'))
				break;
			f[nf] = text + i;
			while (i < end && text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
				i++;
			fl[nf] = (size_t)(text + i - f[nf]);
			nf++;
		}
		if (nf >= 3) {
			struct fstab_entry *e = &out[n];
			memset(e, 0, sizeof *e);
			if (field(f[0], fl[0], e->spec, sizeof e->spec) == 0 &&
			    field(f[1], fl[1], e->dir, sizeof e->dir) == 0 &&
			    field(f[2], fl[2], e->type, sizeof e->type) == 0 &&
			    (nf < 4 || field(f[3], fl[3], e->opts, sizeof e->opts) == 0)) {
				if (nf < 4)
					strcpy(e->opts, "defaults");
				n++;
			}
		}
		pos = end + 1;
	}
	return n;
}

static int has_opt(const char *opts, const char *opt)
{
	size_t len = strlen(opt);

	for (const char *p = opts; *p; p += strcspn(p, ","), p += *p == ',')
		if (strncmp(p, opt, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return 1;
	return 0;
}

int fstab_mountable(const struct fstab_entry *e)
{
	static const char *const skip[] = { "swap", "proc", "sysfs", "devpts", "tmpfs", "devtmpfs", "nfs", "nfs4",
					    "cifs", "smbfs", "sshfs", "fuse", "none", "auto", "mqueue", "cgroup",
					    "cgroup2", "securityfs", "debugfs", "efivarfs", "binfmt_misc", "hugetlbfs",
					    "ramfs", "overlay", "iso9660", "udf", "squashfs", "9p", "virtiofs" };
	char value[160];
	size_t dl = strlen(e->dir);

	// a mount point that climbs out with ".." is never followed
	if (e->dir[0] != '/' || strcmp(e->dir, "/") == 0 || strstr(e->dir, "/../") ||
	    (dl >= 3 && strcmp(e->dir + dl - 3, "/..") == 0))
		return 0;
	for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
		if (strcmp(e->type, skip[i]) == 0)
			return 0;
	if (has_opt(e->opts, "bind") || has_opt(e->opts, "rbind") || has_opt(e->opts, "_netdev"))
		return 0;
	return fstab_spec_kind(e->spec, value, sizeof value) != NULL;
}

const char *fstab_spec_kind(const char *spec, char *value, size_t size)
{
	static const char *const kinds[] = { "UUID", "LABEL", "PARTUUID", "PARTLABEL" };

	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		size_t kl = strlen(kinds[i]);
		if (strncmp(spec, kinds[i], kl) != 0 || spec[kl] != '=')
			continue;
		const char *v = spec + kl + 1;
		size_t vl = strlen(v);
		if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
			v++;
			vl -= 2;
		}
		if (vl == 0 || vl >= size)
			return NULL;
		memcpy(value, v, vl);
		value[vl] = '\0';
		return kinds[i];
	}
	if (strncmp(spec, "/dev/", 5) == 0 && text_copy(value, size, spec) < size)
		return "PATH";
	return NULL;
}

/* Is a a proper parent directory of b ("/boot" of "/boot/efi", and so is "/boot/")?
 * A run of slashes counts as one; "/" is no one's parent here. */
static int parent_of(const char *a, const char *b)
{
	int named = 0;

	while (*a) {
		if (*a == '/') {
			if (*b != '/')
				return 0;
			a += strspn(a, "/");
			b += strspn(b, "/");
			continue;
		}
		if (*a++ != *b++)
			return 0;
		named = 1;
	}
	// a is used up: b goes on past a slash with a name of its own
	return named && (a[-1] == '/' || *b == '/') && b[strspn(b, "/")] != '\0';
}

void fstab_order(const struct fstab_entry *e, int n, int *idx)
{
	int placed[FSTAB_MAX] = { 0 }, k = 0;

	// repeatedly take the first entry in fstab order whose parents are all placed
	while (k < n && k < FSTAB_MAX) {
		int took = 0;
		for (int i = 0; i < n && i < FSTAB_MAX; i++) {
			if (placed[i])
				continue;
			int ready = 1;
			for (int j = 0; j < n && j < FSTAB_MAX && ready; j++)
				if (!placed[j] && j != i && parent_of(e[j].dir, e[i].dir))
					ready = 0;
			if (ready) {
				placed[i] = 1;
				idx[k++] = i;
				took = 1;
				break;
			}
		}
		if (!took)
			break;	/* only with a cycle, which paths cannot make */
	}
}
