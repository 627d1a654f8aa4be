/* Putting a lease on a link: address, MTU, routes, hostname, the record in
 * /run, resolv.conf. Used by PID 1 (ip=) and by the DHCP client's script. */
#ifndef LB_APPLY_H
#define LB_APPLY_H

#include "lease.h"

#define NET_DIR "/run/lifeboat/net"
#define NET_LEASE_FMT NET_DIR "/%s.lease"
#define NET_LEASE6_FMT NET_DIR "/%s.lease6"	/* DHCPv6: an address, or DNS only */

/* Apply l to its link and record it; the default route gets metric. Returns 0,
 * or -1 (logged) when the address could not be set. */
int netapply_lease(const struct lease *l, int metric);

/* The link lost its lease: IPv4 addresses flushed, the record removed. */
void netapply_forget(const char *iface);

/* A DHCPv6 answer: its address (if it gave one) added beside SLAAC's, its DNS
 * recorded in IFACE.lease6. Returns 0 or -1 (logged). */
int netapply_lease6(const struct lease *l);

/* The link lost its DHCPv6 lease: its address removed, the record too. */
void netapply_forget6(const char *iface);

/* Rewrite /etc/resolv.conf from nameserver= on the command line and every lease record. */
void netapply_resolv(void);

/* The default route's metric for a link: PXE's boot link (BOOTIF=) first,
 * then the others by interface index. */
int netapply_metric(const char *iface);

#endif
