/* ioerr: the block layer's I/O error lines in the kernel log, counted per disk. */
#include "t.h"
#include "disk/ioerr.h"

static int add(struct ioerr_tally *t, const char *msg, const char *only)
{
	return ioerr_add(t, msg, strlen(msg), only);
}

int main(void)
{
	char disk[32], op[16], text[200];
	unsigned long long sector = 7;
	static const char r61[] = "I/O error, dev vda, sector 400 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2";

	CHECK(ioerr_parse(r61, strlen(r61), disk, sizeof disk, &sector, op, sizeof op) == 1, "6.1's line");
	CHECK_STR(disk, "vda", "disk");
	CHECK(sector == 400, "sector %llu", sector);
	CHECK_STR(op, "READ", "op");
	static const char old[] = "blk_update_request: critical medium error, dev sdb, sector 2048 op 0x1:(WRITE) flags 0x0";
	CHECK(ioerr_parse(old, strlen(old), disk, sizeof disk, &sector, op, sizeof op) == 1, "5.x's line");
	CHECK_STR(disk, "sdb", "disk");
	CHECK_STR(op, "WRITE", "op");
	CHECK(sector == 2048, "sector %llu", sector);
	static const char bare[] = "end_request: I/O error, dev nvme0n1, sector 8";
	CHECK(ioerr_parse(bare, strlen(bare), disk, sizeof disk, &sector, op, sizeof op) == 1, "no op");
	CHECK_STR(disk, "nvme0n1", "disk");
	CHECK_STR(op, "", "no op named");
	// a length, not a NUL, ends the message
	CHECK(ioerr_parse(r61, 28, disk, sizeof disk, &sector, op, sizeof op) == 1 && sector == 4, "cut after \"4\"");

	// negative twins: lines that merely look alike
	static const char *const not[] = {
		"Buffer I/O error on dev vda1, logical block 50, async page read",
		"EXT4-fs error (device vda1): __ext4_find_entry:1685: inode #2",
		"error, dev vda, sector 400 op 0x0:(READ)",		/* nothing before " error" */
		"I/O error, dev , sector 400",
		"I/O error, dev vda, sector x",
		"I/O error, dev vda sector 400",
		"I/O error, dev vda, sector 99999999999999999999999 op 0x0:(READ)",
		"I/O error, dev averyveryveryveryverylongdiskname0, sector 1",
		"",
	};
	static const char nul[] = "I/O error, dev v\0a, sector 1 op 0x0:(READ)";	/* found by make fuzz */
	CHECK(ioerr_parse(nul, sizeof nul - 1, disk, sizeof disk, &sector, op, sizeof op) == 0, "a NUL in the name");
	for (size_t i = 0; i < sizeof not / sizeof *not; i++)
		CHECK(ioerr_parse(not[i], strlen(not[i]), disk, sizeof disk, &sector, op, sizeof op) == 0, "%s", not[i]);
	CHECK(ioerr_parse(r61, 26, disk, sizeof disk, &sector, op, sizeof op) == 0, "cut before the sector");

	// the tally: by direction, the first kept, filtered by disk
	struct ioerr_tally t = { 0 };
	ioerr_text(&t, text, sizeof text);
	CHECK_STR(text, "", "nothing counted");
	CHECK(add(&t, r61, "vda") == 1, "vda counted");
	CHECK(add(&t, "I/O error, dev vdb, sector 1 op 0x0:(READ)", "vda") == 0, "vdb is not vda");
	CHECK(add(&t, "I/O error, dev vdab, sector 1 op 0x0:(READ)", "vda") == 0, "vdab is not vda");
	CHECK(add(&t, "Buffer I/O error on dev vda, logical block 0, lost async page write", "vda") == 0, "buffer line");
	CHECK(add(&t, r61, NULL) == 1, "any disk");
	ioerr_text(&t, text, sizeof text);
	CHECK_STR(text, "2 read errors on vda (the first at sector 400, READ)", "two reads");
	add(&t, "I/O error, dev vda, sector 0 op 0x1:(WRITE) flags 0x800", NULL);
	ioerr_text(&t, text, sizeof text);
	CHECK_STR(text, "2 read errors and 1 write error on vda (the first at sector 400, READ)", "and a write");
	add(&t, "I/O error, dev vdc, sector 9 op 0x3:(DISCARD) flags 0x800", NULL);
	ioerr_text(&t, text, sizeof text);
	CHECK_STR(text, "2 read errors, 1 write error and 1 other error on vda and other disks (the first at sector 400, "
		  "READ)", "three kinds, two disks");
	CHECK(t.reads == 2 && t.writes == 1 && t.other == 1 && t.disks == 2, "counts");
	struct ioerr_tally w = { 0 };
	add(&w, "end_request: I/O error, dev sda, sector 8", NULL);
	ioerr_text(&w, text, sizeof text);
	CHECK_STR(text, "1 other error on sda (the first at sector 8)", "no op");
	ioerr_text(&t, text, 20);
	CHECK(strlen(text) == 19, "cut to the buffer: %s", text);
	return t_done("test_ioerr");
}
