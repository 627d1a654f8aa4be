#!/usr/bin/env bash
# qemu.sh OUT [EXTRA QEMU ARGS…]: boot OUT/vmlinuz + OUT/initramfs.img under QEMU
# with the serial console on this terminal (Ctrl-A X quits). SSH, when there is
# one, is forwarded to 127.0.0.1:${LIFEBOAT_SSH_PORT:-2222}.
set -euo pipefail
out=$1
shift
# TCG unless asked: /dev/kvm may exist where KVM can't run this CPU model
exec qemu-system-x86_64 -machine accel="${LIFEBOAT_ACCEL:-tcg}" -cpu max -m "${LIFEBOAT_MEM:-512}" -nographic \
	-kernel "$out/vmlinuz" -initrd "$out/initramfs.img" \
	-append "console=ttyS0 ${LIFEBOAT_APPEND:-}" \
	-nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:${LIFEBOAT_SSH_PORT:-2222}-:22" \
	-device virtio-rng-pci "$@"
