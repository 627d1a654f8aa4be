# kmod: libkmod for the PID 1's module loading, and the kmod tool
# (modprobe, insmod, lsmod, rmmod, modinfo) linked statically. With libzstd:
# KERNEL=debian images carry their modules zstd-compressed (.ko.zst), a fourth
# of the memory they take unpacked, and libkmod decompresses the one it loads
# (xz took 0.7 s more to load the boot's modules under TCG).
deps=(libzstd)
build() {
	local zs=${dep[libzstd]}
	touch libkmod/docs/gtk-doc.make
	autoreconf -fi
	# ours, not what pkg-config would find on the host
	CPPFLAGS="-I$zs/include" libzstd_CFLAGS="-I$zs/include" libzstd_LIBS="-L$zs/lib -lzstd" \
	./configure --host=x86_64-linux-musl --with-zstd --without-xz --without-zlib \
		--without-openssl --disable-manpages --disable-test-modules \
		--disable-logging --disable-debug --prefix=/usr --sysconfdir=/etc
	make -j"$jobs" libkmod/libkmod.la shared/libshared.la
	# libtool's way of asking for a fully static program
	make -j"$jobs" tools/kmod LDFLAGS="-all-static -L$zs/lib"
	mkdir -p "$STAGE/lib" "$STAGE/include" "$STAGE/bin"
	# configure won't make a static libkmod; its convenience archive is the same objects
	cp libkmod/.libs/libkmod-internal.a "$STAGE/lib/libkmod.a"
	cp shared/.libs/libshared.a "$STAGE/lib/libkmod-shared.a"
	cp libkmod/libkmod.h "$STAGE/include/"
	cp tools/kmod "$STAGE/bin/kmod"
	strip "$STAGE/bin/kmod"
}
