# liblz4, static, for lifeboat diagnose: it reads guests' lz4-compressed
# initramfs images (the kernel's legacy frame) and journal fields.
build() {
	make -C lib -j"$jobs" liblz4.a CC="$CC" CFLAGS="$CFLAGS"
	mkdir -p "$STAGE/lib" "$STAGE/include"
	cp lib/liblz4.a "$STAGE/lib/"
	cp lib/lz4.h "$STAGE/include/"
	strip --strip-debug "$STAGE/lib/liblz4.a"
}
