/* Fuzz target: /proc/self/mountinfo (mountinfo_next, mountinfo_under). The kernel
 * writes it, but mount points and sources come from the guest's fstab and
 * filesystem labels, and lifeboat unmounts by what it reads. Properties: the
 * reader always moves forward and ends; every field is NUL-terminated in its
 * buffer; a mount point below a top is reported as a suffix of it. */
// sources: init/lib/mountinfo.c
#include "fuzz.h"
#include "lib/mountinfo.h"

static struct mountinfo m;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t pos = 0, before;
	int n = 0;

	for (;;) {
		before = pos;
		if (!mountinfo_next(text, size, &pos, &m))
			break;
		FUZZ_ASSERT(pos > before && pos <= size, "no progress: %zu -> %zu of %zu", before, pos, size);
		FUZZ_ASSERT(memchr(m.dir, '\0', sizeof m.dir) && memchr(m.fstype, '\0', sizeof m.fstype) &&
			    memchr(m.source, '\0', sizeof m.source), "an unterminated field");
		FUZZ_ASSERT(m.dir[0] && m.fstype[0] && m.source[0], "an empty field");
		const char *rel = mountinfo_under(m.dir, "/mnt/guest");
		if (rel) {
			size_t rl = strlen(rel), dl = strlen(m.dir);
			int top = strcmp(m.dir, "/mnt/guest") == 0 && strcmp(rel, "/") == 0;
			int below = rl < dl && strcmp(m.dir + dl - rl, rel) == 0 && rel[0] == '/' &&
				    strncmp(m.dir, "/mnt/guest/", 11) == 0 && rel == m.dir + 10;
			FUZZ_ASSERT(top || below, "%s under /mnt/guest as %s", m.dir, rel);
		}
		n++;
	}
	FUZZ_ASSERT(pos == size, "stopped at %zu of %zu", pos, size);
	return 0;
}
