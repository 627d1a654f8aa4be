"""The root filesystem full to the last block, the way a runaway log fills it:
rotated logs that nobody deleted. Twin first: the guest boots, but an SSH
session can do nothing that writes (Debian 12's sshd itself still starts a
session on a full root: it needs to write nothing; the customer's session
needs to). Then the rescue, over SSH: `lifeboat fix space --yes` deletes
exactly the rotated logs it listed; the guest boots and the session works."""
from e2e import Rescue, boot_guest, check, scenario

# as root, dd writes into the blocks ext4 keeps for root too, until the last one
FILL = ("lifeboat mount --rw >/dev/null && dd if=/dev/zero of=/mnt/guest/var/log/syslog.1 bs=1M 2>/dev/null; "
        "sync; df -k /mnt/guest | tail -n1; lifeboat umount >/dev/null")
SESSION = "echo saved > /root/lifeboat-e2e && cat /root/lifeboat-e2e"


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(FILL, timeout=900)
            check(" 100% " in text, f"filling it: {text}")
        ended, rc, text = boot_guest(out, disk, key, command=SESSION)
        check("login" in ended and "saved" not in text, f"twin: a session wrote on a full root: {ended} {rc} {text}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat fix space --yes; echo rc=$?; lifeboat mount >/dev/null; "
                             "echo after:; df -k /mnt/guest | tail -n1; ls /mnt/guest/var/log; lifeboat umount >/dev/null")
            fixed, _, after = text.partition("after:")
            check("rc=0" in fixed and "/var/log/syslog.1" in fixed and "syslog.1" not in after and " 100% " not in after,
                  f"the repair: {text}")
        ended, rc, text = boot_guest(out, disk, key, command=SESSION)
        check(rc == 0 and "saved" in text, f"after the repair: {ended} {rc} {text}")
