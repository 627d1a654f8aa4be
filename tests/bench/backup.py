#!/usr/bin/env python3
"""backup.py OUT N: lifeboat backup under TCG, streamed over SSH to this host.
A 1 GiB ext4 holding 96 MiB of random bytes and 96 MiB of log-like text (the
rest free, with 128 MiB of stale random bytes in its free space) is backed up N
times with the map of used blocks, and N times with --all; then restored once.
Reported: MiB/s of device read (the budget's measure), MiB/s of the device's
size, the stream's size against the space the filesystem uses. Medians
(min-max) as Markdown on stdout, and OUT/backup.json."""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "boot"))
sys.path.insert(0, os.path.join(here, "..", "boot", "helpers"))
from vm import Vm, keypair, blank_disk  # noqa: E402
import fixtures as fx  # noqa: E402

MIB = 1 << 20


def ssh(v, key, command, stdin=None, stdout=None):
    args = ["ssh", "-p", str(v.ssh_port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-i", key, "root@127.0.0.1", command]
    with open(stdin or os.devnull, "rb") as i, open(stdout or os.devnull, "wb") as o:
        r = subprocess.run(args, stdin=i, stdout=o, stderr=subprocess.PIPE, timeout=3600)
    if r.returncode != 0:
        raise SystemExit(f"{command}: exit {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}")
    return r.stderr.decode(errors="replace")


def used_bytes(img):
    text = subprocess.run(["dumpe2fs", "-h", img], capture_output=True, text=True, check=True).stdout
    get = lambda k: int(re.search(rf"^{k}:\s+(\d+)", text, re.M).group(1))  # noqa: E731
    return (get("Block count") - get("Free blocks")) * get("Block size")


def med(xs):
    return f"{statistics.median(xs):.1f} ({min(xs):.1f}-{max(xs):.1f})"


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        key, pub = keypair(tmp, "bench")
        tree = fx.tree(t("tree"))
        with open(os.path.join(tree, "srv", "random.bin"), "wb") as f:
            f.write(os.urandom(96 * MIB))
        with open(os.path.join(tree, "srv", "app.log"), "w") as f:
            i = 0
            while f.tell() < 96 * MIB:
                f.write(f"2026-12-02T13:{i // 60 % 60:02d}:{i % 60:02d} app[{1000 + i % 7}]: request {i} "
                        f"GET /api/items/{i * 7919 % 100000} 200 {i * 31 % 5000} bytes in {i % 97} ms\n")
                i += 1
        fx.ext4(t("fs.img"), 1024, tree)
        with open(t("fs.img"), "r+b") as f:	# stale bytes in free space, near the end
            f.seek(800 * MIB)
            f.write(os.urandom(128 * MIB))
        used = used_bytes(t("fs.img"))
        target = blank_disk(tmp, "target.img", 1024)
        runs = {"map": [], "all": []}
        with Vm(out, append=f'console=ttyS0 loglevel=4 lifeboat.ssh_key="{pub}"', mem=512, ssh=True,
                rw_disks=[t("fs.img"), target]) as v:
            v.ready()
            v.ssh(key, "true")
            for _ in range(n):
                for mode, opt in (("map", ""), ("all", "--all ")):
                    t0 = time.monotonic()
                    err = ssh(v, key, f"lifeboat backup --json {opt}/dev/vda", stdout=t(f"{mode}.lbk"))
                    wall = time.monotonic() - t0
                    done = json.loads([x for x in err.splitlines() if x.startswith('{"result"')][-1])
                    runs[mode].append(dict(seconds=done["seconds"], wall=round(wall, 2), read=done["read_bytes"],
                                           stream=done["stream_bytes"], bytes=done["bytes"]))
            t0 = time.monotonic()
            ssh(v, key, "lifeboat restore --yes /dev/vdb", stdin=t("map.lbk"))
            restore_s = time.monotonic() - t0
    print(f"backup of a 1 GiB ext4 using {used / MIB:.0f} MiB, over SSH to this host; medians (min-max) of {n}")
    print()
    print("| mode | device read, MiB/s | device size, MiB/s | seconds | stream, MiB | stream / used space |")
    print("| --- | --- | --- | --- | --- | --- |")
    for mode, rs in runs.items():
        print(f"| {'used blocks (dumpe2fs)' if mode == 'map' else '--all (every block)'} "
              f"| {med([r['read'] / MIB / r['seconds'] for r in rs])} "
              f"| {med([r['bytes'] / MIB / r['seconds'] for r in rs])} "
              f"| {med([r['seconds'] for r in rs])} | {rs[-1]['stream'] / MIB:.1f} "
              f"| {rs[-1]['stream'] / used:.3f} |")
    print()
    print(f"restore of the used-blocks stream onto a blank 1 GiB disk, read back and verified: {restore_s:.1f} s")
    with open(os.path.join(out, "backup.json"), "w") as f:
        json.dump(dict(used=used, runs=runs, restore_s=round(restore_s, 2)), f, indent=1)


if __name__ == "__main__":
    main()
