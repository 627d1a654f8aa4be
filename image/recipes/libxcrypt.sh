# libxcrypt: crypt(3) for musl, which has none: yescrypt and SHA-512 hashes for
# lifeboat's passwords and dropbear's password logins. Static library only.
build() {
	autoreconf -fi
	./configure --host=x86_64-linux-musl --disable-shared --enable-static \
		--enable-hashes=strong,glibc --enable-obsolete-api=no --disable-failure-tokens
	make -j"$jobs"
	mkdir -p "$STAGE/lib" "$STAGE/include"
	cp .libs/libcrypt.a "$STAGE/lib/"
	cp crypt.h "$STAGE/include/"
}
