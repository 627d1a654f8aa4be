"""lifeboat diagnose on a real guest, the faults of the other scenarios put in
one after another in one rescue session (no guest boots): the healthy guest
first, which must give nothing above "info"; then two faults at once, which
must give both; then the rest, each found with its id; then a damaged root
filesystem. The twin of every finding is the run before its fault."""
import base64
import gzip
import importlib.util
import json
import os

from e2e import Rescue, check, scenario

here = os.path.dirname(os.path.abspath(__file__))


def scenario_module(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(here, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def findings(r):
    rc, text = r.ssh("lifeboat diagnose --json")
    check(rc == 0, f"diagnose: {rc} {text}")
    # stderr comes along: "waiting for" the diagnose PID 1 started at boot, say
    doc, end = json.JSONDecoder().raw_decode(text[text.index('{"findings"'):])
    return {f["id"]: f for f in doc["findings"]}


def tiny_initramfs():
    """A gzip'd newc archive with one file and no modules: an initramfs that lacks every driver."""
    def entry(name, data, mode):
        name = name.encode() + b"\0"
        hdr = b"070701" + b"".join(b"%08X" % v for v in (1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0))
        out = hdr + name
        out += b"\0" * (-len(out) % 4) + data
        return out + b"\0" * (-len(out) % 4)
    archive = entry("init", b"#!/bin/sh\n", 0o100755) + entry("TRAILER!!!", b"", 0)
    return base64.b64encode(gzip.compress(archive + b"\0" * (-len(archive) % 512))).decode()


def above_info(found):
    return {i: f["severity"] for i, f in found.items() if f["severity"] != "info"}


def run(out, flavour):
    fw = scenario_module("06_firewall")
    net = scenario_module("05_network")
    fsck = scenario_module("08_fsck")
    fstab_entry = scenario_module("07_fstab").ENTRY
    with scenario(out, flavour) as (g, key, tmp, disk):
        with Rescue(out, disk, tmp) as r:
            found = findings(r)
            check(not above_info(found), f"healthy: findings above info: {found}")
            # (it waited for the one PID 1 ran at boot) the summary is in what an SSH login shows
            rc, motd = r.ssh("cat /etc/motd")
            check("  diagnose  no problems found" in motd, f"the healthy guest's motd: {motd}")

            # two faults at once: both found
            path, text = fw.BREAK[flavour]
            rc, shown = r.ssh(f"lifeboat mount --rw >/dev/null && echo '{fstab_entry}' >> /mnt/guest/etc/fstab && "
                              f"printf '%s' '{text}' > /mnt/guest{path}; lifeboat umount >/dev/null")
            found = findings(r)
            check(found.get("fstab.missing-device", {}).get("fix") == "lifeboat fix fstab" and
                  found.get("firewall.blocks-ssh", {}).get("severity") == "error", f"two faults: {found}")
            rc, motd = r.ssh("cat /etc/motd")
            check("  diagnose  2 problems" in motd and "-> lifeboat fix fstab" in motd and
                  "-> lifeboat fix firewall" in motd, f"the motd after a new diagnose: {motd}")

            # sshd_config the guest's own sshd refuses (sshd -t in the guest), then put back
            rc, shown = r.ssh("lifeboat mount --rw >/dev/null && cp -a /mnt/guest/etc/ssh/sshd_config /tmp/ && "
                              "echo 'PermitRootLogin maybe' >> /mnt/guest/etc/ssh/sshd_config; lifeboat umount >/dev/null")
            found = findings(r)
            ev = found.get("ssh.config-error", {}).get("evidence", "")
            check("sshd -t in the guest" in ev and "PermitRootLogin" in ev, f"sshd -t: {found.get('ssh.config-error')}")
            rc, shown = r.ssh("lifeboat mount --rw >/dev/null && cp -a /tmp/sshd_config /mnt/guest/etc/ssh/; "
                              "lifeboat umount >/dev/null")
            found = findings(r)
            check("ssh.config-error" not in found, f"sshd_config put back: {found.get('ssh.config-error')}")

            # an initramfs without the drivers this machine's disk needs
            rc, shown = r.ssh("lifeboat mount --rw >/dev/null && for f in /mnt/guest/boot/initrd.img-* "
                              "/mnt/guest/boot/initramfs-*.img; do [ -f \"$f\" ] && "
                              f"echo {tiny_initramfs()} | base64 -d > \"$f\"; done; lifeboat umount >/dev/null")
            found = findings(r)
            check(found.get("boot.initramfs-drivers", {}).get("fix") == "lifeboat fix initramfs --force",
                  f"drivers: {sorted(found)} {found.get('boot.initramfs-drivers')}")

            # the other faults of the scenarios, each with its id
            rc, shown = r.ssh("lifeboat mount --rw >/dev/null && "
                              f"{net.BREAK[flavour]} && "
                              "rm -f /mnt/guest/boot/initrd.img-* /mnt/guest/boot/initramfs-*.img && "
                              "rm /mnt/guest/boot/grub/grub.cfg && "
                              ": > /mnt/guest/root/.ssh/authorized_keys; lifeboat umount >/dev/null; "
                              "blockdev --setrw /dev/vda && dd if=/dev/zero of=/dev/vda bs=440 count=1 2>/dev/null "
                              "&& sync && blockdev --setro /dev/vda")
            found = findings(r)
            want = {"network.unknown-interface", "boot.initramfs-missing", "boot.grub-config-missing",
                    "boot.no-boot-code", "access.no-keys", "fstab.missing-device", "firewall.blocks-ssh"}
            check(want <= set(found), f"missing: {want - set(found)}; found {sorted(found)}")
            check(found["network.unknown-interface"]["fix"] == "lifeboat fix network" and
                  found["boot.initramfs-missing"]["fix"] == "lifeboat fix initramfs" and
                  found["boot.no-boot-code"]["fix"] == "lifeboat fix bootloader", f"fixes: {found}")

            # full to the last block
            rc, shown = r.ssh(scenario_module("09_space").FILL, timeout=900)
            found = findings(r)
            check(found.get("fs.full", {}).get("fix") == "lifeboat fix space" and
                  found["fs.full"]["severity"] == "error", f"full: {found.get('fs.full')}")

            # a damaged root filesystem; PID 1 is made to look at the disks again
            rc, shown = r.ssh(f"lifeboat mount --rw >/dev/null && rm /mnt/guest/var/log/syslog.1; "
                              f"lifeboat umount >/dev/null; {fsck.BREAK[flavour]} && "
                              "echo change > /sys/class/block/vda2/uevent && sleep 3")
            found = findings(r)
            want = {"a": "fs.no-superblock", "b": "fs.xfs-ag-header"}[flavour]
            check(found.get(want, {}).get("fix") == "lifeboat fix fsck /dev/vda2" and
                  found[want]["severity"] == "error", f"damaged root: {sorted(found)} {found.get(want)}")
