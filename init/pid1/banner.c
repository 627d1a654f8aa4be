/* The ready banner (for people, on every console) and status JSON (for tools). */
#include "banner.h"
#include "../lib/out.h"
#include "../lib/text.h"

#include <stdio.h>
#include <string.h>

static const char *carrier_word(int c)
{
	return c == 1 ? "carrier up" : c == 0 ? "no carrier" : "link down";
}

/* The first IPv4 address of the boot link, else of any link ("" when none). */
static void connect_addr(const struct report *r, char *addr, size_t size)
{
	addr[0] = '\0';
	for (int pass = 0; pass < 2 && !addr[0]; pass++)
		for (int i = 0; i < r->nlinks && !addr[0]; i++) {
			const struct link_info *l = &r->links[i];
			if (pass == 0 && !l->primary)
				continue;
			for (int a = 0; a < l->naddrs && !addr[0]; a++)
				if (!strchr(l->addrs[a], ':')) {
					snprintf(addr, size, "%.*s", (int)strcspn(l->addrs[a], "/"), l->addrs[a]);
				}
		}
}

static void network(struct out *o, const struct report *r)
{
	char addr[64];

	if (r->nlinks == 0)
		out_printf(o, "  network   none: no network interface found\n");
	for (int i = 0; i < r->nlinks; i++) {
		const struct link_info *l = &r->links[i];
		out_printf(o, "  %-9s %s %s %s%s%s%s\n", i ? "" : "network", l->name, l->mac, carrier_word(l->carrier),
		     l->how[0] ? ", " : "", l->how, l->primary ? ", boot link" : "");
		if (l->naddrs == 0 && !l->gateway[0])
			continue;
		out_printf(o, "           ");
		for (int a = 0; a < l->naddrs; a++)
			out_printf(o, " %s", l->addrs[a]);
		if (l->gateway[0])
			out_printf(o, " gateway %s", l->gateway);
		for (int d = 0; d < l->ndns; d++)
			out_printf(o, "%s%s", d ? " " : " dns ", l->dns[d]);
		out_printf(o, "\n");
	}
	if (r->links_more)
		out_printf(o, "            and %d more\n", r->links_more);
	connect_addr(r, addr, sizeof addr);
	if (addr[0] && r->ssh_port > 0 && r->ssh_port != 22)
		out_printf(o, "  connect   ssh -p %d root@%s\n", r->ssh_port, addr);
	else if (addr[0] && r->ssh_port > 0)
		out_printf(o, "  connect   ssh root@%s\n", addr);
}

static void ssh(struct out *o, const struct report *r)
{
	if (!r->ssh_state[0])
		return;
	out_printf(o, "  ssh       %s\n", r->ssh_state);
	for (int i = 0; i < r->nssh_fp; i++)
		out_printf(o, "            %s\n", r->ssh_fp[i]);
}

int banner_ssh(const struct report *r, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };

	if (size == 0)
		return -1;
	buf[0] = '\0';
	ssh(&o, r);
	return o.overflow ? -1 : (int)o.len;
}

int banner_network(const struct report *r, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };

	if (size == 0)
		return -1;
	buf[0] = '\0';
	network(&o, r);
	return o.overflow ? -1 : (int)o.len;
}

/* How many problems a summary has: its lines, unless it says there are none. */
static int problems(const char *summary)
{
	int n = 0;

	if (strstr(summary, "no problems found"))
		return 0;
	for (const char *l = summary; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		n += l[strspn(l, " ")] != '\n' && l[strspn(l, " ")] != '\0';
	return n;
}

static void diagnose(struct out *o, const struct report *r)
{
	int n;

	switch (r->diagnose) {
	case REPORT_DIAG_OFF:
		out_printf(o, "  diagnose  not at boot (lifeboat.diagnose=0); run lifeboat diagnose\n");
		return;
	case REPORT_DIAG_RUNNING:
		out_printf(o, "  diagnose  looking at the guest; the findings follow here and in lifeboat status\n");
		return;
	case REPORT_DIAG_FAILED:
		out_printf(o, "  diagnose  did not finish; run lifeboat diagnose\n");
		return;
	}
	n = problems(r->diag_summary);
	if (!n) {
		out_printf(o, "  diagnose  no problems found (lifeboat diagnose shows what was looked at)\n");
		return;
	}
	out_printf(o, "  diagnose  %d problem%s; lifeboat diagnose shows the evidence:\n", n, n == 1 ? "" : "s");
	// each summary line under the section, indented like the fingerprints
	for (const char *l = r->diag_summary; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		l += strspn(l, " ");
		int len = (int)strcspn(l, "\n");
		if (len)
			out_printf(o, "            %.*s\n", len, l);
	}
}

int banner_diagnose(const struct report *r, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };

	if (size == 0)
		return -1;
	buf[0] = '\0';
	diagnose(&o, r);
	return o.overflow ? -1 : (int)o.len;
}

/* src into dst (size > 0) with control characters as '?'; keep: the ones to keep. */
static void terminal_safe(char *dst, size_t size, const char *src, size_t len, const char *keep)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < size; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '\r')
			continue;
		dst[n++] = (c < 0x20 || c == 0x7f) && !strchr(keep, c) ? '?' : (char)c;
	}
	dst[n] = '\0';
}

void banner_provider(struct report *r, const char *name, const char *motd)
{
	r->provider[0] = r->motd[0] = '\0';
	if (name) {
		name += strspn(name, " \t");
		size_t len = strcspn(name, "\r\n");
		while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
			len--;
		terminal_safe(r->provider, sizeof r->provider, name, len, "");
	}
	if (motd) {
		terminal_safe(r->motd, sizeof r->motd, motd, strlen(motd), "\n\t");
		// blank lines at the end would only push the prompt down
		for (size_t len = strlen(r->motd); len && r->motd[len - 1] == '\n'; len--)
			r->motd[len - 1] = '\0';
	}
}

int banner_render(const struct report *r, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };
	int missing = 0;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	out_printf(&o, "lifeboat ready\n");
	if (r->provider[0])
		out_printf(&o, "  provider  %s\n", r->provider);
	out_printf(&o, "  version   lifeboat %s, kernel %s\n", r->version, r->kernel);
	out_printf(&o, "  boot      %lld.%03lld s from kernel start, %lld.%03lld s in lifeboat's init, %ld KiB resident\n",
	     r->kernel_to_ready_ms / 1000, r->kernel_to_ready_ms % 1000,
	     r->pid1_ms / 1000, r->pid1_ms % 1000, r->rss_kib);

	out_printf(&o, "  consoles ");
	for (int i = 0; i < r->nconsoles; i++)
		if (r->consoles[i].present)
			out_printf(&o, " %s%s", r->consoles[i].name, r->consoles[i].fallback ? " (fallback)" : "");
	for (int i = 0; i < r->nconsoles; i++) {
		if (r->consoles[i].present)
			continue;
		out_printf(&o, "%s %s (%s)", missing++ ? "," : "; missing:", r->consoles[i].name,
		     strerror(r->consoles[i].err));
	}
	out_printf(&o, "\n");

	network(&o, r);
	if (r->ndisks == 0)
		out_printf(&o, "  disks     none: no disk found\n");
	for (int i = 0; i < r->ndisks; i++) {
		char sz[32];
		text_size(r->disks[i].bytes, sz, sizeof sz);
		out_printf(&o, "  %-9s %s %s%s%s\n", i ? "" : "disks", r->disks[i].name, sz,
		     r->disks[i].removable ? " removable" : "",
		     r->disks[i].readonly ? " read-only" : "");
	}
	if (r->disks_more)
		out_printf(&o, "            and %d more\n", r->disks_more);

	if (r->root[0])
		out_printf(&o, "  root      %s\n", r->root);
	ssh(&o, r);
	out_printf(&o, "  modules   %s\n", r->modules);
	diagnose(&o, r);
	if (r->cmdline_ignored)
		out_printf(&o, "  cmdline   %d word(s) ignored, see dmesg\n", r->cmdline_ignored);
	out_printf(&o, "  %s on every console; `lifeboat status` shows this again\n",
		   r->menu ? "menu     " : "shell    ");
	// the provider's message last, set off by a blank line, as it was written
	if (r->motd[0])
		out_printf(&o, "\n%s\n", r->motd);
	return o.overflow ? -1 : (int)o.len;
}

void banner_json(const struct report *r, struct json *j)
{
	json_begin_object(j);
	json_key(j, "ready");
	json_bool(j, 1);
	json_key(j, "version");
	json_string(j, r->version);
	json_key(j, "provider");
	json_string(j, r->provider[0] ? r->provider : NULL);
	json_key(j, "kernel");
	json_string(j, r->kernel);
	json_key(j, "kernel_to_ready_ms");
	json_int(j, r->kernel_to_ready_ms);
	json_key(j, "pid1_to_ready_ms");
	json_int(j, r->pid1_ms);
	json_key(j, "pid1_rss_kib");
	json_int(j, r->rss_kib);
	json_key(j, "modules");
	json_string(j, r->modules);

	json_key(j, "consoles");
	json_begin_array(j);
	for (int i = 0; i < r->nconsoles; i++) {
		json_begin_object(j);
		json_key(j, "name");
		json_string(j, r->consoles[i].name);
		json_key(j, "present");
		json_bool(j, r->consoles[i].present);
		json_key(j, "fallback");
		json_bool(j, r->consoles[i].fallback);
		json_end_object(j);
	}
	json_end_array(j);

	json_key(j, "links");
	json_begin_array(j);
	for (int i = 0; i < r->nlinks; i++) {
		json_begin_object(j);
		json_key(j, "name");
		json_string(j, r->links[i].name);
		json_key(j, "mac");
		json_string(j, r->links[i].mac);
		json_key(j, "carrier");
		if (r->links[i].carrier < 0)
			json_string(j, NULL);
		else
			json_bool(j, r->links[i].carrier);
		json_key(j, "boot_link");
		json_bool(j, r->links[i].primary);
		json_key(j, "config");
		json_string(j, r->links[i].how);
		json_key(j, "addresses");
		json_begin_array(j);
		for (int a = 0; a < r->links[i].naddrs; a++)
			json_string(j, r->links[i].addrs[a]);
		json_end_array(j);
		json_key(j, "gateway");
		json_string(j, r->links[i].gateway[0] ? r->links[i].gateway : NULL);
		json_key(j, "dns");
		json_begin_array(j);
		for (int d = 0; d < r->links[i].ndns; d++)
			json_string(j, r->links[i].dns[d]);
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);

	json_key(j, "disks");
	json_begin_array(j);
	for (int i = 0; i < r->ndisks; i++) {
		json_begin_object(j);
		json_key(j, "name");
		json_string(j, r->disks[i].name);
		json_key(j, "bytes");
		json_int(j, (long long)r->disks[i].bytes);
		json_key(j, "removable");
		json_bool(j, r->disks[i].removable);
		json_key(j, "readonly");
		json_bool(j, r->disks[i].readonly);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "root");
	json_string(j, r->root[0] ? r->root : NULL);
	json_key(j, "ssh");
	json_begin_object(j);
	json_key(j, "state");
	json_string(j, r->ssh_state);
	json_key(j, "port");
	json_int(j, r->ssh_port);
	json_key(j, "keys");
	json_int(j, r->ssh_keys);
	json_key(j, "staff_keys");
	json_int(j, r->ssh_staff_keys);
	json_key(j, "fingerprints");
	json_begin_array(j);
	for (int i = 0; i < r->nssh_fp; i++)
		json_string(j, r->ssh_fp[i]);
	json_end_array(j);
	json_end_object(j);
	json_key(j, "cmdline_ignored");
	json_int(j, r->cmdline_ignored);
	json_key(j, "diagnose");
	json_begin_object(j);
	json_key(j, "state");
	json_string(j, r->diagnose == REPORT_DIAG_OFF ? "off" : r->diagnose == REPORT_DIAG_RUNNING ? "running"
		    : r->diagnose == REPORT_DIAG_DONE ? "done" : "failed");
	json_key(j, "summary");
	json_begin_array(j);
	for (const char *l = r->diagnose == REPORT_DIAG_DONE && problems(r->diag_summary) ? r->diag_summary : "";
	     l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char line[sizeof r->diag_summary];
		l += strspn(l, " ");
		snprintf(line, sizeof line, "%.*s", (int)strcspn(l, "\n"), l);
		if (line[0])
			json_string(j, line);
	}
	json_end_array(j);
	json_end_object(j);
	json_end_object(j);
}
