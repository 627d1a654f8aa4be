# xfsprogs: xfs_repair, xfs_db and xfs_spaceman (with the xfs_info script on
# top of them), static. No mkfs (its config-file parser, libinih, is the only
# user of that library), no xfs_scrub (libicu), no editline, no translations.
deps=(liburcu util-linux)
build() {
	local rcu=${dep[liburcu]} ul=${dep[util-linux]}
	# configure insists on libinih, which only mkfs.xfs uses (and its source is not
	# in the archive mirror we pin from): its checks are answered, and an empty
	# archive stands in for the -linih it adds, so a tool that did call it could not link
	mkdir lifeboat-noinih
	ar rc lifeboat-noinih/libinih.a
	# builddefs passes on CFLAGS, not CPPFLAGS
	CFLAGS="$CFLAGS -I$rcu/include -I$ul/include" \
	LDFLAGS="-L$rcu/lib -L$ul/lib -L$PWD/lifeboat-noinih" \
	DEBUG=-DNDEBUG OPTIMIZER=-Os \
	./configure --host=x86_64-linux-musl --prefix=/usr \
		--enable-gettext=no --enable-editline=no --enable-blkid=yes \
		--enable-scrub=no --enable-libicu=no --enable-lto=no \
		--disable-ubsan --disable-addrsan --disable-threadsan \
		ac_cv_header_ini_h=yes ac_cv_lib_inih_ini_parse=yes
	# a newer pin that loses what repair relies on must fail here
	grep -q '^LIBURCU = -lurcu' include/builddefs
	grep -q '^LIBBLKID = -lblkid' include/builddefs
	# liburcu's default flavour sits on liburcu-common; libtool drops -static,
	# its flag for a fully static program is -all-static
	local ldflags="-L$rcu/lib -L$ul/lib -all-static -Wl,--gc-sections"
	make -j"$jobs" include/platform_defs.h
	make -j"$jobs" headers
	make -j"$jobs" repair db spaceman LOADERFLAGS="$ldflags" \
		LIBURCU="-lurcu -lurcu-common"
	mkdir -p "$STAGE/sbin"
	cp repair/xfs_repair db/xfs_db spaceman/xfs_spaceman "$STAGE/sbin/"
	strip "$STAGE"/sbin/*

	# xfs_info is a script: a mounted filesystem (found with util-linux's findmnt)
	# goes to xfs_spaceman, anything else to xfs_db, which refuses a mounted device.
	# busybox has no findmnt: the mount is found in /proc/self/mountinfo instead,
	# by the mountpoint or the block device's major:minor, first match as findmnt -f
	cat > lifeboat-findmnt.sh <<'SH'

# Print where the XFS named by $1 (a mountpoint or a block device) is mounted:
# the first /proc/self/mountinfo line for it; none: fail. (lifeboat: busybox has
# no findmnt. A mountpoint with blanks in its name, escaped there, is not found.)
find_xfs_mountpoint() {
	local path="$(realpath "$1" 2> /dev/null)" devno=""
	test -n "$path" || return 1
	if test -b "$path"; then
		devno="$(stat -L -c '%t %T' "$path" | { read -r ma mi; printf '%d:%d' "0x$ma" "0x$mi"; })"
	fi
	awk -v p="$path" -v d="$devno" '
		{ for (i = 7; i < NF && $i != "-"; i++) ; }
		$(i + 1) == "xfs" && (d != "" ? $3 == d : $5 == p) { print $5; found = 1; exit }
		END { exit !found }' /proc/self/mountinfo
}
SH
	sed -e '0,/^}$/ { /^}$/ r lifeboat-findmnt.sh
		}' \
	    -e 's|findmnt -t xfs -f -n -o TARGET "${arg}"|find_xfs_mountpoint "${arg}"|' \
		spaceman/xfs_info.sh > "$STAGE/sbin/xfs_info"
	# a newer pin whose script changed must fail here, not ship a half-converted one
	if grep -n '$(findmnt' "$STAGE/sbin/xfs_info"; then exit 1; fi
	test "$(grep -c find_xfs_mountpoint "$STAGE/sbin/xfs_info")" = 2
	chmod 755 "$STAGE/sbin/xfs_info"
}
