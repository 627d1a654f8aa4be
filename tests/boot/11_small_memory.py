"""The image boots to a usable shell in 64 MiB of RAM."""
import json
from vm import Vm, check


def run(out):
    with Vm(out, mem=64) as v:
        v.ready()
        rc, text = v.sh("lifeboat status --json")
        check(rc == 0 and json.loads(text)["ready"], "status after a 64 MiB boot")
        rc, text = v.sh("grep MemTotal /proc/meminfo")
        kib = int(text.split()[1])
        check(kib < 64 * 1024, f"guest has {kib} KiB: not a 64 MiB boot")
