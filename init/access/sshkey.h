/* OpenSSH public key lines: validation and normalization (pure). */
#ifndef LB_SSHKEY_H
#define LB_SSHKEY_H

#include <stddef.h>

#define SSHKEY_LINE_MAX 16384		/* longer lines are refused */
#define SSHKEY_RSA_MIN_BITS 2048

/* Check one authorized_keys-style line ("[options] type base64 [comment]", or
 * "b64:" + base64url of such a line) and write "type base64 [comment]" to out:
 * options dropped, comment stripped of control bytes. Returns 0, or -1 with *why
 * saying what is wrong (an allowed type, a decodable blob naming that type, an
 * RSA modulus of at least 2048 bits are required). */
int sshkey_normalize(const char *line, char *out, size_t size, const char **why);

#endif
