# dropbear: the SSH server, static against musl and libxcrypt, configured by
# image/dropbear-localoptions.h (no forwarding, no DSS, no SHA-1).
inputs=(image/dropbear-localoptions.h)
deps=(libxcrypt)
build() {
	cp "$here/image/dropbear-localoptions.h" localoptions.h
	# -O2, not the -Os of the rest: host keys are made at boot and every login does its key exchange,
	# under TCG the time is in this code
	CFLAGS="${CFLAGS/-Os/-O2} -I${dep[libxcrypt]}/include" LDFLAGS="-L${dep[libxcrypt]}/lib" ./configure --host=x86_64-linux-musl --enable-static --disable-zlib \
		--disable-wtmp --disable-lastlog --disable-utmp --disable-utmpx \
		--disable-wtmpx --disable-pututline --disable-pututxline --disable-syslog
	# configure put the libxcrypt flags into the Makefiles; overriding CFLAGS here would drop theirs
	make -j"$jobs" PROGRAMS="dropbear dropbearkey" MULTI=1 STATIC=1
	mkdir -p "$STAGE/sbin"
	cp dropbearmulti "$STAGE/sbin/dropbearmulti"
	strip "$STAGE/sbin/dropbearmulti"
}
