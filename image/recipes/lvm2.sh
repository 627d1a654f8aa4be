# lvm2: the lvm multi-call tool (pvs, vgs, lvs, vgchange, lvchange, … as `lvm NAME`)
# and dmsetup, static, plus libdevmapper.a and its header for later recipes.
# No udev (libdevmapper makes the /dev/mapper nodes itself), no daemons, no
# systemd, no readline, no libblkid (lvm's own signature wiping).
deps=(libaio)
build() {
	# musl's stdin/stdout/stderr are `FILE *const`: lvm may not assign them. Reopen
	# closed descriptors in place instead, and skip the stream re-buffering (a glibc
	# workaround that swaps stdin/stdout for new FILEs through a pointer to them)
	sed -i -E 's/!\((std(in|out|err)) = fopen\(_PATH_DEVNULL, ("[rw]")\)\)/!freopen(_PATH_DEVNULL, \3, \1)/' tools/lvmcmdline.c
	sed -i 's/^#ifndef VALGRIND_POOL$/#if !defined(VALGRIND_POOL) \&\& defined(__GLIBC__)/' lib/commands/toolcontext.c
	# musl has no mallinfo(): a stub that never reports mmapped blocks makes the
	# memory reserve taken before suspending a device plain malloc()ed areas
	sed -i '/^#include <malloc.h>$/a #ifndef __GLIBC__\nstruct mallinfo { int hblks; };\nstatic struct mallinfo mallinfo(void) { return (struct mallinfo) { 0 }; }\n#endif' lib/mm/memlock.c
	# a newer pin whose code moved must fail here, not build a broken lvm
	if grep -n 'std[a-z]* = fopen' tools/lvmcmdline.c ||
		grep -n '^#ifndef VALGRIND_POOL$' lib/commands/toolcontext.c; then
		echo "lvm2: musl fixes did not apply" >&2
		exit 1
	fi
	grep -q '^static struct mallinfo mallinfo' lib/mm/memlock.c

	# libaio through the environment: `lvm version` prints configure's command line.
	# The thin/cache tool paths are Debian's, fixed so the host's tools don't matter;
	# without needs-check their default options never clear a flag on disk.
	CPPFLAGS="-I${dep[libaio]}/include" LDFLAGS="-L${dep[libaio]}/lib -Wl,--gc-sections" \
	./configure --host=x86_64-linux-musl --prefix=/usr --sbindir=/sbin \
		--with-confdir=/etc --with-default-system-dir=/etc/lvm \
		--with-default-pid-dir=/run --with-default-dm-run-dir=/run \
		--with-default-run-dir=/run/lvm --with-default-locking-dir=/run/lock/lvm \
		--enable-static_link --disable-readline --disable-editline --disable-selinux \
		--disable-blkid_wiping --disable-udev_sync --disable-udev_rules \
		--disable-dmeventd --disable-lvmpolld --disable-use-lvmpolld \
		--disable-use-lvmlockd --disable-systemd-journal --disable-app-machineid \
		--disable-notify-dbus --disable-nls --disable-fsadm --disable-lvmimportvdo \
		--disable-blkdeactivate --disable-cmdlib --disable-dbus-service \
		--disable-thin_check_needs_check --disable-cache_check_needs_check \
		--with-thin-check=/usr/sbin/thin_check --with-thin-dump=/usr/sbin/thin_dump \
		--with-thin-repair=/usr/sbin/thin_repair --with-thin-restore=/usr/sbin/thin_restore \
		--with-cache-check=/usr/sbin/cache_check --with-cache-dump=/usr/sbin/cache_dump \
		--with-cache-repair=/usr/sbin/cache_repair --with-cache-restore=/usr/sbin/cache_restore \
		--with-vdo-format=/usr/bin/vdoformat --with-optimisation=-Os
	make -j"$jobs" lib libdaemon
	make -j"$jobs" -C tools lvm.static
	make -j"$jobs" -C libdm ioctl/libdevmapper.a
	make -j"$jobs" -C libdm/dm-tools dmsetup.static
	mkdir -p "$STAGE/sbin" "$STAGE/lib" "$STAGE/include"
	cp tools/lvm.static "$STAGE/sbin/lvm"
	cp libdm/dm-tools/dmsetup.static "$STAGE/sbin/dmsetup"
	strip "$STAGE/sbin/lvm" "$STAGE/sbin/dmsetup"
	cp libdm/ioctl/libdevmapper.a "$STAGE/lib/"
	strip --strip-debug "$STAGE/lib/libdevmapper.a"
	cp libdm/libdevmapper.h "$STAGE/include/"
}
