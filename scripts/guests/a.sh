# Guest flavour A: Debian 12 on an MBR disk, ext4 root and a separate ext4
# /boot, initramfs-tools, GRUB for BIOS, OpenSSH, ifupdown with DHCP,
# iptables-persistent. Sourced by build-guest.sh, which defines $root (the
# tree) and $nic (the name the guest's udev gives the NIC under the tests' QEMU).
packages=(
	systemd-sysv udev dbus kmod iproute2 netbase e2fsprogs procps zstd busybox
	linux-image-amd64 initramfs-tools grub-pc openssh-server ifupdown isc-dhcp-client
	iptables iptables-persistent
)
label=dos
root_fs=ext4
root_uuid=a1a1a1a1-0000-4000-8000-00000000a001
boot_uuid=a1a1a1a1-0000-4000-8000-00000000a002

# The flavour's own configuration, written into the tree after the packages.
configure() {
	cat > "$root/etc/fstab" <<FSTAB
UUID=$root_uuid / ext4 errors=remount-ro 0 1
UUID=$boot_uuid /boot ext4 defaults 0 2
FSTAB
	cat > "$root/etc/network/interfaces" <<IF
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback

allow-hotplug $nic
iface $nic inet dhcp
IF
	# iptables-persistent: rules that let everything in, loaded at boot
	mkdir -p "$root/etc/iptables"
	printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' \
		> "$root/etc/iptables/rules.v4"
	printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' \
		> "$root/etc/iptables/rules.v6"
}

# The disk: /boot (256 MiB) then / (the rest), MBR.
layout() {
	parts=("boot:256:83:$boot_uuid:ext4" "root:1792:83:$root_uuid:ext4")
}
