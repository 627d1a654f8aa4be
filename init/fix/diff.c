/* A line diff from a longest common subsequence: small texts, clear output. */
#include "diff.h"
#include "../lib/out.h"

#include <stdlib.h>
#include <string.h>

#define DIFF_LINES_MAX 2000

struct lines {
	const char **at;
	size_t *len;
	int n;
};

static int split(const char *t, size_t len, struct lines *l)
{
	int n = 0;

	for (size_t i = 0; i < len; i++)
		if (t[i] == '\n' || i + 1 == len)
			n++;
	l->n = n;
	l->at = calloc((size_t)n + 1, sizeof *l->at);
	l->len = calloc((size_t)n + 1, sizeof *l->len);
	if (!l->at || !l->len)
		return -1;
	for (size_t i = 0, k = 0, start = 0; i < len; i++)
		if (t[i] == '\n' || i + 1 == len) {
			l->at[k] = t + start;
			l->len[k++] = i + 1 - start - (t[i] == '\n');
			start = i + 1;
		}
	return 0;
}

static int same(const struct lines *a, int i, const struct lines *b, int j)
{
	return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

static void line(struct out *o, char sign, int number, const char *s, size_t len)
{
	out_printf(o, "%c%3d %.*s\n", sign, number, (int)len, s);
}

int diff_lines(const char *a, size_t alen, const char *b, size_t blen, char *out, size_t size)
{
	struct lines la = { 0 }, lb = { 0 };
	struct out o = { out, size, 0, 0 };
	unsigned short *t = NULL;
	int rc = -1;

	if (size)
		out[0] = '\0';
	if (split(a, alen, &la) < 0 || split(b, blen, &lb) < 0)
		goto done;
	// the common head and tail need no table
	int lo = 0, ha = la.n, hb = lb.n;
	while (lo < ha && lo < hb && same(&la, lo, &lb, lo))
		lo++;
	while (ha > lo && hb > lo && same(&la, ha - 1, &lb, hb - 1))
		ha--, hb--;
	int n = ha - lo, m = hb - lo;
	if (n <= DIFF_LINES_MAX && m <= DIFF_LINES_MAX && n && m) {
		// t[i][j]: the longest common subsequence of a[lo+i..ha) and b[lo+j..hb)
		if (!(t = calloc((size_t)(n + 1) * (size_t)(m + 1), sizeof *t)))
			goto done;
		for (int i = n - 1; i >= 0; i--)
			for (int j = m - 1; j >= 0; j--)
				t[i * (m + 1) + j] = same(&la, lo + i, &lb, lo + j) ? t[(i + 1) * (m + 1) + j + 1] + 1
					: t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1] ? t[(i + 1) * (m + 1) + j]
					: t[i * (m + 1) + j + 1];
	}
	int i = 0, j = 0;
	while (i < n || j < m) {
		if (t && i < n && j < m && same(&la, lo + i, &lb, lo + j)) {
			i++, j++;
		} else if (i < n && (j == m || !t || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
			line(&o, '-', lo + i + 1, la.at[lo + i], la.len[lo + i]);
			i++;
		} else {
			line(&o, '+', lo + j + 1, lb.at[lo + j], lb.len[lo + j]);
			j++;
		}
	}
	rc = o.overflow ? -1 : (int)o.len;
done:
	free(t);
	free(la.at);
	free(la.len);
	free(lb.at);
	free(lb.len);
	return rc;
}
