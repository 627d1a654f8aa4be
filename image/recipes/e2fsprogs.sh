# e2fsprogs: e2fsck, tune2fs, dumpe2fs, resize2fs and e2undo (to take back an
# e2fsck run from its undo file) for ext2/3/4 repairs, static,
# with e2fsprogs' private libblkid/libuuid so nothing of the host leaks in.
build() {
	./configure --host=x86_64-linux-musl --enable-libblkid --enable-libuuid \
		--disable-nls --disable-fuse2fs --disable-uuidd --disable-debugfs \
		--disable-imager --disable-defrag --disable-e2initrd-helper \
		--disable-elf-shlibs --disable-bsd-shlibs --without-libarchive \
		--disable-tdb --disable-backtrace --prefix=/usr LDFLAGS=-static
	make -j"$jobs" libs
	make -j"$jobs" -C e2fsck e2fsck
	make -j"$jobs" -C misc tune2fs dumpe2fs e2undo
	make -j"$jobs" -C resize resize2fs
	mkdir -p "$STAGE/sbin"
	cp e2fsck/e2fsck misc/tune2fs misc/dumpe2fs misc/e2undo resize/resize2fs "$STAGE/sbin/"
	strip "$STAGE"/sbin/*
}
