#!/usr/bin/env python3
"""run.py [-j N] OUT [NAME...]: the end-to-end scenarios (real Debian guests
broken, repaired through lifeboat over SSH, booted again) against OUT's image;
one line per scenario and flavour with the time of each phase, then a table of
the budgets (also OUT/e2e.json) and "N passed, N failed". E2E_FLAVOURS
(default "a b") chooses the guest flavours; -j N runs N scenarios at a time,
each in its own process (one QEMU each)."""
import concurrent.futures
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
import traceback

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import e2e  # noqa: E402

COLUMNS = ("rescue boot to SSH", "repair", "guest boot to SSH")


def summary(phases):
    """Per phase name: the median of its times (a scenario boots the rescue twice)."""
    by = {}
    for name, secs in phases:
        by.setdefault(name, []).append(secs)
    return {name: round(statistics.median(v), 1) for name, v in by.items()}


def table(results):
    lines = ["| scenario | guest | result | total s | guest build s (cached) | " + " | ".join(f"{c} s" for c in COLUMNS) +
             " |", "|" + "---|" * (5 + len(COLUMNS))]
    for r in results:
        p = r["phases"]
        build = p.get("guest build", p.get("guest build (cached)", "-"))
        lines.append(f"| {r['scenario']} | {r['flavour']} | {r['result']} | {r['seconds']:.0f} | {build} | " +
                     " | ".join(str(p.get(c, "-")) for c in COLUMNS) + " |")
    for fl, env in sorted(e2e.guests.items()):
        parts = ("mmdebstrap_s", "filesystems_s", "bootloader_and_boot_s")
        cold = sum(int(env.get(k, 0)) for k in parts)
        lines.append(f"\nguest {fl}, cold build: {cold} s (" +
                     ", ".join(f"{k[:-2].replace('_', ' ')} {env.get(k, '?')} s" for k in parts) + ")")
    return "\n".join(lines)


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(here, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_one(out, name, fl):
    """One scenario on one flavour, here: prints its line, returns its result."""
    mod = load(name)
    t0 = time.monotonic()
    e2e.phases.clear()
    try:
        mod.run(out, fl)
        result = "ok"
    except Exception as e:  # one failed scenario must not stop the others
        result = f"FAIL: {e}"
        if not isinstance(e, e2e.Failed):
            traceback.print_exc()
    seconds = time.monotonic() - t0
    phases = ", ".join(f"{n} {s}" for n, s in e2e.phases)
    print(f"{'ok  ' if result == 'ok' else 'FAIL'}  {name} [{fl}] ({seconds:.0f} s; {phases})"
          + ("" if result == "ok" else result[4:]), flush=True)
    return {"scenario": name, "flavour": fl, "result": result.split(":")[0], "seconds": round(seconds, 1),
            "phases": summary(e2e.phases)}


def run_child(out, name, fl):
    """One scenario in a process of its own; its output, then its result."""
    r = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", out, name, fl], capture_output=True,
                       text=True)
    lines = (r.stdout + r.stderr).splitlines()
    found = [json.loads(line[7:]) for line in lines if line.startswith("RESULT ")]
    text = "\n".join(line for line in lines if not line.startswith("RESULT "))
    if not found:
        text += f"\nFAIL  {name} [{fl}]: its process ended without a result (exit status {r.returncode})"
        return text, {"scenario": name, "flavour": fl, "result": "FAIL", "seconds": 0, "phases": {}}, {}
    return text, found[0]["result"], found[0]["guests"]


def main():
    args = sys.argv[1:]
    if args[:1] == ["--one"]:
        r = run_one(os.path.abspath(args[1]), args[2], args[3])
        print("RESULT " + json.dumps({"result": r, "guests": e2e.guests}), flush=True)
        return
    jobs = 1
    if args[:1] == ["-j"]:
        jobs, args = int(args[1]), args[2:]
    out = os.path.abspath(args[0])
    only = set(args[1:])
    flavours = os.environ.get("E2E_FLAVOURS", "a b").split()
    tasks = []
    for f in sorted(f for f in os.listdir(here) if f[:2].isdigit() and f.endswith(".py")):
        name = f[:-3]
        if only and name not in only and name[3:] not in only:
            continue
        scenario_flavours = getattr(load(name), "FLAVOURS", ("a", "b"))
        tasks += [(name, fl) for fl in flavours if fl in scenario_flavours]
    results = []
    if jobs == 1:
        results = [run_one(out, name, fl) for name, fl in tasks]
    else:
        # the slow ones (SLOW = True in the module) first, so that the others fill the other workers
        slow = {name for name, _ in tasks if getattr(load(name), "SLOW", False)}
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            futures = [pool.submit(run_child, out, name, fl)
                       for name, fl in sorted(tasks, key=lambda t: t[0] not in slow)]
            for fut in concurrent.futures.as_completed(futures):
                text, result, guests = fut.result()
                if text.strip():
                    print(text.strip("\n"), flush=True)
                results.append(result)
                e2e.guests.update(guests)
        order = {t: i for i, t in enumerate(tasks)}
        results.sort(key=lambda r: order.get((r["scenario"], r["flavour"]), 0))
    print(table(results))
    with open(os.path.join(out, "e2e.json"), "w") as fp:
        json.dump({"scenarios": results, "guests": e2e.guests}, fp, indent=1)
    passed = sum(r["result"] == "ok" for r in results)
    failed = len(results) - passed
    print(f"e2e: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
