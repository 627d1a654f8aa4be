#!/usr/bin/env bash
# mkimage.sh OUT KERNEL [CONFIG]: build into OUT
#   vmlinuz + initramfs.img   the pair a hypervisor or iPXE boots
#   lifeboat.ipxe             an iPXE script that boots the pair from its own directory
#   lifeboat.iso              a hybrid ISO: BIOS and UEFI, CD and disk
#   lifeboat.efi              (KERNEL=lifeboat) one UEFI executable: the kernel's EFI
#                             stub with the initramfs and the command line built in
#   manifest.txt, SHA256SUMS
# KERNEL is "lifeboat" (our config, drivers built in) or "debian" (Debian's kernel,
# with the modules of image/modules-debian.txt in the initramfs). CONFIG: a
# provider's configuration (scripts/provider.py says what it may hold).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$(mkdir -p "$1" && cd "$1" && pwd)
kernel=${2:-lifeboat}
config=${3:-}
version=${LB_VERSION:-$(cat "$here/VERSION")}
case $kernel in lifeboat | debian) ;; *) die "KERNEL=$kernel: use lifeboat or debian" ;; esac
# the default command line of the outputs that carry one (iPXE, ISO, EFI): both
# consoles; lifeboat writes to every console it is given
cmdline="console=tty0 console=ttyS0,115200"

b=$out/build
rm -rf "$b"
mkdir -p "$b"
# nothing of an earlier build may pass for this one's
rm -f "$out"/{vmlinuz,initramfs.img,lifeboat.ipxe,lifeboat.iso,lifeboat.efi,manifest.txt,SHA256SUMS}

# a provider's configuration is checked before anything is built: a mistake costs seconds
if [ -n "$config" ]; then
	[ -f "$config" ] || die "CONFIG=$config: no such file"
	config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
	# staff keys are checked by PID 1's own validator, built for this host
	cc -std=c11 -O1 -I"$here/init" -o "$b/keycheck" "$here/scripts/keycheck.c" \
		"$here/init/access/sshkey.c" "$here/init/lib/base64.c"
	python3 "$here/scripts/provider.py" check "$config" "$kernel" "$b/keycheck" "$b"
	extra=$(cat "$b/provider.cmdline")
	cmdline+=${extra:+ $extra}
	mapfile -t frags < "$b/provider.fragments"
	log "provider configuration $config: checked"
else
	frags=()
fi

bb=$("$here/scripts/build-dep.sh" busybox)
e2=$("$here/scripts/build-dep.sh" e2fsprogs)
km=$("$here/scripts/build-dep.sh" kmod)
db=$("$here/scripts/build-dep.sh" dropbear)
xc=$("$here/scripts/build-dep.sh" libxcrypt)
ul=$("$here/scripts/build-dep.sh" util-linux)	# libblkid: every disk, config drives
md=$("$here/scripts/build-dep.sh" mdadm)
lv=$("$here/scripts/build-dep.sh" lvm2)
cs=$("$here/scripts/build-dep.sh" cryptsetup)	# libcryptsetup: lifeboat unlock
xf=$("$here/scripts/build-dep.sh" xfsprogs)	# lifeboat fix fsck on XFS
bt=$("$here/scripts/build-dep.sh" btrfs-progs)	# lifeboat fix fsck on btrfs
# lifeboat diagnose reads guests' compressed initramfs images and journal fields
zl=$("$here/scripts/build-dep.sh" zlib)
zs=$("$here/scripts/build-dep.sh" libzstd)
xz=$("$here/scripts/build-dep.sh" xz-utils)
l4=$("$here/scripts/build-dep.sh" lz4)

origin() {	# origin NAME: "Debian PACKAGE VERSION", from image/versions
	pin "$1" | awk '{ split($3, p, "="); printf "Debian %s %s", p[1], p[2] }'
}

# the PID 1 and `lifeboat` command: one static binary
log "compiling init"
mapfile -t srcs < <(cd "$here" && ls init/*.c init/*/*.c | LC_ALL=C sort)
(cd "$here" && musl-gcc -isystem "$cache/musl-include" -std=c11 -Os -static \
	-Wall -Wextra -Werror -DLB_VERSION="\"$version\"" \
	-ffile-prefix-map="$here"=. -ffunction-sections -fdata-sections \
	-I"$km/include" -I"$xc/include" -I"$ul/include" -I"$cs/include" \
	-I"$zl/include" -I"$zs/include" -I"$xz/include" -I"$l4/include" -o "$b/lifeboat" "${srcs[@]}" \
	"$km/lib/libkmod.a" "$km/lib/libkmod-shared.a" "$xc/lib/libcrypt.a" \
	"$zl/lib/libz.a" "$zs/lib/libzstd.a" "$xz/lib/liblzma.a" "$l4/lib/liblz4.a" \
	"$cs/lib/libcryptsetup.a" "$lv/lib/libdevmapper.a" "$cs/lib/libjson-c.a" \
	"$ul/lib/libblkid.a" "$ul/lib/libuuid.a" -Wl,--gc-sections -s)

spec=$b/spec
{
	printf 'file\tinit\t%s\t755\tlifeboat %s (init/)\n' "$b/lifeboat" "$version"
	for l in usr/bin/lifeboat sbin/reboot sbin/poweroff usr/libexec/lifeboat/dhcp-event usr/libexec/lifeboat/dhcp6-event \
		usr/libexec/lifeboat/session-shell; do
		printf 'slink\t%s\t/init\tlifeboat %s\n' "$l" "$version"
	done
	printf 'file\tbin/busybox\t%s\t755\t%s\n' "$bb/bin/busybox" "$(origin busybox)"
	while read -r a; do
		[ "$a" = bin/busybox ] || printf 'slink\t%s\t/bin/busybox\t%s\n' "$a" "$(origin busybox)"
	done < "$bb/applets"
	for f in e2fsck tune2fs dumpe2fs resize2fs e2undo; do
		printf 'file\tsbin/%s\t%s\t755\t%s\n' "$f" "$e2/sbin/$f" "$(origin e2fsprogs)"
	done
	for l in fsck.ext2 fsck.ext3 fsck.ext4; do
		printf 'slink\tsbin/%s\te2fsck\t%s\n' "$l" "$(origin e2fsprogs)"
	done
	printf 'slink\tsbin/e2label\ttune2fs\t%s\n' "$(origin e2fsprogs)"
	printf 'file\tsbin/kmod\t%s\t755\t%s\n' "$km/bin/kmod" "$(origin kmod)"
	for l in modprobe insmod lsmod rmmod modinfo; do
		printf 'slink\tsbin/%s\tkmod\t%s\n' "$l" "$(origin kmod)"
	done
	printf 'file\tsbin/mdadm\t%s\t755\t%s\n' "$md/sbin/mdadm" "$(origin mdadm)"
	printf 'file\tsbin/lvm\t%s\t755\t%s\n' "$lv/sbin/lvm" "$(origin lvm2)"
	printf 'file\tsbin/dmsetup\t%s\t755\t%s\n' "$lv/sbin/dmsetup" "$(origin lvm2)"
	for l in pvs vgs lvs pvscan vgscan lvscan vgchange lvchange pvdisplay vgdisplay lvdisplay; do
		printf 'slink\tsbin/%s\tlvm\t%s\n' "$l" "$(origin lvm2)"
	done
	for f in xfs_repair xfs_db xfs_spaceman xfs_info; do
		printf 'file\tsbin/%s\t%s\t755\t%s\n' "$f" "$xf/sbin/$f" "$(origin xfsprogs)"
	done
	printf 'file\tbin/btrfs\t%s\t755\t%s\n' "$bt/bin/btrfs" "$(origin btrfs-progs)"
	printf 'file\tsbin/dropbearmulti\t%s\t755\t%s\n' "$db/sbin/dropbearmulti" "$(origin dropbear)"
	for l in dropbear dropbearkey; do
		printf 'slink\tsbin/%s\tdropbearmulti\t%s\n' "$l" "$(origin dropbear)"
	done
	(cd "$here/image/rootfs" && find . -type f | LC_ALL=C sort) | while read -r f; do
		mode=644
		[ -x "$here/image/rootfs/$f" ] && mode=755
		printf 'file\t%s\t%s\t%s\tlifeboat %s (image/rootfs)\n' "${f#./}" "$here/image/rootfs/${f#./}" "$mode" "$version"
	done
	for d in dev:755 proc:555 sys:555 run:755 tmp:1777 root:700 mnt:755 etc:755; do
		printf 'dir\t%s\t%s\n' "${d%:*}" "${d#*:}"
	done
	# the kernel opens /dev/console for PID 1 before devtmpfs is mounted
	printf 'nod\tdev/console\t600\tc\t5\t1\n'
} > "$spec"

[ -z "$config" ] || python3 "$here/scripts/provider.py" spec "$config" "$spec"

case $kernel in
lifeboat)
	"$here/scripts/build-kernel.sh" "$b/vmlinuz" ${frags[@]+"${frags[@]}"}
	;;
debian)
	deb=$("$here/scripts/fetch.sh" linux-debian)
	kver=$(ls "$deb/lib/modules")
	cp "$deb/boot/vmlinuz-$kver" "$b/vmlinuz"
	"$here/scripts/select-modules.sh" "$deb/lib/modules/$kver" "$here/image/modules-debian.txt" "$b/modroot" "$kver"
	(cd "$b/modroot" && find lib -type f | LC_ALL=C sort) | while read -r f; do
		printf 'file\t%s\t%s\t644\t%s\n' "$f" "$b/modroot/$f" "$(origin linux-debian)"
	done >> "$spec"
	;;
esac

python3 "$here/scripts/mkinitramfs.py" "$spec" "$b/initramfs.cpio" "$out/manifest.txt"
case $kernel in
lifeboat) korigin="built from $(origin linux-source) with kernel-config/x86_64/*.config${frags[0]+ and the provider fragments $(basename -a "${frags[@]}" | paste -sd " ")}" ;;
debian) korigin="$(origin linux-debian), as Debian ships it" ;;
esac
sed -i "1i # vmlinuz: $korigin; initramfs.img: the files below, zstd -19" "$out/manifest.txt"
zstd -q -f -19 -T1 --no-progress "$b/initramfs.cpio" -o "$out/initramfs.img"
cp "$b/vmlinuz" "$out/vmlinuz"

# network boot: the script names the pair relative to its own URL, so the three
# files are published in one directory; ${lifeboat_args}, set before chaining it,
# adds to the command line (iPXE expands an unset one to nothing)
cat > "$out/lifeboat.ipxe" <<IPXE
#!ipxe
# lifeboat $version: boots vmlinuz and initramfs.img from this script's own directory.
# Add to the command line by setting lifeboat_args before chaining this script:
#   set lifeboat_args lifeboat.ssh_key=b64:...
kernel vmlinuz initrd=initramfs.img $cmdline \${lifeboat_args}
initrd initramfs.img
boot
IPXE
outputs=(vmlinuz initramfs.img lifeboat.ipxe)

if [ "$kernel" = lifeboat ]; then
	"$here/scripts/build-kernel.sh" --efi "$b/lifeboat.efi" "$b/initramfs.cpio" "$cmdline" ${frags[@]+"${frags[@]}"}
	cp "$b/lifeboat.efi" "$out/lifeboat.efi"
	outputs+=(lifeboat.efi)
fi
"$here/scripts/mkiso.sh" "$out/lifeboat.iso" "$out/vmlinuz" "$out/initramfs.img" "$cmdline" "$version"
outputs+=(lifeboat.iso manifest.txt)

(cd "$out" && sha256sum "${outputs[@]}" > SHA256SUMS)
log "$(stat -c %s "$out/vmlinuz") bytes vmlinuz, $(stat -c %s "$out/initramfs.img") bytes initramfs.img ($(stat -c %s "$b/initramfs.cpio") unpacked)"
for f in lifeboat.efi lifeboat.iso; do
	if [ -f "$out/$f" ]; then log "$(stat -c %s "$out/$f") bytes $f"; fi
done
