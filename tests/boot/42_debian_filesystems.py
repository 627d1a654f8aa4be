"""Debian's kernel has ext4, XFS and btrfs as modules, and they want crc32c
(and btrfs xxhash64 and blake2b) from the crypto API, which loads them by
alias through /sbin/modprobe: lifeboat chooses an ext4 root and mounts it,
and mounts an XFS and a btrfs below it from the guest's fstab. It runs on both
kernels; before the crypto modules were in the Debian image's list it failed
there (no root chosen: "Cannot load crc32c driver")."""
import os
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

MODES = ("debian", "lifeboat")
ROOT = "d4d40000-0000-4000-8000-000000000001"
XFS = "d4d40000-0000-4000-8000-000000000002"
BTRFS = "d4d40000-0000-4000-8000-000000000003"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}",
                       [f"UUID={XFS} /srv/x xfs defaults 0 0", f"UUID={BTRFS} /srv/b btrfs defaults 0 0"])
        os.makedirs(os.path.join(tree, "srv", "x"))
        os.makedirs(os.path.join(tree, "srv", "b"))
        fx.ext4(t("root.img"), 24, tree, fs_uuid=ROOT)
        data = fx.tree(t("data"))
        fx.xfs(t("x.img"), 300, data, fs_uuid=XFS)
        fx.btrfs(t("b.img"), 120, data, fs_uuid=BTRFS)
        with Vm(out, rw_disks=[t("root.img"), t("x.img"), t("b.img")], mem=384) as v:
            v.ready()
            d = v.disk_report()
            check(d["root"] and d["root"]["uuid"] == ROOT, f"the ext4 root: {d['root']} {d.get('why')}")
            rc, text = v.sh("lifeboat mount && cat /mnt/guest/srv/x/srv/data.txt /mnt/guest/srv/b/srv/data.txt; "
                            "lifeboat umount")
            check(rc == 0 and text.count("customer data") == 2 and "/dev/vdb on /mnt/guest/srv/x" in text and
                  "/dev/vdc on /mnt/guest/srv/b" in text, f"mounted: {text}")
