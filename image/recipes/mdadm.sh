# mdadm: examine, assemble (read-only) and inspect Linux software RAID, static.
# No libudev: with no /run/udev, mdadm makes its /dev/md* nodes itself.
build() {
	# the Makefile sets CFLAGS itself and takes extra flags in CXFLAGS;
	# EXTRAVERSION puts the Debian version into `mdadm --version`, as Debian's build does
	make -j"$jobs" mdadm CC="$CC" CXFLAGS="$CFLAGS -DNO_LIBUDEV" \
		LDFLAGS="-static -Wl,--gc-sections" CHECK_RUN_DIR=0 \
		COROSYNC=-DNO_COROSYNC DLM=-DNO_DLM \
		EXTRAVERSION="Debian $(dpkg-parsechangelog -S Version)"
	mkdir -p "$STAGE/sbin"
	cp mdadm "$STAGE/sbin/mdadm"
	strip "$STAGE/sbin/mdadm"
}
