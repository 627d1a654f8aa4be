/* Firewall boot links, and rule files opened for SSH: each edit made once, a second run changes nothing. */
#include "t.h"
#include "fix/fwrules.h"

enum kind { IPT, NFT, ZONE, UFW4, UFW6, UFWCONF };

/* want set: the edit gives exactly want, and a second run on it gives 0.
 * want NULL: the editor returns rc. */
struct edit {
	const char *name;
	enum kind k;
	int port;
	const char *in, *want;
	long rc;
};

static long run(enum kind k, const char *in, size_t len, int port, char *out, size_t size)
{
	switch (k) {
	case IPT:
		return fwrules_iptables_allow(in, len, port, out, size);
	case NFT:
		return fwrules_nft_allow(in, len, port, out, size);
	case ZONE:
		return fwrules_firewalld_zone_allow(in, len, port, out, size);
	case UFW4:
		return fwrules_ufw_allow(in, len, port, 0, out, size);
	case UFW6:
		return fwrules_ufw_allow(in, len, port, 1, out, size);
	case UFWCONF:
		return fwrules_ufw_conf_disable(in, len, out, size);
	}
	return -99;
}

#define R22 "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
#define NAT "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" \
	":POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n"
#define FHEAD "*filter\n:INPUT DROP [10:600]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [5:300]\n:LOGDROP - [0:0]\n"
#define FRULES "-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n" \
	"-A INPUT -p tcp -m tcp --dport 22 -j DROP\n-A INPUT -j LOGDROP\n-A LOGDROP -j DROP\nCOMMIT\n"
#define NEWF "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" R22 "COMMIT\n"

#define DEB_NFT_HEAD "#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain input {\n"
#define DEB_NFT_TAIL "\t}\n\tchain forward {\n\t\ttype filter hook forward priority filter;\n\t}\n" \
	"\tchain output {\n\t\ttype filter hook output priority filter;\n\t}\n}\n"
#define NFT22 "tcp dport 22 accept comment \"lifeboat\""

#define ZHEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone>\n  <short>Public</short>\n" \
	"  <description>For use in public areas.</description>\n"
#define ZTAIL "  <service name=\"dhcpv6-client\"/>\n  <forward/>\n</zone>\n"

#define UHEAD "*filter\n:ufw-user-input - [0:0]\n:ufw-user-output - [0:0]\n:ufw-user-forward - [0:0]\n" \
	":ufw-user-limit - [0:0]\n:ufw-user-limit-accept - [0:0]\n### RULES ###\n"
#define UTAIL "\n### END RULES ###\n\n### LOGGING ###\n-A ufw-after-logging-input -j LOG --log-prefix " \
	"\"[UFW BLOCK] \" -m limit --limit 3/min --limit-burst 10\n### END LOGGING ###\n\n### RATE LIMITING ###\n" \
	"-A ufw-user-limit -j REJECT\n-A ufw-user-limit-accept -j ACCEPT\n### END RATE LIMITING ###\nCOMMIT\n"
#define UPKG_HEAD "*filter\n:ufw-user-input - [0:0]\n:ufw-user-output - [0:0]\n:ufw-user-forward - [0:0]\n" \
	":ufw-user-limit - [0:0]\n:ufw-user-limit-accept - [0:0]\n### RULES ###\n"
#define UPKG_TAIL "-A ufw-user-limit -m limit --limit 3/minute -j LOG --log-prefix \"[UFW LIMIT BLOCK] \"\n" \
	"-A ufw-user-limit -j REJECT\n-A ufw-user-limit-accept -j ACCEPT\nCOMMIT\n"
#define UPKG UPKG_HEAD UPKG_TAIL
#define UPKG_22 UPKG_HEAD U22 UPKG_TAIL
#define U22 "\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n"
#define U6_22 "\n### tuple ### allow tcp 22 ::/0 any ::/0 in\n-A ufw6-user-input -p tcp --dport 22 -j ACCEPT\n"
#define U80 "\n### tuple ### allow tcp 80 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 80 -j ACCEPT\n"
#define UDENY22 "\n### tuple ### deny tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n-A ufw-user-input -p tcp --dport 22 -j DROP\n"

static const struct edit edits[] = {
	// iptables-save files
	{ "nat table first, INPUT policy DROP, a DROP rule for 22", IPT, 22, NAT FHEAD FRULES,
	  NAT FHEAD R22 FRULES, 0 },
	{ "another port", IPT, 2222, FHEAD FRULES,
	  FHEAD "-A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT\n" FRULES, 0 },
	{ "ip6tables, no final newline after COMMIT", IPT, 22,
	  "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p ipv6-icmp -j ACCEPT\nCOMMIT",
	  "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n" R22
	  "-A INPUT -p ipv6-icmp -j ACCEPT\nCOMMIT", 0 },
	{ "a user chain's rules come first", IPT, 22, FHEAD "-A LOGDROP -j DROP\n-A INPUT -j LOGDROP\nCOMMIT\n",
	  FHEAD R22 "-A LOGDROP -j DROP\n-A INPUT -j LOGDROP\nCOMMIT\n", 0 },
	{ "a filter table without rules", IPT, 22, "*filter\n:INPUT DROP [0:0]\nCOMMIT\n",
	  "*filter\n:INPUT DROP [0:0]\n" R22 "COMMIT\n", 0 },
	{ "the first INPUT rule accepts 22 from one network only", IPT, 22,
	  FHEAD "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n",
	  FHEAD R22 "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n", 0 },
	{ "an accept for 22 after a DROP", IPT, 22, FHEAD "-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n",
	  FHEAD R22 "-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", 0 },
	{ "no filter table: one is added", IPT, 22, NAT, NAT NEWF, 0 },
	{ "no filter table, no final newline", IPT, 22, "# x", "# x\n" NEWF, 0 },
	{ "an empty file", IPT, 22, "", NEWF, 0 },
	{ "first INPUT rule accepts 22 without -m tcp", IPT, 22,
	  FHEAD "-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n", NULL, 0 },
	{ "the first INPUT rule accepts udp 22", IPT, 22, FHEAD "-A INPUT -p udp --dport 22 -j ACCEPT\nCOMMIT\n",
	  FHEAD R22 "-A INPUT -p udp --dport 22 -j ACCEPT\nCOMMIT\n", 0 },
	{ "a port's prefix is not the port", IPT, 22, FHEAD "-A INPUT -p tcp --dport 222 -j ACCEPT\nCOMMIT\n",
	  FHEAD R22 "-A INPUT -p tcp --dport 222 -j ACCEPT\nCOMMIT\n", 0 },
	{ "a filter table that never ends", IPT, 22, "*filter\n:INPUT DROP [0:0]\n", NULL, FWRULES_NOPLACE },
	{ "port 0", IPT, 0, FHEAD FRULES, NULL, FWRULES_BADPORT },
	{ "port 65536", IPT, 65536, FHEAD FRULES, NULL, FWRULES_BADPORT },

	// nftables
	{ "Debian's nftables.conf", NFT, 22, DEB_NFT_HEAD "\t\ttype filter hook input priority filter;\n" DEB_NFT_TAIL,
	  DEB_NFT_HEAD "\t\ttype filter hook input priority filter;\n\t\t" NFT22 "\n" DEB_NFT_TAIL, 0 },
	{ "two input chains, policy drop, other port", NFT, 2222,
	  "table ip a {\n  chain in4 {\n    type filter hook input priority 0; policy drop;\n    ct state established accept\n  }\n}\n"
	  "table ip6 b {\n chain in6 {\n  type  filter  hook  input  priority  0 ;  policy drop ;  # v6\n }\n}",
	  "table ip a {\n  chain in4 {\n    type filter hook input priority 0; policy drop;\n"
	  "    tcp dport 2222 accept comment \"lifeboat\"\n    ct state established accept\n  }\n}\n"
	  "table ip6 b {\n chain in6 {\n  type  filter  hook  input  priority  0 ;  policy drop ;  # v6\n"
	  "  tcp dport 2222 accept comment \"lifeboat\"\n }\n}", 0 },
	{ "a chain on one line", NFT, 22,
	  "table inet f { chain input { type filter hook input priority 0; policy drop; iif lo accept; }; }\n",
	  "table inet f { chain input { type filter hook input priority 0; policy drop; " NFT22
	  "; iif lo accept; }; }\n", 0 },
	{ "nft commands, a policy without ';'", NFT, 22,
	  "add table ip t\nadd chain ip t i { type filter hook input priority 0; policy drop }\n",
	  "add table ip t\nadd chain ip t i { type filter hook input priority 0; policy drop ; " NFT22 ";}\n", 0 },
	{ "a chain's brace line holds the hook", NFT, 22, "table ip f {\n chain i { type filter hook input priority 0\n }\n}\n",
	  "table ip f {\n chain i { type filter hook input priority 0\n " NFT22 "\n }\n}\n", 0 },
	{ "a fragment ending in the hook line", NFT, 22, "type filter hook input priority 0;",
	  "type filter hook input priority 0;\n" NFT22, 0 },
	{ "an arp table's input chain is left alone", NFT, 22,
	  "table arp a {\n chain i {\n  type filter hook input priority 0;\n }\n}\ntable inet f {\n chain i {\n"
	  "  type filter hook input priority 0;\n }\n}\n",
	  "table arp a {\n chain i {\n  type filter hook input priority 0;\n }\n}\ntable inet f {\n chain i {\n"
	  "  type filter hook input priority 0;\n  " NFT22 "\n }\n}\n", 0 },
	{ "no input chain", NFT, 22, DEB_NFT_HEAD "\t\ttype nat hook input priority 100;\n"
	  "\t\t# type filter hook input priority 0;\n" DEB_NFT_TAIL, NULL, FWRULES_NOPLACE },
	{ "only an arp input chain", NFT, 22, "table arp a {\n chain i {\n  type filter hook input priority 0;\n }\n}\n",
	  NULL, FWRULES_NOPLACE },
	{ "nft bad port", NFT, -1, "type filter hook input priority 0;\n", NULL, FWRULES_BADPORT },

	// firewalld zones
	{ "a zone without ssh", ZONE, 22, ZHEAD ZTAIL, ZHEAD "  <service name=\"dhcpv6-client\"/>\n  <forward/>\n"
	  "  <service name=\"ssh\"/>\n</zone>\n", 0 },
	{ "a zone with ssh", ZONE, 22, ZHEAD "  <service name=\"ssh\"/>\n" ZTAIL, NULL, 0 },
	{ "a zone with ssh, other port", ZONE, 2222, ZHEAD "  <service name='ssh' />\n" ZTAIL,
	  ZHEAD "  <service name='ssh' />\n  <service name=\"dhcpv6-client\"/>\n  <forward/>\n"
	  "  <port protocol=\"tcp\" port=\"2222\"/>\n</zone>\n", 0 },
	{ "a port range with it", ZONE, 2222, ZHEAD "  <port port=\"2000-3000\" protocol=\"tcp\"/>\n" ZTAIL, NULL, 0 },
	{ "tcp 22 as a port", ZONE, 22, ZHEAD "<port\n protocol = \"tcp\"\n port=\"22\"/>" ZTAIL, NULL, 0 },
	{ "a udp port, a rich rule and a comment are no allow", ZONE, 22,
	  "<zone>\n  <port protocol=\"udp\" port=\"22\"/>\n  <!-- 1 > 0: <service name=\"ssh\"/> -->\n"
	  "  <rule family=\"ipv4\"><source address=\"10.0.0.1\"/><service name=\"ssh\"/><accept/></rule>\n</zone>",
	  "<zone>\n  <port protocol=\"udp\" port=\"22\"/>\n  <!-- 1 > 0: <service name=\"ssh\"/> -->\n"
	  "  <rule family=\"ipv4\"><source address=\"10.0.0.1\"/><service name=\"ssh\"/><accept/></rule>\n"
	  "  <service name=\"ssh\"/>\n</zone>", 0 },
	{ "a zone on one line", ZONE, 22, "<zone><short>x</short></zone>\n",
	  "<zone><short>x</short><service name=\"ssh\"/></zone>\n", 0 },
	{ "no </zone>", ZONE, 22, "<zone>\n  <short>x</short>\n", NULL, FWRULES_NOPLACE },
	{ "zone bad port", ZONE, 70000, ZHEAD ZTAIL, NULL, FWRULES_BADPORT },

	// ufw user rules
	{ "ufw without rules", UFW4, 22, UHEAD UTAIL, UHEAD U22 UTAIL, 0 },
	{ "ufw6 without rules", UFW6, 22, UHEAD UTAIL, UHEAD U6_22 UTAIL, 0 },
	{ "ufw with allow 80, allow 22", UFW4, 22, UHEAD U80 U22 UTAIL, NULL, 0 },
	{ "ufw with a comment on the rule", UFW4, 22, UHEAD "\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in "
	  "comment=7373680a\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n" UTAIL, NULL, 0 },
	{ "ufw with deny 22 first", UFW4, 22, UHEAD UDENY22 U22 UTAIL, UHEAD U22 UDENY22 U22 UTAIL, 0 },
	{ "ufw, a tuple without its rule", UFW4, 22,
	  UHEAD "\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n" UTAIL,
	  UHEAD U22 "\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n" UTAIL, 0 },
	{ "ufw6 with the v4 rule only", UFW6, 22, UHEAD U22 UTAIL, UHEAD U6_22 U22 UTAIL, 0 },
	{ "ufw another port", UFW4, 8022, UHEAD U80 UTAIL,
	  UHEAD "\n### tuple ### allow tcp 8022 0.0.0.0/0 any 0.0.0.0/0 in\n"
	  "-A ufw-user-input -p tcp --dport 8022 -j ACCEPT\n" U80 UTAIL, 0 },
	{ "ufw, the RULES line last without newline", UFW4, 22, "### RULES ###", "### RULES ###\n" U22, 0 },
	{ "ufw without a RULES section", UFW4, 22, "*filter\n:ufw-user-input - [0:0]\nCOMMIT\n", NULL, FWRULES_NOPLACE },
	{ "ufw as its package ships it, without END RULES", UFW4, 22, UPKG, UPKG_22, 0 },
	{ "ufw without END RULES, with the rule", UFW4, 22, UHEAD U22 U80, NULL, 0 },
	{ "ufw bad port", UFW6, 0, UHEAD UTAIL, NULL, FWRULES_BADPORT },

	// ufw.conf
	{ "ufw.conf enabled", UFWCONF, 0,
	  "# /etc/ufw/ufw.conf\n#\n\n# Set to yes to start on boot.\nENABLED=yes\n\nLOGLEVEL=low\n",
	  "# /etc/ufw/ufw.conf\n#\n\n# Set to yes to start on boot.\nENABLED=no\n\nLOGLEVEL=low\n", 0 },
	{ "ufw.conf quoted, twice, CRLF", UFWCONF, 0, "ENABLED=\"yes\" # on\r\n  ENABLED='YES'",
	  "ENABLED=\"no\" # on\r\n  ENABLED='no'", 0 },
	{ "ufw.conf disabled", UFWCONF, 0, "#ENABLED=yes\nENABLED=no\nENABLED=yesterday\nXENABLED=yes\n", NULL, 0 },
	{ "ufw.conf empty", UFWCONF, 0, "", NULL, 0 },
};

static void check_edits(void)
{
	static char out[8192], again[8192];

	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		const struct edit *e = &edits[i];
		size_t len = strlen(e->in);
		memset(out, 0, sizeof out);
		long n = run(e->k, e->in, len, e->port, out, sizeof out);
		if (!e->want) {
			CHECK(n == e->rc, "%s: got %ld, want %ld", e->name, n, e->rc);
			if (n < 0)
				CHECK(strlen(fwrules_why(n)) > 0, "%s: a why", e->name);
			continue;
		}
		CHECK(n == (long)strlen(e->want), "%s: got %ld, want %zu", e->name, n, strlen(e->want));
		if (n <= 0)
			continue;
		CHECK_STR(out, e->want, e->name);
		// the negative twin: the edited file needs nothing more
		CHECK(run(e->k, out, (size_t)n, e->port, again, sizeof again) == 0, "%s: a second run changes it",
		      e->name);
		CHECK(run(e->k, e->in, len, e->port, again, (size_t)n) == FWRULES_NOROOM, "%s: no room for the NUL",
		      e->name);
		CHECK(run(e->k, e->in, len, e->port, again, 0) == FWRULES_NOROOM, "%s: no room at all", e->name);
		CHECK(run(e->k, e->in, len, e->port, again, (size_t)n + 1) == n && strcmp(again, e->want) == 0,
		      "%s: room just enough", e->name);
	}
}

static void check_units(void)
{
	static const struct {
		const char *unit, *entry, *target;
		int want;
	} links[] = {
		{ "firewalld.service", "firewalld.service", "/usr/lib/systemd/system/firewalld.service", 1 },
		{ "firewalld.service", "dbus-org.fedoraproject.FirewallD1.service",
		  "/usr/lib/systemd/system/firewalld.service", 1 },
		{ NULL, "dbus-org.fedoraproject.FirewallD1.service", "/etc/systemd/system/custom-fw.service", 1 },
		{ "ufw.service", "dbus-org.fedoraproject.FirewallD1.service", "/lib/systemd/system/firewalld.service", 0 },
		{ "ufw.service", "ufw.service", "/lib/systemd/system/ufw.service", 1 },
		{ "ufw.service", "firewalld.service", "/usr/lib/systemd/system/firewalld.service", 0 },
		{ NULL, "nftables.service", "/lib/systemd/system/nftables.service", 1 },
		{ NULL, "nftables.service", "/dev/null", 0 },
		{ NULL, "fw.service", "../nftables.service", 1 },
		{ NULL, "netfilter-persistent.service", "/lib/systemd/system/netfilter-persistent.service", 1 },
		{ NULL, "iptables.service", "/usr/lib/systemd/system/iptables.service", 1 },
		{ "iptables.service", "ip6tables.service", "/usr/lib/systemd/system/ip6tables.service", 0 },
		{ NULL, "sshd.service", "/usr/lib/systemd/system/sshd.service", 0 },
		{ NULL, "firewalld.service.bak", "/root/firewalld.service.bak", 0 },
		{ NULL, "ufw", "ufw", 0 },
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		CHECK(fwrules_unit_link(links[i].unit, links[i].entry, links[i].target) == links[i].want,
		      "link %s -> %s for %s", links[i].entry, links[i].target, links[i].unit ? links[i].unit : "any");

	const char *const *u = fwrules_units();
	size_t n = 0;
	for (; u[n]; n++)
		CHECK(fwrules_unit_product(u[n]) != NULL, "%s has a product", u[n]);
	CHECK(n == 6, "%zu units", n);
	CHECK_STR(fwrules_unit_product("netfilter-persistent.service"), "iptables-persistent", "product");
	CHECK_STR(fwrules_unit_product("ip6tables.service"), "iptables-services", "product");
	CHECK(fwrules_unit_product("sshd.service") == NULL, "sshd is no firewall");
}

static void check_default_zone(void)
{
	static const struct {
		const char *conf, *want;
	} zones[] = {
		{ "# default\nDefaultZone=public\nMinimalMark=100\n", "public" },
		{ "DefaultZone=internal\n", "internal" },
		{ "  DefaultZone = work \r\nDefaultZoneX=no\n", "work" },
		{ "DefaultZone=a\nDefaultZone=b\n", "b" },
		{ "#DefaultZone=drop\n", "public" },
		{ "DefaultZone=\n", "public" },
		{ "", "public" },
		{ "DefaultZone=../../etc/shadow\n", NULL },
		{ "DefaultZone=a/b\n", NULL },
		{ "DefaultZone=.hidden\n", NULL },
	};
	char zone[32];

	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		int rc = fwrules_firewalld_default_zone(zones[i].conf, strlen(zones[i].conf), zone, sizeof zone);
		if (zones[i].want) {
			CHECK(rc == 0, "zone of %s", zones[i].conf);
			if (rc == 0)
				CHECK_STR(zone, zones[i].want, zones[i].conf);
		} else {
			CHECK(rc < 0, "refused: %s", zones[i].conf);
		}
	}
	// a NUL in the value is no part of a file name (it would cut the name short)
	CHECK(fwrules_firewalld_default_zone("DefaultZone=pub\0lic\n", 20, zone, sizeof zone) < 0, "a NUL in the zone");
	CHECK(fwrules_firewalld_default_zone("DefaultZone=\0\n", 14, zone, sizeof zone) < 0, "a NUL for the zone");
	CHECK(fwrules_firewalld_default_zone("DefaultZone=internal\n", 21, zone, 8) < 0, "no room for the zone");
	CHECK(fwrules_firewalld_default_zone("DefaultZone=internal\n", 21, zone, 9) == 0, "room for the zone");
}

int main(void)
{
	check_edits();
	check_units();
	check_default_zone();
	return t_done("test_fwrules");
}
