"""No disk at all is reported in the banner, never fatal; a disk that is there is listed."""
import os
import tempfile
from vm import Vm, check


def run(out):
    with Vm(out) as v:
        banner = v.ready()
        check("disks     none: no disk found" in banner, f"no-disk not reported:\n{banner}")
    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(32 << 20)
        with Vm(out, disks=[disk]) as v:
            banner = v.ready()
            check("vda 32.0 MiB" in banner, f"disk not listed:\n{banner}")
