#!/usr/bin/env python3
"""bootpaths.py OUT N: the time from QEMU's start to `lifeboat ready` on each way a
provider boots lifeboat: the pair by QEMU's own loader (-kernel/-initrd),
lifeboat.iso under SeaBIOS and under OVMF, each as a CD and as a disk, and
lifeboat.efi from a FAT disk under OVMF. N boots of each, the paths taken in
turn; medians (min-max) as Markdown on stdout, and OUT/bootpaths.json."""
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
from vm import Vm, esp_image  # noqa: E402


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    iso = os.path.join(out, "lifeboat.iso")
    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "disk.iso")
        shutil.copy(iso, disk)
        esp = esp_image(tmp, os.path.join(out, "lifeboat.efi"))
        cd = ["-drive", f"file={iso},media=cdrom,readonly=on,if=ide"]
        hd = ["-drive", f"file={disk},format=raw,if=virtio,snapshot=on"]
        paths = {
            "direct kernel boot (-kernel, -initrd)": dict(append="console=ttyS0"),
            "lifeboat.iso, SeaBIOS, CD": dict(kernel="firmware", boot="d", extra=cd),
            "lifeboat.iso, SeaBIOS, disk": dict(kernel="firmware", extra=hd),
            "lifeboat.iso, OVMF, CD": dict(kernel="firmware", uefi=True, extra=cd),
            "lifeboat.iso, OVMF, disk": dict(kernel="firmware", uefi=True, extra=hd),
            "lifeboat.efi, OVMF, FAT disk": dict(kernel="firmware", uefi=True,
                                                 extra=["-drive", f"file={esp},format=raw,if=virtio,snapshot=on"]),
        }
        times = {p: [] for p in paths}
        for _ in range(n):
            for p, kw in paths.items():
                t0 = time.monotonic()
                with Vm(out, mem=512, **kw) as v:
                    v.wait_for(r"^lifeboat ready\r?$", timeout=300, what=f"lifeboat ready ({p})")
                    times[p].append(round(time.monotonic() - t0, 2))
    print(f"| boot path | QEMU start to `lifeboat ready`, s: median (min-max) of {n} |")
    print("| --- | --- |")
    for p, t in times.items():
        print(f"| {p} | {statistics.median(t):.1f} ({min(t):.1f}-{max(t):.1f}) |")
    with open(os.path.join(out, "bootpaths.json"), "w") as f:
        json.dump(times, f, indent=1)


if __name__ == "__main__":
    main()
