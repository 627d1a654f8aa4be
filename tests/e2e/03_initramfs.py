"""The initramfs deleted (flavour A: initramfs-tools; B: dracut). Twin first:
the guest's kernel cannot find its root and panics. Then the rescue, over SSH:
`lifeboat fix initramfs --yes` runs the guest's own tool in a chroot; the
guest boots and lets the test's key in."""
from e2e import Rescue, boot_guest, check, scenario

SLOW = True	# the guest's own tool makes an initramfs under TCG: minutes


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat mount --rw >/dev/null && ls /mnt/guest/boot && "
                             "rm -f /mnt/guest/boot/initrd.img-* /mnt/guest/boot/initramfs-*.img && "
                             "echo after: && ls /mnt/guest/boot; lifeboat umount >/dev/null")
            before, _, after = text.partition("after:")
            check(("initrd.img-" in before or "initramfs-" in before) and after.strip()
                  and "initrd.img-" not in after and "initramfs-" not in after, f"breaking it: {text}")
        ended, rc, text = boot_guest(out, disk, key)
        check("login" not in ended, f"twin: the guest booted without its initramfs: {ended}")
        with Rescue(out, disk, tmp) as r:
            # update-initramfs with Debian's MODULES=most: about 8 minutes under TCG with nothing beside it
            rc, text = r.ssh("lifeboat fix initramfs --yes; echo rc=$?", timeout=1800)
            check("rc=0" in text and "initramfs made with" in text, f"the repair: {text[-1500:]}")
        ended, rc, text = boot_guest(out, disk, key, command="ls /boot")
        check(rc == 0 and ("initrd.img-" in text or "initramfs-" in text), f"after the repair: {ended} {rc} {text}")
