/* Running one of the guest's own programs, which whoever had the guest may have
 * written, boxed in. */
#ifndef LB_SANDBOX_H
#define LB_SANDBOX_H

#include <stddef.h>

/* Run path (a path inside root) with argv and envp, chrooted into root, in
 * namespaces of its own: a mount namespace with root's /run on a fresh tmpfs (and
 * each dir of run_dirs, e.g. "/run/sshd", made in it), a /proc of its own PID
 * namespace and a /dev holding null, zero, random and urandom only; no network
 * (a network namespace of its own), no other process to see or signal, and no
 * capabilities (an empty bounding set, SECBIT_NOROOT, no_new_privs), so that
 * root's exec gains none. Its stdout and stderr go into out (size bytes,
 * NUL-terminated). Killed, with all it started, after timeout_s seconds.
 * Returns its exit status, or -1 when it could not be run here (no such
 * program, not this machine's architecture, a set-up step failed) or was
 * killed. */
int sandbox_run(const char *root, const char *path, char *const argv[], char *const envp[],
		const char *const run_dirs[], int timeout_s, char *out, size_t size);

#endif
