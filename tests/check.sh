#!/usr/bin/env bash
# check.sh OUT: everything `make check` runs, in order; every stage runs even when
# an earlier one failed, and the last line sums them all up.
set -uo pipefail
out=$1
pass=0 fail=0
stage() {	# stage NAME COMMAND…: run it, add up its "N passed, N failed" line
	local name=$1 log line p f rc
	shift
	echo "== $name"
	log=$(mktemp)
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	rm -f "$log"
	if [ -n "$line" ]; then
		p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
		f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	else
		p=0 f=0
	fi
	# a stage that failed without saying what failed still counts as one failure
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p)) fail=$((fail + f))
}
stage unit make --no-print-directory unit OUT="$out"
stage image make --no-print-directory image OUT="$out"
stage image-test tests/image/run.sh "$out"
stage boot tests/boot/run.sh "$out" lifeboat
# end to end on a real Debian guest (flavour A): the fast subset, two at a time (the
# initramfs one, about 14 minutes under TCG, beside the other two); `make e2e` runs them all
stage e2e env E2E_FLAVOURS=a python3 tests/e2e/run.py -j 2 "$out" 01_password 03_initramfs 05_network
stage image-debian make --no-print-directory image OUT="$out/debian" KERNEL=debian
stage boot-debian tests/boot/run.sh "$out/debian" debian
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
