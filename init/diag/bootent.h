/* diag boot entries: what a guest's GRUB would offer — its grub.cfg menu with
 * the default grubenv picks, or its BLS entry files — to show and kexec (pure). */
#ifndef LB_BOOTENT_H
#define LB_BOOTENT_H

#include <stddef.h>

#define BOOTENT_MAX 32

struct bootent {
	char title[128];	/* menuentry title, BLS title (its id when it has none) */
	char id[128];		/* grub's --id ($menuentry_id_option), BLS file name without .conf */
	char version[64];	/* BLS version; "" from grub.cfg */
	char kernel[256];	/* as written: "/vmlinuz-6.1.0-13-amd64", "/boot/vmlinuz-…"; "" for no linux line */
	char initrd[256];	/* the main initrd: the last one listed (microcode comes first); "" when none */
	char initrds[512];	/* all of them in order, space-separated: kexec wants them concatenated */
	char cmdline[1024];	/* kernel arguments as grub hands them over, variables expanded where known */
	char path[64];		/* place in the menu as default= counts it: "0", "1>2" (submenu 1, entry 2) */
	int truncated;		/* a field did not fit and was cut (lists at a word): do not boot it */
};

/* What the top level of a grub.cfg leaves behind, grubenv applied. */
struct bootent_grubcfg {
	int blscfg;		/* it runs blscfg: its entries are the BLS files */
	char def[256];		/* $default: "0", "1>2", an id, a title, "id>id", or "" */
	char env[4096];		/* its variables in grubenv format ($kernelopts…): the env for bootent_bls */
};

/* The entries of a grub.cfg (cfg, len bytes) with grubenv (env, envlen; NULL
 * for none), in menu order, submenus flattened. Returns their number (at most
 * max) and sets *def to the index of the default one (0 when unknown or out
 * of range). A config that runs blscfg gives 0 entries (g->blscfg says so).
 * g, when not NULL, gets the default's spec and the variables. */
int bootent_grub(const char *cfg, size_t len, const char *env, size_t envlen, struct bootent *e, int max, int *def,
		 struct bootent_grubcfg *g);

/* One BLS entry (/boot/loader/entries/NAME.conf text, len bytes; name with or
 * without .conf), $variables expanded from env (grubenv format, may be NULL).
 * Returns 0, or -1 when it has no linux line (e fills anyway). */
int bootent_bls(const char *text, size_t len, const char *name, const char *env, size_t envlen, struct bootent *e);

/* Sort BLS entries the way grub's blscfg shows them: newest version first
 * (rpm's version compare), then by id; paths become "0", "1", …. */
void bootent_bls_sort(struct bootent *e, int n);

/* The index of the entry a default spec names, as grub reads it: a number, an
 * id or a title, ">" between menu levels (">>" a '>' in a name); 0 when none.
 * For bootent_bls_sort's lists; in a grub list, submenus go by number only. */
int bootent_find(const struct bootent *e, int n, const char *spec);

#endif
