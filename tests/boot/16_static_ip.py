"""Static ip= in the kernel's form configures eth0 without DHCP, and SSH reaches it
through QEMU's user network. An ip= naming an absent interface is reported with
the real links, and DHCP still brings eth0 up."""
import tempfile
from vm import Vm, check, keypair

STATIC = "10.0.2.15::10.0.2.2:255.255.255.0::{}:none"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "operator")
        creds = f'lifeboat.ssh_key="{pub}"'
        with Vm(out, append=f"console=ttyS0 ip={STATIC.format('eth0')} nameserver=10.0.2.3 {creds}", ssh=True) as v:
            v.ready()
            rc, text = v.ssh(key, "cat /run/lifeboat/net/eth0.lease /etc/resolv.conf; pidof udhcpc || echo no-dhcp")
            check(rc == 0, f"ssh to the static address: {rc} {text}")
            check("ip=10.0.2.15/24" in text and "gateway=10.0.2.2" in text and "source=ip=" in text,
                  f"lease record: {text}")
            check("nameserver 10.0.2.3" in text, f"resolv.conf: {text}")
            check("no-dhcp" in text, f"udhcpc runs on a static link: {text}")
        with Vm(out, append=f"console=ttyS0 ip={STATIC.format('eth9')} {creds}", ssh=True) as v:
            v.ready()
            check("ip= names eth9, which is not here (links: eth0 (52:54:00:12:34:56)); the others get DHCP" in v.text(),
                  "absent interface not reported on the console")
            rc, text = v.ssh(key, "pidof udhcpc >/dev/null && grep ^ip= /run/lifeboat/net/eth0.lease")
            check(rc == 0 and "ip=10.0.2.15/24" in text, f"DHCP on eth0 after a wrong ip=: {rc} {text}")
