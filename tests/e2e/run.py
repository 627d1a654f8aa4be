#!/usr/bin/env python3
"""run.py OUT [NAME...]: the end-to-end scenarios (real Debian guests broken,
repaired through lifeboat over SSH, booted again) against OUT's image; one
line per scenario and flavour, then "N passed, N failed". E2E_FLAVOURS (default
"a b") chooses the guest flavours."""
import importlib.util
import os
import sys
import time
import traceback

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import e2e  # noqa: E402


def main():
    out = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    flavours = os.environ.get("E2E_FLAVOURS", "a b").split()
    passed = failed = 0
    for f in sorted(f for f in os.listdir(here) if f[:2].isdigit() and f.endswith(".py")):
        if only and f[:-3] not in only and f[3:-3] not in only:
            continue
        spec = importlib.util.spec_from_file_location(f[:-3], os.path.join(here, f))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for fl in flavours:
            if fl not in getattr(mod, "FLAVOURS", ("a", "b")):
                continue
            t0 = time.monotonic()
            try:
                mod.run(out, fl)
                passed += 1
                print(f"ok    {f[:-3]} [{fl}] ({time.monotonic() - t0:.0f} s)", flush=True)
            except Exception as e:  # one failed scenario must not stop the others
                failed += 1
                print(f"FAIL  {f[:-3]} [{fl}] ({time.monotonic() - t0:.0f} s): {e}", flush=True)
                if not isinstance(e, e2e.Failed):
                    traceback.print_exc()
    print(f"e2e: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
