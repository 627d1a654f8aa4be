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

#endif
