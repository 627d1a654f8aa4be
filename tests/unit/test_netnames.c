/* The interfaces network configuration files name, and whether this machine's NIC is one of them. */
#include "t.h"
#include "diag/netnames.h"

#include <stdlib.h>

struct row {
	const char *name;
	enum netnames_format fmt;
	const char *text;
	const char *want;	/* "name@line mac@line …" */
};

static const struct row rows[] = {
	{ "ifupdown", NETNAMES_IFUPDOWN,
	  "source /etc/network/interfaces.d/*\n\nauto lo\niface lo inet loopback\n\nallow-hotplug ens2\n"
	  "iface ens2 inet dhcp\n# iface eth9 inet dhcp\niface ens2:1 inet static\n  address 10.0.0.2/24\n"
	  "auto eth0 eth1\n",
	  "ens2@6 ens2@7 ens2@9 eth0@11 eth1@11" },
	{ "ifupdown, nothing but lo", NETNAMES_IFUPDOWN, "auto lo\niface lo inet loopback\n", "" },
	{ "networkd", NETNAMES_NETWORKD,
	  "[Match]\nName=en* eth0\nMACAddress=52:54:00:AA:BB:CC\n\n[Network]\nDHCP=yes\nName=ignored\n",
	  "en*@2 eth0@2 52:54:00:aa:bb:cc@3" },
	{ "networkd, no [Match]", NETNAMES_NETWORKD, "[Network]\nDHCP=yes\n", "" },
	{ "NetworkManager", NETNAMES_NM,
	  "[connection]\nid=Wired\ntype=ethernet\ninterface-name=eth7\n\n[ethernet]\nmac-address=52:54:00:12:34:56\n",
	  "eth7@4 52:54:00:12:34:56@7" },
	{ "ifcfg", NETNAMES_IFCFG, "DEVICE=\"eth0\"\nBOOTPROTO=dhcp\nHWADDR=52:54:00:12:34:56\nONBOOT=yes\n",
	  "eth0@1 52:54:00:12:34:56@3" },
	{ "ifcfg, a broken MAC", NETNAMES_IFCFG, "DEVICE=eth0\nHWADDR=52:54:00:12:34\n", "eth0@1" },
	{ "netplan", NETNAMES_NETPLAN,
	  "network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n      match:\n"
	  "        macaddress: \"52:54:00:12:34:56\"\n      set-name: eth0\n    ens3:\n      dhcp4: true\n"
	  "  bridges:\n    br0:\n      interfaces: [eth0]\n",
	  "eth0@4 52:54:00:12:34:56@7 eth0@8 ens3@9" },
	{ "netplan without ethernets", NETNAMES_NETPLAN, "network:\n  version: 2\n  renderer: networkd\n", "" },
	{ "networkd, a form feed between names", NETNAMES_NETWORKD, "[Match]\nName=en*\f eth0\v\n", "en*@2 eth0@2" },
	{ "ifupdown, a form feed between names", NETNAMES_IFUPDOWN, "auto\feth0\feth1\n", "eth0@1 eth1@1" },
};

static void render(const struct netnames_ref *r, int n, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s@%d", i ? " " : "", r[i].mac[0] ? r[i].mac : r[i].name,
					r[i].line);
}

int main(void)
{
	struct netnames_ref refs[NETNAMES_MAX];
	char got[512];

	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		int n = netnames_read(rows[i].fmt, rows[i].text, strlen(rows[i].text), refs, NETNAMES_MAX);
		render(refs, n, got, sizeof got);
		CHECK_STR(got, rows[i].want, rows[i].name);
	}
	// bounded: max refs, never more
	int n = netnames_read(NETNAMES_IFUPDOWN, "auto a b c d e f\n", 17, refs, 3);
	CHECK(n == 3, "max 3, got %d", n);
	// a NUL in a name or MAC: no name at all, nor one cut at it
	static const char nul[] = "[Match]\nName=\0\nName=en\0s2 eth0\nMACAddress=\0" "2:54:00:12:34:56\n";
	n = netnames_read(NETNAMES_NETWORKD, nul, sizeof nul - 1, refs, NETNAMES_MAX);
	render(refs, n, got, sizeof got);
	CHECK_STR(got, "eth0@3", "NUL bytes");
	// a file cut anywhere is read without reading past it (each cut in a copy of its own length)
	for (size_t cut = 0; cut <= strlen(rows[0].text); cut++) {
		char *c = malloc(cut ? cut : 1);
		memcpy(c, rows[0].text, cut);
		n = netnames_read(NETNAMES_IFUPDOWN, c, cut, refs, NETNAMES_MAX);
		free(c);
		CHECK(n >= 0 && n <= 5, "ifupdown cut %zu: %d", cut, n);
	}
	const char *np = rows[7].text;
	for (size_t cut = 0; cut < strlen(np); cut++) {
		char buf[512];
		memcpy(buf, np, cut);
		n = netnames_read(NETNAMES_NETPLAN, buf, cut, refs, NETNAMES_MAX);
		CHECK(n >= 0 && n <= 4, "cut %zu: %d", cut, n);
	}

	// matching: names, globs, negation, MACs; each with its twin
	struct netnames_ref r = { "ens2", "", 1 };
	CHECK(netnames_match(&r, "ens2", "52:54:00:12:34:56"), "same name");
	CHECK(!netnames_match(&r, "eth7", "52:54:00:12:34:56"), "other name");
	struct netnames_ref g = { "en*", "", 1 };
	CHECK(netnames_match(&g, "ens2", NULL) && !netnames_match(&g, "eth0", NULL), "glob");
	struct netnames_ref ng = { "!eth*", "", 1 };
	CHECK(netnames_match(&ng, "ens2", NULL) && !netnames_match(&ng, "eth0", NULL), "negated glob");
	struct netnames_ref m = { "", "52:54:00:12:34:56", 1 };
	CHECK(netnames_match(&m, "whatever", "52:54:00:12:34:56"), "same MAC");
	CHECK(netnames_match(&m, "whatever", "52:54:00:12:34:56") && !netnames_match(&m, "whatever", "52:54:00:12:34:57") &&
	      !netnames_match(&m, "whatever", NULL), "other MAC");
	return t_done("test_netnames");
}
