"""lifeboat fix ssh-key: the key on stdin lands in the guest user's
~/.ssh/authorized_keys, with ~/.ssh (0700) and the file (0600) made for the
user's uid and gid from the guest's passwd; a second run changes nothing;
sshd_config settings that would still refuse it are reported. Twins: without
--yes nothing happens (4); a guest whose ~/.ssh is a symlink (to /etc, or to
../../..) is refused (3) and no byte of the disk changes; a bad key is refused."""
import os
import subprocess
import sys
import tempfile
from vm import Vm, check, keypair

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

UUID = "b1b10000-0000-4000-8000-000000000001"


def guest(tmp, name, ssh_link=None):
    tree = fx.tree(os.path.join(tmp, name), "Debian GNU/Linux 12 (bookworm)", f"UUID={UUID}")
    with open(os.path.join(tree, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1001:Alice:/home/alice:/bin/sh\n")
    os.makedirs(os.path.join(tree, "home", "alice"))
    os.chown(os.path.join(tree, "home", "alice"), 1000, 1001)
    os.makedirs(os.path.join(tree, "etc", "ssh"))
    with open(os.path.join(tree, "etc", "ssh", "sshd_config"), "w") as f:
        f.write("PermitRootLogin no\n")
    if ssh_link:
        os.symlink(ssh_link, os.path.join(tree, "home", "alice", ".ssh"))
    img = os.path.join(tmp, name + ".img")
    fx.ext4(img, 24, tree, fs_uuid=UUID)
    return img


def debugfs(img, cmd):
    return subprocess.run(["debugfs", "-R", cmd, img], capture_output=True, text=True).stdout


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        _, pub = keypair(tmp, "customer")
        img = guest(tmp, "good")
        before = fx.sha256(img)
        with Vm(out, rw_disks=[img]) as v:
            v.ready()
            rc, text = v.sh(f"echo '{pub}' | lifeboat fix ssh-key --user alice; echo rc=$?")
            check("rc=4" in text, f"without --yes: {text}")
            check(fx.sha256(img) == before, "without --yes the disk changed")
            rc, text = v.sh("echo 'ssh-ed25519 AAAAnot-a-key' | lifeboat fix ssh-key --yes; echo rc=$?")
            check("rc=2" in text and "refused" in text, f"a bad key: {text}")
            rc, text = v.sh(f"echo 'command=\"evil\" {pub}' | lifeboat fix ssh-key --user alice --yes; echo rc=$?")
            check("rc=0" in text and "key added to /home/alice/.ssh/authorized_keys" in text, f"add: {text}")
            rc, text = v.sh(f"echo '{pub}' | lifeboat fix ssh-key --user root --yes; echo rc=$?")
            check("rc=0" in text and "PermitRootLogin no" in text, f"root, with sshd_config's word: {text}")
            v.sh("sync")
            once = fx.sha256(img)
            rc, text = v.sh(f"echo '{pub}' | lifeboat fix ssh-key --user alice --yes; echo rc=$?")
            check("rc=0" in text and "there already" in text, f"second run: {text}")
            v.sh("sync")
        check(fx.sha256(img) == once, "the second run changed the disk")
        keys = debugfs(img, "cat /home/alice/.ssh/authorized_keys")
        check(keys == pub + "\n", f"authorized_keys: {keys!r}")
        st = debugfs(img, "stat /home/alice/.ssh/authorized_keys")
        sd = debugfs(img, "stat /home/alice/.ssh")
        check("Mode:  0600" in st and "User:  1000" in st and "Group:  1001" in st, f"file: {st[:250]}")
        check("Mode:  0700" in sd and "User:  1000" in sd, f"dir: {sd[:250]}")

        for name, link in (("to-etc", "/etc"), ("climb", "../../..")):
            img = guest(tmp, name, link)
            before = fx.sha256(img)
            with Vm(out, rw_disks=[img]) as v:
                v.ready()
                rc, text = v.sh(f"echo '{pub}' | lifeboat fix ssh-key --user alice --yes; echo rc=$?; "
                                "ls /etc/authorized_keys /authorized_keys 2>&1")
                check("rc=3" in text and "symlink" in text, f".ssh -> {link}: {text}")
                v.sh("sync")
            check(fx.sha256(img) == before, f".ssh -> {link}: the disk changed")
