"""A repair cut by a power failure leaves the old file or the new one, never a
torn one. `lifeboat fix password` runs on an ext4 root and on an XFS root
whose disk takes 10 writes a second (so that the repair's writes take seconds),
and QEMU's monitor says `quit` at evenly spaced moments from the command's
start to its end (measured on an uncut run first), then once it is done. Each
cut disk is mounted afterwards by a kernel (its journal or log replayed, as the
guest's next boot would) and its /etc/shadow must be the old one byte for byte,
or the new one: every other line the same, root's hash one that verifies with
the new password. The filesystems' own checkers find them clean then. The
uncut run also removes what an earlier cut left beside the file
(.shadow.lifeboat-PID) and keeps what only looks like it. Twin: a file
truncated in place and cut before it is written again is found torn."""
import crypt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "49490000-0000-4000-8000-000000000001"
PASSWORD = "Cut-Power-9"
SHADOW = ("root:$6$old$0ldH4sh:19000:0:99999:7:::\n"
          "daemon:*:19000:0:99999:7:::\n"
          "alice:$6$a$AliceHash:19000:0:99999:7:::\n")
CUTS = 6            # moments spread over the repair, plus one after it
REPAIR = f"echo '{PASSWORD}' | lifeboat fix password --password-stdin --yes; echo CUT-rc=$?\n"


def drive(path, i=0):
    return ["-drive", f"file={path},if=none,id=c{i},format=raw,throttling.iops-write=10",
            "-device", f"virtio-blk-pci,drive=c{i}"]


def verdict(text):
    """'old', 'new' or 'torn: why' for a shadow file's text as read back."""
    if text == SHADOW:
        return "old"
    lines, old = text.split("\n"), SHADOW.split("\n")
    if len(lines) != len(old) or lines[1:] != old[1:]:
        return f"torn: {text!r}"
    fields = lines[0].split(":")
    if len(fields) != 9 or fields[0] != "root" or crypt.crypt(PASSWORD, fields[1]) != fields[1]:
        return f"torn: {lines[0]!r}"
    return "new"


def read_back(out, disks, types):
    """Mount each disk with a plain kernel (replaying its journal), return {index: (shadow, leftovers)}."""
    names = [f"vd{chr(ord('a') + i)}" for i in range(len(disks))]
    v = Vm(out, append="console=ttyS0 rdinit=/bin/sh loglevel=3", nic=False, rw_disks=disks)
    with v:
        v.wait_for("#", timeout=60, what="the reading shell")
        v.send("mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev\n")
        # a line per disk: the shell's line editor takes 1024 characters at most
        for i, (n, ty) in enumerate(zip(names, types)):
            v.send(f"mkdir -p /m/{n} && mount -t {ty} /dev/{n} /m/{n} && echo @@{i}@@ && cat /m/{n}/etc/shadow && "
                   f"echo @@{i}:left@@ && ls -a /m/{n}/etc && echo @@{i}:end@@ && umount /m/{n}\n")
            v.wait_for(rf"^@@{i}:end@@|No such|failed|[Ii]nvalid", timeout=60, what=f"disk {i} read back")
        v.send("echo READ-DONE\n")
        v.wait_for(r"^READ-DONE", timeout=60, what="the read-back")
        text = v.text().replace("\r\n", "\n")
        v.send("sync; echo o > /proc/sysrq-trigger\n")
        v.wait_exit(60)
    got = {}
    for i in range(len(disks)):
        m = re.search(rf"^@@{i}@@\n(.*?)^@@{i}:left@@\n(.*?)^@@{i}:end@@", text, re.S | re.M)
        check(m, f"disk {i} was not read back:\n{text[-3000:]}")
        got[i] = (m.group(1), [n for n in m.group(2).split() if ".lifeboat-" in n])
    return got


def ext4_ls(img, path):
    return subprocess.run(["debugfs", "-R", f"ls {path}", img], capture_output=True, text=True).stdout


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}")
        with open(os.path.join(tree, "etc", "shadow"), "w") as f:
            f.write(SHADOW)
        os.chmod(os.path.join(tree, "etc", "shadow"), 0o640)
        # what an earlier cut left (removed by the next replace), and a name that only looks like it (kept)
        for stale in (".shadow.lifeboat-77", ".shadow.lifeboat-x7"):
            with open(os.path.join(tree, "etc", stale), "w") as f:
                f.write("root:$6$half")
        fx.ext4(t("ext4.img"), 24, tree, fs_uuid=ROOT)
        fx.xfs(t("xfs.img"), 300, tree, fs_uuid=ROOT)

        disks, types, what = [], [], []
        for fs in ("ext4", "xfs"):
            # the uncut run: how long the repair takes on this slow disk
            whole = t(f"{fs}-whole.img")
            shutil.copy(t(f"{fs}.img"), whole)
            with Vm(out, nic=False, extra=drive(whole)) as v:
                v.ready()
                t0 = time.monotonic()
                v.send(REPAIR)
                m = v.wait_for(r"CUT-rc=(\d+)", timeout=120, what="the uncut repair")
                took = time.monotonic() - t0
                check(m.group(1) == b"0", f"the uncut repair failed: {v.text()[-2000:]}")
                v.send("poweroff\n")
                v.wait_exit(60)
            if fs == "ext4":
                listing = ext4_ls(whole, "/etc")
                check(".shadow.lifeboat-77" not in listing and ".shadow.lifeboat-x7" in listing,
                      f"what an earlier cut left: {listing}")
            disks.append(whole)
            types.append(fs)
            what.append((fs, "uncut", took))
            for k in range(CUTS + 1):
                cut = t(f"{fs}-cut{k}.img")
                shutil.copy(t(f"{fs}.img"), cut)
                with Vm(out, nic=False, monitor=True, extra=drive(cut)) as v:
                    v.ready()
                    v.send(REPAIR)
                    if k < CUTS:
                        time.sleep(took * k / CUTS)
                    else:
                        v.wait_for(r"CUT-rc=\d+", timeout=120, what="the repair's end")
                    v.power_cut()
                    v.wait_exit(30)
                disks.append(cut)
                types.append(fs)
                what.append((fs, f"cut at {k}/{CUTS}", took))
        # the twin: truncated in place, cut before it is written again
        torn = t("torn.img")
        shutil.copy(t("ext4.img"), torn)
        with Vm(out, nic=False, monitor=True, rw_disks=[torn]) as v:
            v.ready()
            v.sh("lifeboat mount --rw >/dev/null && : > /mnt/guest/etc/shadow && sync")
            v.power_cut()
            v.wait_exit(30)
        disks.append(torn)
        types.append("ext4")

        got = read_back(out, disks, types)
        check(verdict(got[len(disks) - 1][0]).startswith("torn"), "the twin's torn file was not found torn")
        verdicts = [verdict(got[i][0]) for i in range(len(disks) - 1)]
        torn_ones = [f"{what[i][0]} {what[i][1]}: {v}" for i, v in enumerate(verdicts) if v.startswith("torn")]
        check(not torn_ones, f"torn by a power cut: {torn_ones}")
        for fs in ("ext4", "xfs"):
            seen = [verdicts[i] for i in range(len(verdicts)) if what[i][0] == fs and what[i][1] != "uncut"]
            check(seen[0] == "old" and seen[-1] == "new" and verdicts[types.index(fs)] == "new",
                  f"{fs}: the cuts did not span the repair: {seen}")
        for path, fs in zip(disks[:-1], types[:-1]):
            rc = subprocess.run(["e2fsck", "-fn", path] if fs == "ext4" else ["xfs_repair", "-n", path],
                                capture_output=True).returncode
            check(rc == 0, f"{os.path.basename(path)} is not clean after its journal was replayed ({rc})")
