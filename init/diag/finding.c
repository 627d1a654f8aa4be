/* lifeboat diagnose's findings, kept, ordered and written out. */
#include "finding.h"
#include "../lib/out.h"
#include "../lib/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const severity_names[] = { "info", "warning", "error" };

const char *diag_severity_name(enum diag_severity s)
{
	return s >= DIAG_INFO && s <= DIAG_ERROR ? severity_names[s] : "?";
}

/* Guest files can hold anything: nothing that moves a terminal's cursor gets through. */
static void clean(char *s, int keep_newlines)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && !(keep_newlines && (c == '\n' || c == '\t'))) || c == 0x7f)
			*s = '?';
	}
}

struct diag_finding *diag_add(struct diag_report *r, const char *id, enum diag_severity severity, const char *fix,
			      const char *title, const char *fmt, ...)
{
	if (r->n >= DIAG_MAX) {
		r->dropped++;
		return NULL;
	}
	struct diag_finding *f = &r->f[r->n++];
	va_list ap;

	memset(f, 0, sizeof *f);
	text_copy(f->id, sizeof f->id, id);
	f->severity = severity;
	text_copy(f->fix, sizeof f->fix, fix ? fix : "");
	text_copy(f->title, sizeof f->title, title);
	clean(f->title, 0);
	va_start(ap, fmt);
	int n = vsnprintf(f->evidence, sizeof f->evidence, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof f->evidence)
		memcpy(f->evidence + sizeof f->evidence - 4, "...", 4);
	clean(f->evidence, 1);
	return f;
}

int diag_has(const struct diag_report *r, const char *id)
{
	for (int i = 0; i < r->n; i++)
		if (strcmp(r->f[i].id, id) == 0)
			return 1;
	return 0;
}

enum diag_severity diag_worst(const struct diag_report *r)
{
	enum diag_severity w = DIAG_INFO;

	for (int i = 0; i < r->n; i++)
		if (r->f[i].severity > w)
			w = r->f[i].severity;
	return w;
}

void diag_sort(struct diag_report *r)
{
	// insertion sort, stable: the order found stays within a severity
	for (int i = 1; i < r->n; i++) {
		struct diag_finding t = r->f[i];
		int j = i;
		while (j > 0 && r->f[j - 1].severity < t.severity) {
			r->f[j] = r->f[j - 1];
			j--;
		}
		r->f[j] = t;
	}
}

int diag_text(const struct diag_report *r, char *out, size_t size)
{
	struct out o = { out, size, 0, 0 };

	if (size)
		out[0] = '\0';
	if (r->n == 0)
		out_printf(&o, "no problems found\n");
	for (int i = 0; i < r->n; i++) {
		const struct diag_finding *f = &r->f[i];
		out_printf(&o, "%-7s  %s: %s\n", diag_severity_name(f->severity), f->id, f->title);
		// the evidence indented, line by line
		for (const char *l = f->evidence; *l;) {
			const char *nl = strchr(l, '\n');
			int len = nl ? (int)(nl - l) : (int)strlen(l);
			out_printf(&o, "         %.*s\n", len, l);
			l += len + (nl != NULL);
		}
		if (f->fix[0])
			out_printf(&o, "         fix: %s\n", f->fix);
	}
	if (r->dropped)
		out_printf(&o, "(%d more findings not kept)\n", r->dropped);
	return o.overflow ? -1 : (int)o.len;
}

int diag_summary(const struct diag_report *r, char *out, size_t size)
{
	struct out o = { out, size, 0, 0 };
	int shown = 0;

	if (size)
		out[0] = '\0';
	for (int i = 0; i < r->n; i++) {
		const struct diag_finding *f = &r->f[i];
		if (f->severity == DIAG_INFO)
			continue;
		out_printf(&o, "  %-7s  %s%s%s\n", diag_severity_name(f->severity), f->title, f->fix[0] ? " -> " : "",
			   f->fix);
		shown++;
	}
	if (!shown)
		out_printf(&o, "  no problems found\n");
	return o.overflow ? -1 : (int)o.len;
}

void diag_json(const struct diag_report *r, struct json *j)
{
	json_begin_object(j);
	json_key(j, "findings");
	json_begin_array(j);
	for (int i = 0; i < r->n; i++) {
		const struct diag_finding *f = &r->f[i];
		json_begin_object(j);
		json_key(j, "id");
		json_string(j, f->id);
		json_key(j, "severity");
		json_string(j, diag_severity_name(f->severity));
		json_key(j, "title");
		json_string(j, f->title);
		json_key(j, "evidence");
		json_string(j, f->evidence);
		json_key(j, "fix");
		json_string(j, f->fix[0] ? f->fix : NULL);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "dropped");
	json_int(j, r->dropped);
	json_end_object(j);
}
