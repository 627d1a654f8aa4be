"""The SSH door under attack, with a key provisioned. The server offers no
ssh-dss, no RSA host key, no hmac-sha1 and no Diffie-Hellman group 1, and does
offer the strict key exchange against Terrapin; a client that insists on any of
those is refused (the twins). 1,000 wrong keys over 100 connections, for root
and for a user who does not exist, let no one in, and PID 1 and dropbear grow
by less than 10 MiB; the right key still works afterwards."""
import os
import re
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from vm import Vm, check, keypair

RSS = ("for p in 1 $(cat /run/lifeboat/ssh/dropbear.pid); do grep VmRSS /proc/$p/status; done; "
       "for p in /proc/[0-9]*; do readlink $p/exe; done 2>/dev/null | grep -c dropbearmulti")


def proposal(verbose):
    """The server's KEXINIT lists, from ssh -vv: {"KEX algorithms": [...], ...}."""
    lists, seen = {}, False
    for line in verbose.splitlines():
        if "peer server KEXINIT proposal" in line:
            seen = True
        elif seen and line.startswith("debug2: ") and ": " in line[8:]:
            name, _, items = line[8:].partition(": ")
            lists.setdefault(name, items.split(","))
        elif seen and "first_kex_follows" in line:
            break
    return lists


def rss_kib(text):
    return sum(int(x) for x in re.findall(r"VmRSS:\s+(\d+) kB", text))


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "operator")
        wrong = [keypair(tmp, f"wrong{i}")[0] for i in range(10)]
        with Vm(out, append=f'console=ttyS0 lifeboat.ssh_key="{pub}"', ssh=True) as v:
            v.ready()
            rc, _ = v.ssh(key, "true")
            check(rc == 0, "no login with the provisioned key")
            base = ["ssh", "-p", str(v.ssh_port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "BatchMode=yes", "-o", "ConnectTimeout=20"]

            r = subprocess.run(base + ["-vv", "-i", key, "root@127.0.0.1", "true"], stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=120)
            offered = proposal(r.stderr)
            kex, hostkeys = offered.get("KEX algorithms", []), offered.get("host key algorithms", [])
            macs = offered.get("MACs ctos", []) + offered.get("MACs stoc", [])
            check(r.returncode == 0 and kex and hostkeys and macs, f"no server proposal in ssh -vv: {r.stderr[-2000:]}")
            check("kex-strict-s-v00@openssh.com" in kex, f"no strict key exchange offered: {kex}")
            check(not {"diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1"} & set(kex), f"weak kex: {kex}")
            check(not {"ssh-dss", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"} & set(hostkeys),
                  f"host key algorithms: {hostkeys}")
            check("ssh-ed25519" in hostkeys, f"no ed25519 host key: {hostkeys}")
            check(not [m for m in macs if m.startswith("hmac-sha1") or m.startswith("hmac-md5")], f"MACs: {macs}")
            # the twins: a client that insists on what is missing gets no connection
            # (a MAC is only negotiated with a cipher that has none of its own: aes128-ctr, not chacha20)
            for opts, what in ((["Ciphers=aes128-ctr", "MACs=hmac-sha1"], "no matching MAC"),
                               (["KexAlgorithms=diffie-hellman-group1-sha1"], "no matching key exchange"),
                               (["HostKeyAlgorithms=ssh-dss"], "no matching host key type")):
                args = [w for o in opts for w in ("-o", o)]
                r = subprocess.run(base + args + ["-i", key, "root@127.0.0.1", "true"], stdin=subprocess.DEVNULL,
                                   capture_output=True, text=True, timeout=120)
                check(r.returncode == 255 and what in r.stderr, f"{opts}: {r.returncode} {r.stderr.strip()}")
            # and the same cipher with a MAC it has works
            r = subprocess.run(base + ["-o", "Ciphers=aes128-ctr", "-o", "MACs=hmac-sha2-256", "-i", key,
                                       "root@127.0.0.1", "true"], stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=120)
            check(r.returncode == 0, f"aes128-ctr with hmac-sha2-256: {r.returncode} {r.stderr.strip()}")

            rc, before = v.ssh(key, RSS)
            check(rc == 0 and rss_kib(before) > 0, f"RSS before: {before}")

            # 100 connections, each offering 10 wrong keys: root and a user who does not exist
            def attempt(i):
                user = "root" if i % 2 else "nosuchuser"
                args = base + ["-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey"]
                for w in wrong:
                    args += ["-i", w]
                # dropbear takes 5 unauthenticated connections per address at most: one closed
                # at the identification (a lingering child) is tried again, so that all 100 reach
                # authentication
                for _ in range(5):
                    r = subprocess.run(args + [f"{user}@127.0.0.1", "echo IN"], stdin=subprocess.DEVNULL,
                                       capture_output=True, text=True, timeout=180)
                    if "kex_exchange_identification" not in r.stderr:
                        break
                    time.sleep(0.5)
                return r.returncode, r.stdout + r.stderr
            with ThreadPoolExecutor(max_workers=3) as pool:
                results = list(pool.map(attempt, range(100)))
            got_in = [t for rc, t in results if rc == 0 or "IN" in t.split()]
            check(not got_in, f"a wrong key got in: {got_in[:2]}")
            denied = sum(1 for rc, t in results if rc == 255 and "Permission denied" in t)
            check(denied == 100, f"{denied} of 100 connections refused with 'Permission denied': "
                                 f"{[t for rc, t in results if 'Permission denied' not in t][:3]}")

            rc, after = v.ssh(key, RSS + "; dmesg | grep -c 'Pubkey auth succeeded'")
            check(rc == 0, f"the right key after the attack: {rc} {after}")
            growth = rss_kib(after) - rss_kib(before)
            check(growth < 10 * 1024, f"PID 1 and dropbear grew by {growth} KiB: {before} -> {after}")
            # one listener and this session's process left: no child of the attack lingers
            lines = after.split()
            check(int(lines[-2]) <= 3, f"dropbear processes after the attack: {after}")
            # every login that succeeded is one of ours: the 3 before and this one
            check(int(lines[-1]) == 5, f"logins in the kernel log: {after}")
