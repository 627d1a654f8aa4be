"""More layouts: GPT with a separate ext4 /boot and an XFS root, mounted with
/boot beneath; a btrfs root in `@`; two cloned disks sharing a UUID, where
lifeboat refuses to choose (and lifeboat.root= then decides); no disk at all.
Every image is unchanged afterwards."""
import os
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

XFS_UUID = "5a5a0000-0000-4000-8000-000000000001"
BOOT_UUID = "5a5a0000-0000-4000-8000-000000000002"
BTRFS_UUID = "5a5a0000-0000-4000-8000-000000000003"
CLONE_UUID = "5a5a0000-0000-4000-8000-000000000004"



def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        # GPT: /boot (ext4) and / (XFS); the root's fstab mounts /boot by UUID
        root = fx.tree(t("root"), "Fedora Linux 40", f"UUID={XFS_UUID}",
                       [f"UUID={BOOT_UUID} /boot ext4 defaults 0 2"], kernel=False)
        boot = t("boot")
        os.makedirs(boot)
        with open(os.path.join(boot, "vmlinuz-6.8.0"), "wb") as f:
            f.write(b"\0" * 4096)
        fx.ext4(t("boot.fs"), 32, boot, fs_uuid=BOOT_UUID)
        fx.xfs(t("root.fs"), 300, root, fs_uuid=XFS_UUID)
        fx.disk(t("gpt.img"), 340, [(t("boot.fs"), 32, "L", "boot"), (t("root.fs"), 300, "L", "root")])
        # btrfs with the system in @
        bt = t("bt")
        fx.tree(os.path.join(bt, "@"), "Ubuntu 24.04 LTS", f"UUID={BTRFS_UUID}")
        fx.btrfs(t("btrfs.img"), 128, bt, fs_uuid=BTRFS_UUID)
        images = [t("gpt.img"), t("btrfs.img")]
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, rw_disks=[t("gpt.img")]) as v:
            v.ready()
            d = v.disk_report()
            check(d["root"] and d["root"]["uuid"] == XFS_UUID and d["root"]["device"] == "/dev/vda2",
                  f"XFS root: {d['root']} {d['why']}")
            parts = {x["device"]: x for x in d["devices"]}
            check(parts["/dev/vda1"]["partlabel"] == "boot" and parts["/dev/vda"]["pttype"] == "gpt",
                  f"GPT details: {parts['/dev/vda1']}")
            rc, text = v.sh("lifeboat mount && ls /mnt/guest/boot && lifeboat umount")
            check(rc == 0 and "vmlinuz-6.8.0" in text and "/dev/vda1 on /mnt/guest/boot" in text,
                  f"/boot beneath the XFS root: {text}")
        with Vm(out, rw_disks=[t("btrfs.img")]) as v:
            v.ready()
            d = v.disk_report()
            check(d["root"] and d["root"]["uuid"] == BTRFS_UUID and d["root"]["subvol"] == "@",
                  f"btrfs root in @: {d['root']} {d['why']}")
            rc, text = v.sh("lifeboat mount && cat /mnt/guest/etc/os-release && lifeboat umount")
            check(rc == 0 and "Ubuntu 24.04" in text, f"mount of the @ root: {text}")
        after = {p: fx.sha256(p) for p in images}
        check(before == after, f"a disk changed: {[p for p in images if before[p] != after[p]]}")

        # cloned disks: same UUID, same evidence
        fx.ext4(t("clone.fs"), 24, fx.tree(t("clone"), "Debian GNU/Linux 12 (bookworm)", f"UUID={CLONE_UUID}"),
                fs_uuid=CLONE_UUID)
        for name in ("a.img", "b.img"):
            fx.disk(t(name), 32, [(t("clone.fs"), 24, "83", None)], label="dos")
        with Vm(out, rw_disks=[(t("a.img"), "virtio", "SERIAL-A"), (t("b.img"), "virtio", "SERIAL-B")]) as v:
            banner = v.ready()
            d = v.disk_report()
            check(d["root"] is None and "share the UUID" in d["why"], f"clones: {d['root']} {d['why']}")
            check("root      none: /dev/vda1 and /dev/vdb1 share the UUID" in banner, f"banner:\n{banner}")
            rc, text = v.sh("lifeboat disks")
            check("SERIAL-A" in text and "SERIAL-B" in text, f"serials not listed: {text}")
            rc, text = v.sh("lifeboat mount; echo rc=$?")
            check("rc=1" in text and "no root was chosen" in text, f"mount without a root: {text}")
        with Vm(out, rw_disks=[t("a.img"), t("b.img")],
                append="console=ttyS0 loglevel=4 lifeboat.root=/dev/vdb1") as v:
            v.ready()
            d = v.disk_report()
            check(d["root"] and d["root"]["device"] == "/dev/vdb1" and "lifeboat.root=" in d["why"],
                  f"override: {d['root']} {d['why']}")

        with Vm(out) as v:
            banner = v.ready()
            check("root      none: no filesystem that could hold a system was found" in banner, f"no disk:\n{banner}")
            rc, text = v.sh("lifeboat disks --json")
            check('"root":null' in text and '"devices":[]' in text, f"no disk: {text}")
