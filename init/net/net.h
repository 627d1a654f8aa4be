/* Network links: bring them up and keep a DHCP client on each. */
#ifndef LB_NET_H
#define LB_NET_H

#include "../lib/cmdline.h"
#include "../pid1/report.h"

/* Set lo and every link in r->links up, then configure each as ip= says
 * (static, off, IPv6 autoconfiguration only) or, by default, put a supervised
 * udhcpc on it. ip= values that name no link are logged with the real ones.
 * Returns how many links were configured or given a DHCP client. */
int net_start(const struct lb_cmdline *c, const struct report *r);

#endif
