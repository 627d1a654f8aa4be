"""10,000 double-forked orphans end up reaped by PID 1: no zombie is left. The
twin shows the count does see a zombie while its parent does not reap it."""
from vm import Vm, check

COUNT_ZOMBIES = "grep -l '^[0-9]* ([^)]*) Z' /proc/[0-9]*/stat 2>/dev/null | wc -l"


def run(out):
    with Vm(out) as v:
        v.ready()
        # twin: `sleep 0` becomes a zombie of `sleep 4`, which never waits for it
        rc, _ = v.sh("sh -c 'sleep 0 & exec sleep 4' & sleep 1")
        rc, text = v.sh(COUNT_ZOMBIES)
        check(int(text.strip()) >= 1, f"a zombie under a non-reaping parent is not counted: {text!r}")
        rc, _ = v.sh("i=0; while [ $i -lt 10000 ]; do ( sleep 1 & ) ; i=$((i+1)); done", timeout=900)
        check(rc == 0, "fork loop failed")
        rc, text = v.sh(f"sleep 5; {COUNT_ZOMBIES}", timeout=60)
        check(text.strip() == "0", f"zombies left: {text!r}")
