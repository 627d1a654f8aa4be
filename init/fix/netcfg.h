/* A guest's network configuration, as `lifeboat fix network` rewrites it (pure). */
#ifndef LB_NETCFG_H
#define LB_NETCFG_H

#include <stddef.h>

/* The NIC the repaired guest should bring up, and how. */
struct netcfg_nic {
	char ifname[16];	/* the name the guest's udev will give the NIC (netcfg_predict_ifname) */
	char mac[18];		/* "52:54:00:12:34:56", lower case */
	int dhcp;		/* 1: DHCPv4 (+ IPv6 autoconf); 0: static below */
	char addr[48];		/* static: "10.0.2.15" or "2001:db8::15" */
	int prefix;		/* static: 24 */
	char gateway[48];	/* static, may be "": inside addr/prefix, or IPv6 link-local */
	char dns[2][48];	/* static, may be "" */
};

/* What the caller reads in sysfs about a PCI NIC, for netcfg_predict_ifname. */
struct netcfg_pred_in {
	int predictable;	/* 0 when net.ifnames=0 is on the guest's command line, or its
				 * /etc/systemd/network/99-default.link or
				 * /etc/udev/rules.d/80-net-setup-link.rules is a link to /dev/null */
	char kernel_name[16];	/* what the kernel calls it: "eth0" */
	int pci;		/* 1: the netdev's parent, virtio bus skipped, is a PCI device */
	unsigned domain, bus, slot, func; /* that PCI device's sysname "dddd:bb:ss.f" */
	int multifunction;	/* bit 7 of its config space byte 0x0e (header type) */
	int ari;		/* its ari_enabled reads "1" */
	long onboard;		/* its acpi_index, else its index; -1 when it has neither */
	unsigned hotplug_slot;	/* N of the /sys/bus/pci/slots/N (N a positive decimal) whose address
				 * the device's sysname starts with, else that of the nearest upstream
				 * bridge whose sysname matches one; 0 when none does */
	int slot_on_bridge;	/* that match was an upstream bridge's, not the device's own */
	unsigned long dev_port;	/* the netdev's dev_port, 0 when absent */
	char phys_port_name[16]; /* the netdev's phys_port_name, "" when absent or unreadable */
};

/* Where the predicted name came from. */
enum netcfg_name_src { NETCFG_NAME_KERNEL, NETCFG_NAME_ONBOARD, NETCFG_NAME_SLOT, NETCFG_NAME_PATH };

/* The name udev's net_id builtin (naming scheme v252) and the default
 * NamePolicy (onboard, slot, path) give the NIC, in out (size bytes).
 * Returns its source (enum netcfg_name_src), or -1 when out has no room or
 * the kernel name it falls back to is empty or not a valid interface name. */
int netcfg_predict_ifname(const struct netcfg_pred_in *in, char *out, size_t size);

/* 0 when nic is safe to write into any configuration file: ifname and mac
 * well formed, every string terminated and free of control bytes and quotes,
 * and, when static, addr/prefix/gateway/dns consistent literals. Else -1 and
 * *why (when why is not NULL) a sentence naming the first problem. */
int netcfg_static_valid(const struct netcfg_nic *nic, const char **why);

/* The next word of t in [*p, end) as ifupdown reads it: its length (0 when none is
 * left), its start in *w. A backslash before a newline joins lines: a blank. */
size_t netcfg_word(const char *t, size_t end, size_t *p, size_t *w);

/* An /etc/network/interfaces (or interfaces.d file) text with every iface
 * and mapping stanza but lo's, and every interface but lo on auto/allow-*
 * lines, commented out with "# lifeboat: " (every other byte kept), and,
 * when append is set, a stanza for nic appended. Returns the new length
 * (out NUL-terminated), 0 when the text is right already (nothing to
 * comment out and, with append, the stanza present), or -1 when out
 * (size bytes) has no room or nic is not valid. */
long netcfg_ifupdown(const char *text, size_t len, const struct netcfg_nic *nic, int append, char *out,
		     size_t size);

/* Complete files configuring nic alone: netplan YAML, a systemd-networkd
 * .network, a NetworkManager keyfile (its uuid derived from the MAC), and a
 * RHEL ifcfg. Each returns the length written to out (NUL-terminated), or -1
 * when nic is not valid or out (size bytes) has no room. */
long netcfg_netplan(const struct netcfg_nic *nic, char *out, size_t size);
long netcfg_networkd(const struct netcfg_nic *nic, char *out, size_t size);
long netcfg_nmconnection(const struct netcfg_nic *nic, char *out, size_t size);
long netcfg_ifcfg(const struct netcfg_nic *nic, char *out, size_t size);

/* Whether an existing file of a stack could configure an ethernet NIC (and so
 * must be set aside): 1 or 0. A .network whose [Match] every condition could
 * hold for a PCI ethernet NIC (none at all included); a keyfile of
 * type=ethernet; an ifcfg of an ethernet NIC (not lo, bridge, bond, vlan,
 * team, wireless); a netplan YAML with network: ethernets:. */
int netcfg_networkd_is_ethernet(const char *text, size_t len);
int netcfg_nm_is_ethernet(const char *text, size_t len);
int netcfg_ifcfg_is_ethernet(const char *text, size_t len);
int netcfg_netplan_has_ethernets(const char *text, size_t len);

#endif
