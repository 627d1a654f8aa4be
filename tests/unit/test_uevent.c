/* uevent datagrams: kernel messages parse, anything else is refused. */
#include "t.h"
#include "pid1/uevent_msg.h"

#define MSG(s) s, sizeof(s)

int main(void)
{
	struct uevent ev;
	static const char add[] = "add@/devices/pci0000:00/0000:00:04.0/virtio1\0ACTION=add\0"
		"DEVPATH=/devices/pci0000:00/0000:00:04.0/virtio1\0SUBSYSTEM=virtio\0"
		"MODALIAS=virtio:d00000002v00001AF4\0SEQNUM=812";
	static const char blk[] = "add@/devices/virtual/block/vda\0ACTION=add\0DEVPATH=/devices/virtual/block/vda\0"
		"SUBSYSTEM=block\0DEVNAME=vda\0DEVTYPE=disk";

	CHECK(uevent_parse(MSG(add), &ev) == 0, "add parses");
	CHECK_STR(ev.action, "add", "action");
	CHECK_STR(ev.subsystem, "virtio", "subsystem");
	CHECK_STR(ev.modalias, "virtio:d00000002v00001AF4", "modalias");
	CHECK(ev.devname == NULL, "no devname");

	CHECK(uevent_parse(MSG(blk), &ev) == 0, "block parses");
	CHECK_STR(ev.devname, "vda", "devname");
	CHECK(ev.modalias == NULL, "no modalias");

	// negative twins
	static const char udev[] = "libudev\0\xfe\xed\xca\xfe";
	static const char noaction[] = "add@/devices/x\0DEVPATH=/devices/x";
	static const char unterminated[] = { 'a', 'd', 'd', '@', '/', 'x' };
	CHECK(uevent_parse(MSG(udev), &ev) < 0, "libudev message refused");
	CHECK(uevent_parse(MSG(noaction), &ev) < 0, "no ACTION refused");
	CHECK(uevent_parse(unterminated, sizeof unterminated, &ev) < 0, "unterminated refused");
	CHECK(uevent_parse("", 0, &ev) < 0, "empty refused");
	return t_done("test_uevent");
}
