"""Each signal README's table names does its documented thing to PID 1:
SIGHUP repeats the banner; SIGPIPE and SIGSEGV (sent, not faulted) change
nothing and PID 1 stays; SIGTERM and SIGUSR2 power off; SIGINT (Ctrl-Alt-Del)
and SIGUSR1 reboot, which QEMU's -no-reboot turns into an exit."""
from vm import Vm, check

ENDS = (("TERM", "powering off"), ("USR2", "powering off"), ("INT", "rebooting"), ("USR1", "rebooting"))


def run(out):
    with Vm(out) as v:
        v.ready()
        # twins first: signals that leave the VM running; PID 1's answer to SIGHUP after
        # SIGPIPE and SIGSEGV shows its loop is still turning
        rc, text = v.sh("kill -PIPE 1; kill -SEGV 1; sleep 1; echo alive-$((6*7))")
        check(rc == 0 and "alive-42" in text and v.proc.poll() is None, f"the VM after SIGPIPE and SIGSEGV: {text}")
        v.send("kill -HUP 1\n")
        v.wait_for(r"^lifeboat ready\r?$", timeout=30, what="banner again after SIGHUP")
        rc, _ = v.sh("true")
        check(rc == 0 and v.proc.poll() is None, "VM not usable after SIGHUP")
        check("powering off" not in v.text() and "rebooting" not in v.text(), "a harmless signal stopped the VM")
        v.send("kill -TERM 1\n")
        v.wait_for(r"lifeboat: powering off", timeout=30)
        code = v.wait_exit(timeout=60)
        check(code == 0, f"QEMU exit status {code}")
    for sig, says in ENDS[1:]:
        with Vm(out) as v:
            v.ready()
            v.send(f"kill -{sig} 1\n")
            v.wait_for(rf"lifeboat: {says}", timeout=30, what=f"{says} after SIG{sig}")
            code = v.wait_exit(timeout=60)
            check(code == 0, f"SIG{sig}: QEMU exit status {code}")
