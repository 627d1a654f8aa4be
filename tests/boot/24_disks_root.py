"""The guest's root among several disks, all writable at QEMU's level so that
only lifeboat's discipline keeps them intact: an MBR disk with one ext4 root
whose journal needs recovery (Debian), a data-only disk, an NVMe disk with
another system whose fstab names a root that is not its own, and a disk of
garbage. The root is the Debian filesystem, with reasons; the others are
reported for what they are. lifeboat mount (read-only, the data disk at a
mount point with a blank), a chroot and lifeboat umount (everything unmounted)
leave every image byte for byte as it was; `mount --rw` then changes
the root's disk and no other."""
import os
import sys
import tempfile
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT_UUID = "3f1e6c5a-1111-4a6b-9c3d-0123456789ab"
OTHER_UUID = "3f1e6c5a-2222-4a6b-9c3d-0123456789ab"
DATA_UUID = "3f1e6c5a-3333-4a6b-9c3d-0123456789ab"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        # the data disk's mount point has a blank: fstab writes it \040, and so does mountinfo,
        # where lifeboat umount finds what to unmount
        root = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT_UUID}",
                       [f"UUID={DATA_UUID} /mnt/my\\040data ext4 defaults 0 2",
                        "UUID=0000dead-0000-0000-0000-000000000000 /home ext4 defaults 0 2"])
        os.makedirs(os.path.join(root, "mnt", "my data"))
        fx.ext4(t("root.fs"), 24, root, fs_uuid=ROOT_UUID, dirty=True)
        fx.disk(t("mbr.img"), 32, [(t("root.fs"), 24, "83", None)], label="dos")
        fx.ext4(t("data.img"), 16, fx.tree(t("data")), fs_uuid=DATA_UUID, label="data")
        # another system whose fstab mounts a UUID that is nowhere here
        fx.ext4(t("other.fs"), 24, fx.tree(t("other"), "Old Ubuntu", "UUID=99999999-9999-9999-9999-999999999999"),
                fs_uuid=OTHER_UUID)
        fx.disk(t("nvme.img"), 32, [(t("other.fs"), 24, "L", "old-root")])
        fx.garbage(t("garbage.img"), 4)
        images = [t("mbr.img"), t("data.img"), t("nvme.img"), t("garbage.img")]
        before = {p: fx.sha256(p) for p in images}
        drives = [t("mbr.img"), t("data.img"), (t("nvme.img"), "nvme", "NVME-SERIAL-42"), t("garbage.img")]

        with Vm(out, rw_disks=drives) as v:
            banner = v.ready()
            check("root      /dev/vda1 ext4, Debian GNU/Linux 12 (bookworm)" in banner, f"root in banner:\n{banner}")
            rc, text = v.sh("lifeboat disks --json")
            d = json_of(text)
            check(d["root"] is not None and d["root"]["uuid"] == ROOT_UUID and d["root"]["device"] == "/dev/vda1",
                  f"root: {d['root']}")
            check(any("fstab mounts this filesystem at /" in r for r in d["root"]["reasons"]), f"reasons: {d['root']}")
            devs = {x["device"]: x for x in d["devices"]}
            check(devs["/dev/nvme0n1"]["serial"] == "NVME-SERIAL-42", f"nvme serial: {devs.get('/dev/nvme0n1')}")
            check(all(devs[x]["readonly"] for x in ("/dev/vda", "/dev/vdb", "/dev/nvme0n1", "/dev/vdc")),
                  f"disks not read-only at the block layer: {[(x, devs[x]['readonly']) for x in devs]}")
            check(devs["/dev/vdc"]["role"].startswith("no partition table"), f"garbage: {devs['/dev/vdc']}")
            other = [c for c in d["candidates"] if c["uuid"] == OTHER_UUID][0]
            check(any("another filesystem" in r for r in other["reasons"]), f"the other system: {other}")
            data = [c for c in d["candidates"] if c["uuid"] == DATA_UUID][0]
            check(data["score"] < d["candidates"][0]["score"], f"data disk outranks: {d['candidates']}")

            rc, text = v.sh("lifeboat mount; echo rc=$?")
            check("rc=0" in text and "/dev/vda1 on /mnt/guest" in text and "/dev/vdb on /mnt/guest/mnt/my data" in text,
                  f"lifeboat mount: {text}")
            check("UUID=0000dead-0000-0000-0000-000000000000 /home resolves to no device here" in text,
                  f"a dangling fstab entry not reported: {text}")
            rc, text = v.sh("cat '/mnt/guest/mnt/my data/srv/data.txt'; touch /mnt/guest/x 2>&1; "
                            "lifeboat chroot cat /etc/os-release; echo chroot=$?")
            check("customer data" in text and "Read-only file system" in text and "Debian GNU/Linux 12" in text
                  and "chroot=0" in text, f"inside the guest: {text}")
            rc, text = v.sh("lifeboat umount; echo rc=$?; grep -c /mnt/guest /proc/mounts")
            check("rc=0" in text and text.strip().endswith("0"), f"umount: {text}")
            v.sh("sync")
        after = {p: fx.sha256(p) for p in images}
        check(before == after, f"a disk changed: {[p for p in images if before[p] != after[p]]}")

        # --rw on one filesystem: only its disk changes, and it is read-only again afterwards
        with Vm(out, rw_disks=drives) as v:
            v.ready()
            rc, text = v.sh("lifeboat mount --rw /dev/vda1 && echo repaired > /mnt/guest/root/note && lifeboat umount; "
                            "echo rc=$?; cat /sys/block/vda/ro")
            check("rc=0" in text and text.strip().endswith("1"), f"mount --rw: {text}")
        after = {p: fx.sha256(p) for p in images}
        changed = [p for p in images if before[p] != after[p]]
        check(changed == [t("mbr.img")], f"--rw changed {changed}")
