"""lifeboat fix space: on a full guest filesystem, a report (use and inodes,
largest directories and files) and a plan that lists exactly the files it
deletes — archived journals, rotated logs, downloaded packages, core dumps,
week-old temporary files — and nothing else: the active journal, live logs,
fresh /tmp files and the customer's data stay, byte for byte. A second run
has nothing to do. Twin: without --yes nothing changes (4)."""
import os
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "b7b70000-0000-4000-8000-000000000001"
MIB = 1 << 20
GONE = ["/var/log/journal/0123/system@00061-0001.journal", "/var/log/syslog.2.gz", "/var/log/syslog.1",
        "/var/cache/apt/archives/big_1.0_amd64.deb", "/var/lib/systemd/coredump/core.app.0.zst", "/tmp/old.tar"]
KEPT = ["/var/log/journal/0123/system.journal", "/var/log/syslog", "/home/alice/thesis.dat", "/tmp/new.tar",
        "/var/cache/apt/pkgcache.bin"]


def debugfs(img, cmd):
    return subprocess.run(["debugfs", "-R", cmd, img], capture_output=True, text=True).stdout


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}")
        sizes = {}
        for i, path in enumerate(GONE + KEPT):
            full = os.path.join(tree, path.lstrip("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            size = (4 * MIB if path == "/home/alice/thesis.dat" else 3 * MIB // 2) + i
            with open(full, "wb") as f:
                f.write(bytes([i + 1]) * size)
            sizes[path] = size
        old = 1_000_000_000  # 2001: older than a week whatever the clock says
        os.utime(os.path.join(tree, "tmp/old.tar"), (old, old))
        img = t("root.img")
        fx.ext4(img, 28, tree, fs_uuid=ROOT)
        sums = {p: subprocess.run(["debugfs", "-R", f"dump {p} /dev/stdout", img], capture_output=True).stdout
                for p in KEPT}
        before = fx.sha256(img)
        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix space </dev/null; echo rc=$?")
            check("rc=4" in text and "<- full" in text and "/home/alice/thesis.dat" in text
                  and "remove archived journal files: 1 file" in text, f"plan: {text}")
            listed = {line.split()[-1] for line in text.split("the files it deletes (nothing else):")[1].splitlines()
                      if line.strip().startswith(("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))}
            check(listed == set(GONE), f"the list: {listed}")
        check(fx.sha256(img) == before, "the plan changed the disk")

        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix space --yes; echo rc=$?")
            check("rc=0" in text and "6 files deleted" in text, f"--yes: {text}")
            rc, text = v.sh("lifeboat fix space --yes; echo rc=$?; grep -c '\"command\":\"fix space\"' "
                            "/run/lifeboat/audit.jsonl")
            check("rc=0" in text and "nothing to do" in text and text.strip().endswith("1"), f"again: {text}")
            v.sh("sync")
        for p in GONE:
            check("not found" in debugfs(img, f"stat {p}") or not debugfs(img, f"stat {p}").strip(), f"{p} stays")
        for p in KEPT:
            got = subprocess.run(["debugfs", "-R", f"dump {p} /dev/stdout", img], capture_output=True).stdout
            check(got == sums[p], f"{p} changed")
        log = debugfs(img, "cat /var/log/lifeboat.log")
        check(log.count('"command":"fix space"') == 1 and "/var/log/syslog.2.gz" in log, f"guest log: {log[:300]}")
