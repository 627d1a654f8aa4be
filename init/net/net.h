/* Network links: named, brought up, configured when they have carrier, watched. */
#ifndef LB_NET_H
#define LB_NET_H

#include "../lib/cmdline.h"
#include "../pid1/report.h"

#include <signal.h>

/* The DHCP client's script sends PID 1 this after it changed a link. */
#define LB_SIG_NET (SIGRTMIN + 1)

#define NET_CARRIER_WAIT_MS 3000	/* lifeboat.carrier_wait= (seconds) changes it */

/* Rename links as ifname= says, set lo and every link up, wait a bounded time
 * for carrier, and configure each link that has it as ip= says (static, off,
 * IPv6 only) or, by default, with a supervised udhcpc. Links whose carrier
 * comes later are configured by net_event(). ip= values that name no link are
 * logged with the real ones. r->links must be filled; names are updated. */
void net_start(const struct lb_cmdline *c, struct report *r);

/* The rtnetlink socket to poll, or -1. */
int net_fd(void);

/* Read what the kernel said about links and addresses: configure links whose
 * carrier came up, take in new links. Returns 1 when what the report shows may
 * have changed. */
int net_event(void);

/* 1 while links were given DHCP clients and none has a lease yet. */
int net_waiting(void);

/* Fill each link's state, addresses, gateway and DNS in r (rescans the links). */
void net_report(struct report *r);

#endif
