#!/usr/bin/env bash
# build-dep.sh NAME: build dependency NAME with image/recipes/NAME.sh against
# musl, statically, from its pinned Debian source; print its staging directory.
# Cached under $LIFEBOAT_CACHE/stage by a hash of the pin, the recipe, the
# files the recipe declares in its `inputs` variable and the dependencies it
# names in `deps` (available to build() as ${dep[NAME]}).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$LB_EPOCH
name=$1
recipe=$here/image/recipes/$name.sh
[ -f "$recipe" ] || die "no recipe $recipe"

inputs=() deps=()
# shellcheck source=/dev/null
. "$recipe"		# defines inputs=(), deps=() and build()
# what a recipe links against is built first; its stage path (and so its key) is part of ours
declare -A dep
for d in "${deps[@]}"; do
	dep[$d]=$("$0" "$d")
done
k=$( { pin "$name"; cat "$recipe" "$here/scripts/lib.sh" "$0"; for f in "${inputs[@]}"; do cat "$here/$f"; done
	for d in "${deps[@]}"; do echo "${dep[$d]}"; done; } | sha256sum | cut -c1-16)
stage=$cache/stage/$name-$k
# one build of a stage at a time: a second make would delete the first one's tree
mkdir -p "$cache/stage"
exec 9>"$cache/stage/.$name.lock"
flock 9
if [ -f "$stage/.lifeboat-built" ]; then
	echo "$stage"
	exit 0
fi

# musl-gcc has no kernel headers: give it the host's, and nothing else of the host's
inc=$cache/musl-include
if [ ! -e "$inc/asm" ]; then
	mkdir -p "$inc"
	ln -sfn /usr/include/linux "$inc/linux"
	ln -sfn /usr/include/x86_64-linux-gnu/asm "$inc/asm"
	ln -sfn /usr/include/asm-generic "$inc/asm-generic"
	ln -sfn /usr/include/mtd "$inc/mtd"
fi

src=$("$here/scripts/fetch.sh" "$name")
B=$cache/build/$name-$k
rm -rf "$B" "$stage" "$stage.tmp"
mkdir -p "$(dirname "$B")" "$stage.tmp"
cp -a "$src" "$B"
export CC="musl-gcc -isystem $inc"
# the build directory differs between caches: keep its name out of the binaries
export CFLAGS="-Os -ffile-prefix-map=$B=/src/$name -ffunction-sections -fdata-sections"
export PKG_CONFIG=false PKG_CONFIG_PATH=
STAGE=$stage.tmp
log "building $name in $B"
# in the background so that `set -e` holds inside the recipe (an `||` would switch it off)
( cd "$B" && build ) >"$B.log" 2>&1 &
wait $! || { tail -n 40 "$B.log" >&2; die "$name failed; full log: $B.log"; }
touch "$STAGE/.lifeboat-built"
mv "$STAGE" "$stage"
rm -rf "$B" "$B.log"
echo "$stage"
