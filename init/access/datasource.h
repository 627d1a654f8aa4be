/* Where a provider leaves credentials besides the command line and fw_cfg:
 * config drives (NoCloud "cidata", OpenStack "config-2") and an EC2-style
 * metadata service on 169.254.169.254. */
#ifndef LB_DATASOURCE_H
#define LB_DATASOURCE_H

#include "../disk/disks.h"
#include "../lib/cmdline.h"
#include "../pid1/report.h"

/* The config drives among disks (by filesystem label), each mounted read-only for a moment,
 * and hand their keys to ssh_add_key(); an OpenStack random_seed is mixed into
 * the kernel's generator (not credited). Skipped when lifeboat.datasource=
 * leaves them out. Returns the number of drives read. */
int datasource_drives(const struct lb_cmdline *c, const struct disk_state *disks);

/* Start the metadata job when lifeboat.datasource= names ec2, or (by default)
 * when the firmware says this is EC2 or OpenStack. It waits for a route, asks
 * for the keys (IMDSv2, else v1), adds them to authorized_keys and tells PID 1. */
void datasource_metadata_start(const struct lb_cmdline *c);

/* Take the keys the metadata job added into the report (PID 1, on its news). */
void datasource_report(struct report *r);

#endif
