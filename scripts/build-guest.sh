#!/usr/bin/env bash
# build-guest.sh FLAVOUR OUT: a real Debian 12 guest disk for the end-to-end
# tests, from Debian's archive with mmdebstrap, per scripts/guests/FLAVOUR.sh;
# prints its directory (disk.img, the test's SSH key, guest.env). Cached under
# $LIFEBOAT_CACHE/guests by the recipe, this script and mmdebstrap's version.
# The filesystems are made from the tree (mke2fs -d, mkfs.xfs -p), the disk is
# a plain file (sfdisk, dd): no loop device, no host mount. GRUB is installed
# by lifeboat itself (OUT's image, booted under QEMU: lifeboat fix bootloader),
# and the guest must then boot from its disk to its sshd before it is kept.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
flavour=$1
out=$(cd "$2" && pwd)
recipe=$here/scripts/guests/$flavour.sh
[ -f "$recipe" ] || die "no guest recipe $recipe"
[ -f "$out/vmlinuz" ] || die "no lifeboat image in $out (make image)"
nic=ens2	# QEMU's i440fx as the tests lay it out (-nodefaults, the NIC first): slot 2
# shellcheck source=/dev/null
. "$recipe"
k=$( { key "$recipe" "$0" "$here/scripts/guest-boot.py" "$here/scripts/xfs-proto.py"; mmdebstrap --version; echo "$nic"; } |
	sha256sum | cut -c1-16)
dir=$cache/guests/$flavour-$k
mkdir -p "$cache/guests"
exec 9>"$cache/guests/.$flavour.lock"
flock 9
if [ -f "$dir/.built" ]; then
	echo "$dir"
	exit 0
fi
B=$cache/build/guest-$flavour-$k
rm -rf "$B" "$dir"
mkdir -p "$B"
root=$B/root
t0=$(date +%s)

# the packages, as one tarball kept by their list: the slow part, done once
suites="deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main"
# no prompts: GRUB goes to a disk later, by lifeboat; iptables-persistent saves nothing;
# dracut makes generic images (the chroot's devices are not the guest's)
preseed='printf "%s\n" "grub-pc grub-pc/install_devices multiselect" \
	"grub-pc grub-pc/install_devices_empty boolean true" \
	"iptables-persistent iptables-persistent/autosave_v4 boolean false" \
	"iptables-persistent iptables-persistent/autosave_v6 boolean false" | chroot "$1" debconf-set-selections
mkdir -p "$1/etc/dracut.conf.d"
printf "hostonly=\"no\"\nhostonly_cmdline=\"no\"\n" > "$1/etc/dracut.conf.d/10-lifeboat-e2e.conf"'
tk=$( { printf '%s\n' "${packages[@]}" "$suites" "$preseed"; mmdebstrap --version; } | sha256sum | cut -c1-16)
tarball=$cache/guests/$flavour-packages-$tk.tar
if [ ! -f "$tarball" ]; then
	log "mmdebstrap: Debian 12 with ${packages[*]}"
	mmdebstrap --mode=unshare --variant=apt --include="$(IFS=,; echo "${packages[*]}")" \
		--essential-hook="$preseed" bookworm "$tarball.tmp.tar" - <<<"$suites" >"$B/mmdebstrap.log" 2>&1 ||
		{ tail -n 30 "$B/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
	mv "$tarball.tmp.tar" "$tarball"
fi
mkdir "$root"
tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -xpf "$tarball"
t1=$(date +%s)

# what every flavour shares: a name, root's password and the test's key, GRUB on the serial console
ssh-keygen -q -t ed25519 -N '' -C "lifeboat-e2e-$flavour" -f "$B/id_ed25519"
echo "guest-$flavour" > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tguest-%s\n' "$flavour" > "$root/etc/hosts"
echo 'root:lifeboat-e2e' | chroot "$root" chpasswd
install -d -m 700 "$root/root/.ssh"
install -m 600 "$B/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
# root may log in with its password too: the password scenario checks it over SSH
printf 'PermitRootLogin yes\n' > "$root/etc/ssh/sshd_config.d/lifeboat-e2e.conf"
sed -i -e 's/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=0/' \
	-e 's/^GRUB_CMDLINE_LINUX=.*/GRUB_CMDLINE_LINUX="console=ttyS0,115200n8"/' "$root/etc/default/grub"
printf 'GRUB_TERMINAL=serial\nGRUB_SERIAL_COMMAND="serial --speed=115200"\n' >> "$root/etc/default/grub"
configure
# the archive's package lists are not part of a disk
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin

# the filesystems, from the tree; a partition of its own takes its subtree along
layout
declare -A mounted=([boot]=/boot [root]=/)
img=$B/disk.img
total=1
for p in "${parts[@]}"; do
	IFS=: read -r name mib type uuid fs <<<"$p"
	total=$((total + mib))
done
truncate -s "$((total + 1))M" "$img"
script="label: $label"
start=1
for p in "${parts[@]}"; do
	IFS=: read -r name mib type uuid fs <<<"$p"
	script+=$'\n'"start=${start}MiB, size=${mib}MiB, type=$type"
	[ "$name" = boot ] && [ "$label" = dos ] && script+=", bootable"
	start=$((start + mib))
done
sfdisk -q "$img" <<<"$script"
start=1
for p in "${parts[@]}"; do
	IFS=: read -r name mib type uuid fs <<<"$p"
	part=$B/$name.fs
	src=$B/tree-$name
	rm -rf "$src"
	if [ "$name" = root ]; then
		src=$root
	elif [ "$fs" != none ]; then
		mv "$root${mounted[$name]}" "$src"
		mkdir -m 755 "$root${mounted[$name]}"
	fi
	rm -f "$part"
	truncate -s "${mib}M" "$part"
	case $fs in
	ext4) mke2fs -q -F -t ext4 -U "$uuid" -E root_owner=0:0 -d "$src" "$part" ;;
	xfs)
		python3 "$here/scripts/xfs-proto.py" "$src" "$B/$name.sticky" > "$B/$name.proto" 2>"$B/$name.proto.log"
		mkfs.xfs -q -f -m uuid="$uuid" -p "$B/$name.proto" "$part"
		# the protofile has no sticky bit: /tmp and its kind get theirs here
		while read -r d; do
			mode=$(stat -c %a "$src$d")
			xfs_db -x -c "path $d" -c "write core.mode 04$mode" "$part" >/dev/null
		done < "$B/$name.sticky"
		;;
	none) ;;
	esac
	[ "$fs" = none ] || dd if="$part" of="$img" bs=1M seek="$start" conv=notrunc,sparse status=none
	rm -f "$part"
	start=$((start + mib))
done
t2=$(date +%s)

# GRUB, by lifeboat; then the guest has to come up on its own
python3 "$here/scripts/guest-boot.py" "$out" "$img" "$B/id_ed25519" >"$B/boot.log" 2>&1 ||
	{ tail -n 40 "$B/boot.log" >&2; die "the guest did not boot from its disk (log: $B/boot.log)"; }
t3=$(date +%s)

mkdir -p "$dir.tmp"
cp --sparse=always "$img" "$dir.tmp/disk.img"
cp "$B/id_ed25519" "$B/id_ed25519.pub" "$dir.tmp/"
cat > "$dir.tmp/guest.env" <<ENV
flavour=$flavour
root_uuid=$root_uuid
nic=$nic
mmdebstrap_s=$((t1 - t0))
filesystems_s=$((t2 - t1))
bootloader_and_boot_s=$((t3 - t2))
$(grep -E '^(guest_boot_to_ssh_s|rescue)' "$B/boot.log" || true)
ENV
touch "$dir.tmp/.built"
mv "$dir.tmp" "$dir"
rm -rf "$B"
log "guest $flavour: $((t3 - t0)) s ($((t1 - t0)) s mmdebstrap)"
echo "$dir"
