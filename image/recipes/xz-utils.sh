# liblzma alone (no xz tools), static, for lifeboat diagnose: it reads guests'
# xz-compressed initramfs images and journal fields.
build() {
	./configure --host=x86_64-linux-musl --prefix=/usr --disable-shared --enable-static \
		--disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-lzma-links \
		--disable-scripts --disable-doc --disable-nls --disable-threads \
		--disable-encoders --enable-small
	make -j"$jobs" -C src/liblzma
	mkdir -p "$STAGE/lib" "$STAGE/include"
	cp src/liblzma/.libs/liblzma.a "$STAGE/lib/"
	cp -r src/liblzma/api/lzma.h src/liblzma/api/lzma "$STAGE/include/"
	strip --strip-debug "$STAGE/lib/liblzma.a"
}
