"""lifeboat logs to /dev/kmsg as "lifeboat: …" lines: they are in dmesg even when
`quiet` keeps them off the console."""
from vm import Vm, check


def run(out):
    with Vm(out, append="console=ttyS0 quiet") as v:
        v.ready()
        before = v.text()
        check("lifeboat: ready:" not in before, "with quiet, info lines must stay off the console")
        # the newest line must be there at once: a record without its newline stays
        # open in the kernel, invisible to dmesg, until the next one arrives
        rc, text = v.sh("dmesg | grep 'lifeboat: '")
        check(rc == 0, "no lifeboat line in dmesg at all")
        check("lifeboat: ready:" in text and "starting as PID 1" in text, f"dmesg lines:\n{text}")
        rc, _ = v.sh("dmesg | grep -q 'lifeboat: no such line'")
        check(rc == 1, "grep for an absent line must fail")
