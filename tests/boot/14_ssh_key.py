"""A key on the command line lets root in over SSH once DHCP has the guest on
QEMU's user network: `lifeboat status --json` answers, with the same host key
fingerprints the banner shows (ED25519, and ECDSA made beside
dropbear), and no RSA host key (a client that prefers one gets ED25519). Another key is refused, a weak RSA key is refused
at boot, and with keys only no password is accepted."""
import json
import socket
import subprocess
import tempfile
import time
from vm import Vm, check, free_port, keypair


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
            check(isinstance(st.get("uptime_s"), int) and st["uptime_s"] >= 1, f"no uptime in status: {st}")
            rc, text = v.ssh(key, "stat -c '%a %n' /run/lifeboat/ssh/*_host_key; cat /etc/motd")
            check(text.count("600 /run/lifeboat/ssh/") == 2, f"host key modes: {text}")
            check("lifeboat rescue system" in text and "connect   ssh root@10.0.2.15" in text and
                  "lifeboat status" in text and "lifeboat ready" not in text, f"motd: {text}")
            fp = [f for f in st["ssh"]["fingerprints"] if f.endswith("(ED25519)")][0].split()[0]
            scan = subprocess.run(f"ssh-keyscan -p {v.ssh_port} -t ed25519 127.0.0.1 2>/dev/null | ssh-keygen -lf -",
                                  shell=True, capture_output=True, text=True)
            check(fp in scan.stdout, f"banner fingerprint {fp} is not the server's: {scan.stdout!r}")
            # the ECDSA key is made beside dropbear (-R): the server that started without it offers
            # the key the banner shows; RSA host keys stay off (-R alone would make one on demand)
            ec = [f for f in st["ssh"]["fingerprints"] if f.endswith("(ECDSA)")]
            check(len(ec) == 1 and ec[0] in banner, f"no ECDSA fingerprint in the banner and status: {st}")
            scan = subprocess.run(f"ssh-keyscan -p {v.ssh_port} -t ecdsa 127.0.0.1 2>/dev/null | ssh-keygen -lf -",
                                  shell=True, capture_output=True, text=True)
            check(ec[0].split()[0] in scan.stdout, f"banner ECDSA fingerprint {ec} is not the server's: {scan.stdout!r}")
            scan = subprocess.run(["ssh-keyscan", "-p", str(v.ssh_port), "-t", "rsa", "127.0.0.1"],
                                  capture_output=True, text=True)
            check("ssh-rsa" not in scan.stdout, f"an RSA host key is offered: {scan.stdout!r}")
            rc, text = v.ssh(stranger, "true")
            check(rc == 255 and "Permission denied" in text, f"a stranger's key: {rc} {text}")
            # no forwarding of any kind: -R is refused outright; -L is set up on this
            # side, so a connection through it must find the channel refused
            base = ["ssh", "-i", key, "-p", str(v.ssh_port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null"]
            # a client that prefers RSA host keys (an RSA known_hosts entry for the address) is
            # given ED25519, not an RSA signature from a server without an RSA key
            r = subprocess.run(base + ["-o", "HostKeyAlgorithms=rsa-sha2-512,rsa-sha2-256,ssh-rsa,ssh-ed25519",
                                       "-v", "root@127.0.0.1", "true"],
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
            check(r.returncode == 0 and "host key: ssh-ed25519" in r.stderr,
                  f"a client preferring RSA host keys: {r.returncode} {r.stderr[-400:]}")
            r = subprocess.run(base + ["-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22", "root@127.0.0.1", "true"],
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
            check(r.returncode == 255 and "remote port forwarding failed" in r.stderr, f"-R allowed: {r.stderr}")
            lport = free_port()
            fwd = subprocess.Popen(base + ["-L", f"127.0.0.1:{lport}:127.0.0.1:22", "root@127.0.0.1", "sleep 8"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            got = b"?"
            for _ in range(40):
                try:
                    with socket.create_connection(("127.0.0.1", lport), timeout=5) as c:
                        c.settimeout(5)
                        got = c.recv(64)
                    break
                except OSError:
                    time.sleep(0.25)
            _, err = fwd.communicate(timeout=60)
            check(not got.startswith(b"SSH-"), f"-L reached the guest's port 22: {got!r}")
            check("open failed" in err, f"-L channel not refused by the server: {err}")
            rc, text = v.ssh(key, "echo agent=${SSH_AUTH_SOCK:-none}")
            check(rc == 0 and "agent=none" in text, f"agent forwarding offered: {text}")
            # twin: the same command without forwarding works, so the refusals above are the server's
            rc, _ = v.ssh(key, "true")
            check(rc == 0, "plain ssh failed")
            # dropbear killed outright comes back under supervision
            rc, _ = v.sh("kill -9 $(cat /run/lifeboat/ssh/dropbear.pid)")
            check(rc == 0, "could not kill dropbear")
            rc, text = v.ssh(key, "dmesg | grep 'dropbear (pid'")
            check(rc == 0, f"no SSH after dropbear was killed: {rc} {text}")
            # back within 2 s: the supervisor's first restart comes after 250 ms (make bench times it)
            check("killed by signal 9" in text and "restart in 250 ms" in text, f"restart delay: {text}")
            # keys only: a password is not even asked for
            rc, text = v.ssh(None, "true", password="anything")
            check(rc == 255 and "Permission denied" in text, f"password login with only keys: {rc} {text}")
