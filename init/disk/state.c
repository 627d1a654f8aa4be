/* The disk state as text: the file PID 1 leaves for the CLI, what people read,
 * the JSON tools read; and fstab specs resolved against it (pure). */
#define _DEFAULT_SOURCE
#include "disks.h"
#include "fstab.h"
#include "../lib/out.h"
#include "../lib/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* key=value with the value's tabs, newlines and control bytes made '?'. */
static void kv(struct out *o, const char *key, const char *value)
{
	char clean[256];
	size_t i;

	for (i = 0; value[i] && i < sizeof clean - 1; i++)
		clean[i] = (unsigned char)value[i] < 0x20 || value[i] == 0x7f ? '?' : value[i];
	clean[i] = '\0';
	out_printf(o, "\t%s=%s", key, clean);
}

int disks_state_format(const struct disk_state *s, char *buf, size_t size)
{
	struct out o = { buf, size, 0, size == 0 };
	char num[32];

	out_printf(&o, "lifeboat-disks 1\n");
	for (int i = 0; i < s->ndev; i++) {
		const struct blockdev *d = &s->dev[i];
		out_printf(&o, "dev");
		kv(&o, "name", d->name);
		kv(&o, "dev", d->dev);
		kv(&o, "parent", d->parent);
		kv(&o, "type", d->type);
		kv(&o, "uuid", d->uuid);
		kv(&o, "label", d->label);
		kv(&o, "partuuid", d->partuuid);
		kv(&o, "partlabel", d->partlabel);
		kv(&o, "pttype", d->pttype);
		snprintf(num, sizeof num, "%llu", d->bytes);
		kv(&o, "bytes", num);
		kv(&o, "model", d->model);
		kv(&o, "serial", d->serial);
		kv(&o, "wwn", d->wwn);
		kv(&o, "role", d->role);
		kv(&o, "note", d->note);
		out_printf(&o, "\tpartition=%d\tremovable=%d\treadonly=%d\n", d->partition, d->removable, d->readonly);
	}
	for (int i = 0; i < s->ncand; i++) {
		const struct candidate *c = &s->cand[i];
		out_printf(&o, "cand");
		kv(&o, "device", c->device);
		kv(&o, "uuid", c->uuid);
		kv(&o, "type", c->type);
		kv(&o, "subvol", c->subvol);
		kv(&o, "os", c->ev.os_name);
		out_printf(&o, "\tscore=%d", c->score);
		for (int r = 0; r < c->nreasons; r++)
			kv(&o, "reason", c->reasons[r]);
		out_printf(&o, "\n");
	}
	out_printf(&o, "root\tindex=%d", s->root);
	kv(&o, "why", s->why);
	out_printf(&o, "\tscan_ms=%lld\n", s->scan_ms);
	if (o.overflow)
		return -1;
	if (size)
		buf[o.len] = '\0';
	return (int)o.len;
}

/* The value of key in a tab-separated line (line must be NUL-terminated and writable). */
static void take(char *line, const char *key, char *out, size_t size)
{
	size_t kl = strlen(key);

	if (size)
		out[0] = '\0';
	for (char *p = line; p; p = strchr(p, '\t')) {
		if (*p == '\t')
			p++;
		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			size_t vl = strcspn(p + kl + 1, "\t");
			if (vl < size) {
				memcpy(out, p + kl + 1, vl);
				out[vl] = '\0';
			}
			return;
		}
	}
}

static int take_int(char *line, const char *key)
{
	char v[32];

	take(line, key, v, sizeof v);
	return atoi(v);
}

int disks_state_parse(const char *text, struct disk_state *s)
{
	char line[4096], v[32];

	memset(s, 0, sizeof *s);
	s->root = -1;
	if (strncmp(text, "lifeboat-disks 1\n", 17) != 0)
		return -1;
	text += 17;
	while (*text) {
		size_t len = strcspn(text, "\n");
		if (len < sizeof line) {
			memcpy(line, text, len);
			line[len] = '\0';
			if (strncmp(line, "dev\t", 4) == 0 && s->ndev < DISKS_MAX) {
				struct blockdev *d = &s->dev[s->ndev++];
				take(line, "name", d->name, sizeof d->name);
				take(line, "dev", d->dev, sizeof d->dev);
				take(line, "parent", d->parent, sizeof d->parent);
				take(line, "type", d->type, sizeof d->type);
				take(line, "uuid", d->uuid, sizeof d->uuid);
				take(line, "label", d->label, sizeof d->label);
				take(line, "partuuid", d->partuuid, sizeof d->partuuid);
				take(line, "partlabel", d->partlabel, sizeof d->partlabel);
				take(line, "pttype", d->pttype, sizeof d->pttype);
				take(line, "bytes", v, sizeof v);
				d->bytes = strtoull(v, NULL, 10);
				take(line, "model", d->model, sizeof d->model);
				take(line, "serial", d->serial, sizeof d->serial);
				take(line, "wwn", d->wwn, sizeof d->wwn);
				take(line, "role", d->role, sizeof d->role);
				take(line, "note", d->note, sizeof d->note);
				d->partition = take_int(line, "partition");
				d->removable = take_int(line, "removable");
				d->readonly = take_int(line, "readonly");
			} else if (strncmp(line, "cand\t", 5) == 0 && s->ncand < CANDIDATES_MAX) {
				struct candidate *c = &s->cand[s->ncand++];
				take(line, "device", c->device, sizeof c->device);
				take(line, "uuid", c->uuid, sizeof c->uuid);
				take(line, "type", c->type, sizeof c->type);
				take(line, "subvol", c->subvol, sizeof c->subvol);
				take(line, "os", c->ev.os_name, sizeof c->ev.os_name);
				c->score = take_int(line, "score");
				for (char *p = strstr(line, "\treason="); p && c->nreasons < RANK_REASONS_MAX;
				     p = strstr(p + 1, "\treason=")) {
					size_t vl = strcspn(p + 8, "\t");
					if (vl < sizeof c->reasons[0]) {
						memcpy(c->reasons[c->nreasons], p + 8, vl);
						c->reasons[c->nreasons++][vl] = '\0';
					}
				}
			} else if (strncmp(line, "root\t", 5) == 0) {
				s->root = take_int(line, "index");
				take(line, "why", s->why, sizeof s->why);
				take(line, "scan_ms", v, sizeof v);
				s->scan_ms = atoll(v);
			}
		}
		text += len + (text[len] == '\n');
	}
	if (s->root >= s->ncand)
		s->root = -1;
	return 0;
}

const struct blockdev *disks_resolve(const struct disk_state *s, const char *spec)
{
	char value[160];
	const char *kind = fstab_spec_kind(spec, value, sizeof value);
	static const struct {
		const char *prefix, *kind;
	} links[] = {
		{ "/dev/disk/by-uuid/", "UUID" }, { "/dev/disk/by-label/", "LABEL" },
		{ "/dev/disk/by-partuuid/", "PARTUUID" }, { "/dev/disk/by-partlabel/", "PARTLABEL" },
	};

	if (!kind)
		return NULL;
	if (strcmp(kind, "PATH") == 0) {
		for (size_t i = 0; i < sizeof links / sizeof *links; i++)
			if (strncmp(value, links[i].prefix, strlen(links[i].prefix)) == 0) {
				kind = links[i].kind;
				memmove(value, value + strlen(links[i].prefix), strlen(value + strlen(links[i].prefix)) + 1);
				break;
			}
	}
	for (int i = 0; i < s->ndev; i++) {
		const struct blockdev *d = &s->dev[i];
		if ((strcmp(kind, "UUID") == 0 && d->uuid[0] && strcasecmp(d->uuid, value) == 0) ||
		    (strcmp(kind, "LABEL") == 0 && d->label[0] && strcmp(d->label, value) == 0) ||
		    (strcmp(kind, "PARTUUID") == 0 && d->partuuid[0] && strcasecmp(d->partuuid, value) == 0) ||
		    (strcmp(kind, "PARTLABEL") == 0 && d->partlabel[0] && strcmp(d->partlabel, value) == 0) ||
		    (strcmp(kind, "PATH") == 0 && strcmp(d->dev, value) == 0))
			return d;
	}
	return NULL;
}

const char *disks_ro_options(const char *type)
{
	if (strcmp(type, "ext4") == 0 || strcmp(type, "ext3") == 0)
		return "noload";
	if (strcmp(type, "ext2") == 0)
		return "";
	if (strcmp(type, "xfs") == 0)
		return "norecovery";
	if (strcmp(type, "btrfs") == 0)
		return "nologreplay";
	return NULL;
}

int disks_render(const struct disk_state *s, char *buf, size_t size)
{
	struct out o = { buf, size, 0, size == 0 };
	char sz[32];

	if (s->ndev == 0)
		out_printf(&o, "devices   none: no block device found\n");
	for (int i = 0; i < s->ndev; i++) {
		const struct blockdev *d = &s->dev[i];
		text_size(d->bytes, sz, sizeof sz);
		out_printf(&o, "%-9s %s%s %s %s%s%s%s%s%s%s\n", i ? "" : "devices", d->partition ? "  " : "", d->dev, sz,
		     d->type[0] ? d->type : d->pttype[0] ? d->pttype : "-", d->label[0] ? " \"" : "", d->label,
		     d->label[0] ? "\"" : "", d->role[0] ? ", " : "", d->role, d->readonly ? ", read-only" : "");
		if (d->note[0])
			out_printf(&o, "            %s\n", d->note);
		if (!d->partition && (d->model[0] || d->serial[0]))
			out_printf(&o, "            %s%s%s\n", d->model,
			     d->serial[0] ? (d->model[0] ? ", serial " : "serial ") : "", d->serial);
	}
	for (int i = 0; i < s->ncand; i++) {
		const struct candidate *c = &s->cand[i];
		out_printf(&o, "%-9s %s%s%s%s %s, score %d%s\n", i ? "" : "candidates", c->device, c->subvol[0] ? " [" : "",
		     c->subvol, c->subvol[0] ? "]" : "", c->type, c->score, i == s->root ? "  <- root" : "");
		for (int r = 0; r < c->nreasons; r++)
			out_printf(&o, "              %s\n", c->reasons[r]);
	}
	if (s->root >= 0)
		out_printf(&o, "root      %s%s%s%s %s%s%s\n", s->cand[s->root].device, s->cand[s->root].subvol[0] ? " [" : "",
		     s->cand[s->root].subvol, s->cand[s->root].subvol[0] ? "]" : "",
		     s->cand[s->root].ev.os_name[0] ? s->cand[s->root].ev.os_name : s->cand[s->root].type,
		     s->why[0] ? "; " : "", s->why);
	else
		out_printf(&o, "root      none: %s\n", s->why);
	if (o.overflow)
		return -1;
	if (size)
		buf[o.len] = '\0';
	return (int)o.len;
}

static void json_reasons(struct json *j, const struct candidate *c)
{
	json_key(j, "reasons");
	json_begin_array(j);
	for (int r = 0; r < c->nreasons; r++)
		json_string(j, c->reasons[r]);
	json_end_array(j);
}

void disks_json(const struct disk_state *s, struct json *j)
{
	json_begin_object(j);
	json_key(j, "devices");
	json_begin_array(j);
	for (int i = 0; i < s->ndev; i++) {
		const struct blockdev *d = &s->dev[i];
		json_begin_object(j);
		json_key(j, "name");
		json_string(j, d->name);
		json_key(j, "device");
		json_string(j, d->dev);
		json_key(j, "parent");
		json_string(j, d->parent[0] ? d->parent : NULL);
		json_key(j, "type");
		json_string(j, d->type[0] ? d->type : NULL);
		json_key(j, "uuid");
		json_string(j, d->uuid[0] ? d->uuid : NULL);
		json_key(j, "label");
		json_string(j, d->label[0] ? d->label : NULL);
		json_key(j, "partuuid");
		json_string(j, d->partuuid[0] ? d->partuuid : NULL);
		json_key(j, "partlabel");
		json_string(j, d->partlabel[0] ? d->partlabel : NULL);
		json_key(j, "pttype");
		json_string(j, d->pttype[0] ? d->pttype : NULL);
		json_key(j, "bytes");
		json_int(j, (long long)d->bytes);
		json_key(j, "model");
		json_string(j, d->model[0] ? d->model : NULL);
		json_key(j, "serial");
		json_string(j, d->serial[0] ? d->serial : NULL);
		json_key(j, "wwn");
		json_string(j, d->wwn[0] ? d->wwn : NULL);
		json_key(j, "role");
		json_string(j, d->role);
		json_key(j, "readonly");
		json_bool(j, d->readonly);
		json_key(j, "note");
		json_string(j, d->note[0] ? d->note : NULL);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "candidates");
	json_begin_array(j);
	for (int i = 0; i < s->ncand; i++) {
		const struct candidate *c = &s->cand[i];
		json_begin_object(j);
		json_key(j, "device");
		json_string(j, c->device);
		json_key(j, "uuid");
		json_string(j, c->uuid[0] ? c->uuid : NULL);
		json_key(j, "type");
		json_string(j, c->type);
		json_key(j, "subvol");
		json_string(j, c->subvol[0] ? c->subvol : NULL);
		json_key(j, "os");
		json_string(j, c->ev.os_name[0] ? c->ev.os_name : NULL);
		json_key(j, "score");
		json_int(j, c->score);
		json_reasons(j, c);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "root");
	if (s->root < 0) {
		json_string(j, NULL);
	} else {
		const struct candidate *c = &s->cand[s->root];
		json_begin_object(j);
		json_key(j, "device");
		json_string(j, c->device);
		json_key(j, "uuid");
		json_string(j, c->uuid[0] ? c->uuid : NULL);
		json_key(j, "subvol");
		json_string(j, c->subvol[0] ? c->subvol : NULL);
		json_reasons(j, c);
		json_end_object(j);
	}
	json_key(j, "why");
	json_string(j, s->why);
	json_key(j, "scan_ms");
	json_int(j, s->scan_ms);
	json_end_object(j);
}

void disks_root_line(const struct disk_state *s, char *buf, size_t size)
{
	if (s->root < 0) {
		snprintf(buf, size, "none: %s", s->why);
		return;
	}
	const struct candidate *c = &s->cand[s->root];
	snprintf(buf, size, "%s%s%s%s %s, %s (score %d)", c->device, c->subvol[0] ? " [" : "", c->subvol,
		 c->subvol[0] ? "]" : "", c->type, c->ev.os_name[0] ? c->ev.os_name : "no os-release", c->score);
}
