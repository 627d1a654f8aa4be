"""lifeboat backup and restore over SSH, as a customer runs them from their own
machine, and the host's lifeboat-backup (make tools).

Round trips onto blank disks of the same size: an ext4 root (`backup root`)
whose free space holds stale random bytes, which the map of used blocks leaves
out (twin: --all carries them), its files and e2fsck's verdict the same after;
an XFS filesystem, restored byte for byte; a whole partitioned disk, restored
byte for byte, and made a raw image on the host that is the disk's. A stream
cut in the middle and one with a flipped byte are refused by restore (which
says which range it wrote, and that range is the backup's, the rest untouched),
by `lifeboat backup --verify` and by lifeboat-backup verify. Restore without
--yes (4), onto a smaller disk (3) and onto a mounted one (3) writes nothing;
on a terminal, neither command starts (2). A 2 GiB mostly empty ext4 gives a
stream far smaller than 2 GiB (the ratio is printed). The source disks are
unchanged."""
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile
from vm import Vm, check, keypair, blank_disk

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
import fixtures as fx  # noqa: E402

MIB = 1 << 20
ROOT = "b4c10000-0000-4000-8000-000000000001"


def ssh(v, key, command, stdin=None, stdout=None, timeout=900):
    """command over SSH; stdin and stdout may be files (binary). (rc, stdout text or "", stderr text)."""
    args = ["ssh", "-p", str(v.ssh_port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-i", key, "root@127.0.0.1", command]
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as i:
        if stdout:
            with open(stdout, "wb") as o:
                r = subprocess.run(args, stdin=i, stdout=o, stderr=subprocess.PIPE, timeout=timeout)
            return r.returncode, "", r.stderr.decode(errors="replace")
        r = subprocess.run(args, stdin=i, capture_output=True, timeout=timeout)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def free_ranges(img):
    """ext4's free blocks as byte ranges [(start, end)], touching ones joined, from the host's dumpe2fs."""
    text = subprocess.run(["dumpe2fs", img], capture_output=True, text=True, check=True).stdout
    bs = int(re.search(r"^Block size:\s+(\d+)", text, re.M).group(1))
    out = []
    for line in re.findall(r"^  Free blocks: (.*)$", text, re.M):
        for item in filter(None, line.split(", ")):
            a, _, b = item.partition("-")
            start, end = int(a) * bs, (int(b or a) + 1) * bs
            if out and out[-1][1] == start:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
    return out


def stale_span(img, most):
    """The largest whole-MiB span (at most most bytes) inside ext4's free space."""
    spans = [(-(-a // MIB) * MIB, b // MIB * MIB) for a, b in free_ranges(img)]
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return a, min(b, a + most)


def tool(out, *args):
    r = subprocess.run([os.path.join(out, "tools", "lifeboat-backup"), *args], capture_output=True)
    return r.returncode, r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")


def rdump(img, into):
    os.makedirs(into)
    fx.run("debugfs", "-R", f"rdump / {into}", img)
    return into


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    # dircmp compares by stat first: look at the bytes
    for name in cmp.common_files:
        if not filecmp.cmp(os.path.join(a, name), os.path.join(b, name), shallow=False):
            return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def zero_from(path, start):
    with open(path, "rb") as f:
        f.seek(start)
        for block in iter(lambda: f.read(MIB), b""):
            if block.count(0) != len(block):
                return False
    return True


def run(out):
    check(os.access(os.path.join(out, "tools", "lifeboat-backup"), os.X_OK), "make tools built no lifeboat-backup")
    with tempfile.TemporaryDirectory() as tmp:
        t = lambda name: os.path.join(tmp, name)  # noqa: E731
        key, pub = keypair(tmp, "customer")

        # the sources: an ext4 root with a file of random bytes, and stale random bytes in its free space
        root = fx.tree(t("root"), "Debian GNU/Linux 12 (bookworm)", f"UUID={ROOT}")
        with open(os.path.join(root, "srv-random.bin"), "wb") as f:
            f.write(os.urandom(3 * MIB))
        fx.ext4(t("ext4.img"), 64, root, fs_uuid=ROOT)
        stale = stale_span(t("ext4.img"), 8 * MIB)
        check(stale[1] - stale[0] >= 6 * MIB, f"the ext4 fixture has no 6 MiB of free space in one piece: {stale}")
        with open(t("ext4.img"), "r+b") as f:
            f.seek(stale[0])
            f.write(os.urandom(stale[1] - stale[0]))
        data = fx.tree(t("data"))
        with open(os.path.join(data, "srv", "random.bin"), "wb") as f:
            f.write(os.urandom(2 * MIB))
        fx.xfs(t("xfs.img"), 300, data)
        fx.ext4(t("part.img"), 40, data)
        fx.disk(t("disk.img"), 96, [(t("part.img"), 40, "linux", "data"), (None, 8, "linux", "raw")])
        with open(t("disk.img"), "r+b") as f:	# the second partition: bytes no filesystem owns
            f.seek(41 * MIB)
            f.write(os.urandom(4 * MIB))
        fx.ext4(t("big.img"), 2048, fx.tree(t("bigtree")))
        fx.ext4(t("dirty.img"), 24, data, dirty=True)
        dirty_sha = fx.sha256(t("dirty.img"))
        sources = [t("ext4.img"), t("xfs.img"), t("disk.img"), t("big.img")]
        targets = [blank_disk(tmp, "t-ext4.img", 64), blank_disk(tmp, "t-xfs.img", 300),
                   blank_disk(tmp, "t-disk.img", 96), blank_disk(tmp, "small.img", 32)]
        before = {p: fx.sha256(p) for p in sources}
        blank = {p: fx.sha256(p) for p in targets}

        # vda ext4 root, vdb xfs, vdc the partitioned disk (vdc1, vdc2), vdd 2 GiB; blank vde, vdf, vdg, vdh;
        # vdi an ext4 whose journal needs replaying
        with Vm(out, append=f'console=ttyS0 loglevel=4 lifeboat.ssh_key="{pub}"', mem=512, ssh=True,
                rw_disks=sources + targets + [t("dirty.img")]) as v:
            v.ready()
            rc, text = v.sh("lifeboat backup root; echo rc=$?; lifeboat restore /dev/vde; echo rc=$?")
            check(text.count("rc=2") == 2 and "binary stream" in text and "standard input" in text,
                  f"on a terminal: {text}")
            v.ssh(key, "true")

            rc, _, err = ssh(v, key, "lifeboat backup root", stdout=t("ext4.lbk"))
            check(rc == 0 and "/dev/vda (ext4" in err and "reading the blocks ext4 uses" in err and "done" in err,
                  f"backup root: {rc} {err}")
            rc, _, err = ssh(v, key, "lifeboat backup --all /dev/vda", stdout=t("ext4-all.lbk"))
            check(rc == 0 and "reading every block (--all)" in err, f"backup --all: {rc} {err}")
            small, full = os.path.getsize(t("ext4.lbk")), os.path.getsize(t("ext4-all.lbk"))
            check(full - small > (stale[1] - stale[0]) * 9 // 10 and small < 6 * MIB,
                  f"the map leaves the stale free blocks out: {small} bytes with it, {full} without")
            # a journal to replay may hold allocations the free lists do not show yet: every block is read
            rc, _, err = ssh(v, key, "lifeboat backup /dev/vdi", stdout=t("dirty.lbk"))
            check(rc == 0 and "reading every block (the filesystem has a journal to replay)" in err,
                  f"backup of an ext4 with a journal to replay: {rc} {err}")
            rc, _, err = ssh(v, key, "lifeboat backup /dev/vdb", stdout=t("xfs.lbk"))
            check(rc == 0 and "reading the blocks XFS uses" in err, f"backup xfs: {rc} {err}")
            rc, _, err = ssh(v, key, "lifeboat backup vdc", stdout=t("disk.lbk"))
            check(rc == 0 and "reading every block (a whole disk)" in err, f"backup of a whole disk: {rc} {err}")
            rc, _, err = ssh(v, key, "lifeboat backup --json /dev/vdd", stdout=t("big.lbk"))
            lines = [json.loads(x) for x in err.splitlines() if x.startswith("{")]
            done = lines[-1] if lines else {}
            check(rc == 0 and done.get("result") == "done" and done.get("bytes") == 2048 * MIB
                  and done.get("stream_bytes") == os.path.getsize(t("big.lbk")) and lines[0].get("event") == "start"
                  and all(x.get("event") == "progress" for x in lines[1:-1]), f"backup --json: {rc} {err[-600:]}")
            ratio = os.path.getsize(t("big.lbk")) / (2048 * MIB)
            print(f"      2 GiB ext4, {done.get('read_bytes', 0) >> 20} MiB of it read: a stream of "
                  f"{os.path.getsize(t('big.lbk'))} bytes, 1/{1 / ratio:.0f} of the filesystem's size; "
                  f"{done.get('seconds')} s", flush=True)
            check(ratio < 0.01, f"a mostly empty 2 GiB filesystem: the stream is {ratio:.4f} of it")

            # damaged streams
            with open(t("xfs.lbk"), "rb") as f:
                good = f.read()
            with open(t("cut.lbk"), "wb") as f:
                f.write(good[:len(good) // 2])
            flipped = bytearray(good)
            flipped[len(good) * 3 // 4] ^= 0x20
            with open(t("flipped.lbk"), "wb") as f:
                f.write(flipped)
            for name, want in (("cut.lbk", "was cut"), ("flipped.lbk", "")):
                rc, so, err = ssh(v, key, "lifeboat backup --verify -", stdin=t(name))
                check(rc == 1 and "is damaged" in err and want in err, f"--verify {name}: {rc} {so} {err}")
            rc, so, err = ssh(v, key, "lifeboat backup --verify -", stdin=t("xfs.lbk"))
            check(rc == 0 and "verified" in so and "/dev/vdb" in so, f"--verify of a good stream: {rc} {so} {err}")

            # refusals write nothing
            rc, so, err = ssh(v, key, "lifeboat restore /dev/vdf", stdin=t("xfs.lbk"))
            check(rc == 4 and "add --yes" in so + err and "the backup of /dev/vdb" in so, f"no --yes: {rc} {so} {err}")
            rc, so, err = ssh(v, key, "lifeboat restore --yes /dev/vdh", stdin=t("ext4.lbk"))
            check(rc == 3 and "smaller than the backup" in so + err, f"a smaller disk: {rc} {so} {err}")
            check(fx.sha256(t("t-xfs.img")) == blank[t("t-xfs.img")] and fx.sha256(t("small.img")) == blank[t("small.img")],
                  "a refused restore wrote")

            # a damaged stream: refused at the damaged frame; what was written before it is the backup's
            # (the cut comes first: the flipped byte lies later in the stream, so its range covers the cut's)
            for name in ("cut.lbk", "flipped.lbk"):
                rc, so, err = ssh(v, key, "lifeboat restore --yes /dev/vdf", stdin=t(name))
                m = re.search(r"Bytes 0 to (\d+) of /dev/vdf now hold the backup's first (\d+) bytes", so + err)
                check(rc == 1 and m, f"restore of {name}: {rc} {so} {err}")
                n = int(m.group(2))
                with open(t("xfs.img"), "rb") as a, open(t("t-xfs.img"), "rb") as b:
                    check(a.read(n) == b.read(n), f"{name}: the range said written is not the backup's")
                check(n < 300 * MIB and zero_from(t("t-xfs.img"), n), f"{name}: written past the range it said")

            # round trips
            for dev, stream in (("/dev/vde", "ext4.lbk"), ("/dev/vdf", "xfs.lbk"), ("/dev/vdg", "disk.lbk")):
                rc, so, err = ssh(v, key, f"lifeboat restore --yes {dev}", stdin=t(stream))
                check(rc == 0 and "read back and verified: SHA-256" in so, f"restore {stream}: {rc} {so} {err}")
            rc, so, err = ssh(v, key, "lifeboat restore --yes --json /dev/vdf", stdin=t("cut.lbk"))
            check(rc == 1 and json.loads(so)["result"] == "failed", f"--json: {rc} {so}")
            rc, so, err = ssh(v, key, "lifeboat restore --yes /dev/vdf", stdin=t("xfs.lbk"))
            check(rc == 0, f"the xfs again: {rc} {so} {err}")
            rc, text = v.sh("lifeboat disks | grep -q 'vdg1 ' && echo seen; echo ro=$(cat /sys/block/vdg/ro)")
            check("seen" in text and "ro=1" in text, f"the restored disk's partitions are seen, read-only: {text}")

            # mounted: refused, nothing written
            mounted_before = fx.sha256(t("t-ext4.img"))
            rc, so, err = ssh(v, key, "lifeboat mount /dev/vde >/dev/null && lifeboat restore --yes /dev/vde; echo rc=$?; "
                              "lifeboat umount >/dev/null", stdin=t("ext4-all.lbk"))
            check("rc=3" in so and "is mounted" in so + err, f"mounted: {so} {err}")
            check(fx.sha256(t("t-ext4.img")) == mounted_before, "a restore onto a mounted disk wrote")
            rc, text = v.sh("cat /run/lifeboat/audit.jsonl")
            check(text.count('"command":"restore"') >= 6 and '"result":"done"' in text, f"audit: {text[-400:]}")

        # the host's lifeboat-backup
        for name in ("ext4.lbk", "ext4-all.lbk", "xfs.lbk", "disk.lbk", "big.lbk", "dirty.lbk"):
            rc, text = tool(out, "verify", t(name))
            check(rc == 0 and "verified" in text, f"lifeboat-backup verify {name}: {rc} {text}")
        for name in ("cut.lbk", "flipped.lbk"):
            rc, text = tool(out, "verify", t(name))
            check(rc == 1 and "is damaged" in text, f"lifeboat-backup verify {name}: {rc} {text}")
        rc, text = tool(out, "raw", t("disk.lbk"), t("disk.raw"))
        check(rc == 0 and fx.sha256(t("disk.raw")) == before[t("disk.img")], f"raw image of the disk: {rc} {text}")
        check(f"SHA-256 of all {96 * MIB} bytes: {before[t('disk.img')]}" in text, f"the digest is the disk's: {text}")
        rc, text = tool(out, "raw", t("disk.lbk"), t("disk.raw"))
        check(rc == 3 and "never written over" in text, f"raw onto an existing file: {rc} {text}")
        rc, text = tool(out, "raw", t("cut.lbk"), t("cut.raw"))
        check(rc == 1 and "first" in text, f"raw of a cut stream: {rc} {text}")

        check(all(fx.sha256(p) == before[p] for p in sources), "a backup changed its source")
        rc, text = tool(out, "raw", t("dirty.lbk"), t("dirty.raw"))
        check(rc == 0 and fx.sha256(t("dirty.raw")) == dirty_sha == fx.sha256(t("dirty.img")), f"every block of the dirty ext4: {text}")
        # byte for byte: XFS (its free space was zeros) and the whole disk
        check(fx.sha256(t("t-xfs.img")) == before[t("xfs.img")], "the XFS restored is not the XFS")
        check(fx.sha256(t("t-disk.img")) == before[t("disk.img")], "the disk restored is not the disk")
        # the ext4: its stale free blocks are zeros now; its files and its checker's verdict are the same
        check(fx.sha256(t("t-ext4.img")) != before[t("ext4.img")], "the stale free blocks came back")
        check(subprocess.run(["e2fsck", "-fn", t("t-ext4.img")], capture_output=True).returncode == 0,
              "e2fsck finds fault with the restored ext4")
        check(same_tree(rdump(t("ext4.img"), t("a")), rdump(t("t-ext4.img"), t("b"))),
              "the restored ext4's files differ")
        with open(t("t-ext4.img"), "rb") as f:
            f.seek(stale[0])
            check(f.read(stale[1] - stale[0]).count(0) == stale[1] - stale[0], "stale free blocks restored")
