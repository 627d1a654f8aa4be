"""What a provider boots with no command line of its own: lifeboat.iso under
SeaBIOS and under OVMF, each as a CD and as a disk, and lifeboat.efi started by
OVMF from a FAT disk. Each reaches `lifeboat ready` on the command line built
into it (a serial and a VGA console, the menu on both), and lets in a key handed
over through fw_cfg; a key that was not is refused. The time from QEMU's start
to the banner is printed for each path (reported, not asserted).

A copy of the ISO is attached writable as a disk: booting it must leave its bytes
as they were, since lifeboat never writes to a disk it was not asked to. With
Debian's kernel (no lifeboat.efi) only the ISO as a CD under SeaBIOS is booted."""
import hashlib
import os
import shutil
import tempfile
import time
from vm import Vm, check, esp_image, keypair

MODES = ("lifeboat", "debian")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def boot(out, tmp, what, drive, boot=None, uefi=False):
    key, pub = keypair(tmp, f"k{abs(hash(what)) % 10000}")
    stranger, _ = keypair(tmp, f"s{abs(hash(what)) % 10000}")
    keys = os.path.join(tmp, "keys")
    with open(keys, "w") as f:
        f.write(pub + "\n")
    extra = drive + ["-device", "VGA", "-fw_cfg", f"name=opt/lifeboat/authorized_keys,file={keys}"]
    t0 = time.monotonic()
    with Vm(out, ssh=True, kernel="firmware", boot=boot, uefi=uefi, extra=extra, mem=512) as v:
        v.wait_for(r"^lifeboat ready\r?$", timeout=240, what=f"lifeboat ready ({what})")
        took = time.monotonic() - t0
        start = v.pos
        v.wait_for(r"shows this again", what=f"the banner's end ({what})")
        banner = v.buf[start:v.pos].decode("utf-8", "replace")
        consoles = banner.split("  consoles ")[1].split("\n")[0].split()
        # console=tty0 is the VGA console, tty1 for lifeboat
        check(consoles[:2] == ["tty1", "ttyS0"] and "missing:" not in consoles,
              f"{what}: not both a VGA and a serial console: {consoles}")
        check("menu      on every console" in banner, f"{what}: the built-in command line did not leave the menu on:\n{banner}")
        check("provider" not in banner, f"{what}: a provider line in a build without a configuration:\n{banner}")
        rc, text = v.ssh(key, "cat /proc/cmdline; ls /sys/firmware/efi >/dev/null 2>&1 && echo EFI || echo BIOS")
        check(rc == 0 and "console=tty0 console=ttyS0,115200" in text,
              f"{what}: ssh with the fw_cfg key, the built-in command line: {rc} {text}")
        check(text.strip().endswith("EFI" if uefi else "BIOS"), f"{what}: booted through the wrong firmware: {text}")
        rc, text = v.ssh(stranger, "true")
        check(rc == 255 and "Permission denied" in text, f"{what}: a key not handed over: {rc} {text}")
    print(f"      {what}: QEMU start to lifeboat ready {took:.1f} s", flush=True)


def run(out):
    iso = os.path.join(out, "lifeboat.iso")
    efi = os.path.join(out, "lifeboat.efi")
    with tempfile.TemporaryDirectory() as tmp:
        size = os.path.getsize(iso)
        pair = os.path.getsize(os.path.join(out, "vmlinuz")) + os.path.getsize(os.path.join(out, "initramfs.img"))
        print(f"      lifeboat.iso {size} bytes: kernel + initramfs + {size - pair} bytes", flush=True)
        check(size - pair <= 2 << 20, f"lifeboat.iso is {size - pair} bytes over kernel + initramfs; the budget is 2 MiB")
        # the baseline the others are compared with: QEMU's own loader, no firmware boot
        t0 = time.monotonic()
        with Vm(out, append="console=ttyS0", mem=512) as v:
            v.wait_for(r"^lifeboat ready\r?$", what="lifeboat ready (direct kernel boot)")
            print(f"      direct kernel boot (-kernel/-initrd): QEMU start to lifeboat ready "
                  f"{time.monotonic() - t0:.1f} s", flush=True)
        cd = ["-drive", f"file={iso},media=cdrom,readonly=on,if=ide"]
        boot(out, tmp, "BIOS, ISO as a CD", cd, boot="d")
        if not os.path.exists(efi):
            return  # Debian's kernel (no lifeboat.efi): one path shows its ISO works
        # a copy, writable: lifeboat must leave even its own boot disk as it was
        copy = os.path.join(tmp, "disk.iso")
        shutil.copy(iso, copy)
        disk = ["-drive", f"file={copy},format=raw,if=virtio"]
        boot(out, tmp, "BIOS, ISO as a disk", disk)
        boot(out, tmp, "UEFI, ISO as a CD", cd, uefi=True)
        boot(out, tmp, "UEFI, ISO as a disk", disk, uefi=True)
        check(sha256(copy) == sha256(iso), "booting lifeboat.iso as a writable disk changed its bytes")
        esp = esp_image(tmp, efi)
        boot(out, tmp, "UEFI, lifeboat.efi from FAT", ["-drive", f"file={esp},format=raw,if=virtio"], uefi=True)
