# busybox: the shell and the tools an operator expects, from allnoconfig plus
# image/busybox.config, static against musl.
inputs=(image/busybox.config)
build() {
	local frag=$here/image/busybox.config
	make -s allnoconfig >/dev/null
	# busybox's kconfig keeps the first assignment of a symbol: the fragment goes first,
	# and allnoconfig's line for each symbol it sets goes away
	grep -oE '^CONFIG_[A-Z0-9_]+' "$frag" | sed 's/$/[= ]/' > fragment.syms
	{ grep -E '^CONFIG_' "$frag"; grep -vf fragment.syms .config; } > .config.new
	mv .config.new .config
	{ yes '' || true; } | make -s oldconfig >/dev/null
	bad=0
	while IFS= read -r want; do
		case $want in CONFIG_*=*) ;; *) continue ;; esac
		grep -qxF "$want" .config || { echo "busybox option lost: $want" >&2; bad=1; }
	done < "$frag"
	[ $bad = 0 ] || return 1
	make -j"$jobs" CC="$CC" HOSTCC=gcc EXTRA_CFLAGS="$CFLAGS" SKIP_STRIP=n busybox
	mkdir -p "$STAGE/bin"
	cp busybox "$STAGE/bin/busybox"
	./busybox --list-full > "$STAGE/applets"
	# the version string shows the Debian revision it was built from
	./busybox | head -n1 > "$STAGE/version"
}
