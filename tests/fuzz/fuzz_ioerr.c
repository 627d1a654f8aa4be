/* Fuzz target: the block layer's I/O error lines in the kernel log (ioerr_parse,
 * ioerr_add, ioerr_text). The kernel writes them, but the log also holds what
 * filesystems and drivers say about the guest's disks, and lifeboat fix fsck
 * decides from what it counts. Each input is lines of messages. Properties: a
 * line is counted exactly when it parses; the disk and op come back
 * NUL-terminated, within their buffers; the tally's counts add up; the text
 * ends inside its buffer and is empty exactly when nothing was counted. */
// sources: init/disk/ioerr.c
#include "fuzz.h"
#include "disk/ioerr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct ioerr_tally any = { 0 }, vda = { 0 };
	unsigned parsed = 0, named = 0;
	char disk[32], op[16], out[200];

	for (size_t at = 0; at < size;) {
		const char *nl = memchr(text + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - text - at) : size - at;
		unsigned long long sector;
		memset(disk, 'x', sizeof disk);
		memset(op, 'x', sizeof op);
		int ok = ioerr_parse(text + at, len, disk, sizeof disk, &sector, op, sizeof op);
		if (ok) {
			FUZZ_ASSERT(memchr(disk, '\0', sizeof disk) && memchr(op, '\0', sizeof op), "unterminated");
			FUZZ_ASSERT(disk[0], "an empty disk name counted");
			parsed++;
			named += strcmp(disk, "vda") == 0;
		}
		FUZZ_ASSERT(ioerr_add(&any, text + at, len, NULL) == ok, "parse and add disagree");
		ioerr_add(&vda, text + at, len, "vda");
		at += len + (nl != NULL);
	}
	FUZZ_ASSERT(any.reads + any.writes + any.other == parsed, "the tally lost a line");
	FUZZ_ASSERT(vda.reads + vda.writes + vda.other == named, "the vda tally is off");
	FUZZ_ASSERT(!named || (strcmp(vda.disk, "vda") == 0 && vda.disks == 1), "vda's tally names %s", vda.disk);
	for (size_t cut = 1; cut <= sizeof out; cut += 37) {
		memset(out, 'x', sizeof out);
		ioerr_text(&any, out, cut);
		FUZZ_ASSERT(memchr(out, '\0', cut), "the text runs past %zu", cut);
		FUZZ_ASSERT(parsed ? (cut == 1 || out[0]) : !out[0], "the text is %s for %u lines", out, parsed);
	}
	return 0;
}
