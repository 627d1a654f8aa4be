#!/usr/bin/env python3
"""bench.py OUT [RUNS]: first the race against the reference (race.py: Debian's
initramfs-tools + dropbear-initramfs on the same kernel, OUT/bench.md and
OUT/bench.json); then boot OUT's image RUNS times (default 5) under QEMU (TCG)
with DHCP on the user network and report medians against the budgets: guest
time from kernel start to the SSH port listening, wall time from QEMU's start to
"SSH-2.0", the banner's times, the resident memory of PID 1, dropbear and
udhcpc, the wall time of a refused key login for root and for a user who does
not exist (it must not tell them apart), the guest time of each repair on a guest that has its fault, and of
`lifeboat diagnose` on the real Debian guest A of the end-to-end tests (built
on first use, about 4 minutes); then the image's sizes. Timings are reported, never asserted: these
machines are noisy."""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot", "helpers"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import Vm, keypair  # noqa: E402
import race  # noqa: E402
import fixtures as fx  # noqa: E402

# (what, unit, budget or None); a budget is what this project holds itself to
BUDGETS = {
    "guest_to_ssh_s": ("guest time, kernel start to SSH listening", "s", 3.0),
    "wall_to_ssh_s": ("wall time, QEMU start to SSH-2.0 answered", "s", 5.0),
    "kernel_to_ready_s": ("guest time, kernel start to the banner", "s", 3.0),
    "pid1_s": ("PID 1 exec to the banner", "s", None),
    "pid1_rss_kib": ("PID 1 resident memory", "KiB", 1024),
    "dropbear_rss_kib": ("dropbear (listening) resident memory", "KiB", 1024),
    "udhcpc_rss_kib": ("udhcpc resident memory", "KiB", 512),
    "root_1_disk_s": ("PID 1 start to the chosen root, 1 disk", "s", 0.5),
    "root_16_disks_s": ("PID 1 start to the chosen root, 16 disks", "s", 2.0),
    "debian_root_1_disk_s": ("Debian kernel: PID 1 start to the chosen root, 1 disk", "s", None),
    "debian_root_16_disks_s": ("Debian kernel: PID 1 start to the chosen root, 16 disks", "s", None),
    "diagnose_s": ("lifeboat diagnose, real guest A (guest time)", "s", None),
    "diagnose_boot_s": ("the diagnose PID 1 runs at boot, real guest A", "s", None),
    "refused_root_s": ("a refused key login as root (wall time)", "s", None),
    "refused_nouser_s": ("a refused key login as a user who does not exist (wall time)", "s", None),
}
# each repair with --yes on a guest that has its fault (guest time, /proc/uptime)
FIXES = ["password --random", "fstab", "firewall", "network", "space", "fsck /dev/vdb", "snapshot begin",
         "snapshot rollback"]
for f in FIXES:
    BUDGETS["fix " + f] = (f"lifeboat {'' if f.startswith('snapshot') else 'fix '}{f} --yes", "s", None)


def kmsg_time(text, needle):
    m = re.search(r"\[\s*(\d+\.\d+)\][^\n]*" + re.escape(needle), text)
    return float(m.group(1)) if m else None


def root_time(out, drives):
    """Guest time from PID 1's first line to its choice of root."""
    with Vm(out, rw_disks=drives) as v:
        v.ready()
        _, text = v.sh("dmesg | grep -E 'starting as PID 1|disks: root'")
        start, root = kmsg_time(text, "starting as PID 1"), kmsg_time(text, "disks: root")
        return root - start if start is not None and root is not None else None


def root_time_ro(out, drives):
    """root_time with the shared data image attached read-only (QEMU locks a writable image)."""
    with Vm(out, rw_disks=drives[:1], disks=[d[0] for d in drives[1:]]) as v:
        v.ready()
        _, text = v.sh("dmesg | grep -E 'starting as PID 1|disks: root'")
        start, root = kmsg_time(text, "starting as PID 1"), kmsg_time(text, "disks: root")
        return root - start if start is not None and root is not None else None


def disk_fixtures(tmp):
    """One disk with a system and 15 data disks (copies: the VM writes nothing)."""
    fx.ext4(os.path.join(tmp, "os.img"), 16, fx.tree(os.path.join(tmp, "os"), "Bench Linux", None))
    fx.ext4(os.path.join(tmp, "data.img"), 16, fx.tree(os.path.join(tmp, "data")))
    return [os.path.join(tmp, "os.img")] + [os.path.join(tmp, "data.img")] * 15


def rss(v, pid_cmd):
    _, text = v.ssh(v.bench_key, f"grep VmRSS /proc/$({pid_cmd})/status")
    m = re.search(r"VmRSS:\s+(\d+)", text)
    return int(m.group(1)) if m else None


def refused_logins(v, wrong, n=6):
    """Median wall time of a refused key login for root and for a user who does not
    exist, interleaved: the delay must not tell whether the user exists."""
    t = {"root": [], "nosuchuser": []}
    for _ in range(n):
        for user in t:
            a = time.monotonic()
            subprocess.run(["ssh", "-p", str(v.ssh_port), "-i", wrong, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                            f"{user}@127.0.0.1", "true"], stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
            t[user].append(time.monotonic() - a)
    return statistics.median(t["root"]), statistics.median(t["nosuchuser"])


def one(out, key, pub, wrong):
    # as shipped: PID 1 runs lifeboat diagnose once ready (here on no disk)
    v = Vm(out, append=f'console=ttyS0 loglevel=4 lifeboat.ssh_key="{pub}"', ssh=True, diagnose=True)
    v.bench_key = key
    t0 = time.monotonic()
    v.start()
    try:
        t_ssh = race.ssh_banner(v.ssh_port, t0 + 120)
        banner = v.ready()
        r = {}
        if t_ssh:
            r["wall_to_ssh_s"] = t_ssh - t0
        m = re.search(r"boot\s+(\d+\.\d+) s from kernel start, (\d+\.\d+) s in lifeboat's init, (\d+) KiB", banner)
        if m:
            r["kernel_to_ready_s"], r["pid1_s"], r["pid1_rss_kib"] = float(m[1]), float(m[2]), int(m[3])
        _, text = v.ssh(key, "dmesg | grep -m1 'Not backgrounding'")
        m = re.search(r"\[\s*(\d+\.\d+)\]", text)
        if m:
            r["guest_to_ssh_s"] = float(m[1])
        r["dropbear_rss_kib"] = rss(v, "cat /run/lifeboat/ssh/dropbear.pid")
        r["udhcpc_rss_kib"] = rss(v, "pidof udhcpc | cut -d' ' -f1")
        r["refused_root_s"], r["refused_nouser_s"] = refused_logins(v, wrong)
        return r
    finally:
        v.stop()


def broken_guest(tmp):
    """A root with a fault for each repair timed, and a data disk with a damaged ext4."""
    tree = fx.tree(os.path.join(tmp, "fixroot"), "Debian GNU/Linux 12 (bookworm)", "UUID=" + FIX_ROOT,
                   fstab_extra=["UUID=0dead000-0000-4000-8000-00000000dead /srv ext4 defaults 0 2"])
    files = {
        "etc/shadow": "root:!:19000:0:99999:7:::\n",
        "etc/iptables/rules.v4": "*filter\n:INPUT DROP [0:0]\nCOMMIT\n",
        "etc/network/interfaces": "auto lo\niface lo inet loopback\nauto eth9\niface eth9 inet dhcp\n",
        "sbin/ifup": "#!/bin/sh\n",
        "var/log/syslog.2.gz": "x" * 300000,
        "var/cache/apt/archives/a_1_amd64.deb": "x" * 300000,
    }
    for path, text in files.items():
        full = os.path.join(tree, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    wants = os.path.join(tree, "etc/systemd/system/multi-user.target.wants")
    os.makedirs(wants)
    os.symlink("/lib/systemd/system/netfilter-persistent.service", os.path.join(wants, "netfilter-persistent.service"))
    root = os.path.join(tmp, "fixroot.img")
    fx.ext4(root, 48, tree, fs_uuid=FIX_ROOT)
    data = os.path.join(tmp, "fixdata.img")
    fx.ext4(data, 32, fx.tree(os.path.join(tmp, "fixdata")))
    fx.run("debugfs", "-w", "-R", "ssv free_blocks_count 17", data)
    return [root, data]


FIX_ROOT = "b3b30000-0000-4000-8000-0000000000b3"


def fix_times(out, tmp):
    r = {}
    with Vm(out, mem=384, rw_disks=broken_guest(tempfile.mkdtemp(dir=tmp))) as v:
        v.ready()
        for f in FIXES:
            cmd = f"lifeboat {'' if f.startswith('snapshot') else 'fix '}{f} --yes"
            _, text = v.sh(f"a=$(cut -d' ' -f1 /proc/uptime); {cmd} >/dev/null 2>&1 </dev/null; echo rc=$?; "
                           "b=$(cut -d' ' -f1 /proc/uptime); echo took=$a,$b", timeout=300)
            # PID 1's own news (network, disks) may come between the two lines
            rc, took = re.search(r"rc=(\d+)", text), re.search(r"took=([\d.]+),([\d.]+)", text)
            if rc and took and rc[1] == "0":
                r["fix " + f] = float(took[2]) - float(took[1])
            else:
                print(f"  {cmd}: {text.strip()}", flush=True)
    return r


def diagnose_times(out, runs):
    """lifeboat diagnose on guest A, a fresh copy, RUNS times in one rescue session (guest time);
    and how long the one PID 1 ran at boot took (its log line)."""
    import e2e
    times = []
    with e2e.scenario(os.path.abspath(out), "a") as (g, key, tmp, disk):
        with e2e.Rescue(os.path.abspath(out), disk, tmp) as r:
            # the one PID 1 runs at boot first: a mount waits for it (the guest lock)
            r.ssh("lifeboat mount >/dev/null; lifeboat umount >/dev/null")
            rc, text = r.ssh("dmesg | grep 'diagnose at boot: done in'")
            m = re.search(r"done in (\d+) ms", text)
            at_boot = int(m.group(1)) / 1000 if m else None
            for _ in range(runs):
                rc, text = r.ssh("a=$(cut -d' ' -f1 /proc/uptime); lifeboat diagnose >/dev/null; echo rc=$?; "
                                 "b=$(cut -d' ' -f1 /proc/uptime); echo took=$a,$b")
                took = re.search(r"took=([\d.]+),([\d.]+)", text)
                if "rc=0" in text and took:
                    times.append(float(took[2]) - float(took[1]))
                else:
                    print(f"  lifeboat diagnose: {text.strip()}", flush=True)
    return times, at_boot


def main():
    out = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    # first the race against the reference (tables, OUT/bench.json), then lifeboat's own budgets
    raced = race.race(out, runs)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "bench")
        wrong, _ = keypair(tmp, "stranger")
        disks = disk_fixtures(tmp)
        for i in range(runs):
            results.append(one(out, key, pub, wrong))
            # the same data image 15 times: QEMU opens it read-only then, to share it
            results[-1]["root_1_disk_s"] = root_time(out, disks[:1])
            many = [disks[0]] + [(d, "virtio", None) for d in disks[1:]]
            results[-1]["root_16_disks_s"] = root_time_ro(out, many)
            results[-1]["debian_root_1_disk_s"] = root_time(os.path.join(out, "debian"), disks[:1])
            results[-1]["debian_root_16_disks_s"] = root_time_ro(os.path.join(out, "debian"), many)
            results[-1].update(fix_times(out, tmp))
            print(f"run {i + 1}/{runs}: " + ", ".join(f"{k}={v}" for k, v in results[-1].items()), flush=True)
    times, at_boot = diagnose_times(out, runs)
    for i, t in enumerate(times):
        if i < len(results):
            results[i]["diagnose_s"] = t
    if results:
        results[0]["diagnose_boot_s"] = at_boot
    print(f"\nmedians of {runs} boots (TCG, user network, DHCP):")
    over = 0
    for k, (what, unit, budget) in BUDGETS.items():
        vals = [r[k] for r in results if r.get(k) is not None]
        if not vals:
            print(f"  {what:45} -")
            continue
        med = statistics.median(vals)
        verdict = "" if budget is None else ("  within budget " if med <= budget else "  OVER budget ") + f"{budget} {unit}"
        over += budget is not None and med > budget
        print(f"  {what:45} {med:8.3f} {unit}{verdict}" if unit == "s" else f"  {what:45} {med:8.0f} {unit}{verdict}")
    for f in ("vmlinuz", "initramfs.img"):
        print(f"  {f + ' size':45} {os.path.getsize(os.path.join(out, f)):8d} B")
    raced["lifeboat_own"] = {k: statistics.median([r[k] for r in results if r.get(k) is not None])
                             for k in BUDGETS if any(r.get(k) is not None for r in results)}
    with open(os.path.join(out, "bench.json"), "w") as f:
        json.dump(raced, f, indent=1, sort_keys=True)
    print(f"\nbench: {over} over budget; the race's tables are in {out}/bench.md, everything in {out}/bench.json")


if __name__ == "__main__":
    main()
