"""Keys passed through QEMU's fw_cfg (opt/lifeboat/authorized_keys) let root in
over SSH; a comment line is skipped, a broken line is refused and logged, and a
key that is not in the file is refused by the server."""
import tempfile
from vm import Vm, check, keypair


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "provider")
        stranger, _ = keypair(tmp, "stranger")
        path = f"{tmp}/authorized_keys"
        with open(path, "w") as f:
            f.write(f"# keys from the control panel\r\n\nssh-ed25519 AAAAbroken x\n{pub}\n")
        with Vm(out, ssh=True, extra=["-fw_cfg", f"name=opt/lifeboat/authorized_keys,file={path}"]) as v:
            banner = v.ready()
            check("ssh       port 22, 1 key(s): fw_cfg 1" in banner, f"fw_cfg key not counted:\n{banner}")
            check("fw_cfg key #1 refused: key data is not a valid base64 key blob" in v.text(),
                  "the broken line's refusal is not on the console")
            rc, text = v.ssh(key, "cat /root/.ssh/authorized_keys")
            check(rc == 0 and text.strip() == pub, f"ssh with the fw_cfg key: {rc} {text!r}")
            rc, text = v.ssh(stranger, "true")
            check(rc == 255 and "Permission denied" in text, f"a stranger's key: {rc} {text}")
