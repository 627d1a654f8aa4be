#!/usr/bin/env bash
# build-reference.sh: the reference `make bench` races — Debian 12's own way to
# SSH into an initramfs, initramfs-tools + dropbear-initramfs with Debian's
# defaults (MODULES=most, COMPRESS=zstd), made in an mmdebstrap chroot for the
# same Debian kernel lifeboat's KERNEL=debian image uses (image/versions pins
# it), with a key of its own authorized. Networking comes from the kernel
# command line (ip=dhcp), as a provider would boot it. Prints its directory:
# vmlinuz, initrd.img, id_ed25519 (the key dropbear lets in), build.txt.
# Cached under $LIFEBOAT_CACHE/reference by this script, the kernel's pin and
# mmdebstrap's version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pinline=$(pin linux-debian)
read -r _ _ pkgver _ <<<"$pinline"
pkg=${pkgver%%=*}
ver=${pkgver#*=}
kver=${pkg#linux-image-}
"$here/scripts/fetch.sh" linux-debian >/dev/null
deb=$(ls "$cache/dl/linux-debian-${ver#*:}/${pkg}_${ver#*:}"_*.deb | head -n1)
[ -f "$deb" ] || die "the pinned kernel package is not in the cache ($pkgver)"

k=$( { key "$0"; echo "$pinline"; mmdebstrap --version; } | sha256sum | cut -c1-16)
dir=$cache/reference/$k
mkdir -p "$cache/reference"
exec 9>"$cache/reference/.lock"
flock 9
if [ -f "$dir/.built" ]; then
	echo "$dir"
	exit 0
fi
B=$cache/build/reference-$k
rm -rf "$B" "$dir"
mkdir -p "$B"
t0=$(date +%s)
ssh-keygen -q -t ed25519 -N '' -C lifeboat-bench-reference -f "$B/id_ed25519"

suites="deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main"
log "mmdebstrap: Debian 12, $pkgver, initramfs-tools, dropbear-initramfs"
# the kernel is the pinned .deb itself; dropbear-initramfs makes its host keys when it is
# installed and takes authorized_keys from /etc/dropbear/initramfs
mmdebstrap --mode=unshare --variant=apt \
	--include="initramfs-tools,dropbear-initramfs,zstd,busybox,$deb" \
	--customize-hook="upload $B/id_ed25519.pub /etc/dropbear/initramfs/authorized_keys" \
	--customize-hook='chmod 600 "$1/etc/dropbear/initramfs/authorized_keys"' \
	--customize-hook="chroot \"\$1\" update-initramfs -u -k $kver" \
	--customize-hook="download /boot/vmlinuz-$kver $B/vmlinuz" \
	--customize-hook="download /boot/initrd.img-$kver $B/initrd.img" \
	--customize-hook='chroot "$1" dpkg-query -W -f "\${Package} \${Version}\n" initramfs-tools dropbear-initramfs dropbear-bin busybox zstd '"$pkg"' > "$1/tmp/versions"' \
	--customize-hook="download /tmp/versions $B/versions.txt" \
	--customize-hook='sed -n "/^MODULES=/p; /^COMPRESS=/p" "$1/etc/initramfs-tools/initramfs.conf" > "$1/tmp/conf"' \
	--customize-hook="download /tmp/conf $B/initramfs.conf.txt" \
	bookworm /dev/null - <<<"$suites" >"$B/mmdebstrap.log" 2>&1 ||
	{ tail -n 30 "$B/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
[ -s "$B/vmlinuz" ] && [ -s "$B/initrd.img" ] || die "no kernel or initramfs came out (see $B/mmdebstrap.log)"
{
	echo "reference: Debian 12 initramfs-tools + dropbear-initramfs for $kver, built $(date -u +%F)"
	cat "$B/versions.txt" "$B/initramfs.conf.txt"
	echo "initrd.img: $(stat -c %s "$B/initrd.img") bytes; vmlinuz: $(stat -c %s "$B/vmlinuz") bytes"
	echo "build: $(( $(date +%s) - t0 )) s"
} > "$B/build.txt"
mkdir -p "$dir"
mv "$B/vmlinuz" "$B/initrd.img" "$B/id_ed25519" "$B/id_ed25519.pub" "$B/build.txt" "$dir/"
touch "$dir/.built"
rm -rf "$B"
cat "$dir/build.txt" >&2
echo "$dir"
