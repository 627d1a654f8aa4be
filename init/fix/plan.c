/* Plans of repairs, rendered for people and as JSON. */
#include "plan.h"
#include "../lib/out.h"
#include "../lib/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void plan_init(struct plan *p, const char *command, const char *device)
{
	memset(p, 0, sizeof *p);
	text_copy(p->command, sizeof p->command, command);
	text_copy(p->device, sizeof p->device, device ? device : "");
	text_copy(p->result, sizeof p->result, "planned");
}

struct plan_step *plan_add(struct plan *p, const char *action, const char *target, const char *fmt, ...)
{
	struct plan_step *s;
	va_list ap;

	if (p->nstep >= PLAN_STEPS) {
		p->more++;
		return NULL;
	}
	s = &p->step[p->nstep++];
	text_copy(s->action, sizeof s->action, action);
	text_copy(s->target, sizeof s->target, target ? target : "");
	va_start(ap, fmt);
	vsnprintf(s->detail, sizeof s->detail, fmt, ap);
	va_end(ap);
	return s;
}

void plan_file(struct plan *p, const char *path, const char *before, const char *after, const char *backup)
{
	struct plan_file *f;

	if (p->nfile >= PLAN_FILES)
		return;
	f = &p->file[p->nfile++];
	text_copy(f->path, sizeof f->path, path);
	text_copy(f->before, sizeof f->before, before ? before : "");
	text_copy(f->after, sizeof f->after, after ? after : "");
	text_copy(f->backup, sizeof f->backup, backup ? backup : "");
}

void plan_end(struct plan *p, const char *result, const char *fmt, ...)
{
	va_list ap;

	text_copy(p->result, sizeof p->result, result);
	p->message[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(p->message, sizeof p->message, fmt, ap);
		va_end(ap);
	}
}

int plan_text(const struct plan *p, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };

	if (size)
		buf[0] = '\0';
	out_printf(&o, "plan for %s%s%s:\n", p->command, p->device[0] ? " on " : "", p->device);
	if (!p->nstep)
		out_printf(&o, "  nothing to do\n");
	for (int i = 0; i < p->nstep; i++) {
		const struct plan_step *s = &p->step[i];
		out_printf(&o, "  %d. %s%s%s%s%s\n", i + 1, s->action, s->target[0] ? " " : "", s->target,
			   s->detail[0] ? ": " : "", s->detail);
	}
	if (p->more)
		out_printf(&o, "  … and %d more\n", p->more);
	return o.overflow ? -1 : (int)o.len;
}

static void str_or_null(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s[0] ? s : NULL);
}

void plan_json(const struct plan *p, long long time, struct json *j)
{
	json_begin_object(j);
	if (time >= 0) {
		json_key(j, "time");
		json_int(j, time);
	}
	json_key(j, "command");
	json_string(j, p->command);
	json_key(j, "device");
	json_string(j, p->device);
	json_key(j, "steps");
	json_begin_array(j);
	for (int i = 0; i < p->nstep; i++) {
		json_begin_object(j);
		json_key(j, "action");
		json_string(j, p->step[i].action);
		json_key(j, "target");
		json_string(j, p->step[i].target);
		json_key(j, "detail");
		json_string(j, p->step[i].detail);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "files");
	json_begin_array(j);
	for (int i = 0; i < p->nfile; i++) {
		json_begin_object(j);
		json_key(j, "path");
		json_string(j, p->file[i].path);
		str_or_null(j, "sha256_before", p->file[i].before);
		str_or_null(j, "sha256_after", p->file[i].after);
		str_or_null(j, "backup", p->file[i].backup);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "result");
	json_string(j, p->result);
	str_or_null(j, "message", p->message);
	json_end_object(j);
}
