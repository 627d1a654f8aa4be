"""A forgotten root password: set to something nobody knows. Twin first: the
guest boots and refuses the password the customer wants. Then the rescue, over
SSH: `lifeboat fix password --password-stdin --yes`; the guest boots from its
disk and lets root in over SSH with that password."""
from e2e import Rescue, boot_guest, check, scenario

WANTED = "Correct-Horse-7"


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat mount --rw >/dev/null && "
                             "echo \"root:forgotten-$RANDOM$RANDOM$RANDOM\" | lifeboat chroot chpasswd; "
                             "echo rc=$?; lifeboat umount >/dev/null")
            check("rc=0" in text, f"breaking it: {text}")
        ended, rc, text = boot_guest(out, disk, None, password=WANTED)
        check("login" in ended and rc == 255 and "Permission denied" in text,
              f"twin: the guest let root in before the repair: {ended} {rc} {text}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(f"echo '{WANTED}' | lifeboat fix password --password-stdin --yes; echo rc=$?")
            check("rc=0" in text and "password of root set" in text, f"the repair: {text}")
        ended, rc, text = boot_guest(out, disk, None, password=WANTED, command="id -u")
        check(rc == 0 and text.strip().endswith("0"), f"after the repair: {ended} {rc} {text}")
