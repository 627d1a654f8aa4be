#!/usr/bin/env bash
# run.sh DIR SECONDS BIN...: run each fuzz target SECONDS seconds from its seeds
# (tests/fuzz/corpus/NAME, and the kept crashes in tests/fuzz/regress/NAME),
# growing a working corpus in DIR/corpus/NAME; what breaks a target is kept in
# DIR/crashes/NAME. One line per target (runs, coverage), then the sum.
set -uo pipefail
dir=$1 secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
for bin in "$@"; do
	name=${bin##*/fuzz_}
	work=$dir/corpus/$name crashes=$dir/crashes/$name log=$dir/$name.log
	mkdir -p "$work" "$crashes"
	seeds=()
	for d in "$here/corpus/$name" "$here/regress/$name"; do
		[ -d "$d" ] && seeds+=("$d")
	done
	# new inputs go to the first directory: the working corpus, never the tree's
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$crashes/" "$work" "${seeds[@]}" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1)
	units=$(find "$work" -type f | wc -l)
	if [ $rc -eq 0 ] && [ -n "$runs" ]; then
		echo "ok    $name: ${runs} runs in ${secs} s, ${cov:-cov: ?}, ${units} inputs in the working corpus"
		pass=$((pass + 1))
	else
		echo "FAIL  $name (exit $rc): $(grep -m1 -E 'ERROR|property broken|runtime error' "$log")"
		ls "$crashes" | sed 's/^/      kept: /'
		echo "      log: $log"
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
