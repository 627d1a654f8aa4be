"""Disks pulled out with QEMU's device_del: one throttled to 20 requests a
second is removed while PID 1 probes it at boot (once the kernel says the probe
mounted it: PID 1's reads of its files then fail), another while PID 1 probes
it after a hot-plug; the guest's root is removed while lifeboat mount holds it.
Each time PID 1 carries on: the banner comes, the console answers, the disk
leaves lifeboat disks, diagnose reports the mount whose device is gone (and
reads no guest file through it), lifeboat umount clears it. Twins: the same
disk plugged in again unthrottled is probed and chosen as the root, and before
its removal diagnose reports nothing gone."""
import os
import sys
import tempfile
import time
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "a7a70000-0000-4000-8000-000000000001"
SLOW = "throttling.iops-total=20"   # each probe read waits its turn: the removal lands inside the probe
MOUNTED = r"EXT4-fs \(vd[a-z]1\): mounted filesystem"
CRASH = "segfault|general protection|Kernel panic|BUG:|Oops"


def settle(v, want, what):
    """Poll lifeboat disks --json until want(report) holds (a removal is a uevent PID 1 rescans on)."""
    for _ in range(60):
        d = v.disk_report()
        if want(d):
            return d
        time.sleep(0.5)
    check(False, f"{what}: {d}")


def probe_errors(v):
    rc, text = v.sh("dmesg | grep -c 'EXT4-fs error (device vd[a-z]1): .*: comm init: '")
    return int(text.split()[-1])


def healthy(v):
    rc, text = v.sh(f"lifeboat status >/dev/null; echo rc=$?; dmesg | grep -c -E '{CRASH}'")
    check(text.split()[-2:] == ["rc=0", "0"], f"PID 1 after the removal: {text}")


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        fx.ext4(t("root.fs"), 56, fx.tree(t("root"), "Unplugged Linux", f"UUID={ROOT}"), fs_uuid=ROOT)
        fx.disk(t("root.img"), 64, [(t("root.fs"), 56, "83", None)], label="dos")
        before = fx.sha256(t("root.img"))
        drive = f"file={t('root.img')},format=raw,readonly=on"

        # at boot: removed as soon as PID 1 starts, while it reads the throttled disk
        v = Vm(out, append="console=ttyS0 loglevel=7", monitor=True,
               extra=["-drive", f"{drive},if=none,id=d0,{SLOW}", "-device", "virtio-blk-pci,drive=d0,id=disk0"])
        with v:
            # the kernel says when PID 1's probe has mounted it: the probe then reads its files
            v.wait_for(MOUNTED, what="the probe's mount")
            v.hmp("device_del disk0")
            v.ready()
            v.sh("echo 4 > /proc/sys/kernel/printk")
            # the probe (PID 1 itself: "comm init") read through its mount after the disk went
            first = probe_errors(v)
            check(first > 0, "no probe read failed: the disk went before or after the probe")
            d = settle(v, lambda d: not d["devices"] and d["root"] is None, "the disk removed at boot is still listed")
            healthy(v)
            # the twin: plugged in again, unthrottled, it is probed and chosen
            v.hmp(f"drive_add 0 if=none,id=d1,{drive}")
            v.hmp("device_add virtio-blk-pci,drive=d1,id=disk1")
            d = settle(v, lambda d: d["root"] and d["root"]["uuid"] == ROOT, "the disk plugged in again is not the root")

            # after a hot-plug: removed while PID 1 probes it
            v.hmp("device_del disk1")
            settle(v, lambda d: not d["devices"], "the second removal")
            v.sh("echo 7 > /proc/sys/kernel/printk")
            v.hmp(f"drive_add 0 if=none,id=d2,{drive},{SLOW}")
            v.hmp("device_add virtio-blk-pci,drive=d2,id=disk2")
            v.wait_for(MOUNTED, what="the probe's mount of the hot-plugged disk")
            v.hmp("device_del disk2")
            v.wait_for(r"EXT4-fs \(vd[a-z]1\): unmounting filesystem", what="the probe's unmount")
            v.sh("echo 4 > /proc/sys/kernel/printk")
            check(probe_errors(v) > first, "no read of the hot-plug probe failed")
            settle(v, lambda d: not d["devices"] and d["root"] is None, "the disk removed mid-probe is still listed")
            healthy(v)

        # the guest's root, mounted, is removed
        with Vm(out, monitor=True, extra=["-drive", f"{drive},if=none,id=d0", "-device",
                                          "virtio-blk-pci,drive=d0,id=disk0"]) as v:
            v.ready()
            rc, text = v.sh("lifeboat mount; echo rc=$?; lifeboat diagnose --json")
            check("rc=0" in text and "disk.gone" not in text, f"mounted, nothing gone yet: {text}")
            v.hmp("device_del disk0")
            settle(v, lambda d: not d["devices"], "the mounted disk is still listed")
            rc, text = v.sh("lifeboat diagnose --json")
            findings = json_of(text)["findings"]
            gone = [f for f in findings if f["id"] == "disk.gone"]
            check(len(gone) == 1 and gone[0]["fix"] == "lifeboat umount" and
                  "/dev/vda1 (ext4) is still mounted at /mnt/guest, but the device is no longer there"
                  in gone[0]["evidence"], f"diagnose of the gone mount: {findings}")
            # nothing read through the dead mount: no fstab or network findings made of I/O errors
            check(not [f for f in findings if f["id"].split(".")[0] in ("fstab", "network", "boot", "access")],
                  f"guest findings through a gone disk: {findings}")
            rc, text = v.sh("lifeboat umount; echo rc=$?; grep -c /mnt/guest /proc/mounts")
            check(text.split()[-2:] == ["rc=0", "0"], f"umount of the gone disk's mount: {text}")
            healthy(v)
        check(fx.sha256(t("root.img")) == before, "the unplugged disk changed")
