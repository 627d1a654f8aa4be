#!/usr/bin/env bash
# Install the Debian 12 host packages that building and testing lifeboat needs.
# Idempotent: a second run with everything present takes a second.
set -euo pipefail

pkgs=(
	# toolchain for the static image and the host unit tests
	build-essential musl-tools clang llvm
	# unpacking and verifying Debian source packages
	dpkg-dev devscripts
	# autotools for kmod, libxcrypt and util-linux
	autoconf automake autopoint libtool pkg-config gettext
	# kernel build
	linux-source-6.1 bc bison flex libelf-dev libssl-dev kmod cpio
	# archive formats
	zstd xz-utils gzip
	# test machinery: QEMU and disk images built as plain files
	qemu-system-x86 qemu-utils e2fsprogs fdisk python3
)

sources=/etc/apt/sources.list.d/debian.sources
# apt-get source needs deb-src entries; Debian 12 ships them disabled.
if [ -f "$sources" ] && ! grep -q '^Types:.*deb-src' "$sources"; then
	sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
	rm -f /var/lib/apt/periodic/lifeboat-updated
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# deb-src indexes are needed even when every binary package is present
if [ ${#missing[@]} -gt 0 ] || ! ls /var/lib/apt/lists/*_source_Sources* >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
