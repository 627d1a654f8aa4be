/* OpenSSH public keys: accept the strong types only, in a normalized line. */
#define _GNU_SOURCE
#include "sshkey.h"
#include "../lib/base64.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const allowed[] = {
	"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-rsa",
};

static int is_allowed(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if (strlen(allowed[i]) == len && memcmp(allowed[i], s, len) == 0)
			return 1;
	return 0;
}

/* Read an SSH wire string (uint32 length + bytes) at *p; -1 past the end. */
static int wire_string(const unsigned char **p, const unsigned char *end, const unsigned char **s, uint32_t *len)
{
	if (end - *p < 4)
		return -1;
	*len = (uint32_t)(*p)[0] << 24 | (uint32_t)(*p)[1] << 16 | (uint32_t)(*p)[2] << 8 | (*p)[3];
	*p += 4;
	if ((size_t)(end - *p) < *len)
		return -1;
	*s = *p;
	*p += *len;
	return 0;
}

static int rsa_bits(const unsigned char *blob, size_t len)
{
	const unsigned char *p = blob, *end = blob + len, *s;
	uint32_t n;

	if (wire_string(&p, end, &s, &n) < 0 || wire_string(&p, end, &s, &n) < 0 ||	/* type, e */
	    wire_string(&p, end, &s, &n) < 0)						/* modulus */
		return -1;
	while (n > 0 && *s == 0) {
		s++;
		n--;
	}
	if (n == 0)
		return 0;
	int bits = (int)(n - 1) * 8;
	for (unsigned char top = *s; top; top >>= 1)
		bits++;
	return bits;
}

/* Does the blob after its type string hold what a key of that type needs, and
 * nothing after it? (RFC 4253, 5656, 8709; OpenSSH's PROTOCOL.u2f for sk-*) */
static int blob_shaped(const char *type, size_t tlen, const unsigned char *blob, size_t len)
{
	const unsigned char *p = blob, *end = blob + len, *s;
	uint32_t n, curve;
	int sk = tlen > 3 && memcmp(type, "sk-", 3) == 0;

	if (wire_string(&p, end, &s, &n) < 0)	/* the type itself */
		return -1;
	if (tlen == 7 && memcmp(type, "ssh-rsa", 7) == 0) {
		if (wire_string(&p, end, &s, &n) < 0 || n == 0 || wire_string(&p, end, &s, &n) < 0 || n == 0)
			return -1;	/* e, n */
	} else if (memmem(type, tlen, "ed25519", 7)) {
		if (wire_string(&p, end, &s, &n) < 0 || n != 32)
			return -1;
	} else {
		// ecdsa: the curve's name, then an uncompressed point of that curve
		if (wire_string(&p, end, &s, &curve) < 0 || curve != 8 || memcmp(s, "nistp", 5) != 0 ||
		    memcmp(s, type + tlen - 8 - (sk ? 12 : 0), 8) != 0)
			return -1;
		if (wire_string(&p, end, &s, &n) < 0 || n == 0 || s[0] != 4 ||
		    n != (memcmp(type + tlen - 3 - (sk ? 12 : 0), "256", 3) == 0 ? 65u :
			  memcmp(type + tlen - 3 - (sk ? 12 : 0), "384", 3) == 0 ? 97u : 133u))
			return -1;
	}
	if (sk && (wire_string(&p, end, &s, &n) < 0 || n == 0))	/* the application, "ssh:" */
		return -1;
	return p == end ? 0 : -1;
}

/* Split the next blank-separated word off *s, honoring double quotes (options). */
static const char *word(const char **s, size_t *len)
{
	const char *p = *s, *start;
	int quoted = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	start = p;
	for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++)
		if (*p == '"')
			quoted = !quoted;
	*len = (size_t)(p - start);
	*s = p;
	return *len ? start : NULL;
}

int sshkey_normalize(const char *line, char *out, size_t size, const char **why)
{
	static unsigned char blob[SSHKEY_LINE_MAX];
	static char decoded[SSHKEY_LINE_MAX + 1];
	const char *type = NULL, *b64 = NULL, *w, *p;
	size_t tlen = 0, blen = 0, len;
	const unsigned char *bp, *ts;
	uint32_t inner;
	long n;

	*why = NULL;
	if (strlen(line) > SSHKEY_LINE_MAX) {
		*why = "longer than 16 KiB";
		return -1;
	}
	if (strncmp(line, "b64:", 4) == 0) {
		n = base64_decode(line + 4, strlen(line + 4), (unsigned char *)decoded, SSHKEY_LINE_MAX);
		if (n < 0) {
			*why = "b64: value is not base64";
			return -1;
		}
		decoded[n] = '\0';
		if (strlen(decoded) != (size_t)n) {
			*why = "b64: value decodes to binary";
			return -1;
		}
		line = decoded;
	}
	// options come first, if any: the key starts at the first word that is a key type
	for (p = line; (w = word(&p, &len)) != NULL;) {
		if (is_allowed(w, len)) {
			type = w;
			tlen = len;
			b64 = word(&p, &blen);
			break;
		}
	}
	if (!type) {
		*why = "no key of an allowed type (ed25519, ecdsa, sk-*, rsa)";
		return -1;
	}
	if (!b64) {
		*why = "key type without key data";
		return -1;
	}
	n = base64_decode(b64, blen, blob, sizeof blob);
	bp = blob;
	if (n < 0 || wire_string(&bp, blob + n, &ts, &inner) < 0) {
		*why = "key data is not a valid base64 key blob";
		return -1;
	}
	if (inner != tlen || memcmp(ts, type, tlen) != 0) {
		*why = "key data is of another type than the line says";
		return -1;
	}
	if (blob_shaped(type, tlen, blob, (size_t)n) < 0) {
		*why = "key data does not hold a key of its type";
		return -1;
	}
	if (tlen == 7 && memcmp(type, "ssh-rsa", 7) == 0 && rsa_bits(blob, (size_t)n) < SSHKEY_RSA_MIN_BITS) {
		*why = "RSA key shorter than 2048 bits";
		return -1;
	}
	// the comment: the rest, trimmed, control bytes replaced
	while (*p == ' ' || *p == '\t')
		p++;
	size_t clen = strlen(p);
	while (clen > 0 && (p[clen - 1] == ' ' || p[clen - 1] == '\t' || p[clen - 1] == '\n' || p[clen - 1] == '\r'))
		clen--;
	if (tlen + 1 + blen + (clen ? 1 + clen : 0) + 1 > size) {
		*why = "no room for the key";
		return -1;
	}
	memcpy(out, type, tlen);
	out[tlen] = ' ';
	memcpy(out + tlen + 1, b64, blen);
	len = tlen + 1 + blen;
	if (clen) {
		out[len++] = ' ';
		for (size_t i = 0; i < clen; i++)
			out[len++] = (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i];
	}
	out[len] = '\0';
	return 0;
}
