# btrfs-progs: the multi-call `btrfs` (check, rescue, restore, inspect-internal,
# filesystem, device, subvolume, …), static. No mkfs, convert, udev, Python,
# documentation. zlib, LZO and zstd stay: `btrfs check` does not decompress, but
# `btrfs restore` (files out of an unmountable filesystem) and `receive` do.
# Zoned-device support needs only kernel headers and stays.
deps=(util-linux zlib lzo2 libzstd)
build() {
	local ul=${dep[util-linux]} z=${dep[zlib]} lzo=${dep[lzo2]} zstd=${dep[libzstd]}
	# configure asks pkg-config (also for `--static` link lines) for blkid, uuid,
	# zlib and libzstd: it gets a search path with only ours in it (the versions
	# only meet configure's minimums)
	mkdir lifeboat-pc
	pc() {	# pc NAME VERSION DIR LIB
		printf 'Name: %s\nDescription: %s (lifeboat stage)\nVersion: %s\nCflags: -I%s/include\nLibs: -L%s/lib -l%s\n' \
			"$1" "$1" "$2" "$3" "$3" "$4" > "lifeboat-pc/$1.pc"
	}
	pc blkid 2.38.1 "$ul" blkid
	pc uuid 2.38.1 "$ul" uuid
	pc zlib 1.2.13 "$z" z
	pc libzstd 1.5.4 "$zstd" zstd
	# the source package has no generated configure (Debian runs autogen.sh too)
	./autogen.sh
	# the Makefile takes include paths only through CFLAGS; lzo2 has no .pc
	PKG_CONFIG=pkg-config PKG_CONFIG_LIBDIR="$PWD/lifeboat-pc" PKG_CONFIG_PATH= \
	CFLAGS="$CFLAGS -I$ul/include -I$z/include -I$lzo/include -I$zstd/include" \
	LDFLAGS="-L$ul/lib -L$z/lib -L$lzo/lib -L$zstd/lib" \
	./configure --host=x86_64-linux-musl --prefix=/usr --bindir=/bin \
		--disable-documentation --disable-convert --disable-python \
		--disable-libudev --disable-backtrace --disable-shared \
		--with-crypto=builtin
	# a newer pin that drops a decompressor must fail here
	grep -q '^COMPRESSION_LZO = 1' Makefile.inc
	grep -q '^COMPRESSION_ZSTD = 1' Makefile.inc
	make -j"$jobs" btrfs.static V=1
	mkdir -p "$STAGE/bin"
	cp btrfs.static "$STAGE/bin/btrfs"
	strip "$STAGE/bin/btrfs"
}
