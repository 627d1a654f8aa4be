/* diagnose's findings: kept, ordered most severe first, written for people and as JSON. */
#include "t.h"
#include "diag/finding.h"

#include <stdlib.h>

static struct diag_report r;
static char buf[1 << 16];

int main(void)
{
	// empty: healthy, and said so; its twin below has problems
	CHECK(diag_worst(&r) == DIAG_INFO, "empty report");
	CHECK(diag_summary(&r, buf, sizeof buf) > 0 && strstr(buf, "no problems found"), "%s", buf);
	CHECK(diag_text(&r, buf, sizeof buf) > 0 && strcmp(buf, "no problems found\n") == 0, "%s", buf);

	diag_add(&r, "logs.last-boot", DIAG_INFO, NULL, "the last boot ended normally", "journal: %d lines", 12);
	CHECK(diag_worst(&r) == DIAG_INFO, "an info finding alone is healthy");
	CHECK(diag_summary(&r, buf, sizeof buf) > 0 && strstr(buf, "no problems found") && !strstr(buf, "last boot"),
	      "info is not in the summary: %s", buf);

	diag_add(&r, "fs.full", DIAG_WARNING, "lifeboat fix space", "/ is 99% full", "statvfs /: 99%%");
	diag_add(&r, "fstab.missing-device", DIAG_ERROR, "lifeboat fix fstab", "/srv/data: its device is not here",
		 "/etc/fstab line %d: %s", 12, "UUID=dead /srv/data ext4 defaults 0 2");
	CHECK(diag_worst(&r) == DIAG_ERROR, "worst is the error");
	CHECK(diag_has(&r, "fs.full") && !diag_has(&r, "fs.ful") && !diag_has(&r, "fstab"), "ids match exactly");
	diag_sort(&r);
	CHECK_STR(r.f[0].id, "fstab.missing-device", "error first");
	CHECK_STR(r.f[1].id, "fs.full", "then the warning");
	CHECK_STR(r.f[2].id, "logs.last-boot", "info last");

	CHECK(diag_summary(&r, buf, sizeof buf) > 0, "summary fits");
	CHECK(strstr(buf, "  error    /srv/data: its device is not here -> lifeboat fix fstab\n") != NULL, "%s", buf);
	CHECK(strstr(buf, "  warning  / is 99% full -> lifeboat fix space\n") != NULL, "%s", buf);
	CHECK(!strstr(buf, "no problems found") && !strstr(buf, "last boot"), "%s", buf);

	CHECK(diag_text(&r, buf, sizeof buf) > 0, "text fits");
	CHECK(strstr(buf, "error    fstab.missing-device: /srv/data: its device is not here\n"
			  "         /etc/fstab line 12: UUID=dead /srv/data ext4 defaults 0 2\n"
			  "         fix: lifeboat fix fstab\n") != NULL, "%s", buf);
	CHECK(strstr(buf, "info     logs.last-boot: the last boot ended normally\n         journal: 12 lines\n") &&
	      !strstr(buf, "journal: 12 lines\n         fix:"), "no fix line without a fix: %s", buf);
	// too small a buffer: -1, not a cut report
	CHECK(diag_text(&r, buf, 40) == -1 && diag_summary(&r, buf, 10) == -1, "overflow is -1");

	// JSON: the keys the issue names, null fix when none
	struct json j;
	json_init(&j, buf, sizeof buf);
	diag_json(&r, &j);
	const char *js = json_finish(&j);
	CHECK(js && strstr(js, "{\"findings\":[{\"id\":\"fstab.missing-device\",\"severity\":\"error\","
			       "\"title\":\"/srv/data: its device is not here\",\"evidence\":") &&
	      strstr(js, "\"fix\":\"lifeboat fix fstab\"}") && strstr(js, "\"severity\":\"info\"") &&
	      strstr(js, "\"fix\":null}],\"dropped\":0}"), "%s", js ? js : "(null)");

	// hostile text: escapes and carriage returns never reach a terminal; newlines in evidence stay
	struct diag_report *h = calloc(1, sizeof *h);
	diag_add(h, "x.y", DIAG_WARNING, NULL, "a\x1b[2Jb\rc", "l1\nl2\x1b]0;t\x07\tx");
	CHECK_STR(h->f[0].title, "a?[2Jb?c", "title cleaned");
	CHECK_STR(h->f[0].evidence, "l1\nl2?]0;t?\tx", "evidence cleaned, newline and tab kept");
	// long evidence is cut with a mark, never overflowing
	char longer[2000];
	memset(longer, 'e', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	diag_add(h, "x.long", DIAG_INFO, NULL, "long", "%s", longer);
	CHECK(strlen(h->f[1].evidence) == sizeof h->f[1].evidence - 1 &&
	      strcmp(h->f[1].evidence + sizeof h->f[1].evidence - 4, "...") == 0, "cut with ...");
	// full: counted, not kept
	while (h->n < DIAG_MAX)
		diag_add(h, "x.fill", DIAG_INFO, NULL, "fill", "-");
	CHECK(diag_add(h, "x.over", DIAG_ERROR, NULL, "over", "-") == NULL && h->dropped == 1 && !diag_has(h, "x.over"),
	      "the 49th is dropped");
	CHECK(diag_text(h, buf, sizeof buf) > 0 && strstr(buf, "(1 more findings not kept)"), "dropped is said");
	free(h);
	return t_done("test_finding");
}
