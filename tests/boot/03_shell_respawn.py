"""The console shell comes back when it exits, and when it is killed; the old one is gone."""
from vm import Vm, check


def shell_pid(v):
    rc, text = v.sh("echo $$")
    check(rc == 0, "echo $$ failed")
    return int(text.strip())


def run(out):
    with Vm(out) as v:
        v.ready()
        first = shell_pid(v)
        v.send("exit\n")
        v.wait_for(r"lifeboat:[^\r\n]*# ", timeout=30, what="a new shell after exit")
        second = shell_pid(v)
        check(second != first, f"same shell pid {first} after exit")
        rc, _ = v.sh(f"kill -0 {first} 2>/dev/null")
        check(rc != 0, f"old shell {first} still exists")
        v.send("kill -9 $$\n")
        v.wait_for(r"lifeboat:[^\r\n]*# ", timeout=30, what="a new shell after kill -9")
        third = shell_pid(v)
        check(third not in (first, second), "shell not replaced after kill -9")
        rc, text = v.sh(f"dmesg | grep 'shell on ttyS0 (pid {second}) killed by signal 9'")
        check(rc == 0, f"the crash is not logged:\n{text}")
