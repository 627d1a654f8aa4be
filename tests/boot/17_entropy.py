"""Host keys need a seeded random generator. On a CPU without RDRAND and with no
hardware RNG the console says so at PID 1's start, the kernel seeds it from
timer jitter while a child waits in the background, and SSH comes up;
with a virtio-rng device there is nothing to wait for, and neither with a seed
the hypervisor passes through fw_cfg (opt/lifeboat/random-seed), which is
credited."""
import os
import tempfile
from vm import Vm, check, keypair

WAITING = "random generator not seeded: no hardware RNG here"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "operator")
        append = f'console=ttyS0 lifeboat.ssh_key="{pub}"'
        with Vm(out, append=append, ssh=True, cpu="qemu64") as v:
            v.ready()
            check(WAITING in v.text(), "no word on the console about the unseeded generator")
            rc, text = v.ssh(key, "dmesg | grep 'random generator seeded after'")
            check(rc == 0, f"ssh without a hardware RNG: {rc} {text}")
        with Vm(out, append=append, ssh=True, cpu="qemu64", extra=["-device", "virtio-rng-pci"]) as v:
            v.ready()
            check(WAITING not in v.text(), "unseeded generator although virtio-rng was there")
            rc, text = v.ssh(key, "true")
            check(rc == 0, f"ssh with virtio-rng: {rc} {text}")
        seed = os.path.join(tmp, "seed")
        with open(seed, "wb") as f:
            f.write(os.urandom(64))
        with Vm(out, append=append, ssh=True, cpu="qemu64", extra=["-fw_cfg", f"name=opt/lifeboat/random-seed,file={seed}"]) as v:
            v.ready()
            check(WAITING not in v.text(), "unseeded generator although fw_cfg brought a seed")
            rc, text = v.ssh(key, "dmesg | grep -c '64 bytes of seed from fw_cfg credited'")
            check(rc == 0 and text.strip().endswith("1"), f"the seed is not in the log: {rc} {text}")
