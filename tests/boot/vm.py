"""A QEMU guest driven over its serial console, for lifeboat's boot tests.

Vm(out).start() boots out/vmlinuz + out/initramfs.img under TCG with the serial
console on a pipe; wait_for() waits for a regex in the console output, sh() runs
a command in the console shell and returns its output and exit status.
"""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

# Debian's ovmf package: UEFI firmware for QEMU (code read-only, variables per guest)
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS.fd"
BOOT_TIMEOUT = float(os.environ.get("LIFEBOAT_BOOT_TIMEOUT", "90"))  # TCG on a busy 2-core machine


PROMPT = r"lifeboat:[^\r\n]*# "


NEWS = re.compile(r"(?m)(?:^\n)?^lifeboat (?:network\n(?:  (?:network|connect)   .*\n|            .*\n)*"
                  r"|disks\n  root      .*\n|diagnose\n  diagnose  .*\n(?:            .*\n)*)")


class Failed(AssertionError):
    pass


class Vm:
    # loglevel=4 by default: kernel info lines (a DHCP lease, say) arriving in the
    # middle of a command's output would garble what sh() returns
    def __init__(self, out, append="console=ttyS0 loglevel=4", mem=256, nic=True, disks=(), extra=(), monitor=False,
                 ssh=False, cpu="max", netopts="", guest_port=22, kernel=True, rw_disks=(), menu=False,
                 diagnose=False, boot=None, uefi=False):
        # netopts: more options for the user network (guestfwd=…, net=…, tftp=…);
        # guest_port: where the guest's SSH server listens; kernel=False: no
        # -kernel/-initrd, the firmware boots from the network (-boot n); kernel="disk":
        # from the first disk (a real guest's own bootloader); kernel="firmware": whatever
        # the firmware boots (boot: QEMU's -boot order, "d" the CD); uefi=True: OVMF, not SeaBIOS
        # rw_disks: writable drives, a path or (path, "virtio"|"nvme", serial): the
        # disk tests need lifeboat's own read-only discipline, not QEMU's, to be tested
        self.rw_disks = [d if isinstance(d, tuple) else (d, "virtio", None) for d in rw_disks]
        self.netopts = netopts
        self.guest_port = guest_port
        self.kernel = kernel
        self.out = out
        # the boot tests talk to the console's shell; menu=True: the menu's own test. First, so
        # that the kernel's 2 KiB limit cannot cut it off a long command line
        self.append = append if menu else "lifeboat.menu=0 " + append
        # diagnose=True: PID 1 runs lifeboat diagnose once ready, and its summary lands on the
        # console in the middle of whatever runs there; only its own test wants that
        self.append = self.append if diagnose else "lifeboat.diagnose=0 " + self.append
        self.mem = mem
        self.nic = nic
        self.disks = list(disks)
        self.extra = list(extra)
        self.proc = None
        self.buf = b""
        self.pos = 0
        self.lock = threading.Condition()
        self.seq = 0
        self.tmp = tempfile.TemporaryDirectory(prefix="lifeboat-vm-")
        self.monitor = os.path.join(self.tmp.name, "monitor") if monitor else None
        self.ssh_port = free_port() if ssh else None
        self.cpu = cpu
        self.boot = boot
        self.uefi = uefi

    def args(self):
        a = ["qemu-system-x86_64", "-nodefaults", "-no-user-config", "-display", "none",
             "-serial", "stdio", "-no-reboot", "-cpu", self.cpu, "-m", str(self.mem)]
        if self.uefi:
            # OVMF's variables are written at boot: each guest has its own copy
            vars_copy = os.path.join(self.tmp.name, "OVMF_VARS.fd")
            shutil.copy(OVMF_VARS, vars_copy)
            a += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
                  "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}"]
        if self.kernel == "firmware":
            a += ["-boot", self.boot] if self.boot else []
        elif self.kernel == "disk":
            a += ["-boot", "c"]
        elif self.kernel:
            a += ["-kernel", os.path.join(self.out, "vmlinuz"),
                  "-initrd", os.path.join(self.out, "initramfs.img"), "-append", self.append]
        else:
            a += ["-boot", "n"]
        a += ["-monitor", f"unix:{self.monitor},server=on,wait=off" if self.monitor else "none"]
        if self.nic:
            fwd = f",hostfwd=tcp:127.0.0.1:{self.ssh_port}-:{self.guest_port}" if self.ssh_port else ""
            # the NIC is "nic0" for the monitor's set_link
            a += ["-netdev", "user,id=n0" + fwd + self.netopts, "-device", "virtio-net-pci,netdev=n0,id=nic0"]
        for d in self.disks:
            # read-only at QEMU's level too: nothing here may write to a test disk by accident
            a += ["-drive", f"file={d},if=virtio,format=raw,readonly=on"]
        for i, (path, kind, serial) in enumerate(self.rw_disks):
            ser = f",serial={serial}" if serial else ""
            if kind == "nvme":
                a += ["-drive", f"file={path},if=none,id=rw{i},format=raw",
                      "-device", f"nvme,drive=rw{i},serial={serial or f'nvme{i}'}"]
            else:
                a += ["-drive", f"file={path},if=none,id=rw{i},format=raw", "-device", f"virtio-blk-pci,drive=rw{i}{ser}"]
        return a + self.extra

    def start(self):
        self.proc = subprocess.Popen(self.args(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        threading.Thread(target=self._reader, daemon=True).start()
        return self

    def _reader(self):
        while True:
            chunk = self.proc.stdout.read1(65536)
            with self.lock:
                if not chunk:
                    self.lock.notify_all()
                    return
                self.buf += chunk
                self.lock.notify_all()

    def text(self):
        with self.lock:
            return self.buf.decode("utf-8", "replace")

    def wait_for(self, pattern, timeout=BOOT_TIMEOUT, what=None):
        """Wait for pattern after the last match; return the match."""
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern, re.M)
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                m = rx.search(self.buf, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._more_pending()):
                    raise Failed(f"{what or pattern!r} not seen within {timeout:.0f} s; console tail:\n"
                                 + self.buf[-1500:].decode("utf-8", "replace"))
                self.lock.wait(min(left, 0.5))

    def _more_pending(self):
        return False

    def ready(self):
        """Wait for the banner; return its text (up to the shell prompt)."""
        self.wait_for(r"^lifeboat ready\r?$", what="lifeboat ready")
        start = self.pos
        self.wait_for(PROMPT, what="shell prompt")
        return self.buf[start:self.pos].decode("utf-8", "replace")

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def sh(self, cmd, timeout=60):
        """Run cmd in the console shell; return (status, output)."""
        self.seq += 1
        n = self.seq
        # the quotes split the markers in the echoed command line, not in the output
        self.send(f"echo '@@BEG''IN{n}@@'; {cmd}; echo \"@@E\"\"ND{n} $?@@\"\n")
        self.wait_for(rf"@@BEGIN{n}@@\r?\n", timeout, what=f"start of {cmd!r}")
        start = self.pos
        m = self.wait_for(rf"@@END{n} (\d+)@@", timeout, what=f"end of {cmd!r}")
        body = self.buf[start:m.start()].decode("utf-8", "replace").replace("\r\n", "\n")
        # PID 1's news on the consoles (an address came, the root changed, diagnose is done)
        # may land in the middle of a command's output: it is not the command's
        body = NEWS.sub("", body)
        # the shell is ready for the next command only once it prompts again
        self.wait_for(PROMPT, timeout, what=f"prompt after {cmd!r}")
        return int(m.group(1)), body

    def disk_report(self):
        """lifeboat disks --json, read on the console, as a dict."""
        _, text = self.sh("lifeboat disks --json")
        return json_of(text)

    def hmp(self, command):
        """Send one command to QEMU's human monitor; return what it printed."""
        with socket.socket(socket.AF_UNIX) as m:
            m.settimeout(10)
            m.connect(self.monitor)
            reply = b""
            while not reply.endswith(b"(qemu) "):
                reply += m.recv(4096)
            m.sendall(command.encode() + b"\n")
            reply = b""
            while not reply.endswith(b"(qemu) "):
                reply += m.recv(4096)
            return reply.decode("utf-8", "replace")

    def power_cut(self):
        """The monitor's quit: QEMU ends at once, as a machine whose power fails (the
        guest's unwritten caches are lost); it does not answer, so nothing is waited for."""
        with socket.socket(socket.AF_UNIX) as m:
            m.settimeout(10)
            m.connect(self.monitor)
            reply = b""
            while not reply.endswith(b"(qemu) "):
                reply += m.recv(4096)
            m.sendall(b"quit\n")
            # QEMU reads the line before it sees the socket close: wait for it to go
            try:
                while m.recv(4096):
                    pass
            except OSError:
                pass

    def ssh(self, key, command, timeout=90, password=None):
        """Run command over SSH as root with key (or password: then keys are not
        offered) until the server answers (DHCP and dropbear start after the
        banner); return (status, output)."""
        deadline = time.monotonic() + timeout
        args = ["ssh", "-p", str(self.ssh_port), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"]
        env = dict(os.environ)
        if password is None:
            args += ["-i", key, "-o", "BatchMode=yes"]
        else:
            # ssh reads a password only from a terminal or SSH_ASKPASS
            askpass = os.path.join(self.tmp.name, "askpass")
            with open(askpass, "w") as f:
                f.write("#!/bin/sh\ncat \"$0.txt\"\n")
            with open(askpass + ".txt", "w") as f:
                f.write(password + "\n")
            os.chmod(askpass, 0o700)
            env.update(SSH_ASKPASS=askpass, SSH_ASKPASS_REQUIRE="force", DISPLAY=":0")
            args += ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
                     "-o", "NumberOfPasswordPrompts=1"]
        while True:
            r = subprocess.run(args + ["root@127.0.0.1", command], env=env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=max(60, timeout))
            # 255 with "Connection refused/reset/closed": not up yet; anything else is an answer
            up_yet = not (r.returncode == 255 and any(w in r.stderr for w in
                          ("refused", "reset", "closed", "timed out", "kex_exchange")))
            if up_yet or time.monotonic() > deadline:
                return r.returncode, r.stdout + r.stderr
            time.sleep(1)

    def wait_exit(self, timeout=60):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failed(f"QEMU still running after {timeout} s; console tail:\n" + self.text()[-1500:])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.tmp.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keypair(directory, name):
    """A fresh ed25519 key pair; returns (private key path, public key line)."""
    path = os.path.join(directory, name)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test", "-f", path], check=True)
    with open(path + ".pub") as f:
        return path, f.read().strip()


def esp_image(directory, efi, name="esp.img"):
    """A FAT disk image (32 MiB) holding the UEFI executable efi as the removable-media
    boot path, \\EFI\\BOOT\\BOOTX64.EFI, which UEFI firmware starts with no boot entry."""
    img = os.path.join(directory, name)
    subprocess.run(["mkfs.vfat", "-C", img, str(32 * 1024)], check=True, capture_output=True)
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mmd", "-i", img, "::EFI", "::EFI/BOOT"], check=True, env=env)
    subprocess.run(["mcopy", "-i", img, efi, "::EFI/BOOT/BOOTX64.EFI"], check=True, env=env)
    return img


def blank_disk(directory, name, mib):
    """A sparse, all-zero raw disk image of mib MiB; returns its path."""
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.truncate(mib << 20)
    return path


def json_of(text):
    """The first JSON object in text (console output may carry other lines after it)."""
    import json
    return json.JSONDecoder().raw_decode(text[text.index("{"):])[0]


def check(cond, msg):
    if not cond:
        raise Failed(msg)
