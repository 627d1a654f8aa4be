/* The kernel's uevent socket: devices that appear after boot. */
#ifndef LB_UEVENT_H
#define LB_UEVENT_H

/* Open the NETLINK_KOBJECT_UEVENT socket (non-blocking); returns the fd or -errno. */
int uevent_open(void);

/* Handle every queued message: load modules for new devices, log new disks and
 * links. Returns how many messages were handled. */
int uevent_drain(int fd);

/* How many block devices came, went or changed since the last call. */
int uevent_block_news(void);

#endif
