"""LUKS: a LUKS2 volume holding the root is reported as locked and no root is
chosen; `lifeboat unlock` with the right passphrase (read from stdin, never
from the command line) opens it read-only, and the root inside is found and
mounted. Twin: a wrong passphrase is refused and nothing is opened. The image
is unchanged. On both kernels: Debian's has AF_ALG and the ciphers as modules,
and without them in the image unlock failed ("Cannot initialize crypto
backend")."""
import os
import sys
import tempfile
import time
from vm import Vm, check, json_of

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

MODES = ("lifeboat", "debian")
ROOT_UUID = "8d8d0000-0000-4000-8000-000000000001"
PASSPHRASE = "correct horse battery staple"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        fx.ext4(t("root.fs"), 24, fx.tree(t("root"), "Debian encrypted", f"UUID={ROOT_UUID}"), fs_uuid=ROOT_UUID)
        fx.luks(t("luks.img"), 48, t("root.fs"), PASSPHRASE)
        before = fx.sha256(t("luks.img"))
        with Vm(out, rw_disks=[t("luks.img")]) as v:
            banner = v.ready()
            rc, text = v.sh("lifeboat disks --json")
            d = json_of(text)
            check(d["root"] is None and d["devices"][0]["role"].startswith("LUKS (locked"),
                  f"locked LUKS: {d['devices'][0]} {d['root']}")
            rc, text = v.sh("echo 'not the passphrase' | lifeboat unlock /dev/vda; echo rc=$?; ls /dev/mapper")
            check("rc=1" in text and "wrong passphrase" in text and "luks-" not in text.split("rc=1")[1],
                  f"a wrong passphrase: {text}")
            rc, text = v.sh(f"echo '{PASSPHRASE}' | lifeboat unlock /dev/vda; echo rc=$?")
            check("rc=0" in text and "unlocked as /dev/mapper/luks-" in text and "read-only" in text,
                  f"unlock: {text}")
            for _ in range(40):
                rc, text = v.sh("lifeboat disks --json")
                d = json_of(text)
                if d["root"]:
                    break
                time.sleep(0.25)
            check(d["root"] and d["root"]["uuid"] == ROOT_UUID and d["root"]["device"].startswith("/dev/mapper/luks-"),
                  f"the root inside LUKS: {d['root']} {d['why']}")
            rc, text = v.sh("cat /sys/class/block/dm-0/ro; lifeboat mount && cat /mnt/guest/etc/os-release && "
                            "lifeboat umount; ps w | grep -c 'correct horse'")
            check(rc == 0 and text.split()[0] == "1" and "Debian encrypted" in text, f"mount: {text}")
            check(text.strip().endswith("1"), f"the passphrase is in a process's command line: {text}")
            # its table carries no key to reload with: --rw is refused, nothing is written
            rc, text = v.sh("lifeboat mount --rw; echo rc=$?; cat /sys/class/block/dm-0/ro /sys/class/block/vda/ro")
            check("rc=1" in text and "stays read-only" in text and text.split()[-2:] == ["1", "1"],
                  f"--rw on a LUKS mapping: {text}")
        check(fx.sha256(t("luks.img")) == before, "the LUKS image changed")
