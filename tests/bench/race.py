#!/usr/bin/env python3
"""race.py OUT [RUNS]: lifeboat against the reference, Debian 12's initramfs-tools
+ dropbear-initramfs (scripts/build-reference.sh), on the same Debian kernel and
with the same QEMU flags, booted alternately (lifeboat, reference, lifeboat, …)
RUNS times each (default 5), in two settings: QEMU's default CPU with no RNG
device (the worst case for entropy), and with -device virtio-rng-pci. Then
lifeboat with its own kernel (no modules) the same way. Reports median and
min-max of: image bytes; guest time from the kernel's start to the SSH port
answering SSH-2.0 and to a key login that ran a command; the smallest -m at
which that login works (bisection); for lifeboat PID 1's exec to its banner and
the resident memory of PID 1 and dropbear. Prints Markdown tables and writes
OUT/bench.json with the ratios lifeboat/reference. Guest time is the kernel's
clock: each console line is stamped on arrival, and the kernel's own
timestamps give the offset between the two clocks. Reported, never asserted."""
import json
import os
import re
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
STAMP = re.compile(rb"^\[\s*(\d+\.\d+)\]")
SETTINGS = [("no-rng", "QEMU's default CPU, no RNG device", []),
            ("virtio-rng", "QEMU's default CPU, -device virtio-rng-pci", ["-device", "virtio-rng-pci"])]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ssh_banner(port, deadline, alive=lambda: True, every=0.02, keep=64):
    """Host time at which 127.0.0.1:port first answered SSH-2.0, or None. QEMU's user
    network accepts at once and then waits for the guest, and a try made before the
    guest listens may hang: so a new try every `every` s while the older ones (the last
    `keep`) stay open, and the first line of any of them counts on arrival."""
    sel = selectors.DefaultSelector()
    tries = []
    try:
        while time.monotonic() < deadline and alive():
            c = socket.socket()
            c.setblocking(False)
            c.connect_ex(("127.0.0.1", port))
            sel.register(c, selectors.EVENT_READ)
            tries.append(c)
            if len(tries) > keep:
                old = tries.pop(0)
                sel.unregister(old)
                old.close()
            until = time.monotonic() + every
            while (left := until - time.monotonic()) > 0:
                for key, _ in sel.select(left):
                    try:
                        data = key.fileobj.recv(64)
                    except OSError:
                        data = b""
                    if data.startswith(b"SSH-2.0"):
                        return time.monotonic()
                    sel.unregister(key.fileobj)
                    tries.remove(key.fileobj)
                    key.fileobj.close()
        return None
    finally:
        for c in tries:
            c.close()
        sel.close()


class Boot:
    """One QEMU boot; every console line kept with the host's time of its arrival."""

    def __init__(self, kernel, initrd, append, mem, extra):
        self.port = free_port()
        self.args = ["qemu-system-x86_64", "-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio",
                     "-no-reboot", "-m", str(mem), "-kernel", kernel, "-initrd", initrd, "-append", append,
                     "-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{self.port}-:22",
                     "-device", "virtio-net-pci,netdev=n0", "-monitor", "none"] + extra
        self.lines = []
        self.lock = threading.Lock()

    def __enter__(self):
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append((time.monotonic(), line))

    def __exit__(self, *exc):
        self.proc.kill()
        self.proc.wait()

    def offset(self, near=None):
        """Host time minus guest time: the smallest difference over the kernel's stamped lines
        (a line arrives after it was stamped, never before). With near (a host time), only the
        lines that arrived from 2 s before it to 1 s after, where there are any: a kernel's clock
        may step early in its boot (lifeboat's kernel runs 0.05-0.1 s apart before its APIC timer
        is checked), and an event is best placed by the lines around it."""
        with self.lock:
            stamped = [(t, t - float(m[1])) for t, line in self.lines if (m := STAMP.match(line))]
        around = [d for t, d in stamped if near is not None and near - 2 <= t <= near + 1]
        diffs = around or [d for _, d in stamped]
        return min(diffs) if diffs else None

    def guest(self, t):
        off = self.offset(t)
        return None if t is None or off is None else t - off

    def stamped(self, needle):
        """The kernel's timestamp of the first line with needle."""
        with self.lock:
            for _, line in self.lines:
                if needle in line and (m := STAMP.match(line)):
                    return float(m[1])
        return None

    def alive(self):
        """QEMU runs and the kernel has not panicked (too little memory to unpack, say)."""
        if self.proc.poll() is not None:
            return False
        with self.lock:
            return not any(b"Kernel panic - not syncing" in line for _, line in self.lines[-20:])

    def banner(self, deadline):
        return ssh_banner(self.port, deadline, self.alive)

    def ssh(self, key, command, deadline):
        """(host time it returned, rc, output) of the first try that got an answer from the server."""
        args = ["ssh", "-p", str(self.port), "-i", key, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
                "root@127.0.0.1", command]
        while time.monotonic() < deadline and self.alive():
            try:
                r = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                   timeout=max(5, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                return None, None, "timed out"
            if r.returncode == 0:
                return time.monotonic(), 0, r.stdout
            if not (r.returncode == 255 and any(w in r.stderr for w in ("refused", "reset", "closed", "timed out",
                                                                           "kex_exchange"))):
                return None, r.returncode, r.stdout + r.stderr
            time.sleep(0.1)
        return None, None, "no answer"


class System:
    def __init__(self, name, kernel, initrd, append, key, lifeboat, timeout):
        self.name, self.kernel, self.initrd, self.append = name, kernel, initrd, append
        self.key, self.lifeboat, self.timeout = key, lifeboat, timeout

    def boot(self, mem, extra):
        return Boot(self.kernel, self.initrd, self.append, mem, extra)

    def once(self, mem, extra):
        """One boot to a key login: the figures of it, or {} when it did not get there."""
        with self.boot(mem, extra) as b:
            deadline = b.t0 + self.timeout
            t_banner = b.banner(deadline)
            t_login, rc, out = b.ssh(self.key, "cat /proc/uptime", deadline)
            r = {}
            if t_banner is None or t_login is None:
                return r
            r["ssh_s"] = b.guest(t_banner)
            r["login_s"] = b.guest(t_login)
            r["ssh_wall_s"] = t_banner - b.t0
            r["kernel_to_init_s"] = b.stamped(b"Run /init as init process")
            if self.lifeboat:
                _, _, text = b.ssh(self.key, "cat /run/lifeboat/status.json; echo; "
                                   "grep VmRSS /proc/1/status /proc/$(cat /run/lifeboat/ssh/dropbear.pid)/status; "
                                   "echo pid1-stat $(cat /proc/1/stat)",
                                   time.monotonic() + 60)
                m = re.search(r'"pid1_to_ready_ms":(\d+)', text or "")
                if m:
                    r["pid1_to_ready_s"] = int(m[1]) / 1000
                rss = re.findall(r"VmRSS:\s+(\d+)", text or "")
                if len(rss) == 2:
                    r["pid1_rss_kib"], r["dropbear_rss_kib"] = int(rss[0]), int(rss[1])
                # PID 1's own work: its user CPU time (field 14, USER_HZ = 100 ticks); not its system
                # time, which holds the kernel's whole boot (the initcalls run in PID 1 before /init)
                stat = re.search(r"pid1-stat 1 \([^)]*\) (.*)", text or "")
                if stat:
                    r["pid1_user_s"] = int(stat[1].split()[11]) / 100
            return r

    def logs_in(self, mem, extra, timeout):
        with self.boot(mem, extra) as b:
            deadline = b.t0 + timeout
            t, rc, out = b.ssh(self.key, "true", deadline)
            return t is not None


def min_ram(system, extra, lo, hi, step, timeout):
    """The smallest -m (MiB) at which a key login works within timeout (wall) s, by
    bisection between lo (taken as failing) and hi; None when hi fails too."""
    if not system.logs_in(hi, extra, timeout):
        return None
    while hi - lo > step:
        mid = (lo + hi) // 2
        if system.logs_in(mid, extra, timeout):
            hi = mid
        else:
            lo = mid
    return hi


def summary(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}


FIGURES = [  # key, what, unit
    ("kernel_bytes", "kernel", "B"),
    ("initramfs_bytes", "initramfs (compressed)", "B"),
    ("ssh_s", "guest time, kernel start to SSH-2.0", "s"),
    ("login_s", "guest time, kernel start to a key login that ran a command", "s"),
    ("ssh_wall_s", "wall time, QEMU start to SSH-2.0", "s"),
    ("min_ram_mib", "smallest -m with a working login", "MiB"),
    ("kernel_to_init_s", "guest time, kernel start to running /init", "s"),
    ("pid1_to_ready_s", "lifeboat: PID 1 exec to the ready banner", "s"),
    ("pid1_user_s", "lifeboat: PID 1's user CPU time until then", "s"),
    ("pid1_rss_kib", "lifeboat: PID 1 resident memory", "KiB"),
    ("dropbear_rss_kib", "lifeboat: dropbear resident memory", "KiB"),
]


def fmt(s, unit):
    if s is None:
        return "-"
    f = (lambda v: f"{v:.2f}") if unit == "s" else (lambda v: f"{v:,.0f}")
    return f(s["median"]) if s["min"] == s["max"] else f"{f(s['median'])} ({f(s['min'])}-{f(s['max'])})"


def table(title, cols, data, ratio=None):
    """data: {col: {key: summary}}; ratio: (a, b) columns whose medians are divided."""
    head = ["figure"] + cols + (["ratio"] if ratio else [])
    lines = [f"\n### {title}\n", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, what, unit in FIGURES:
        cells = [fmt(data[c].get(key), unit) for c in cols]
        if all(c == "-" for c in cells):
            continue
        row = [f"{what} ({unit})"] + cells
        if ratio:
            a, b = data[ratio[0]].get(key), data[ratio[1]].get(key)
            row.append(f"{a['median'] / b['median']:.3f}" if a and b and b["median"] else "-")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def race(out, runs, quick=False):
    ref = subprocess.run([os.path.join(root, "scripts", "build-reference.sh")], check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    key = os.path.join(ref, "id_ed25519")
    with open(key + ".pub") as f:
        pub = f.read().strip()
    # (no panic=: initramfs-tools then reboots where break=mount gives its shell)
    common = "console=ttyS0 ip=dhcp"
    deb = os.path.join(out, "debian")
    systems = {
        "lifeboat": System("lifeboat", os.path.join(deb, "vmlinuz"), os.path.join(deb, "initramfs.img"),
                           f'{common} lifeboat.ssh_key="{pub}"', key, True, 120),
        "reference": System("reference", os.path.join(ref, "vmlinuz"), os.path.join(ref, "initrd.img"),
                            f"{common} break=mount", key, False, 240),
        "lifeboat-own": System("lifeboat-own", os.path.join(out, "vmlinuz"), os.path.join(out, "initramfs.img"),
                               f'{common} lifeboat.ssh_key="{pub}"', key, True, 120),
    }
    results = {"machine": os.uname().nodename, "runs": runs, "settings": {}}
    md = []
    for setting, what, extra in SETTINGS:
        per = {name: [] for name in systems}
        for i in range(runs):
            for name in ("lifeboat", "reference", "lifeboat-own"):
                r = systems[name].once(512, extra)
                per[name].append(r)
                print(f"  {setting} run {i + 1}/{runs} {name}: " +
                      (", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items())
                       or "no login"), flush=True)
        data = {}
        for name, s in systems.items():
            d = {k: summary([r.get(k) for r in per[name]]) for k, _, _ in FIGURES}
            d["kernel_bytes"] = summary([os.path.getsize(s.kernel)])
            d["initramfs_bytes"] = summary([os.path.getsize(s.initrd)])
            bounds = (16, 512, 4) if s.lifeboat else (64, 2048, 4)  # the same precision for both
            if not quick:
                # a login takes longer with little memory, but not more than twice as long and then some
                walls = [r["ssh_wall_s"] for r in per[name] if r.get("ssh_wall_s")]
                timeout = min(s.timeout, 2 * max(walls) + 30) if walls else s.timeout
                d["min_ram_mib"] = summary([min_ram(s, extra, *bounds, timeout)])
                print(f"  {setting} {name}: smallest -m {d['min_ram_mib'] and d['min_ram_mib']['median']}", flush=True)
            data[name] = d
        results["settings"][setting] = data
        md.append(table(f"Debian kernel, {what}: lifeboat / reference", ["lifeboat", "reference"], data,
                        ("lifeboat", "reference")))
        md.append(table(f"lifeboat with its own kernel (drivers built in, no modules), {what}", ["lifeboat-own"],
                        data))
    # the ratios the goals are stated in: Debian kernel for both, the worst case first
    for setting in results["settings"]:
        d = results["settings"][setting]
        for key, name in (("initramfs_bytes", "initramfs_bytes_ratio"), ("ssh_s", "ssh_time_ratio"),
                          ("min_ram_mib", "min_ram_ratio"), ("login_s", "login_time_ratio")):
            a, b = d["lifeboat"].get(key), d["reference"].get(key)
            ratio = a["median"] / b["median"] if a and b and b["median"] else None
            results.setdefault(setting, {})[name] = ratio
            if setting == SETTINGS[0][0]:
                results[name] = ratio
    own = results["settings"][SETTINGS[-1][0]]["lifeboat-own"]
    if own.get("ssh_s") and own.get("kernel_to_init_s"):
        results["own_ssh_over_init"] = own["ssh_s"]["median"] / own["kernel_to_init_s"]["median"]
    results["own_total_bytes"] = os.path.getsize(os.path.join(out, "vmlinuz")) + \
        os.path.getsize(os.path.join(out, "initramfs.img"))
    with open(os.path.join(out, "bench.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    text = "\n".join(md)
    text += (f"\n\nratios lifeboat/reference (Debian kernel, {SETTINGS[0][0]}): initramfs bytes "
             f"{results.get('initramfs_bytes_ratio') or 0:.3f}, time to SSH {results.get('ssh_time_ratio') or 0:.3f}, "
             f"smallest RAM {results.get('min_ram_ratio') or 0:.3f}; own kernel: kernel + initramfs "
             f"{results['own_total_bytes']:,} B, SSH at {results.get('own_ssh_over_init') or 0:.2f} x the kernel's "
             f"time to /init\n")
    print(text, flush=True)
    with open(os.path.join(out, "bench.md"), "w") as f:
        f.write(text)
    return results


if __name__ == "__main__":
    race(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5, quick="--quick" in sys.argv)
