#!/usr/bin/env bash
# mkiso.sh ISO VMLINUZ INITRAMFS CMDLINE VERSION: a hybrid ISO that boots the pair
# with CMDLINE, at once (no menu, no timeout), under BIOS and UEFI, from a CD and
# as a disk image. The kernel and initramfs are stored once, in the ISO 9660 tree:
#   BIOS, CD:   El Torito → isolinux → /boot/vmlinuz + /boot/initrd.img
#   BIOS, disk: isohybrid MBR (isohdpfx.bin) → isolinux, the same
#   UEFI, both: the El Torito EFI image, also a GPT partition (an ESP), holds a
#               standalone GRUB as \EFI\BOOT\BOOTX64.EFI; its built-in script finds
#               this ISO's 9660 tree by a marker file and loads the pair from it
# Every byte is fixed by the inputs: dates are SOURCE_DATE_EPOCH's, the FAT volume
# id and the GPT's GUIDs are derived from it, modes are normalised.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# = 5 ] || die "usage: mkiso.sh ISO VMLINUZ INITRAMFS CMDLINE VERSION"
iso=$1 kernel=$2 initrd=$3 cmdline=$4 version=$5
# GRUB's linux command writes ' " \ back escaped, and a line ends the configurations
case $cmdline in *[\"\'\\$'\n']*) die "the command line must not hold ' \" \\ or a newline: $cmdline" ;; esac

isolinux=$("$here/scripts/fetch.sh" isolinux)/usr/lib/ISOLINUX
ldlinux=$("$here/scripts/fetch.sh" syslinux-common)/usr/lib/syslinux/modules/bios/ldlinux.c32
grubmods=$("$here/scripts/fetch.sh" grub-efi)/usr/lib/grub/x86_64-efi
mkimage=$("$here/scripts/fetch.sh" grub-common)/usr/bin/grub-mkimage

export TZ=UTC LC_ALL=C MTOOLSRC=/dev/null MTOOLS_SKIP_CHECK=1
umask 022
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
t=$w/tree
mkdir -p "$t/boot" "$t/isolinux" "$t/EFI"
cp "$kernel" "$t/boot/vmlinuz"
cp "$initrd" "$t/boot/initrd.img"

# GRUB picks the tree holding this marker: named by what it boots, so another
# lifeboat medium attached beside this one is never taken for it
id=$({ sha256sum < "$kernel"; sha256sum < "$initrd"; printf '%s' "$cmdline" | sha256sum; } | sha256sum | cut -c1-12)
marker=/.lifeboat-$id
printf 'lifeboat %s\n' "$version" > "$t$marker"

cp "$isolinux/isolinux.bin" "$ldlinux" "$t/isolinux/"
cat > "$t/isolinux/isolinux.cfg" <<EOF
DEFAULT lifeboat
PROMPT 0
TIMEOUT 0
LABEL lifeboat
  LINUX /boot/vmlinuz
  INITRD /boot/initrd.img
  APPEND $cmdline
EOF

# GRUB runs a built-in script with its rescue parser (no "normal" module: 250 KB,
# not 560); each word quoted; efi_gop gives the kernel a framebuffer for tty0
words=
set -f
for word in $cmdline; do words+=" '$word'"; done
set +f
cat > "$w/grub.cfg" <<EOF
search.file $marker root
linux /boot/vmlinuz$words
initrd /boot/initrd.img
boot
EOF
"$mkimage" -O x86_64-efi -d "$grubmods" -p /boot/grub -c "$w/grub.cfg" -o "$w/BOOTX64.EFI" \
	iso9660 search_fs_file linux boot efi_gop
touch -d "@$SOURCE_DATE_EPOCH" "$w/BOOTX64.EFI"
# the smallest FAT that holds it, in 32 KiB steps
kib=$(( ($(stat -c %s "$w/BOOTX64.EFI") + 1023) / 1024 ))
kib=$(( (kib + 32 + 31) / 32 * 32 ))
mkfs.vfat -C -i "$(printf '%08x' "$SOURCE_DATE_EPOCH")" -r 16 "$t/EFI/efiboot.img" "$kib" >/dev/null
mmd -i "$t/EFI/efiboot.img" ::/EFI ::/EFI/BOOT
mcopy -m -i "$t/EFI/efiboot.img" "$w/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI

find "$t" -type d -exec chmod 755 {} +
find "$t" -type f -exec chmod 644 {} +
date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S00)
rm -f "$iso"
xorriso -as mkisofs -o "$iso" -iso-level 3 -r -V LIFEBOAT \
	--modification-date="$date" --set_all_file_dates "$date" --gpt_disk_guid modification-date \
	-isohybrid-mbr "$isolinux/isohdpfx.bin" \
	-c isolinux/boot.cat -b isolinux/isolinux.bin -no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e EFI/efiboot.img -no-emul-boot -isohybrid-gpt-basdat \
	-partition_cyl_align off \
	"$t" 2> "$w/xorriso.log" || { cat "$w/xorriso.log" >&2; die "xorriso failed"; }
