"""A lost SSH key: root's authorized_keys emptied. Twin first: the guest boots
and refuses the customer's new key. Then the rescue, over SSH: the new public
key piped to `lifeboat fix ssh-key --yes`; the guest boots and lets it in."""
from e2e import Rescue, boot_guest, check, keypair, scenario


def run(out, flavour):
    with scenario(out, flavour) as (g, key, tmp, disk):
        new, pub = keypair(tmp, "newkey")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh("lifeboat mount --rw >/dev/null && : > /mnt/guest/root/.ssh/authorized_keys && "
                             "wc -c < /mnt/guest/root/.ssh/authorized_keys; lifeboat umount >/dev/null")
            check(text.strip() == "0", f"breaking it: {text}")
        ended, rc, text = boot_guest(out, disk, new)
        check("login" in ended and rc == 255, f"twin: the guest let the new key in before the repair: {rc} {text}")
        with Rescue(out, disk, tmp) as r:
            rc, text = r.ssh(f"echo '{pub}' | lifeboat fix ssh-key --yes; echo rc=$?")
            check("rc=0" in text and "key added to /root/.ssh/authorized_keys" in text, f"the repair: {text}")
        ended, rc, text = boot_guest(out, disk, new, command="id -u")
        check(rc == 0 and text.strip().endswith("0"), f"after the repair: {ended} {rc} {text}")
