/* lifeboat diagnose: its checks, each adding findings about the guest. */
#ifndef LB_DIAGNOSE_H
#define LB_DIAGNOSE_H

#include "../diag/finding.h"
#include "../disk/disks.h"
#include "../lib/paths.h"

#define DIAGNOSE_TXT LB_DIAGNOSE_TXT
#define DIAGNOSE_TEXT_MAX (1 << 16)			/* a guest file read whole (configs, not logs) */

struct dg {
	int rootfd;			/* the guest's root, mounted read-only at /mnt/guest; -1 when none */
	struct diag_report *r;
	const struct disk_state *st;
};

int cmd_diagnose(int argc, char **argv);

/* diag_files.c: what the guest's files say */
void dg_fstab(struct dg *g);
void dg_boot(struct dg *g);
void dg_network(struct dg *g);
void dg_firewall(struct dg *g);
void dg_access(struct dg *g);
void dg_space(struct dg *g);
void dg_logs(struct dg *g);

#endif
