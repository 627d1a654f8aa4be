/* Fuzz target: what a cloud's config drive or metadata service says about SSH keys:
 * NoCloud meta-data and #cloud-config user-data (cloudcfg_yaml_keys), OpenStack
 * meta_data.json (cloudcfg_openstack_keys, cloudcfg_openstack_string), and EC2's
 * public-keys list (cloudcfg_ec2_key_indices). Whoever made the instance, or took
 * over its user-data, writes them. The first input byte picks the format ('0' or
 * 3n: YAML, '1': JSON, '2': EC2), the rest is the text, read without a NUL after it.
 * Properties: the count returned is the number of values passed, none when the JSON
 * is malformed; each value is one non-empty line, trimmed, at most
 * CLOUDCFG_VALUE_MAX bytes; the same values come from the text with CRLF line
 * breaks, and (YAML) indented as a whole or with a final line break added; a JSON
 * string comes back NUL-terminated at its length, the same in any buffer it fits
 * and refused in one it does not, and only from a document the key scan takes;
 * the EC2 indices are exactly those of the "N=" lines (no sign, no leading zero,
 * below CLOUDCFG_EC2_INDEX_MAX), first seen first, and a smaller max gives their
 * beginning. */
// sources: init/access/cloudcfg.c
#include "fuzz.h"
#include "access/cloudcfg.h"

static int passed;
static uint64_t digest;	/* of the values passed, in order */

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void take(void *ctx, const char *value)
{
	size_t len = strlen(value);

	FUZZ_ASSERT(ctx == &passed, "context %p", ctx);
	FUZZ_ASSERT(len > 0 && len <= CLOUDCFG_VALUE_MAX, "a value of %zu bytes", len);
	FUZZ_ASSERT(!strchr(value, '\n'), "a value of several lines: %s", value);
	FUZZ_ASSERT(!blank(value[0]) && !blank(value[len - 1]), "a value not trimmed: '%s'", value);
	passed++;
	// FNV-1a over the values and their NULs
	for (size_t i = 0; i <= len; i++)
		digest = (digest ^ (unsigned char)value[i]) * 0x100000001b3ULL;
}

/* The text with each LF made CRLF, in an exact-size buffer; NULL when it has a CR already. */
static char *crlf(const char *text, size_t len, size_t *outlen)
{
	size_t n = len;
	char *out;

	if (memchr(text, '\r', len))
		return NULL;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	out = malloc(n ? n : 1);
	if (!out)
		abort();
	n = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			out[n++] = '\r';
		out[n++] = text[i];
	}
	*outlen = n;
	return out;
}

/* The text with two blanks before each line, in an exact-size buffer. */
static char *indent(const char *text, size_t len, size_t *outlen)
{
	size_t n = len + 2;
	char *out;

	for (size_t i = 0; i + 1 < len; i++)
		n += text[i] == '\n' ? 2 : 0;
	out = malloc(n);
	if (!out)
		abort();
	memcpy(out, "  ", 2);
	n = 2;
	for (size_t i = 0; i < len; i++) {
		out[n++] = text[i];
		if (text[i] == '\n' && i + 1 < len) {
			memcpy(out + n, "  ", 2);
			n += 2;
		}
	}
	*outlen = n;
	return out;
}

/* Scan, check the count, return the digest of what was passed. */
static uint64_t yaml_scan(const char *text, size_t len, int *n)
{
	passed = 0;
	digest = 0xcbf29ce484222325ULL;
	*n = cloudcfg_yaml_keys(text, len, take, &passed);
	FUZZ_ASSERT(*n == passed, "returned %d, passed %d", *n, passed);
	return digest;
}

static void yaml(const char *text, size_t len)
{
	size_t len2;
	int n, n2;
	uint64_t d = yaml_scan(text, len, &n), d2;
	char *other = crlf(text, len, &len2);

	if (other) {
		d2 = yaml_scan(other, len2, &n2);
		FUZZ_ASSERT(n2 == n && d2 == d, "CRLF: %d values, not %d, or other ones", n2, n);
		free(other);
	}
	// a document indented as a whole is the same document
	other = indent(text, len, &len2);
	d2 = yaml_scan(other, len2, &n2);
	FUZZ_ASSERT(n2 == n && d2 == d, "indented: %d values, not %d, or other ones", n2, n);
	free(other);
	if (len > 0 && text[len - 1] != '\n') {
		other = malloc(len + 1);
		if (!other)
			abort();
		memcpy(other, text, len);
		other[len] = '\n';
		d2 = yaml_scan(other, len + 1, &n2);
		FUZZ_ASSERT(n2 == n && d2 == d, "final LF: %d values, not %d, or other ones", n2, n);
		free(other);
	}
}

static void json(const char *text, size_t len)
{
	static const char *const keys[] = { "hostname", "uuid", "name", "public_keys", "" };
	char big[256], small[8];
	int n;

	passed = 0;
	digest = 0xcbf29ce484222325ULL;
	n = cloudcfg_openstack_keys(text, len, take, &passed);
	FUZZ_ASSERT(n == (n < 0 ? -1 : passed) && (n >= 0 || passed == 0), "returned %d, passed %d", n, passed);
	uint64_t d = digest;
	size_t len2;
	char *other = crlf(text, len, &len2);
	if (other) {
		passed = 0;
		digest = 0xcbf29ce484222325ULL;
		FUZZ_ASSERT(cloudcfg_openstack_keys(other, len2, take, &passed) == n && digest == d,
			    "CRLF: other values");
		free(other);
	}
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		memset(big, 0x5a, sizeof big);
		memset(small, 0x5a, sizeof small);
		int r = cloudcfg_openstack_string(text, len, keys[i], big, sizeof big);
		int s = cloudcfg_openstack_string(text, len, keys[i], small, sizeof small);
		FUZZ_ASSERT(r >= -1 && r < (int)sizeof big && big[r < 0 ? 0 : r] == '\0' &&
			    strlen(big) == (size_t)(r < 0 ? 0 : r), "\"%s\": %d, '%s'", keys[i], r, big);
		FUZZ_ASSERT(r < 0 || n >= 0, "\"%s\" from a document the key scan refuses", keys[i]);
		// the same in a smaller buffer when it fits there, refused when not
		FUZZ_ASSERT(s == (r >= 0 && r < (int)sizeof small ? r : -1) && strcmp(small, s < 0 ? "" : big) == 0,
			    "\"%s\": %d in %zu bytes, %d in %zu", keys[i], r, sizeof big, s, sizeof small);
	}
}

/* The index of the line [s, e), as the EC2 answer means it, or -1. */
static int index_of(const char *s, const char *e)
{
	const char *d = s;
	int v = 0;

	while (d < e && *d >= '0' && *d <= '9')
		d++;
	if (d == s || d == e || *d != '=' || d - s > 3 || (*s == '0' && d - s > 1))
		return -1;
	for (const char *p = s; p < d; p++)
		v = v * 10 + (*p - '0');
	return v;
}

static void ec2(const char *text, size_t len)
{
	int idx[CLOUDCFG_EC2_INDEX_MAX + 1], few[4], want[CLOUDCFG_EC2_INDEX_MAX], nwant = 0;
	int n, m;

	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		int v = index_of(p, e), seen = 0;
		p = nl ? nl + 1 : end;
		if (v < 0)
			continue;
		for (int i = 0; i < nwant; i++)
			seen |= want[i] == v;
		if (!seen)
			want[nwant++] = v;
	}
	idx[CLOUDCFG_EC2_INDEX_MAX] = -7;
	n = cloudcfg_ec2_key_indices(text, len, idx, CLOUDCFG_EC2_INDEX_MAX);
	FUZZ_ASSERT(n == nwant && idx[CLOUDCFG_EC2_INDEX_MAX] == -7, "%d indices, want %d", n, nwant);
	for (int i = 0; i < n; i++)
		FUZZ_ASSERT(idx[i] == want[i] && idx[i] >= 0 && idx[i] < CLOUDCFG_EC2_INDEX_MAX, "index %d: %d, want %d",
			    i, idx[i], want[i]);
	m = cloudcfg_ec2_key_indices(text, len, few, 4);
	FUZZ_ASSERT(m == (n < 4 ? n : 4) && memcmp(few, idx, (size_t)m * sizeof *idx) == 0, "max 4: %d of %d", m, n);
	FUZZ_ASSERT(cloudcfg_ec2_key_indices(text, len, few, 0) == 0, "max 0");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	char *copy;

	if (size == 0)
		return 0;
	// an exact-size copy: ASan sees any read past the end
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		abort();
	memcpy(copy, data + 1, size - 1);
	text = copy;
	switch (data[0] % 3) {
	case 0:
		yaml(text, size - 1);
		break;
	case 1:
		json(text, size - 1);
		break;
	default:
		ec2(text, size - 1);
		break;
	}
	free(copy);
	return 0;
}
