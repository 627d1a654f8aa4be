#!/usr/bin/env bash
# Install the Debian 12 host packages that building and testing lifeboat needs.
# Idempotent: a second run with everything present takes a second.
set -euo pipefail

pkgs=(
	# toolchain for the static image and the host unit tests (ASan, UBSan)
	build-essential musl-tools binutils
	# make fuzz: libFuzzer (clang's runtime) with ASan and UBSan
	clang libclang-rt-14-dev
	# the host unit tests of the readers of compressed guest files (initramfs images, journals)
	zlib1g-dev libzstd-dev liblzma-dev liblz4-dev
	# unpacking and verifying Debian source packages
	dpkg-dev
	# autotools for kmod and util-linux
	autoconf automake autopoint libtool pkg-config gettext
	# kernel build (objtool needs libelf; depmod indexes Debian's modules)
	bc bison flex libelf-dev libssl-dev kmod cpio
	# archive formats (gzip and lz4 too: make bench compares the initramfs compressions)
	zstd xz-utils gzip lz4
	# tests: QEMU boots, the harness, image files
	qemu-system-x86 python3 e2fsprogs openssh-client openssl dosfstools mtools xorriso \
	xfsprogs btrfs-progs fdisk busybox-static cryptsetup-bin python3-cryptography
	# UEFI firmware: lifeboat.iso and lifeboat.efi boot under OVMF in the tests
	ovmf
	# the end-to-end tests' real Debian guests
	mmdebstrap
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
