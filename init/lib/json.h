/* A tiny JSON writer into a fixed buffer (pure). */
#ifndef LB_JSON_H
#define LB_JSON_H

#include <stddef.h>

struct json {
	char *buf;
	size_t cap, len;
	int overflow;		/* set once anything did not fit; the text is then unusable */
	int depth;
	unsigned char first[16];	/* per nesting level: no comma needed yet */
};

void json_init(struct json *j, char *buf, size_t cap);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
/* Write "key": inside an object; the value call follows. */
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);	/* NULL writes null */
void json_int(struct json *j, long long v);
void json_bool(struct json *j, int v);
/* The finished text (NUL-terminated), or NULL after an overflow. */
const char *json_finish(struct json *j);

#endif
