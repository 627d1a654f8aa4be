/* A repair's plan and its outcome: the steps it will take, the files it
 * changed, and how it ended, as text for people and one JSON object for tools
 * and the audit log (pure). */
#ifndef LB_PLAN_H
#define LB_PLAN_H

#include "../lib/json.h"

#include <stddef.h>

#define PLAN_STEPS 48
#define PLAN_FILES 48

struct plan_step {
	char action[16];	/* "edit", "create", "set-aside", "remove", "run", "check", "note" … */
	char target[256];	/* a path in the guest, a device, a command */
	char detail[256];	/* what exactly, for people */
};

struct plan_file {
	char path[256];
	char before[65];	/* SHA-256 hex, "" when the file did not exist */
	char after[65];		/* "" when the file is gone (set aside or removed) */
	char backup[256];	/* where the old content was kept, "" for none */
};

struct plan {
	char command[32];	/* "fix fstab" */
	char device[128];	/* the filesystem or disk it works on */
	struct plan_step step[PLAN_STEPS];
	int nstep, more;	/* more: steps that did not fit */
	struct plan_file file[PLAN_FILES];
	int nfile;
	char result[24];	/* "planned", "nothing to do", "needs confirmation", "done", "failed", "refused" */
	char message[256];	/* why it failed or was refused; "" otherwise */
};

void plan_init(struct plan *p, const char *command, const char *device);

/* Add a step; printf-style detail. Returns the step, or NULL when full (counted in more). */
struct plan_step *plan_add(struct plan *p, const char *action, const char *target, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Record a file changed (before/after hashes, a backup path; NULL for none). */
void plan_file(struct plan *p, const char *path, const char *before, const char *after, const char *backup);

/* Set result and (printf-style) message. */
void plan_end(struct plan *p, const char *result, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The steps for people: "plan for fix fstab on /dev/vda1:\n  1. edit /etc/fstab: …\n".
 * Returns the length, or -1 when buf is too small. */
int plan_text(const struct plan *p, char *buf, size_t size);

/* The whole plan and outcome as one JSON object: command, device, steps,
 * files, result, message; with time >= 0 also "time" first (the audit line). */
void plan_json(const struct plan *p, long long time, struct json *j);

#endif
