/* The `lifeboat` command: every action an operator or a tool can ask for. */
#ifndef LB_CLI_H
#define LB_CLI_H

/* Exit codes (DESIGN.md): stable, documented in README.md. */
enum {
	EXIT_DONE = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_REFUSED = 3,
	EXIT_NEEDS_CONFIRMATION = 4,
};

/* Run the subcommand in argv[1..] (or the one argv[0] names: reboot, poweroff). */
int cli_main(int argc, char **argv);

/* Commands that mount or change the guest take turns (LB_GUEST_LOCK): wait for
 * the one working now, saying which; held until exit or cli_guest_unlock(). */
void cli_guest_lock(const char *what);

/* Let others go on while this process waits, when the lock is held for what
 * (not for a repair that runs a chroot). Returns 1 when it let go. */
int cli_guest_unlock(const char *what);

#endif
