/* uevents: read kernel device events, load modules for what appears. */
#define _GNU_SOURCE
#include "uevent.h"
#include "uevent_msg.h"
#include "modules.h"
#include "../lib/log.h"

#include <errno.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define UEVENT_RCVBUF (1 << 20)	/* a burst of coldplug events must not overflow the socket */

int uevent_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int buf = UEVENT_RCVBUF;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static int block_news;

int uevent_block_news(void)
{
	int n = block_news;

	block_news = 0;
	return n;
}

int uevent_drain(int fd)
{
	char buf[8192];
	int handled = 0;

	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = { buf, sizeof buf - 1 };
		struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1 };
		struct uevent ev;
		ssize_t n = recvmsg(fd, &msg, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				log_warn("uevent socket overflowed: some device events were lost");
				continue;
			}
			break;		/* EAGAIN: drained */
		}
		// only the kernel (port 0) speaks for devices
		if (from.nl_pid != 0)
			continue;
		buf[n] = '\0';
		if (uevent_parse(buf, (size_t)n + 1, &ev) < 0)
			continue;
		handled++;
		if (ev.subsystem && strcmp(ev.subsystem, "block") == 0 &&
		    (strcmp(ev.action, "add") == 0 || strcmp(ev.action, "remove") == 0 || strcmp(ev.action, "change") == 0))
			block_news++;
		if (strcmp(ev.action, "add") != 0)
			continue;
		if (ev.modalias)
			modules_load_alias(ev.modalias);
		if (ev.subsystem && ev.devname && strcmp(ev.subsystem, "block") == 0)
			log_info("block device %s appeared", ev.devname);
		else if (ev.subsystem && strcmp(ev.subsystem, "net") == 0)
			log_info("network device %s appeared", strrchr(ev.devpath, '/') + 1);
	}
	return handled;
}
