/* Kernel uevent messages: a header line and NUL-separated KEY=VALUE pairs. */
#include "uevent_msg.h"

#include <string.h>

int uevent_parse(const char *buf, size_t len, struct uevent *ev)
{
	const char *p = buf, *end = buf + len;

	memset(ev, 0, sizeof *ev);
	if (len == 0 || buf[len - 1] != '\0')
		return -1;
	// the header is "ACTION@DEVPATH"; libudev's own broadcasts start "libudev"
	if (!memchr(p, '@', strlen(p)))
		return -1;
	p += strlen(p) + 1;
	while (p < end) {
		size_t n = strlen(p);
		if (strncmp(p, "ACTION=", 7) == 0)
			ev->action = p + 7;
		else if (strncmp(p, "DEVPATH=", 8) == 0)
			ev->devpath = p + 8;
		else if (strncmp(p, "SUBSYSTEM=", 10) == 0)
			ev->subsystem = p + 10;
		else if (strncmp(p, "MODALIAS=", 9) == 0)
			ev->modalias = p + 9;
		else if (strncmp(p, "DEVNAME=", 8) == 0)
			ev->devname = p + 8;
		p += n + 1;
	}
	return ev->action && ev->devpath ? 0 : -1;
}
