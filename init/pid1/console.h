/* The consoles PID 1 writes to and runs shells on. */
#ifndef LB_CONSOLE_H
#define LB_CONSOLE_H

#include "report.h"
#include "../lib/cmdline.h"

/* Open every console= device (O_NONBLOCK, for PID 1's own writes) into r->consoles.
 * With none present, fall back to the kernel's active consoles, then to ttyS0 and
 * tty1. Registers the open ones with the logger. Returns how many are present. */
int console_open_all(const struct lb_cmdline *c, struct report *r);

/* Write text to every present console; never blocks. */
void console_write_all(const char *text);

#endif
