#!/usr/bin/env bash
# repro.sh: build the image twice, each time from an empty cache in its own
# directory, and compare the results byte for byte. Prints both builds' times.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
kernel=${KERNEL:-lifeboat}
work=${REPRO_DIR:-$(mktemp -d /var/tmp/lifeboat-repro.XXXXXX)}
# both builds from this one commit, whatever happens to the work tree meanwhile
rev=$(git -C "$here" rev-parse HEAD)
mkdir -p "$work"
for n in 1 2; do
	rm -rf "$work/cache$n" "$work/out$n"
	# the second build also runs under another umask, from a copy of the tree at another path
	rm -rf "$work/tree$n"
	git -C "$here" worktree add -f --detach "$work/tree$n" "$rev" >/dev/null 2>&1 ||
		die "git worktree add $rev failed"
	# downloads are no build output: share them so the archive is asked only once
	mkdir -p "$work/cache$n" "$work/dl"
	ln -sfn "$work/dl" "$work/cache$n/dl"
	start=$(date +%s)
	(cd "$work/tree$n" && umask $([ $n = 1 ] && echo 022 || echo 077) &&
		LIFEBOAT_CACHE=$work/cache$n scripts/mkimage.sh "$work/out$n" "$kernel") >"$work/build$n.log" 2>&1 ||
		{ tail -n 30 "$work/build$n.log"; die "build $n failed: $work/build$n.log"; }
	log "build $n from an empty cache: $(( $(date +%s) - start )) s"
done
status=0
for f in initramfs.img vmlinuz manifest.txt lifeboat.ipxe lifeboat.iso SHA256SUMS $([ "$kernel" = lifeboat ] && echo lifeboat.efi); do
	if cmp -s "$work/out1/$f" "$work/out2/$f"; then
		log "$f identical: $(sha256sum < "$work/out1/$f" | cut -c1-16)"
	else
		log "$f DIFFERS"
		status=1
	fi
done
for n in 1 2; do git -C "$here" worktree remove -f "$work/tree$n" >/dev/null 2>&1 || rm -rf "$work/tree$n"; done
if [ $status = 0 ]; then
	log "reproducible"
	[ -n "${REPRO_KEEP:-}" ] || rm -rf "$work"
else
	log "not reproducible; builds kept in $work"
fi
exit $status
