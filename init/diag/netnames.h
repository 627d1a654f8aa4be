/* Which interfaces a guest's network configuration names (by name, glob or
 * MAC), file format by file format, and whether one of them is a given NIC (pure). */
#ifndef LB_NETNAMES_H
#define LB_NETNAMES_H

#include <stddef.h>

#define NETNAMES_MAX 32

enum netnames_format { NETNAMES_IFUPDOWN, NETNAMES_NETWORKD, NETNAMES_NETPLAN, NETNAMES_NM, NETNAMES_IFCFG };

struct netnames_ref {
	char name[64];		/* an interface name or glob ("ens2", "en*"), or "" */
	char mac[18];		/* lower-case aa:bb:cc:dd:ee:ff, or "" */
	int line;		/* 1-based, in its file */
};

/* The references in one file's text (len bytes): ifupdown's auto, allow-… and iface
 * stanzas (lo left out), networkd's [Match] Name=/MACAddress=, netplan's
 * ethernets (their keys, match: name/macaddress, set-name), NetworkManager's
 * interface-name=/mac-address=, ifcfg's DEVICE=/HWADDR=. Returns how many went
 * to refs (at most max). */
int netnames_read(enum netnames_format fmt, const char *text, size_t len, struct netnames_ref *refs, int max);

/* Whether ref names the NIC called ifname with this MAC (globs as networkd and netplan know them). */
int netnames_match(const struct netnames_ref *ref, const char *ifname, const char *mac);

#endif
