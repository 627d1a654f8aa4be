#!/usr/bin/env bash
# select-modules.sh MODDIR LIST DEST KVER: copy the modules LIST names (and what
# they depend on, per MODDIR/modules.dep) into DEST/lib/modules/KVER, each
# zstd-compressed, then index them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
moddir=$1 list=$2 dest=$3 kver=$4
dst=$dest/lib/modules/$kver
rm -rf "$dest"
mkdir -p "$dst"

# Debian's package leaves the indexes to its postinst: make them once in the cache
if [ ! -f "$moddir/modules.dep" ]; then
	log "indexing $moddir"
	depmod -b "${moddir%/lib/modules/$kver}" "$kver"
fi

want=$(mktemp)
trap 'rm -f "$want"' EXIT
grep -v '^#' "$list" | grep . | while read -r p; do
	case $p in
	*/) (cd "$moddir" && find "$p" -name '*.ko*') ;;
	*) [ -e "$moddir/$p" ] || die "$p is not in $moddir"; echo "$p" ;;
	esac
done | sort -u > "$want"

# close over modules.dep: "path: dep dep …"
awk -F': *' 'NR == FNR { want[$1] = 1; next }
	{ deps[$1] = $2 }
	END {
		changed = 1
		while (changed) {
			changed = 0
			for (m in want) {
				n = split(deps[m], d, " ")
				for (i = 1; i <= n; i++) if (!(d[i] in want)) { want[d[i]] = 1; changed = 1 }
			}
		}
		for (m in want) print m
	}' "$want" "$moddir/modules.dep" | LC_ALL=C sort > "$want.all"
# each module zstd-compressed on its own (libkmod decompresses the one it loads):
# in the rescue's RAM they take a fourth of their size. zstd, not xz: the boot's
# modules load 0.7 s sooner under TCG, for a few hundred KB more. One thread,
# so that every build gives the same bytes
while read -r m; do
	mkdir -p "$dst/$(dirname "$m")"
	case $m in
	*.ko) zstd -q -19 -T1 --no-progress -c "$moddir/$m" > "$dst/$m.zst" ;;
	*) cp "$moddir/$m" "$dst/$m" ;;
	esac
done < "$want.all"
cp "$moddir/modules.order" "$moddir/modules.builtin" "$moddir/modules.builtin.modinfo" "$dst/"
depmod -b "$dest" "$kver"
# the text indexes are for people; libkmod reads the .bin ones
rm -f "$dst"/modules.{alias,dep,symbols,builtin.alias,devname,softdep}
log "$(wc -l < "$want.all") modules for $kver"
rm -f "$want.all"
