/* The ip= parameter, in the kernel's and dracut's forms (pure). */
#ifndef LB_IPCONF_H
#define LB_IPCONF_H

enum ipconf_mode { IPCONF_DHCP, IPCONF_DHCP6, IPCONF_STATIC, IPCONF_OFF };

struct ipconf {
	char iface[32];		/* "" when it applies to every link; a name or a MAC ("52:54:00:…") */
	enum ipconf_mode mode;
	int family;		/* 4 or 6, for IPCONF_STATIC */
	char addr[48];		/* without brackets */
	int prefix;		/* from the netmask (dotted or a length) */
	char gateway[48];	/* "" when none */
	char hostname[64];
	char dns[2][48];
	int ndns;
};

/* Parse one ip= value: "dhcp", "dhcp6", "on", "any", "off", "<iface>:dhcp",
 * "<iface>:dhcp6", or "<ip>:<peer>:<gw>:<netmask>:<hostname>:<iface>:<mode>[:<dns0>[:<dns1>]]"
 * with IPv6 addresses in brackets. Returns 0, or -1 with *why. */
int ipconf_parse(const char *value, struct ipconf *out, const char **why);

#define IPCONF_MAC_LEN 18	/* "52:54:00:12:34:56" and its NUL */

/* A MAC address written "52:54:00:12:34:56" or "52-54-00-12-34-56", or PXE's
 * BOOTIF form "01-52-54-00-12-34-56" (hardware type 1, Ethernet, first), into
 * out in lower-case colon form. Returns 0, or -1 when s is none of those. */
int ipconf_mac(const char *s, char out[IPCONF_MAC_LEN]);

/* ifname=<name>:<mac>: the name a link with that MAC is to have. Returns 0, or
 * -1 with *why. */
int ipconf_ifname(const char *value, char name[16], char mac[IPCONF_MAC_LEN], const char **why);

#endif
