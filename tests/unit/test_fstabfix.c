/* fix fstab's editor and the line diff that shows it. */
#include "t.h"
#include "fix/diff.h"
#include "fix/fstabfix.h"

/* The devices this table's machine has. */
static int present(const char *spec, void *ctx)
{
	(void)ctx;
	return strcmp(spec, "UUID=1111") == 0 || strcmp(spec, "/dev/vda1") == 0 || strcmp(spec, "LABEL=data") == 0;
}

static const struct {
	const char *name, *in;
	int comment;
	const char *want;	/* NULL: no change */
	int nfound;
} cases[] = {
	{ "present entries stay", "UUID=1111 / ext4 errors=remount-ro 0 1\n/dev/vda1 /boot ext4 defaults 0 2\n", 0,
	  NULL, 0 },
	{ "a missing UUID gets nofail", "UUID=1111 / ext4 defaults 0 1\nUUID=dead /data ext4 defaults 0 2\n", 0,
	  "UUID=1111 / ext4 defaults 0 1\nUUID=dead /data ext4 defaults,nofail 0 2\n", 1 },
	{ "or is commented out", "UUID=dead\t/data\text4\tdefaults\t0\t2\n", 1,
	  "# lifeboat: UUID=dead\t/data\text4\tdefaults\t0\t2\n", 1 },
	{ "three fields only", "LABEL=gone /srv xfs", 0, "LABEL=gone /srv xfs\tdefaults,nofail", 1 },
	{ "already nofail", "UUID=dead /data ext4 defaults,nofail 0 2\n", 0, NULL, 0 },
	{ "noauto is left alone", "/dev/sr0 /media/cdrom0 udf,iso9660 user,noauto 0 0\n", 0, NULL, 0 },
	{ "a missing swap", "UUID=dead none swap sw 0 0\n", 0, "UUID=dead none swap sw,nofail 0 0\n", 1 },
	{ "the root is only reported", "UUID=dead / ext4 defaults 0 1\n", 0, NULL, 1 },
	{ "pseudo and network filesystems", "proc /proc proc defaults 0 0\nserver:/x /mnt/x nfs defaults 0 0\n"
	  "tmpfs /tmp tmpfs defaults 0 0\n", 0, NULL, 0 },
	{ "comments, blanks and quotes", "# UUID=dead /x ext4 defaults 0 0\n\n  \nUUID=\"dead\" /y ext4 rw 0 0\r\n", 0,
	  "# UUID=dead /x ext4 defaults 0 0\n\n  \nUUID=\"dead\" /y ext4 rw,nofail 0 0\r\n", 1 },
	{ "an escaped mount point", "PARTUUID=ab-01 /mnt/my\\040disk ext4 defaults 0 0\n", 0,
	  "PARTUUID=ab-01 /mnt/my\\040disk ext4 defaults,nofail 0 0\n", 1 },
};

int main(void)
{
	static char out[4096], again[4096], d[4096];
	struct fstabfix_finding f[8];
	int nf;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		long n = fstabfix_edit(cases[i].in, strlen(cases[i].in), cases[i].comment, present, NULL, out, sizeof out,
				       f, 8, &nf);
		if (!cases[i].want) {
			CHECK(n == 0, "%s: changed: %s", cases[i].name, out);
		} else {
			CHECK(n == (long)strlen(cases[i].want) && strcmp(out, cases[i].want) == 0, "%s: %s", cases[i].name,
			      out);
			// its own output needs nothing more (the fix is idempotent)
			CHECK(fstabfix_edit(out, (size_t)n, cases[i].comment, present, NULL, again, sizeof again, f, 8,
					    &nf) == 0, "%s: a second run changed it: %s", cases[i].name, again);
		}
		fstabfix_edit(cases[i].in, strlen(cases[i].in), cases[i].comment, present, NULL, out, sizeof out, f, 8,
			      &nf);
		CHECK(nf == cases[i].nfound, "%s: %d findings", cases[i].name, nf);
	}
	static const char two[] = "UUID=1111 / ext4 defaults 0 1\nUUID=dead /a ext4 defaults 0 2\nLABEL=x /b ext4 defaults 0 2\n";
	fstabfix_edit(two, sizeof two - 1, 0, present, NULL, out, sizeof out, f, 8, &nf);
	CHECK(nf == 2 && f[0].line == 2 && strcmp(f[0].dir, "/a") == 0 && f[1].line == 3 &&
	      strcmp(f[1].spec, "LABEL=x") == 0 && f[1].action == FSTABFIX_NOFAIL, "findings: %d", nf);
	fstabfix_edit("UUID=dead / ext4 defaults 0 1\n", 30, 0, present, NULL, out, sizeof out, f, 8, &nf);
	CHECK(nf == 1 && f[0].action == FSTABFIX_ROOT, "the root's finding");
	CHECK(fstabfix_edit(two, sizeof two - 1, 0, present, NULL, out, 40, f, 8, &nf) == -1, "no room");

	// the diff of the edit: the two changed lines, old then new, with their numbers
	long n = fstabfix_edit(two, sizeof two - 1, 0, present, NULL, out, sizeof out, f, 8, &nf);
	int dl = diff_lines(two, sizeof two - 1, out, (size_t)n, d, sizeof d);
	CHECK(dl > 0 && strcmp(d, "-  2 UUID=dead /a ext4 defaults 0 2\n-  3 LABEL=x /b ext4 defaults 0 2\n"
				  "+  2 UUID=dead /a ext4 defaults,nofail 0 2\n+  3 LABEL=x /b ext4 defaults,nofail 0 2\n") == 0,
	      "diff: %s", d);
	CHECK(diff_lines(two, sizeof two - 1, two, sizeof two - 1, d, sizeof d) == 0 && d[0] == '\0', "no difference");
	dl = diff_lines("a\nb\nc\n", 6, "a\nc\nd\n", 6, d, sizeof d);
	CHECK(dl > 0 && strcmp(d, "-  2 b\n+  3 d\n") == 0, "a line out, a line in: %s", d);
	dl = diff_lines("", 0, "x\n", 2, d, sizeof d);
	CHECK(dl > 0 && strcmp(d, "+  1 x\n") == 0, "from nothing: %s", d);
	dl = diff_lines("a\nb", 3, "a\nb\n", 4, d, sizeof d);
	CHECK(dl == 0, "only the final newline differs: %s", d);
	CHECK(diff_lines(two, sizeof two - 1, out, (size_t)n, d, 10) == -1, "diff: no room");
	return t_done("test_fstabfix");
}
