/* /etc/shadow: one user's password field replaced, every other byte kept (pure). */
#ifndef LB_SHADOW_H
#define LB_SHADOW_H

#include <stddef.h>

/* Copy the len bytes of in to out (size bytes) with user's line changed: its
 * password field becomes hash (which also unlocks a "!"-locked account) and its
 * last-change field becomes days (since 1970), so that no expiry forces a change
 * at once. Comments, NIS "+"/"-" lines, other users and every line ending stay
 * as they were. Returns the new length, or -1 with *why (no such user, a
 * malformed line for that user, a hash with ':' or a newline, no room). */
long shadow_set(const char *in, size_t len, const char *user, const char *hash, long days, char *out, size_t size,
		const char **why);

/* The 1-based line number of user's line, or 0 when there is none. */
int shadow_find(const char *in, size_t len, const char *user);

#endif
