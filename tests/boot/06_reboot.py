"""`reboot` (the lifeboat command under that name) reboots through PID 1: with
-no-reboot QEMU then exits. A usage error reboots nothing."""
from vm import Vm, check


def run(out):
    with Vm(out) as v:
        v.ready()
        rc, _ = v.sh("reboot now 2>/dev/null")
        check(rc == 2 and v.proc.poll() is None, f"'reboot now' is a usage error, got {rc}")
        v.send("reboot\n")
        v.wait_for(r"lifeboat: rebooting", timeout=30)
        code = v.wait_exit(timeout=60)
        check(code == 0, f"QEMU exit status {code}")
