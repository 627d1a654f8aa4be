"""Network boot the way providers do it: the NIC's iPXE ROM takes DHCP from
QEMU's user network, loads an iPXE script over TFTP, and that script loads
out/vmlinuz and out/initramfs.img with a command line carrying a key (in the
b64: form, so no quoting is needed). lifeboat comes up and the key lets root
in; a key the script did not carry is refused."""
import base64
import os
import shutil
import tempfile
from vm import Vm, check, keypair


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
