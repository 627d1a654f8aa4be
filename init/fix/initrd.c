/* Modules for a guest's initramfs: from sysfs driver names to its tool's config. */
#include "initrd.h"
#include "../lib/out.h"
#include "../lib/text.h"

#include <stdio.h>
#include <string.h>

int initrd_module_of_driver(const char *driver, char *out, size_t size)
{
	static const struct {
		const char *driver, *module;
	} renamed[] = {
		{ "sd", "sd_mod" }, { "sr", "sr_mod" }, { "virtio-pci", "virtio_pci" }, { "vmw_pvscsi", "vmw_pvscsi" },
	};
	static const char *const not_modules[] = { "pcieport", "serial", "i8042", "port", "virtio-mmio" };

	for (size_t i = 0; i < sizeof not_modules / sizeof *not_modules; i++)
		if (strcmp(driver, not_modules[i]) == 0)
			return -1;
	for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
		if (strcmp(driver, renamed[i].driver) == 0)
			return text_copy(out, size, renamed[i].module) < size ? 0 : -1;
	if (!driver[0] || strspn(driver, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(driver) ||
	    text_copy(out, size, driver) >= size)
		return -1;
	for (char *p = out; *p; p++)
		if (*p == '-')
			*p = '_';
	return 0;
}

int initrd_mods_add(char mods[][32], int n, int max, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(mods[i], name) == 0)
			return n;
	if (n >= max || text_copy(mods[n], 32, name) >= 32)
		return n;
	return n + 1;
}

/* Is name the first word of a line that is not a comment? */
static int listed(const char *text, size_t len, const char *name)
{
	size_t nl = strlen(name);

	for (size_t pos = 0; pos < len;) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		size_t i = pos;
		while (i < end && (text[i] == ' ' || text[i] == '\t'))
			i++;
		if (i + nl <= end && strncmp(text + i, name, nl) == 0 &&
		    (i + nl == end || text[i + nl] == ' ' || text[i + nl] == '\t' || text[i + nl] == '\r'))
			return 1;
		pos = end + 1;
	}
	return 0;
}

long initrd_modules_file(const char *text, size_t len, char mods[][32], int n, char *out, size_t size)
{
	struct out o = { out, size, 0, 0 };
	int added = 0;

	if (len >= size)
		return -1;
	memcpy(out, text, len);
	o.len = len;
	out[len] = '\0';
	for (int i = 0; i < n; i++) {
		if (listed(text, len, mods[i]))
			continue;
		if (!added && len && text[len - 1] != '\n')
			out_printf(&o, "\n");
		if (!added)
			out_printf(&o, "# added by lifeboat fix initramfs: drivers this machine needs\n");
		out_printf(&o, "%s\n", mods[i]);
		added++;
	}
	if (o.overflow)
		return -1;
	return added ? (long)o.len : 0;
}

static int drop_in(char mods[][32], int n, const char *head, const char *open, const char *close, char *out,
		   size_t size)
{
	struct out o = { out, size, 0, 0 };

	out_printf(&o, "# lifeboat fix initramfs: drivers this machine needs\n%s%s", head, open);
	for (int i = 0; i < n; i++)
		out_printf(&o, "%s%s", i ? " " : "", mods[i]);
	out_printf(&o, "%s\n", close);
	return o.overflow ? -1 : (int)o.len;
}

int initrd_dracut_conf(char mods[][32], int n, char *out, size_t size)
{
	return drop_in(mods, n, "add_drivers+=", "\" ", " \"", out, size);
}

int initrd_mkinitcpio_conf(char mods[][32], int n, char *out, size_t size)
{
	return drop_in(mods, n, "MODULES+=", "(", ")", out, size);
}

/* Equal module names: '-' and '_' are the same to modprobe. */
static int same_name(const char *a, size_t alen, const char *b)
{
	if (alen != strlen(b))
		return 0;
	for (size_t i = 0; i < alen; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];
		if (x != y)
			return 0;
	}
	return 1;
}

int initrd_kernel_has(const char *text, size_t len, const char *module)
{
	for (size_t pos = 0; pos < len;) {
		size_t end = pos;
		while (end < len && text[end] != '\n' && text[end] != ':')
			end++;
		// the path's last name, up to ".ko"
		size_t start = end;
		while (start > pos && text[start - 1] != '/')
			start--;
		for (size_t k = start; k + 3 <= end; k++)
			if (strncmp(text + k, ".ko", 3) == 0 && (k + 3 == end || text[k + 3] == '.')) {
				if (same_name(text + start, k - start, module))
					return 1;
				break;
			}
		while (end < len && text[end] != '\n')
			end++;
		pos = end + 1;
	}
	return 0;
}

int initrd_cmdline_network(const char *cmdline, char *why, size_t size)
{
	static const char *const words[] = { "ip=", "root=/dev/nfs", "root=nfs:", "root=nfs4:", "nfsroot=", "netroot=",
					     "root=iscsi:", "root=nbd:", "rd.neednet=1", "BOOTIF=" };

	for (const char *w = cmdline; w && *w;) {
		w += strspn(w, " \t");
		size_t len = strcspn(w, " \t");
		for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
			size_t k = strlen(words[i]);
			// ip=off and ip=none ask for nothing
			if (len >= k && strncmp(w, words[i], k) == 0 &&
			    !(i == 0 && ((len == 6 && strncmp(w, "ip=off", 6) == 0) ||
					 (len == 7 && strncmp(w, "ip=none", 7) == 0)))) {
				if (size)
					snprintf(why, size, "%.*s", (int)(len < 120 ? len : 120), w);
				return 1;
			}
		}
		w += len;
	}
	return 0;
}
