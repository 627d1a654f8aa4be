"""A persistent firewall that drops SSH (flavour A: iptables-persistent's
rules.v4; B: firewalld's default zone without its ssh service). Twin first: the
guest boots to its login prompt but SSH gets no answer. Then the rescue, over
SSH, each of the repair's two ways: on A, `lifeboat fix firewall --yes` stops
the firewall from starting at boot; on B, `--allow-ssh` keeps it and lets port
22 in through its own configuration. The guest boots and lets the test's key
in, its firewall off (A) or on with the port open (B)."""
import re

from e2e import Rescue, boot_guest, check, scenario

RULES_V4 = ("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            "-A INPUT -p tcp -m tcp --dport 22 -j DROP\nCOMMIT\n")
PUBLIC_XML = ('<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <short>Public</short>\n'
              '  <service name="dhcpv6-client"/>\n  <forward/>\n</zone>\n')
BREAK = {
    "a": ("/etc/iptables/rules.v4", RULES_V4),
    "b": ("/etc/firewalld/zones/public.xml", PUBLIC_XML),
}
# firewalld takes its time under TCG (43 s seen): SSH may answer before it closes the door
FIREWALL_UP = 120
FIX = {"a": "lifeboat fix firewall --yes", "b": "lifeboat fix firewall --allow-ssh --yes"}
# what the guest says about its firewall once it is up again
SHOW = {
    "a": "systemctl is-enabled netfilter-persistent; iptables -S INPUT",
    "b": "firewall-cmd --state; firewall-cmd --list-services",
}
AFTER = {"a": r"disabled\n-P INPUT ACCEPT\n$", "b": r"running\n.*\bssh\b"}


def run(out, flavour):
    path, text = BREAK[flavour]
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            rc, shown = r.ssh(f"lifeboat mount --rw >/dev/null && mkdir -p /mnt/guest{path.rsplit('/', 1)[0]} && "
                              f"printf '%s' '{text}' > /mnt/guest{path} && cat /mnt/guest{path}; "
                              "lifeboat umount >/dev/null")
            check(text.strip() in shown, f"breaking it: {shown}")
        ended, rc, shown = boot_guest(out, disk, key, blocked_within=FIREWALL_UP)
        check("login" in ended and rc == 255, f"twin: the guest let SSH through its firewall: {ended} {rc} {shown}")
        with Rescue(out, disk, tmp) as r:
            rc, shown = r.ssh(f"{FIX[flavour]}; echo rc=$?")
            check("rc=0" in shown, f"the repair: {shown}")
        ended, rc, shown = boot_guest(out, disk, key, command=SHOW[flavour])
        check(rc == 0 and re.search(AFTER[flavour], shown), f"after the repair: {ended} {rc} {shown}")
