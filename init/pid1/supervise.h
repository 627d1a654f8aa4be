/* Supervised children: started, reaped and restarted with backoff by PID 1. */
#ifndef LB_SUPERVISE_H
#define LB_SUPERVISE_H

#include <sys/types.h>

#define SUPERVISE_MAX 24

/* Starts the child's program; runs in the forked child, must exec or _exit. */
typedef void (*supervise_exec_fn)(const char *arg);

/* Add a child to start at the next supervise_tick(). Returns 0 or -ENOSPC. */
int supervise_add(const char *name, supervise_exec_fn fn, const char *arg);

/* The same for a job: restarted with backoff only while it fails; once it
 * exits with status 0 it is done. */
int supervise_add_job(const char *name, supervise_exec_fn fn, const char *arg);

/* Start every child that is due. */
void supervise_tick(long long now_ms);

/* Milliseconds until the next child is due, or -1 when none is waiting. */
int supervise_timeout(long long now_ms);

/* Tell supervision that pid ended; returns 1 if it was one of its children. */
int supervise_reaped(pid_t pid, int status, long long now_ms);

/* Stop restarting; send SIGTERM to every running child. Returns how many run. */
int supervise_stop_all(void);

/* Undo supervise_stop_all(): start every child again (after a failed reboot). */
void supervise_resume(long long now_ms);

/* Prepare a forked child for exec: default signal mask and dispositions. */
void supervise_child_reset(void);

#endif
