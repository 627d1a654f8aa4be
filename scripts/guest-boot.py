#!/usr/bin/env python3
"""guest-boot.py OUT DISK KEY: install GRUB on a freshly built guest disk the
way a customer would repair it — lifeboat (OUT's image) booted under QEMU with
the disk, `lifeboat fix bootloader --yes` on its console — then boot the guest
from its own disk and wait until its sshd lets KEY in. Prints key=value
timings; exits non-zero when either step fails."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "boot"))
from vm import Vm  # noqa: E402


def main():
    out, disk, key = sys.argv[1:4]
    t0 = time.monotonic()
    with Vm(out, mem=512, rw_disks=[disk]) as v:
        v.ready()
        rc, text = v.sh("lifeboat fix bootloader --yes; echo rc=$?; sync", timeout=600)
        print(text)
        if "rc=0" not in text:
            sys.exit("lifeboat fix bootloader failed")
    print(f"rescue_bootloader_s={time.monotonic() - t0:.1f}")
    t1 = time.monotonic()
    with Vm(out, kernel="disk", mem=1024, rw_disks=[disk], ssh=True) as g:
        rc, text = g.ssh(key, "systemctl is-system-running --wait; uname -r", timeout=600)
        print(g.text()[-3000:])
        if rc not in (0, 1):
            sys.exit(f"no SSH into the guest: {rc} {text}")
        print(f"guest_boot_to_ssh_s={time.monotonic() - t1:.1f}")
        print(text)
        g.ssh(key, "systemctl poweroff", timeout=30)
        g.wait_exit(120)


if __name__ == "__main__":
    main()
