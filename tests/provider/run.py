#!/usr/bin/env python3
"""run.py OUT: a provider's build, end to end, into OUT/provider.

Bad configurations stop the build with the message that names the mistake,
each the twin of a setting the good configuration has. The good one, built with
`make image CONFIG=…`, gives a lifeboat.efi that OVMF starts from a FAT disk:
the provider's name and message are in the banner, the overlay's files and the
extra program are there and run, the kernel fragment's option is built in, the
command line words are on the kernel's command line, and the staff key lets
root in while a stranger's is refused; with no customer credential the customer
still gets a one-time password. The provider's ISO under SeaBIOS, given a
customer key through fw_cfg, counts both keys apart and makes no password.
Prints one line a case and "N passed, N failed"."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, os.path.join(root, "tests", "boot"))
from vm import Failed, Vm, check, esp_image, keypair  # noqa: E402

NAME = "Example Hosting rescue"
MOTD = "Support: +1 555 0100, or a ticket at https://example.net/support\n\tOur staff log in with their own key.\n"
CMDLINE = "lifeboat.menu=0 lifeboat.diagnose=0 loglevel=4"

passed = failed = 0


def case(name, fn):
    global passed, failed
    t0 = time.monotonic()
    try:
        fn()
        passed += 1
        print(f"ok    {name} ({time.monotonic() - t0:.1f} s)", flush=True)
    except Exception as e:  # one failed case must not stop the others
        failed += 1
        print(f"FAIL  {name} ({time.monotonic() - t0:.1f} s): {e}", flush=True)


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def make_config(d, **change):
    """A good configuration in d (its files beside it); change: settings replaced
    (a value) or dropped (None). Returns the configuration's path."""
    settings = {
        "NAME": NAME,
        "MOTD": "motd.txt",
        "STAFF_KEYS": "staff.keys",
        "OVERLAY": "overlay",
        "KERNEL_FRAGMENTS": "ikconfig.config",
        "CMDLINE": CMDLINE,
        "EXTRA_BINARIES": "bin/provider-hello",
    }
    settings.update(change)
    path = os.path.join(d, "provider.conf")
    write(path, "# a provider's configuration, made by tests/provider/run.py\n" +
          "".join(f"{k} = {v}\n" for k, v in settings.items() if v is not None))
    return path


def build(out, config, expect_fail=None):
    """make image with config into out; expect_fail: the message the build must stop with."""
    r = subprocess.run(["make", "--no-print-directory", "-C", root, "image", f"OUT={out}", f"CONFIG={config}"],
                       capture_output=True, text=True)
    if expect_fail is None:
        check(r.returncode == 0, f"the good configuration did not build:\n{r.stdout[-2000:]}{r.stderr[-3000:]}")
        return
    check(r.returncode != 0, f"a bad configuration built (it should stop with {expect_fail!r})")
    check(expect_fail in r.stderr, f"stopped, but without {expect_fail!r}:\n{r.stderr[-1500:]}")


def main():
    out = os.path.abspath(sys.argv[1])
    pout = os.path.join(out, "provider")
    with tempfile.TemporaryDirectory(prefix="lifeboat-provider-") as d:
        staff, staff_pub = keypair(d, "staff")
        stranger, _ = keypair(d, "stranger")
        customer, customer_pub = keypair(d, "customer")
        write(os.path.join(d, "staff.keys"), f"# Example Hosting's support team\n{staff_pub}\n")
        write(os.path.join(d, "motd.txt"), MOTD)
        write(os.path.join(d, "overlay", "etc", "example", "hello.txt"), "a file from the provider's overlay\n")
        write(os.path.join(d, "overlay", "usr", "libexec", "example", "check"),
              "#!/bin/sh\necho the provider script ran\n", 0o755)
        write(os.path.join(d, "ikconfig.config"), "# /proc/config.gz: the provider wants to see the kernel's options\n"
              "CONFIG_IKCONFIG=y\nCONFIG_IKCONFIG_PROC=y\n")
        os.makedirs(os.path.join(d, "bin"))
        subprocess.run(["musl-gcc", "-static", "-Os", "-o", os.path.join(d, "bin", "provider-hello"),
                        os.path.join(here, "hello.c")], check=True)

        bad = os.path.join(d, "bad")
        os.makedirs(bad)

        def refused(name, expect, **change):
            def fn():
                build(os.path.join(out, "provider-bad"), make_config(d, **change) if change else bad_config, expect)
            case(f"refused: {name}", fn)

        # each bad setting stands in for a good one of the same kind
        bad_config = os.path.join(d, "typo.conf")
        write(bad_config, "NAEM = oops\n")
        refused("an unknown setting", "typo.conf:1: unknown setting NAEM")
        write(os.path.join(bad, "init"), "#!/bin/sh\n", 0o755)
        refused("an overlay that would replace /init", "would replace /init, lifeboat's PID 1", OVERLAY="bad")
        os.remove(os.path.join(bad, "init"))
        write(os.path.join(bad, "bin", "sh"), "#!/bin/sh\n", 0o755)
        refused("an overlay that would replace a shipped file", "would replace /bin/sh, which lifeboat ships",
                OVERLAY="bad")
        write(os.path.join(d, "bad.keys"), staff_pub + "\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBROKEN staff2\n")
        refused("a staff key that does not validate", "bad.keys:2: the key does not validate", STAFF_KEYS="bad.keys")
        write(os.path.join(d, "nosuch.config"), "CONFIG_IKCONFIG=y\nCONFIG_LIFEBOAT_NO_SUCH_OPTION=y\n")
        refused("a kernel option that does not exist", "CONFIG_LIFEBOAT_NO_SUCH_OPTION does not exist",
                KERNEL_FRAGMENTS="nosuch.config")
        shutil.copy("/bin/ls", os.path.join(d, "bin", "ls"))
        refused("a dynamically linked extra program", "bin/ls: dynamically linked", EXTRA_BINARIES="bin/ls")
        write(os.path.join(d, "loud.txt"), "hello\x1b[2J\n")
        refused("a message with an escape sequence", "loud.txt:1: control character 0x1b", MOTD="loud.txt")
        refused("a command line the boot loaders would change", "CMDLINE has $", CMDLINE="lifeboat.menu=$x")

        config = make_config(d)
        t0 = time.monotonic()
        case("the good configuration builds", lambda: build(pout, config))
        print(f"      provider build: {time.monotonic() - t0:.0f} s", flush=True)
        efi = os.path.join(pout, "lifeboat.efi")
        if not os.path.exists(efi):
            print(f"provider: {passed} passed, {failed + 1} failed")
            sys.exit(1)

        def efi_boot():
            esp = esp_image(d, efi)
            with Vm(pout, ssh=True, kernel="firmware", uefi=True, mem=512,
                    extra=["-drive", f"file={esp},format=raw,if=virtio"]) as v:
                flat = v.ready().replace("\r\n", "\n")
                # ready() gives what follows the line "lifeboat ready"
                check(flat.startswith(f"\n  provider  {NAME}\n"), f"the provider's name under the first line:\n{flat}")
                check(MOTD.rstrip("\n") in flat, f"the provider's message in the banner:\n{flat}")
                check("1 key(s): staff 1; one-time password" in flat,
                      f"the staff key counted apart, and a one-time password for the customer:\n{flat}")
                rc, text = v.sh("cat /etc/example/hello.txt; /usr/libexec/example/check; provider-hello")
                check(rc == 0 and "a file from the provider's overlay" in text and "the provider script ran" in text
                      and "hello from the provider's own program" in text, f"overlay and extra program: {rc} {text}")
                rc, text = v.sh("zcat /proc/config.gz | grep -c '^CONFIG_IKCONFIG_PROC=y'; cat /proc/cmdline")
                check(rc == 0 and text.split()[0] == "1" and CMDLINE in text,
                      f"the fragment's option, the command line: {rc} {text}")
                rc, text = v.sh("lifeboat status | grep '  ssh '; lifeboat status --json | grep -o '\"staff_keys\":[0-9]*'")
                check("staff 1" in text and '"staff_keys":1' in text, f"lifeboat status shows the staff key: {text}")
                rc, text = v.ssh(staff, "echo in as $(id -un)")
                check(rc == 0 and "in as root" in text, f"the staff key over SSH: {rc} {text}")
                rc, text = v.ssh(stranger, "true")
                check(rc == 255 and "Permission denied" in text, f"a stranger's key: {rc} {text}")
        case("lifeboat.efi from FAT under OVMF: name, message, overlay, program, fragment, staff key", efi_boot)

        def iso_boot():
            keys = os.path.join(d, "customer.keys")
            write(keys, customer_pub + "\n")
            iso = os.path.join(pout, "lifeboat.iso")
            with Vm(pout, ssh=True, kernel="firmware", boot="d", mem=512,
                    extra=["-drive", f"file={iso},media=cdrom,readonly=on,if=ide",
                           "-fw_cfg", f"name=opt/lifeboat/authorized_keys,file={keys}"]) as v:
                banner = v.ready().replace("\r\n", "\n")
                check("2 key(s): staff 1, fw_cfg 1\n" in banner and "password" not in banner.split("  ssh ")[1].split("\n")[0],
                      f"staff and customer keys apart, no password:\n{banner}")
                for k in (customer, staff):
                    rc, text = v.ssh(k, "true")
                    check(rc == 0, f"{os.path.basename(k)}'s key: {rc} {text}")
        case("lifeboat.iso under SeaBIOS: the staff key beside a customer's", iso_boot)
    print(f"provider: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    try:
        main()
    except Failed as e:
        print(f"FAIL  {e}\nprovider: {passed} passed, {failed + 1} failed")
        sys.exit(1)
