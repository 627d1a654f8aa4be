/* lifeboat diagnose: evidence of the guest's last failure — its persistent
 * journal's last boot (failures picked out), /var/log/kern.log, and the
 * kernel's crash records (pstore) kept by this machine or the guest. */
#define _GNU_SOURCE
#include "diagnose.h"
#include "guest.h"
#include "../diag/journal.h"
#include "../disk/groot.h"
#include "../lib/text.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <lz4.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#define JOURNAL_FILES_MAX 64		/* journal files read, newest kept */
#define JOURNAL_FILE_MAX (256LL << 20)	/* bigger ones are passed over */
#define RING 64				/* last lines of the boot kept */
#define HITS 16				/* failure lines kept */
#define SHOWN 12			/* lines shown as evidence */
#define KERNLOG_TAIL (256 << 10)	/* the end of kern.log read */
#define JOURNAL_WINDOW_LOG 23		/* a compressed field's zstd window: 8 MiB at most */
#define JOURNAL_XZ_MEM (16 << 20)	/* xz's decoder memory (preset 6, systemd's, needs 9 MiB) */

static int decompress(int algo, const void *in, size_t inlen, void *out, size_t outmax, size_t *outlen, void *ctx)
{
	(void)ctx;
	*outlen = 0;
	if (algo == JOURNAL_ZSTD) {
		ZSTD_DStream *z = ZSTD_createDStream();
		ZSTD_inBuffer i = { in, inlen, 0 };
		ZSTD_outBuffer o = { out, outmax, 0 };
		// a hostile frame may ask for a 2 GiB window: a journal's fields need far less
		int ok = z && !ZSTD_isError(ZSTD_initDStream(z)) &&
			 !ZSTD_isError(ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, JOURNAL_WINDOW_LOG));
		while (ok && o.pos < o.size && i.pos < i.size)
			ok = !ZSTD_isError(ZSTD_decompressStream(z, &o, &i));
		ZSTD_freeDStream(z);
		*outlen = o.pos;
		return ok ? 0 : -1;
	}
	if (algo == JOURNAL_XZ) {
		lzma_stream s = LZMA_STREAM_INIT;
		if (lzma_stream_decoder(&s, JOURNAL_XZ_MEM, 0) != LZMA_OK)
			return -1;
		s.next_in = in, s.avail_in = inlen, s.next_out = out, s.avail_out = outmax;
		lzma_ret r = LZMA_OK;
		while (r == LZMA_OK && s.avail_out)
			r = lzma_code(&s, LZMA_FINISH);
		*outlen = outmax - s.avail_out;
		lzma_end(&s);
		return r == LZMA_OK || r == LZMA_STREAM_END || r == LZMA_BUF_ERROR ? 0 : -1;
	}
	if (algo == JOURNAL_LZ4) {
		int n = LZ4_decompress_safe_partial(in, out, (int)inlen, (int)outmax, (int)outmax);
		if (n < 0)
			return -1;
		*outlen = (size_t)n;
		return 0;
	}
	return -1;
}

struct jfile {
	char path[320];
	unsigned long long head_realtime;
	int current;		/* system.journal: the newest, read last */
};

static int by_age(const void *a, const void *b)
{
	const struct jfile *x = a, *y = b;
	if (x->current != y->current)
		return x->current - y->current;
	return x->head_realtime < y->head_realtime ? -1 : x->head_realtime > y->head_realtime;
}

static int feed(const struct journal_entry *e, void *ctx)
{
	journal_tail_add(ctx, e);
	return 0;
}

/* Map a guest file read-only; NULL when it is no regular file or too big. */
static const unsigned char *map(int rootfd, const char *path, size_t *len)
{
	struct stat sb;
	int fd = groot_open(rootfd, path, O_RDONLY | O_NOFOLLOW);
	void *p = MAP_FAILED;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 && sb.st_size <= JOURNAL_FILE_MAX)
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)sb.st_size;
	return p;
}

static void journal(struct dg *g)
{
	static struct jfile files[JOURNAL_FILES_MAX];
	static struct journal_line ring[RING], hits[HITS];
	static struct journal_tail t;
	static char evidence[2048];
	int nf = 0;
	int jfd = groot_open(g->rootfd, "/var/log/journal", O_RDONLY | O_DIRECTORY);
	DIR *d = jfd >= 0 ? fdopendir(jfd) : NULL;
	struct dirent *e;

	if (!d) {
		if (jfd >= 0)
			close(jfd);
		return;
	}
	// /var/log/journal/MACHINE-ID/system.journal and system@….journal (user journals left out)
	while ((e = readdir(d)) && nf < JOURNAL_FILES_MAX) {
		if (strlen(e->d_name) != 32)
			continue;
		char dir[96];
		if (snprintf(dir, sizeof dir, "/var/log/journal/%s", e->d_name) >= (int)sizeof dir)
			continue;
		int sfd = groot_open(g->rootfd, dir, O_RDONLY | O_DIRECTORY);
		DIR *s = sfd >= 0 ? fdopendir(sfd) : NULL;
		struct dirent *f;
		while (s && (f = readdir(s)) && nf < JOURNAL_FILES_MAX) {
			if (fnmatch("system.journal", f->d_name, 0) != 0 && fnmatch("system@*.journal", f->d_name, 0) != 0)
				continue;
			struct jfile *j = &files[nf];
			if (snprintf(j->path, sizeof j->path, "%s/%s", dir, f->d_name) >= (int)sizeof j->path)
				continue;
			j->current = strcmp(f->d_name, "system.journal") == 0;
			size_t len;
			const unsigned char *b = map(g->rootfd, j->path, &len);
			struct journal_info info;
			char why[96];
			if (!b)
				continue;
			if (journal_open(b, len, &info, why, sizeof why) == 0) {
				j->head_realtime = info.head_realtime_us;
				nf++;
			}
			munmap((void *)b, len);
		}
		if (s)
			closedir(s);
		else if (sfd >= 0)
			close(sfd);
	}
	closedir(d);
	if (!nf)
		return;
	qsort(files, (size_t)nf, sizeof *files, by_age);
	journal_tail_init(&t, ring, RING, hits, HITS);
	for (int i = 0; i < nf; i++) {
		size_t len;
		const unsigned char *b = map(g->rootfd, files[i].path, &len);
		if (!b)
			continue;
		journal_walk(b, len, decompress, NULL, feed, &t, NULL);
		munmap((void *)b, len);
	}
	if (!t.nlines)
		return;
	const struct journal_line *pick[HITS + SHOWN];
	int n = journal_tail_pick(&t, t.nclassified ? 3 : SHOWN, pick, HITS + SHOWN);
	size_t el = 0;
	evidence[0] = '\0';
	for (int i = 0; i < n && el < sizeof evidence - 1; i++) {
		char line[300];
		journal_format(&pick[i]->e, line, sizeof line);
		el += (size_t)snprintf(evidence + el, sizeof evidence - el, "%s%s\n",
				       pick[i]->cls ? "! " : "  ", line);
	}
	int panic = 0;
	for (int i = 0; i < n; i++)
		panic |= pick[i]->cls == JOURNAL_PANIC || pick[i]->cls == JOURNAL_OOPS;
	char title[200];
	if (t.nclassified) {
		snprintf(title, sizeof title, "the guest's last boot in its journal logged %llu failure%s%s",
			 t.nclassified, t.nclassified == 1 ? "" : "s", panic ? ", a kernel crash among them" : "");
		diag_add(g->r, panic ? "logs.kernel-panic" : "logs.last-boot-failures", DIAG_WARNING, NULL, title,
			 "%s(from %s; lines marked ! are failures)", evidence, files[nf - 1].path);
	} else {
		snprintf(title, sizeof title, "the guest's last boot in its journal: %llu lines, no failures", t.nlines);
		diag_add(g->r, "logs.last-boot", DIAG_INFO, NULL, title, "%s", evidence);
	}
}

/* kern.log (rsyslog) ending in a panic. */
static void kernlog(struct dg *g)
{
	static char buf[KERNLOG_TAIL + 1];
	int fd = groot_open(g->rootfd, "/var/log/kern.log", O_RDONLY | O_NOFOLLOW);
	struct stat sb;

	if (fd < 0)
		return;
	ssize_t n = 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		off_t at = sb.st_size > KERNLOG_TAIL ? sb.st_size - KERNLOG_TAIL : 0;
		n = pread(fd, buf, KERNLOG_TAIL, at);
	}
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	char *p = NULL;
	for (char *q = buf; (q = strstr(q, "Kernel panic - not syncing")); q++)
		p = q;
	if (!p)
		return;
	char *start = p;
	while (start > buf && start[-1] != '\n')
		start--;
	size_t len = strcspn(start, "\n");
	diag_add(g->r, "logs.kernel-panic", DIAG_WARNING, NULL, "the guest's kernel log ends in a kernel panic",
		 "/var/log/kern.log: %.*s", (int)(len < 500 ? len : 500), start);
}

/* A crash in one pstore record (dmesg-*, or systemd-pstore's dmesg.txt): a finding, 1; or 0. */
static int crash_in(struct dg *g, const char *path)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *p = strstr(buf, "Kernel panic");
	if (!p)
		p = strstr(buf, "Oops");
	if (!p)
		return 0;
	diag_add(g->r, "logs.pstore-crash", DIAG_WARNING, NULL, "a kernel crash record was kept (pstore)", "%s: %.*s",
		 path, (int)strcspn(p, "\n"), p);
	return 1;
}

/* The records in dir, and (depth 0) in its directories: systemd-pstore keeps
 * each crash in a directory of its own. 1 once a crash was found. */
static int crash_records(struct dg *g, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	while (d && !found && (e = readdir(d))) {
		char path[512];
		if (e->d_name[0] == '.' || snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
			continue;
		if (strncmp(e->d_name, "dmesg", 5) == 0)
			found = crash_in(g, path);
		else if (depth == 0 && e->d_type == DT_DIR)
			found = crash_records(g, path, 1);
	}
	if (d)
		closedir(d);
	return found;
}

/* Crash records: this machine's pstore (a panic of the guest just before the
 * rescue, where the hypervisor keeps it) and the ones systemd-pstore archived in the guest. */
static void pstore(struct dg *g)
{
	if (!crash_records(g, "/sys/fs/pstore", 1))
		crash_records(g, GUEST_ROOT "/var/lib/systemd/pstore", 0);
}

void dg_logs(struct dg *g)
{
	journal(g);
	kernlog(g);
	pstore(g);
}
