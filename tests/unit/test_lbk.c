/* The backup stream's header and frames: what is written reads back, and every
 * kind of damage is refused with its reason. */
#include "t.h"
#include "backup/lbk.h"
#include "lib/sha256.h"

static struct lbk_header sample(void)
{
	struct lbk_header h = { .version = LBK_VERSION, .bytes = 3 * 65536 + 4096, .created = 1700000000, .chunk = 65536 };

	snprintf(h.source, sizeof h.source, "/dev/vda2");
	snprintf(h.fs, sizeof h.fs, "ext4");
	snprintf(h.uuid, sizeof h.uuid, "0e7c6a3c-3b55-4a5d-9e4e-7a3f2b1c0d9e");
	return h;
}

/* Re-sign a header whose text was changed, so that only the change is tested. */
static void resign(unsigned char *buf, size_t len)
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, buf, len - 32);
	sha256_final(&s, buf + len - 32);
}

/* Encode text as a header (prefix, text, checksum) into buf; returns its length. */
static int raw_header(unsigned char *buf, const char *text)
{
	size_t n = strlen(text);

	memcpy(buf, "LBK1", 4);
	buf[4] = (unsigned char)n;
	buf[5] = (unsigned char)(n >> 8);
	buf[6] = buf[7] = 0;
	memcpy(buf + 8, text, n);
	resign(buf, 8 + n + 32);
	return (int)(8 + n + 32);
}

int main(void)
{
	unsigned char buf[LBK_HEADER_MAX], fr[LBK_FRAME], payload[64];
	struct lbk_header h = sample(), got;
	struct lbk_frame f;
	const char *why = NULL;
	int n;

	// the header round trip
	n = lbk_header_encode(&h, buf, sizeof buf, &why);
	CHECK(n > 40, "encodes: %s", why ? why : "");
	CHECK(lbk_header_size(buf, &why) == n, "the prefix gives the length");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) == 0, "decodes: %s", why);
	CHECK(got.bytes == h.bytes && got.chunk == 65536 && got.created == 1700000000 && got.version == 1, "numbers back");
	CHECK_STR(got.source, "/dev/vda2", "source back");
	CHECK_STR(got.fs, "ext4", "fs back");
	CHECK_STR(got.uuid, h.uuid, "uuid back");
	struct lbk_header disk = h;
	disk.fs[0] = disk.uuid[0] = '\0';
	n = lbk_header_encode(&disk, buf, sizeof buf, &why);
	CHECK(n > 0 && lbk_header_decode(buf, (size_t)n, &got, &why) == 0 && !got.fs[0] && !got.uuid[0],
	      "a whole disk: no fs, no uuid");

	// header damage, each refused
	n = lbk_header_encode(&h, buf, sizeof buf, &why);
	buf[20] ^= 1;
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0 && strstr(why, "checksum"), "a flipped header byte: %s", why);
	CHECK(lbk_header_size((const unsigned char *)"LBK2\x10\0\0\0", &why) < 0 && strstr(why, "not a lifeboat"), "magic");
	CHECK(lbk_header_size((const unsigned char *)"LBK1\0\x20\0\0", &why) < 0 && strstr(why, "longer"), "too long");
	CHECK(lbk_header_size((const unsigned char *)"LBK1\0\0\0\0", &why) < 0, "empty text");
	n = lbk_header_encode(&h, buf, sizeof buf, &why);
	CHECK(lbk_header_decode(buf, (size_t)n - 1, &got, &why) < 0 && strstr(why, "length"), "a cut header");
	n = raw_header(buf, "version=2\nsource=/dev/vda\nbytes=512\nfs=\nuuid=\ncreated=0\nchunk=512\n");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0 && strstr(why, "version"), "another version: %s", why);
	n = raw_header(buf, "version=1\nsource=/dev/vda\nbytes=512\nfs=\nuuid=\nchunk=512\n");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0 && strstr(why, "lacks"), "no created: %s", why);
	n = raw_header(buf, "version=1\nsource=/dev/vda\nbytes=-5\nfs=\nuuid=\ncreated=0\nchunk=512\n");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0 && strstr(why, "value"), "bytes=-5: %s", why);
	n = raw_header(buf, "version=1\nsource=/dev/vda\nbytes=512\nfs=\nuuid=\ncreated=0\nchunk=100\n");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0, "chunk=100, not a multiple of 512");
	n = raw_header(buf, "version=1\nsource=/dev/vda\nbytes=512\nfs=\nuuid=\ncreated=0\nchunk=512");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0 && strstr(why, "cut"), "no last newline: %s", why);
	n = raw_header(buf, "version=1\nsource=/dev/vda\nbytes=512\nfs=\nuuid=\ncreated=0\nchunk=512\nlater=kept\n");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) == 0, "an unknown key of a later version is skipped: %s", why);
	n = raw_header(buf, "version=1\nsource=/dev/vda\nbytes=512\nfs=\nuuid=\ncreated=0\nchunk=512\nnoequals\n");
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0 && strstr(why, "key=value"), "a line without =: %s", why);
	n = raw_header(buf, "version=1\nsource=/dev/vda\nbytes=512\nfs=\nuuid=\ncreated=0\nchunk=512\n");
	buf[15] = '\0';
	resign(buf, (size_t)n);
	CHECK(lbk_header_decode(buf, (size_t)n, &got, &why) < 0 && strstr(why, "NUL"), "a NUL in the text: %s", why);
	struct lbk_header bad = h;
	bad.source[2] = '\n';
	CHECK(lbk_header_encode(&bad, buf, sizeof buf, &why) < 0 && strstr(why, "control"), "a newline in a field");
	bad = h;
	bad.chunk = LBK_CHUNK_MAX + 512;
	CHECK(lbk_header_encode(&bad, buf, sizeof buf, &why) < 0 && strstr(why, "chunk"), "a chunk over 4 MiB");
	CHECK(lbk_header_encode(&h, buf, 60, &why) < 0 && strstr(why, "fit"), "a buffer too small");

	// frames: a data frame, a zero frame, the end, in order
	memset(payload, 0xab, sizeof payload);
	f = (struct lbk_frame){ LBK_DATA, 0, 65536, 40 };
	lbk_frame_encode(&f, payload, fr);
	struct lbk_frame back;
	CHECK(lbk_frame_decode(fr, &h, 0, &back, &why) == 0 && back.type == LBK_DATA && back.length == 65536 &&
	      back.stored == 40 && back.offset == 0, "a data frame back: %s", why);
	CHECK(lbk_frame_verify(fr, payload, &why) == 0, "its payload verifies");
	payload[39] ^= 0x10;
	CHECK(lbk_frame_verify(fr, payload, &why) < 0 && strstr(why, "checksum"), "a flipped payload byte");
	payload[39] ^= 0x10;
	fr[13] ^= 1;
	CHECK(lbk_frame_verify(fr, payload, &why) < 0, "a flipped length byte fails the check");
	fr[13] ^= 1;
	CHECK(lbk_frame_decode(fr, &h, 65536, &back, &why) < 0 && strstr(why, "start"), "a gap or a repeat: %s", why);
	f = (struct lbk_frame){ LBK_ZERO, 65536, 2 * 65536 + 4096, 0 };
	lbk_frame_encode(&f, NULL, fr);
	CHECK(lbk_frame_decode(fr, &h, 65536, &back, &why) == 0 && lbk_frame_verify(fr, NULL, &why) == 0,
	      "a zero frame to the end: %s", why);
	f.length++;
	lbk_frame_encode(&f, NULL, fr);
	CHECK(lbk_frame_decode(fr, &h, 65536, &back, &why) < 0, "a zero frame past the end");
	f = (struct lbk_frame){ LBK_END, h.bytes, 0, 32 };
	lbk_frame_encode(&f, payload, fr);
	CHECK(lbk_frame_decode(fr, &h, h.bytes, &back, &why) == 0, "the end frame at the end: %s", why);
	CHECK(lbk_frame_decode(fr, &h, 65536, &back, &why) < 0, "an end frame early");
	f.offset = 65536;
	lbk_frame_encode(&f, payload, fr);
	CHECK(lbk_frame_decode(fr, &h, 65536, &back, &why) < 0 && strstr(why, "ends before"), "cut: %s", why);
	f = (struct lbk_frame){ LBK_DATA, 0, 65536 + 512, 40 };
	lbk_frame_encode(&f, payload, fr);
	CHECK(lbk_frame_decode(fr, &h, 0, &back, &why) < 0 && strstr(why, "data frame"), "a data frame over the chunk");
	f = (struct lbk_frame){ LBK_DATA, 0, 512, 0 };
	lbk_frame_encode(&f, NULL, fr);
	fr[16] = (unsigned char)(LBK_STORED_MAX + 1);
	fr[17] = (unsigned char)((LBK_STORED_MAX + 1) >> 8);
	fr[18] = (unsigned char)((LBK_STORED_MAX + 1) >> 16);
	fr[19] = (unsigned char)((LBK_STORED_MAX + 1) >> 24);
	CHECK(lbk_frame_decode(fr, &h, 0, &back, &why) < 0, "a payload larger than zstd ever makes");
	f = (struct lbk_frame){ LBK_ZERO, 0, 512, 0 };
	lbk_frame_encode(&f, NULL, fr);
	fr[0] = 'X';
	CHECK(lbk_frame_decode(fr, &h, 0, &back, &why) < 0 && strstr(why, "unknown type"), "type X");
	fr[0] = LBK_ZERO;
	fr[21] = 1;
	CHECK(lbk_frame_decode(fr, &h, 0, &back, &why) < 0 && strstr(why, "reserved"), "reserved bytes");
	fr[21] = 0;
	CHECK(lbk_frame_decode(fr, &h, h.bytes + 1, &back, &why) < 0, "a position past the source");
	return t_done("test_lbk");
}
