#!/usr/bin/env bash
# check-static.sh OUT: every ELF file in OUT/initramfs.img is statically linked.
# check-static.sh --dir DIR: the same check on a directory tree (the test's own twin).
set -euo pipefail
if [ "$1" = --dir ]; then
	root=$2
else
	root=$(mktemp -d)
	trap 'rm -rf "$root"' EXIT
	zstd -dc "$1/initramfs.img" | (cd "$root" && cpio -id --quiet --no-absolute-filenames)
fi
elves=0 dynamic=0
while IFS= read -r -d '' f; do
	[ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || continue
	case $f in *.ko) continue ;; esac	# kernel modules are ELF objects, not programs
	elves=$((elves + 1))
	if readelf -lW "$f" | grep -q 'Requesting program interpreter' || readelf -dW "$f" 2>/dev/null | grep -q '(NEEDED)'; then
		echo "dynamically linked: ${f#"$root"/}"
		dynamic=$((dynamic + 1))
	fi
done < <(find "$root" -type f -print0)
echo "static check: $elves programs, $dynamic dynamically linked"
[ $elves -gt 0 ] && [ $dynamic -eq 0 ]
