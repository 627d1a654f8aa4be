/* HTTP/1.1 requests and responses, for a client that sends one request per connection. */
#include "http.h"

#include <string.h>

/* What a request is written into: over once something did not fit. */
struct out {
	char *buf;
	size_t size, len;
	int over;
};

static void add(struct out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->over || n >= o->size - o->len) {
		o->over = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static int ctl(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

/* RFC 9110 tchar: what a method or a header name is made of. */
static int tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int is_token(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!tchar(s[i]))
			return 0;
	return 1;
}

/* Non-empty, nothing but visible ASCII: no blank, CR or LF to smuggle a line in. */
static int visible(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static int header_ok(const char *h)
{
	const char *colon = strchr(h, ':');

	if (!colon || !is_token(h, (size_t)(colon - h)))
		return 0;
	for (const char *p = colon + 1; *p; p++)
		if (ctl(*p) && *p != '\t')
			return 0;
	return 1;
}

int http_format_request(char *buf, size_t size, const char *method, const char *host,
			const char *path, const char *const *headers)
{
	struct out o = { buf, size, 0, size == 0 };

	if (!is_token(method, strlen(method)) || !visible(host) || path[0] != '/' || !visible(path))
		return -1;
	for (const char *const *h = headers; h && *h; h++)
		if (!header_ok(*h))
			return -1;
	add(&o, method);
	add(&o, " ");
	add(&o, path);
	add(&o, " HTTP/1.1\r\nHost: ");
	add(&o, host);
	add(&o, "\r\nConnection: close\r\nUser-Agent: lifeboat\r\n");
	for (const char *const *h = headers; h && *h; h++) {
		add(&o, *h);
		add(&o, "\r\n");
	}
	if (strcmp(method, "PUT") == 0)
		add(&o, "Content-Length: 0\r\n");
	add(&o, "\r\n");
	return o.over ? -1 : (int)o.len;
}

static int lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Is [s, s + n) want, whatever the case? */
static int is(const char *s, size_t n, const char *want)
{
	if (strlen(want) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != want[i])
			return 0;
	return 1;
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The line at p ends at *e (before CRLF or LF); returns the next line, or NULL when
 * its line break has not arrived. */
static const char *line(const char *p, const char *end, const char **e)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	if (!nl)
		return NULL;
	*e = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
	return nl + 1;
}

/* "HTTP/1.x NNN[ reason]": the status, or -1. Interim 1xx answers are not expected. */
static int status_line(const char *s, const char *e)
{
	int st;

	if (e - s < 12 || memcmp(s, "HTTP/1.", 7) != 0 || !digit(s[7]) || s[8] != ' ' ||
	    !digit(s[9]) || !digit(s[10]) || !digit(s[11]) || (e - s > 12 && s[12] != ' '))
		return -1;
	for (const char *p = s + 12; p < e; p++)
		if (ctl(*p) && *p != '\t')
			return -1;
	st = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	return st >= 200 && st <= 599 ? st : -1;
}

struct head {
	size_t length;
	int has_length, chunked;
};

/* "Name: value" from s to e: the value without its blanks in [*v, *ve). */
static int field(const char *s, const char *e, const char **v, const char **ve)
{
	const char *colon = memchr(s, ':', (size_t)(e - s));

	if (!colon || !is_token(s, (size_t)(colon - s)))	/* also refuses obsolete folding */
		return -1;
	for (*v = colon + 1; *v < e && (**v == ' ' || **v == '\t'); (*v)++)
		;
	for (*ve = e; *ve > *v && ((*ve)[-1] == ' ' || (*ve)[-1] == '\t'); (*ve)--)
		;
	for (const char *p = *v; p < *ve; p++)
		if (ctl(*p) && *p != '\t')
			return -1;
	return (int)(colon - s);
}

static int header(const char *s, const char *e, struct head *h)
{
	const char *v, *ve;
	int n = field(s, e, &v, &ve);
	size_t len = 0;

	if (n < 0)
		return -1;
	if (is(s, (size_t)n, "transfer-encoding")) {
		if (!is(v, (size_t)(ve - v), "chunked"))	/* no other coding is decoded here */
			return -1;
		h->chunked = 1;
	} else if (is(s, (size_t)n, "content-length")) {
		if (v == ve)
			return -1;
		for (; v < ve; v++) {
			if (!digit(*v) || len > ((size_t)-1 - 9) / 10)
				return -1;
			len = len * 10 + (size_t)(*v - '0');
		}
		if (h->has_length && h->length != len)
			return -1;
		h->length = len;
		h->has_length = 1;
	}
	return 0;
}

static int hexval(char c)
{
	if (digit(c))
		return c - '0';
	c = (char)lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A chunk-size line: hex digits, then maybe ";extensions". */
static int chunk_size(const char *s, const char *e, size_t *n)
{
	const char *p;
	int d;

	*n = 0;
	for (p = s; p < e && (d = hexval(*p)) >= 0; p++) {
		if (*n > (size_t)-1 >> 4)
			return -1;
		*n = *n << 4 | (size_t)d;
	}
	if (p == s)
		return -1;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p < e && *p != ';')
		return -1;
	for (; p < e; p++)
		if (ctl(*p) && *p != '\t')
			return -1;
	return 0;
}

/* Past chunk data at p: CRLF or LF. Returns the next line, NULL when it has not
 * arrived, or p itself when something else is there. */
static const char *data_end(const char *p, const char *end)
{
	if (p < end && *p == '\n')
		return p + 1;
	if (p < end && *p == '\r') {
		if (end - p < 2)
			return NULL;
		return p[1] == '\n' ? p + 2 : p;
	}
	return p == end ? NULL : p;
}

/* A chunked body at buf + off: checked to its end first (0 when more is needed, -1
 * when malformed), only then decoded in place to buf + off, *len bytes long. */
static int chunked(char *buf, size_t off, size_t end_off, size_t *len)
{
	const char *p = buf + off, *end = buf + end_off, *s, *e, *q;
	size_t n, w = off;

	for (;;) {
		s = p;
		if (!(p = line(p, end, &e)))
			return 0;
		if (chunk_size(s, e, &n) < 0)
			return -1;
		if (n == 0)
			break;
		if (n > (size_t)(end - p))
			return 0;
		if (!(q = data_end(p + n, end)))
			return 0;
		if (q == p + n)
			return -1;
		p = q;
	}
	for (;;) {		/* trailer fields, then a blank line */
		const char *v, *ve;
		s = p;
		if (!(p = line(p, end, &e)))
			return 0;
		if (e == s)
			break;
		if (field(s, e, &v, &ve) < 0)
			return -1;
	}
	for (p = buf + off;;) {
		s = p;
		p = line(p, end, &e);
		chunk_size(s, e, &n);
		if (n == 0)
			break;
		memmove(buf + w, p, n);		/* w stays behind p: nothing unread is overwritten */
		w += n;
		p = data_end(p + n, end);
	}
	*len = w - off;
	return 1;
}

int http_parse_response(char *buf, size_t len, int eof, struct http_response *r)
{
	const char *p = buf, *end = buf + len, *s, *e;
	struct head h = { 0, 0, 0 };
	size_t off, body_len;
	int status = -1, ret;

	for (;;) {
		s = p;
		if (!(p = line(p, end, &e)))
			return eof || len > HTTP_HEAD_MAX ? -1 : 0;
		if ((size_t)(p - buf) > HTTP_HEAD_MAX)
			return -1;
		if (status < 0) {
			if ((status = status_line(s, e)) < 0)
				return -1;
		} else if (e == s) {
			break;
		} else if (header(s, e, &h) < 0) {
			return -1;
		}
	}
	if (h.chunked && h.has_length)		/* which one frames the body is ambiguous */
		return -1;
	off = (size_t)(p - buf);
	if (status == 204 || status == 304) {
		body_len = 0;
	} else if (h.chunked) {
		ret = chunked(buf, off, len, &body_len);
		if (ret <= 0)
			return ret < 0 || eof ? -1 : 0;
	} else if (h.has_length) {
		if (h.length > len - off)
			return eof ? -1 : 0;
		body_len = h.length;
	} else {
		if (!eof)
			return 0;
		body_len = len - off;
	}
	r->status = status;
	r->body = buf + off;
	r->body_len = body_len;
	return 1;
}
