"""A virtio disk hot-plugged after the banner gets its driver from the uevent
listener: virtio_blk is not loaded before the disk arrives, and is after."""
import tempfile
from vm import Vm, blank_disk, check

MODES = ("debian",)


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        disk = blank_disk(tmp, "late.img", 16)
        with Vm(out, monitor=True) as v:
            banner = v.ready()
            check("disks     none: no disk found" in banner, f"a disk before the hotplug:\n{banner}")
            rc, _ = v.sh("grep -q '^virtio_blk ' /proc/modules")
            check(rc == 1, "virtio_blk loaded before any virtio disk exists")
            v.hmp(f"drive_add 0 if=none,id=late,file={disk},format=raw,readonly=on")
            v.hmp("device_add virtio-blk-pci,drive=late,id=latedev")
            rc, text = v.sh("for i in $(seq 60); do dmesg | grep -q 'device vda appeared' && break; sleep 0.5; done; "
                            "grep '^virtio_blk ' /proc/modules; dmesg | grep 'lifeboat: .*virtio_blk\\|vda'",
                            timeout=90)
            check("virtio_blk" in text and "loaded module virtio_blk for virtio:d00000002" in text,
                  f"virtio_blk not loaded by the uevent listener:\n{text}")
            check("block device vda appeared" in text, f"the new disk is not logged:\n{text}")
