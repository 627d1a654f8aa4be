/* mountinfo: /proc/self/mountinfo lines, escapes undone; malformed lines skipped. */
#include "t.h"
#include "lib/mountinfo.h"

static int all(const char *text, struct mountinfo *got, int max)
{
	size_t pos = 0;
	int n = 0;

	while (n < max && mountinfo_next(text, strlen(text), &pos, &got[n]))
		n++;
	return n;
}

int main(void)
{
	static struct mountinfo got[8];
	static const char real[] =
		"22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
		"36 22 253:1 / /mnt/guest rw,relatime shared:1 master:2 - ext4 /dev/vda1 rw,errors=remount-ro\n"
		"37 36 253:2 /sub /mnt/guest/srv/my\\040data\\011x ro - xfs /dev/mapper/vg-data\\040lv ro\n"
		"38 36 8:17 / /mnt/guest/boot rw - vfat /dev/sdb1 rw";

	CHECK(all(real, got, 8) == 4, "four mounts");
	CHECK(got[0].major == 0 && got[0].minor == 21, "proc's device: %u:%u", got[0].major, got[0].minor);
	CHECK_STR(got[0].dir, "/proc", "proc's mount point");
	CHECK_STR(got[0].fstype, "proc", "proc's type");
	CHECK(got[1].major == 253 && got[1].minor == 1, "optional fields skipped: %u:%u", got[1].major, got[1].minor);
	CHECK_STR(got[1].fstype, "ext4", "type after two optional fields");
	CHECK_STR(got[1].source, "/dev/vda1", "source");
	CHECK_STR(got[2].dir, "/mnt/guest/srv/my data\tx", "\\040 and \\011 undone in the mount point");
	CHECK_STR(got[2].source, "/dev/mapper/vg-data lv", "\\040 undone in the source");
	CHECK_STR(got[2].fstype, "xfs", "no optional fields");
	CHECK_STR(got[3].dir, "/mnt/guest/boot", "the last line without a newline");

	// negative twins: lines that are not mountinfo lines are skipped, the rest still read
	CHECK(all("36 22 253:1 / /mnt rw - ext4\n", got, 8) == 0, "no source");
	CHECK(all("36 22 253:1 / /mnt rw ext4 /dev/vda1 rw\n", got, 8) == 0, "no separator");
	CHECK(all("36 22 253 / /mnt rw - ext4 /dev/vda1 rw\n", got, 8) == 0, "no colon in MAJ:MIN");
	CHECK(all("36 22 2x3:1 / /mnt rw - ext4 /dev/vda1 rw\n", got, 8) == 0, "not a number");
	CHECK(all("36 22 99999999999:1 / /mnt rw - ext4 /dev/vda1 rw\n", got, 8) == 0, "a number too long");
	CHECK(all("36 22 8:1 / /mnt  rw - ext4 /dev/vda1 rw\n", got, 8) == 0, "an empty field");
	CHECK(all("\n\ngarbage\n36 22 8:1 / /x rw - ext4 /dev/vda1 rw\n", got, 8) == 1 && strcmp(got[0].dir, "/x") == 0,
	      "garbage lines skipped");
	CHECK(all("36 22 8:1 / /a-b rw,errors=remount-ro x:1 - ext4 /dev/vda1 rw\n", got, 8) == 1 &&
	      strcmp(got[0].fstype, "ext4") == 0, "a dash inside a field is no separator: %s", got[0].fstype);
	// an escape that is not three octal digits stays as it is
	CHECK(all("1 1 8:1 / /a\\9b\\04 rw - ext4 /dev/x rw\n", got, 8) == 1 && strcmp(got[0].dir, "/a\\9b\\04") == 0,
	      "a stray backslash kept: %s", got[0].dir);
	CHECK(all("1 1 8:1 / /mnt/guest\\000x rw - ext4 /dev/x rw\n", got, 8) == 1 &&
	      strcmp(got[0].dir, "/mnt/guest\\000x") == 0, "\\000 is no escape (it would cut the path): %s", got[0].dir);
	{
		static const char nul[] = "1 1 8:1 / /mnt/guest\0x rw - ext4 /dev/x rw\n2 1 8:2 / /y rw - ext4 /dev/y rw\n";
		size_t pos = 0;
		CHECK(mountinfo_next(nul, sizeof nul - 1, &pos, &got[0]) == 1 && strcmp(got[0].dir, "/y") == 0,
		      "a line with a NUL byte is skipped: %s", got[0].dir);
	}
	{
		static char longline[MOUNTINFO_PATH_MAX + 100];
		memset(longline, 'a', sizeof longline - 1);
		memcpy(longline, "1 1 8:1 / /", 11);
		memcpy(longline + sizeof longline - 30, " rw - ext4 /dev/x rw\n", 22);
		CHECK(all(longline, got, 8) == 0, "a mount point too long for the buffer is skipped, not cut");
	}

	CHECK_STR(mountinfo_under("/mnt/guest", "/mnt/guest"), "/", "the top itself");
	CHECK_STR(mountinfo_under("/mnt/guest/boot/efi", "/mnt/guest"), "/boot/efi", "below");
	CHECK_STR(mountinfo_under("/mnt/guest/boot", "/mnt/guest/"), "/boot", "a top with a slash");
	CHECK(mountinfo_under("/mnt/guestX", "/mnt/guest") == NULL, "a sibling with a longer name is not below");
	CHECK(mountinfo_under("/mnt", "/mnt/guest") == NULL, "above is not below");
	CHECK(mountinfo_under("/proc", "/mnt/guest") == NULL, "elsewhere");
	return t_done("test_mountinfo");
}
