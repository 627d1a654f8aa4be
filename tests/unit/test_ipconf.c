/* ip=: every accepted form, and the malformed ones refused with a reason. */
#include "t.h"
#include "net/ipconf.h"

int main(void)
{
	static const struct {
		const char *in;
		enum ipconf_mode mode;
		const char *iface, *addr, *gw;
		int family, prefix, ndns;
		const char *dns0;
	} ok[] = {
		{ "dhcp", IPCONF_DHCP, "", "", "", 0, 0, 0, NULL },
		{ "on", IPCONF_DHCP, "", "", "", 0, 0, 0, NULL },
		{ "dhcp6", IPCONF_DHCP6, "", "", "", 0, 0, 0, NULL },
		{ "off", IPCONF_OFF, "", "", "", 0, 0, 0, NULL },
		{ "eth1:dhcp", IPCONF_DHCP, "eth1", "", "", 0, 0, 0, NULL },
		{ "ens3:dhcp6", IPCONF_DHCP6, "ens3", "", "", 0, 0, 0, NULL },
		{ "eth0:off", IPCONF_OFF, "eth0", "", "", 0, 0, 0, NULL },
		{ "10.0.2.15::10.0.2.2:255.255.255.0::eth0:none", IPCONF_STATIC, "eth0", "10.0.2.15", "10.0.2.2", 4, 24, 0, NULL },
		{ "192.0.2.5::192.0.2.1:255.255.255.128:web:eth0:off:192.0.2.53:192.0.2.54", IPCONF_STATIC, "eth0",
		  "192.0.2.5", "192.0.2.1", 4, 25, 2, "192.0.2.53" },
		{ "10.1.2.3:::16::eth2:none", IPCONF_STATIC, "eth2", "10.1.2.3", "", 4, 16, 0, NULL },
		{ "[2001:db8::2]::[2001:db8::1]:64::eth0:none:[2001:db8::53]", IPCONF_STATIC, "eth0",
		  "2001:db8::2", "2001:db8::1", 6, 64, 1, "2001:db8::53" },
		{ ":::::eth0:dhcp", IPCONF_DHCP, "eth0", "", "", 0, 0, 0, NULL },
		{ "52:54:00:AB:cd:01:dhcp", IPCONF_DHCP, "52:54:00:ab:cd:01", "", "", 0, 0, 0, NULL },
		{ "10.0.2.15::10.0.2.2:24::52-54-00-12-34-56:none", IPCONF_STATIC, "52:54:00:12:34:56",
		  "10.0.2.15", "10.0.2.2", 4, 24, 0, NULL },
		{ "10.0.2.15::10.0.2.2:24::52:54:00:12:34:56:none", IPCONF_STATIC, "52:54:00:12:34:56",
		  "10.0.2.15", "10.0.2.2", 4, 24, 0, NULL },
	};
	static const char *const bad[] = {
		"", "dhcpp", "eth0:bogus", ":dhcp", "10.0.2.15::10.0.2.2:255.255.255.0::eth0",
		"10.0.2.999::10.0.2.2:255.255.255.0::eth0:none",
		"10.0.2.15::10.0.2.2:255.0.255.0::eth0:none",
		"10.0.2.15::10.0.2.2:33::eth0:none",
		"10.0.2.15::2001:db8::1:24::eth0:none",
		"10.0.2.15::[2001:db8::1]:24::eth0:none",
		"[2001:db8::2::[2001:db8::1]:64::eth0:none",
		"10.0.2.15::10.0.2.2:24::eth0:none:not-an-ip",
		"10.0.2.15::10.0.2.2:24::eth0:none:1:2:3:4:5",
		"10.0.2.15::10.0.2.2:24::eth0:jump",
	};
	struct ipconf c;
	const char *why;

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		int r = ipconf_parse(ok[i].in, &c, &why);
		CHECK(r == 0, "%s refused: %s", ok[i].in, why ? why : "?");
		if (r)
			continue;
		CHECK(c.mode == ok[i].mode, "%s: mode %d", ok[i].in, (int)c.mode);
		CHECK_STR(c.iface, ok[i].iface, ok[i].in);
		CHECK_STR(c.addr, ok[i].addr, ok[i].in);
		CHECK_STR(c.gateway, ok[i].gw, ok[i].in);
		CHECK(c.family == ok[i].family && c.prefix == ok[i].prefix && c.ndns == ok[i].ndns,
		      "%s: family %d prefix %d dns %d", ok[i].in, c.family, c.prefix, c.ndns);
		if (ok[i].dns0)
			CHECK_STR(c.dns[0], ok[i].dns0, ok[i].in);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(ipconf_parse(bad[i], &c, &why) < 0 && why, "'%s' accepted", bad[i]);
	// MACs: every written form to one, and the near misses refused
	static const struct { const char *in, *want; } macs[] = {
		{ "52:54:00:12:34:56", "52:54:00:12:34:56" },
		{ "52-54-00-AB-CD-EF", "52:54:00:ab:cd:ef" },
		{ "01-52-54-00-ab-cd-ef", "52:54:00:ab:cd:ef" },
	};
	static const char *const notmac[] = { "", "52:54:00:12:34", "52:54:00:12:34:56:78", "02-52-54-00-ab-cd-ef",
					      "52:54-00:12:34:56", "5g:54:00:12:34:56", "01-52:54:00:ab:cd:ef", "eth0" };
	char mac[IPCONF_MAC_LEN], name[16];
	for (size_t i = 0; i < sizeof macs / sizeof *macs; i++) {
		CHECK(ipconf_mac(macs[i].in, mac) == 0, "%s refused", macs[i].in);
		CHECK_STR(mac, macs[i].want, macs[i].in);
	}
	for (size_t i = 0; i < sizeof notmac / sizeof *notmac; i++)
		CHECK(ipconf_mac(notmac[i], mac) < 0, "%s taken for a MAC", notmac[i]);

	CHECK(ipconf_ifname("lan0:52:54:00:12:34:56", name, mac, &why) == 0, "ifname refused: %s", why);
	CHECK_STR(name, "lan0", "ifname name");
	CHECK_STR(mac, "52:54:00:12:34:56", "ifname mac");
	static const char *const badifname[] = { "lan0", ":52:54:00:12:34:56", "lan0:52:54:00:12:34",
						 "a/b:52:54:00:12:34:56", "averyveryverylongname:52:54:00:12:34:56",
						 "..:52:54:00:12:34:56" };
	for (size_t i = 0; i < sizeof badifname / sizeof *badifname; i++) {
		why = NULL;
		CHECK(ipconf_ifname(badifname[i], name, mac, &why) < 0 && why, "ifname=%s accepted", badifname[i]);
	}
	return t_done("test_ipconf");
}
