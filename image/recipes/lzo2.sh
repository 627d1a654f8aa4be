# lzo2: LZO (de)compression, static, for btrfs-progs (`btrfs restore` and
# `btrfs receive` decompress LZO-compressed extents).
build() {
	# as Debian's build does
	CPPFLAGS=-DLZO_CFG_MODERN_C=1 \
	./configure --host=x86_64-linux-musl --prefix=/usr --disable-shared --enable-static
	make -j"$jobs" src/liblzo2.la
	mkdir -p "$STAGE/lib" "$STAGE/include/lzo"
	cp src/.libs/liblzo2.a "$STAGE/lib/"
	cp include/lzo/*.h "$STAGE/include/lzo/"
	strip --strip-debug "$STAGE/lib/liblzo2.a"
}
