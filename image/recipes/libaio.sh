# libaio: Linux asynchronous I/O syscall wrappers, static, for lvm2 (its block
# cache reads metadata through io_submit).
build() {
	make -C src -j"$jobs" libaio.a ENABLE_SHARED=0 CC="$CC" CFLAGS="$CFLAGS -Wall"
	mkdir -p "$STAGE/lib" "$STAGE/include"
	cp src/libaio.a "$STAGE/lib/"
	cp src/libaio.h "$STAGE/include/"
}
