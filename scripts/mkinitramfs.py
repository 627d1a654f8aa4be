#!/usr/bin/env python3
"""mkinitramfs.py SPEC CPIO MANIFEST: write a reproducible newc cpio archive.

SPEC has one entry a line, fields separated by tabs:
  file  PATH  SOURCE  MODE  ORIGIN
  dir   PATH  MODE
  slink PATH  TARGET  ORIGIN
  nod   PATH  MODE  c|b  MAJOR  MINOR
Every entry is owned by 0:0 and dated SOURCE_DATE_EPOCH; entries are sorted by
path, so the archive depends on nothing but the SPEC and the files' contents.
MANIFEST gets one line a file: path, size, origin.
"""
import os
import stat
import sys


def header(ino, mode, nlink, mtime, size, rmajor, rminor, name):
    fields = (ino, mode, 0, 0, nlink, mtime, size, 0, 0, rmajor, rminor, len(name) + 1, 0)
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad(n):
    return b"\0" * ((4 - n % 4) % 4)


def main():
    spec_path, cpio_path, manifest_path = sys.argv[1:4]
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    entries = {}
    for lineno, line in enumerate(open(spec_path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        path = f[1].strip("/")
        if path in entries:
            sys.exit(f"{spec_path}:{lineno}: {path} listed twice")
        entries[path] = f

    # every parent directory exists in the archive, even when the spec forgot it
    for path in list(entries):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            entries.setdefault("/".join(parts[:i]), ["dir", "/".join(parts[:i]), "755"])

    out = bytearray()
    manifest = []
    for ino, path in enumerate(sorted(entries), 1):
        f = entries[path]
        kind = f[0]
        data = b""
        rmajor = rminor = 0
        if kind == "file":
            src, mode, origin = f[2], int(f[3], 8), f[4]
            data = open(src, "rb").read()
            mode |= stat.S_IFREG
            manifest.append(f"{path}\t{len(data)}\t{origin}")
        elif kind == "dir":
            mode = int(f[2], 8) | stat.S_IFDIR
        elif kind == "slink":
            data = f[2].encode()
            mode = 0o777 | stat.S_IFLNK
            manifest.append(f"{path}\t-> {f[2]}\t{f[3]}")
        elif kind == "nod":
            mode = int(f[2], 8) | (stat.S_IFCHR if f[3] == "c" else stat.S_IFBLK)
            rmajor, rminor = int(f[4]), int(f[5])
        else:
            sys.exit(f"{spec_path}: unknown entry kind {kind}")
        name = path.encode()
        nlink = 2 if kind == "dir" else 1
        h = header(ino, mode, nlink, mtime, len(data), rmajor, rminor, name)
        out += h + name + b"\0"
        out += pad(len(h) + len(name) + 1)
        out += data + pad(len(data))
    trailer = b"TRAILER!!!"
    h = header(0, 0, 1, 0, 0, 0, 0, trailer)
    out += h + trailer + b"\0" + pad(len(h) + len(trailer) + 1)
    out += pad(len(out))
    with open(cpio_path, "wb") as w:
        w.write(out)
    with open(manifest_path, "w", encoding="utf-8") as w:
        w.write("# path\tsize (bytes)\torigin\n")
        w.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
