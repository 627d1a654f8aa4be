#!/usr/bin/env python3
"""xfs-proto.py DIR STICKY: an mkfs.xfs protofile (mkfs.xfs -p) on stdout that
fills a new XFS with the tree at DIR: directories, files, symlinks, device
nodes and fifos, with their owners, permission bits, setuid and setgid. The
format has no sticky bit: the directories that need one are written to the
file STICKY (one path a line) for xfs_db to set. What it cannot carry is said
on stderr and left out: names with blanks or starting with ':' (a comment
there), sockets. Hard links become copies."""
import os
import stat
import sys


def mode(st, kind):
    m = st.st_mode
    return (kind + ("u" if m & stat.S_ISUID else "-") + ("g" if m & stat.S_ISGID else "-")
            + format(m & 0o777, "03o"))


def walk(d, depth, out, skipped, sticky, rel=""):
    for name in sorted(os.listdir(d)):
        full = os.path.join(d, name)
        if any(c.isspace() for c in name) or not name.isprintable() or name.startswith(":"):
            skipped.append(full)
            continue
        st = os.lstat(full)
        pad, own = " " * depth, f"{st.st_uid} {st.st_gid}"
        if stat.S_ISDIR(st.st_mode):
            out.write(f"{pad}{name} {mode(st, 'd')} {own}\n")
            if st.st_mode & stat.S_ISVTX:
                sticky.append(f"{rel}/{name}")
            walk(full, depth + 1, out, skipped, sticky, f"{rel}/{name}")
            out.write(f"{pad}$\n")
        elif stat.S_ISREG(st.st_mode):
            out.write(f"{pad}{name} {mode(st, '-')} {own} {full}\n")
        elif stat.S_ISLNK(st.st_mode):
            target = os.readlink(full)
            if any(c.isspace() for c in target):
                skipped.append(full)
                continue
            out.write(f"{pad}{name} {mode(st, 'l')} {own} {target}\n")
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            kind = "c" if stat.S_ISCHR(st.st_mode) else "b"
            out.write(f"{pad}{name} {mode(st, kind)} {own} {os.major(st.st_rdev)} {os.minor(st.st_rdev)}\n")
        elif stat.S_ISFIFO(st.st_mode):
            out.write(f"{pad}{name} {mode(st, 'p')} {own}\n")
        else:
            skipped.append(full)


def main():
    top, sticky_file = sys.argv[1:3]
    st = os.lstat(top)
    skipped, sticky = [], []
    sys.stdout.write(f"/dev/null\n0 0\n{mode(st, 'd')} {st.st_uid} {st.st_gid}\n")
    walk(top, 1, sys.stdout, skipped, sticky)
    sys.stdout.write("$\n")
    with open(sticky_file, "w") as f:
        f.write("".join(p + "\n" for p in sticky))
    for s in skipped:
        print(f"xfs-proto.py: left out (the protofile cannot name it): {s}", file=sys.stderr)


if __name__ == "__main__":
    main()
