# liburcu: userspace RCU, static, for xfsprogs (xfs_repair and xfs_db run their
# libxfs buffer cache and per-AG threads on it).
build() {
	# as Debian's build does: Debian's patches change Makefile.am files
	autoreconf -fi
	./configure --host=x86_64-linux-musl --prefix=/usr --disable-shared --enable-static
	make -j"$jobs" -C include
	make -j"$jobs" -C src liburcu.la liburcu-common.la
	make -C include install DESTDIR="$STAGE.usr"
	mkdir -p "$STAGE/lib"
	mv "$STAGE.usr/usr/include" "$STAGE/"
	rm -rf "$STAGE.usr"
	# the default flavour (membarrier, as xfsprogs links it: -lurcu) and the
	# queues and stacks it is built on, which its static archive does not carry
	cp src/.libs/liburcu.a src/.libs/liburcu-common.a "$STAGE/lib/"
	strip --strip-debug "$STAGE"/lib/*.a
}
