#!/usr/bin/env python3
"""run.py OUT MODE [NAME...]: run the boot scenarios for MODE (lifeboat or debian)
against the image in OUT; print one line per scenario and "N passed, N failed"."""
import importlib.util
import os
import sys
import time
import traceback

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import vm  # noqa: E402


def main():
    out, mode = sys.argv[1], sys.argv[2]
    only = set(sys.argv[3:])
    scenarios = sorted(f for f in os.listdir(here) if f[:2].isdigit() and f.endswith(".py"))
    passed = failed = 0
    for f in scenarios:
        spec = importlib.util.spec_from_file_location(f[:-3], os.path.join(here, f))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        if mode not in getattr(mod, "MODES", ("lifeboat",)):
            continue
        if only and f[:-3] not in only and f[3:-3] not in only:
            continue
        t0 = time.monotonic()
        try:
            mod.run(out)
            passed += 1
            print(f"ok    {f[:-3]} ({time.monotonic() - t0:.1f} s)", flush=True)
        except Exception as e:  # a failed scenario must not stop the others
            failed += 1
            print(f"FAIL  {f[:-3]} ({time.monotonic() - t0:.1f} s): {e}", flush=True)
            if not isinstance(e, vm.Failed):
                traceback.print_exc()
    print(f"boot-{mode}: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
