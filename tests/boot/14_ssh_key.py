"""A key on the command line lets root in over SSH once DHCP has the guest on
QEMU's user network: `lifeboat status --json` answers, with the same host key
fingerprint the banner shows. Another key is refused, a weak RSA key is refused
at boot, and with keys only no password is accepted."""
import json
import subprocess
import tempfile
from vm import Vm, check, keypair


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "operator")
        stranger, _ = keypair(tmp, "stranger")
        subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", f"{tmp}/weak"], check=True)
        weak = open(f"{tmp}/weak.pub").read().strip()
        append = f'console=ttyS0 lifeboat.ssh_key="{pub}" lifeboat.ssh_key="{weak}"'
        with Vm(out, append=append, ssh=True) as v:
            banner = v.ready()
            check("ssh       port 22, 1 key(s): command line 1" in banner, f"ssh not in banner:\n{banner}")
            check("(ED25519)" in banner, f"no host key fingerprint:\n{banner}")
            check("lifeboat: lifeboat.ssh_key key #2 refused: RSA key shorter than 2048 bits" in v.text(),
                  "the weak key's refusal is not on the console")
            rc, text = v.ssh(key, "lifeboat status --json")
            check(rc == 0, f"ssh with the provisioned key: {rc} {text}")
            st = json.loads(text)
            fp = [f for f in st["ssh"]["fingerprints"] if f.endswith("(ED25519)")][0].split()[0]
            scan = subprocess.run(f"ssh-keyscan -p {v.ssh_port} -t ed25519 127.0.0.1 2>/dev/null | ssh-keygen -lf -",
                                  shell=True, capture_output=True, text=True)
            check(fp in scan.stdout, f"banner fingerprint {fp} is not the server's: {scan.stdout!r}")
            rc, text = v.ssh(stranger, "true")
            check(rc == 255 and "Permission denied" in text, f"a stranger's key: {rc} {text}")
            # keys only: a password is not even asked for
            rc, text = v.ssh(None, "true", password="anything")
            check(rc == 255 and "Permission denied" in text, f"password login with only keys: {rc} {text}")
