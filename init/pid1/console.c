/* Consoles: which ones, opened so that a slow or absent one never blocks PID 1. */
#define _GNU_SOURCE
#include "console.h"
#include "../lib/log.h"
#include "../lib/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CONSOLE_ACTIVE "/sys/class/tty/console/active"

static int add(struct report *r, const char *name, int fallback)
{
	struct console_state *cs;
	char path[64];

	// tty0 is "whichever VT is in front": a shell belongs on a real one
	if (strcmp(name, "tty0") == 0)
		name = "tty1";
	for (int i = 0; i < r->nconsoles; i++)
		if (strcmp(r->consoles[i].name, name) == 0)
			return r->consoles[i].present;
	if (r->nconsoles >= REPORT_CONSOLES_MAX)
		return 0;
	cs = &r->consoles[r->nconsoles++];
	memset(cs, 0, sizeof *cs);
	snprintf(cs->name, sizeof cs->name, "%s", name);
	cs->fallback = fallback;
	snprintf(path, sizeof path, "/dev/%s", cs->name);
	cs->fd = (int)SYS_RETRY(open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
	if (cs->fd < 0) {
		cs->err = errno;
		return 0;
	}
	cs->present = 1;
	return 1;
}

int console_open_all(const struct lb_cmdline *c, struct report *r)
{
	char dev[32], active[256];
	int present = 0;

	r->nconsoles = 0;
	for (int i = 0; i < c->nconsole; i++) {
		if (cmdline_console_device(c->console[i], dev, sizeof dev) < 0) {
			log_warn("console=%s names no terminal; ignored", c->console[i]);
			continue;
		}
		present += add(r, dev, 0);
	}
	if (present == 0 && sys_read_file(CONSOLE_ACTIVE, active, sizeof active) > 0) {
		for (char *save, *w = strtok_r(active, " \n", &save); w; w = strtok_r(NULL, " \n", &save))
			if (cmdline_console_device(w, dev, sizeof dev) == 0)
				present += add(r, dev, c->nconsole > 0);
	}
	if (present == 0) {
		// the kernel has no console either: the places an operator looks first
		present += add(r, "ttyS0", 1);
		present += add(r, "tty1", 1);
	}
	for (int i = 0; i < r->nconsoles; i++) {
		if (r->consoles[i].present)
			log_add_console(r->consoles[i].fd);
		else
			log_warn("console %s is missing: %s", r->consoles[i].name, strerror(r->consoles[i].err));
	}
	return present;
}

void console_write_all(const char *text)
{
	log_to_consoles(text);
}
