"""Nothing lifeboat does without a repair writes a byte: every kind of disk the
fixtures make, attached read-write at QEMU's level (so that only lifeboat's own
discipline keeps them unchanged), goes through a whole rescue session — the
boot with diagnose at boot, lifeboat disks, diagnose again, every candidate
mounted read-only and unmounted, the root with its fstab's filesystems, the
LUKS volume unlocked, mounted and unmounted, then poweroff through PID 1 — and
every image's sha256 is the same afterwards. Among them: an XFS root whose log
and an ext4 whose journal hold committed, unreplayed transactions (made for
real: mounted, written and reset in a VM), a GPT disk with an ESP, a root and
swap, an md RAID1 and an LVM volume group, a btrfs, an NVMe disk, garbage and
a blank disk. The twin: a scratch disk mounted with --rw and written in the
same session does change, so the images were writable all along."""
import os
import subprocess
import sys
import tempfile
import time
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

MODES = ("lifeboat", "debian")
ROOT = "4848aaaa-0000-4000-8000-000000000001"
DATA = "4848aaaa-0000-4000-8000-000000000002"
SCRATCH = "4848aaaa-0000-4000-8000-000000000003"
PASSPHRASE = "never written down"
# vda: the XFS root, vdb: the ext4 data disk its fstab mounts; both left with their logs to replay
DIRTY = ("mkdir -p /a /b && mount -t xfs /dev/vda /a && mount -t ext4 /dev/vdb /b "
         "&& echo new > /a/root/new && echo new > /b/srv/new && mkdir /a/root/d /b/srv/d && sync "
         "&& echo 1 > /proc/sys/kernel/sysrq && echo b > /proc/sysrq-trigger")
STACKS = ("mdadm --create /dev/md0 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 /dev/vda /dev/vdb "
          "&& dd if=/dev/vdd of=/dev/md0 bs=1M 2>/dev/null && mdadm --stop /dev/md0 "
          "&& lvm pvcreate -q --config global/locking_type=1 /dev/vdc "
          "&& lvm vgcreate -q --config global/locking_type=1 vg48 /dev/vdc "
          "&& lvm lvcreate -q -y --config global/locking_type=1 -n data -L 24M vg48 "
          "&& dd if=/dev/vde of=/dev/mapper/vg48-data bs=1M 2>/dev/null "
          "&& lvm vgchange -q --config global/locking_type=1 -an vg48 && sync")


def vfat(path, mib):
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    fx.run("mkfs.vfat", "-n", "ESP", path)
    fx.run("mmd", "-i", path, "::/EFI")
    return path


def dirty(out, images):
    v = Vm(out, append="console=ttyS0 rdinit=/bin/sh loglevel=3", nic=False, rw_disks=images)
    with v:
        v.wait_for("#", timeout=60, what="the builder shell")
        v.send("mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; " + DIRTY + "\n")
        v.wait_exit(60)


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        # the builders want lifeboat's own kernel (everything built in) with a plain shell: in the
        # Debian kernel's run, OUT is lifeboat's OUT/debian
        lifeboat_out = os.path.dirname(out.rstrip("/")) if os.path.basename(out.rstrip("/")) == "debian" else out
        fx.xfs(t("root.img"), 300, fx.tree(t("root"), "Rocky Linux 9", f"UUID={ROOT}",
                                            [f"UUID={DATA} /mnt/data ext4 defaults 0 2"]), fs_uuid=ROOT)
        data = fx.tree(t("data"))
        fx.ext4(t("data.img"), 32, data, fs_uuid=DATA)
        dirty(lifeboat_out, [t("root.img"), t("data.img")])
        check(subprocess.run(["xfs_repair", "-n", t("root.img")], capture_output=True).returncode != 0,
              "the XFS log is not dirty")
        check("needs_recovery" in subprocess.run(["dumpe2fs", "-h", t("data.img")], capture_output=True,
                                                 text=True).stdout, "the ext4 journal does not need recovery")

        # a GPT disk: ESP, a second system's root, swap
        vfat(t("esp.fs"), 33)
        fx.ext4(t("gptroot.fs"), 24, fx.tree(t("gptroot"), "Ubuntu 24.04", None))
        with open(t("swap.fs"), "wb") as f:
            f.truncate(8 << 20)
        fx.run("mkswap", t("swap.fs"))
        fx.disk(t("gpt.img"), 72, [(t("esp.fs"), 33, "uefi", "EFI"), (t("gptroot.fs"), 24, "linux", "root"),
                                   (t("swap.fs"), 8, "swap", "swap")])
        # md RAID1 and LVM, built by a kernel
        fx.ext4(t("md.fs"), 24, data)
        fx.ext4(t("lv.fs"), 24, data)
        for name in ("md_a.img", "md_b.img", "pv.img"):
            with open(t(name), "wb") as f:
                f.truncate(40 << 20)
        fx.build_in_vm(lifeboat_out, [t("md_a.img"), t("md_b.img"), t("pv.img"), t("md.fs"), t("lv.fs")], STACKS)
        fx.btrfs(t("btrfs.img"), 120, data)
        fx.ext4(t("luks.fs"), 24, data)
        fx.luks(t("luks.img"), 48, t("luks.fs"), PASSPHRASE)
        fx.ext4(t("nvme.img"), 24, data)
        fx.garbage(t("garbage.img"), 4)
        with open(t("blank.img"), "wb") as f:
            f.truncate(16 << 20)
        fx.ext4(t("scratch.img"), 16, data, fs_uuid=SCRATCH)

        images = [t(n) for n in ("root.img", "data.img", "gpt.img", "md_a.img", "md_b.img", "pv.img", "btrfs.img",
                                 "luks.img", "garbage.img", "blank.img")]
        before = {p: fx.sha256(p) for p in images}
        scratch_before = fx.sha256(t("scratch.img"))
        disks = images + [(t("nvme.img"), "nvme", "nvme48"), t("scratch.img")]
        nvme_before = fx.sha256(t("nvme.img"))

        with Vm(out, mem=512, rw_disks=disks, diagnose=True) as v:
            v.ready()
            v.wait_for(r"lifeboat diagnose\r?\n  diagnose", timeout=180, what="diagnose at boot")
            d = v.disk_report()
            check(d["root"] and d["root"]["uuid"] == ROOT, f"the dirty XFS root: {d['root']} {d['why']}")
            cands = [c["device"] for c in d["candidates"]]
            types = {x["type"] for x in d["devices"]}
            check({"xfs", "ext4", "btrfs", "vfat", "swap", "crypto_LUKS", "linux_raid_member", "LVM2_member"} <= types,
                  f"every kind of disk was found: {sorted(t for t in types if t)}")
            rc, text = v.sh("lifeboat diagnose --json", timeout=180)
            check("findings" in json_of(text), f"diagnose: {text}")
            scratch = next(x["device"] for x in d["devices"] if x["uuid"] == SCRATCH)
            for dev in cands:
                if dev == scratch:
                    continue
                rc, text = v.sh(f"lifeboat mount {dev} && ls /mnt/guest >/dev/null && lifeboat umount; echo rc=$?")
                check("rc=0" in text, f"mount and umount of {dev}: {text}")
            rc, text = v.sh("lifeboat mount && ls /mnt/guest/mnt/data/srv && lifeboat umount; echo rc=$?")
            check("rc=0" in text and "new" in text, f"the root with its fstab: {text}")
            luks = next(x["device"] for x in d["devices"] if x["type"] == "crypto_LUKS")
            rc, text = v.sh(f"echo '{PASSPHRASE}' | lifeboat unlock {luks}; echo rc=$?")
            check("rc=0" in text, f"unlock: {text}")
            for _ in range(40):     # PID 1 looks at the new device-mapper device on its uevent
                d2 = v.disk_report()
                mapped = [c["device"] for c in d2["candidates"] if c["device"].startswith("/dev/mapper/luks-")]
                if mapped:
                    break
                time.sleep(0.25)
            check(mapped, f"the unlocked volume is not a candidate: {d2['candidates']}")
            rc, text = v.sh(f"lifeboat mount {mapped[0]} && cat /mnt/guest/srv/data.txt && lifeboat umount; echo rc=$?")
            check("rc=0" in text and "customer data" in text, f"the unlocked volume: {text}")
            # the twin: a disk a repair may write is written
            rc, text = v.sh(f"lifeboat mount --rw {scratch} && echo x > /mnt/guest/written && lifeboat umount; "
                            "echo rc=$?")
            check("rc=0" in text, f"the scratch disk, read-write: {text}")
            v.send("poweroff\n")
            v.wait_exit(90)
        after = {p: fx.sha256(p) for p in images}
        changed = [os.path.basename(p) for p in images if before[p] != after[p]]
        check(not changed and fx.sha256(t("nvme.img")) == nvme_before, f"changed: {changed}")
        check(fx.sha256(t("scratch.img")) != scratch_before, "the scratch disk written with --rw did not change")

