"""lifeboat diagnose's checks, each on a fixture tree of its own: one boot with
a disk per tree, each mounted in turn (lifeboat mount DEV) and diagnosed. A
healthy tree that gives every check something to look at (a key for root, its
NIC's name in the network config, a firewall that lets SSH in, an initramfs
with the drivers this machine needs and ip= to bring up the network, a crash
record without a crash) gives no finding above info: the twin of each fault
below. Faults come several to a tree, and each is found with its id and fix.
The guest's own sshd -t runs boxed in: a probe in its place finds no
capability, no other process, no network link but lo and no disk device."""
import gzip
import os
import subprocess
import sys
import tempfile
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKUrq2QKh9oYHrM+1ftCeYXd2/kBEBbU5T0Wr0nXqgAf "
       "customer@laptop")
VER = "6.1.0-test"
DEP = (f"kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko\n"
       f"kernel/drivers/virtio/virtio_pci.ko:\n"
       f"kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko\n"
       f"kernel/drivers/net/net_failover.ko:\n")
HEADERS = ("fs.errors", "fs.not-clean", "fs.journal", "fs.xfs-ag-header", "fs.no-superblock")
UUIDS = {name: f"d1a90000-0000-4000-8000-00000000000{i}" for i, name in enumerate(
    ("healthy", "locked", "refused", "network", "boot", "state", "boxed"), 1)}
# the guest's sshd is the guest's to write: this one looks around the box diagnose runs it in
PROBE = """#!/bin/sh
b=/bin/busybox
echo "box: uid=$($b id -u) $($b grep CapEff /proc/self/status)"
echo "box: procs=$($b ls /proc | $b grep -c '^[0-9]')"
echo "box: links=$($b tail -n +3 /proc/net/dev | $b cut -d: -f1 | $b tr -d ' ' | $b tr '\\n' ,)"
echo "box: dev=$($b ls /dev | $b tr '\\n' ,)"
$b mount -o remount,rw / 2>/dev/null && echo "box: remounted"
exit 1
"""


def cpio(files):
    """A gzip'd newc archive of (name, bytes)."""
    out = b""
    for ino, (name, data) in enumerate(files + [("TRAILER!!!", b"")], 1):
        nm = name.encode() + b"\0"
        mode = 0o100644 if data or name != "TRAILER!!!" else 0
        out += b"070701" + b"".join(b"%08X" % v for v in (ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nm), 0))
        out += nm + b"\0" * (-(110 + len(nm)) % 4) + data + b"\0" * (-len(data) % 4)
    return gzip.compress(out + b"\0" * (-len(out) % 512))


def initrd(modules):
    return cpio([("init", b"#!/bin/sh\n")] + [(f"usr/lib/modules/{VER}/{m}", b"\x7fELF") for m in modules])


def write(tree, path, text, mode=0o644):
    full = os.path.join(tree, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb" if isinstance(text, bytes) else "w") as f:
        f.write(text)
    os.chmod(full, mode)


def enable(tree, unit):
    d = os.path.join(tree, "etc/systemd/system/multi-user.target.wants")
    os.makedirs(d, exist_ok=True)
    os.symlink(f"/lib/systemd/system/{unit}", os.path.join(d, unit))


def guest(tmp, name, cmdline="ro", root_password="!", keys=KEY, sshd_config=None, sudo=""):
    """A Debian-like tree with OpenSSH (sshd a stand-in that does not run: the parser judges)."""
    uuid = UUIDS[name]
    tree = fx.tree(os.path.join(tmp, name), "Debian GNU/Linux 12 (bookworm)", root_spec=f"UUID={uuid}")
    write(tree, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nsshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n"
          "alice:x:1000:1000:Alice:/home/alice:/bin/bash\n")
    write(tree, "/etc/shadow", f"root:{root_password}:19700:0:99999:7:::\nsshd:*:19700:0:99999:7:::\n"
          "alice:$y$j9T$abcdefgh$0123456789012345678901234567890123456789012:19700:0:99999:7:::\n", 0o640)
    write(tree, "/etc/group", f"root:x:0:\nsudo:x:27:{sudo}\nalice:x:1000:\n")
    write(tree, "/usr/sbin/sshd", "not a program\n")
    enable(tree, "ssh.service")
    if keys:
        write(tree, "/root/.ssh/authorized_keys", keys + "\n", 0o600)
    if sshd_config is not None:
        write(tree, "/etc/ssh/sshd_config", sshd_config)
    write(tree, "/etc/network/interfaces", "auto lo\niface lo inet loopback\nauto ens2\niface ens2 inet dhcp\n")
    write(tree, f"/lib/modules/{VER}/modules.dep", DEP)
    write(tree, f"/boot/initrd.img-{VER}", initrd(["kernel/drivers/block/virtio_blk.ko",
                                                   "kernel/drivers/virtio/virtio_pci.ko",
                                                   "kernel/drivers/net/virtio_net.ko"]))
    write(tree, "/boot/grub/grub.cfg", f"menuentry 'Debian GNU/Linux' {{\n  linux /boot/vmlinuz-{VER} "
          f"root=UUID={uuid} {cmdline}\n  initrd /boot/initrd.img-{VER}\n}}\n")
    return tree, uuid


def build(tmp):
    """The trees, and what each must give: ids found (with their fix), ids not found."""
    trees = []

    # healthy: a firewall that lets SSH in, ip= with the NIC driver in the initramfs, a crash record without a crash
    # (a locked root logs in by key only through PAM, as Debian's sshd_config has it)
    tree, uuid = guest(tmp, "healthy", cmdline="ro ip=dhcp",
                       sshd_config="PermitRootLogin prohibit-password\nUsePAM yes\n")
    write(tree, "/etc/iptables/rules.v4", "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n"
          "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n")
    enable(tree, "netfilter-persistent.service")
    write(tree, "/var/lib/systemd/pstore/1700000000/dmesg-efi-170000000001", "<6>[ 1.0] all well\n")
    write(tree, "/var/log/kern.log", "Dec  1 10:00:00 web1 kernel: [ 1.0] Linux version 6.1.0-test\n")
    trees.append(("healthy", tree, uuid, {}, None))

    # root locked without a key, no sudo user; a line sshd refuses
    tree, uuid = guest(tmp, "locked", keys=None, sshd_config="PermitRootLogin yes\nPasswordAuthentication\n")
    trees.append(("locked", tree, uuid, {"access.no-way-in": "lifeboat fix ssh-key (or lifeboat fix password)",
                                         "ssh.config-error": None}, ["access.no-keys"]))

    # root has a key, but sshd lets no root in; the sudo user has a password sshd does not take
    tree, uuid = guest(tmp, "refused", sshd_config="PermitRootLogin no\nPasswordAuthentication no\n", sudo="alice")
    trees.append(("refused", tree, uuid, {"access.no-way-in": "lifeboat fix ssh-key (or lifeboat fix password)"},
                  ["ssh.config-error"]))

    # network config for a NIC that is not here (a name, and a MAC with networkd on); SSH dropped at boot
    tree, uuid = guest(tmp, "network")
    write(tree, "/etc/network/interfaces", "auto eth7\niface eth7 inet dhcp\n")
    write(tree, "/etc/systemd/network/10-lan.network", "[Match]\nMACAddress=52:54:00:aa:bb:cc\n[Network]\nDHCP=yes\n")
    enable(tree, "systemd-networkd.service")
    write(tree, "/etc/iptables/rules.v4", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j DROP\nCOMMIT\n")
    enable(tree, "netfilter-persistent.service")
    trees.append(("network", tree, uuid, {"network.unknown-interface": "lifeboat fix network",
                                          "firewall.blocks-ssh": "lifeboat fix firewall"}, None))

    # the boot chain: a root= that is nowhere, ip= with no NIC driver in the initramfs, a kernel without one
    tree, uuid = guest(tmp, "boot", cmdline="ro ip=dhcp")
    write(tree, "/boot/grub/grub.cfg", f"menuentry 'Debian GNU/Linux' {{\n  linux /boot/vmlinuz-{VER} "
          f"root=UUID=0dead000-0000-4000-8000-00000000beef ro ip=dhcp\n  initrd /boot/initrd.img-{VER}\n}}\n")
    write(tree, f"/boot/initrd.img-{VER}", initrd(["kernel/drivers/block/virtio_blk.ko",
                                                   "kernel/drivers/virtio/virtio_pci.ko"]))
    write(tree, "/boot/vmlinuz-6.1.0-old", b"\0" * 4096)
    trees.append(("boot", tree, uuid, {"boot.root-missing": "lifeboat fix bootloader",
                                       "boot.initramfs-net-driver": "lifeboat fix initramfs --force",
                                       "boot.initramfs-missing": "lifeboat fix initramfs"},
                  ["boot.initramfs-drivers"]))

    # GRUB without its config, a crash kept by systemd-pstore, errors recorded, no inode left
    tree, uuid = guest(tmp, "state")
    os.unlink(os.path.join(tree, "boot/grub/grub.cfg"))
    write(tree, "/var/lib/systemd/pstore/1700000000/dmesg-efi-170000000001",
          "<0>[ 99.1] Kernel panic - not syncing: Fatal exception in interrupt\n")
    trees.append(("state", tree, uuid, {"boot.grub-config-missing": "lifeboat fix bootloader",
                                        "logs.pstore-crash": None, "fs.errors": None,
                                        "fs.inodes-full": "lifeboat fix space"}, None))

    # an sshd that is not sshd: it runs boxed in, with nothing to reach
    tree, uuid = guest(tmp, "boxed")
    write(tree, "/usr/sbin/sshd", PROBE, 0o755)
    trees.append(("boxed", tree, uuid, {"ssh.config-error": None}, None))
    return trees


def fill_inodes(img):
    """Every free inode taken (empty files in /fill), as debugfs counts them."""
    head = subprocess.run(["dumpe2fs", "-h", img], capture_output=True, text=True).stdout
    free = int(next(ln.split(":")[1] for ln in head.splitlines() if ln.startswith("Free inodes:")))
    cmds = ["mkdir /fill"] + [f"write /dev/null /fill/f{i}" for i in range(free - 1)]
    subprocess.run(["debugfs", "-w", "-f", "-", img], input="\n".join(cmds) + "\n", capture_output=True,
                   text=True, check=True)


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        trees = build(tmp)
        images = []
        for name, tree, uuid, _, _ in trees:
            img = os.path.join(tmp, name + ".img")
            if name == "state":
                with open(img, "wb") as f:
                    f.truncate(24 << 20)
                fx.run("mke2fs", "-q", "-F", "-t", "ext4", "-N", "256", "-U", uuid, "-E", "root_owner=0:0", "-d",
                       tree, img)
                fill_inodes(img)
                # the kernel met errors on it: the superblock's state and count say so
                fx.run("debugfs", "-w", "-R", "ssv state 3", img)
                fx.run("debugfs", "-w", "-R", "ssv error_count 2", img)
            else:
                fx.ext4(img, 24, tree, fs_uuid=uuid)
            images.append(img)
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, rw_disks=images, mem=384) as v:
            v.ready()
            for i, (name, tree, uuid, want, absent) in enumerate(trees):
                dev = f"/dev/vd{chr(ord('a') + i)}"
                rc, text = v.sh(f"lifeboat mount {dev} >/dev/null && lifeboat diagnose --json; lifeboat umount >/dev/null")
                found = {f["id"]: f for f in json_of(text)["findings"]}
                # a filesystem's own headers are read on every disk: only this tree's count
                mine = {i: f for i, f in found.items() if i not in HEADERS or dev in f["evidence"]}
                above = {i: f["severity"] for i, f in mine.items() if f["severity"] != "info"}
                if not want:
                    check(not above, f"{name}: findings above info: {above}\n{text}")
                    continue
                for fid, fix in want.items():
                    check(fid in mine, f"{name}: no {fid}; found {sorted(mine)}\n{text}")
                    check(fix is None or mine[fid]["fix"] == fix, f"{name}: {fid}: {mine[fid]}")
                for fid in absent or ():
                    check(fid not in mine, f"{name}: {fid} found: {mine.get(fid)}")
                if name == "boxed":
                    ev = mine.get("ssh.config-error", {}).get("evidence", "")
                    procs = [int(w.split("=")[1]) for w in ev.split() if w.startswith("procs=")]
                    check("box: uid=0 CapEff:\t0000000000000000" in ev, f"capabilities in the box: {ev}")
                    check(procs and procs[0] < 8, f"processes seen from the box: {ev}")
                    check("box: links=lo,\n" in ev, f"network links seen from the box: {ev}")
                    check("box: dev=null,random,urandom,zero,\n" in ev, f"devices seen from the box: {ev}")
                    check("remounted" not in ev, f"the box remounted the guest read-write: {ev}")
            rc, text = v.sh("lifeboat mount /dev/vde >/dev/null && lifeboat diagnose; lifeboat umount >/dev/null")
            check("virtio_net" in text and "the default entry's ip=dhcp" in text, f"the net driver's evidence: {text}")
        check({p: fx.sha256(p) for p in images} == before, "diagnose changed a disk")
