/* HTTP/1.1: requests written exactly or refused, responses complete, incomplete or malformed. */
#include "t.h"
#include "net/http.h"

#include <stdlib.h>

#define IMDS "169.254.169.254"

static void format_tests(void)
{
	static const char *const token[] = { "X-aws-ec2-metadata-token-ttl-seconds: 21600", NULL };
	static const char *const auth[] = { "X-aws-ec2-metadata-token: AQAEAFx1MgpL==", "Accept:\t*/*", NULL };
	static const char get[] = "GET /latest/meta-data/public-keys/ HTTP/1.1\r\nHost: " IMDS "\r\n"
				  "Connection: close\r\nUser-Agent: lifeboat\r\n\r\n";
	char buf[512];
	int n;

	n = http_format_request(buf, sizeof buf, "GET", IMDS, "/latest/meta-data/public-keys/", NULL);
	CHECK(n == (int)strlen(get), "GET: %d", n);
	CHECK_STR(buf, get, "GET");
	CHECK(http_format_request(buf, strlen(get) + 1, "GET", IMDS, "/latest/meta-data/public-keys/", NULL) ==
	      (int)strlen(get), "GET in just enough room");
	CHECK(http_format_request(buf, strlen(get), "GET", IMDS, "/latest/meta-data/public-keys/", NULL) == -1,
	      "GET in one byte too few");
	CHECK(http_format_request(buf, 0, "GET", IMDS, "/", NULL) == -1, "no room at all");

	n = http_format_request(buf, sizeof buf, "PUT", IMDS, "/latest/api/token", token);
	CHECK_STR(n > 0 ? buf : NULL, "PUT /latest/api/token HTTP/1.1\r\nHost: " IMDS "\r\nConnection: close\r\n"
		  "User-Agent: lifeboat\r\nX-aws-ec2-metadata-token-ttl-seconds: 21600\r\nContent-Length: 0\r\n\r\n", "PUT");
	n = http_format_request(buf, sizeof buf, "GET", IMDS ":80", "/latest/meta-data/public-keys/0/openssh-key", auth);
	CHECK_STR(n > 0 ? buf : NULL, "GET /latest/meta-data/public-keys/0/openssh-key HTTP/1.1\r\nHost: " IMDS ":80\r\n"
		  "Connection: close\r\nUser-Agent: lifeboat\r\nX-aws-ec2-metadata-token: AQAEAFx1MgpL==\r\n"
		  "Accept:\t*/*\r\n\r\n", "GET with headers");

	static const struct {
		const char *method, *host, *path, *header;
	} bad[] = {
		{ "", IMDS, "/", NULL }, { "GET ", IMDS, "/", NULL }, { "G\r\nET", IMDS, "/", NULL },
		{ "GET /x HTTP/1.0\r\n\r\nGET", IMDS, "/", NULL },
		{ "GET", "", "/", NULL }, { "GET", "a b", "/", NULL }, { "GET", IMDS "\r\nX-Evil: 1", "/", NULL },
		{ "GET", "h\x7f", "/", NULL },
		{ "GET", IMDS, "", NULL }, { "GET", IMDS, "latest", NULL }, { "GET", IMDS, "/a b", NULL },
		{ "GET", IMDS, "/a\r\nX-Evil: 1", NULL }, { "GET", IMDS, "/\t", NULL },
		{ "GET", IMDS, "/", "X-A: b\r\nX-Evil: 1" }, { "GET", IMDS, "/", "X-A: b\n" },
		{ "GET", IMDS, "/", "NoColon" }, { "GET", IMDS, "/", ": empty name" }, { "GET", IMDS, "/", "X A: b" },
		{ "GET", IMDS, "/", "X-A: \x01" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *h[] = { bad[i].header, NULL };
		CHECK(http_format_request(buf, sizeof buf, bad[i].method, bad[i].host, bad[i].path, h) == -1,
		      "accepted %s %s %s %s", bad[i].method, bad[i].host, bad[i].path, bad[i].header ? bad[i].header : "");
	}
}

/* Parse an exact-size heap copy (ASan catches a read past len); body into want_body. */
static int parse(const char *resp, size_t len, int eof, int *status, char *body, size_t size)
{
	char *c = malloc(len ? len : 1);
	struct http_response r = { 0, NULL, 0 };
	int ret;

	memcpy(c, resp, len);
	ret = http_parse_response(c, len, eof, &r);
	if (ret == 0)
		CHECK(memcmp(c, resp, len) == 0, "buffer changed while incomplete");
	if (ret == 1) {
		CHECK(r.body >= c && r.body_len <= len - (size_t)(r.body - c), "body outside the buffer");
		*status = r.status;
		if (r.body_len < size) {
			memcpy(body, r.body, r.body_len);
			body[r.body_len] = '\0';
		}
	}
	free(c);
	return ret;
}

static void parse_tests(void)
{
	static const struct {
		const char *resp;
		int status;
		const char *body;
	} ok[] = {
		{ "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\n0=my-key", 200, "0=my-key" },
		{ "HTTP/1.0 404 Not Found\r\ncontent-LENGTH:\t0 \r\n\r\n", 404, "" },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 200, "abc" },
		{ "HTTP/1.1 200\nContent-Length: 2\n\nok", 200, "ok" },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n"
		  "X-Trailer: y\r\n\r\n", 200, "Wikipedia" },
		{ "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\nA \r\n0123456789\n0\n\n", 200, "0123456789" },
		{ "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 204, "" },
		{ "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops", 500, "oops" },
	};
	char body[256];
	int status;

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		const char *t = ok[i].resp;
		size_t len = strlen(t);
		int r = parse(t, len, 0, &status, body, sizeof body);
		CHECK(r == 1, "%s: %d", t, r);
		if (r == 1) {
			CHECK(status == ok[i].status, "%s: status %d", t, status);
			CHECK_STR(body, ok[i].body, t);
		}
		CHECK(parse(t, len, 1, &status, body, sizeof body) == 1, "%s with eof", t);
		// one byte short, or any shorter: more is needed; at eof that is a cut response
		for (size_t n = 0; n < len; n++) {
			CHECK(parse(t, n, 0, &status, body, sizeof body) == 0, "%s cut at %zu", t, n);
			CHECK(parse(t, n, 1, &status, body, sizeof body) == -1, "%s cut at %zu, eof", t, n);
		}
	}

	// bytes past a framed body are not part of it
	const char *extra = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA";
	CHECK(parse(extra, strlen(extra), 0, &status, body, sizeof body) == 1 && strcmp(body, "ok") == 0, "extra");
	// without framing the body runs to eof
	const char *open = "HTTP/1.0 200 OK\r\nServer: EC2ws\r\n\r\nssh-ed25519 AAAA";
	CHECK(parse(open, strlen(open), 0, &status, body, sizeof body) == 0, "unframed before eof");
	CHECK(parse(open, strlen(open), 1, &status, body, sizeof body) == 1 && strcmp(body, "ssh-ed25519 AAAA") == 0,
	      "unframed at eof");

	static const char *const bad[] = {
		"HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n", "HTTP/1.1 099 x\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 600 x\r\n\r\n", "http/1.1 200 OK\r\n\r\n",
		"ICY 200 OK\r\n\r\n", "HTTP/1.1 200 O\rK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "HTTP/1.1 200 OK\r\nName : v\r\n\r\n",
		"HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\x01\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 x\r\nab\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(parse(bad[i], strlen(bad[i]), 0, &status, body, sizeof body) == -1, "accepted: %s", bad[i]);

	// headers are bounded: past HTTP_HEAD_MAX without their end is refused, not awaited
	size_t pre = strlen("HTTP/1.1 200 OK\r\nX: ");
	char *big = malloc(HTTP_HEAD_MAX + 2);
	memcpy(big, "HTTP/1.1 200 OK\r\nX: ", pre);
	memset(big + pre, 'a', HTTP_HEAD_MAX + 2 - pre);
	CHECK(parse(big, HTTP_HEAD_MAX, 0, &status, body, sizeof body) == 0, "head at the limit awaited");
	CHECK(parse(big, HTTP_HEAD_MAX + 1, 0, &status, body, sizeof body) == -1, "head past the limit awaited");
	free(big);
}

int main(void)
{
	format_tests();
	parse_tests();
	return t_done("test_http");
}
