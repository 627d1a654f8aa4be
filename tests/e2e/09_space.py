"""The root filesystem full to the last block, the way a runaway log fills it:
rotated logs that nobody deleted. Twin first: the guest boots, but an SSH
session cannot save 100 MiB (Debian 12's sshd itself still starts a session
on a full root: it needs to write nothing; the customer's session needs to).
Then the rescue, over SSH: `lifeboat fix space --yes` deletes exactly the
rotated logs it listed; the guest boots and the session works."""
import re

from e2e import Rescue, boot_guest, check, scenario

# as root, dd writes into the blocks ext4 keeps for root too, until the last one
# (XFS keeps a reserve of its own that df counts as free: full is where writes fail)
FILL = ("lifeboat mount --rw >/dev/null && dd if=/dev/zero of=/mnt/guest/var/log/syslog.1 bs=1M 2>&1 | grep -i 'no space'; "
        "sync; df -k /mnt/guest | tail -n1; lifeboat umount >/dev/null")
# what the customer's session must manage: save 100 MiB (the guest itself may free a little
# at boot: journald vacuums its archived files when space is short)
SESSION = "dd if=/dev/zero of=/root/lifeboat-e2e bs=1M count=100 conv=fsync 2>&1 | tail -n1 && " \
          "[ $(stat -c %s /root/lifeboat-e2e) = 104857600 ] && echo saved"


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(FILL, timeout=900)
            check("No space left on device" in text, f"filling it: {text}")
        ended, rc, text = boot_guest(out, disk, key, command=SESSION)
        check("login" in ended and "saved" not in text, f"twin: a session wrote on a full root: {ended} {rc} {text}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat fix space --yes; echo rc=$?; lifeboat mount >/dev/null; "
                             "echo after:; df -k /mnt/guest | tail -n1; ls /mnt/guest/var/log; lifeboat umount >/dev/null")
            fixed, _, after = text.partition("after:")
            check("rc=0" in fixed and "/var/log/syslog.1" in fixed and "syslog.1" not in after and
                  not re.search(r" (98|99|100)% ", after),
                  f"the repair: {text}")
        ended, rc, text = boot_guest(out, disk, key, command=SESSION)
        check(rc == 0 and "saved" in text, f"after the repair: {ended} {rc} {text}")
