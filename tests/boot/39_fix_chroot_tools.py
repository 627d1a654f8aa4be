"""lifeboat fix initramfs and fix bootloader run the guest's own tools in a
chroot. Here the tools are stand-ins (shell scripts in the fixture) that
record how they were called: update-initramfs gets -c for the kernel whose
initrd is missing, after /etc/initramfs-tools/modules names this machine's
disk driver (virtio_blk, a module of the guest's kernel) and a backup was
kept; grub-install gets --target=i386-pc /dev/vda on a disk whose boot code
was zeroed (the partition table stays byte for byte) and update-grub runs.
Second runs have nothing to do. Once initramfs.conf has it bring up the
network, the NIC's driver (virtio_net) is named too, and not before. Twins: without --yes nothing changes (4); a
guest without the tools fails (1) and changes nothing."""
import os
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "d9d90000-0000-4000-8000-000000000001"
KVER = "6.1.0-test"
UPDATE_INITRAMFS = f"""#!/bin/sh
# stand-in: records its arguments and what the modules file says
echo "$@" > /var/log/update-initramfs.args
cat /etc/initramfs-tools/modules > /boot/initrd.img-$3
"""
GRUB_INSTALL = """#!/bin/sh
echo "$@" > /var/log/grub-install.args
for a; do case $a in /dev/*) d=$a;; esac; done
printf 'GRUB stand-in boot code' | dd of=$d bs=1 seek=64 conv=notrunc 2>/dev/null
"""
UPDATE_GRUB = "#!/bin/sh\necho '# made by update-grub' > /boot/grub/grub.cfg\n"


def tool(tree, path, text):
    full = os.path.join(tree, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    os.chmod(full, 0o755)


def debugfs(img, cmd):
    return subprocess.run(["debugfs", "-R", cmd, img + "?offset=1048576"], capture_output=True, text=True).stdout


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}")
        for applet in ("dd", "printf", "echo"):
            os.symlink("busybox", os.path.join(tree, "bin", applet))
        os.rename(os.path.join(tree, "boot", "vmlinuz-6.1.0-test"), os.path.join(tree, "boot", f"vmlinuz-{KVER}"))
        mods = os.path.join(tree, "lib", "modules", KVER)
        os.makedirs(os.path.join(mods, "kernel/drivers/block"))
        with open(os.path.join(mods, "modules.dep"), "w") as f:
            f.write("kernel/drivers/block/virtio_blk.ko:\nkernel/fs/ext4/ext4.ko:\nkernel/drivers/net/virtio_net.ko:\n")
        tool(tree, "/usr/sbin/update-initramfs", UPDATE_INITRAMFS)
        tool(tree, "/etc/initramfs-tools/modules", "# List of modules\nloop\n")
        tool(tree, "/usr/sbin/grub-install", GRUB_INSTALL)
        tool(tree, "/usr/sbin/update-grub", UPDATE_GRUB)
        os.makedirs(os.path.join(tree, "usr/lib/grub/i386-pc"))
        os.makedirs(os.path.join(tree, "var", "log"))
        fx.ext4(t("root.fs"), 30, tree, fs_uuid=ROOT)
        img = fx.disk(t("disk.img"), 40, [(t("root.fs"), 30, "83", None)], label="dos")
        with open(img, "rb") as f:
            table = f.read(512)[440:]
        bare = fx.disk(t("bare.img"), 40, [(None, 30, "83", None)], label="dos")
        fx.ext4(t("bare.fs"), 30, fx.tree(t("b"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}"), fs_uuid=ROOT)
        fx.run("dd", f"if={t('bare.fs')}", f"of={bare}", "bs=1M", "seek=1", "conv=notrunc", "status=none")
        before = fx.sha256(img)

        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix initramfs </dev/null; echo rc=$?")
            check("rc=4" in text and "edit /etc/initramfs-tools/modules: include virtio_blk" in text
                  and f"/boot/initrd.img-{KVER} for kernel {KVER} (missing)" in text, f"initramfs plan: {text}")
            check("virtio_net" not in text, f"an initramfs without network gets no NIC driver: {text}")
            rc, text = v.sh("lifeboat fix bootloader </dev/null; echo rc=$?")
            check("rc=4" in text and "--target=i386-pc /dev/vda" in text, f"bootloader plan: {text}")
        check(fx.sha256(img) == before, "a plan changed the disk")

        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix initramfs --yes; echo rc=$?")
            check("rc=0" in text and "1 initramfs made with update-initramfs" in text, f"initramfs: {text}")
            rc, text = v.sh("lifeboat fix bootloader --yes; echo rc=$?")
            check("rc=0" in text and "GRUB installed (BIOS)" in text, f"bootloader: {text}")
            rc, text = v.sh("lifeboat fix initramfs --yes; lifeboat fix bootloader --yes; echo rc=$?; "
                            "cat /sys/block/vda/ro")
            check("fix initramfs: nothing to do" in text and "fix bootloader: nothing to do" in text and "rc=0" in text and text.strip().endswith("1"), f"again: {text}")
            v.sh("sync")
        # an initramfs that brings up the network (initramfs.conf's DEVICE=) gets the NIC's driver too
        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat mount --rw >/dev/null && echo DEVICE=ens2 >> "
                            "/mnt/guest/etc/initramfs-tools/initramfs.conf; lifeboat umount >/dev/null; "
                            "lifeboat fix initramfs </dev/null; echo rc=$?")
            check("rc=4" in text and "virtio_net" in text and "initramfs.conf: DEVICE=ens2" in text,
                  f"the plan with the network: {text}")
        check(debugfs(img, "cat /var/log/update-initramfs.args").strip() == f"-c -k {KVER}", "update-initramfs' args")
        initrd = debugfs(img, f"cat /boot/initrd.img-{KVER}")
        check("virtio_blk" in initrd and "loop" in initrd, f"the modules it saw: {initrd}")
        check(debugfs(img, "cat /var/log/grub-install.args").strip() == "--target=i386-pc /dev/vda", "grub's args")
        check(debugfs(img, "cat /boot/grub/grub.cfg").strip() == "# made by update-grub", "grub.cfg")
        with open(img, "rb") as f:
            mbr = f.read(512)
        check(b"GRUB stand-in" in mbr[:440] and mbr[440:] == table, "boot code, or the partition table changed")
        check('"command":"fix bootloader"' in debugfs(img, "cat /var/log/lifeboat.log"), "guest log")

        bsum = fx.sha256(bare)
        with Vm(out, rw_disks=[bare]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix initramfs --yes; echo rc=$?; lifeboat fix bootloader --yes; echo rc=$?")
            check(text.count("rc=1") == 2 and "none of update-initramfs" in text and "no grub-install" in text,
                  f"no tools: {text}")
        check(fx.sha256(bare) == bsum, "a guest without the tools changed")
