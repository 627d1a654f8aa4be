"""lifeboat fix network: a guest configured for a NIC it does not have (eth9,
static) in ifupdown, interfaces.d, systemd-networkd, NetworkManager and
netplan. The repair brings up this machine's NIC under the name the guest's
udev gives it (ens<slot> on QEMU's i440fx with ACPI hot-plug slots): ifupdown's
old stanzas commented out and a DHCP stanza added, the other stacks' files for
ethernet set aside into /etc/lifeboat/backups and one file each written that
matches the NIC by MAC (NetworkManager's 0600); a bridge's .network stays.
The second run has nothing to do and changes no byte. Twins: without --yes
nothing changes (4), and --static plans this machine's own address; a guest
with no network stack at all fails (1) without writing."""
import json
import os
import re
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "a6a60000-0000-4000-8000-000000000001"
IFACES = ("# The loopback network interface\nauto lo\niface lo inet loopback\n\n"
          "auto eth9\niface eth9 inet static\n\taddress 10.9.9.9/24\n\tgateway 10.9.9.1\n\n"
          "source /etc/network/interfaces.d/*\n")
FILES = {
    "/etc/network/interfaces": IFACES,
    "/etc/network/interfaces.d/old": "allow-hotplug eth8\niface eth8 inet dhcp\n",
    "/sbin/ifup": "#!/bin/sh\n",
    "/etc/systemd/network/50-wired.network": "[Match]\nName=eth9\n\n[Network]\nAddress=10.9.9.9/24\n",
    "/etc/systemd/network/99-bridge.network": "[Match]\nName=br0\n\n[Network]\nDHCP=yes\n",
    "/etc/NetworkManager/system-connections/Wired.nmconnection":
        "[connection]\nid=Wired\ntype=ethernet\ninterface-name=eth9\n\n[ipv4]\nmethod=manual\naddress1=10.9.9.9/24\n",
    "/etc/netplan/01-netcfg.yaml": "network:\n  version: 2\n  ethernets:\n    eth9:\n      dhcp4: false\n",
    "/usr/sbin/netplan": "#!/bin/sh\n",
}
UNITS = ["systemd-networkd.service", "NetworkManager.service"]


def debugfs(img, cmd):
    return subprocess.run(["debugfs", "-R", cmd, img], capture_output=True, text=True).stdout


def guest(tmp, name, files):
    tree = fx.tree(os.path.join(tmp, name), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}")
    for path, text in files.items():
        full = os.path.join(tree, path.lstrip("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    if files:
        wants = os.path.join(tree, "etc/systemd/system/multi-user.target.wants")
        os.makedirs(wants)
        for unit in UNITS:
            os.symlink(f"/lib/systemd/system/{unit}", os.path.join(wants, unit))
    os.makedirs(os.path.join(tree, "var", "log"), exist_ok=True)
    img = os.path.join(tmp, name + ".img")
    fx.ext4(img, 24, tree, fs_uuid=ROOT)
    return img


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        img = guest(tmp, "broken", FILES)
        before = fx.sha256(img)
        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("cat /sys/class/net/eth0/address; basename $(readlink -f /sys/class/net/eth0/device/..)")
            mac, pci = text.split()[:2]
            want = f"ens{int(pci.split(':')[2].split('.')[0], 16)}"
            rc, text = v.sh("lifeboat fix network </dev/null; echo rc=$?")
            check("rc=4" in text and f"note {want}: MAC {mac}, DHCP" in text
                  and "set-aside /etc/systemd/network/50-wired.network" in text
                  and "99-bridge" not in text and "create /etc/netplan/90-lifeboat.yaml" in text, f"plan: {text}")
            rc, text = v.sh("lifeboat fix network --static </dev/null; echo rc=$?")
            check("rc=4" in text and "static 10.0.2.15/24 via 10.0.2.2" in text, f"--static plan: {text}")
        check(fx.sha256(img) == before, "a plan changed the disk")

        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix network --yes --json; echo rc=$?")
            doc = json.loads(text[text.index("{"):text.rindex("}") + 1])
            check("rc=0" in text and doc["result"] == "done" and len(doc["files"]) >= 8, f"--yes: {text}")
            rc, text = v.sh("lifeboat fix network --yes; echo rc=$?")
            check("rc=0" in text and "nothing to do" in text, f"second run: {text}")
            v.sh("sync")
            once = fx.sha256(img)
        check(fx.sha256(img) == once, "the second run changed the disk")

        ifaces = debugfs(img, "cat /etc/network/interfaces")
        check("# lifeboat: iface eth9 inet static" in ifaces and f"iface {want} inet dhcp" in ifaces
              and "iface lo inet loopback\n" in ifaces and "source /etc/network/interfaces.d/*" in ifaces,
              f"interfaces: {ifaces}")
        check("# lifeboat: iface eth8 inet dhcp" in debugfs(img, "cat /etc/network/interfaces.d/old"), "interfaces.d")
        nd = debugfs(img, "cat /etc/systemd/network/10-lifeboat.network")
        check(f"MACAddress={mac}" in nd and "DHCP=" in nd, f"networkd: {nd}")
        check("Name=br0" in debugfs(img, "cat /etc/systemd/network/99-bridge.network"), "the bridge stays")
        check("not found" in debugfs(img, "stat /etc/systemd/network/50-wired.network") or
              not debugfs(img, "stat /etc/systemd/network/50-wired.network").strip(), "50-wired still there")
        nm = "/etc/NetworkManager/system-connections/lifeboat.nmconnection"
        check(f"mac-address={mac}".lower() in debugfs(img, f"cat {nm}").lower()
              and "Mode:  0600" in debugfs(img, f"stat {nm}"), "the NM keyfile")
        np = debugfs(img, "cat /etc/netplan/90-lifeboat.yaml")
        check(mac in np and want in np, f"netplan: {np}")
        found = subprocess.run(["debugfs", "-R", "rdump /etc/lifeboat/backups " + tmp, img], capture_output=True)
        kept = []
        for d, _, files in os.walk(os.path.join(tmp, "backups")):
            kept += [os.path.join(d, f) for f in files]
        check(found.returncode == 0 and any(k.endswith("etc/systemd/network/50-wired.network") for k in kept)
              and any(k.endswith("etc/netplan/01-netcfg.yaml") for k in kept)
              and any(re.search(r"etc/network/interfaces$", k) for k in kept), f"backups: {kept}")

        bare = guest(tmp, "bare", {})
        bsum = fx.sha256(bare)
        with Vm(out, rw_disks=[bare]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix network --yes; echo rc=$?")
            check("rc=1" in text and "no network configuration" in text, f"no stack: {text}")
        check(fx.sha256(bare) == bsum, "a guest without a network stack changed")
