"""An EC2-style metadata service (a script on the host that QEMU's guestfwd
runs for each connection to 169.254.169.254:80) gives the key, with IMDSv2
tokens; lifeboat finds it because the firmware says "Amazon EC2". Twins: the
same machine without that word asks nothing, and a key not served is refused."""
import json
import os
import tempfile
import time
from vm import Vm, check, keypair

HERE = os.path.dirname(os.path.abspath(__file__))


def netopts(log, pub):
    # the metadata address must lie inside the user network for guestfwd: use 169.254/16
    cmd = f"python3 {HERE}/helpers/metadata.py {log} {pub.split()[0]}:{pub.split()[1]}"
    return f",net=169.254.0.0/16,guestfwd=tcp:169.254.169.254:80-cmd:{cmd}"


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "ec2")
        stranger, _ = keypair(tmp, "stranger")
        log = f"{tmp}/requests.log"
        opts = netopts(log, pub)
        with Vm(out, ssh=True, netopts=opts, extra=["-smbios", "type=1,manufacturer=Amazon EC2"]) as v:
            v.ready()
            for _ in range(60):
                rc, text = v.sh("dmesg | grep 'ec2 metadata:' | tail -1")
                if "new key(s)" in text or "giving up" in text:
                    break
                time.sleep(1)
            check("ec2 metadata: 1 new key(s)" in text, f"the metadata job: {text}")
            # PID 1 redoes its report a moment after the job's news
            for _ in range(20):
                rc, text = v.ssh(key, "lifeboat status --json")
                check(rc == 0, f"ssh with the metadata key: {rc} {text}")
                st = json.loads(text)
                if "ec2 metadata 1" in st["ssh"]["state"]:
                    break
                time.sleep(0.5)
            check("ec2 metadata 1" in st["ssh"]["state"] and st["ssh"]["keys"] == 1, f"source not in status: {st['ssh']}")
            rc, text = v.ssh(stranger, "true")
            check(rc == 255 and "Permission denied" in text, f"a key not served: {rc} {text}")
            reqs = open(log).read()
            check("PUT /latest/api/token token=-" in reqs and
                  "GET /latest/meta-data/public-keys/0/openssh-key token=lifeboat-test-token" in reqs,
                  f"IMDSv2 not used: {reqs}")
        os.unlink(log)
        with Vm(out, ssh=True, netopts=opts) as v:
            v.ready()
            # the choice is made before the banner: not EC2, so nothing is asked
            rc, text = v.sh("dmesg | grep -c 'ec2 metadata'")
            check(text.strip() == "0", f"the metadata job ran on a machine that is not EC2: {text}")
            check(not os.path.exists(log), "a machine that is not EC2 asked the metadata service")
            rc, text = v.ssh(key, "true", timeout=20)
            check(rc == 255, f"the key got in without any metadata: {rc} {text}")
