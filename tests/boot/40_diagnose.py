"""lifeboat diagnose at boot: PID 1 runs it once the banner is out; the banner
says so, then its summary (one line per finding above info) comes on the
console, in /etc/motd (what an SSH login shows) and in lifeboat status --json.
A repair and a new `lifeboat diagnose` update all three. Commands that mount
or change the guest take turns with it, and say whom they wait for. Twins: a
lone command waits for nobody; lifeboat.diagnose=0 runs nothing at boot; the
disk is unchanged by everything before the repair. The filesystems' own
headers: a btrfs the kernel stopped after an error (its superblock's error
flag) is found, a clean btrfs and a clean XFS are not."""
import json
import os
import re
import sys
import tempfile
import time
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "c4000000-0000-4000-8000-000000000001"
GONE = "UUID=0dead000-0000-4000-8000-00000000dead /srv ext4 defaults 0 2"
PANIC = ("Dec  1 10:00:00 web1 kernel: [    1.2] Kernel panic - not syncing: VFS: Unable to mount root fs "
         "on unknown-block(0,0)\n")
FSTAB_LINE = "error    /etc/fstab: /srv needs UUID=0dead000-0000-4000-8000-00000000dead, which no disk here has " \
             "-> lifeboat fix fstab"
PANIC_LINE = "warning  the guest's kernel log ends in a kernel panic"
BTRFS_LINE = "error    /dev/vdc: the btrfs filesystem is damaged -> lifeboat fix fsck /dev/vdc"
XFS = "c4000000-0000-4000-8000-000000000002"


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def btrfs_error_flag(path):
    """Set BTRFS_SUPER_FLAG_ERROR in the primary superblock, as the kernel does when it
    stops a filesystem after an error, with the checksum made to match."""
    with open(path, "r+b") as f:
        f.seek(65536)
        sb = bytearray(f.read(4096))
        flags = int.from_bytes(sb[0x38:0x40], "little") | 1 << 2
        sb[0x38:0x40] = flags.to_bytes(8, "little")
        sb[0:4] = crc32c(bytes(sb[0x20:])).to_bytes(4, "little")
        f.seek(65536)
        f.write(sb)


def seen_since(v, start, pattern, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if re.search(pattern, v.text()[start:]):
            return True
        time.sleep(0.2)
    return False


def status(v):
    rc, text = v.sh("lifeboat status --json")
    return json.loads(text[text.index("{"):text.rindex("}") + 1])["diagnose"]


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        tree = fx.tree(os.path.join(tmp, "root"), "Debian GNU/Linux 12 (bookworm)", root_spec=f"UUID={ROOT}",
                       fstab_extra=[f"UUID={XFS} /srv/x xfs defaults 0 0", GONE])
        os.makedirs(os.path.join(tree, "srv", "x"))
        data = fx.tree(os.path.join(tmp, "data"))
        fx.xfs(os.path.join(tmp, "x.img"), 300, data, fs_uuid=XFS)
        fx.btrfs(os.path.join(tmp, "bad.img"), 120, data)
        btrfs_error_flag(os.path.join(tmp, "bad.img"))
        fx.btrfs(os.path.join(tmp, "good.img"), 120, data)
        os.makedirs(os.path.join(tree, "var", "log"))
        os.makedirs(os.path.join(tree, "etc", "network"))
        with open(os.path.join(tree, "var", "log", "kern.log"), "w") as f:
            f.write(PANIC)
        with open(os.path.join(tree, "boot", "initrd.img-6.1.0-test"), "wb") as f:
            f.write(b"\0" * 512)
        with open(os.path.join(tree, "etc", "network", "interfaces"), "w") as f:
            f.write("auto ens2\niface ens2 inet dhcp\n")
        img = os.path.join(tmp, "root.img")
        fx.ext4(img, 24, tree, fs_uuid=ROOT)
        disks = [img] + [os.path.join(tmp, n) for n in ("x.img", "bad.img", "good.img")]
        before = {p: fx.sha256(p) for p in disks}

        with Vm(out, rw_disks=disks, diagnose=True) as v:
            banner = v.ready()
            check("  diagnose  looking at the guest" in banner, f"the banner says diagnose runs: {banner}")
            m = v.wait_for(r"lifeboat diagnose\r?\n  diagnose  (\d+) problems?; .*\r?\n", timeout=120,
                           what="the diagnose summary on the console")
            # its lines come as the console takes them: up to the last one
            end = v.wait_for(re.escape(PANIC_LINE) + r"\r?\n", timeout=30, what="the summary's last line")
            block = v.buf[m.end():end.end()].decode()
            lines = [ln.strip() for ln in block.splitlines() if ln.startswith("            ")]
            check(m.group(1) == b"3" and lines == [BTRFS_LINE, FSTAB_LINE, PANIC_LINE], f"on the console: {block}")
            rc, motd = v.sh("cat /etc/motd")
            check("  diagnose  3 problems" in motd and FSTAB_LINE in motd and PANIC_LINE in motd, f"motd: {motd}")
            d = status(v)
            check(d == {"state": "done", "summary": [BTRFS_LINE, FSTAB_LINE, PANIC_LINE]}, f"status: {d}")
            # the evidence: the flag on vdc; nothing on the clean btrfs (vdd) and the clean XFS (vdb, /srv/x)
            rc, text = v.sh("lifeboat diagnose --json")
            found = json_of(text)["findings"]
            fs = [f for f in found if f["id"].startswith("fs.")]
            check(len(fs) == 1 and fs[0]["id"] == "fs.errors" and "/dev/vdc (btrfs" in fs[0]["evidence"] and
                  "error flag" in fs[0]["evidence"], f"filesystem findings: {fs}")

            # taking turns: a diagnose and a mount at once, one waits for the other, named
            rc, text = v.sh("lifeboat diagnose >/dev/null 2>/tmp/d.err & lifeboat mount 2>&1; wait; cat /tmp/d.err; "
                            "lifeboat umount")
            check("waiting for lifeboat diagnose (pid" in text or "waiting for lifeboat mount (pid" in text,
                  f"one waits for the other: {text}")
            rc, text = v.sh("lifeboat mount 2>&1; lifeboat umount 2>&1")
            check(rc == 0 and "waiting" not in text, f"alone, nobody to wait for: {text}")
        check({p: fx.sha256(p) for p in disks} == before, "diagnose at boot changed a disk")

        with Vm(out, rw_disks=disks) as v:
            banner = v.ready()
            check("  diagnose  not at boot (lifeboat.diagnose=0)" in banner, f"off: {banner}")
            check(status(v) == {"state": "off", "summary": []}, "status when off")
            rc, motd = v.sh("cat /etc/motd")
            check("not at boot" in motd and "fix fstab" not in motd, f"motd when off: {motd}")
            rc, text = v.sh("lifeboat fix fstab --yes >/dev/null; echo rc=$?")
            check("rc=0" in text, f"the repair: {text}")
            # PID 1 prints the new summary when told: maybe before the command's own end marker, maybe after
            start = len(v.text())
            v.sh("lifeboat diagnose >/dev/null")
            check(seen_since(v, start, r"lifeboat diagnose\r?\n  diagnose  2 problems;"),
                  f"the new summary on the console: {v.text()[start:][-1500:]}")
            rc, motd = v.sh("cat /etc/motd")
            check("  diagnose  2 problems;" in motd and PANIC_LINE in motd and FSTAB_LINE not in motd,
                  f"motd after the repair: {motd}")
            check(status(v) == {"state": "done", "summary": [BTRFS_LINE, PANIC_LINE]}, "status after the repair")
