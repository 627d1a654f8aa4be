/* fstab lines for missing devices: nofail, or commented out. */
#include "fstabfix.h"
#include "../disk/fstab.h"
#include "../lib/text.h"

#include <string.h>

#define COMMENT_MARK "# lifeboat: "

struct field {
	size_t at, len;
};

/* Up to 6 blank-separated fields of line (len bytes), as offsets. Returns their number; 0 for a comment or blank. */
static int fields(const char *line, size_t len, struct field *f)
{
	int n = 0;
	size_t i = 0;

	while (n < 6) {
		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i >= len || (n == 0 && line[i] == '#'))
			break;
		f[n].at = i;
		while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			i++;
		f[n].len = i - f[n].at;
		n++;
	}
	return n;
}

static int has_opt(const char *opts, size_t len, const char *opt)
{
	size_t ol = strlen(opt);

	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && opts[e] != ',')
			e++;
		if (e - i == ol && memcmp(opts + i, opt, ol) == 0)
			return 1;
		i = e + 1;
	}
	return 0;
}

static int put(char *out, size_t size, size_t *o, const char *s, size_t len)
{
	if (*o + len >= size)
		return -1;
	memcpy(out + *o, s, len);
	*o += len;
	return 0;
}

long fstabfix_edit(const char *text, size_t len, int comment, fstabfix_present present, void *ctx, char *out,
		   size_t size, struct fstabfix_finding *found, int max, int *nfound)
{
	size_t o = 0;
	int changed = 0, lineno = 0;

	*nfound = 0;
	for (size_t pos = 0; pos < len;) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		size_t next = end < len ? end + 1 : end;
		const char *l = text + pos;
		struct field f[6];
		int nf = fields(l, end - pos, f);
		enum fstabfix_action act = FSTABFIX_NOFAIL;
		int hit = 0;
		lineno++;

		if (nf >= 3) {
			struct fstab_entry e;
			char value[160];
			// the entry as fstab.c reads it (escapes decoded), from this line alone
			if (fstab_parse(l, end - pos, &e, 1) == 1 && fstab_spec_kind(e.spec, value, sizeof value)) {
				int skip = nf >= 4 && (has_opt(l + f[3].at, f[3].len, "nofail") ||
						      has_opt(l + f[3].at, f[3].len, "noauto") ||
						      has_opt(l + f[3].at, f[3].len, "bind"));
				if (!skip && !present(e.spec, ctx)) {
					hit = 1;
					act = strcmp(e.dir, "/") == 0 ? FSTABFIX_ROOT : comment ? FSTABFIX_COMMENT
									: FSTABFIX_NOFAIL;
					if (*nfound < max) {
						struct fstabfix_finding *x = &found[(*nfound)++];
						x->line = lineno;
						text_copy(x->spec, sizeof x->spec, e.spec);
						text_copy(x->dir, sizeof x->dir, e.dir);
						x->action = act;
					}
				}
			}
		}
		if (!hit || act == FSTABFIX_ROOT) {
			if (put(out, size, &o, l, next - pos) < 0)
				return -1;
		} else if (act == FSTABFIX_COMMENT) {
			if (put(out, size, &o, COMMENT_MARK, strlen(COMMENT_MARK)) < 0 || put(out, size, &o, l, next - pos) < 0)
				return -1;
			changed = 1;
		} else {
			// ",nofail" after the options, or "defaults,nofail" as a fourth field
			size_t cut = nf >= 4 ? f[3].at + f[3].len : f[2].at + f[2].len;
			const char *add = nf >= 4 ? ",nofail" : "\tdefaults,nofail";
			if (put(out, size, &o, l, cut) < 0 || put(out, size, &o, add, strlen(add)) < 0 ||
			    put(out, size, &o, l + cut, next - pos - cut) < 0)
				return -1;
			changed = 1;
		}
		pos = next;
	}
	if (o >= size)
		return -1;
	out[o] = '\0';
	return changed ? (long)o : 0;
}
