/* Kernel uevent messages (pure parsing). */
#ifndef LB_UEVENT_MSG_H
#define LB_UEVENT_MSG_H

#include <stddef.h>

struct uevent {
	const char *action;	/* "add", "remove", "change", "bind", … */
	const char *devpath;
	const char *subsystem;
	const char *modalias;	/* NULL when the device has none */
	const char *devname;	/* NULL when it has no device node */
};

/* Parse one NETLINK_KOBJECT_UEVENT datagram ("add@/devices/…\0KEY=VALUE\0…").
 * buf must end in a NUL within len. Returns 0, or -1 for anything that is not a
 * kernel uevent (libudev's "libudev" messages, truncated or unterminated data). */
int uevent_parse(const char *buf, size_t len, struct uevent *ev);

#endif
