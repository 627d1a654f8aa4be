/* Fuzz target: HTTP/1.1 responses of a link-local metadata service
 * (http_parse_response), which whoever answers on 169.254.169.254 controls, and the
 * requests made from what such answers name (http_format_request: an EC2 key index
 * goes into a path). The input is a response; read as lines it is also a method, a
 * host, a path and headers. Properties: the answer is -1, 0 or 1, and eof never
 * leaves it undecided; a body lies inside the buffer, a status is 200..599; the
 * buffer is untouched unless a response came whole; fed as a client receives it,
 * prefix after prefix with eof=0, the answer stays 0 until it is decided, then stays
 * the same (status and body) to the end, and eof=1 on a prefix gives that answer, or
 * a body up to eof when it was undecided; a request accepted has exactly its own
 * lines, each ended by CRLF and none smuggled in, and fits in its length + 1. */
// sources: init/net/http.c
#include "fuzz.h"
#include "net/http.h"

#define HEADERS_MAX 8

struct parsed {
	int ret, status;
	size_t off, body_len;	/* the body's offset in the buffer */
	char *body;		/* a copy (malloc'd), when ret is 1 */
};

/* Parse the first len bytes of data in an exact-size copy, and check what holds alone. */
static struct parsed parse(const uint8_t *data, size_t len, int eof)
{
	char *buf = malloc(len ? len : 1);
	struct http_response r = { -7, NULL, 0 };
	struct parsed p = { 0, 0, 0, 0, NULL };

	if (!buf)
		abort();
	memcpy(buf, data, len);
	p.ret = http_parse_response(buf, len, eof, &r);
	FUZZ_ASSERT(p.ret >= -1 && p.ret <= 1, "returned %d", p.ret);
	FUZZ_ASSERT(p.ret != 0 || !eof, "undecided at eof");
	if (p.ret == 1) {
		FUZZ_ASSERT(r.status >= 200 && r.status <= 599, "status %d", r.status);
		FUZZ_ASSERT(r.body >= buf && r.body <= buf + len && r.body_len <= (size_t)(buf + len - r.body),
			    "body outside the buffer");
		p.status = r.status;
		p.off = (size_t)(r.body - buf);
		p.body_len = r.body_len;
		p.body = malloc(r.body_len ? r.body_len : 1);
		if (!p.body)
			abort();
		memcpy(p.body, r.body, r.body_len);
	} else {
		// only a whole chunked response is decoded in place
		FUZZ_ASSERT(memcmp(buf, data, len) == 0, "buffer changed, returning %d", p.ret);
	}
	free(buf);
	return p;
}

static int same(const struct parsed *a, const struct parsed *b)
{
	return a->ret == b->ret && (a->ret != 1 || (a->status == b->status && a->off == b->off &&
						      a->body_len == b->body_len &&
						      memcmp(a->body, b->body, a->body_len) == 0));
}

static void check_response(const uint8_t *data, size_t size)
{
	struct parsed decided = { 0, 0, 0, 0, NULL }, whole, whole_eof;
	size_t step = size / 32 + 1, last = 0;

	// after each read, as a client calls it: prefixes (every one of the last 8), then the whole
	for (size_t k = 0; k <= size; k = k + 8 >= size ? k + 1 : k + step < size - 8 ? k + step : size - 8) {
		struct parsed p = parse(data, k, 0), e = parse(data, k, 1);
		if (decided.ret != 0) {
			FUZZ_ASSERT(same(&p, &decided), "%zu bytes: %d, after %d at %zu", k, p.ret, decided.ret, last);
		} else if (p.ret != 0) {
			decided = p;
			p.body = NULL;
			last = k;
		}
		// the connection closed here: the same answer, or a body running to the end
		if (decided.ret != 0)
			FUZZ_ASSERT(same(&e, &decided), "eof at %zu: %d, not %d", k, e.ret, decided.ret);
		else
			FUZZ_ASSERT(e.ret == -1 || e.off + e.body_len == k, "eof at %zu: a body short of it", k);
		free(p.body);
		free(e.body);
	}
	whole = parse(data, size, 0);
	whole_eof = parse(data, size, 1);
	FUZZ_ASSERT(whole.ret == 0 || same(&whole, &whole_eof), "eof changed %d to %d", whole.ret, whole_eof.ret);
	free(whole.body);
	free(whole_eof.body);
	free(decided.body);
}

/* No CR or LF but in CRLF pairs: returns how many lines. */
static int crlf_lines(const char *s)
{
	int n = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			FUZZ_ASSERT(p[1] == '\n', "a bare CR in:\n%s", s);
			n++;
			p++;
		} else {
			FUZZ_ASSERT(*p != '\n', "a bare LF in:\n%s", s);
		}
	}
	return n;
}

static void check_request(const uint8_t *data, size_t size)
{
	static char buf[8192], exact[8192];
	char *text = fuzz_string(data, size), *line[3 + HEADERS_MAX + 1];
	int nline = 0;

	for (char *p = text; nline < 3 + HEADERS_MAX;) {
		line[nline++] = p;
		if (!(p = strchr(p, '\n')))
			break;
		*p++ = '\0';
	}
	if (nline < 3) {
		free(text);
		return;
	}
	line[nline] = NULL;
	const char *const *headers = (const char *const *)line + 3;
	int n = http_format_request(buf, sizeof buf, line[0], line[1], line[2], headers);
	if (n >= 0) {
		int put = strcmp(line[0], "PUT") == 0;
		FUZZ_ASSERT((size_t)n == strlen(buf), "length %d", n);
		FUZZ_ASSERT(crlf_lines(buf) == 4 + (nline - 3) + put + 1, "lines smuggled in:\n%s", buf);
		FUZZ_ASSERT(n >= 4 && strcmp(buf + n - 4, "\r\n\r\n") == 0, "not ended by a blank line:\n%s", buf);
		size_t ml = strlen(line[0]), pl = strlen(line[2]);
		FUZZ_ASSERT(strncmp(buf, line[0], ml) == 0 && buf[ml] == ' ' && strncmp(buf + ml + 1, line[2], pl) == 0 &&
			    strncmp(buf + ml + 1 + pl, " HTTP/1.1\r\n", 11) == 0, "request line:\n%s", buf);
		FUZZ_ASSERT(!strchr(line[0], ' ') && !strchr(line[2], ' '), "a blank in the request line");
		memset(exact, 0x5a, sizeof exact);
		FUZZ_ASSERT(http_format_request(exact, (size_t)n + 1, line[0], line[1], line[2], headers) == n &&
			    memcmp(exact, buf, (size_t)n + 1) == 0, "in %d + 1 bytes", n);
		FUZZ_ASSERT(http_format_request(exact, (size_t)n, line[0], line[1], line[2], headers) == -1,
			    "in %d bytes", n);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_response(data, size);
	check_request(data, size);
	return 0;
}
