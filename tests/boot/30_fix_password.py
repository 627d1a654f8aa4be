"""lifeboat fix password: without --yes it only shows its plan and exits 4,
changing nothing; with --yes and --random it sets root's password (unlocking
a "!"-locked account) in the guest's /etc/shadow, keeping its mode, owner and
every other line byte for byte (comments, NIS lines, empty fields), creates
/.autorelabel for SELinux, and logs one audit line in /run and in the guest;
--password-stdin sets another user's. The new hashes verify with crypt(3);
the data disk beside it is untouched. With the guest mounted it refuses (3)."""
import crypt
import os
import re
import subprocess
import sys
import tempfile
from vm import Vm, check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

ROOT_UUID = "a0a00000-0000-4000-8000-000000000001"
SHADOW = ("# shadow kept by hand\n"
          "root:!$6$old$0ldH4sh:19000:0:99999:7:::\n"
          "daemon:*:19000:0:99999:7:::\n"
          "alice::0::::::\n"
          "+@nis::::::::\n")


def shadow_of(image):
    return subprocess.run(["debugfs", "-R", "cat /etc/shadow", image], capture_output=True, text=True).stdout


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        tree = fx.tree(t("root"), "Fedora Linux 40", f"UUID={ROOT_UUID}")
        with open(os.path.join(tree, "etc", "shadow"), "w") as f:
            f.write(SHADOW)
        os.chown(os.path.join(tree, "etc", "shadow"), 0, 42)
        os.chmod(os.path.join(tree, "etc", "shadow"), 0o640)
        os.makedirs(os.path.join(tree, "etc", "selinux"))
        with open(os.path.join(tree, "etc", "selinux", "config"), "w") as f:
            f.write("SELINUX=enforcing\nSELINUXTYPE=targeted\n")
        os.makedirs(os.path.join(tree, "var", "log"))
        fx.ext4(t("root.img"), 24, tree, fs_uuid=ROOT_UUID)
        fx.ext4(t("data.img"), 16, fx.tree(t("data")))
        images = [t("root.img"), t("data.img")]
        before = {p: fx.sha256(p) for p in images}

        with Vm(out, rw_disks=images) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix password --random </dev/null; echo rc=$?")
            check("rc=4" in text and "plan for fix password on /dev/vda:" in text and "edit /etc/shadow: line 2: a new password for root" in text
                  and "/.autorelabel" in text, f"without --yes: {text}")
        check(all(fx.sha256(p) == before[p] for p in images), "the plan alone changed a disk")

        with Vm(out, rw_disks=images) as v:
            v.ready()
            rc, text = v.sh("lifeboat fix password --random --yes </dev/null; echo rc=$?")
            m = re.search(r"new password: (\S+)", text)
            check("rc=0" in text and m, f"--random --yes: {text}")
            root_pw = m.group(1)
            rc, text = v.sh("echo 'S3cret alice' | lifeboat fix password --user alice --password-stdin --yes; "
                            "echo rc=$?; cat /run/lifeboat/audit.jsonl; grep -c . /run/lifeboat/audit.jsonl")
            check("rc=0" in text and text.strip().endswith("2") and '"sha256_before"' in text, f"alice: {text}")
            rc, text = v.sh("lifeboat mount; lifeboat fix password --random --yes </dev/null; echo rc=$?; "
                            "lifeboat umount")
            check("rc=3" in text, f"with the guest mounted: {text}")
            # the pattern is written so that grep's own command line does not match it
            rc, text = v.sh("grep -c 'S3cre[t]' /proc/[0-9]*/cmdline /run/lifeboat/audit.jsonl 2>/dev/null | "
                            "grep -v ':0' ; dmesg | grep -c 'S3cre[t]'")
            check(text.strip().endswith("0") and "cmdline:1" not in text, f"a password leaked: {text}")
        shadow = shadow_of(t("root.img")).splitlines(keepends=True)
        old = SHADOW.splitlines(keepends=True)
        check(shadow[0] == old[0] and shadow[2] == old[2] and shadow[4] == old[4], f"other lines changed: {shadow}")
        rh = shadow[1].split(":")[1]
        ah = shadow[3].split(":")[1]
        check(rh.startswith("$6$") and crypt.crypt(root_pw, rh) == rh, f"root's hash does not verify: {shadow[1]}")
        check(ah.startswith("$6$") and crypt.crypt("S3cret alice", ah) == ah, f"alice's hash: {shadow[3]}")
        check(crypt.crypt("wrong", rh) != rh, "a wrong password verifies")
        st = subprocess.run(["debugfs", "-R", "stat /etc/shadow", t("root.img")], capture_output=True, text=True).stdout
        check("Mode:  0640" in st and "Group:    42" in st, f"mode or owner changed: {st[:300]}")
        ls = subprocess.run(["debugfs", "-R", "ls -l /", t("root.img")], capture_output=True, text=True).stdout
        log = subprocess.run(["debugfs", "-R", "cat /var/log/lifeboat.log", t("root.img")], capture_output=True,
                             text=True).stdout
        check(".autorelabel" in ls and log.count('"command":"fix password"') == 2, f"relabel or guest log: {log}")
        check(fx.sha256(t("data.img")) == before[t("data.img")], "the data disk changed")
