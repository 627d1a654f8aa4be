/* The lines two texts differ in, for showing an edit before it is made (pure). */
#ifndef LB_DIFF_H
#define LB_DIFF_H

#include <stddef.h>

/* Lines of a missing from b as "-NNN text" and lines of b missing from a as
 * "+NNN text" (NNN: the line's number in its own text), in order, from a
 * longest common subsequence of lines (texts of up to 2000 lines; beyond
 * that, everything between the common first and last lines). Returns the
 * length written, 0 when the texts have the same lines, or -1 when out is too
 * small or memory runs out. */
int diff_lines(const char *a, size_t alen, const char *b, size_t blen, char *out, size_t size);

#endif
