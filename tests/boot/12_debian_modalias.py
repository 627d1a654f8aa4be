"""Debian's kernel has virtio_blk as a module: a virtio disk appears because PID 1
loaded it by modalias. Without a virtio disk, virtio_blk stays unloaded."""
import tempfile
from vm import Vm, blank_disk, check

MODES = ("debian",)


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        disk = blank_disk(tmp, "disk.img", 32)
        with Vm(out, disks=[disk]) as v:
            banner = v.ready()
            check("vda 32.0 MiB" in banner, f"virtio disk not found:\n{banner}")
            rc, _ = v.sh("grep -q '^virtio_blk ' /proc/modules")
            check(rc == 0, "virtio_blk not loaded")
            rc, text = v.sh("dmesg | grep 'loaded module virtio_blk for virtio:d00000002'")
            check(rc == 0, "virtio_blk not loaded by its modalias")
    with Vm(out) as v:
        banner = v.ready()
        rc, _ = v.sh("grep -q '^virtio_blk ' /proc/modules")
        check(rc == 1, "virtio_blk loaded with no virtio disk")
        rc, _ = v.sh("grep -q '^virtio_net ' /proc/modules")
        check(rc == 0, "virtio_net not loaded for the virtio NIC")
