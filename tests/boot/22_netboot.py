"""Network boot the way providers do it: the NIC's iPXE ROM takes DHCP from
QEMU's user network, loads an iPXE script over TFTP, and that script loads
out/vmlinuz and out/initramfs.img with a command line carrying a key (in the
b64: form, so no quoting is needed). lifeboat comes up and the key lets root
in; a key the script did not carry is refused.

Then the way `make image` publishes it: the TFTP script only sets lifeboat_args
and chains out/lifeboat.ipxe over HTTP (a server on 127.0.0.1, which the guest
reaches as 10.0.2.2); lifeboat.ipxe fetches the pair from its own directory and
boots it with its default command line and those arguments."""
import base64
import functools
import http.server
import os
import shutil
import tempfile
import threading
from vm import Vm, check, keypair


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chained(out, tmp, key, pub, stranger):
    """The HTTP directory of make image's outputs, chained into from a TFTP script."""
    web = os.path.join(tmp, "web", "lb")
    os.makedirs(web)
    for f in ("lifeboat.ipxe", "vmlinuz", "initramfs.img"):
        shutil.copy(os.path.join(out, f), web)
    fetched = []

    class Logged(Quiet):
        def do_GET(self):
            fetched.append(self.path)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Logged, directory=os.path.join(tmp, "web")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        tftp = os.path.join(tmp, "tftp2")
        os.mkdir(tftp)
        b64 = base64.urlsafe_b64encode(pub.encode()).decode().rstrip("=")
        with open(os.path.join(tftp, "boot.ipxe"), "w") as f:
            f.write("#!ipxe\n"
                    f"set lifeboat_args lifeboat.menu=0 loglevel=4 lifeboat.ssh_key=b64:{b64}\n"
                    f"chain http://10.0.2.2:{server.server_address[1]}/lb/lifeboat.ipxe\n")
        with Vm(out, ssh=True, kernel=False, netopts=f",tftp={tftp},bootfile=boot.ipxe") as v:
            banner = v.ready()
            check("1 key(s): command line 1" in banner, f"chained: the key is not in the banner:\n{banner}")
            check(fetched == ["/lb/lifeboat.ipxe", "/lb/vmlinuz", "/lb/initramfs.img"],
                  f"chained: what was fetched over HTTP: {fetched}")
            rc, text = v.ssh(key, "cat /proc/cmdline")
            check(rc == 0 and "console=tty0 console=ttyS0,115200" in text and "lifeboat.menu=0" in text,
                  f"chained: ssh, the script's default command line and lifeboat_args: {rc} {text}")
            rc, text = v.ssh(stranger, "true")
            check(rc == 255 and "Permission denied" in text, f"chained: a key lifeboat_args did not carry: {rc} {text}")
    finally:
        server.shutdown()
        server.server_close()


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "pxe")
        stranger, _ = keypair(tmp, "stranger")
        tftp = os.path.join(tmp, "tftp")
        os.mkdir(tftp)
        for f in ("vmlinuz", "initramfs.img"):
            shutil.copy(os.path.join(out, f), tftp)
        b64 = base64.urlsafe_b64encode(pub.encode()).decode().rstrip("=")
        with open(os.path.join(tftp, "boot.ipxe"), "w") as f:
            f.write("#!ipxe\n"
                    f"kernel tftp://10.0.2.2/vmlinuz console=ttyS0 loglevel=4 lifeboat.menu=0 lifeboat.ssh_key=b64:{b64}\n"
                    "initrd tftp://10.0.2.2/initramfs.img\n"
                    "boot\n")
        # no -kernel: the only way to this kernel and command line is the TFTP server
        with Vm(out, ssh=True, kernel=False, netopts=f",tftp={tftp},bootfile=boot.ipxe") as v:
            banner = v.ready()
            check("1 key(s): command line 1" in banner, f"the script's key is not in the banner:\n{banner}")
            rc, text = v.ssh(key, "cat /proc/cmdline")
            check(rc == 0 and "lifeboat.ssh_key=b64:" in text, f"ssh after a network boot: {rc} {text}")
            rc, text = v.ssh(stranger, "true")
            check(rc == 255 and "Permission denied" in text, f"a key the script did not carry: {rc} {text}")
        chained(out, tmp, key, pub, stranger)
