/* Root's login shell over SSH: each session in a cgroup of its own. */
#ifndef LB_SESSION_H
#define LB_SESSION_H

#define SESSION_PIDS_MAX 512	/* processes and threads of one SSH session */

/* Run as LB_SESSION_SHELL (root's shell in /etc/passwd, which dropbear starts as
 * "-session-shell" or "session-shell -c CMD"): put this process in a new group
 * below LB_SESSIONS_CGROUP limited to SESSION_PIDS_MAX processes (a fork bomb
 * stops there; logins and the consoles go on), give it an ordinary OOM score
 * (dropbear's is the lowest, so that a session's memory hog is killed, not the
 * server), then exec busybox's sh with the same arguments. Without cgroups it
 * is just the shell. Returns only when the shell could not be run (127). */
int session_shell(int argc, char **argv);

#endif
