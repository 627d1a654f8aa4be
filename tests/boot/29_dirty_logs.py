"""Journals that need recovery, made for real: inside lifeboat's kernel (a
plain shell as init) an XFS root and an ext4 data filesystem are mounted
read-write, written, synced, and the machine is reset without unmounting, so
both logs hold committed transactions that were never checkpointed (the host's
xfs_repair -n and dumpe2fs confirm it). lifeboat chooses the XFS root, mounts
both without replaying anything, lifeboat diagnose finds both logs to replay,
and not a byte of either image changes."""
import os
import subprocess
import sys
import tempfile
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

XFS_UUID = "9e9e0000-0000-4000-8000-000000000001"
DATA_UUID = "9e9e0000-0000-4000-8000-000000000002"
# vda: the XFS root, vdb: the ext4 data disk; sysrq b resets without syncing or unmounting
DIRTY = ("mkdir -p /a /b && mount -t xfs /dev/vda /a && mount -t ext4 /dev/vdb /b "
         "&& echo new > /a/root/new && echo new > /b/srv/new && mkdir /a/root/d /b/srv/d && sync "
         "&& echo 1 > /proc/sys/kernel/sysrq && echo b > /proc/sysrq-trigger")


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        fx.xfs(t("root.img"), 300, fx.tree(t("root"), "Rocky Linux 9", f"UUID={XFS_UUID}",
                                            [f"UUID={DATA_UUID} /mnt/data ext4 defaults 0 2"]), fs_uuid=XFS_UUID)
        fx.ext4(t("data.img"), 32, fx.tree(t("data")), fs_uuid=DATA_UUID)
        v = Vm(out, append="console=ttyS0 rdinit=/bin/sh loglevel=3", nic=False,
               rw_disks=[t("root.img"), t("data.img")])
        with v:
            v.wait_for("#", timeout=60, what="the builder shell")
            v.send("mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; " + DIRTY + "\n")
            v.wait_exit(60)     # -no-reboot: the reset ends QEMU
        xr = subprocess.run(["xfs_repair", "-n", t("root.img")], capture_output=True, text=True)
        check("log" in (xr.stdout + xr.stderr).lower() and xr.returncode != 0,
              f"the XFS log is not dirty: {xr.returncode} {xr.stdout} {xr.stderr}")
        de = subprocess.run(["dumpe2fs", "-h", t("data.img")], capture_output=True, text=True).stdout
        check("needs_recovery" in de, "the ext4 journal does not need recovery")
        images = [t("root.img"), t("data.img")]
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, rw_disks=images) as v:
            v.ready()
            rc, text = v.sh("lifeboat disks --json")
            d = json_of(text)
            check(d["root"] and d["root"]["uuid"] == XFS_UUID, f"the XFS root: {d['root']} {d['why']}")
            rc, text = v.sh("lifeboat mount && ls /mnt/guest/root /mnt/guest/mnt/data/srv && lifeboat umount")
            check(rc == 0 and "/dev/vdb on /mnt/guest/mnt/data" in text, f"mount without replay: {text}")
            # lifeboat diagnose says both wait to be replayed, from their own headers (info: a mount does it)
            rc, text = v.sh("lifeboat diagnose --json")
            found = [f for f in json_of(text)["findings"] if f["id"] == "fs.journal"]
            check(len(found) == 2 and all(f["severity"] == "info" for f in found) and
                  any("/dev/vda (xfs): the last log record" in f["evidence"] for f in found) and
                  any("/dev/vdb (ext4)" in f["evidence"] for f in found), f"diagnose: {found}")
        after = {p: fx.sha256(p) for p in images}
        check(before == after, f"a dirty image changed: {[p for p in images if before[p] != after[p]]}")
