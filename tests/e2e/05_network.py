"""The network config names an interface the guest does not have (eth7).
Twin first: the guest boots, but nothing answers on its SSH port. Then the
rescue, over SSH: `lifeboat fix network --yes`; the guest boots and lets the
test's key in over the network."""
from e2e import Rescue, boot_guest, check, scenario

BREAK = {
    "a": "sed -i 's/ens2/eth7/g' /mnt/guest/etc/network/interfaces",
    "b": "sed -i 's/^Name=.*/Name=eth7/' /mnt/guest/etc/systemd/network/50-dhcp.network",
}


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(f"lifeboat mount --rw >/dev/null && {BREAK[flavour]} && grep -rl eth7 /mnt/guest/etc; "
                             "lifeboat umount >/dev/null")
            check("/mnt/guest/etc/" in text, f"breaking it: {text}")
        ended, rc, text = boot_guest(out, disk, key)
        check("login" in ended and rc == 255, f"twin: the guest answered over SSH before the repair: {rc} {text}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat fix network --yes; echo rc=$?")
            check("rc=0" in text and "the guest brings up ens2" in text, f"the repair: {text}")
        ended, rc, text = boot_guest(out, disk, key, command="ip -br addr")
        check(rc == 0 and "ens2" in text, f"after the repair: {ended} {rc} {text}")
