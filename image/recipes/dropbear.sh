# dropbear: the SSH server, static against musl and libxcrypt, configured by
# image/dropbear-localoptions.h (no forwarding, no DSS, no SHA-1).
inputs=(image/dropbear-localoptions.h)
deps=(libxcrypt)
build() {
	cp "$here/image/dropbear-localoptions.h" localoptions.h
	# RSA host keys: dropbear 2022.83 disables an unloaded key type by its key number, and the RSA
	# signatures (rsa-sha2-256, ssh-rsa) have their own: without an RSA key it still offered them,
	# and a client that prefers RSA (an RSA known_hosts entry for the address) failed an assertion
	# in the server. lifeboat makes no RSA host key: disable the signatures. And lifeboat starts
	# dropbear with -R once the ED25519 key is made, making ECDSA beside it (dropbear loads it, or
	# makes it itself for a client that asks first); -R alone would also make a 2048-bit RSA key
	# while a client waits. RSA stays off unless loaded.
	sed -i -e 's/if (!svr_opts.delay_hostkey [&][&] !svr_opts.hostkey->rsakey) {/if (!svr_opts.hostkey->rsakey) {/' \
		-e 's/disablekey(DROPBEAR_SIGNKEY_RSA);/disablekey(DROPBEAR_SIGNATURE_RSA_SHA256); disablekey(DROPBEAR_SIGNATURE_RSA_SHA1);/' \
		svr-runopts.c
	grep -q '^	if (!svr_opts.hostkey->rsakey) {$' svr-runopts.c
	grep -q 'disablekey(DROPBEAR_SIGNATURE_RSA_SHA256); disablekey(DROPBEAR_SIGNATURE_RSA_SHA1);' svr-runopts.c
	# 2022.83's sysoptions.h turns DSS back on for everyone ("Fuzzing expects all key types to be
	# enabled", outside any #if), whatever localoptions.h says: the server offered ssh-dss host keys
	# and took DSA signatures. Only for dropbear's fuzzing build here.
	sed -i -e 's|^/\* Fuzzing expects all key types to be enabled \*/$|#if DROPBEAR_FUZZ /* all key types for fuzzing */|' \
		-e '/^#if DROPBEAR_FUZZ \/\* all key types/,/^#define DROPBEAR_DSS 1$/s|^#define DROPBEAR_DSS 1$|#define DROPBEAR_DSS 1\n#endif|' \
		sysoptions.h
	grep -q '^#if DROPBEAR_FUZZ /\* all key types for fuzzing \*/$' sysoptions.h
	[ "$(grep -A5 '^#if DROPBEAR_FUZZ /\* all key types' sysoptions.h | tail -n1)" = "#endif" ]
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
