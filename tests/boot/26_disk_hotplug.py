"""Bad input and late disks: a truncated ext4 (its superblock claims more than
the disk has) and an ext4 marked as having errors are reported, not fatal; a
disk hot-plugged after boot is probed, protected, and its root chosen and
announced on the console; when it is unplugged the root goes with it. No
image changes."""
import os
import sys
import tempfile
import time
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

LATE_UUID = "6b6b0000-0000-4000-8000-000000000001"



def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        fx.ext4(t("cut.img"), 32, fx.tree(t("cut"), "Cut Linux", None))
        with open(t("cut.img"), "r+b") as f:
            f.truncate(8 << 20)
        fx.ext4(t("errors.img"), 16, fx.tree(t("errors")))
        fx.run("debugfs", "-w", "-R", "ssv state 2", t("errors.img"))   # "not clean with errors"
        fx.ext4(t("late.fs"), 24, fx.tree(t("late"), "Late Linux", f"UUID={LATE_UUID}"), fs_uuid=LATE_UUID)
        fx.disk(t("late.img"), 32, [(t("late.fs"), 24, "83", None)], label="dos")
        images = [t("cut.img"), t("errors.img"), t("late.img")]
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, rw_disks=[t("cut.img"), t("errors.img")], monitor=True) as v:
            banner = v.ready()
            check("root      none:" in banner, f"a root among broken disks:\n{banner}")
            d = v.disk_report()
            devs = {x["device"]: x for x in d["devices"]}
            check(devs["/dev/vda"]["type"] == "ext4" and "read-only mount failed" in (devs["/dev/vda"]["note"] or ""),
                  f"truncated ext4: {devs['/dev/vda']}")
            check(any(c["device"] == "/dev/vdb" for c in d["candidates"]), f"the ext4 with errors: {d['candidates']}")

            v.hmp(f"drive_add 0 if=none,id=late,file={t('late.img')},format=raw")
            v.hmp("device_add virtio-blk-pci,drive=late,id=latedev")
            v.wait_for("root      /dev/vdc1 ext4, Late Linux", what="the hot-plugged root on the console")
            d = v.disk_report()
            check(d["root"] and d["root"]["uuid"] == LATE_UUID, f"late root: {d['root']}")
            devs = {x["device"]: x for x in d["devices"]}
            check(devs["/dev/vdc"]["readonly"], f"the late disk is not read-only: {devs['/dev/vdc']}")

            v.hmp("device_del latedev")
            for _ in range(40):
                d = v.disk_report()
                if d["root"] is None:
                    break
                time.sleep(0.25)
            check(d["root"] is None, f"the unplugged disk is still the root: {d['root']}")
        after = {p: fx.sha256(p) for p in images}
        check(before == after, f"a disk changed: {[p for p in images if before[p] != after[p]]}")
