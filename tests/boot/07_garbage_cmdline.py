"""4 KiB of garbage on the command line (the kernel keeps 2 KiB of it) is logged, on
the console too, and ignored; the boot goes on to the banner. A clean command line
ignores nothing (01_ready)."""
import random
from vm import Vm, check


def garbage(n):
    rnd = random.Random(7)
    data = bytearray()
    while len(data) < n:
        b = rnd.randrange(1, 256)
        data.append(b)
    text = data.decode("latin-1")
    # words the kernel itself acts on would test the kernel, not lifeboat
    for word in ("init=", "panic", "console", "root", "--", "quiet", "loglevel", "lifeboat.menu"):
        text = text.replace(word, "x")
    return text


def run(out):
    g = garbage(4096 - 40)
    # quiet: the kernel keeps warnings off the console, so what is seen there is lifeboat's own
    with Vm(out, append="console=ttyS0 quiet lifeboat.nonsense=1 " + g) as v:
        banner = v.ready()
        check("lifeboat: unknown parameter lifeboat.nonsense ignored" in v.text(),
              "the warning did not reach the console")
        check("word(s) ignored" in banner, f"banner does not mention the ignored words:\n{banner}")
        rc, text = v.sh("dmesg | grep -c 'lifeboat: unknown parameter lifeboat.nonsense ignored'")
        check(text.strip() == "1", f"unknown parameter not logged once: {text!r}")
