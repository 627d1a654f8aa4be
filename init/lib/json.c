/* A tiny JSON writer: enough for status and audit records, escaping every string. */
#include "json.h"

#include <stdio.h>
#include <string.h>

void json_init(struct json *j, char *buf, size_t cap)
{
	memset(j, 0, sizeof *j);
	j->buf = buf;
	j->cap = cap;
	j->first[0] = 1;
	if (cap)
		buf[0] = '\0';
	else
		j->overflow = 1;
}

static void put(struct json *j, const char *s, size_t n)
{
	if (j->overflow)
		return;
	if (j->len + n + 1 > j->cap) {
		j->overflow = 1;
		return;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* A value is about to be written: a comma unless it is the first of its container,
 * none after a key (json_key cleared the flag). */
static void value_start(struct json *j)
{
	if (!j->first[j->depth])
		put(j, ",", 1);
	j->first[j->depth] = 0;
}

static void open_(struct json *j, const char *c)
{
	value_start(j);
	puts_(j, c);
	if (j->depth + 1 >= (int)sizeof j->first) {
		j->overflow = 1;
		return;
	}
	j->first[++j->depth] = 1;
}

static void close_(struct json *j, const char *c)
{
	if (j->depth > 0)
		j->depth--;
	puts_(j, c);
}

void json_begin_object(struct json *j) { open_(j, "{"); }
void json_end_object(struct json *j) { close_(j, "}"); }
void json_begin_array(struct json *j) { open_(j, "["); }
void json_end_array(struct json *j) { close_(j, "]"); }

static void quoted(struct json *j, const char *s)
{
	put(j, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[8];
		switch (*p) {
		case '"': puts_(j, "\\\""); break;
		case '\\': puts_(j, "\\\\"); break;
		case '\n': puts_(j, "\\n"); break;
		case '\r': puts_(j, "\\r"); break;
		case '\t': puts_(j, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", *p);
				puts_(j, esc);
			} else {
				put(j, (const char *)p, 1);
			}
		}
	}
	put(j, "\"", 1);
}

void json_key(struct json *j, const char *key)
{
	value_start(j);
	quoted(j, key);
	put(j, ":", 1);
	j->first[j->depth] = 1;		/* the value that follows takes no comma */
}

void json_string(struct json *j, const char *s)
{
	value_start(j);
	if (s)
		quoted(j, s);
	else
		puts_(j, "null");
}

void json_int(struct json *j, long long v)
{
	char num[32];

	value_start(j);
	snprintf(num, sizeof num, "%lld", v);
	puts_(j, num);
}

void json_bool(struct json *j, int v)
{
	value_start(j);
	puts_(j, v ? "true" : "false");
}

const char *json_finish(struct json *j)
{
	return j->overflow || j->depth != 0 ? NULL : j->buf;
}
