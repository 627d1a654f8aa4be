/* Logging to /dev/kmsg and the consoles. */
#define _GNU_SOURCE
#include "log.h"
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_LINE_MAX 976	/* /dev/kmsg takes at most 1024 bytes per record, prefix included */
#define LOG_CONSOLES_MAX 8

static int kmsg_fd = -1;
static int console_fds[LOG_CONSOLES_MAX];
static int nconsoles;

void log_open(void)
{
	if (kmsg_fd < 0)
		kmsg_fd = open(LB_KMSG, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

void log_add_console(int fd)
{
	if (nconsoles < LOG_CONSOLES_MAX)
		console_fds[nconsoles++] = fd;
}

void log_clear_consoles(void)
{
	nconsoles = 0;
}

void log_to_consoles(const char *str)
{
	size_t len = strlen(str);

	for (int i = 0; i < nconsoles; i++) {
		// O_NONBLOCK: a console that can't take it now loses this text, PID 1 goes on
		ssize_t n = write(console_fds[i], str, len);
		(void)n;
	}
}

void log_msg(int prio, const char *fmt, ...)
{
	char line[LOG_LINE_MAX + 32];
	int saved = errno;
	int head, n;
	va_list ap;

	head = snprintf(line, sizeof line, "<%d>lifeboat: ", prio);
	va_start(ap, fmt);
	n = vsnprintf(line + head, LOG_LINE_MAX, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n >= LOG_LINE_MAX)
		n = LOG_LINE_MAX - 1;
	n += head;
	while (n > head && line[n - 1] == '\n')
		n--;
	line[n] = '\0';

	// the newline ends the record: without it the kernel holds the line open
	// for a continuation, and readers of /dev/kmsg don't see it until the next one
	line[n] = '\n';
	line[n + 1] = '\0';
	if (kmsg_fd >= 0) {
		ssize_t w = write(kmsg_fd, line, (size_t)n + 1);
		(void)w;
	} else {
		fputs(line + head - (int)strlen("lifeboat: "), stderr);
	}
	if (prio <= LOG_WARN_ && nconsoles > 0)
		log_to_consoles(line + head - (int)strlen("lifeboat: "));
	errno = saved;
}
