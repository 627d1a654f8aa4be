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
# every fuzz target for a moment (make fuzz FUZZ_SECONDS=N for longer)
stage fuzz make --no-print-directory fuzz OUT="$out" FUZZ_SECONDS="${FUZZ_CHECK_SECONDS:-10}"
stage image make --no-print-directory image OUT="$out"
# lifeboat-backup for the customer's machine: boot test 51 uses it
stage tools make --no-print-directory tools OUT="$out"
# end to end on a real Debian guest (flavour A), the fast subset (`make e2e` runs them all):
# beside the boot tests, which keep one core busy with one QEMU at a time, as this keeps the other
e2e_log=$(mktemp)
env E2E_FLAVOURS=a python3 tests/e2e/run.py "$out" 01_password 03_initramfs 05_network 12_untouched >"$e2e_log" 2>&1 &
e2e_pid=$!
e2e_show() {	# run in stage's pipeline, a subshell: the waiting is done before
	cat "$e2e_log"
	return "$e2e_rc"
}
stage image-test tests/image/run.sh "$out"
stage boot tests/boot/run.sh "$out" lifeboat
# a provider's configuration: bad ones refused, a good one built (OUT/provider) and booted
stage provider python3 tests/provider/run.py "$out"
stage image-debian make --no-print-directory image OUT="$out/debian" KERNEL=debian
stage boot-debian tests/boot/run.sh "$out/debian" debian
e2e_rc=0
wait "$e2e_pid" || e2e_rc=$?
stage e2e e2e_show
rm -f "$e2e_log"
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
