/* lifeboat diagnose's findings: what is wrong with the guest, how sure, the
 * evidence, and the repair that addresses it; as text for people, one line
 * each for the banner and the message of the day, and JSON (pure). */
#ifndef LB_FINDING_H
#define LB_FINDING_H

#include "../lib/json.h"

#include <stddef.h>

#define DIAG_MAX 48		/* findings kept; more are counted */

enum diag_severity { DIAG_INFO, DIAG_WARNING, DIAG_ERROR };

struct diag_finding {
	char id[40];		/* stable: "fstab.missing-device" */
	enum diag_severity severity;
	char title[160];	/* one line for people: "/etc/fstab: /srv/data's device is not here" */
	char evidence[768];	/* file and line, or command output; may hold newlines */
	char fix[128];		/* "lifeboat fix fstab", "" when no repair addresses it */
};

struct diag_report {
	struct diag_finding f[DIAG_MAX];
	int n, dropped;
};

/* Add a finding; printf-style evidence (control bytes other than newline and
 * tab shown as '?'). Returns it, or NULL when the report is full (counted). */
struct diag_finding *diag_add(struct diag_report *r, const char *id, enum diag_severity severity, const char *fix,
			      const char *title, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Whether the report has a finding with this id. */
int diag_has(const struct diag_report *r, const char *id);

/* The worst severity found; DIAG_INFO for an empty report. */
enum diag_severity diag_worst(const struct diag_report *r);

const char *diag_severity_name(enum diag_severity s);

/* Findings most severe first, in the order found within a severity. */
void diag_sort(struct diag_report *r);

/* For people: every finding with its evidence (indented) and fix. Returns the length, -1 when out has no room. */
int diag_text(const struct diag_report *r, char *out, size_t size);

/* One line per finding above info ("  error    fstab.missing-device: … → lifeboat fix fstab"),
 * or "  no problems found" when there are none. Returns the length, or -1. */
int diag_summary(const struct diag_report *r, char *out, size_t size);

/* {"findings":[{"id","severity","title","evidence","fix"}…],"dropped":N}; fix null when none. */
void diag_json(const struct diag_report *r, struct json *j);

#endif
