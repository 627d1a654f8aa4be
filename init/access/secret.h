/* Passwords: checking provided hashes, making one-time passwords (pure). */
#ifndef LB_SECRET_H
#define LB_SECRET_H

#include <stddef.h>

#define SECRET_OTP_LEN 24	/* one-time password length: ~137 bits from a 53-letter alphabet */

/* Is hash a crypt(3) hash of a strong scheme (yescrypt, gost-yescrypt, scrypt,
 * bcrypt, SHA-512, SHA-256), fit for one /etc/shadow field? 0 yes, -1 with *why. */
int secret_hash_check(const char *hash, const char **why);

/* Map n random bytes to a password of n letters from an alphabet without
 * look-alikes (no 0/O, 1/l/I), by rejection so that every letter is equally
 * likely. out gets n+1 bytes. Returns how many bytes of rnd were consumed, or
 * -1 if rnd (size len) ran out first. */
int secret_otp(const unsigned char *rnd, size_t len, char *out, size_t n);

#endif
