"""lifeboat snapshot: begin puts the guest's disk behind a device-mapper
snapshot (store in RAM) whose devices lifeboat then uses in the disk's place
(the root is lbsnap-vda1); a repair made on it (fix fstab) shows in the
snapshot; rollback throws it away and the disk's bytes are as before;
commit merges it and the disk then holds exactly what the snapshot showed.
The store can be a blank spare disk (--cow) instead of RAM. Twins: commit
without --yes changes nothing (4); a second begin is refused (3); commit or
rollback with no snapshot fails (1); --cow naming the guest's disk or a disk
with a filesystem is refused (3) and neither changes."""
import os
import re
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "c8c80000-0000-4000-8000-000000000001"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}",
                       fstab_extra=["UUID=0dead000-0000-4000-8000-00000000dead /srv ext4 defaults 0 2"])
        os.makedirs(os.path.join(tree, "var", "log"))
        fx.ext4(t("root.fs"), 30, tree, fs_uuid=ROOT)
        img = fx.disk(t("disk.img"), 40, [(t("root.fs"), 30, "linux", "root")])
        before = fx.sha256(img)

        with Vm(out, mem=384, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat snapshot rollback --yes; echo rc=$?")
            check("rc=1" in text, f"rollback without a snapshot: {text}")
            rc, text = v.sh("lifeboat snapshot begin; echo rc=$?")
            check("rc=0" in text and "snapshot of /dev/vda begun" in text, f"begin: {text}")
            rc, text = v.sh("lifeboat snapshot begin; echo rc=$?")
            check("rc=3" in text, f"a second begin: {text}")
            report = v.disk_report()
            check("lbsnap-vda1" in report["root"]["device"], f"the root is not the snapshot's: {report['root']}")
            rc, text = v.sh("lifeboat fix fstab --yes; echo rc=$?; lifeboat mount >/dev/null; "
                            "grep -c nofail /mnt/guest/etc/fstab; lifeboat umount >/dev/null")
            check("rc=0" in text and text.strip().endswith("1"), f"a repair on the snapshot: {text}")
            rc, text = v.sh("lifeboat snapshot status; lifeboat snapshot commit </dev/null; echo rc=$?")
            check("stands for /dev/vda1" in text and "rc=4" in text, f"status, commit without --yes: {text}")
            rc, text = v.sh("lifeboat snapshot rollback --yes; echo rc=$?; lifeboat snapshot status")
            check("rc=0" in text and "no snapshot" in text, f"rollback: {text}")
            report = v.disk_report()
            check(report["root"]["device"] == "/dev/vda1", f"after rollback the root is {report['root']}")
        check(fx.sha256(img) == before, "rollback left the disk changed")

        with Vm(out, mem=384, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh("lifeboat snapshot begin >/dev/null; lifeboat fix fstab --yes >/dev/null; "
                            "blockdev --flushbufs /dev/mapper/lbsnap-vda; sha256sum /dev/mapper/lbsnap-vda", timeout=120)
            # the whole disk's page cache holds what probing read before the repair wrote through the
            # partition's device: dropped, so that the sum is of what the snapshot holds
            m = re.search(r"^([0-9a-f]{64}) ", text, re.M)
            check(m, f"the snapshot's sum: {text}")
            rc, text = v.sh("lifeboat snapshot commit --yes; echo rc=$?; lifeboat snapshot status; "
                            "cat /sys/block/vda/ro", timeout=300)
            check("rc=0" in text and "committed" in text and "no snapshot" in text and text.strip().endswith("1"),
                  f"commit: {text}")
            v.sh("sync")
        check(fx.sha256(img) == m.group(1), "after commit the disk is not what the snapshot showed")
        got = subprocess.run(["debugfs", "-R", "cat /etc/fstab", img + "?offset=1048576"], capture_output=True,
                             text=True).stdout
        check("defaults,nofail" in got, f"the committed fstab: {got}")

        # the store on a spare disk; never on a disk that holds anything
        img2 = fx.disk(t("disk2.img"), 40, [(t("root.fs"), 30, "linux", "root")])
        spare = t("spare.img")
        with open(spare, "wb") as f:
            f.truncate(48 << 20)
        fx.ext4(t("data.img"), 16, fx.tree(t("data")))
        sums = {p: fx.sha256(p) for p in (img2, t("data.img"))}
        with Vm(out, rw_disks=[img2, spare, t("data.img")]) as v:
            v.ready()
            rc, text = v.sh("lifeboat snapshot begin --cow /dev/vdc; echo rc=$?; "
                            "lifeboat snapshot begin --cow /dev/vda; echo rc=$?")
            check(text.count("rc=3") == 2 and "not a blank whole disk" in text, f"--cow on a disk with data: {text}")
            rc, text = v.sh("lifeboat snapshot begin --cow /dev/vdb; echo rc=$?; lifeboat snapshot status; "
                            "lifeboat fix fstab --yes >/dev/null; echo rc=$?; lifeboat snapshot rollback --yes; "
                            "echo rc=$?")
            check(text.count("rc=0") == 3 and "store /dev/vdb" in text and "changes go to /dev/vdb" in text,
                  f"--cow on a spare disk: {text}")
        check(all(fx.sha256(p) == sums[p] for p in sums), "--cow: the guest's disk or the data disk changed")
