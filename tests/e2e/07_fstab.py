"""fstab names a filesystem by a UUID that no disk has, without nofail. Twin
first: the guest's boot waits for it and ends in emergency mode, with no SSH.
Then the rescue, over SSH: `lifeboat fix fstab --yes` gives the entry nofail;
the guest boots to multi-user and lets the test's key in."""
from e2e import Rescue, boot_guest, check, scenario

ENTRY = "UUID=0dead000-0000-4000-8000-00000000dead /srv/data ext4 defaults 0 2"


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(f"lifeboat mount --rw >/dev/null && mkdir -p /mnt/guest/srv/data && "
                             f"echo '{ENTRY}' >> /mnt/guest/etc/fstab && tail -n1 /mnt/guest/etc/fstab; "
                             "lifeboat umount >/dev/null")
            check(ENTRY in text, f"breaking it: {text}")
        ended, rc, text = boot_guest(out, disk, key)
        check("login" not in ended or rc != 0, f"twin: the guest came up with the missing disk: {ended} {rc}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat fix fstab --yes; echo rc=$?; lifeboat mount >/dev/null; "
                             "tail -n1 /mnt/guest/etc/fstab; lifeboat umount >/dev/null")
            check("rc=0" in text and "defaults,nofail 0 2" in text, f"the repair: {text}")
        ended, rc, text = boot_guest(out, disk, key, command="systemctl is-system-running --wait; true")
        check(rc == 0 and "login" in ended, f"after the repair: {ended} {rc} {text}")
