# zlib: deflate/inflate, static, for btrfs-progs (its configure requires it;
# `btrfs restore` and `btrfs receive` inflate zlib-compressed extents).
build() {
	# zlib's own configure (not autoconf) takes CC and CFLAGS from the environment
	./configure --static --prefix=/usr
	make -j"$jobs" libz.a
	mkdir -p "$STAGE/lib" "$STAGE/include"
	cp libz.a "$STAGE/lib/"
	cp zlib.h zconf.h "$STAGE/include/"
	strip --strip-debug "$STAGE/lib/libz.a"
}
