"""Stacks, built inside lifeboat's own kernel (a plain shell as init): an md
RAID1 whose array holds the root, and an LVM volume group whose LV holds it.
Booted normally, lifeboat assembles the array read-only and activates the VG
read-only, finds the root on each, and mounts it; no image changes. `mount
--rw` on the LV writes through it and leaves it read-only again. Twin: two
disks carrying the same PV (a clone) make lifeboat activate nothing and say why."""
import os
import shutil
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

MD_UUID = "7c7c0000-0000-4000-8000-000000000001"
LV_UUID = "7c7c0000-0000-4000-8000-000000000002"
# vda, vdb: the array's members; vdc: the PV; vdd, vde: the two filesystems to copy in
BUILD = ("mdadm --create /dev/md0 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 /dev/vda /dev/vdb "
         "&& dd if=/dev/vdd of=/dev/md0 bs=1M 2>/dev/null && mdadm --stop /dev/md0 "
         "&& lvm pvcreate -q --config global/locking_type=1 /dev/vdc "
         "&& lvm vgcreate -q --config global/locking_type=1 vgtest /dev/vdc "
         "&& lvm lvcreate -q -y --config global/locking_type=1 -n root -L 24M vgtest "
         "&& dd if=/dev/vde of=/dev/mapper/vgtest-root bs=1M 2>/dev/null "
         "&& lvm vgchange -q --config global/locking_type=1 -an vgtest && sync")



def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        fx.ext4(t("md.fs"), 24, fx.tree(t("mdroot"), "Debian on RAID", f"UUID={MD_UUID}"), fs_uuid=MD_UUID)
        fx.ext4(t("lv.fs"), 24, fx.tree(t("lvroot"), "Debian on LVM", f"UUID={LV_UUID}"), fs_uuid=LV_UUID)
        for name, mib in (("md_a.img", 40), ("md_b.img", 40), ("pv.img", 40)):
            with open(t(name), "wb") as f:
                f.truncate(mib << 20)
        fx.build_in_vm(out, [t("md_a.img"), t("md_b.img"), t("pv.img"), t("md.fs"), t("lv.fs")], BUILD)
        images = [t("md_a.img"), t("md_b.img"), t("pv.img")]
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, rw_disks=[t("md_a.img"), t("md_b.img")]) as v:
            v.ready()
            d = v.disk_report()
            check(d["root"] and d["root"]["uuid"] == MD_UUID and d["root"]["device"].startswith("/dev/md"),
                  f"root on md: {d['root']} {d['why']}")
            md = d["root"]["device"].rsplit("/", 1)[1]
            rc, text = v.sh(f"cat /sys/block/{md}/md/array_state /sys/block/{md}/ro; lifeboat mount && "
                            "cat /mnt/guest/etc/os-release && lifeboat umount")
            check(rc == 0 and "read" in text.split()[0] and "Debian on RAID" in text, f"the array: {text}")
        with Vm(out, rw_disks=[t("pv.img")]) as v:
            v.ready()
            d = v.disk_report()
            check(d["root"] and d["root"]["uuid"] == LV_UUID and d["root"]["device"] == "/dev/mapper/vgtest-root",
                  f"root on LVM: {d['root']} {d['why']}")
            rc, text = v.sh("cat /sys/class/block/dm-0/ro; lifeboat mount && cat /mnt/guest/etc/os-release && "
                            "lifeboat umount")
            check(rc == 0 and text.split()[0] == "1" and "Debian on LVM" in text, f"the LV: {text}")
        after = {p: fx.sha256(p) for p in images}
        check(before == after, f"a disk changed: {[p for p in images if before[p] != after[p]]}")

        # --rw through the stack: the LV's table and its PV made writable, and read-only again after
        with Vm(out, rw_disks=[t("pv.img")]) as v:
            v.ready()
            rc, text = v.sh("lifeboat mount --rw && echo fixed > /mnt/guest/root/note && lifeboat umount; echo rc=$?; "
                            "cat /sys/class/block/dm-0/ro /sys/class/block/vda/ro")
            check("rc=0" in text and text.split()[-2:] == ["1", "1"], f"--rw on an LV: {text}")
        check(fx.sha256(t("pv.img")) != before[t("pv.img")], "the write through the LV did not reach the disk")
        check(all(fx.sha256(p) == before[p] for p in images[:2]), "--rw on the LV changed the md disks")

        shutil.copy(t("pv.img"), t("pv-clone.img"))
        with Vm(out, rw_disks=[t("pv.img"), t("pv-clone.img")]) as v:
            v.ready()
            d = v.disk_report()
            check(d["root"] is None, f"a root on a cloned PV: {d['root']}")
            notes = [x["note"] for x in d["devices"] if x["note"]]
            check(any("same PV UUID" in n for n in notes), f"the clone is not reported: {notes}")
            rc, text = v.sh("ls /dev/mapper")
            check("vgtest" not in text, f"a VG activated from cloned PVs: {text}")

        # --rw on the array: members and array writable for the repair, read-only after; both mirrors change
        with Vm(out, rw_disks=[t("md_a.img"), t("md_b.img")]) as v:
            v.ready()
            d = v.disk_report()
            md = d["root"]["device"].rsplit("/", 1)[1]
            rc, text = v.sh(f"lifeboat mount --rw && echo fixed > /mnt/guest/root/note && lifeboat umount; "
                            f"echo rc=$?; cat /sys/block/{md}/md/array_state /sys/block/{md}/ro /sys/block/vda/ro")
            check("rc=0" in text and text.split()[-3:] == ["readonly", "1", "1"], f"--rw on md: {text}")
        check(all(fx.sha256(p) != before[p] for p in images[:2]), "the write through the array missed a mirror")
