"""lifeboat logs to /dev/kmsg as "lifeboat: …" lines: they are in dmesg even when
`quiet` keeps them off the console."""
from vm import Vm, check


def run(out):
    with Vm(out, append="console=ttyS0 quiet") as v:
        v.ready()
        before = v.text()
        check("lifeboat: ready:" not in before, "with quiet, info lines must stay off the console")
        # dmesg may lag the write by a moment: look a few times
        rc, text = v.sh("for i in 1 2 3 4 5; do dmesg | grep -q 'lifeboat: ready:' && break; sleep 1; done; "
                        "dmesg | grep 'lifeboat: '")
        check(rc == 0, "no lifeboat line in dmesg at all")
        check("lifeboat: ready:" in text and "starting as PID 1" in text, f"dmesg lines:\n{text}")
        rc, _ = v.sh("dmesg | grep -q 'lifeboat: no such line'")
        check(rc == 1, "grep for an absent line must fail")
