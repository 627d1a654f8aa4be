"""lifeboat fix fsck: the checker's read-only pass first, its findings shown;
then the repair — e2fsck -fy with an undo file in /run, xfs_repair, e2fsck
from the backup superblock of an ext4 whose primary one was zeroed — after
which the host's own checkers find them clean; a second run has
nothing to do and changes no byte; a clean btrfs has nothing to do. Twins:
without --yes nothing changes (4); a mounted filesystem is refused (3); a
device that is no filesystem fails (1); a damaged btrfs is not repaired
without --dangerous (3), nor with it but without the device's name typed on a
terminal (4); the host's checkers find the faults in the untouched copies."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "d3d30000-0000-4000-8000-000000000001"


def e2fsck_rc(img):
    return subprocess.run(["e2fsck", "-fn", img], capture_output=True).returncode


def xfs_rc(img):
    return subprocess.run(["xfs_repair", "-n", "-f", img], capture_output=True).returncode


def broken_ext4(path, src):
    fx.ext4(path, 24, src)
    # a file's inode cleared under its directory entry, and a wrong free-blocks count
    fx.run("debugfs", "-w", "-R", "clri /srv/data.txt", path)
    fx.run("debugfs", "-w", "-R", "ssv free_blocks_count 17", path)


def broken_xfs(path, src):
    fx.xfs(path, 300, src)
    said = subprocess.run(["xfs_db", "-r", "-c", "path /srv/data.txt", "-c", "inode", path], capture_output=True,
                          text=True).stdout
    ino = re.search(r"current inode number is (\d+)", said).group(1)
    fx.run("xfs_db", "-x", "-c", f"inode {ino}", "-c", "write core.nlinkv2 7", path)


def broken_btrfs(path, src):
    """A btrfs with a metadata block whose checksum no longer matches (single metadata copy)."""
    with open(path, "wb") as f:
        f.truncate(120 << 20)
    fx.run("mkfs.btrfs", "-q", "-f", "-m", "single", "--rootdir", src, path)
    dump = subprocess.run(["btrfs", "inspect-internal", "dump-tree", "-t", "fs", path], capture_output=True,
                          text=True).stdout
    logical = re.search(r"^leaf (\d+)", dump, re.M).group(1)
    where = subprocess.run(["btrfs-map-logical", "-l", logical, path], capture_output=True, text=True).stdout
    physical = int(re.search(r"mirror 1 logical \d+ physical (\d+)", where).group(1))
    with open(path, "r+b") as f:
        f.seek(physical + 200)
        f.write(b"\xff\xff\xff\xff")


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        fx.ext4(t("root.img"), 24, fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}"),
                fs_uuid=ROOT)
        data = fx.tree(t("data"))
        broken_ext4(t("ext4.img"), data)
        broken_xfs(t("xfs.img"), data)
        fx.btrfs(t("btrfs.img"), 120, data)
        broken_btrfs(t("btrfs-bad.img"), data)
        fx.ext4(t("nosb.img"), 24, data)
        with open(t("nosb.img"), "r+b") as f:
            f.seek(1024)
            f.write(b"\0" * 1024)	# the primary superblock
        check(subprocess.run(["blkid", "-p", t("nosb.img")], capture_output=True).returncode == 2,
              "blkid still sees the filesystem whose superblock was zeroed")
        shutil.copy(t("ext4.img"), t("ext4.orig"))
        shutil.copy(t("xfs.img"), t("xfs.orig"))
        check(e2fsck_rc(t("ext4.orig")) == 4 and xfs_rc(t("xfs.orig")) == 1, "the fixtures are not broken")
        images = [t("root.img"), t("ext4.img"), t("xfs.img"), t("btrfs.img"), t("btrfs-bad.img"), t("nosb.img")]
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, mem=512, rw_disks=images) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix fsck /dev/vdb </dev/null; echo rc=$?")
            check("rc=4" in text and "checking /dev/vdb (ext4) read-only" in text and "data.txt" in text
                  and "run e2fsck -fy: with the undo file /run/lifeboat/undo/vdb-" in text, f"ext4 plan: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vdc </dev/null; echo rc=$?")
            check("rc=4" in text and "would" in text and "run xfs_repair: /dev/vdc" in text, f"xfs plan: {text}")
            rc, text = v.sh("lifeboat mount /dev/vdb >/dev/null; lifeboat fix fsck /dev/vdb --yes; echo rc=$?; "
                            "lifeboat umount >/dev/null")
            check("rc=3" in text and "mounted" in text, f"mounted: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vdd --yes; echo rc=$?")
            check("rc=0" in text and "nothing to do" in text and "/dev/vdd is clean" in text, f"btrfs: {text}")
            # btrfs check --repair: never without --dangerous, and then only with the device's name typed
            rc, text = v.sh("lifeboat fix fsck /dev/vde --yes; echo rc=$?")
            check("rc=3" in text and "needs --dangerous" in text, f"btrfs repair without --dangerous: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vde --dangerous --yes </dev/null; echo rc=$?")
            check("rc=4" in text and "device's name typed" in text, f"--dangerous without the typed name: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vdz --yes; echo rc=$?")
            check("rc=2" in text, f"no such device: {text}")
        check(all(fx.sha256(p) == before[p] for p in images), "a look changed a disk")

        with Vm(out, mem=512, rw_disks=images) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix fsck /dev/vdb --yes; echo rc=$?; ls /run/lifeboat/undo", timeout=120)
            check("rc=0" in text and "/dev/vdb is clean now; undo file /run/lifeboat/undo/vdb-" in text,
                  f"ext4 repair: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vdc --yes --json; echo rc=$?", timeout=120)
            check("rc=0" in text and '"result":"done"' in text, f"xfs repair: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vdf --yes; echo rc=$?", timeout=120)
            check("rc=0" in text and "backup at block 8193 (1024-byte blocks)" in text and "is clean now" in text,
                  f"a zeroed superblock: {text}")
            rc, text = v.sh("cat /run/lifeboat/audit.jsonl; cat /sys/block/vdb/ro /sys/block/vdc/ro")
            check(text.count('"command":"fix fsck"') == 3 and text.split()[-2:] == ["1", "1"],
                  f"audit, and read-only again: {text}")
            v.sh("sync")
            once = {p: fx.sha256(p) for p in images}
            rc, text = v.sh("lifeboat fix fsck /dev/vdb --yes; lifeboat fix fsck /dev/vdc --yes; echo rc=$?",
                            timeout=120)
            check(text.count("fix fsck: nothing to do") == 2 and "rc=0" in text, f"second run: {text}")
        check(all(fx.sha256(p) == once[p] for p in images), "the second run changed a disk")
        check(e2fsck_rc(t("ext4.img")) == 0, "the host's e2fsck still finds errors")
        check(xfs_rc(t("xfs.img")) == 0, "the host's xfs_repair still finds errors")
        check(e2fsck_rc(t("nosb.img")) == 0 and "ext4" in subprocess.run(["blkid", "-p", t("nosb.img")],
              capture_output=True, text=True).stdout, "the primary superblock was not written back")
        check(fx.sha256(t("root.img")) == before[t("root.img")] and
              fx.sha256(t("btrfs.img")) == before[t("btrfs.img")], "an untouched disk changed")
