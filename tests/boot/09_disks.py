"""No disk at all is reported in the banner, never fatal; a disk that is there is listed."""
import tempfile
from vm import Vm, blank_disk, check


def run(out):
    with Vm(out) as v:
        banner = v.ready()
        check("disks     none: no disk found" in banner, f"no-disk not reported:\n{banner}")
    with tempfile.TemporaryDirectory() as tmp:
        disk = blank_disk(tmp, "disk.img", 32)
        with Vm(out, disks=[disk]) as v:
            banner = v.ready()
            check("vda 32.0 MiB" in banner, f"disk not listed:\n{banner}")
