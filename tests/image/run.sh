#!/usr/bin/env bash
# run.sh OUT: checks on the built image itself (no boot): static binaries, reproducible assembly.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
pass=0 fail=0
result() { if [ "$1" = 0 ]; then pass=$((pass + 1)); echo "ok    $2"; else fail=$((fail + 1)); echo "FAIL  $2"; fi; }

"$here/check-static.sh" "$out" >/tmp/lb-static.$$ 2>&1; r=$?
cat /tmp/lb-static.$$; result $r "every program in the initramfs is static"
# twin: the checker must catch a dynamic program
tw=$(mktemp -d); cp /bin/ls "$tw/"
"$here/check-static.sh" --dir "$tw" >/dev/null 2>&1; r=$?
result $((r == 0)) "the static check catches a dynamic /bin/ls"
rm -rf "$tw" /tmp/lb-static.$$

# the same sources assembled again, under another umask, give the same bytes: every output
again=$(mktemp -d)
(umask 077 && "$here/../../scripts/mkimage.sh" "$again" "${KERNEL:-lifeboat}" >/dev/null 2>&1); built=$?
outputs=(initramfs.img vmlinuz lifeboat.ipxe lifeboat.iso SHA256SUMS)
[ -f "$out/lifeboat.efi" ] && outputs+=(lifeboat.efi)
for f in "${outputs[@]}"; do
	[ $built = 0 ] && [ -s "$out/$f" ] && cmp -s "$out/$f" "$again/$f"; r=$?
	result $r "$f rebuilt under umask 077 is byte-identical"
done
# every output is in SHA256SUMS, and each sum holds
(cd "$out" && sha256sum --quiet -c SHA256SUMS && [ "$(wc -l < SHA256SUMS)" = "$(( ${#outputs[@]} ))" ]); r=$?
result $r "SHA256SUMS lists every output and each sum holds"
# twin: a changed byte fails its sum
tw=$(mktemp -d)
cp "$out/SHA256SUMS" "$out/lifeboat.ipxe" "$tw/" && sed -i 's/boot$/boot /' "$tw/lifeboat.ipxe"
(cd "$tw" && ! sha256sum --quiet -c --ignore-missing SHA256SUMS >/dev/null 2>&1); r=$?
result $r "a changed lifeboat.ipxe fails its sum"
rm -rf "$tw"
# twin: a changed input changes the image (the comparison can fail)
cp -a "$again/build/spec" "$again/spec.changed"
printf 'dir\tlifeboat-twin\t755\n' >> "$again/spec.changed"
python3 "$here/../../scripts/mkinitramfs.py" "$again/spec.changed" "$again/twin.cpio" "$again/twin.manifest"
zstd -q -19 "$again/twin.cpio" -o "$again/twin.img"
! cmp -s "$out/initramfs.img" "$again/twin.img"; result $? "an image with one more entry differs"
rm -rf "$again"
echo "image: $pass passed, $fail failed"
[ $fail = 0 ]
