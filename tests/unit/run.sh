#!/usr/bin/env bash
# run.sh TEST...: run unit test binaries, sum their counts into one closing line.
set -u
pass=0 fail=0 broken=0
for t in "$@"; do
	outp=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$outp"
	line=$(printf '%s\n' "$outp" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n1)
	if [ -z "$line" ]; then
		echo "$t: crashed or printed no result (exit $rc)"
		broken=$((broken + 1))
		continue
	fi
	p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	pass=$((pass + p)) fail=$((fail + f))
	[ $rc -eq 0 ] || [ "$f" -gt 0 ] || broken=$((broken + 1))
done
fail=$((fail + broken))
echo "unit: $pass passed, $fail failed"
[ $fail -eq 0 ]
