"""console=ttyS9 names a port that doesn't exist: it is reported, and lifeboat falls
back to ttyS0 so the operator still gets a banner and a shell."""
from vm import Vm, check


def run(out):
    with Vm(out, append="console=ttyS9") as v:
        banner = v.ready()
        check("missing: ttyS9" in banner, f"missing console not reported:\n{banner}")
        check("ttyS0 (fallback)" in banner, f"fallback console not shown:\n{banner}")
        rc, _ = v.sh("true")
        check(rc == 0, "no shell on the fallback console")
