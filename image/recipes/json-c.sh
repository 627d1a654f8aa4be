# json-c: the JSON parser libcryptsetup reads LUKS2 headers with; static only.
build() {
	# CMake takes the compiler's arguments (-isystem) out of $CC and CFLAGS from the
	# environment. Build type None adds no flags of its own to ours (its default,
	# debug, adds -g); no libbsd, whatever the host has.
	cmake -S . -B build -DCMAKE_BUILD_TYPE=None \
		-DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR=lib \
		-DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_TESTING=OFF \
		-DDISABLE_EXTRA_LIBS=ON -DENABLE_THREADING=OFF -DENABLE_RDRAND=OFF
	make -C build -j"$jobs" json-c
	# DESTDIR, not --prefix: the headers go to an absolute path (CMAKE_INSTALL_FULL_INCLUDEDIR)
	DESTDIR=$STAGE.usr cmake --install build
	mkdir -p "$STAGE/lib"
	mv "$STAGE.usr/usr/include" "$STAGE/"
	mv "$STAGE.usr/usr/lib/libjson-c.a" "$STAGE/lib/"
	rm -rf "$STAGE.usr"
	strip --strip-debug "$STAGE/lib/libjson-c.a"
}
