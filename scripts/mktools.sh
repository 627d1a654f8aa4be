#!/usr/bin/env bash
# mktools.sh OUT: OUT/tools/lifeboat-backup, for the customer's own Linux
# machine (x86_64): one static binary (musl, zstd from Debian's source) that
# verifies a backup stream of `lifeboat backup` and turns it into a raw image.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$(mkdir -p "$1/tools" && cd "$1/tools" && pwd)
version=${LB_VERSION:-$(cat "$here/VERSION")}
zs=$("$here/scripts/build-dep.sh" libzstd)
(cd "$here" && musl-gcc -isystem "$cache/musl-include" -std=c11 -Os -static -Wall -Wextra -Werror \
	-DLB_VERSION="\"$version\"" -ffile-prefix-map="$here"=. -ffunction-sections -fdata-sections \
	-Iinit -I"$zs/include" -o "$out/lifeboat-backup" tools/lifeboat-backup.c \
	init/backup/apply.c init/backup/stream.c init/backup/lbk.c init/lib/sha256.c \
	"$zs/lib/libzstd.a" -Wl,--gc-sections -s)
log "tools: $out/lifeboat-backup ($(stat -c %s "$out/lifeboat-backup") bytes)"
