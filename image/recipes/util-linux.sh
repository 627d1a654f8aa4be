# util-linux: libblkid (find and identify block devices) and libuuid, static.
build() {
	./configure --host=x86_64-linux-musl --disable-all-programs \
		--enable-libblkid --enable-libuuid --disable-shared --enable-static \
		--without-systemd --without-udev --disable-nls --without-python \
		--without-readline --without-ncurses --without-tinfo --without-cap-ng \
		--without-libz --without-btrfs --disable-bash-completion
	make -j"$jobs" libblkid.la libuuid.la
	mkdir -p "$STAGE/lib" "$STAGE/include/blkid" "$STAGE/include/uuid"
	cp .libs/libblkid.a .libs/libuuid.a "$STAGE/lib/"
	cp libblkid/src/blkid.h "$STAGE/include/blkid/"
	cp libuuid/src/uuid.h "$STAGE/include/uuid/"
}
