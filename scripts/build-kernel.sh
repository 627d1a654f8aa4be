#!/usr/bin/env bash
# build-kernel.sh OUT: build the lifeboat kernel (x86_64) from Debian's
# linux-source package and the fragments in kernel-config/x86_64, copy the
# bzImage to OUT. Cached by a hash of the pinned source, the fragments and this script.
#
# build-kernel.sh --efi OUT CPIO CMDLINE [FRAGMENT...]: the same kernel, with the
# uncompressed initramfs CPIO built in and CMDLINE as its built-in command line
# (what a boot loader passes is appended): one file that UEFI firmware starts
# through the kernel's EFI stub.
# Relinked in the kept build tree, so it takes minutes, not a kernel build.
# FRAGMENTs (a provider's) are added to both builds; they are part of the key.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
efi=0
if [ "${1:-}" = --efi ]; then
	efi=1
	shift
	[ $# -ge 3 ] || die "usage: build-kernel.sh --efi OUT CPIO CMDLINE [FRAGMENT...]"
	out=$1 cpio=$2 cmdline=$3
	shift 3
else
	[ $# -ge 1 ] || die "usage: build-kernel.sh OUT [FRAGMENT...]"
	out=$1
	shift
fi
frags=("$here"/kernel-config/x86_64/*.config "$@")

k=$(pin linux-source | cat - "${frags[@]}" "$0" | sha256sum | cut -c1-16)
done_dir=$cache/kernel/$k
# one build tree for the pinned source, kept: another configuration (a provider's
# fragments, the built-in initramfs of --efi) rebuilds only what it changes
tree=$cache/kernel/tree-$(pin linux-source | sha256sum | cut -c1-16)
# one kernel build at a time: two in one tree break each other
mkdir -p "$cache/kernel"
exec 9>"$cache/kernel/.lock"
flock 9
export KBUILD_BUILD_TIMESTAMP="@$SOURCE_DATE_EPOCH" KBUILD_BUILD_USER=lifeboat KBUILD_BUILD_HOST=lifeboat
# "#1" in every build, however often the kept tree is relinked
export KBUILD_BUILD_VERSION=1

# every option a fragment names must exist in this kernel's Kconfig files: a typo or an
# option of another kernel version stops the build here, before anything is compiled
exists() {
	if [ ! -s "$tree/.lifeboat-symbols" ]; then
		(cd "$tree" && find . -name 'Kconfig*' -exec sed -nE 's/^[[:space:]]*(menu)?config[[:space:]]+([A-Za-z0-9_]+).*/\2/p' {} +) |
			LC_ALL=C sort -u > "$tree/.lifeboat-symbols.tmp"
		mv "$tree/.lifeboat-symbols.tmp" "$tree/.lifeboat-symbols"
	fi
	local f line sym bad=0
	for f in "${frags[@]}"; do
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) sym=${line%%=*} ;;
			"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
			*) continue ;;
			esac
			grep -qxF "${sym#CONFIG_}" "$tree/.lifeboat-symbols" && continue
			log "$f: $sym does not exist in Linux $(pin linux-source | awk '{ split($3, v, "="); print v[2] }') (no Kconfig symbol ${sym#CONFIG_})"
			bad=1
		done < "$f"
	done
	[ $bad = 0 ] || die "the kernel configuration names options this kernel does not have; fix the fragments"
}

# configure [LINE...]: the tree's .config from the fragments and LINEs; every option
# asked for must survive the dependency resolution, or the build stops naming it
configure() {
	{ cat "${frags[@]}"; [ $# = 0 ] || printf '%s\n' "$@"; } > "$tree/lifeboat.config"
	make -C "$tree" -s ARCH=x86_64 KCONFIG_ALLCONFIG=lifeboat.config allnoconfig
	make -C "$tree" -s ARCH=x86_64 olddefconfig
	local want bad=0 src
	while IFS= read -r want; do
		case $want in CONFIG_*=*) ;; *) continue ;; esac
		grep -qxF "$want" "$tree/.config" && continue
		src=$(grep -lxF "$want" "${frags[@]}" 2>/dev/null | head -n1 || true)
		log "kernel option lost: $want${src:+ (asked for in $src)}: .config has $(grep "^${want%%=*}=\|^# ${want%%=*} " "$tree/.config" || echo nothing: no such option)"
		bad=1
	done < "$tree/lifeboat.config"
	[ $bad = 0 ] || die "the kernel configuration asks for options it cannot have; fix the fragments"
}

# the unpacked source, kept after a build for the relinks of --efi
if [ ! -f "$tree/.lifeboat-unpacked" ]; then
	pkg=$("$here/scripts/fetch.sh" linux-source)
	rm -rf "$tree"
	mkdir -p "$tree"
	log "unpacking $(basename "$pkg") into $tree"
	tar -C "$tree" --strip-components=1 -xJf "$pkg"/usr/src/linux-source-6.1.tar.xz
	touch "$tree/.lifeboat-unpacked"
fi
exists

if [ ! -f "$done_dir/vmlinuz" ]; then
	configure
	log "building bzImage with $jobs jobs"
	make -C "$tree" -s ARCH=x86_64 -j"$jobs" bzImage
	mkdir -p "$done_dir.tmp"
	cp "$tree/arch/x86/boot/bzImage" "$done_dir.tmp/vmlinuz"
	cp "$tree/.config" "$done_dir.tmp/config"
	rm -rf "$done_dir"
	mv "$done_dir.tmp" "$done_dir"
fi

if [ $efi = 0 ]; then
	mkdir -p "$(dirname "$out")"
	cp "$done_dir/vmlinuz" "$out"
	cp "$done_dir/config" "$out.config"
	exit 0
fi

# the built-in command line is a Kconfig string: quotes and backslashes escaped
esc=${cmdline//\\/\\\\}
esc=${esc//\"/\\\"}
e=$(printf '%s\n%s\n' "$k" "$cmdline" | cat - "$cpio" | sha256sum | cut -c1-16)
efi_dir=$cache/kernel/efi-$e
if [ ! -f "$efi_dir/vmlinuz" ]; then
	cp "$cpio" "$tree/usr/lifeboat.cpio"
	touch "$tree/usr/lifeboat.cpio"
	configure 'CONFIG_INITRAMFS_SOURCE="usr/lifeboat.cpio"' CONFIG_INITRAMFS_COMPRESSION_NONE=y \
		CONFIG_CMDLINE_BOOL=y "CONFIG_CMDLINE=\"$esc\""
	log "relinking bzImage with the initramfs and the command line built in"
	make -C "$tree" -s ARCH=x86_64 -j"$jobs" bzImage
	mkdir -p "$efi_dir.tmp"
	cp "$tree/arch/x86/boot/bzImage" "$efi_dir.tmp/vmlinuz"
	rm -rf "$efi_dir"
	mv "$efi_dir.tmp" "$efi_dir"
fi
mkdir -p "$(dirname "$out")"
cp "$efi_dir/vmlinuz" "$out"
