#!/usr/bin/env bash
# build-kernel.sh OUT: build the lifeboat kernel (x86_64) from Debian's
# linux-source package and the fragments in kernel-config/x86_64, copy the
# bzImage to OUT. Cached by a hash of the pinned source, the fragments and this script.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$1
frags=("$here"/kernel-config/x86_64/*.config)

k=$(pin linux-source | cat - "${frags[@]}" "$0" | sha256sum | cut -c1-16)
done_dir=$cache/kernel/$k
# one kernel build at a time: two in one tree break each other
mkdir -p "$cache/kernel"
exec 9>"$cache/kernel/.lock"
flock 9
if [ ! -f "$done_dir/vmlinuz" ]; then
	pkg=$("$here/scripts/fetch.sh" linux-source)
	b=$cache/build/kernel-$k
	rm -rf "$b"
	mkdir -p "$b"
	log "unpacking $(basename "$pkg") into $b"
	tar -C "$b" --strip-components=1 -xJf "$pkg"/usr/src/linux-source-6.1.tar.xz
	cat "${frags[@]}" > "$b/lifeboat.config"
	export KBUILD_BUILD_TIMESTAMP="@$SOURCE_DATE_EPOCH" KBUILD_BUILD_USER=lifeboat KBUILD_BUILD_HOST=lifeboat
	make -C "$b" -s ARCH=x86_64 KCONFIG_ALLCONFIG=lifeboat.config allnoconfig
	make -C "$b" -s ARCH=x86_64 olddefconfig
	# every option a fragment asks for must have survived the dependency resolution
	bad=0
	while IFS= read -r want; do
		case $want in CONFIG_*=*) ;; *) continue ;; esac
		grep -qxF "$want" "$b/.config" || { log "kernel option lost: $want ($(grep "^${want%%=*}=\|^# ${want%%=*} " "$b/.config" || echo absent))"; bad=1; }
	done < "$b/lifeboat.config"
	[ $bad = 0 ] || die "fix the fragments in kernel-config/x86_64"
	log "building bzImage with $jobs jobs"
	make -C "$b" -s ARCH=x86_64 -j"$jobs" bzImage
	mkdir -p "$done_dir.tmp"
	cp "$b/arch/x86/boot/bzImage" "$done_dir.tmp/vmlinuz"
	cp "$b/.config" "$done_dir.tmp/config"
	rm -rf "$done_dir"
	mv "$done_dir.tmp" "$done_dir"
	rm -rf "$b"
fi
mkdir -p "$(dirname "$out")"
cp "$done_dir/vmlinuz" "$out"
cp "$done_dir/config" "$out.config"
