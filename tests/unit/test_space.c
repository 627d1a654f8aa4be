/* fix space: what is cleanup and what is kept; the largest-first tables. */
#include "t.h"
#include "fix/space.h"

#define DAY (24LL * 3600)

int main(void)
{
	static const struct {
		const char *path;
		long long age;
		enum space_kind want;
	} cases[] = {
		{ "/var/log/journal/abc/system@0005f-0001.journal", 0, SPACE_JOURNAL },
		{ "/var/log/journal/abc/user-1000@x.journal", 0, SPACE_JOURNAL },
		{ "/var/log/journal/abc/system.journal~", 0, SPACE_JOURNAL },
		{ "/var/log/journal/abc/system.journal", 0, SPACE_KEEP },
		{ "/var/log/journal/abc/user-1000.journal", 0, SPACE_KEEP },
		{ "/var/log/syslog.1", 0, SPACE_ROTATED },
		{ "/var/log/syslog.2.gz", 0, SPACE_ROTATED },
		{ "/var/log/nginx/access.log.14.xz", 0, SPACE_ROTATED },
		{ "/var/log/messages-20240101", 0, SPACE_ROTATED },
		{ "/var/log/dpkg.log.old", 0, SPACE_ROTATED },
		{ "/var/log/syslog", 0, SPACE_KEEP },
		{ "/var/log/auth.log", 0, SPACE_KEEP },
		{ "/var/log/app-v2.log", 0, SPACE_KEEP },
		{ "/var/log/messages-2024", 0, SPACE_KEEP },
		{ "/var/log/wtmp", 0, SPACE_KEEP },
		{ "/var/cache/apt/archives/bash_5.2_amd64.deb", 0, SPACE_PACKAGES },
		{ "/var/cache/apt/archives/partial/x.deb.FAILED", 0, SPACE_PACKAGES },
		{ "/var/cache/apt/archives/lock", 0, SPACE_KEEP },
		{ "/var/cache/apt/pkgcache.bin", 0, SPACE_KEEP },
		{ "/var/cache/dnf/fedora-abc/packages/kernel.rpm", 0, SPACE_PACKAGES },
		{ "/var/cache/pacman/pkg/linux-6.1-1-x86_64.pkg.tar.zst", 0, SPACE_PACKAGES },
		{ "/var/lib/systemd/coredump/core.nginx.0.abc.zst", 0, SPACE_CORE },
		{ "/var/crash/_usr_bin_x.0.crash", 0, SPACE_CORE },
		{ "/tmp/build.tar", 8 * DAY, SPACE_TMP },
		{ "/var/tmp/x/y", 30 * DAY, SPACE_TMP },
		{ "/tmp/build.tar", 2 * DAY, SPACE_KEEP },
		{ "/tmpfoo/x", 30 * DAY, SPACE_KEEP },
		{ "/home/alice/syslog.1", 0, SPACE_KEEP },
		{ "/srv/db/data.1", 0, SPACE_KEEP },
		{ "/var/lib/mysql/ib_logfile0", 0, SPACE_KEEP },
		{ "/var/logs/x.gz", 0, SPACE_KEEP },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		CHECK(space_classify(cases[i].path, cases[i].age) == cases[i].want, "%s: %d", cases[i].path,
		      space_classify(cases[i].path, cases[i].age));
	CHECK(strcmp(space_kind_name(SPACE_CORE), "core dumps") == 0, "names");

	struct space_top t = { .n = 0 };
	for (int i = 1; i <= 25; i++) {
		char p[32];
		snprintf(p, sizeof p, "/f%d", (i * 7) % 25);
		space_top_add(&t, p, (unsigned long long)((i * 7) % 25) * 100);
	}
	CHECK(t.n == SPACE_TOP && t.e[0].bytes == 2400 && strcmp(t.e[0].path, "/f24") == 0 &&
	      t.e[SPACE_TOP - 1].bytes == 1500, "top: %d %llu %llu", t.n, t.e[0].bytes, t.e[SPACE_TOP - 1].bytes);
	int sorted = 1;
	for (int i = 1; i < t.n; i++)
		sorted &= t.e[i - 1].bytes >= t.e[i].bytes;
	CHECK(sorted, "largest first");
	struct space_top s = { .n = 0 };
	space_top_add(&s, "/a", 5);
	space_top_add(&s, "/b", 9);
	CHECK(s.n == 2 && strcmp(s.e[0].path, "/b") == 0 && strcmp(s.e[1].path, "/a") == 0, "two");
	return t_done("test_space");
}
