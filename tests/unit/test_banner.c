/* The ready banner and status JSON. */
#include "t.h"
#include "pid1/banner.h"
#include "lib/text.h"

static void fill(struct report *r)
{
	memset(r, 0, sizeof *r);
	r->version = "9.9";
	snprintf(r->kernel, sizeof r->kernel, "6.1.0-test");
	r->kernel_to_ready_ms = 1431;
	r->pid1_ms = 25;
	r->rss_kib = 192;
	r->modules = "built into the kernel";
	r->nconsoles = 2;
	snprintf(r->consoles[0].name, sizeof r->consoles[0].name, "ttyS0");
	r->consoles[0].present = 1;
	snprintf(r->consoles[1].name, sizeof r->consoles[1].name, "ttyS9");
	r->consoles[1].err = 2;
	r->nlinks = 1;
	snprintf(r->links[0].name, sizeof r->links[0].name, "eth0");
	snprintf(r->links[0].mac, sizeof r->links[0].mac, "52:54:00:12:34:56");
	r->links[0].carrier = 1;
	snprintf(r->ssh_state, sizeof r->ssh_state, "port 22, 1 key(s): command line 1");
	r->ssh_port = 22;
	r->ssh_keys = 1;
	r->nssh_fp = 1;
	snprintf(r->ssh_fp[0], sizeof r->ssh_fp[0], "SHA256:abc (ED25519)");
	r->ndisks = 1;
	snprintf(r->disks[0].name, sizeof r->disks[0].name, "vda");
	r->disks[0].bytes = 8ULL << 30;
}

int main(void)
{
	struct report r;
	char buf[4096], js[4096];
	struct json j;

	fill(&r);
	CHECK(banner_render(&r, buf, sizeof buf) > 0, "renders");
	CHECK(strncmp(buf, "lifeboat ready\n", 15) == 0, "first line exactly 'lifeboat ready': %.20s", buf);
	CHECK(strstr(buf, "1.431 s from kernel start") != NULL, "boot time shown");
	CHECK(strstr(buf, "missing: ttyS9") != NULL, "missing console named");
	CHECK(strstr(buf, "eth0 52:54:00:12:34:56 carrier up") != NULL, "link shown");
	CHECK(strstr(buf, "vda 8.0 GiB") != NULL, "disk shown");
	CHECK(strstr(buf, "  ssh       port 22, 1 key(s):") && strstr(buf, "SHA256:abc (ED25519)"), "ssh shown");
	CHECK(strstr(buf, "no disk found") == NULL && strstr(buf, "no network interface") == NULL, "no 'none'");
	CHECK(strstr(buf, "  shell     on every console") && !strstr(buf, "  menu "), "a shell on the consoles");
	r.menu = 1;
	CHECK(banner_render(&r, buf, sizeof buf) > 0 && strstr(buf, "  menu      on every console") &&
	      !strstr(buf, "  shell "), "the menu on the consoles");
	r.menu = 0;

	// negative twins: nothing found is said so, not left blank
	r.ndisks = r.nlinks = 0;
	r.nconsoles = 1;
	CHECK(banner_render(&r, buf, sizeof buf) > 0, "renders empty");
	CHECK(strstr(buf, "disks     none: no disk found") != NULL, "no disk said");
	CHECK(strstr(buf, "network   none: no network interface found") != NULL, "no NIC said");
	CHECK(strstr(buf, "missing:") == NULL, "no missing console");
	r.ssh_state[0] = '\0';
	CHECK(banner_render(&r, buf, sizeof buf) > 0 && strstr(buf, "ssh") == NULL, "no ssh line without ssh state");
	CHECK(banner_ssh(&r, buf, sizeof buf) == 0 && buf[0] == '\0', "no ssh lines without ssh state");

	// the ssh lines alone, for the news of a host key made after the banner: each
	// fingerprint under the ssh line, in the order they came, as the banner has them
	fill(&r);
	r.nssh_fp = 2;
	snprintf(r.ssh_fp[1], sizeof r.ssh_fp[1], "SHA256:def (ECDSA)");
	CHECK(banner_ssh(&r, buf, sizeof buf) > 0 &&
	      strcmp(buf, "  ssh       port 22, 1 key(s): command line 1\n"
			  "            SHA256:abc (ED25519)\n            SHA256:def (ECDSA)\n") == 0, "ssh lines: %s", buf);
	char all[4096];
	CHECK(banner_render(&r, all, sizeof all) > 0 && strstr(all, buf), "the banner has the same ssh lines");
	CHECK(banner_ssh(&r, buf, 40) < 0, "too small a buffer for the ssh lines is an error");
	r.ssh_state[0] = '\0';
	CHECK(banner_render(&r, buf, 20) < 0, "too small a buffer is an error");

	// addresses, gateway and DNS under their link; how to connect, port and all
	fill(&r);
	r.ssh_port = 22;
	CHECK(banner_network(&r, buf, sizeof buf) > 0 && strstr(buf, "connect") == NULL,
	      "a connect line without an address: %s", buf);
	snprintf(r.links[0].how, sizeof r.links[0].how, "dhcp");
	r.links[0].naddrs = 2;
	snprintf(r.links[0].addrs[0], sizeof r.links[0].addrs[0], "fec0::5054:ff:fe12:3456/64");
	snprintf(r.links[0].addrs[1], sizeof r.links[0].addrs[1], "10.0.2.15/24");
	snprintf(r.links[0].gateway, sizeof r.links[0].gateway, "10.0.2.2");
	r.links[0].ndns = 1;
	snprintf(r.links[0].dns[0], sizeof r.links[0].dns[0], "10.0.2.3");
	r.nlinks = 2;
	snprintf(r.links[1].name, sizeof r.links[1].name, "eth1");
	snprintf(r.links[1].mac, sizeof r.links[1].mac, "52:54:00:12:34:57");
	snprintf(r.links[1].how, sizeof r.links[1].how, "waiting for carrier");
	CHECK(banner_render(&r, buf, sizeof buf) > 0, "renders addresses");
	CHECK(strstr(buf, "eth0 52:54:00:12:34:56 carrier up, dhcp\n") != NULL, "how: %s", buf);
	CHECK(strstr(buf, " fec0::5054:ff:fe12:3456/64 10.0.2.15/24 gateway 10.0.2.2 dns 10.0.2.3\n") != NULL,
	      "addresses: %s", buf);
	CHECK(strstr(buf, "eth1 52:54:00:12:34:57 no carrier, waiting for carrier\n") != NULL, "eth1: %s", buf);
	CHECK(strstr(buf, "  connect   ssh root@10.0.2.15\n") != NULL, "connect (IPv4 preferred): %s", buf);
	r.ssh_port = 2200;
	CHECK(banner_network(&r, buf, sizeof buf) > 0 && strstr(buf, "  connect   ssh -p 2200 root@10.0.2.15\n"),
	      "connect with a port: %s", buf);
	// the boot link's address is the one to connect to
	r.links[1].primary = 1;
	r.links[1].naddrs = 1;
	snprintf(r.links[1].addrs[0], sizeof r.links[1].addrs[0], "192.0.2.7/24");
	CHECK(banner_network(&r, buf, sizeof buf) > 0 && strstr(buf, "ssh -p 2200 root@192.0.2.7\n") &&
	      strstr(buf, ", boot link\n"), "boot link first: %s", buf);
	r.ssh_port = 0;
	CHECK(banner_network(&r, buf, sizeof buf) > 0 && !strstr(buf, "connect"), "no ssh, no connect line: %s", buf);
	CHECK(banner_network(&r, buf, 30) < 0, "too small a buffer for the network lines");
	json_init(&j, js, sizeof js);
	banner_json(&r, &j);
	CHECK(json_finish(&j) && strstr(js, "\"addresses\":[\"fec0::5054:ff:fe12:3456/64\",\"10.0.2.15/24\"]") &&
	      strstr(js, "\"gateway\":\"10.0.2.2\"") && strstr(js, "\"gateway\":null") && strstr(js, "\"boot_link\":true"),
	      "links in JSON: %s", js);

	fill(&r);
	json_init(&j, js, sizeof js);
	banner_json(&r, &j);
	CHECK(json_finish(&j) != NULL, "json complete");
	CHECK(strstr(js, "\"ready\":true") && strstr(js, "\"kernel_to_ready_ms\":1431"), "json keys: %s", js);
	CHECK(strstr(js, "{\"name\":\"ttyS9\",\"present\":false,\"fallback\":false}") != NULL, "json console");
	CHECK(strstr(js, "\"bytes\":8589934592") != NULL, "json disk bytes");
	CHECK(strstr(js, "\"ssh\":{\"state\":\"port 22, 1 key(s): command line 1\",\"port\":22,\"keys\":1,\"staff_keys\":0,"
			 "\"fingerprints\":[\"SHA256:abc (ED25519)\"]}") != NULL, "json ssh: %s", js);

	// diagnose: off, running, failed, nothing found, and findings each on a line of their own
	fill(&r);
	CHECK(banner_render(&r, buf, sizeof buf) > 0 && strstr(buf, "  diagnose  not at boot (lifeboat.diagnose=0)"),
	      "diagnose off: %s", buf);
	r.diagnose = REPORT_DIAG_RUNNING;
	CHECK(banner_render(&r, buf, sizeof buf) > 0 && strstr(buf, "  diagnose  looking at the guest"),
	      "diagnose running: %s", buf);
	r.diagnose = REPORT_DIAG_FAILED;
	CHECK(banner_diagnose(&r, buf, sizeof buf) > 0 && strstr(buf, "did not finish"), "diagnose failed: %s", buf);
	r.diagnose = REPORT_DIAG_DONE;
	snprintf(r.diag_summary, sizeof r.diag_summary, "  no problems found\n");
	CHECK(banner_diagnose(&r, buf, sizeof buf) > 0 && strstr(buf, "  diagnose  no problems found") &&
	      !strstr(buf, "problem;") && !strstr(buf, "problems;"), "healthy: %s", buf);
	json_init(&j, js, sizeof js);
	banner_json(&r, &j);
	CHECK(json_finish(&j) && strstr(js, "\"diagnose\":{\"state\":\"done\",\"summary\":[]}"), "healthy JSON: %s", js);
	snprintf(r.diag_summary, sizeof r.diag_summary,
		 "  error    /etc/fstab: /srv needs UUID=1, which no disk here has -> lifeboat fix fstab\n"
		 "  warning  / is 98%% full -> lifeboat fix space\n");
	CHECK(banner_render(&r, buf, sizeof buf) > 0, "renders findings");
	CHECK(strstr(buf, "  diagnose  2 problems; lifeboat diagnose shows the evidence:\n"
			  "            error    /etc/fstab: /srv needs UUID=1, which no disk here has -> lifeboat fix fstab\n"
			  "            warning  / is 98% full -> lifeboat fix space\n"), "findings: %s", buf);
	CHECK(banner_diagnose(&r, js, sizeof js) > 0 && strstr(buf, js), "the same lines alone: %s", js);
	json_init(&j, js, sizeof js);
	banner_json(&r, &j);
	CHECK(json_finish(&j) && strstr(js, "\"summary\":[\"error    /etc/fstab: /srv needs UUID=1, which no disk here has "
					    "-> lifeboat fix fstab\",\"warning  / is 98% full -> lifeboat fix space\"]"),
	      "findings JSON: %s", js);
	snprintf(r.diag_summary, sizeof r.diag_summary, "  error    no guest root filesystem was found\n");
	CHECK(banner_diagnose(&r, buf, sizeof buf) > 0 && strstr(buf, "1 problem;"), "one problem: %s", buf);
	CHECK(banner_diagnose(&r, buf, 40) < 0, "too small a buffer for the diagnose lines");

	// a provider's name and message: shown, made terminal-safe; absent, not shown
	fill(&r);
	CHECK(banner_render(&r, buf, sizeof buf) > 0 && !strstr(buf, "provider") && strstr(buf, "this again\n") &&
	      buf[strlen(buf) - 1] == '\n' && !strstr(buf, "\n\n"), "no provider, no message: %s", buf);
	json_init(&j, js, sizeof js);
	banner_json(&r, &j);
	CHECK(json_finish(&j) && strstr(js, "\"provider\":null") && strstr(js, "\"staff_keys\":0"), "no provider JSON: %s", js);
	banner_provider(&r, "  Example Hosting \x1b[31mrescue\t \r\nsecond line\n", "Call us: +1 555 0100\r\n\tticket\x07\n\n\n");
	CHECK_STR(r.provider, "Example Hosting ?[31mrescue", "name: first line, trimmed, no escape");
	CHECK_STR(r.motd, "Call us: +1 555 0100\n\tticket?", "message: tabs and newlines kept, no bell, no trailing blank lines");
	r.ssh_staff_keys = 1;
	CHECK(banner_render(&r, buf, sizeof buf) > 0 &&
	      strncmp(buf, "lifeboat ready\n  provider  Example Hosting ?[31mrescue\n  version", 60) == 0,
	      "the name under the first line: %s", buf);
	CHECK(strstr(buf, "this again\n\nCall us: +1 555 0100\n\tticket?\n") && buf[strlen(buf) - 2] == '?',
	      "the message last, after a blank line: %s", buf);
	json_init(&j, js, sizeof js);
	banner_json(&r, &j);
	CHECK(json_finish(&j) && strstr(js, "\"provider\":\"Example Hosting ?[31mrescue\"") && strstr(js, "\"staff_keys\":1"),
	      "provider JSON: %s", js);
	banner_provider(&r, "\n", NULL);
	CHECK(r.provider[0] == '\0' && r.motd[0] == '\0', "an empty name, no message: none");
	char longname[300];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	banner_provider(&r, longname, longname);
	CHECK(strlen(r.provider) == sizeof r.provider - 1 && strlen(r.motd) == sizeof longname - 1, "cut to fit");

	static const struct { unsigned long long b; const char *want; } sizes[] = {
		{ 0, "0 B" }, { 1023, "1023 B" }, { 1024, "1.0 KiB" }, { 1536, "1.5 KiB" },
		{ 8ULL << 30, "8.0 GiB" }, { (1ULL << 40) - 1, "1023.9 GiB" },
	};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		char s[32];
		text_size(sizes[i].b, s, sizeof s);
		CHECK_STR(s, sizes[i].want, "size");
	}
	return t_done("test_banner");
}
