# Guest flavour B: Debian 12 on a GPT disk with a BIOS boot partition, an XFS
# root, dracut, GRUB for BIOS, OpenSSH, systemd-networkd with DHCP, firewalld.
# Sourced by build-guest.sh, which defines $root (the tree) and $nic.
packages=(
	systemd-sysv udev dbus kmod iproute2 netbase xfsprogs procps zstd
	linux-image-amd64 dracut grub-pc openssh-server firewalld
)
label=gpt
root_fs=xfs
root_uuid=b2b2b2b2-0000-4000-8000-00000000b001

configure() {
	echo "UUID=$root_uuid / xfs defaults 0 0" > "$root/etc/fstab"
	cat > "$root/etc/systemd/network/50-dhcp.network" <<NET
[Match]
Name=$nic

[Network]
DHCP=yes
NET
	# enabled as systemctl enable would: its links
	ln -sf /lib/systemd/system/systemd-networkd.service \
		"$root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
	mkdir -p "$root/etc/systemd/system/sockets.target.wants"
	ln -sf /lib/systemd/system/systemd-networkd.socket \
		"$root/etc/systemd/system/sockets.target.wants/systemd-networkd.socket"
}

# The disk: a BIOS boot partition for GRUB's core image, then / (XFS), GPT.
layout() {
	parts=("biosboot:1:21686148-6449-6E6F-744E-656564454649::none"
	       "root:2560:0FC63DAF-8483-4772-8E79-3D69D8477DE4:$root_uuid:xfs")
}
