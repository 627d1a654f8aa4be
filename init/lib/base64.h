/* Base64 decoding, standard and URL-safe alphabets (pure). */
#ifndef LB_BASE64_H
#define LB_BASE64_H

#include <stddef.h>

/* Decode len bytes of src (either alphabet, padding optional) into dst (size bytes).
 * Returns the decoded length, or -1 for a bad character, a bad length or no room. */
long base64_decode(const char *src, size_t len, unsigned char *dst, size_t size);

#endif
