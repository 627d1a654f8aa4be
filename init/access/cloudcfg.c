/* Cloud config drives: a line scanner for YAML key lists, a strict JSON scanner, EC2 indices. */
#include "cloudcfg.h"

#include <string.h>

#define JSON_NAME_MAX 64	/* member names compared, with their NUL */

static const char *const yaml_names[] = { "ssh_authorized_keys", "public-keys", "public_keys" };

/* A value being collected into buf (cap + 1 bytes); bad once it holds a NUL or outgrows cap. */
struct val {
	char *buf;
	size_t cap, len;
	int bad;
};

static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The value functions take NULL for "step over, keep nothing". */
static void put(struct val *v, char c)
{
	if (!v)
		return;
	if (c == '\0' || v->len >= v->cap)
		v->bad = 1;
	else
		v->buf[v->len++] = c;
}

static void drop(struct val *v)
{
	if (v)
		v->bad = 1;
}

static void val_reset(struct val *v)
{
	if (!v)
		return;
	v->len = 0;
	v->bad = 0;
}

static int val_is(const struct val *v, const char *s)
{
	return !v->bad && strlen(s) == v->len && memcmp(v->buf, s, v->len) == 0;
}

/* Pass each non-blank line of v, trimmed, to fn unless v was dropped; then empty v.
 * Returns how many were passed. */
static int val_emit(struct val *v, cloudcfg_key_fn fn, void *ctx)
{
	int n = 0;

	if (!v->bad) {
		v->buf[v->len] = '\0';
		for (char *s = v->buf, *next; s; s = next) {
			char *e = strchr(s, '\n');
			next = e ? e + 1 : NULL;
			if (!e)
				e = s + strlen(s);
			while (s < e && space(*s))
				s++;
			while (e > s && space(e[-1]))
				e--;
			if (e > s) {
				*e = '\0';
				fn(ctx, s);
				n++;
			}
		}
	}
	val_reset(v);
	return n;
}

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n hex digits at p, not past end, into *cp; -1 when they aren't there. */
static int hex(const char *p, const char *end, int n, unsigned long *cp)
{
	if (end - p < n)
		return -1;
	*cp = 0;
	for (int i = 0; i < n; i++) {
		int d = hexdigit(p[i]);
		if (d < 0)
			return -1;
		*cp = *cp << 4 | (unsigned)d;
	}
	return 0;
}

/* Code point cp as UTF-8; a NUL, a surrogate or one past U+10FFFF drops the value. */
static void put_utf8(struct val *v, unsigned long cp)
{
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
		drop(v);
	} else if (cp < 0x80) {
		put(v, (char)cp);
	} else if (cp < 0x800) {
		put(v, (char)(0xc0 | cp >> 6));
		put(v, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		put(v, (char)(0xe0 | cp >> 12));
		put(v, (char)(0x80 | (cp >> 6 & 0x3f)));
		put(v, (char)(0x80 | (cp & 0x3f)));
	} else {
		put(v, (char)(0xf0 | cp >> 18));
		put(v, (char)(0x80 | (cp >> 12 & 0x3f)));
		put(v, (char)(0x80 | (cp >> 6 & 0x3f)));
		put(v, (char)(0x80 | (cp & 0x3f)));
	}
}

/* ---- YAML, line by line ---- */

struct yaml {
	const char *p, *end;	/* the next line; the end of the text */
	cloudcfg_key_fn fn;
	void *ctx;
	int count;
};

struct line {
	const char *s, *e;	/* after the indentation; before the line break */
	int indent;		/* a tab counts as one column, like a space */
};

static int next_line(struct yaml *y, struct line *l)
{
	const char *p = y->p, *nl;

	if (p >= y->end)
		return 0;
	nl = memchr(p, '\n', (size_t)(y->end - p));
	l->e = nl ? nl : y->end;
	y->p = nl ? nl + 1 : y->end;
	if (l->e > p && l->e[-1] == '\r')
		l->e--;
	for (l->indent = 0; p < l->e && (*p == ' ' || *p == '\t'); p++)
		l->indent++;
	l->s = p;
	return 1;
}

static const char *blanks(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static void emit(struct yaml *y, struct val *v)
{
	if (v)
		y->count += val_emit(v, y->fn, y->ctx);
}

/* A line break inside a quoted scalar or a flow collection: trailing blanks, the break
 * and the next line's indentation fold into one space, as YAML folds them. */
static const char *fold(struct val *v, const char *p, const char *end)
{
	if (v)
		while (v->len > 0 && (v->buf[v->len - 1] == ' ' || v->buf[v->len - 1] == '\t'))
			v->len--;
	while (p < end && space(*p))
		p++;
	put(v, ' ');
	return p;
}

/* The escape after a backslash, at p, in a double-quoted scalar; returns where it ends. */
static const char *yaml_escape(struct val *v, const char *p, const char *end)
{
	static const char from[] = "0abtnvfre \"/\\\t", to[] = "\0\a\b\t\n\v\f\r\033 \"/\\\t";
	int n = *p == 'x' ? 2 : *p == 'u' ? 4 : *p == 'U' ? 8 : 0;
	unsigned long cp;
	const char *f;

	if (n) {
		if (hex(p + 1, end, n, &cp) < 0) {
			drop(v);
			return p + 1;
		}
		put_utf8(v, cp);
		return p + 1 + n;
	}
	if (*p == '\r' || *p == '\n') {		/* an escaped line break joins without a space */
		while (p < end && space(*p))
			p++;
		return p;
	}
	f = memchr(from, *p, sizeof from - 1);
	if (f)
		put(v, to[f - from]);
	else
		drop(v);
	return p + 1;
}

/* A double-quoted scalar after its quote: returns the end, or NULL when it never closes. */
static const char *dquoted(struct val *v, const char *p, const char *end)
{
	while (p < end) {
		char c = *p++;
		if (c == '"')
			return p;
		if (c == '\r' || c == '\n')
			p = fold(v, p - 1, end);
		else if (c != '\\')
			put(v, c);
		else if (p < end)
			p = yaml_escape(v, p, end);
	}
	return NULL;
}

/* A single-quoted scalar after its quote ('' is a quote): the end, or NULL. */
static const char *squoted(struct val *v, const char *p, const char *end)
{
	while (p < end) {
		char c = *p++;
		if (c == '\'' && p < end && *p == '\'') {
			put(v, '\'');
			p++;
		} else if (c == '\'') {
			return p;
		} else if (c == '\r' || c == '\n') {
			p = fold(v, p - 1, end);
		} else {
			put(v, c);
		}
	}
	return NULL;
}

/* A plain scalar: to the end of the line or a " #" comment. */
static void plain(struct yaml *y, struct val *v, const char *s, const char *e)
{
	for (const char *p = s; p < e; p++) {
		if (*p == '#' && p > s && (p[-1] == ' ' || p[-1] == '\t'))
			break;
		put(v, *p);
	}
	emit(y, v);
}

/* A flow collection at s ('[' or '{'), each item (or the value of a "name: value"
 * item) to v; NULL: only find the end. An unquoted item runs to a comma or the
 * closing bracket and nested brackets stay in it. Returns the end, or NULL when it
 * never closes. */
static const char *flow(struct yaml *y, struct val *v, const char *s, const char *end)
{
	const char *p = s + 1;
	int depth = 1, item = 1, quoted = 0;	/* item: no character of the item seen yet */

	val_reset(v);
	while (p < end) {
		char c = *p;
		if (c == '#' && space(p[-1])) {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (item && space(c)) {
			p++;
			continue;
		}
		if (item && depth == 1 && (c == '"' || c == '\'')) {
			p = c == '"' ? dquoted(v, p + 1, end) : squoted(v, p + 1, end);
			if (!p)
				return NULL;
			item = 0;
			quoted = 1;
			continue;
		}
		item = 0;
		p++;
		if (depth == 1 && (c == ',' || c == ']' || c == '}')) {
			emit(y, v);
			if (c != ',')
				return p;
			item = 1;
			quoted = 0;
			continue;
		}
		if (depth == 1 && c == ':' && (quoted || p == end || space(*p) || *p == ',' || *p == ']' || *p == '}')) {
			val_reset(v);	/* "name: value" (as in {name: value}): the value is the item */
			item = 1;
			quoted = 0;
			continue;
		}
		if (c == '[' || c == '{')
			depth++;
		else if (c == ']' || c == '}')
			depth--;
		if (c == '\r' || c == '\n')
			p = fold(quoted ? NULL : v, p - 1, end);
		else if (!quoted)
			put(v, c);
	}
	return NULL;
}

/* A block scalar ('|' or '>' at s): the lines indented deeper than parent. Each line of
 * a literal block is a value; a folded block joins its lines and a blank line ends one. */
static void block(struct yaml *y, struct val *v, const char *s, const char *e, int parent)
{
	const char style = *s++;
	struct line l;

	for (int i = 0; i < 2 && s < e && (*s == '+' || *s == '-' || (*s >= '1' && *s <= '9')); i++)
		s++;	/* chomping and indentation indicators */
	if (s < e && *s != ' ' && *s != '\t')
		return;
	for (;;) {
		const char *save = y->p;
		if (!next_line(y, &l))
			break;
		if (l.s == l.e) {
			if (style == '>')
				emit(y, v);
			continue;
		}
		if (l.indent <= parent) {
			y->p = save;
			break;
		}
		for (const char *p = l.s; p < l.e; p++)
			put(v, *p);
		if (style == '|')
			emit(y, v);
		else
			put(v, ' ');
	}
	emit(y, v);
}

/* Skip an anchor (&a) and a tag (!t) before a value. */
static const char *props(const char *s, const char *e)
{
	while (s < e && (*s == '&' || *s == '!')) {
		while (s < e && *s != ' ' && *s != '\t')
			s++;
		s = blanks(s, e);
	}
	return s;
}

/* After a value that ended at q on a later line (quoted, or a flow over several lines),
 * go on with the line after q's. */
static void resume(struct yaml *y, const struct line *l, const char *q)
{
	const char *nl;

	if (!q || q <= l->e)
		return;
	nl = memchr(q, '\n', (size_t)(y->end - q));
	y->p = nl ? nl + 1 : y->end;
}

/* The value at s on line l, a child of the node at column parent: collected into v, or
 * only stepped over when v is NULL, so that what a block or quoted scalar holds is never
 * taken for keys. */
static void value(struct yaml *y, struct val *v, const struct line *l, const char *s, int parent)
{
	const char *q = NULL;

	s = props(s, l->e);
	if (s == l->e || *s == '#' || *s == '*')	/* nothing, a comment, an alias */
		return;
	val_reset(v);
	if (*s == '|' || *s == '>') {
		block(y, v, s, l->e, parent);
	} else if (*s == '[' || *s == '{') {
		q = flow(y, NULL, s, y->end);
		if (q && v)
			flow(y, v, s, y->end);
	} else if (*s == '"' || *s == '\'') {
		q = *s == '"' ? dquoted(v, s + 1, y->end) : squoted(v, s + 1, y->end);
		if (q)
			emit(y, v);
	} else {
		plain(y, v, s, l->e);
	}
	resume(y, l, q);
}

/* Step over block sequence entries ("- - x"): *s and *col move to the content. Returns
 * the column of the last dash, or -1 when there is none. */
static int dashes(const char **s, const char *e, int *col)
{
	int dash = -1;

	while (*s < e && **s == '-' && (*s + 1 == e || (*s)[1] == ' ' || (*s)[1] == '\t')) {
		const char *t = blanks(*s + 1, e);
		dash = *col;
		*col += (int)(t - *s);
		*s = t;
	}
	return dash;
}

/* A mapping key at s: "name:" or a quoted name and ':', then a blank or the end.
 * Sets its name [*k, *k + *klen) and *after, the text past the colon. A plain name
 * has no blanks, so that "ssh-rsa AAAA... me: laptop" stays one scalar. */
static int key_at(const char *s, const char *e, const char **k, size_t *klen, const char **after)
{
	const char *p;

	if (s == e)
		return 0;
	if (*s == '"' || *s == '\'') {
		p = memchr(s + 1, *s, (size_t)(e - s - 1));
		if (!p)
			return 0;
		*k = s + 1;
		*klen = (size_t)(p - s - 1);
		p = blanks(p + 1, e);
		if (p == e || *p != ':')
			return 0;
	} else {
		if (strchr("#[]{}|>&*!%@`,", *s))
			return 0;
		for (p = s; p < e && *p != ' ' && *p != '\t'; p++)
			;
		if (p - s < 2 || p[-1] != ':')
			return 0;
		*k = s;
		*klen = (size_t)(p - s - 1);
		p--;
	}
	*after = p + 1;
	return *after == e || **after == ' ' || **after == '\t';
}

static int wanted(const char *k, size_t n)
{
	for (size_t i = 0; i < sizeof yaml_names / sizeof *yaml_names; i++)
		if (strlen(yaml_names[i]) == n && memcmp(yaml_names[i], k, n) == 0)
			return 1;
	return 0;
}

static int is_dash(const struct line *l)
{
	return l->s < l->e && *l->s == '-' && (l->s + 1 == l->e || l->s[1] == ' ' || l->s[1] == '\t');
}

/* A line outside the keys: report an inline value of a wanted key, step over other
 * values. Returns the key's column when a wanted key's value is on the lines below. */
static int outer_line(struct yaml *y, struct val *v, const struct line *l)
{
	const char *s = l->s, *k, *after;
	int col = l->indent, dash = dashes(&s, l->e, &col);
	size_t klen;

	if (!key_at(s, l->e, &k, &klen, &after)) {
		value(y, NULL, l, s, dash >= 0 ? dash : l->indent);
		return -1;
	}
	int want = wanted(k, klen);
	after = props(blanks(after, l->e), l->e);
	if (after == l->e || *after == '#')
		return want ? col : -1;
	value(y, want ? v : NULL, l, after, col);
	return -1;
}

/* A line below a wanted key (at column section): every scalar on it is reported. */
static void inner_line(struct yaml *y, struct val *v, const struct line *l, int section)
{
	const char *s = l->s, *k, *after;
	int col = l->indent, dash = dashes(&s, l->e, &col);
	int parent = dash >= 0 ? dash : section;
	size_t klen;

	if (key_at(s, l->e, &k, &klen, &after)) {
		s = blanks(after, l->e);
		parent = col;
	}
	value(y, v, l, s, parent);
}

int cloudcfg_yaml_keys(const char *text, size_t len, cloudcfg_key_fn fn, void *ctx)
{
	char buf[CLOUDCFG_VALUE_MAX + 1];
	struct val v = { buf, CLOUDCFG_VALUE_MAX, 0, 0 };
	struct yaml y = { text, text + len, fn, ctx, 0 };
	int section = -1;	/* the column of the wanted key whose lines these are */
	struct line l;

	while (next_line(&y, &l)) {
		if (l.s == l.e || *l.s == '#')
			continue;
		// YAML lets a block list sit at its key's own indentation
		if (section >= 0 && (l.indent > section || (l.indent == section && is_dash(&l))))
			inner_line(&y, &v, &l, section);
		else
			section = outer_line(&y, &v, &l);
	}
	return y.count;
}

/* ---- JSON: validated whole, then walked ---- */

struct json {
	const char *p, *end;
	int depth;
};

static int peek(const struct json *j, char c)
{
	return j->p < j->end && *j->p == c;
}

static void ws(struct json *j)
{
	while (j->p < j->end && space(*j->p))
		j->p++;
}

/* \uXXXX after "\u" (a surrogate pair as one code point). */
static int unicode(struct json *j, struct val *v)
{
	unsigned long cp, lo;

	if (hex(j->p, j->end, 4, &cp) < 0)
		return -1;
	j->p += 4;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
		    hex(j->p + 2, j->end, 4, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		j->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	put_utf8(v, cp);	/* \u0000 drops the value: it can't be passed on */
	return 0;
}

/* A string at j->p, decoded into v. Returns 0, or -1 when malformed. */
static int string(struct json *j, struct val *v)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *f;

	if (!peek(j, '"'))
		return -1;
	j->p++;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p++;
		if (c == '"')
			return 0;
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			put(v, (char)c);
			continue;
		}
		if (j->p == j->end)
			return -1;
		c = (unsigned char)*j->p++;
		if (c == 'u') {
			if (unicode(j, v) < 0)
				return -1;
		} else if ((f = memchr(from, c, sizeof from - 1)) != NULL) {
			put(v, to[f - from]);
		} else {
			return -1;
		}
	}
	return -1;
}

static int digits(struct json *j)
{
	const char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s ? 0 : -1;
}

static int number(struct json *j)
{
	if (peek(j, '-'))
		j->p++;
	if (peek(j, '0'))
		j->p++;
	else if (digits(j) < 0)
		return -1;
	if (peek(j, '.')) {
		j->p++;
		if (digits(j) < 0)
			return -1;
	}
	if (peek(j, 'e') || peek(j, 'E')) {
		j->p++;
		if (peek(j, '+') || peek(j, '-'))
			j->p++;
		if (digits(j) < 0)
			return -1;
	}
	return 0;
}

static int word(struct json *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return -1;
	j->p += n;
	return 0;
}

/* Step to the next member (its name decoded into name, if set) or element of the
 * container whose opening bracket is behind; *n counts them. Returns 1 with j->p at
 * its value, 0 past the closing bracket, -1 when malformed. */
static int member(struct json *j, char close, int *n, struct val *name)
{
	ws(j);
	if (peek(j, close)) {
		j->p++;
		return 0;
	}
	if (*n > 0) {
		if (!peek(j, ','))
			return -1;
		j->p++;
		ws(j);
	}
	(*n)++;
	if (close == '}') {
		val_reset(name);
		if (string(j, name) < 0)
			return -1;
		ws(j);
		if (!peek(j, ':'))
			return -1;
		j->p++;
		ws(j);
	}
	return 1;
}

/* Step over one value at j->p (blanks before it allowed). */
static int skip(struct json *j)
{
	char close;
	int n = 0, r;

	ws(j);
	if (j->p == j->end)
		return -1;
	switch (*j->p) {
	case '"':
		return string(j, NULL);
	case 't':
		return word(j, "true");
	case 'f':
		return word(j, "false");
	case 'n':
		return word(j, "null");
	case '{':
	case '[':
		close = *j->p == '{' ? '}' : ']';
		if (++j->depth > CLOUDCFG_JSON_DEPTH)
			return -1;
		// a trailing comma fails: member() then wants a name, skip() a value
		for (j->p++; (r = member(j, close, &n, NULL)) > 0;)
			if (skip(j) < 0)
				return -1;
		j->depth--;
		return r;
	default:
		return number(j);
	}
}

/* Check the whole text is one JSON object, then stand j inside it. */
static int document(struct json *j, const char *text, size_t len)
{
	*j = (struct json){ text, text + len, 0 };
	if (skip(j) < 0)
		return -1;
	ws(j);
	if (j->p != j->end)
		return -1;
	j->p = text;
	ws(j);
	if (!peek(j, '{'))
		return -1;
	j->p++;
	return 0;
}

/* The text was checked: what follows cannot fail, but stops cleanly if it did. */
static int key_map(struct json *j, struct val *v, cloudcfg_key_fn fn, void *ctx)
{
	int n = 0, count = 0;

	j->p++;
	while (member(j, '}', &n, NULL) > 0) {
		if (!peek(j, '"')) {
			if (skip(j) < 0)
				break;
			continue;
		}
		val_reset(v);
		if (string(j, v) < 0)
			break;
		count += val_emit(v, fn, ctx);
	}
	return count;
}

/* One {"name": …, "type": "ssh", "data": "ssh-…"} element of "keys". */
static int key_entry(struct json *j, struct val *v, cloudcfg_key_fn fn, void *ctx)
{
	char nbuf[8], tbuf[8];
	struct val name = { nbuf, sizeof nbuf - 1, 0, 0 }, type = { tbuf, sizeof tbuf - 1, 0, 0 };
	struct json data = { NULL, j->end, 0 };
	int n = 0, other = 0;

	j->p++;
	while (member(j, '}', &n, &name) > 0) {
		if (val_is(&name, "type") && peek(j, '"')) {
			val_reset(&type);
			if (string(j, &type) < 0)
				return 0;
			other = !val_is(&type, "ssh");
			continue;
		}
		if (val_is(&name, "data") && peek(j, '"'))
			data.p = j->p;
		if (skip(j) < 0)
			return 0;
	}
	if (!data.p || other)
		return 0;
	val_reset(v);
	if (string(&data, v) < 0)
		return 0;
	return val_emit(v, fn, ctx);
}

static int key_list(struct json *j, struct val *v, cloudcfg_key_fn fn, void *ctx)
{
	int n = 0, count = 0;

	j->p++;
	while (member(j, ']', &n, NULL) > 0) {
		if (peek(j, '{'))
			count += key_entry(j, v, fn, ctx);
		else if (skip(j) < 0)
			break;
	}
	return count;
}

int cloudcfg_openstack_keys(const char *json, size_t len, cloudcfg_key_fn fn, void *ctx)
{
	char buf[CLOUDCFG_VALUE_MAX + 1], nbuf[JSON_NAME_MAX];
	struct val v = { buf, CLOUDCFG_VALUE_MAX, 0, 0 }, name = { nbuf, sizeof nbuf - 1, 0, 0 };
	struct json j;
	int n = 0, count = 0;

	if (document(&j, json, len) < 0)
		return -1;
	while (member(&j, '}', &n, &name) > 0) {
		if (val_is(&name, "public_keys") && peek(&j, '{'))
			count += key_map(&j, &v, fn, ctx);
		else if (val_is(&name, "keys") && peek(&j, '['))
			count += key_list(&j, &v, fn, ctx);
		else if (skip(&j) < 0)
			break;
	}
	return count;
}

int cloudcfg_openstack_string(const char *json, size_t len, const char *key, char *out, size_t size)
{
	char nbuf[JSON_NAME_MAX];
	struct val name = { nbuf, sizeof nbuf - 1, 0, 0 }, v = { out, size ? size - 1 : 0, 0, 0 };
	struct json j;
	int n = 0, r = -1;

	if (size == 0)
		return -1;
	out[0] = '\0';
	if (strlen(key) >= sizeof nbuf || document(&j, json, len) < 0)
		return -1;
	while (member(&j, '}', &n, &name) > 0) {
		int match = val_is(&name, key);
		if (match && peek(&j, '"')) {
			val_reset(&v);
			if (string(&j, &v) < 0)
				return -1;
			r = v.bad ? -1 : (int)v.len;
		} else {
			if (match)
				r = -1;		/* the last one counts, and it is no string */
			if (skip(&j) < 0)
				return -1;
		}
	}
	if (r < 0) {
		out[0] = '\0';
		return -1;
	}
	out[r] = '\0';
	return r;
}

/* ---- EC2 ---- */

int cloudcfg_ec2_key_indices(const char *body, size_t len, int *idx, int max)
{
	const char *p = body, *end = body + len;
	int n = 0;

	while (p < end && n < max) {
		const char *s = p, *e = memchr(p, '\n', (size_t)(end - p)), *d;
		int v = 0, seen = 0;

		e = e ? e : end;
		p = e < end ? e + 1 : end;
		for (d = s; d < e && d - s < 4 && *d >= '0' && *d <= '9'; d++)
			v = v * 10 + (*d - '0');
		if (d == s || d == e || *d != '=' || v >= CLOUDCFG_EC2_INDEX_MAX || (*s == '0' && d - s > 1))
			continue;
		for (int i = 0; i < n; i++)
			seen |= idx[i] == v;
		if (!seen)
			idx[n++] = v;
	}
	return n;
}
