/* Whether a firewall's saved rules keep new TCP connections to a port out (pure). */
#ifndef LB_FWCHECK_H
#define LB_FWCHECK_H

#include <stddef.h>

enum { FWCHECK_ALLOWS = 0, FWCHECK_BLOCKS = 1 };

/* An iptables-save file (rules.v4, /etc/sysconfig/iptables): the filter
 * table's INPUT chain walked in order, into the chains it jumps to, for a new
 * TCP connection to port from anywhere on any interface. Rules that only some
 * packets match (-s, -i, conntrack states, other protocols, other ports) are
 * passed over; the first that takes every such packet decides, else the
 * chain's policy. FWCHECK_BLOCKS with *line the deciding line (the policy's or
 * the DROP/REJECT rule's), or FWCHECK_ALLOWS (*line 0 when nothing decided). */
int fwcheck_iptables(const char *text, size_t len, int port, int *line);

#endif
