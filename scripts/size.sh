#!/usr/bin/env bash
# size.sh OUT: the budgets of issue 2, measured: image sizes, and the boot times
# and PID 1 memory a fresh boot reports about itself (median of 3 boots).
set -euo pipefail
out=$1
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
k=$(stat -c %s "$out/vmlinuz")
i=$(stat -c %s "$out/initramfs.img")
u=$(zstd -dc "$out/initramfs.img" | wc -c)
# the size budgets are for our own kernel, drivers built in; Debian's carries modules
kb="budget 8 MiB" ib="budget 3 MiB"
if head -n1 "$out/manifest.txt" | grep -q 'as Debian ships it'; then
	kb="Debian's kernel" ib="with Debian's modules"
fi
printf 'kernel      %9d bytes (%s; %s)\n' "$k" "$(mib "$k")" "$kb"
printf 'initramfs   %9d bytes (%s compressed, %s; %s unpacked)\n' "$i" "$(mib "$i")" "$ib" "$(mib "$u")"
python3 - "$out" <<'PY'
import json, statistics, sys
sys.path.insert(0, "tests/boot")
from vm import Vm
runs = []
for _ in range(3):
    with Vm(sys.argv[1]) as v:
        v.ready()
        rc, text = v.sh("lifeboat status --json")
        runs.append(json.loads(text))
med = lambda k: statistics.median(r[k] for r in runs)
print(f"boot        {med('kernel_to_ready_ms'):.0f} ms guest time from kernel start to the banner (median of 3, TCG)")
print(f"pid1        {med('pid1_to_ready_ms'):.0f} ms from PID 1 exec to the banner")
print(f"pid1 rss    {med('pid1_rss_kib'):.0f} KiB at the banner (budget 2048 KiB)")
PY
