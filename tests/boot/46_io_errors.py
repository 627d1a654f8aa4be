"""I/O errors injected with QEMU's blkdebug: a disk whose reads fail in the
inode table (no mount, no check: lifeboat disks, mount, fix fsck and diagnose
each say the disk gave I/O errors, and the root's reason names it); an XFS whose
reads fail in an allocation group while xfs_repair -n checks it; a damaged ext4
whose reads fail near a directory block while e2fsck checks it (the repair is
refused: a failing disk is copied off first; with --dangerous it wants the
device's name typed); a damaged ext4 whose writes fail
while e2fsck -fy repairs it (failed, and read-only again). PID 1 answers after
each. Twins: a healthy disk beside them is clean and named nowhere; the disks
whose only faults were reads are byte-for-byte unchanged."""
import os
import re
import subprocess
import sys
import tempfile
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "a4a40000-0000-4000-8000-000000000001"
# the kernel logs at most 10 block I/O errors in 5 s, for all disks together: each disk's faults
# start a window of their own, so that diagnose can find every disk's in the log
PAUSE = "sleep 5; "


def faulty(conf, image, event, sector):
    """QEMU arguments for a virtio disk whose requests of event covering sector fail with EIO."""
    with open(conf, "w") as f:
        f.write(f'[inject-error]\nevent = "{event}"\nerrno = "5"\nonce = "off"\n'
                + (f'sector = "{sector}"\n' if sector is not None else ""))
    name = os.path.basename(image).replace(".", "-")
    return ["-drive", f"driver=raw,if=none,id={name},file.driver=blkdebug,file.config={conf},"
                      f"file.image.filename={image}",
            "-device", f"virtio-blk-pci,drive={name}"]


def ext4_block_sector(img, what):
    """The 512-byte sector of an ext4 image's inode table (what "itable") or of a directory's first block."""
    de = subprocess.run(["dumpe2fs", img], capture_output=True, text=True).stdout
    bs = int(re.search(r"^Block size:\s+(\d+)", de, re.M).group(1))
    if what == "itable":
        block = int(re.search(r"Inode table at (\d+)", de).group(1))
    else:
        out = subprocess.run(["debugfs", "-R", f"blocks {what}", img], capture_output=True, text=True).stdout
        block = int(out.split()[0])
    return block * bs // 512


def xfs_ag_sector(img, ag):
    out = subprocess.run(["xfs_db", "-r", "-c", "sb 0", "-c", "p agblocks blocksize", img],
                         capture_output=True, text=True).stdout
    agblocks = int(re.search(r"agblocks = (\d+)", out).group(1))
    bs = int(re.search(r"blocksize = (\d+)", out).group(1))
    return ag * agblocks * bs // 512 + 1    # the AG's headers: its free-space and inode btree roots follow


def broken_ext4(path, src):
    fx.ext4(path, 24, src)
    fx.run("debugfs", "-w", "-R", "clri /srv/data.txt", path)
    fx.run("debugfs", "-w", "-R", "ssv free_blocks_count 17", path)


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        data = fx.tree(t("data"))
        fx.ext4(t("healthy.img"), 24, fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}"),
                fs_uuid=ROOT)
        fx.ext4(t("itable.img"), 24, data)
        fx.xfs(t("xfs.img"), 300, data)
        broken_ext4(t("dirblock.img"), data)
        broken_ext4(t("writes.img"), data)
        read_only = [t("healthy.img"), t("itable.img"), t("xfs.img"), t("dirblock.img")]
        before = {p: fx.sha256(p) for p in read_only}
        # vda healthy, vdb no inode table, vdc XFS's second AG, vdd a directory block, vde no writes
        extra = (faulty(t("itable.conf"), t("itable.img"), "read_aio", ext4_block_sector(t("itable.img"), "itable"))
                 + faulty(t("xfs.conf"), t("xfs.img"), "read_aio", xfs_ag_sector(t("xfs.img"), 1))
                 + faulty(t("dir.conf"), t("dirblock.img"), "read_aio", ext4_block_sector(t("dirblock.img"), "/srv"))
                 + faulty(t("writes.conf"), t("writes.img"), "write_aio", None))

        with Vm(out, mem=512, rw_disks=[t("healthy.img")], extra=extra) as v:
            v.ready()
            d = v.disk_report()
            devs = {x["device"]: x for x in d["devices"]}
            check(devs["/dev/vdb"]["note"] == "read-only mount failed: I/O error", f"vdb: {devs['/dev/vdb']}")
            check(not devs["/dev/vda"]["note"], f"the healthy disk has a note: {devs['/dev/vda']}")
            check(d["root"] and d["root"]["uuid"] == ROOT, f"the healthy root is still chosen: {d['root']}")

            rc, text = v.sh("lifeboat mount /dev/vdb; echo rc=$?")
            check("rc=1" in text and "/dev/vdb (ext4): read-only mount failed: I/O error" in text, f"mount: {text}")
            rc, text = v.sh("lifeboat mount /dev/vda && lifeboat umount; echo rc=$?")
            check("rc=0" in text, f"the healthy one mounts: {text}")

            rc, text = v.sh(PAUSE + "lifeboat fix fsck /dev/vdb --yes; echo rc=$?", timeout=120)
            check("rc=1" in text and re.search(r"the disk gave I/O errors during the check \(\d+ read errors? on vdb "
                                               r"\(the first at sector \d+, READ\)\): it is failing", text),
                  f"fsck of the unreadable inode table: {text}")
            rc, text = v.sh(PAUSE + "lifeboat fix fsck /dev/vdc --yes; echo rc=$?", timeout=120)
            check(re.search(r"rc=[13]\b", text) and "read error" in text and " on vdc " in text,
                  f"xfs_repair -n of the unreadable AG: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vdc --dangerous --yes </dev/null; echo rc=$?", timeout=120)
            check("rc=4" in text and "type the device's name" in text, f"--dangerous on a failing disk: {text}")
            rc, text = v.sh(PAUSE + "lifeboat fix fsck /dev/vdd --yes; echo rc=$?", timeout=120)
            check(re.search(r"rc=[13]\b", text) and "I/O errors during the check" in text and " on vdd " in text
                  and "is clean now" not in text, f"fsck of the unreadable directory block: {text}")
            rc, text = v.sh("lifeboat fix fsck /dev/vda --yes; echo rc=$?", timeout=120)
            check("rc=0" in text and "/dev/vda is clean" in text and "I/O error" not in text, f"healthy: {text}")

            # the writes fail: the repair ran and failed, the disk is read-only again, PID 1 is fine
            rc, text = v.sh(PAUSE + "lifeboat fix fsck /dev/vde --yes; echo rc=$?; cat /sys/block/vde/ro", timeout=120)
            check("rc=1" in text and re.search(r"failed: /dev/vde is not clean after the repair: the disk gave I/O "
                                               r"errors: \d+ write errors? on vde", text) and text.split()[-1] == "1",
                  f"fsck with failing writes: {text}")
            rc, text = v.sh("tail -1 /run/lifeboat/audit.jsonl")
            check('"device":"/dev/vde"' in text and '"result":"failed"' in text, f"audit: {text}")

            rc, text = v.sh("lifeboat diagnose --json")
            findings = json_of(text)["findings"]
            found = {f["evidence"].split(" on ")[1].split()[0]: f for f in findings if f["id"] == "disk.io-errors"}
            # an AG header that cannot be read is the disk's fault, not a damaged header
            check(not [f for f in findings if f["id"] == "fs.xfs-ag-header"], f"unread headers called damaged: {text}")
            check(set(found) == {"vdb", "vdc", "vdd", "vde"} and found["vde"]["severity"] == "error"
                  and "write error" in found["vde"]["evidence"] and "copy what can be read" in found["vdb"]["evidence"],
                  f"diagnose's I/O errors: {found}")
            rc, text = v.sh("lifeboat status >/dev/null; echo rc=$?; dmesg | grep -c -E 'segfault|general protection|"
                            "Kernel panic|BUG:'")
            check(text.split()[-2:] == ["rc=0", "0"], f"PID 1 after the faults: {text}")
        after = {p: fx.sha256(p) for p in read_only}
        check(before == after, f"a disk with read faults only changed: {[p for p in read_only if before[p] != after[p]]}")
