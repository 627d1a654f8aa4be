/* The pure half of a tiny HTTP/1.1 client for link-local metadata services. */
#ifndef LB_HTTP_H
#define LB_HTTP_H

#include <stddef.h>

#define HTTP_HEAD_MAX 16384	/* a status line and headers longer than this are refused */

struct http_response {
	int status;		/* 200..599 */
	const char *body;	/* inside the buffer given to http_parse_response */
	size_t body_len;
};

/* Write "METHOD path HTTP/1.1", Host, "Connection: close", "User-Agent: lifeboat",
 * the "Name: value" lines of headers (NULL-terminated, or NULL), "Content-Length: 0"
 * for PUT and the blank line into buf, NUL-terminated. The method must be a token,
 * the host visible ASCII without blanks, the path "/" and visible ASCII, each header
 * a token, ':' and a value without control bytes but tab. Returns the length, or -1
 * when something is refused or doesn't fit (buf is then unusable). */
int http_format_request(char *buf, size_t size, const char *method, const char *host,
			const char *path, const char *const *headers);

/* Parse the len bytes received so far (eof: the server closed the connection).
 * Returns 1 with *r set when a whole response is there: a body by Content-Length,
 * by chunked Transfer-Encoding (decoded in place in buf, so buf is changed and must
 * not be parsed again), none for 204 and 304, else everything up to eof; bytes past
 * the response are ignored. Returns 0 when more bytes are needed (buf untouched),
 * -1 when malformed, unsupported (1xx, another transfer coding, both Content-Length
 * and Transfer-Encoding), headers past HTTP_HEAD_MAX, or cut short by eof. A caller
 * whose buffer is full while this returns 0 has a response too big for it. */
int http_parse_response(char *buf, size_t len, int eof, struct http_response *r);

#endif
