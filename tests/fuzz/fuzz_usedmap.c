/* Fuzz target: the used-space map built from dumpe2fs's and xfs_db's text
 * (usedmap_dumpe2fs_line, usedmap_freesp_line). The tools read the guest's
 * filesystem, which may be damaged in any way. The first byte picks the parser
 * and the map's size; the rest is lines. Properties: a map that failed says why
 * and has no unused chunk; an unused chunk lies wholly inside the free bytes
 * counted, which never exceed the device. */
// sources: init/backup/usedmap.c
#include "fuzz.h"
#include "backup/usedmap.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char bits[1 << 12];
	char line[512];
	struct usedmap m;

	if (size < 1)
		return 0;
	unsigned long long bytes = (1ULL << 20) * (1 + (data[0] & 63)) + (data[0] & 64 ? 4096 : 0);
	unsigned chunk = data[0] & 128 ? 65536 : 1 << 20;
	int xfs = data[0] & 1;
	usedmap_init(&m, bytes, chunk, bits);
	if (xfs)
		usedmap_xfs_geometry(&m, 4096, 64);
	for (size_t at = 1; at < size;) {
		size_t n = 0;
		while (at + n < size && data[at + n] != '\n' && n < sizeof line - 1)
			n++;
		memcpy(line, data + at, n);
		line[n] = '\0';
		at += n + 1;
		if (xfs)
			usedmap_freesp_line(&m, line);
		else
			usedmap_dumpe2fs_line(&m, line);
	}
	int rc = usedmap_finish(&m);
	unsigned long long unused = 0;
	for (unsigned long long i = 0; i < m.nchunks; i++)
		if (usedmap_unused(&m, i))
			unused += i + 1 == m.nchunks ? bytes - i * chunk : chunk;
	if (rc < 0)
		FUZZ_ASSERT(m.why[0] && unused == 0, "a failed map: why \"%s\", %llu unused", m.why, unused);
	else
		FUZZ_ASSERT(unused <= m.free_bytes || m.free_bytes > bytes, "%llu unused of %llu free", unused,
			    m.free_bytes);
	return 0;
}
