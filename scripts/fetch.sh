#!/usr/bin/env bash
# fetch.sh NAME: download the pinned input NAME (see image/versions) into the
# cache, verify its checksum, unpack it once, and print the unpacked directory.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${LIFEBOAT_CACHE:-/var/cache/lifeboat}
name=$1

line=$(awk -v n="$name" '$1 == n { print; exit }' "$here/image/versions")
[ -n "$line" ] || { echo "fetch: $name is not in image/versions" >&2; exit 2; }
read -r _ kind pkgver sum <<<"$line"
pkg=${pkgver%%=*}
ver=${pkgver#*=}
upver=${ver#*:}			# file names carry no epoch

dl=$cache/dl/$name-$upver
src=$cache/src/$name-$upver
if [ -f "$src/.lifeboat-unpacked" ]; then
	echo "$src"
	exit 0
fi
mkdir -p "$dl"
cd "$dl"

verify() {	# verify FILE: the pinned sha256, or die naming both sums
	local got
	got=$(sha256sum "$1" | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		echo "fetch: $1: sha256 $got, image/versions pins $sum" >&2
		exit 1
	fi
}

case $kind in
src)
	file=${pkg}_${upver}.dsc
	[ -f "$file" ] || apt-get source -q --download-only "$pkgver" >&2
	verify "$file"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$(dirname "$src")"
	# dpkg-source checks every tarball against the (verified) .dsc and applies Debian's patches
	dpkg-source --no-check -x "$file" "$src.tmp" >&2
	;;
deb)
	# apt-get download writes an epoch's colon as %3a
	debs() { ls "${pkg}_${upver}"_*.deb "${pkg}_${ver%%:*}%3a${upver}"_*.deb 2>/dev/null | head -n1 || true; }
	file=$(debs)
	if [ -z "$file" ]; then
		apt-get download -q "$pkgver" >&2
		file=$(debs)
		[ -n "$file" ] || { echo "fetch: apt-get download $pkgver left no .deb" >&2; exit 1; }
	fi
	verify "$file"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	dpkg-deb -x "$file" "$src.tmp"
	;;
*)
	echo "fetch: $name: unknown kind $kind" >&2
	exit 2
	;;
esac
touch "$src.tmp/.lifeboat-unpacked"
mv "$src.tmp" "$src"
echo "$src"
