# kmod: libkmod for the PID 1's module loading, and the kmod tool
# (modprobe, insmod, lsmod, rmmod, modinfo) linked statically. With liblzma:
# KERNEL=debian images carry their modules xz-compressed (.ko.xz), a third of
# the memory they take unpacked, and libkmod decompresses the one it loads.
deps=(xz-utils)
build() {
	local xz=${dep[xz-utils]}
	touch libkmod/docs/gtk-doc.make
	autoreconf -fi
	# ours, not what pkg-config would find on the host
	CPPFLAGS="-I$xz/include" liblzma_CFLAGS="-I$xz/include" liblzma_LIBS="-L$xz/lib -llzma" \
	./configure --host=x86_64-linux-musl --without-zstd --with-xz --without-zlib \
		--without-openssl --disable-manpages --disable-test-modules \
		--disable-logging --disable-debug --prefix=/usr --sysconfdir=/etc
	make -j"$jobs" libkmod/libkmod.la shared/libshared.la
	# libtool's way of asking for a fully static program
	make -j"$jobs" tools/kmod LDFLAGS="-all-static -L$xz/lib"
	mkdir -p "$STAGE/lib" "$STAGE/include" "$STAGE/bin"
	# configure won't make a static libkmod; its convenience archive is the same objects
	cp libkmod/.libs/libkmod-internal.a "$STAGE/lib/libkmod.a"
	cp shared/.libs/libshared.a "$STAGE/lib/libkmod-shared.a"
	cp libkmod/libkmod.h "$STAGE/include/"
	cp tools/kmod "$STAGE/bin/kmod"
	strip "$STAGE/bin/kmod"
}
