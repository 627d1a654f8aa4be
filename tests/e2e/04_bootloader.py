"""GRUB broken: the boot code in the disk's first sector zeroed and grub.cfg
removed. Twin first: the firmware finds nothing that boots (no GRUB prompt, no
kernel). Then the rescue, over SSH: `lifeboat fix bootloader --yes` installs
GRUB again from the guest's own packages and makes its config; the guest boots
and lets the test's key in."""
from e2e import BOOTED, Rescue, boot_guest, check, scenario

# no boot code: SeaBIOS jumps into zeros and nothing more is printed; boot code
# without a config would stop at GRUB's prompt
NO_BOOT = BOOTED + r"|grub> |No bootable device"
NO_BOOT_WAIT = 150	# SeaBIOS to a login prompt takes about 90 s idle under TCG


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            # the rescue keeps its disks read-only: the damage needs the disk writable
            rc, text = r.ssh("blockdev --setrw /dev/vda && dd if=/dev/zero of=/dev/vda bs=440 count=1 2>&1 && sync && "
                             "lifeboat mount --rw >/dev/null && rm /mnt/guest/boot/grub/grub.cfg && "
                             "ls /mnt/guest/boot/grub; lifeboat umount >/dev/null; "
                             "echo non-zero: $(dd if=/dev/vda bs=440 count=1 2>/dev/null | tr -d '\\000' | wc -c)")
            check("grub.cfg" not in text and "i386-pc" in text and "non-zero: 0" in text, f"breaking it: {text}")
        ended, rc, text = boot_guest(out, disk, key, ends=NO_BOOT, timeout=NO_BOOT_WAIT)
        check("login" not in ended, f"twin: the guest booted without its boot code and grub.cfg: {ended}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat fix bootloader --yes; echo rc=$?; lifeboat mount >/dev/null; "
                             "ls /mnt/guest/boot/grub; lifeboat umount >/dev/null", timeout=900)
            check("rc=0" in text and "grub.cfg" in text, f"the repair: {text[-1500:]}")
        ended, rc, text = boot_guest(out, disk, key, command="cat /proc/cmdline")
        check(rc == 0 and "root=" in text, f"after the repair: {ended} {rc} {text}")
