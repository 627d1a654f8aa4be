"""A serial console that nobody reads does not stop SSH logins. A second UART
goes to a pipe that is never drained; once it is full, printk would wait on it
up to 10 ms a character, and dropbear logs every connection. After the banner
PID 1 leaves the kernel's messages below errors to dmesg, so three logins in a
row work. The twin: loglevel= on the command line is the operator's choice and
is kept."""
import os
import re
import tempfile
from vm import Vm, check, keypair


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "operator")
        pipe = os.path.join(tmp, "ttyS1")
        os.mkfifo(pipe + ".in")
        os.mkfifo(pipe + ".out")
        uart = ["-chardev", f"pipe,id=stuck,path={pipe}", "-device", "isa-serial,chardev=stuck"]
        with Vm(out, append=f'console=ttyS1 console=ttyS0 lifeboat.ssh_key="{pub}"', ssh=True, extra=uart) as v:
            v.ready()
            rc, text = v.sh("cut -f1 /proc/sys/kernel/printk")
            check(rc == 0 and text.strip() == "4", f"the console level after the banner: {text}")
            # fill the never-read UART: the writer blocks in the background, the buffers stay full
            rc, _ = v.sh("head -c 300000 /dev/zero | tr '\\0' x > /dev/ttyS1 & sleep 3")
            for i in range(3):
                rc, text = v.ssh(key, f"echo login-{i}; dmesg | grep -c 'Child connection'", timeout=120)
                check(rc == 0 and f"login-{i}" in text, f"login {i} with the UART full: {rc} {text}")
        with Vm(out, append="console=ttyS0 loglevel=7") as v:
            v.ready()
            # at level 7 the kernel's own lines may land in the middle of the output: a marked value
            rc, text = v.sh("echo \"level=$(cut -f1 /proc/sys/kernel/printk)=\"")
            check(rc == 0 and re.search(r"^level=7=\r?$", text, re.M), f"loglevel=7 not kept: {text}")
