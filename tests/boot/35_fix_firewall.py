"""lifeboat fix firewall: a guest whose firewalls lock SSH out (firewalld
with an alias, nftables wanted by sysinit, netfilter-persistent, ufw). With
--allow-ssh, the port from the guest's sshd_config is accepted first in
rules.v4, nftables.conf, ufw's user.rules and firewalld's default zone (copied
from /usr into /etc), each old file backed up; without it, the unit links
`systemctl disable` would remove are removed (sshd's stays) and ufw.conf says
ENABLED=no. Each second run has nothing to do and changes no byte. Twins:
without --yes nothing changes (4); a guest without a firewall has nothing to do."""
import os
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "f5f50000-0000-4000-8000-000000000001"
RULES_V4 = ("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            "-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp --dport 2222 -j DROP\nCOMMIT\n")
NFT = ("#!/usr/sbin/nft -f\nflush ruleset\ntable inet filter {\n\tchain input {\n"
       "\t\ttype filter hook input priority filter; policy drop;\n\t\tiif lo accept\n\t}\n}\n")
ZONE = ('<?xml version="1.0" encoding="utf-8"?>\n<zone>\n  <short>Public</short>\n'
        '  <service name="dhcpv6-client"/>\n</zone>\n')
UFW_RULES = "*filter\n:ufw-user-input - [0:0]\n### RULES ###\n\n### END RULES ###\nCOMMIT\n"
LINKS = {
    "multi-user.target.wants/firewalld.service": "/usr/lib/systemd/system/firewalld.service",
    "dbus-org.fedoraproject.FirewallD1.service": "/usr/lib/systemd/system/firewalld.service",
    "sysinit.target.wants/nftables.service": "/lib/systemd/system/nftables.service",
    "multi-user.target.wants/netfilter-persistent.service": "/lib/systemd/system/netfilter-persistent.service",
    "multi-user.target.wants/ssh.service": "/lib/systemd/system/ssh.service",
}


def write(tree, path, text, mode=0o644):
    full = os.path.join(tree, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    os.chmod(full, mode)


def debugfs(img, cmd):
    return subprocess.run(["debugfs", "-R", cmd, img], capture_output=True, text=True).stdout


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}")
        write(tree, "/etc/iptables/rules.v4", RULES_V4)
        write(tree, "/etc/nftables.conf", NFT, 0o755)
        write(tree, "/usr/lib/firewalld/zones/public.xml", ZONE)
        write(tree, "/etc/firewalld/firewalld.conf", "DefaultZone=public\n")
        write(tree, "/etc/ufw/ufw.conf", "# ufw\nENABLED=yes\nLOGLEVEL=low\n")
        write(tree, "/etc/ufw/user.rules", UFW_RULES, 0o640)
        write(tree, "/etc/ssh/sshd_config", "# custom port\nPort 2222\n")
        for link, target in LINKS.items():
            full = os.path.join(tree, "etc/systemd/system", link)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            os.symlink(target, full)
        os.makedirs(os.path.join(tree, "var", "log"))
        img = t("root.img")
        fx.ext4(img, 24, tree, fs_uuid=ROOT)
        bare = t("bare.img")
        fx.ext4(bare, 24, fx.tree(t("bare"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}"), fs_uuid=ROOT)
        before = fx.sha256(img)

        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix firewall --allow-ssh </dev/null; echo rc=$?")
            check("rc=4" in text and "edit /etc/iptables/rules.v4: accept TCP port 2222 first" in text
                  and "create /etc/firewalld/zones/public.xml" in text, f"--allow-ssh plan: {text}")
            rc, text = v.sh("lifeboat fix firewall </dev/null; echo rc=$?")
            check("rc=4" in text and "remove /etc/systemd/system/sysinit.target.wants/nftables.service" in text
                  and "ssh.service" not in text, f"disable plan: {text}")
        check(fx.sha256(img) == before, "a plan changed the disk")

        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix firewall --allow-ssh --yes; echo rc=$?")
            check("rc=0" in text and "TCP port 2222 is let in" in text, f"--allow-ssh: {text}")
            rc, text = v.sh("lifeboat fix firewall --allow-ssh --yes; echo rc=$?")
            check("rc=0" in text and "nothing to do" in text, f"--allow-ssh again: {text}")
            v.sh("sync")
        v4 = debugfs(img, "cat /etc/iptables/rules.v4")
        check(v4 == RULES_V4.replace(":OUTPUT ACCEPT [0:0]\n", ":OUTPUT ACCEPT [0:0]\n"
                                     "-A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT\n"), f"rules.v4: {v4!r}")
        nft = debugfs(img, "cat /etc/nftables.conf")
        check('tcp dport 2222 accept comment "lifeboat"' in nft and nft.count("\n") == NFT.count("\n") + 1,
              f"nftables.conf: {nft!r}")
        zone = debugfs(img, "cat /etc/firewalld/zones/public.xml")
        check('<port protocol="tcp" port="2222"/>' in zone, f"zone: {zone!r}")
        ufw = debugfs(img, "cat /etc/ufw/user.rules")
        check("-A ufw-user-input -p tcp --dport 2222 -j ACCEPT" in ufw, f"user.rules: {ufw!r}")
        check("Mode:  0640" in debugfs(img, "stat /etc/ufw/user.rules"), "user.rules' mode")
        backups = debugfs(img, "ls -p /etc/lifeboat/backups")
        stamp = next(w.split("/")[5] for w in backups.splitlines() if w.count("/") > 5 and "." not in
                     w.split("/")[5])
        check(debugfs(img, f"cat /etc/lifeboat/backups/{stamp}/etc/iptables/rules.v4") == RULES_V4,
              f"backup of rules.v4: {backups}")

        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix firewall --yes --json; echo rc=$?")
            check("rc=0" in text and '"result":"done"' in text, f"disable: {text}")
            rc, text = v.sh("lifeboat fix firewall --yes; echo rc=$?")
            check("rc=0" in text and "nothing to do" in text, f"disable again: {text}")
            v.sh("sync")
        for link in LINKS:
            ls = debugfs(img, f"stat /etc/systemd/system/{link}")
            gone = "not found" in ls or not ls.strip()
            check(gone == (link != "multi-user.target.wants/ssh.service"), f"{link}: {ls[:120]}")
        check("ENABLED=no" in debugfs(img, "cat /etc/ufw/ufw.conf"), "ufw.conf")
        check(debugfs(img, "cat /var/log/lifeboat.log").count('"command":"fix firewall') == 2, "guest log")

        bsum = fx.sha256(bare)
        with Vm(out, rw_disks=[bare]) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix firewall --yes; lifeboat fix firewall --allow-ssh --yes; echo rc=$?")
            check(text.count("fix firewall: nothing to do") + text.count("fix firewall --allow-ssh: nothing to do") == 2 and "rc=0" in text, f"no firewall: {text}")
        check(fx.sha256(bare) == bsum, "a guest without a firewall changed")
