/* authorized_keys, passwd and sshd_config, as a repair that adds a key reads them (pure). */
#ifndef LB_AUTHKEYS_H
#define LB_AUTHKEYS_H

#include <stddef.h>

/* in (len bytes) with key ("type blob [comment]") appended on a line of its
 * own, unless a line already holds the same type and blob (options and
 * comments aside). Returns the new length, 0 when the key is there already,
 * or -1 when out (size bytes) has no room. Every existing byte is kept. */
long authkeys_add(const char *in, size_t len, const char *key, char *out, size_t size);

/* user's uid, gid and home directory from a passwd text. Returns 0 or -1. */
int passwd_lookup(const char *text, size_t len, const char *user, unsigned *uid, unsigned *gid, char *home,
		  size_t hsize);

/* What in an sshd_config would still keep user's key out, as sentences in
 * out (one a line); "" when nothing does. */
void sshd_config_report(const char *text, size_t len, const char *user, char *out, size_t size);

#endif
