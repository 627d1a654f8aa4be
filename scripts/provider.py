#!/usr/bin/env python3
"""provider.py: a provider's build configuration (make image CONFIG=FILE), checked.

  provider.py check CONFIG KERNEL KEYCHECK BUILD
      read and check everything that needs no image: the settings, their files,
      the staff keys (with KEYCHECK, PID 1's own validator), the extra programs;
      write BUILD/provider.cmdline (the default command line) and
      BUILD/provider.fragments (the kernel fragments, one path a line)
  provider.py spec CONFIG SPEC
      append to SPEC (mkinitramfs.py's format) what the provider adds to the
      initramfs, refusing anything that would replace or hide what lifeboat ships

The file: one "KEY = value" a line; blank lines and lines starting with # are
skipped; paths are relative to the file's directory and contain no spaces.

  NAME             the name the banner shows under "lifeboat ready" (60 characters)
  MOTD             a text file shown under the banner and at every SSH login (2000 bytes)
  STAFF_KEYS       an authorized_keys file: the provider staff's keys, let in beside
                   the customer's and shown apart from them
  OVERLAY          a directory copied into the initramfs (new files only)
  KERNEL_FRAGMENTS kernel config fragments (CONFIG_X=y lines) added to lifeboat's own
  CMDLINE          words added to the default kernel command line of lifeboat.ipxe,
                   lifeboat.iso and lifeboat.efi
  EXTRA_BINARIES   static x86-64 programs, installed in /usr/local/bin

Every error names the file and line, and the build stops (exit 1).
"""
import os
import re
import stat
import subprocess
import sys

SETTINGS = ("NAME", "MOTD", "STAFF_KEYS", "OVERLAY", "KERNEL_FRAGMENTS", "CMDLINE", "EXTRA_BINARIES")
NAME_MAX = 60
MOTD_MAX = 2000
CMDLINE_MAX = 1024
# where PID 1 mounts a filesystem: an overlay's files there would be hidden
MOUNTED = ("dev", "proc", "sys", "run", "tmp")
# what the banner, the boot loaders' configurations (iPXE, GRUB, isolinux) or
# Kconfig would read as something other than a word of the command line
CMDLINE_BAD = set("\"'\\$;|&<>{}`")


class Refused(Exception):
    pass


def parse(path):
    """The settings of the file at path: {KEY: (value, "file:line")}."""
    try:
        text = open(path, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as e:
        raise Refused(f"{path}: cannot be read: {e}")
    found = {}
    for n, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{n}"
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*", s)
        if not m:
            raise Refused(f"{where}: not a KEY = value line: {s[:60]}")
        key, value = m.group(1), m.group(2)
        if key not in SETTINGS:
            raise Refused(f"{where}: unknown setting {key} (the settings: {', '.join(SETTINGS)})")
        if key in found:
            raise Refused(f"{where}: {key} given twice (first at {found[key][1]})")
        if not value:
            raise Refused(f"{where}: {key} is empty")
        found[key] = (value, where)
    return found


def files(cfg, key, base):
    """The paths of a setting that names files, made absolute, each checked to exist."""
    if key not in cfg:
        return []
    value, where = cfg[key]
    out = []
    for word in value.split():
        p = os.path.normpath(os.path.join(base, word))
        if not os.path.exists(p):
            raise Refused(f"{where}: {key}: {word}: no such file ({p})")
        out.append(p)
    return out


def text_file(p, where, limit, what):
    try:
        data = open(p, "rb").read()
    except OSError as e:
        raise Refused(f"{where}: {what} {p}: {e.strerror}")
    if len(data) > limit:
        raise Refused(f"{where}: {what} {p} is {len(data)} bytes; at most {limit}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refused(f"{where}: {what} {p} is not UTF-8 text (byte {e.start})")
    for i, c in enumerate(text):
        if (ord(c) < 0x20 and c not in "\n\t\r") or ord(c) == 0x7F:
            line = text.count("\n", 0, i) + 1
            raise Refused(f"{where}: {what} {p}:{line}: control character {ord(c):#04x} "
                          "(escape sequences would reach every console)")
    return text


def elf_static(p):
    """None when p is a static x86-64 ELF program, else why not."""
    with open(p, "rb") as f:
        head = f.read(20)
    if head[:4] != b"\x7fELF":
        return "not an ELF program"
    if head[4] != 2 or head[5] != 1 or int.from_bytes(head[18:20], "little") != 62:
        return "not an x86-64 program"
    if int.from_bytes(head[16:18], "little") not in (2, 3):
        return "an object file, not a program"
    r = subprocess.run(["readelf", "-lWd", p], capture_output=True, text=True)
    if "Requesting program interpreter" in r.stdout or "(NEEDED)" in r.stdout:
        return "dynamically linked: the initramfs has no shared libraries; link it with -static"
    return None


def check(config, kernel, keycheck, build):
    cfg = parse(config)
    base = os.path.dirname(os.path.abspath(config))
    if "NAME" in cfg:
        name, where = cfg["NAME"]
        if len(name) > NAME_MAX:
            raise Refused(f"{where}: NAME is {len(name)} characters; at most {NAME_MAX}")
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
            raise Refused(f"{where}: NAME has a control character")
    for p in files(cfg, "MOTD", base):
        text_file(p, cfg["MOTD"][1], MOTD_MAX, "MOTD")
    for p in files(cfg, "STAFF_KEYS", base):
        where = cfg["STAFF_KEYS"][1]
        text = text_file(p, where, 64 * 1024, "STAFF_KEYS")
        r = subprocess.run([keycheck], input=text, capture_output=True, text=True)
        if r.returncode != 0:
            first = r.stdout.strip().splitlines()[0] if r.stdout.strip() else f"keycheck exited {r.returncode}"
            line, _, why = first.partition(": ")
            raise Refused(f"{where}: STAFF_KEYS {p}:{line}: the key does not validate: {why}")
    frags = files(cfg, "KERNEL_FRAGMENTS", base)
    if frags and kernel != "lifeboat":
        raise Refused(f"{cfg['KERNEL_FRAGMENTS'][1]}: KERNEL_FRAGMENTS need lifeboat's own kernel "
                      f"(KERNEL=lifeboat); KERNEL={kernel} boots a kernel as its distribution ships it")
    for p in frags:
        for n, line in enumerate(open(p, encoding="utf-8", errors="replace"), 1):
            s = line.strip()
            if not s or (s.startswith("#") and not re.fullmatch(r"# CONFIG_\w+ is not set", s)):
                continue
            if not re.fullmatch(r"CONFIG_[A-Za-z0-9_]+=(y|m|n|-?[0-9]+|0x[0-9a-fA-F]+|\"[^\"\\]*\")", s) and \
                    not re.fullmatch(r"# CONFIG_\w+ is not set", s):
                raise Refused(f"{p}:{n}: not a kernel option line (CONFIG_NAME=y): {s[:60]}")
            if s.endswith("=m"):
                raise Refused(f"{p}:{n}: {s}: lifeboat's kernel has no modules; build it in (=y)")
    if "CMDLINE" in cfg:
        line, where = cfg["CMDLINE"]
        bad = sorted(set(line) & CMDLINE_BAD)
        if bad:
            raise Refused(f"{where}: CMDLINE has {' '.join(bad)}, which the boot loaders' "
                          "configurations would not pass on as they are")
        if len(line) > CMDLINE_MAX:
            raise Refused(f"{where}: CMDLINE is {len(line)} characters; at most {CMDLINE_MAX}")
    names = {}
    for p in files(cfg, "EXTRA_BINARIES", base):
        where = cfg["EXTRA_BINARIES"][1]
        if not os.path.isfile(p):
            raise Refused(f"{where}: EXTRA_BINARIES: {p} is not a file")
        why = elf_static(p)
        if why:
            raise Refused(f"{where}: EXTRA_BINARIES: {p}: {why}")
        b = os.path.basename(p)
        if b in names:
            raise Refused(f"{where}: EXTRA_BINARIES: {p} and {names[b]} would both be /usr/local/bin/{b}")
        names[b] = p
    for p in files(cfg, "OVERLAY", base):
        if not os.path.isdir(p):
            raise Refused(f"{cfg['OVERLAY'][1]}: OVERLAY {p} is not a directory")
        overlay(p, cfg["OVERLAY"][1], {})
    with open(os.path.join(build, "provider.cmdline"), "w") as w:
        w.write(cfg["CMDLINE"][0] + "\n" if "CMDLINE" in cfg else "")
    with open(os.path.join(build, "provider.fragments"), "w") as w:
        w.write("".join(p + "\n" for p in frags))


def overlay(top, where, shipped):
    """The overlay's entries as spec lines; refused when one would replace what
    lifeboat ships (shipped: path -> entry kind), be hidden by a mount, or is no
    file, directory or symbolic link."""
    lines = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in sorted(dirnames) + sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, top)
            st = os.lstat(full)
            if rel == "init":
                raise Refused(f"{where}: OVERLAY {full} would replace /init, lifeboat's PID 1")
            first = rel.split("/")[0]
            if first in MOUNTED:
                raise Refused(f"{where}: OVERLAY {full}: PID 1 mounts a filesystem on /{first}, "
                              "which would hide it")
            if rel in shipped and not (shipped[rel] == "dir" and stat.S_ISDIR(st.st_mode)):
                raise Refused(f"{where}: OVERLAY {full} would replace /{rel}, which lifeboat ships "
                              f"({shipped[rel]}); an overlay only adds files")
            parts = rel.split("/")
            for i in range(1, len(parts)):
                up = "/".join(parts[:i])
                if shipped.get(up, "dir") != "dir":
                    raise Refused(f"{where}: OVERLAY {full}: /{up} is a {shipped[up]} lifeboat ships, "
                                  "not a directory")
            if stat.S_ISLNK(st.st_mode):	# kept as a link: os.walk does not follow it
                lines.append(f"slink\t{rel}\t{os.readlink(full)}\tprovider overlay")
            elif stat.S_ISDIR(st.st_mode):
                if rel in shipped:	# lifeboat's own directory: the overlay adds to it
                    continue
                lines.append(f"dir\t{rel}\t{stat.S_IMODE(st.st_mode) & 0o755:o}")
            elif stat.S_ISREG(st.st_mode):
                mode = 0o755 if st.st_mode & 0o111 else 0o644
                lines.append(f"file\t{rel}\t{full}\t{mode:o}\tprovider overlay")
            else:
                raise Refused(f"{where}: OVERLAY {full} is not a file, directory or symbolic link")
    return lines


def spec(config, spec_path):
    cfg = parse(config)
    base = os.path.dirname(os.path.abspath(config))
    shipped = {}
    for line in open(spec_path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) > 1 and not line.startswith("#"):
            path = f[1].strip("/")
            shipped[path] = {"file": "file", "slink": "symbolic link", "dir": "dir", "nod": "device node"}[f[0]]
            parts = path.split("/")
            for i in range(1, len(parts)):
                shipped.setdefault("/".join(parts[:i]), "dir")
    origin = f"provider ({os.path.basename(config)})"
    lines = []
    if "NAME" in cfg:
        name_file = os.path.join(os.path.dirname(os.path.abspath(spec_path)), "provider.name")
        with open(name_file, "w", encoding="utf-8") as w:
            w.write(cfg["NAME"][0] + "\n")
        lines.append(f"file\tetc/lifeboat/name\t{name_file}\t644\t{origin}")
    for p in files(cfg, "MOTD", base):
        lines.append(f"file\tetc/lifeboat/motd\t{p}\t644\t{origin}")
    for p in files(cfg, "STAFF_KEYS", base):
        lines.append(f"file\tetc/lifeboat/staff_keys\t{p}\t644\t{origin}")
    for p in files(cfg, "EXTRA_BINARIES", base):
        lines.append(f"file\tusr/local/bin/{os.path.basename(p)}\t{p}\t755\t{origin}")
    for f in lines:
        path = f.split("\t")[1]
        if path in shipped:
            raise Refused(f"{config}: /{path} is already in the image")
        shipped[path] = "file from the configuration"
        parts = path.split("/")
        for i in range(1, len(parts)):
            shipped.setdefault("/".join(parts[:i]), "dir")
    for p in files(cfg, "OVERLAY", base):
        lines += [ln.replace("provider overlay", f"provider overlay ({os.path.basename(p)})")
                  for ln in overlay(p, cfg["OVERLAY"][1], shipped)]
    with open(spec_path, "a", encoding="utf-8") as w:
        w.write("".join(ln + "\n" for ln in lines))


def main():
    try:
        if len(sys.argv) == 6 and sys.argv[1] == "check":
            check(*sys.argv[2:])
        elif len(sys.argv) == 4 and sys.argv[1] == "spec":
            spec(*sys.argv[2:])
        else:
            sys.exit(__doc__)
    except Refused as e:
        sys.exit(f"provider configuration refused: {e}")


if __name__ == "__main__":
    main()
