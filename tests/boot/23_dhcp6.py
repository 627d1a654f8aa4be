"""IPv6 beside DHCPv4: on a link whose router advertises a prefix with the M
and O flags, the kernel's SLAAC address comes, lifeboat starts a DHCPv6 client,
and its address and DNS server are applied and shown. Twin: a link whose
router sets neither flag gets the SLAAC address and no DHCPv6 client."""
import json
import os
import sys
import tempfile
from vm import Vm, check, keypair

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
from router6 import Router6  # noqa: E402

MANAGED_MAC, PLAIN_MAC = "52:54:00:00:01:01", "52:54:00:00:01:02"


def run(out):
    managed, plain = Router6(managed=True, other=True), Router6(managed=False, other=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            key, pub = keypair(tmp, "operator")
            append = (f'console=ttyS0 loglevel=4 lifeboat.ssh_key="{pub}" '
                      f"ifname=v6m:{MANAGED_MAC} ifname=v6p:{PLAIN_MAC}")
            extra = ["-netdev", managed.netdev("n1"), "-device", f"virtio-net-pci,netdev=n1,mac={MANAGED_MAC}",
                     "-netdev", plain.netdev("n2"), "-device", f"virtio-net-pci,netdev=n2,mac={PLAIN_MAC}"]
            with Vm(out, append=append, ssh=True, extra=extra) as v:
                v.ready()
                # DHCPv6 follows the router's advertisement: wait until its address is there
                rc, text = v.ssh(key, "for i in $(seq 60); do ip -6 addr show dev v6m | grep -q 2001:db8:1::1234 "
                                      "&& ip -6 addr show dev v6p | grep -q 'inet6 2001:db8:1:' && break; "
                                      "sleep 0.5; done; sleep 0.5; "
                                      "lifeboat status --json; cat /etc/resolv.conf; dmesg | grep DHCPv6")
                check(rc == 0, f"ssh: {rc} {text}")
                st = json.loads(text[text.index("{"):text.rindex("}") + 1])
                links = {l["name"]: l for l in st["links"]}
                m, p = links["v6m"]["addresses"], links["v6p"]["addresses"]
                check("2001:db8:1::1234/128" in m and "2001:db8:1:0:5054:ff:fe00:101/64" in m,
                      f"DHCPv6 and SLAAC addresses on v6m: {m}")
                check("2001:db8:1:0:5054:ff:fe00:102/64" in p and not [a for a in p if a.endswith("/128")],
                      f"v6p: SLAAC only: {p}")
                check("nameserver 2001:db8::53" in text and "nameserver 10.0.2.3" in text, f"resolv.conf: {text}")
                check("v6m: the router offers DHCPv6 addresses" in text and "v6p: the router offers" not in text,
                      f"DHCPv6 clients: {text}")
                check(1 in managed.seen and 3 in managed.seen, f"no solicit/request seen: {managed.seen}")
                check(plain.seen == [], f"DHCPv6 on a link whose router did not offer it: {plain.seen}")
    finally:
        managed.close()
        plain.close()
