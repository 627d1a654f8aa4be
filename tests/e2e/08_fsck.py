"""A damaged root filesystem. Flavour A: ext4 with its primary superblock
zeroed, so nothing recognises it any more (the rescue does not find the root,
the guest's initramfs waits for it in vain); `lifeboat fix fsck /dev/vda2 --yes`
must find a backup superblock and repair from it. Flavour B: XFS with the
header of its first allocation group (AGF 0) zeroed, so that it no longer
mounts read-write (nor, after the guest tried, read-only);
`lifeboat fix fsck /dev/vda2 --yes` runs xfs_repair. Twin first: the
guest does not come up with a writable root. After the repair the rescue
mounts it and the guest boots, lets the test's key in and writes to its root."""
from e2e import Rescue, boot_guest, check, scenario

# the root is the second partition of both flavours; ext4's primary superblock
# is at byte 1024, XFS's AGF of group 0 in the fs's second sector (the rescue
# keeps its disks read-only: the damage needs them writable)
RW = "blockdev --setrw /dev/vda && blockdev --setrw /dev/vda2 && "
BREAK = {
    "a": RW + "dd if=/dev/zero of=/dev/vda2 bs=1024 seek=1 count=1 && sync",
    "b": RW + "dd if=/dev/zero of=/dev/vda2 bs=512 seek=1 count=1 && sync",
}
# the device named: after the twin's boot neither damaged root is recognised as the guest's any more
FIX = {"a": "lifeboat fix fsck /dev/vda2 --yes", "b": "lifeboat fix fsck /dev/vda2 --yes"}
WRITES = "touch /lifeboat-e2e && rm /lifeboat-e2e && echo root-writable"


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(f"{BREAK[flavour]} 2>&1 && echo broken; lifeboat mount --rw; echo mount=$?; "
                             "lifeboat umount >/dev/null")
            check("broken" in text and "mount=0" not in text, f"breaking it: {text}")
        ended, rc, text = boot_guest(out, disk, key, command=WRITES)
        check("root-writable" not in text, f"twin: the guest came up with a writable root: {ended} {rc} {text}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(f"{FIX[flavour]}; echo rc=$?; lifeboat mount --rw >/dev/null; echo mount=$?; "
                             "lifeboat umount >/dev/null", timeout=900)
            check("rc=0" in text and "mount=0" in text, f"the repair: {text[-2000:]}")
        ended, rc, text = boot_guest(out, disk, key, command=WRITES)
        check(rc == 0 and "root-writable" in text, f"after the repair: {ended} {rc} {text}")
