"""lifeboat boot: the guest's own kernel started from the rescue with kexec,
no QEMU restart. Twin first: with its initramfs deleted the guest's default
entry is refused (exit 3, the reason said) and the rescue stays; without --yes
nothing happens (exit 4). Then a guest broken and repaired in the same rescue
session (fstab) is booted with `lifeboat boot --yes`, and its own sshd answers
the test's key on the same forwarded port."""
from e2e import BOOTED, GUEST_BOOT_TIMEOUT, Rescue, check, scenario

ENTRY = "UUID=0dead000-0000-4000-8000-00000000dead /srv/data ext4 defaults 0 2"


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat boot --list; echo rc=$?")
            check("rc=0" in text and "\n*  " in text and "linux " in text, f"the list: {text}")
            rc, text = r.ssh("lifeboat boot; echo rc=$?")
            check("rc=4" in text and "boot entry" in text, f"without --yes: {text}")
            # the twin: no initramfs, refused, and the rescue is still there
            rc, text = r.ssh("lifeboat mount --rw >/dev/null && mkdir /mnt/guest/boot/aside && "
                             "mv /mnt/guest/boot/initrd.img-* /mnt/guest/boot/initramfs-*.img /mnt/guest/boot/aside/ "
                             "2>/dev/null; lifeboat umount >/dev/null; lifeboat boot --yes; echo rc=$?")
            check("rc=3" in text and "initramfs" in text and "refused" in text, f"twin: {text}")
            # broken, repaired, booted: all in this session
            rc, text = r.ssh("lifeboat mount --rw >/dev/null && mv /mnt/guest/boot/aside/* /mnt/guest/boot/ && "
                             f"rmdir /mnt/guest/boot/aside && echo '{ENTRY}' >> /mnt/guest/etc/fstab; "
                             "lifeboat umount >/dev/null; lifeboat fix fstab --yes; echo rc=$?")
            check("rc=0" in text, f"the repair: {text}")
            # detached: PID 1 ends this SSH session on its way to the guest's kernel
            rc, text = r.ssh("(sleep 1; lifeboat boot --yes) </dev/null >/dev/null 2>&1 & echo started")
            check("started" in text, f"lifeboat boot --yes: {rc} {text}")
            r.vm.wait_for("lifeboat: starting the guest's kernel", timeout=60, what="PID 1 starting the kernel")
            m = r.vm.wait_for(BOOTED, timeout=GUEST_BOOT_TIMEOUT, what="the guest's kernel, kexec'd, to boot")
            check("login" in m.group(0).decode(), f"the guest's boot ended in {m.group(0)}")
            rc, text = r.vm.ssh(key, "cat /proc/cmdline; findmnt -no SOURCE /", timeout=60)
            check(rc == 0 and "root=" in text, f"the guest over SSH: {rc} {text}")
