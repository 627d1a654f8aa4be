"""Two NICs, one with DHCP (QEMU's user network, its cable pulled at boot) and
one on an empty hub (carrier, no DHCP server), renamed by ifname=. The boot
does not wait past lifeboat.carrier_wait=; once the cable is in, the late link
is configured and the consoles are told; SSH then answers on
lifeboat.ssh_port=. Twins: before the cable is in, the link has no address;
the NIC on the hub never gets one; port 22 has no SSH server."""
import json
import socket
import tempfile
import time
from vm import Vm, check, free_port, keypair

HUB_MAC = "52:54:00:00:00:02"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "operator")
        port22 = free_port()
        append = (f'console=ttyS0 loglevel=4 lifeboat.ssh_key="{pub}" lifeboat.carrier_wait=1 '
                  f'lifeboat.ssh_port=2200 ifname=lan1:{HUB_MAC}')
        extra = ["-S", "-netdev", "hubport,id=n1,hubid=7", "-device", f"virtio-net-pci,netdev=n1,mac={HUB_MAC}"]
        with Vm(out, append=append, ssh=True, guest_port=2200, monitor=True, extra=extra,
                netopts=f",hostfwd=tcp:127.0.0.1:{port22}-:22") as v:
            for _ in range(50):
                try:
                    v.hmp("set_link nic0 off")
                    break
                except OSError:
                    time.sleep(0.1)
            v.hmp("cont")
            banner = v.ready()
            check("eth0 52:54:00:12:34:56 no carrier, waiting for carrier" in banner, f"eth0's state:\n{banner}")
            check(f"lan1 {HUB_MAC} carrier up, dhcp" in banner, f"lan1 renamed and given DHCP:\n{banner}")
            check("connect" not in banner, f"a way to connect without an address:\n{banner}")
            rc, text = v.sh("lifeboat status --json")
            st = json.loads(text[text.index("{"):])
            links = {l["name"]: l for l in st["links"]}
            check(links["eth0"]["addresses"] == [] and links["eth0"]["carrier"] is False, f"eth0 early: {links}")

            v.hmp("set_link nic0 on")
            v.wait_for("connect   ssh -p 2200 root@10.0.2.15", what="the network update on the console")
            rc, text = v.ssh(key, "lifeboat status --json; dmesg | grep 'carrier up'")
            check(rc == 0, f"ssh on port 2200 after the late carrier: {rc} {text}")
            st = json.loads(text[text.index("{"):text.rindex("}") + 1])
            links = {l["name"]: l for l in st["links"]}
            check("10.0.2.15/24" in links["eth0"]["addresses"] and links["eth0"]["gateway"] == "10.0.2.2",
                  f"eth0 after the cable: {links['eth0']}")
            check("eth0: carrier up" in text, f"the late carrier is not in the log: {text}")
            check(not [a for a in links["lan1"]["addresses"] if "." in a] and links["lan1"]["config"] == "dhcp",
                  f"lan1 got an IPv4 address with no DHCP server: {links['lan1']}")
            check(st["ssh"]["port"] == 2200, f"ssh port: {st['ssh']}")
            # nothing speaks SSH on 22
            got = b""
            try:
                with socket.create_connection(("127.0.0.1", port22), timeout=5) as c:
                    c.settimeout(5)
                    got = c.recv(64)
            except OSError:
                pass
            check(not got.startswith(b"SSH-"), f"an SSH server on port 22 too: {got!r}")
