"""SIGTERM to PID 1 stops everything and powers the VM off; SIGHUP only repeats the banner."""
from vm import Vm, check


def run(out):
    with Vm(out) as v:
        v.ready()
        # twin first: a signal that means "show the banner again" leaves the VM running
        v.send("kill -HUP 1\n")
        v.wait_for(r"^lifeboat ready\r?$", timeout=30, what="banner again after SIGHUP")
        rc, _ = v.sh("true")
        check(rc == 0 and v.proc.poll() is None, "VM not usable after SIGHUP")
        v.send("kill -TERM 1\n")
        v.wait_for(r"lifeboat: powering off", timeout=30)
        code = v.wait_exit(timeout=60)
        check(code == 0, f"QEMU exit status {code}")
