"""Keys passed through QEMU's fw_cfg (opt/lifeboat/authorized_keys) let root in
over SSH; a comment line is skipped, a broken line is refused and logged, and a
key that is not in the file is refused by the server. Options before a key are
dropped: a command= key gets a normal session. A 16 KiB line (16384 bytes, long
options) is taken; a line one byte longer is refused and its key kept out."""
import tempfile
from vm import Vm, check, keypair

LINE_MAX = 16384


def padded(pub, length):
    """pub behind an environment= option that makes the line exactly length bytes."""
    head, tail = 'environment="PAD=', f'" {pub}'
    return head + "x" * (length - len(head) - len(tail)) + tail


def run(out):
    with tempfile.TemporaryDirectory() as tmp:
        key, pub = keypair(tmp, "provider")
        stranger, _ = keypair(tmp, "stranger")
        forced, forced_pub = keypair(tmp, "forced")
        big, big_pub = keypair(tmp, "big")
        huge, huge_pub = keypair(tmp, "huge")
        path = f"{tmp}/authorized_keys"
        with open(path, "w") as f:
            f.write(f"# keys from the control panel\r\n\nssh-ed25519 AAAAbroken x\n{pub}\n"
                    f'command="echo pwned",no-pty {forced_pub}\n'
                    f"{padded(big_pub, LINE_MAX)}\n{padded(huge_pub, LINE_MAX + 1)}\n")
        with Vm(out, ssh=True, extra=["-fw_cfg", f"name=opt/lifeboat/authorized_keys,file={path}"]) as v:
            banner = v.ready()
            check("ssh       port 22, 3 key(s): fw_cfg 3" in banner, f"fw_cfg keys not counted:\n{banner}")
            check("fw_cfg key #1 refused: key data is not a valid base64 key blob" in v.text(),
                  "the broken line's refusal is not on the console")
            check("fw_cfg key #5 refused: longer than 16 KiB" in v.text(), "the 16 KiB + 1 line's refusal")
            rc, text = v.ssh(key, "cat /root/.ssh/authorized_keys")
            check(rc == 0 and text.split("\n")[:3] == [pub, forced_pub, big_pub],
                  f"authorized_keys is not the three keys without options: {rc} {text!r}")
            rc, text = v.ssh(forced, "echo mine")
            check(rc == 0 and "mine" in text and "pwned" not in text, f"the command= option was kept: {rc} {text}")
            rc, text = v.ssh(big, "echo big")
            check(rc == 0 and "big" in text, f"the 16 KiB line's key: {rc} {text}")
            rc, text = v.ssh(huge, "true")
            check(rc == 255 and "Permission denied" in text, f"the over-long line's key got in: {rc} {text}")
            rc, text = v.ssh(stranger, "true")
            check(rc == 255 and "Permission denied" in text, f"a stranger's key: {rc} {text}")
