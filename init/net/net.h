/* Network links: bring them up and keep a DHCP client on each. */
#ifndef LB_NET_H
#define LB_NET_H

#include "../pid1/report.h"

/* Set lo and every link in r->links up, and put a supervised udhcpc on each
 * link. Returns how many links got a DHCP client. */
int net_start(const struct report *r);

#endif
