/* Root ranking: each piece of evidence is worth points and says so in words. */
#include "rank.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void reason(struct candidate *c, int points, const char *text)
{
	c->score += points;
	if (c->nreasons < RANK_REASONS_MAX)
		snprintf(c->reasons[c->nreasons++], sizeof c->reasons[0], "%+d %s", points, text);
}

void rank_score(struct candidate *c)
{
	char text[160];

	c->score = 0;
	c->nreasons = 0;
	if (c->ev.os_name[0]) {
		snprintf(text, sizeof text, "os-release: %s", c->ev.os_name);
		reason(c, 30, text);
	}
	if (c->ev.init)
		reason(c, 20, "has an init (/sbin/init or systemd)");
	if (c->ev.fstab_root > 0)
		reason(c, 30, "its /etc/fstab mounts this filesystem at /");
	else if (c->ev.fstab_root < 0)
		reason(c, -25, "its /etc/fstab mounts another filesystem at /");
	if (c->ev.kernels > 0) {
		snprintf(text, sizeof text, "/boot has %d kernel(s)", c->ev.kernels);
		reason(c, 10, text);
	}
	if (c->ev.bootloader)
		reason(c, 10, "a bootloader entry names its UUID");
}

static int by_score(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->device, y->device);
}

int rank_choose(struct candidate *c, int n, char *why, size_t size)
{
	if (size)
		why[0] = '\0';
	if (n == 0) {
		snprintf(why, size, "no filesystem that could hold a system was found");
		return -1;
	}
	qsort(c, (size_t)n, sizeof *c, by_score);
	if (c[0].score < RANK_MIN_SCORE) {
		snprintf(why, size, "no filesystem holds an operating system (best: %s, score %d)", c[0].device,
			 c[0].score);
		return -1;
	}
	for (int i = 1; i < n; i++)
		if (c[i].uuid[0] && strcasecmp(c[i].uuid, c[0].uuid) == 0 && strcmp(c[i].subvol, c[0].subvol) == 0) {
			snprintf(why, size, "%s and %s share the UUID %s (a cloned disk?): not choosing; "
				 "pick one with lifeboat.root=", c[0].device, c[i].device, c[0].uuid);
			return -1;
		}
	if (n > 1 && c[1].score == c[0].score) {
		snprintf(why, size, "%s and %s have the same evidence (score %d): not choosing; "
			 "pick one with lifeboat.root=", c[0].device, c[1].device, c[0].score);
		return -1;
	}
	return 0;
}

int rank_override(const char *spec, const struct candidate *c, int n, const char *const *labels,
		  const char *const *partuuids)
{
	for (int i = 0; i < n; i++) {
		if (strncmp(spec, "UUID=", 5) == 0 && c[i].uuid[0] && strcasecmp(spec + 5, c[i].uuid) == 0)
			return i;
		if (strncmp(spec, "LABEL=", 6) == 0 && labels && labels[i] && labels[i][0] &&
		    strcmp(spec + 6, labels[i]) == 0)
			return i;
		if (strncmp(spec, "PARTUUID=", 9) == 0 && partuuids && partuuids[i] && partuuids[i][0] &&
		    strcasecmp(spec + 9, partuuids[i]) == 0)
			return i;
		if (spec[0] == '/' && strcmp(spec, c[i].device) == 0)
			return i;
	}
	return -1;
}
