# Shared helpers for the build scripts; sourced, not run.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${LIFEBOAT_CACHE:-/var/cache/lifeboat}
# the one date in every build output (2023-11-14): dependencies and the kernel are
# always built with it, so a cached build depends on nothing but its cache key;
# the initramfs entries take SOURCE_DATE_EPOCH from the environment if it is set
LB_EPOCH=1700000000
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$LB_EPOCH}
jobs=${JOBS:-$(nproc)}

# key FILE...: a short hash of the named files' contents and names: the cache key of a build
key() {
	local f
	for f in "$@"; do
		printf '%s\n' "${f#"$here"/}"
		cat "$f"
	done | sha256sum | cut -c1-16
}

# pin NAME: the image/versions line of NAME (part of every cache key that uses it)
pin() {
	awk -v n="$1" '$1 == n { print; exit }' "$here/image/versions"
}

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "$*"; exit 1; }
