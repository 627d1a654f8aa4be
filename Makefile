# lifeboat: the one entry point. `make qemu` builds and boots; `make check` tests.
# Everything heavy (dependencies, kernel) is cached in $(LIFEBOAT_CACHE).

KERNEL ?= lifeboat
# a provider's build configuration (scripts/provider.py; README, "For providers")
CONFIG ?=
OUT ?= out
export LIFEBOAT_CACHE ?= /var/cache/lifeboat
VERSION := $(shell cat VERSION)

HOST_CC ?= cc
UNIT_CFLAGS := -std=c11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all -DLB_VERSION='"$(VERSION)"'

UNIT_TESTS := cmdline json banner backoff uevent inventory text sys base64 sshkey ipconf secret cloudcfg http lease fstab rank diskstate shadow sha256 authkeys plan fstabfix fwrules netcfg space menu initrd bootent sshdcfg journal cpio finding netnames fwcheck fsstate mountinfo ioerr lbk stream usedmap apply
UNIT_BINS := $(UNIT_TESTS:%=$(OUT)/unit/test_%)

# fuzz targets (tests/fuzz/fuzz_NAME.c, each naming its sources on a "// sources:" line):
# libFuzzer under clang for make fuzz; replayed under the host compiler by make unit
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DLB_VERSION='"$(VERSION)"'
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_NAMES:%=$(OUT)/fuzz/fuzz_%)
REPLAY_BINS := $(FUZZ_NAMES:%=$(OUT)/unit/replay_%)

.PHONY: all deps image tools qemu check unit fuzz image-test boot boot-debian e2e guests size repro bench clean

all: image

deps:
	@scripts/host-deps.sh

image: deps
	scripts/mkimage.sh $(OUT) $(KERNEL) $(CONFIG)

# lifeboat-backup for the customer's own Linux machine: verify a backup, make it a raw image
tools: deps
	scripts/mktools.sh $(OUT)

qemu: image
	scripts/qemu.sh $(OUT)

# unit tests (host compiler, ASan + UBSan), each fuzz target briefly, then boot tests of both kernels
check: deps
	tests/check.sh $(OUT)

# lifeboat against Debian's initramfs-tools + dropbear-initramfs on the same kernel
# (scripts/build-reference.sh), then boot timings and memory against the budgets:
# medians of BENCH_RUNS boots each (reported, not asserted); OUT/bench.md, OUT/bench.json;
# then QEMU start to the banner on each boot path a provider has (ISO, EFI, direct);
# then lifeboat backup's throughput and stream size (tests/bench/backup.py)
BENCH_RUNS ?= 5
bench: image
	$(MAKE) --no-print-directory image OUT=$(OUT)/debian KERNEL=debian
	python3 tests/bench/bench.py $(OUT) $(BENCH_RUNS)
	python3 tests/bench/compress.py $(OUT) $(BENCH_RUNS)
	python3 tests/bench/bootpaths.py $(OUT) $(BENCH_RUNS)
	python3 tests/bench/backup.py $(OUT) $(BENCH_RUNS)

unit: $(UNIT_BINS) $(REPLAY_BINS)
	@tests/unit/run.sh $(UNIT_BINS) $(REPLAY_BINS)

# every fuzz target FUZZ_SECONDS seconds (make check runs them briefly); OUT/fuzz has
# the working corpora, the logs and what broke a target
fuzz: $(FUZZ_BINS)
	@tests/fuzz/run.sh $(OUT)/fuzz $(FUZZ_SECONDS) $(FUZZ_BINS)

$(OUT)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(wildcard init/*/*.c init/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iinit -Itests/fuzz -o $@ $< $$(sed -n 's|^// sources: ||p' $<) \
		$$(sed -n 's|^// libs: ||p' $<)

$(OUT)/unit/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(wildcard init/*/*.c init/*/*.h)
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -Iinit -Itests/fuzz -DFUZZ_NAME='"$*"' -DFUZZ_DIR='"$(CURDIR)/tests/fuzz"' \
		-o $@ tests/fuzz/replay.c $< $$(sed -n 's|^// sources: ||p' $<) $$(sed -n 's|^// libs: ||p' $<)

$(OUT)/unit/test_cmdline: tests/unit/test_cmdline.c init/lib/cmdline.c
$(OUT)/unit/test_json: tests/unit/test_json.c init/lib/json.c
$(OUT)/unit/test_banner: tests/unit/test_banner.c init/pid1/banner.c init/lib/json.c init/lib/out.c init/lib/text.c
$(OUT)/unit/test_backoff: tests/unit/test_backoff.c init/pid1/backoff.c
$(OUT)/unit/test_uevent: tests/unit/test_uevent.c init/pid1/uevent_msg.c
$(OUT)/unit/test_inventory: tests/unit/test_inventory.c init/pid1/inventory.c init/lib/sys.c init/lib/text.c
$(OUT)/unit/test_text: tests/unit/test_text.c init/lib/text.c
$(OUT)/unit/test_sys: tests/unit/test_sys.c init/lib/sys.c
$(OUT)/unit/test_base64: tests/unit/test_base64.c init/lib/base64.c
$(OUT)/unit/test_sshkey: tests/unit/test_sshkey.c init/access/sshkey.c init/lib/base64.c tests/unit/keys.h
$(OUT)/unit/test_ipconf: tests/unit/test_ipconf.c init/net/ipconf.c init/lib/text.c
$(OUT)/unit/test_lease: tests/unit/test_lease.c init/net/lease.c init/lib/out.c init/lib/text.c
$(OUT)/unit/test_authkeys: tests/unit/test_authkeys.c init/fix/authkeys.c
$(OUT)/unit/test_shadow: tests/unit/test_shadow.c init/fix/shadow.c
$(OUT)/unit/test_sha256: tests/unit/test_sha256.c init/lib/sha256.c
$(OUT)/unit/test_fwrules: tests/unit/test_fwrules.c init/fix/fwrules.c
$(OUT)/unit/test_netcfg: tests/unit/test_netcfg.c init/fix/netcfg.c
$(OUT)/unit/test_space: tests/unit/test_space.c init/fix/space.c init/lib/text.c
$(OUT)/unit/test_menu: tests/unit/test_menu.c init/cli/menu_text.c init/lib/out.c
$(OUT)/unit/test_initrd: tests/unit/test_initrd.c init/fix/initrd.c init/lib/out.c init/lib/text.c
$(OUT)/unit/test_plan: tests/unit/test_plan.c init/fix/plan.c init/lib/json.c init/lib/out.c init/lib/text.c
$(OUT)/unit/test_fstabfix: tests/unit/test_fstabfix.c init/fix/fstabfix.c init/fix/diff.c init/disk/fstab.c init/lib/text.c init/lib/out.c
$(OUT)/unit/test_fstab: tests/unit/test_fstab.c init/disk/fstab.c init/lib/text.c
$(OUT)/unit/test_rank: tests/unit/test_rank.c init/disk/rank.c
$(OUT)/unit/test_ioerr: tests/unit/test_ioerr.c init/disk/ioerr.c
$(OUT)/unit/test_lbk: tests/unit/test_lbk.c init/backup/lbk.c init/lib/sha256.c
$(OUT)/unit/test_stream: tests/unit/test_stream.c init/backup/stream.c init/backup/lbk.c init/lib/sha256.c
$(OUT)/unit/test_stream: UNIT_LIBS := -lzstd
$(OUT)/unit/test_usedmap: tests/unit/test_usedmap.c init/backup/usedmap.c
$(OUT)/unit/test_apply: tests/unit/test_apply.c init/backup/apply.c init/backup/stream.c init/backup/lbk.c init/lib/sha256.c
$(OUT)/unit/test_apply: UNIT_LIBS := -lzstd
$(OUT)/unit/test_diskstate: tests/unit/test_diskstate.c init/disk/state.c init/disk/fstab.c init/lib/json.c init/lib/out.c init/lib/text.c
$(OUT)/unit/test_secret: tests/unit/test_secret.c init/access/secret.c
$(OUT)/unit/test_cloudcfg: tests/unit/test_cloudcfg.c init/access/cloudcfg.c tests/unit/keys.h
$(OUT)/unit/test_http: tests/unit/test_http.c init/net/http.c
$(OUT)/unit/test_bootent: tests/unit/test_bootent.c init/diag/bootent.c
$(OUT)/unit/test_sshdcfg: tests/unit/test_sshdcfg.c init/diag/sshdcfg.c
$(OUT)/unit/test_journal: tests/unit/test_journal.c init/diag/journal.c
$(OUT)/unit/test_journal: UNIT_LIBS := -lzstd
$(OUT)/unit/test_finding: tests/unit/test_finding.c init/diag/finding.c init/lib/json.c init/lib/out.c init/lib/text.c
$(OUT)/unit/test_netnames: tests/unit/test_netnames.c init/diag/netnames.c
$(OUT)/unit/test_fwcheck: tests/unit/test_fwcheck.c init/diag/fwcheck.c
$(OUT)/unit/test_fsstate: tests/unit/test_fsstate.c init/diag/fsstate.c
$(OUT)/unit/test_cpio: tests/unit/test_cpio.c init/diag/cpio.c init/diag/unpack.c
$(OUT)/unit/test_cpio: UNIT_LIBS := -lz -lzstd -llzma -llz4
$(OUT)/unit/test_mountinfo: tests/unit/test_mountinfo.c init/lib/mountinfo.c
$(UNIT_BINS): tests/unit/t.h $(wildcard init/*/*.h)
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -Iinit -o $@ $(filter %.c,$^) $(UNIT_LIBS)

image-test:
	tests/image/run.sh $(OUT)

boot:
	tests/boot/run.sh $(OUT) lifeboat

boot-debian:
	tests/boot/run.sh $(OUT)/debian debian

# real Debian guests (built once with mmdebstrap, cached) broken, repaired through
# lifeboat over SSH and booted again: every scenario on every flavour (slow: minutes each;
# E2E_JOBS at a time, one QEMU each); E2E=NAME… for some of them
E2E_FLAVOURS ?= a b
E2E_JOBS ?= 2
E2E ?=
e2e: image
	E2E_FLAVOURS="$(E2E_FLAVOURS)" python3 tests/e2e/run.py -j $(E2E_JOBS) $(OUT) $(E2E)

# the guest disks alone (scripts/build-guest.sh), for a look at them or a cold-cache timing
guests: image
	for f in $(E2E_FLAVOURS); do scripts/build-guest.sh $$f $(OUT) || exit 1; done

# the budgets: image sizes and what the last boot logged about itself
size: image
	scripts/size.sh $(OUT)

# two builds from empty caches must give byte-identical images (slow: builds everything twice)
repro: deps
	scripts/repro.sh

clean:
	rm -rf $(OUT)
