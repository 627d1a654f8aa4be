/* Network configuration repairs: name prediction, ifupdown edits, generated files, classifiers, validation. */
#include "t.h"
#include "fix/netcfg.h"

static const struct netcfg_nic DHCP = { .ifname = "ens3", .mac = "52:54:00:12:34:56", .dhcp = 1 };
static const struct netcfg_nic STATIC4 = { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15",
					   .prefix = 24, .gateway = "10.0.2.2", .dns = { "10.0.2.3", "1.1.1.1" } };
static const struct netcfg_nic STATIC6 = { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "2001:db8::15",
					   .prefix = 64, .gateway = "fe80::1", .dns = { "", "2001:4860:4860::8888" } };

#define STANZA "# Added by lifeboat fix network for 52:54:00:12:34:56\nallow-hotplug ens3\n" \
	       "iface ens3 inet dhcp\niface ens3 inet6 auto\n"

static void predict(void)
{
	static const struct {
		const char *name;
		struct netcfg_pred_in in;
		const char *want;
		int src;
	} cases[] = {
		{ "i440fx virtio-net in ACPI hotplug slot 3",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .slot = 3, .onboard = -1, .hotplug_slot = 3 },
		  "ens3", NETCFG_NAME_SLOT },
		{ "the same with net.ifnames=0",
		  { .predictable = 0, .kernel_name = "eth0", .pci = 1, .slot = 3, .onboard = -1, .hotplug_slot = 3 },
		  "eth0", NETCFG_NAME_KERNEL },
		{ "q35 behind a root port, no usable slot",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .bus = 1, .onboard = -1 }, "enp1s0",
		  NETCFG_NAME_PATH },
		{ "a bridge's slot is not used for a single-function device",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .bus = 1, .onboard = -1, .hotplug_slot = 2,
		    .slot_on_bridge = 1 },
		  "enp1s0", NETCFG_NAME_PATH },
		{ "a bridge's slot is used for a multi-function device (v251-v254)",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .bus = 1, .multifunction = 1, .onboard = -1,
		    .hotplug_slot = 2, .slot_on_bridge = 1 },
		  "ens2f0", NETCFG_NAME_SLOT },
		{ "function 1, no slot",
		  { .predictable = 1, .kernel_name = "eth1", .pci = 1, .slot = 3, .func = 1, .multifunction = 1,
		    .onboard = -1 },
		  "enp0s3f1", NETCFG_NAME_PATH },
		{ "function 0 of a multi-function device",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .slot = 3, .multifunction = 1, .onboard = -1 },
		  "enp0s3f0", NETCFG_NAME_PATH },
		{ "function 0 of a single-function device",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .slot = 3, .onboard = -1 }, "enp0s3",
		  NETCFG_NAME_PATH },
		{ "acpi_index 1 beats the slot",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .slot = 3, .onboard = 1, .hotplug_slot = 3 },
		  "eno1", NETCFG_NAME_ONBOARD },
		{ "an onboard index beyond 16 bits is ignored",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .slot = 3, .onboard = 16777215,
		    .hotplug_slot = 3 },
		  "ens3", NETCFG_NAME_SLOT },
		{ "dev_port",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .bus = 1, .onboard = -1, .dev_port = 1 },
		  "enp1s0d1", NETCFG_NAME_PATH },
		{ "phys_port_name wins over dev_port",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .bus = 1, .onboard = -1, .dev_port = 1,
		    .phys_port_name = "p0" },
		  "enp1s0np0", NETCFG_NAME_PATH },
		{ "a PCI domain",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .domain = 1, .bus = 1, .onboard = -1 },
		  "enP1p1s0", NETCFG_NAME_PATH },
		{ "ARI folds the slot into the function",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .bus = 3, .slot = 1, .func = 2, .ari = 1,
		    .onboard = -1 },
		  "enp3s1f10", NETCFG_NAME_PATH },
		{ "a path name over 15 bytes falls back to the kernel's",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 1, .domain = 65535, .bus = 255, .slot = 31,
		    .func = 7, .onboard = -1, .dev_port = 1000 },
		  "eth0", NETCFG_NAME_KERNEL },
		{ "not on PCI: the kernel's name",
		  { .predictable = 1, .kernel_name = "eth0", .pci = 0, .onboard = 1 }, "eth0", NETCFG_NAME_KERNEL },
		{ "no usable name at all",
		  { .predictable = 0, .kernel_name = "", .pci = 1 }, NULL, -1 },
	};
	char out[16];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int r = netcfg_predict_ifname(&cases[i].in, out, sizeof out);
		CHECK(r == cases[i].src, "%s: source %d, want %d", cases[i].name, r, cases[i].src);
		if (cases[i].want)
			CHECK_STR(out, cases[i].want, cases[i].name);
	}
	CHECK(netcfg_predict_ifname(&cases[0].in, out, 4) == -1, "no room for \"ens3\"");
	CHECK(netcfg_predict_ifname(&cases[0].in, out, 5) == NETCFG_NAME_SLOT, "just room for \"ens3\"");
}

static void ifupdown(void)
{
	static const struct {
		const char *name, *in;
		const struct netcfg_nic *nic;
		int append;
		const char *want; /* NULL: no change */
	} cases[] = {
		{ "Debian's installer file, the NIC renamed",
		  "# The loopback network interface\nauto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n\n"
		  "# The primary network interface\nallow-hotplug enp0s3\niface enp0s3 inet dhcp\n",
		  &DHCP, 1,
		  "# The loopback network interface\nauto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n\n"
		  "# The primary network interface\n# lifeboat: allow-hotplug enp0s3\n# lifeboat: iface enp0s3 inet dhcp\n\n" STANZA },
		{ "its repaired output", "auto lo\niface lo inet loopback\n\n" STANZA, &DHCP, 1, NULL },
		{ "only lo, nothing to append", "auto lo\niface lo inet loopback\n", &DHCP, 0, NULL },
		{ "only lo, the stanza appended", "auto lo\niface lo inet loopback\n", &DHCP, 1,
		  "auto lo\niface lo inet loopback\n\n" STANZA },
		{ "an empty file", "", &DHCP, 1, STANZA },
		{ "auto lo eth0, tabs, spaces, a comment inside the stanza",
		  "auto lo eth0\niface lo inet loopback\niface eth0 inet static\n\taddress 192.168.1.5\n"
		  "# the old router\n    netmask 255.255.255.0\n  gateway 192.168.1.1\n",
		  &DHCP, 0,
		  "# lifeboat: auto lo eth0\nauto lo\niface lo inet loopback\n# lifeboat: iface eth0 inet static\n"
		  "# lifeboat: \taddress 192.168.1.5\n# the old router\n# lifeboat:     netmask 255.255.255.0\n"
		  "# lifeboat:   gateway 192.168.1.1\n" },
		{ "that output again",
		  "# lifeboat: auto lo eth0\nauto lo\niface lo inet loopback\n# lifeboat: iface eth0 inet static\n"
		  "# lifeboat: \taddress 192.168.1.5\n",
		  &DHCP, 0, NULL },
		{ "indented auto with lo last", "\tauto eth0 lo\n", &DHCP, 0, "# lifeboat: \tauto eth0 lo\n\tauto lo\n" },
		{ "no trailing newline, appended", "auto eth0\niface eth0 inet dhcp", &DHCP, 1,
		  "# lifeboat: auto eth0\n# lifeboat: iface eth0 inet dhcp\n\n" STANZA },
		{ "no trailing newline, kept", "auto eth0\niface eth0 inet dhcp", &DHCP, 0,
		  "# lifeboat: auto eth0\n# lifeboat: iface eth0 inet dhcp" },
		{ "a mapping stanza and its logical interface",
		  "mapping eth0\n\tscript /usr/local/sbin/map-scheme\n\tmap HOME eth0-home\niface eth0-home inet dhcp\n",
		  &DHCP, 0,
		  "# lifeboat: mapping eth0\n# lifeboat: \tscript /usr/local/sbin/map-scheme\n# lifeboat: \tmap HOME eth0-home\n"
		  "# lifeboat: iface eth0-home inet dhcp\n" },
		{ "source lines end a cut stanza",
		  "iface eth0 inet dhcp\n  hostname x\nsource-directory /etc/network/interfaces.d\nsource /etc/x\n", &DHCP, 0,
		  "# lifeboat: iface eth0 inet dhcp\n# lifeboat:   hostname x\nsource-directory /etc/network/interfaces.d\n"
		  "source /etc/x\n" },
		{ "lo's inet6 stanza and options stay",
		  "iface lo inet6 loopback\n  up echo hi\nallow-auto lo\n", &DHCP, 0, NULL },
		{ "a continued line is one line",
		  "iface eth0 inet static \\\n  address 10.0.0.2/8\n", &DHCP, 0,
		  "# lifeboat: iface eth0 inet static \\\n# lifeboat:   address 10.0.0.2/8\n" },
		{ "options added to the stanza are cut, the stanza not appended again",
		  STANZA "\tmtu 1400\n", &DHCP, 1, STANZA "# lifeboat: \tmtu 1400\n" },
		{ "the same interface configured otherwise",
		  "iface ens3 inet static\n\taddress 10.0.2.15/24\n", &DHCP, 1,
		  "# lifeboat: iface ens3 inet static\n# lifeboat: \taddress 10.0.2.15/24\n\n" STANZA },
		{ "static IPv4",
		  "", &STATIC4, 1,
		  "# Added by lifeboat fix network for 52:54:00:12:34:56\nallow-hotplug ens3\niface ens3 inet static\n"
		  "\taddress 10.0.2.15/24\n\tgateway 10.0.2.2\n\tdns-nameservers 10.0.2.3 1.1.1.1\n" },
		{ "static IPv6",
		  "", &STATIC6, 1,
		  "# Added by lifeboat fix network for 52:54:00:12:34:56\nallow-hotplug ens3\niface ens3 inet6 static\n"
		  "\taddress 2001:db8::15/64\n\tgateway fe80::1\n\tdns-nameservers 2001:4860:4860::8888\n" },
	};
	static char out[4096], again[4096];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = strlen(cases[i].in);
		long n = netcfg_ifupdown(cases[i].in, len, cases[i].nic, cases[i].append, out, sizeof out);
		if (!cases[i].want) {
			CHECK(n == 0, "%s: no change, got %ld: %s", cases[i].name, n, n > 0 ? out : "");
			continue;
		}
		CHECK(n == (long)strlen(cases[i].want), "%s: length %ld", cases[i].name, n);
		CHECK_STR(n > 0 ? out : "", cases[i].want, cases[i].name);
		// Idempotence: the repaired text needs nothing more.
		CHECK(n <= 0 || netcfg_ifupdown(out, (size_t)n, cases[i].nic, cases[i].append, again, sizeof again) == 0,
		      "%s: a second run changes it again: %s", cases[i].name, again);
	}

	static const char in[] = "auto eth0\niface eth0 inet dhcp\n";
	long n = netcfg_ifupdown(in, sizeof in - 1, &DHCP, 1, out, sizeof out);
	CHECK(n > 0 && netcfg_ifupdown(in, sizeof in - 1, &DHCP, 1, again, (size_t)n + 1) == n, "just room");
	CHECK(netcfg_ifupdown(in, sizeof in - 1, &DHCP, 1, again, (size_t)n) == -1, "one byte short");
	CHECK(netcfg_ifupdown(in, sizeof in - 1, &DHCP, 0, again, 8) == -1, "no room for the cut text");
	struct netcfg_nic bad = STATIC4;
	bad.prefix = 33;
	CHECK(netcfg_ifupdown(in, sizeof in - 1, &bad, 1, out, sizeof out) == -1, "an invalid NIC is never appended");
	CHECK(netcfg_ifupdown(in, sizeof in - 1, &bad, 0, out, sizeof out) > 0, "but not appending needs no NIC");
}

static void generators(void)
{
	static const struct {
		const char *name;
		long (*gen)(const struct netcfg_nic *, char *, size_t);
		const struct netcfg_nic *nic;
		const char *want;
	} cases[] = {
		{ "netplan dhcp", netcfg_netplan, &DHCP,
		  "# Written by lifeboat fix network\nnetwork:\n  version: 2\n  ethernets:\n    lifeboat0:\n      match:\n"
		  "        macaddress: \"52:54:00:12:34:56\"\n      set-name: \"ens3\"\n      dhcp4: true\n      dhcp6: true\n" },
		{ "netplan static", netcfg_netplan, &STATIC4,
		  "# Written by lifeboat fix network\nnetwork:\n  version: 2\n  ethernets:\n    lifeboat0:\n      match:\n"
		  "        macaddress: \"52:54:00:12:34:56\"\n      set-name: \"ens3\"\n      addresses:\n"
		  "        - \"10.0.2.15/24\"\n      routes:\n        - to: default\n          via: \"10.0.2.2\"\n"
		  "      nameservers:\n        addresses:\n          - \"10.0.2.3\"\n          - \"1.1.1.1\"\n" },
		{ "networkd dhcp", netcfg_networkd, &DHCP,
		  "# Written by lifeboat fix network\n[Match]\nMACAddress=52:54:00:12:34:56\nType=ether\n\n[Network]\nDHCP=yes\n" },
		{ "networkd static", netcfg_networkd, &STATIC4,
		  "# Written by lifeboat fix network\n[Match]\nMACAddress=52:54:00:12:34:56\nType=ether\n\n[Network]\n"
		  "Address=10.0.2.15/24\nGateway=10.0.2.2\nDNS=10.0.2.3\nDNS=1.1.1.1\n" },
		{ "networkd static IPv6", netcfg_networkd, &STATIC6,
		  "# Written by lifeboat fix network\n[Match]\nMACAddress=52:54:00:12:34:56\nType=ether\n\n[Network]\n"
		  "Address=2001:db8::15/64\nGateway=fe80::1\nDNS=2001:4860:4860::8888\n" },
		{ "ifcfg dhcp", netcfg_ifcfg, &DHCP,
		  "# Written by lifeboat fix network\nDEVICE=ens3\nHWADDR=52:54:00:12:34:56\nTYPE=Ethernet\nONBOOT=yes\n"
		  "BOOTPROTO=dhcp\nIPV6INIT=yes\nIPV6_AUTOCONF=yes\n" },
		{ "ifcfg static", netcfg_ifcfg, &STATIC4,
		  "# Written by lifeboat fix network\nDEVICE=ens3\nHWADDR=52:54:00:12:34:56\nTYPE=Ethernet\nONBOOT=yes\n"
		  "BOOTPROTO=none\nIPADDR=10.0.2.15\nPREFIX=24\nGATEWAY=10.0.2.2\nDNS1=10.0.2.3\nDNS2=1.1.1.1\n" },
		{ "ifcfg static IPv6, the second DNS numbered 1", netcfg_ifcfg, &STATIC6,
		  "# Written by lifeboat fix network\nDEVICE=ens3\nHWADDR=52:54:00:12:34:56\nTYPE=Ethernet\nONBOOT=yes\n"
		  "BOOTPROTO=none\nIPV6INIT=yes\nIPV6_AUTOCONF=no\nIPV6ADDR=2001:db8::15/64\nIPV6_DEFAULTGW=fe80::1\n"
		  "DNS1=2001:4860:4860::8888\n" },
	};
	static char out[2048];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long n = cases[i].gen(cases[i].nic, out, sizeof out);
		CHECK(n == (long)strlen(cases[i].want), "%s: length %ld", cases[i].name, n);
		CHECK_STR(n > 0 ? out : "", cases[i].want, cases[i].name);
		CHECK(cases[i].gen(cases[i].nic, out, strlen(cases[i].want)) == -1, "%s: one byte short", cases[i].name);
	}

	// The keyfile's uuid: the same for the same MAC, another for another, version 4 and RFC 4122 variant.
	static char a[1024], b[1024];
	struct netcfg_nic other = DHCP;
	other.mac[16] = '7';
	CHECK(netcfg_nmconnection(&DHCP, a, sizeof a) > 0 && netcfg_nmconnection(&DHCP, b, sizeof b) > 0 &&
	      strcmp(a, b) == 0, "deterministic");
	CHECK(netcfg_nmconnection(&other, b, sizeof b) > 0 && strcmp(a, b) != 0, "another MAC, another uuid");
	const char *u = strstr(a, "uuid=");
	CHECK(u && strlen(u) > 41 && u[5 + 8] == '-' && u[5 + 13] == '-' && u[5 + 14] == '4' && u[5 + 18] == '-' &&
	      strchr("89ab", u[5 + 19]) && u[5 + 23] == '-' && u[5 + 36] == '\n', "uuid shape: %.42s", u ? u : "");
	size_t cut = (size_t)(u - a) + 41;
	static const char dhcp_tail[] = "type=ethernet\nautoconnect-priority=100\n\n[ethernet]\nmac-address=52:54:00:12:34:56\n\n"
					"[ipv4]\nmethod=auto\n\n[ipv6]\nmethod=auto\n";
	CHECK(strncmp(a, "# Written by lifeboat fix network\n[connection]\nid=lifeboat\nuuid=", 64) == 0 &&
	      strcmp(a + cut + 1, dhcp_tail) == 0, "keyfile dhcp: %s", a);
	CHECK(netcfg_nmconnection(&STATIC4, a, sizeof a) > 0 &&
	      strstr(a, "\n[ipv4]\nmethod=manual\naddress1=10.0.2.15/24,10.0.2.2\ndns=10.0.2.3;1.1.1.1;\n\n[ipv6]\nmethod=ignore\n"),
	      "keyfile static: %s", a);
	CHECK(netcfg_nmconnection(&STATIC6, a, sizeof a) > 0 &&
	      strstr(a, "\n[ipv4]\nmethod=disabled\n\n[ipv6]\nmethod=manual\naddress1=2001:db8::15/64,fe80::1\n"
			"dns=2001:4860:4860::8888;\n") && !strstr(a, "method=ignore"),
	      "keyfile static IPv6: %s", a);
	struct netcfg_nic bad = STATIC4;
	strcpy(bad.gateway, "10.0.3.1");
	CHECK(netcfg_netplan(&bad, out, sizeof out) == -1 && netcfg_networkd(&bad, out, sizeof out) == -1 &&
	      netcfg_nmconnection(&bad, out, sizeof out) == -1 && netcfg_ifcfg(&bad, out, sizeof out) == -1,
	      "no generator writes an invalid NIC");
}

static void classifiers(void)
{
	static const struct {
		int (*is)(const char *, size_t);
		const char *text;
		int want;
	} cases[] = {
		{ netcfg_networkd_is_ethernet, "[Match]\nName=en*\n\n[Network]\nDHCP=yes\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=lo\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=eth0 wlan0\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=wlan0\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=e*\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=br0\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=docker* veth* virbr*\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=!lo\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Network]\nDHCP=yes\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Match]\n# Name=br0\n[Network]\nDHCP=yes\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Match]\nMACAddress=52:54:00:12:34:56\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Match]\nMACAddress=52:54:00:12:34:56\nType=bridge\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nType=ether\n", 1 },
		{ netcfg_networkd_is_ethernet, "[Match]\nType=wlan\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nKind=bond\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=en*\nWLANInterfaceType=station\n", 0 },
		{ netcfg_networkd_is_ethernet, "[Match]\nName=br0\n[Network]\nName=eth0\n", 0 },
		{ netcfg_networkd_is_ethernet, "  [Match]  \r\n  Name = ens3 \r\n", 1 },
		{ netcfg_nm_is_ethernet, "[connection]\nid=Wired\ntype=ethernet\n", 1 },
		{ netcfg_nm_is_ethernet, "[connection]\nid=Wired\ntype = 802-3-ethernet\n", 1 },
		{ netcfg_nm_is_ethernet, "[connection]\nid=home\ntype=wifi\n", 0 },
		{ netcfg_nm_is_ethernet, "[connection]\nid=br\ntype=bridge\n", 0 },
		{ netcfg_nm_is_ethernet, "[connection]\nid=v\n[vpn]\ntype=ethernet\n", 0 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=eth0\nTYPE=Ethernet\nBOOTPROTO=dhcp\n", 1 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=lo\nIPADDR=127.0.0.1\n", 0 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=\"eth0\"\nBOOTPROTO=dhcp\n", 1 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=br0\nBOOTPROTO=dhcp\n", 0 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=br0\nTYPE=Bridge\n", 0 },
		{ netcfg_ifcfg_is_ethernet, "TYPE='ethernet'\nHWADDR=52:54:00:12:34:56\n", 1 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=bond0\nBONDING_OPTS=\"mode=1\"\n", 0 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=eth0.100\nVLAN=yes\n", 0 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n", 1 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=team0\nDEVICETYPE=Team\n", 0 },
		{ netcfg_ifcfg_is_ethernet, "DEVICE=eth1\nDEVICETYPE=TeamPort\nTEAM_MASTER=team0\n", 1 },
		{ netcfg_netplan_has_ethernets, "network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n", 1 },
		{ netcfg_netplan_has_ethernets, "network:\n  version: 2\n  wifis:\n    wlan0:\n      dhcp4: true\n", 0 },
		{ netcfg_netplan_has_ethernets, "# cloud-init\nnetwork:\n    version: 2\n    renderer: networkd\n"
						"    ethernets:\n        ens3: {dhcp4: true}\n", 1 },
		{ netcfg_netplan_has_ethernets, "network:\n  bridges:\n    br0:\n      ethernets:\n", 0 },
		{ netcfg_netplan_has_ethernets, "ethernets:\n  eth0: {}\n", 0 },
		{ netcfg_netplan_has_ethernets, "network:\n  version: 2\n#  ethernets:\n", 0 },
		{ netcfg_netplan_has_ethernets, "network: {version: 2, ethernets: {eth0: {dhcp4: true}}}\n", 1 },
		{ netcfg_netplan_has_ethernets, "other: {ethernets: {}}\n", 0 },
		{ netcfg_netplan_has_ethernets, "network:\n  version: 2\nethernets:\n", 0 },
		{ netcfg_netplan_has_ethernets, "\"network\":\n  'ethernets' :\n", 1 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK(cases[i].is(cases[i].text, strlen(cases[i].text)) == cases[i].want, "case %zu: %s", i, cases[i].text);
	// Classifiers read len bytes, not up to a NUL.
	CHECK(netcfg_nm_is_ethernet("[connection]\ntype=ethernet", 20) == 0, "cut short");
}

static void validity(void)
{
	static const struct {
		const char *name;
		struct netcfg_nic nic;
		int ok;
	} cases[] = {
		{ "dhcp", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .dhcp = 1 }, 1 },
		{ "static IPv4", { .ifname = "eth0", .mac = "52:54:00:12:34:56", .addr = "192.168.1.10", .prefix = 24,
				   .gateway = "192.168.1.1", .dns = { "9.9.9.9", "" } }, 1 },
		{ "static IPv4 /32 without a gateway", { .ifname = "eth0", .mac = "52:54:00:12:34:56", .addr = "192.0.2.7",
							 .prefix = 32 }, 1 },
		{ "static IPv6, a link-local gateway", { .ifname = "enp1s0", .mac = "52:54:00:12:34:56",
							 .addr = "2001:db8:1:2::7", .prefix = 64, .gateway = "fe80::1" }, 1 },
		{ "IPv6 with an embedded IPv4", { .ifname = "eth0", .mac = "52:54:00:12:34:56", .addr = "::ffff:10.1.2.3",
						  .prefix = 120, .gateway = "::ffff:10.1.2.1" }, 1 },
		{ "IPv6, all eight groups", { .ifname = "eth0", .mac = "52:54:00:12:34:56",
					      .addr = "2001:db8:0:0:1:2:3:4", .prefix = 64,
					      .gateway = "2001:db8::1", .dns = { "2001:db8::53", "1.1.1.1" } }, 1 },
		{ "an empty interface name", { .ifname = "", .mac = "52:54:00:12:34:56", .dhcp = 1 }, 0 },
		{ "a blank in the interface name", { .ifname = "en s3", .mac = "52:54:00:12:34:56", .dhcp = 1 }, 0 },
		{ "an interface name of 16 bytes", { .ifname = { 'a','a','a','a','a','a','a','a','a','a','a','a','a','a','a','a' },
						     .mac = "52:54:00:12:34:56", .dhcp = 1 }, 0 },
		{ "an upper-case MAC", { .ifname = "ens3", .mac = "52:54:00:12:34:5A", .dhcp = 1 }, 0 },
		{ "a short MAC", { .ifname = "ens3", .mac = "52:54:00:12:34", .dhcp = 1 }, 0 },
		{ "dhcp 2", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .dhcp = 2 }, 0 },
		{ "a newline in a DNS server", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15",
						 .prefix = 24, .dns = { "1.1.1.1\n", "" } }, 0 },
		{ "a quote in the address", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15\"",
					      .prefix = 24 }, 0 },
		{ "a quote in an unused field of a dhcp NIC", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .dhcp = 1,
								.gateway = "'" }, 0 },
		{ "an octet over 255", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.256", .prefix = 24 }, 0 },
		{ "three octets", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2", .prefix = 24 }, 0 },
		{ "a leading zero", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "010.0.2.15", .prefix = 24 }, 0 },
		{ "prefix 0", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15", .prefix = 0 }, 0 },
		{ "prefix 33", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15", .prefix = 33 }, 0 },
		{ "IPv6 prefix 129", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "2001:db8::1", .prefix = 129 }, 0 },
		{ "the network address", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.0", .prefix = 24 }, 0 },
		{ "the broadcast address", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.255", .prefix = 24 }, 0 },
		{ "a multicast address", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "224.0.0.1", .prefix = 24 }, 0 },
		{ "::1", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "::1", .prefix = 64 }, 0 },
		{ "the gateway of another family", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15",
						     .prefix = 24, .gateway = "fe80::1" }, 0 },
		{ "the gateway outside the prefix", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15",
						      .prefix = 25, .gateway = "10.0.2.129" }, 0 },
		{ "the gateway is the address", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15",
						  .prefix = 24, .gateway = "10.0.2.15" }, 0 },
		{ "a DNS server that is a name", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "10.0.2.15",
						   .prefix = 24, .dns = { "", "dns.example" } }, 0 },
		{ "two ::", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "2001::db8::1", .prefix = 64 }, 0 },
		{ ":::", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "2001:::1", .prefix = 64 }, 0 },
		{ "five hex digits", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "12345::1", .prefix = 64 }, 0 },
		{ "nine groups", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "1:2:3:4:5:6:7:8:9", .prefix = 64 }, 0 },
		{ "a trailing colon", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = "2001:db8::1:", .prefix = 64 }, 0 },
		{ "a single leading colon", { .ifname = "ens3", .mac = "52:54:00:12:34:56", .addr = ":2001:db8::1", .prefix = 64 }, 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *why = "unset";
		int r = netcfg_static_valid(&cases[i].nic, &why);
		CHECK((r == 0) == cases[i].ok, "%s: %d (%s)", cases[i].name, r, why ? why : "valid");
		CHECK(cases[i].ok ? why == NULL : why != NULL && why[0] != '\0', "%s: why", cases[i].name);
	}
	CHECK(netcfg_static_valid(&DHCP, NULL) == 0, "why may be NULL");
}

int main(void)
{
	predict();
	ifupdown();
	generators();
	classifiers();
	validity();
	return t_done("test_netcfg");
}
