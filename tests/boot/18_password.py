"""With no credential at all, a one-time password appears on the local console,
and SSH takes it; it is in no kernel log, no process's command line or
environment, and no file under /run or /tmp. A provisioned crypt(3) hash works
instead, and then no one-time password is made. Wrong passwords are refused."""
import re
import subprocess
from vm import Vm, check

# every process's command line and environment, everything under /run and /tmp, the kernel log
LEAKS = ("for f in /proc/[0-9]*/cmdline /proc/[0-9]*/environ; do "
         "grep -qF -f /root/.pw $f 2>/dev/null && echo LEAK $f; done; "
         "grep -rlF -f /root/.pw /run /tmp 2>/dev/null | sed 's/^/LEAK /'; "
         "dmesg | grep -qF -f /root/.pw && echo LEAK dmesg; echo checked")


def run(out):
    with Vm(out, ssh=True) as v:
        banner = v.ready()
        check("ssh       port 22, one-time password (shown on the local consoles only)" in banner,
              f"one-time password not announced:\n{banner}")
        m = re.search(r"one-time root password: (\S+)", v.text())
        check(m is not None, "no one-time password on the console")
        pw = m.group(1)
        check(len(pw) >= 20, f"password too short: {len(pw)}")
        rc, text = v.ssh(None, "lifeboat status --json", password=pw)
        check(rc == 0 and '"ready":true' in text, f"ssh with the one-time password: {rc} {text}")
        rc, text = v.ssh(None, "true", password=pw + "x")
        check(rc == 255 and "Permission denied" in text, f"wrong password: {rc} {text}")
        # the password goes into a file through the console's input, never a command line
        v.send("read -r p; printf %s \"$p\" > /root/.pw; unset p\n")
        v.send(pw + "\n")
        v.wait_for(r"lifeboat:[^\r\n]*# ", timeout=30, what="prompt after read")
        rc, text = v.sh(LEAKS)
        check("checked" in text and "LEAK" not in text, f"the password leaked: {text}")
        # twin: the leak check finds what is there
        rc, text = v.sh("echo marker-$(cat /root/.pw) > /tmp/leak.txt; " + LEAKS + "; rm /tmp/leak.txt")
        check("LEAK /tmp/leak.txt" in text, f"the leak check misses a planted copy: {text}")

    hashed = subprocess.run(["openssl", "passwd", "-6", "-salt", "lifeboatsalt", "provided-secret"],
                            capture_output=True, text=True, check=True).stdout.strip()
    with Vm(out, append=f"console=ttyS0 lifeboat.password_hash={hashed}", ssh=True) as v:
        banner = v.ready()
        check("password (hash from the command line)" in banner, f"hash not used:\n{banner}")
        check("one-time root password" not in v.text(), "one-time password made although a hash was given")
        rc, text = v.ssh(None, "true", password="provided-secret")
        check(rc == 0, f"ssh with the provisioned password: {rc} {text}")
        rc, text = v.ssh(None, "true", password="provided-secreT")
        check(rc == 255, f"wrong password accepted: {rc} {text}")
