"""Guest disk images for the disk tests, made from plain files: no loop
devices, no host mounts. A minimal guest tree (os-release, fstab, an init, a
kernel, grub.cfg) goes into a filesystem image (mke2fs -d, mkfs.xfs -p,
mkfs.btrfs --rootdir), which is placed at its partition's offset in a disk
image whose table sfdisk writes."""
import hashlib
import os
import re
import shutil
import subprocess
import uuid as uuidlib

MIB = 1 << 20


def run(*cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def tree(path, os_name=None, root_spec=None, fstab_extra=(), kernel=True):
    """A minimal guest tree at path; returns path. os_name None: a data-only tree."""
    os.makedirs(path, exist_ok=True)
    if os_name is None:
        os.makedirs(os.path.join(path, "srv"), exist_ok=True)
        with open(os.path.join(path, "srv", "data.txt"), "w") as f:
            f.write("customer data\n")
        return path
    for d in ("etc", "sbin", "boot/grub", "bin", "root", "proc", "sys", "dev", "run", "tmp", "mnt/data"):
        os.makedirs(os.path.join(path, d), exist_ok=True)
    with open(os.path.join(path, "etc", "os-release"), "w") as f:
        f.write(f'NAME="{os_name}"\nPRETTY_NAME="{os_name}"\nID=test\n')
    lines = [f"{root_spec} / auto defaults 0 1"] if root_spec else []
    lines += list(fstab_extra)
    with open(os.path.join(path, "etc", "fstab"), "w") as f:
        f.write("# <file system> <mount point> <type> <options> <dump> <pass>\n" + "\n".join(lines) + "\n")
    with open(os.path.join(path, "sbin", "init"), "w") as f:
        f.write("#!/bin/sh\n")
    os.chmod(os.path.join(path, "sbin", "init"), 0o755)
    # a shell and a few tools for chroot tests: Debian's static busybox
    shutil.copy("/bin/busybox", os.path.join(path, "bin", "busybox"))
    for tool in ("sh", "cat", "ls", "touch", "mount"):
        os.symlink("busybox", os.path.join(path, "bin", tool))
    if kernel:
        with open(os.path.join(path, "boot", "vmlinuz-6.1.0-test"), "wb") as f:
            f.write(b"\0" * 4096)
        spec = (root_spec or "").replace("UUID=", "")
        with open(os.path.join(path, "boot", "grub", "grub.cfg"), "w") as f:
            f.write(f"menuentry 'test' {{\n  linux /boot/vmlinuz-6.1.0-test root=UUID={spec} ro\n}}\n")
    return path


def ext4(path, mib, src, fs_uuid=None, label=None, dirty=False):
    fs_uuid = fs_uuid or str(uuidlib.uuid4())
    with open(path, "wb") as f:
        f.truncate(mib * MIB)
    args = ["mke2fs", "-q", "-F", "-t", "ext4", "-U", fs_uuid, "-E", "root_owner=0:0", "-d", src]
    if label:
        args += ["-L", label]
    run(*args, path)
    if dirty:
        # the journal says it needs recovery: a mount that replays it would write
        run("debugfs", "-w", "-R", "feature needs_recovery", path)
    return fs_uuid


def xfs(path, mib, src, fs_uuid=None):
    fs_uuid = fs_uuid or str(uuidlib.uuid4())
    proto = path + ".proto"
    with open(proto, "w") as p:
        p.write("/dev/null\n0 0\nd--755 0 0\n")

        def walk(d, depth):
            for name in sorted(os.listdir(d)):
                full = os.path.join(d, name)
                mode = oct(os.stat(full).st_mode & 0o777)[2:]
                if os.path.isdir(full):
                    p.write(f"{' ' * depth}{name} d--{mode} 0 0\n")
                    walk(full, depth + 1)
                    p.write(f"{' ' * depth}$\n")
                else:
                    p.write(f"{' ' * depth}{name} ---{mode} 0 0 {full}\n")
        walk(src, 1)
        p.write("$\n")
    with open(path, "wb") as f:
        f.truncate(mib * MIB)
    run("mkfs.xfs", "-q", "-f", "-m", f"uuid={fs_uuid}", "-p", proto, path)
    os.unlink(proto)
    return fs_uuid


def btrfs(path, mib, src, fs_uuid=None):
    fs_uuid = fs_uuid or str(uuidlib.uuid4())
    with open(path, "wb") as f:
        f.truncate(mib * MIB)
    run("mkfs.btrfs", "-q", "-f", "-U", fs_uuid, "--rootdir", src, path)
    return fs_uuid


def disk(path, mib, parts, label="gpt"):
    """parts: [(fs_image or None, size_mib, sfdisk type, partlabel)], laid out from 1 MiB on.
    Returns the PARTUUIDs sfdisk gave (GPT) or derived (MBR)."""
    with open(path, "wb") as f:
        f.truncate(mib * MIB)
    script = [f"label: {label}"]
    start = 1
    for image, size, ptype, name in parts:
        line = f"start={start}MiB, size={size}MiB, type={ptype}"
        if label == "gpt" and name:
            line += f', name="{name}"'
        script.append(line)
        start += size
    run("sfdisk", "-q", path, input=("\n".join(script) + "\n").encode())
    start = 1
    for image, size, ptype, name in parts:
        if image:
            run("dd", f"if={image}", f"of={path}", "bs=1M", f"seek={start}", "conv=notrunc,sparse", "status=none")
        start += size
    return path


def garbage(path, mib):
    with open(path, "wb") as f:
        f.write(os.urandom(mib * MIB))
    return path


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_in_vm(out, drives, script, timeout=120):
    """Run a shell script inside lifeboat's own kernel and initramfs with a
    plain shell as init (rdinit=/bin/sh: none of PID 1's disk handling), for
    what only a kernel can build (md arrays, LVM). The script's last command's
    status must be 0. drives are vda, vdb, … in their order."""
    from vm import Vm, check
    v = Vm(out, append="console=ttyS0 rdinit=/bin/sh loglevel=3", nic=False, rw_disks=drives)
    with v:
        v.wait_for("#", timeout=60, what="the builder shell")
        prep = ("mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; "
                "mkdir -p /run; mount -t tmpfs run /run; ")
        v.send(prep + script + "; echo BUILD-$?-DONE\n")
        v.wait_for(r"BUILD-\d+-DONE", timeout=timeout, what="the builder script")
        check("BUILD-0-DONE" in v.text(), f"builder script failed:\n{v.text()[-3000:]}")
        # no poweroff program without lifeboat as PID 1: the kernel's own, through sysrq
        v.send("sync; echo o > /proc/sysrq-trigger\n")
        v.wait_exit(60)


def luks(path, mib, fs_image, passphrase):
    """A LUKS2 volume (aes-xts-plain64, 512-byte sectors, argon2id at 64 MiB)
    holding fs_image, made without a kernel: cryptsetup writes the header with
    a volume key we chose, and the payload is encrypted here, sector by sector,
    exactly as dm-crypt would."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    key = os.urandom(64)
    keyfile = path + ".key"
    with open(keyfile, "wb") as f:
        f.write(key)
    with open(path, "wb") as f:
        f.truncate(mib * MIB)
    run("cryptsetup", "luksFormat", "--batch-mode", "--type", "luks2", "--cipher", "aes-xts-plain64",
        "--key-size", "512", "--sector-size", "512", "--pbkdf", "argon2id", "--pbkdf-memory", "65536",
        "--pbkdf-force-iterations", "4", "--pbkdf-parallel", "1", "--volume-key-file", keyfile,
        "--key-file", "-", path, input=passphrase.encode())
    os.unlink(keyfile)
    dump = run("cryptsetup", "luksDump", path).stdout.decode()
    offset = int(re.search(r"Data segments:.*?offset:\s+(\d+) \[bytes\]", dump, re.S).group(1))
    with open(fs_image, "rb") as src, open(path, "r+b") as dst:
        dst.seek(offset)
        sector = 0
        while True:
            block = src.read(512)
            if not block:
                break
            tweak = sector.to_bytes(16, "little")
            enc = Cipher(algorithms.AES(key), modes.XTS(tweak)).encryptor()
            dst.write(enc.update(block.ljust(512, b"\0")) + enc.finalize())
            sector += 1
    return path
