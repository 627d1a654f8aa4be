# libzstd: Zstandard, static and single-threaded, for btrfs-progs (`btrfs restore`
# and `btrfs receive` decompress zstd-compressed extents). No legacy (pre-1.0)
# frame formats, which btrfs never wrote, no dictionary builder, no deprecated API.
build() {
	make -C lib -j"$jobs" libzstd.a CC="$CC" CFLAGS="$CFLAGS" \
		ZSTD_LEGACY_SUPPORT=0 ZSTD_LIB_DICTBUILDER=0 ZSTD_LIB_DEPRECATED=0
	mkdir -p "$STAGE/lib" "$STAGE/include"
	cp lib/libzstd.a "$STAGE/lib/"
	cp lib/zstd.h lib/zstd_errors.h lib/zdict.h "$STAGE/include/"
	strip --strip-debug "$STAGE/lib/libzstd.a"
}
