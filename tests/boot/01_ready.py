"""A plain boot reaches the banner, whose first line is exactly "lifeboat ready";
`lifeboat status` repeats it for people and as JSON for tools."""
import json
from vm import Vm, check


def run(out):
    with Vm(out) as v:
        banner = v.ready()
        check("\nlifeboat ready\r\n" in v.text(), "banner's first line is not exactly 'lifeboat ready'")
        check("missing:" not in banner, f"no console should be missing:\n{banner}")
        check("cmdline" not in banner, f"a clean command line ignores nothing:\n{banner}")
        rc, text = v.sh("lifeboat status")
        check(rc == 0 and text.startswith("lifeboat ready\n"), f"lifeboat status: {rc} {text!r}")
        rc, text = v.sh("lifeboat status --json")
        check(rc == 0, f"status --json exit {rc}")
        st = json.loads(text)
        check(st["ready"] is True and st["kernel_to_ready_ms"] > 0, f"status: {st}")
        check([c["name"] for c in st["consoles"] if c["present"]] == ["ttyS0"], f"consoles: {st['consoles']}")
        # negative twins: usage errors are exit code 2, with nothing on stdout
        rc, text = v.sh("lifeboat frobnicate 2>/dev/null")
        check(rc == 2 and text == "", f"unknown command: exit {rc}, {text!r}")
        rc, _ = v.sh("lifeboat status --yaml 2>/dev/null")
        check(rc == 2, f"unknown option: exit {rc}")
