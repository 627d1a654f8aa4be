/* What every `lifeboat fix …` shares: options, confirmation, atomic edits and
 * backups inside the guest's tree, the audit log, the final report. */
#ifndef LB_REPAIR_H
#define LB_REPAIR_H

#include "../fix/plan.h"

#include <stddef.h>
#include <sys/stat.h>

#define REPAIR_AUDIT LB_RUN_DIR "/audit.jsonl"
#define REPAIR_GUEST_LOG "/var/log/lifeboat.log"
#define REPAIR_BACKUPS "/etc/lifeboat/backups"	/* in the guest (on the root filesystem, like /etc): STAMP/the/file's/path */

struct fix_opts {
	int yes, json;
};

/* The common options (--yes, --json) taken from anywhere in argv[1..]; the
 * other words, in order, into rest (at most max). Returns their number. */
int repair_options(int argc, char **argv, struct fix_opts *o, char **rest, int max);

/* Go ahead? --yes, or word ("yes" when NULL) typed on a terminal. 1 or 0. */
int repair_confirmed(const struct fix_opts *o, const char *word);

/* SHA-256 of data, as 64 hex digits. */
void repair_hex(const char *data, size_t len, char out[65]);

/* SHA-256 of the regular file path inside rootfd, read in pieces; "" when it is not there. */
void repair_file_hex(int rootfd, const char *path, char out[65]);

/* The plan and its outcome as one line in /run/lifeboat/audit.jsonl and,
 * when it changed a file and rootfd is the guest's root, in its /var/log/lifeboat.log. */
void repair_audit(int rootfd, const struct plan *p);

/* Replace path (inside rootfd) with data atomically: a temporary file beside
 * it with like's mode and owner, fsync, rename, fsync of the directory; the
 * temporary files a power cut left there by an earlier replace are removed
 * first. 0 or -errno. */
int repair_replace(int rootfd, const char *path, const char *data, size_t len, const struct stat *like);

/* mkdir -p of dir inside rootfd, the directories it makes with mode. 0 or -errno. */
int repair_mkdirs(int rootfd, const char *dir, mode_t mode);

/* Keep a copy of path (inside rootfd; mode and owner kept): beside it as
 * PATH.lifeboat-STAMP (beside set), or as REPAIR_BACKUPS/STAMP/PATH. Its name
 * goes to out. 0 or -errno. */
int repair_backup(int rootfd, const char *path, int beside, char *out, size_t size);

/* Move path aside into REPAIR_BACKUPS/STAMP/PATH (the loader that reads its
 * directory no longer sees it). Its new name goes to out. 0 or -errno. */
int repair_set_aside(int rootfd, const char *path, char *out, size_t size);

/* PID 1 made to look at the disks again after a repair changed what dev holds;
 * waits (up to RESCAN_WAIT_MS) for the new disk state. 0, or -1 when none came. */
#define RESCAN_WAIT_MS 5000
int repair_rescan(const char *dev);

/* The device mounted at /mnt/guest ("" when none). */
void repair_device(char *out, size_t size);

/* Whether the guest has SELinux enabled (files written from outside need a relabel). */
int repair_selinux(int rootfd);

/* Print the outcome (the plan's JSON with --json, else its message) and return rc. */
int repair_finish(const struct plan *p, const struct fix_opts *o, int rc);

/* Run argv[0] (a path) with stdout and stderr together: copied to our stdout
 * when echo is set, the last size-1 bytes kept in tail. Its exit status, or -errno. */
int repair_run(char *const argv[], int echo, char *tail, size_t size);

/* A repair that looks, then acts, on the guest's mounted tree. pass() plans
 * (apply 0: the guest read-only) or makes (apply 1: read-write) its change
 * on the tree at rootfd, adding steps and files to p; it returns how many
 * changes it found or made, or minus an exit code after plan_end(). */
struct repair {
	const char *command;
	int all;		/* the root and the filesystems its fstab mounts, not the root alone */
	int (*pass)(void *ctx, int rootfd, struct plan *p, int apply);
	void (*shown)(void *ctx, const struct fix_opts *o);	/* after the plan is printed (may be NULL) */
	const char *nothing;	/* why there is nothing to do, when pass() found no change */
};

/* Refuse while something is mounted at /mnt/guest; look (read-only); print
 * the plan; stop there without a change, or without --yes or a typed yes;
 * else act (read-write), audit, unmount. Returns the exit code, its outcome
 * printed (the plan's JSON with --json). */
int repair_drive(const struct repair *r, void *ctx, const struct fix_opts *o);

/* Run cmd (argv: "chroot", PROGRAM, ARGS…, NULL) in the guest mounted at
 * /mnt/guest, as `lifeboat chroot` does; its output goes to stdout, or to
 * stderr while a --json repair runs. Its exit status. */
int repair_chroot(char **cmd);

/* Print the plan for people (not with --json). */
/* /dev/kmsg, at its end (what the kernel logs from now on) or from its first record kept;
 * -1 when it cannot be read. */
int repair_kmsg_open(int from_start);

/* Count into t the block I/O errors on disk only (NULL: any) the kernel logged since fd
 * was opened or last read. */
struct ioerr_tally;
void repair_kmsg_ioerr(int fd, struct ioerr_tally *t, const char *only);

void repair_show(const struct plan *p, const struct fix_opts *o);

/* backup.c: "back up first? From your own machine: ssh root@ADDR lifeboat backup DEV > FILE"
 * on stdout, for a /dev path (nothing for anything else). */
void backup_hint(const char *dev);

#endif
