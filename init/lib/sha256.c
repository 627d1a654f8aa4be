/* SHA-256: the textbook compression function over 64-byte blocks. */
#include "sha256.h"

#include <stdio.h>
#include <string.h>

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define S0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define S1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define s0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define s1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
/* One round, the eight working variables named in their turn instead of moved:
 * eight rounds bring them back to their places. kw: K[i] + W[i]. */
#define ROUND(a, b, c, d, e, f, g, h, kw) do { \
	uint32_t t1_ = (h) + S1(e) + (((e) & (f)) ^ (~(e) & (g))) + (kw); \
	(d) += t1_; \
	(h) = t1_ + S0(a) + (((a) & (b)) ^ ((a) & (c)) ^ ((b) & (c))); \
} while (0)

/* The 64 rounds over kw[i] = K[i] + W[i]. Unrolled by eight: most of the time of
 * a backup under TCG, where every instruction counts, goes here. */
__attribute__((optimize("O2"))) static void rounds(uint32_t h[8], const uint32_t kw[64])
{
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];

	for (int i = 0; i < 64; i += 8) {
		ROUND(a, b, c, d, e, f, g, hh, kw[i]);
		ROUND(hh, a, b, c, d, e, f, g, kw[i + 1]);
		ROUND(g, hh, a, b, c, d, e, f, kw[i + 2]);
		ROUND(f, g, hh, a, b, c, d, e, kw[i + 3]);
		ROUND(e, f, g, hh, a, b, c, d, kw[i + 4]);
		ROUND(d, e, f, g, hh, a, b, c, kw[i + 5]);
		ROUND(c, d, e, f, g, hh, a, b, kw[i + 6]);
		ROUND(b, c, d, e, f, g, hh, a, kw[i + 7]);
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

__attribute__((optimize("O2"))) static void compress(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] + s0(w[i - 15]) + w[i - 7] + s1(w[i - 2]);
	for (int i = 0; i < 64; i++)
		w[i] += K[i];
	rounds(h, w);
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, iv, sizeof iv);
	s->bytes = 0;
	s->fill = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->bytes += len;
	// whole blocks straight from the input when nothing is buffered
	for (; s->fill == 0 && len >= 64; p += 64, len -= 64)
		compress(s->h, p);
	while (len > 0) {
		size_t take = 64 - s->fill < len ? 64 - s->fill : len;
		memcpy(s->block + s->fill, p, take);
		s->fill += take;
		p += take;
		len -= take;
		if (s->fill == 64) {
			compress(s->h, s->block);
			s->fill = 0;
		}
	}
}

void sha256_zeros(struct sha256 *s, uint64_t len)
{
	static const unsigned char zero[64];

	// an all-zero block's message schedule is all zero: its rounds take K alone
	while (len > 0 && s->fill != 0) {
		sha256_update(s, zero, 1);
		len--;
	}
	s->bytes += len - len % 64;
	for (; len >= 64; len -= 64)
		rounds(s->h, K);
	sha256_update(s, zero, (size_t)len);
}

void sha256_final(struct sha256 *s, unsigned char out[32])
{
	uint64_t bits = s->bytes * 8;
	unsigned char pad = 0x80, zero = 0, len[8];

	sha256_update(s, &pad, 1);
	while (s->fill != 56)
		sha256_update(s, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(s, len, 8);
	for (int i = 0; i < 32; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void sha256_digest_hex(const unsigned char d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void sha256_hex(struct sha256 *s, char out[65])
{
	unsigned char d[32];

	sha256_final(s, d);
	sha256_digest_hex(d, out);
}
