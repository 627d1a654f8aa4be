#!/usr/bin/env python3
"""compress.py OUT [RUNS]: the initramfs compressions for issue 8, by size and by the
kernel's time to unpack them. Compresses the uncompressed cpio of each image
(OUT/debian/build/initramfs.cpio for Debian 12's kernel 6.1, which has every RD_*
decompressor; OUT/build/initramfs.cpio for lifeboat's own kernel, which has only
RD_GZIP and RD_ZSTD) with each method into a temporary directory, then boots each
kernel + initrd under QEMU (TCG, -m 512) RUNS times (default 5), round-robin over
the methods, until the kernel runs /init. From the kernel's own console
timestamps: the unpack span ("Trying to unpack rootfs image as initramfs" or
"Unpacking initramfs" to "Freeing initrd memory"; initramfs_async=0, so that no
other initcall runs in that span) and the kernel's start to "Run /init as init
process". A boot whose unpack fails or that does not reach
/init counts as a failure of its method. Prints a Markdown table per kernel and
writes OUT/compress.json. Reported, never asserted."""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from race import Boot, summary  # noqa: E402

APPEND = "console=ttyS0 initramfs_async=0 lifeboat.diagnose=0 panic=-1"
MEM = 512  # MiB
TIMEOUT = 60  # s of wall time for a boot to reach /init
UNPACK_START = (b"Trying to unpack rootfs image as initramfs", b"Unpacking initramfs")
UNPACK_END = b"Freeing initrd memory"
INIT = b"Run /init as init process"
FAILURES = (b"Initramfs unpacking failed", b"Kernel panic - not syncing")

# name: compressor arguments (the input file and "-c" are appended). xz and zstd
# single-threaded so that the output does not depend on the machine; the kernel's
# xz needs CRC32 or no check, and its lz4 the legacy format (-l).
METHODS = {
    "gzip": ["gzip", "-9", "-n"],
    "xz": ["xz", "-T1", "--check=crc32", "-9"],
    "xz-x86": ["xz", "-T1", "--check=crc32", "--x86", "--lzma2=preset=9"],
    "zstd": ["zstd", "-q", "-19", "-T1"],  # what lifeboat ships
    "zstd-22": ["zstd", "-q", "--ultra", "-22", "-T1"],
    "lz4": ["lz4", "-q", "-l", "-9"],
}
REFERENCE = "zstd"
KERNELS = [  # name, what, directory under OUT, the methods the kernel can unpack
    ("debian", "Debian 12's kernel 6.1", "debian", list(METHODS)),
    ("own", "lifeboat's own kernel (RD_GZIP, RD_ZSTD)", ".", ["gzip", "zstd", "zstd-22"]),
]


def compress(cpio, method, tmp, kernel):
    """The path of cpio compressed with method, in tmp."""
    path = os.path.join(tmp, f"{kernel}.{method}")
    with open(path, "wb") as f:
        subprocess.run(METHODS[method] + ["-c", cpio], stdout=f, check=True)
    return path


def first_stamp(boot, needles):
    return next((t for t in map(boot.stamped, needles) if t is not None), None)


def failure(boot):
    """Why the boot failed, or None: the kernel's line that says so, else that /init never ran."""
    with boot.lock:
        for _, line in boot.lines:
            if any(n in line for n in FAILURES):
                return line.decode(errors="replace").strip()
    return None if boot.stamped(INIT) is not None else f"no /init within {TIMEOUT} s"


def boot_once(kernel, initrd):
    """One boot up to the kernel running /init: {"unpack_s", "kernel_to_init_s"}, or {"failure": why}."""
    with Boot(kernel, initrd, APPEND, MEM, []) as b:
        deadline = b.t0 + TIMEOUT
        while b.stamped(INIT) is None and b.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        why = failure(b)
        if why:
            return {"failure": why}
        start, end = first_stamp(b, UNPACK_START), b.stamped(UNPACK_END)
        return {"unpack_s": round(end - start, 6) if start is not None and end is not None else None,
                "kernel_to_init_s": b.stamped(INIT)}


def measure(name, kernel, images, runs):
    """{method: [boot_once results]}, booting the methods round-robin."""
    per = {m: [] for m in images}
    for i in range(runs):
        for m, path in images.items():
            r = boot_once(kernel, path)
            per[m].append(r)
            print(f"  {name} run {i + 1}/{runs} {m}: " +
                  (r.get("failure") or ", ".join(f"{k}={v:.3f}" for k, v in r.items() if v is not None)), flush=True)
    return per


def figures(images, per):
    """{method: {command, bytes, ratio_to_zstd, unpack_s, kernel_to_init_s, failures}}."""
    ref = os.path.getsize(images[REFERENCE])
    return {m: {"command": " ".join(METHODS[m]),
                "bytes": os.path.getsize(path),
                f"ratio_to_{REFERENCE}": os.path.getsize(path) / ref,
                "unpack_s": summary([r.get("unpack_s") for r in per[m]]),
                "kernel_to_init_s": summary([r.get("kernel_to_init_s") for r in per[m]]),
                "failures": [r["failure"] for r in per[m] if "failure" in r]}
            for m, path in images.items()}


def seconds(s, spread):
    if s is None:
        return "-"
    if not spread or s["min"] == s["max"]:
        return f"{s['median']:.3f}"
    return f"{s['median']:.3f} ({s['min']:.3f}-{s['max']:.3f})"


def table(title, data, runs):
    lines = [f"\n### {title}\n",
             f"| method | bytes | ratio to {REFERENCE} | unpack (s) | kernel start to /init (s) | failed boots |",
             "|---|---|---|---|---|---|"]
    for m, d in data.items():
        lines.append(f"| `{d['command']}` | {d['bytes']:,} | {d[f'ratio_to_{REFERENCE}']:.3f} | "
                     f"{seconds(d['unpack_s'], True)} | {seconds(d['kernel_to_init_s'], False)} | "
                     f"{len(d['failures'])}/{runs} |")
    return "\n".join(lines)


def main(out, runs):
    results = {"machine": os.uname().nodename, "runs": runs, "append": APPEND, "mem_mib": MEM, "kernels": {}}
    md = []
    with tempfile.TemporaryDirectory(prefix="lifeboat-compress.") as tmp:
        for name, what, sub, methods in KERNELS:
            kernel = os.path.join(out, sub, "vmlinuz")
            cpio = os.path.join(out, sub, "build", "initramfs.cpio")
            images = {m: compress(cpio, m, tmp, name) for m in methods}
            data = figures(images, measure(name, kernel, images, runs))
            results["kernels"][name] = {"kernel": what, "cpio_bytes": os.path.getsize(cpio), "methods": data}
            md.append(table(f"{what}: initramfs of {os.path.getsize(cpio):,} bytes uncompressed, "
                            f"median (min-max) of {runs} boots", data, runs))
    with open(os.path.join(out, "compress.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    print("\n".join(md), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
