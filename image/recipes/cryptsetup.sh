# cryptsetup: libcryptsetup.a and its header, to open LUKS1 and LUKS2 volumes from
# lifeboat's own code; no tools. Hashes, HMAC and ciphers come from the kernel
# (AF_ALG), PBKDF2 and Argon2 are the library's own: no OpenSSL, no gcrypt.
# No udev, no SELinux, no token plugins (dlopen), no kernel keyring (the kernel
# has none; dm-crypt gets the key in its table, as for LUKS1), no translations.
deps=(lvm2 util-linux json-c)
build() {
	local dm=${dep[lvm2]} ul=${dep[util-linux]} jc=${dep[json-c]}
	# the source package has no generated configure
	autoreconf -fi
	# Header checks read CPPFLAGS, the pkg-config results come from the environment
	# (PKG_CONFIG=false), and popt is checked even when no tool is built: the
	# tools are off, so its cached answer stands in for a library we don't have.
	CPPFLAGS="-I$dm/include -I$ul/include -I$jc/include" \
	LDFLAGS="-L$dm/lib -L$ul/lib -L$jc/lib" \
	DEVMAPPER_CFLAGS="-I$dm/include" DEVMAPPER_LIBS="-ldevmapper" \
	JSON_C_CFLAGS="-I$jc/include/json-c" JSON_C_LIBS="-ljson-c" \
	BLKID_CFLAGS="-I$ul/include/blkid" BLKID_LIBS="-lblkid" \
	./configure --host=x86_64-linux-musl --prefix=/usr \
		--enable-static --disable-shared \
		--with-crypto_backend=kernel --enable-internal-argon2 --enable-internal-sse-argon2 \
		--disable-cryptsetup --disable-veritysetup --disable-integritysetup \
		--disable-ssh-token --disable-external-tokens --disable-keyring \
		--disable-asciidoc --disable-nls --disable-udev --disable-selinux \
		--disable-pwquality --disable-passwdqc --disable-fips \
		--with-luks2-lock-path=/run/cryptsetup \
		ac_cv_lib_popt_poptConfigFileToString=yes
	# a newer pin that drops what the unlock path needs must fail here
	grep -q '^#define HAVE_BLKID 1' config.h
	grep -q '^#define USE_INTERNAL_ARGON2 1' config.h
	grep -q '^#define USE_INTERNAL_PBKDF2 1' config.h
	grep -q '^#define ENABLE_AF_ALG 1' config.h
	make -j"$jobs" libcryptsetup.la
	mkdir -p "$STAGE/lib" "$STAGE/include"
	cp .libs/libcryptsetup.a "$STAGE/lib/"
	strip --strip-debug "$STAGE/lib/libcryptsetup.a"
	cp "$jc/lib/libjson-c.a" "$STAGE/lib/"
	cp lib/libcryptsetup.h "$STAGE/include/"
}
