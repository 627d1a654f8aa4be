/* Firewalls that lock SSH out, seen offline: their boot links, and rule files edited to let SSH in (pure). */
#ifndef LB_FWRULES_H
#define LB_FWRULES_H

#include <stddef.h>

/* What an editor returns besides a new length (> 0) or 0 (nothing to change). */
enum {
	FWRULES_NOROOM = -1,	/* out is too small */
	FWRULES_NOPLACE = -2,	/* the file has nowhere to put the rule */
	FWRULES_BADPORT = -3,	/* port outside 1..65535 */
};

/* A sentence for an editor's negative return. */
const char *fwrules_why(long rc);

/* The firewall units that start at boot, NULL-terminated. */
const char *const *fwrules_units(void);

/* The product a unit of fwrules_units() comes with (e.g. "firewalld",
 * "iptables-persistent"), or NULL for any other unit. */
const char *fwrules_unit_product(const char *unit);

/* 1 when a symlink named link_dir_entry pointing to link_target (as readlink
 * gives it) is one `systemctl disable unit` removes: it is named after the
 * unit or one of its aliases, or points at the unit's file. unit NULL means
 * any unit of fwrules_units(). Masks (links to /dev/null) are not: 0. */
int fwrules_unit_link(const char *unit, const char *link_dir_entry, const char *link_target);

/* Every editor below copies text (len bytes) to out (size bytes, NUL-terminated)
 * with only its insertion or change made, every other byte identical. Returns
 * the new length, 0 when the file needs no change, or one of FWRULES_*. */

/* /etc/ufw/ufw.conf with ENABLED=yes made ENABLED=no, which ufw's boot script reads. */
long fwrules_ufw_conf_disable(const char *text, size_t len, char *out, size_t size);

/* An iptables-save file (rules.v4/v6, /etc/sysconfig/iptables, ip6tables) with
 * "-A INPUT -p tcp -m tcp --dport PORT -j ACCEPT" as the first rule of the
 * filter table, which is added when there is none. 0 when the first INPUT rule
 * accepts just that already. */
long fwrules_iptables_allow(const char *text, size_t len, int port, char *out, size_t size);

/* /etc/nftables.conf with `tcp dport PORT accept comment "lifeboat"` first in
 * every chain of type filter hook input (arp tables aside): on the line after
 * the hook's, or right after the hook and policy statements when the chain
 * goes on on that line. FWRULES_NOPLACE when no such chain. */
long fwrules_nft_allow(const char *text, size_t len, int port, char *out, size_t size);

/* A firewalld zone file with <service name="ssh"/> (port 22) or
 * <port protocol="tcp" port="PORT"/> before </zone>; 0 when the zone (not one
 * of its rich rules) allows it already. FWRULES_NOPLACE without </zone>. */
long fwrules_firewalld_zone_allow(const char *xml, size_t len, int port, char *out, size_t size);

/* The DefaultZone= of /etc/firewalld/firewalld.conf in zone, "public" when
 * unset. Returns 0, or -1 when the name is no safe file name or has no room. */
int fwrules_firewalld_default_zone(const char *conf, size_t len, char *zone, size_t size);

/* /etc/ufw/user.rules (v6 0) or user6.rules (v6 1) with the rule `ufw insert 1
 * allow PORT/tcp` writes, first in the ### RULES ### section. 0 when an allow
 * rule for it comes before any other kind. FWRULES_NOPLACE without the section. */
long fwrules_ufw_allow(const char *text, size_t len, int port, int v6, char *out, size_t size);

#endif
