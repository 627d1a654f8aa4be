"""lifeboat fix fstab: entries whose device is not here (a UUID, a LABEL'd
swap, a /dev path) get nofail, with the diff shown first; entries that resolve
(the root, a data disk) and pseudo filesystems stay byte for byte; the old
fstab is kept beside it; one audit line in /run and in the guest; a second run
has nothing to do and changes no byte. Twins: without --yes (and with --json)
nothing changes and it exits 4; with the guest mounted it refuses (3)."""
import json
import os
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT = "c2c20000-0000-4000-8000-000000000001"
DATA = "c2c20000-0000-4000-8000-000000000002"
FSTAB = ("# <file system> <mount point> <type> <options> <dump> <pass>\n"
         f"UUID={ROOT} / ext4 errors=remount-ro 0 1\n"
         f"UUID={DATA} /mnt/data ext4 defaults 0 2\n"
         "UUID=0dead000-0000-4000-8000-00000000dead /srv ext4 defaults 0 2\n"
         "LABEL=gone none swap sw 0 0\n"
         "/dev/vdz1\t/backup\text4\n"
         "tmpfs /tmp tmpfs nosuid 0 0\n")
WANT = FSTAB.replace("/srv ext4 defaults 0 2", "/srv ext4 defaults,nofail 0 2") \
    .replace("swap sw 0 0", "swap sw,nofail 0 0").replace("/backup\text4\n", "/backup\text4\tdefaults,nofail\n")


def debugfs(img, cmd):
    return subprocess.run(["debugfs", "-R", cmd, img], capture_output=True, text=True).stdout


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)")
        with open(os.path.join(tree, "etc", "fstab"), "w") as f:
            f.write(FSTAB)
        os.chmod(os.path.join(tree, "etc", "fstab"), 0o644)
        for d in ("srv", "backup", "var/log"):
            os.makedirs(os.path.join(tree, d), exist_ok=True)
        fx.ext4(t("root.img"), 24, tree, fs_uuid=ROOT)
        fx.ext4(t("data.img"), 16, fx.tree(t("data")), fs_uuid=DATA)
        images = [t("root.img"), t("data.img")]
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, rw_disks=images) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix fstab </dev/null; echo rc=$?")
            check("rc=4" in text and "line 4: UUID=0dead000-0000-4000-8000-00000000dead /srv: add nofail" in text
                  and "+  5 LABEL=gone none swap sw,nofail 0 0" in text and "-  6 /dev/vdz1" in text
                  and f"UUID={DATA}" not in text, f"the plan: {text}")
            rc, text = v.sh("lifeboat fix fstab --json </dev/null; echo rc=$?")
            doc = json.loads(text[text.index("{"):text.rindex("}") + 1])
            check("rc=4" in text and doc["result"] == "needs confirmation" and len(doc["steps"]) == 4
                  and doc["files"] == [], f"the plan as JSON: {text}")
            rc, text = v.sh("lifeboat mount >/dev/null; lifeboat fix fstab --yes; echo rc=$?; lifeboat umount")
            check("rc=3" in text, f"with the guest mounted: {text}")
        check(all(fx.sha256(p) == before[p] for p in images), "a plan changed a disk")

        with Vm(out, rw_disks=images) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix fstab --yes --json; echo rc=$?; cat /run/lifeboat/audit.jsonl")
            check("rc=0" in text and '"result":"done"' in text and '"backup":"/etc/fstab.lifeboat-' in text,
                  f"--yes: {text}")
            v.sh("sync")
            once = fx.sha256(t("root.img"))
            rc, text = v.sh("lifeboat fix fstab --yes; echo rc=$?")
            check("rc=0" in text and "nothing to do" in text, f"second run: {text}")
            v.sh("sync")
        check(fx.sha256(t("root.img")) == once, "the second run changed the disk")
        check(fx.sha256(t("data.img")) == before[t("data.img")], "the data disk changed")
        got = debugfs(t("root.img"), "cat /etc/fstab")
        check(got == WANT, f"the new fstab: {got!r}")
        etc = debugfs(t("root.img"), "ls /etc")
        name = next((w for w in etc.split() if w.startswith("fstab.lifeboat-")), None)
        check(name and debugfs(t("root.img"), f"cat /etc/{name}") == FSTAB, f"the backup: {etc}")
        st = debugfs(t("root.img"), "stat /etc/fstab")
        check("Mode:  0644" in st, f"mode: {st[:200]}")
        log = debugfs(t("root.img"), "cat /var/log/lifeboat.log")
        check(log.count('"command":"fix fstab"') == 1 and '"sha256_before"' in log, f"guest log: {log}")
