"""`reboot` (the lifeboat command under that name) and Ctrl-Alt-Del reboot through
PID 1: with -no-reboot QEMU then exits. A usage error reboots nothing."""
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
    # Ctrl-Alt-Del on the keyboard reaches PID 1 as SIGINT: a clean reboot too
    with Vm(out, monitor=True) as v:
        v.ready()
        v.hmp("sendkey ctrl-alt-delete")
        v.wait_for(r"lifeboat: rebooting", timeout=30)
        code = v.wait_exit(timeout=60)
        check(code == 0, f"QEMU exit status {code}")
