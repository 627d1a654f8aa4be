"""What the end-to-end scenarios share: a real guest's disk (built once, cached,
copied fresh for each scenario), the rescue booted with that disk and reached
over SSH as a customer would, and the guest booted from its own disk."""
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, os.path.join(repo, "tests", "boot"))
from vm import Failed, Vm, check, keypair  # noqa: E402,F401

GUEST_BOOT_TIMEOUT = 420	# SeaBIOS, GRUB and Debian's own boot under TCG: about 90 s idle
# the guest's boot ends at its login prompt on the serial console, or in a panic
BOOTED = r"login: |Kernel panic|Gave up waiting for root|emergency mode|\(initramfs\) "

# the phases of the scenario running now, (name, seconds), and each guest's own
# build record (guest.env: how long its cold build took): run.py reports them
phases = []
guests = {}


def phase(name, t0):
    phases.append((name, round(time.monotonic() - t0, 1)))


def guest(out, flavour):
    """The cached guest's directory, built on first use (scripts/build-guest.sh)."""
    t0 = time.monotonic()
    r = subprocess.run([os.path.join(repo, "scripts", "build-guest.sh"), flavour, out], capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise Failed(f"guest {flavour} could not be built:\n{r.stderr[-2000:]}")
    # build-guest.sh logs "guest F: N s (…)" when it built the guest
    phase("guest build" if f"guest {flavour}: " in r.stderr else "guest build (cached)", t0)
    gdir = r.stdout.strip().splitlines()[-1]
    with open(os.path.join(gdir, "guest.env")) as f:
        guests[flavour] = dict(line.strip().split("=", 1) for line in f if "=" in line)
    return gdir


def fresh_disk(gdir, tmp):
    """A copy of the guest's disk for one scenario (sparse: only its data is copied)."""
    disk = os.path.join(tmp, "disk.img")
    subprocess.run(["cp", "--sparse=always", os.path.join(gdir, "disk.img"), disk], check=True)
    return disk


@contextlib.contextmanager
def scenario(out, flavour):
    """What a scenario starts from: the guest's directory, its key, a scratch
    directory, and a fresh copy of its disk there."""
    g = guest(out, flavour)
    with tempfile.TemporaryDirectory() as tmp:
        yield g, os.path.join(g, "id_ed25519"), tmp, fresh_disk(g, tmp)


class Rescue:
    """lifeboat booted with the guest's disk, the customer's key on the command line."""

    def __init__(self, out, disk, tmp):
        # one key per scenario: a second rescue boot reuses it
        self.key = os.path.join(tmp, "customer")
        if os.path.exists(self.key):
            with open(self.key + ".pub") as f:
                pub = f.read().strip()
        else:
            self.key, pub = keypair(tmp, "customer")
        self.vm = Vm(out, mem=512, rw_disks=[disk], ssh=True, diagnose=True,
                     append=f'console=ttyS0 loglevel=4 lifeboat.ssh_key="{pub}"')

    def __enter__(self):
        t0 = time.monotonic()
        self.vm.start()
        self.vm.ready()
        self.vm.ssh(self.key, "true", timeout=120)
        phase("rescue boot to SSH", t0)
        return self

    def ssh(self, command, timeout=600):
        t0 = time.monotonic()
        rc, text = self.vm.ssh(self.key, command, timeout=timeout)
        if command.startswith("lifeboat fix") or "| lifeboat fix" in command:
            phase("repair", t0)
        return rc, text

    def __exit__(self, *exc):
        # what the repairs wrote is on the disk: they sync and unmount before they answer
        self.vm.stop()


def boot_guest(out, disk, key, password=None, command="true", ends=BOOTED, timeout=GUEST_BOOT_TIMEOUT,
               blocked_within=0):
    """Boot the guest from its disk; once its boot ended (a login prompt, or not),
    run command over SSH with key or password. Returns (how it ended, rc, output).
    ends: what ends a boot; timeout: how long it may take, after which the
    boot is over with ended "" (a twin whose boot goes nowhere). blocked_within:
    a firewall twin; services that start late (firewalld) close the door some
    seconds after the login prompt, so SSH is tried again for up to this long
    until it fails, and the last answer counts."""
    t0 = time.monotonic()
    with Vm(out, kernel="disk", mem=1024, rw_disks=[disk], ssh=True) as g:
        try:
            ended = g.wait_for(ends, timeout=timeout, what="the guest's boot to end").group(0).decode()
        except Failed:
            if timeout == GUEST_BOOT_TIMEOUT:
                raise
            return "", None, g.text()[-2000:]
        if "login" not in ended:
            return ended, None, g.text()[-2000:]
        rc, text = g.ssh(key, command, timeout=30, password=password)
        until = time.monotonic() + blocked_within
        while rc == 0 and time.monotonic() < until:
            time.sleep(10)
            rc, text = g.ssh(key, command, timeout=30, password=password)
        if rc == 0:
            phase("guest boot to SSH", t0)
        return ended, rc, text


def new_password(text):
    m = re.search(r"new password: (\S+)", text)
    return m.group(1) if m else None
