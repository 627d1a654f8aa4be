"""Nothing but a repair writes to a real guest's disk, even one that lost its
power: the guest boots from its disk to its login prompt and QEMU is killed
(its root's ext4 journal or XFS log then holds what it wrote), and the disk's
sha256 is taken. Then a whole rescue session over SSH — the boot with diagnose
at boot, lifeboat disks, diagnose, the root and its fstab mounted read-only,
files read, unmounted, the guest's boot entries listed, a repair made inside a
snapshot and rolled back, poweroff through PID 1 — and the sha256 is the same.
The twin: diagnose finds the root's log waiting to be replayed, so a mount
that replayed it would have written."""
import hashlib
import time

from e2e import BOOTED, GUEST_BOOT_TIMEOUT, Rescue, Vm, check, phase, scenario


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        t0 = time.monotonic()
        with Vm(out, kernel="disk", mem=1024, rw_disks=[disk]) as guest:
            ended = guest.wait_for(BOOTED, timeout=GUEST_BOOT_TIMEOUT, what="the guest's boot").group(0).decode()
            check("login" in ended, f"the guest did not boot: {ended}")
        # leaving the block killed QEMU: the power cut
        phase("guest boot, power cut", t0)
        before = sha256(disk)
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat diagnose --json")
            check(rc == 0 and '"id":"fs.journal"' in text, f"the power cut left no log to replay: {text}")
            rc, text = r.ssh("lifeboat disks --json")
            check(rc == 0 and '"root":{"device":"/dev/vda' in text, f"the root: {text}")
            rc, text = r.ssh("lifeboat mount && cat /mnt/guest/etc/hostname /mnt/guest/etc/fstab >/dev/null "
                             "&& ls -R /mnt/guest/etc /mnt/guest/boot >/dev/null && lifeboat umount; echo rc=$?")
            check("rc=0" in text, f"mount, read, umount: {text}")
            rc, text = r.ssh("lifeboat boot --list; echo rc=$?")
            check("rc=0" in text and "vmlinuz" in text, f"the guest's boot entries: {text}")
            rc, text = r.ssh("lifeboat snapshot begin --size 64 && lifeboat fix password --random --yes </dev/null "
                             "&& lifeboat snapshot rollback --yes; echo rc=$?; lifeboat snapshot status")
            check("rc=0" in text and "password of root set" in text and "no snapshot" in text,
                  f"a repair in a snapshot, rolled back: {text}")
            r.vm.send("poweroff\n")
            r.vm.wait_exit(90)
        after = sha256(disk)
        check(before == after, "the guest's disk changed in a session without a repair")
