/* SHA-256 (FIPS 180-4), for the audit log's before/after checksums and backup streams (pure). */
#ifndef LB_SHA256_H
#define LB_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* len zero bytes: as sha256_update with zeros, faster (a zero block's schedule is all zero). */
void sha256_zeros(struct sha256 *s, uint64_t len);
/* The digest's 32 bytes. */
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* A digest's 32 bytes as 64 lowercase hex digits and a NUL. */
void sha256_digest_hex(const unsigned char d[32], char out[65]);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

#endif
