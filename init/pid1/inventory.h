/* Network links and disks as sysfs shows them, under a root directory (a fixture in tests). */
#ifndef LB_INVENTORY_H
#define LB_INVENTORY_H

#include "report.h"

/* Fill r->links from ROOT/sys/class/net (without lo), sorted by name; returns 0 or -errno. */
int inventory_links(const char *root, struct report *r);

/* Fill r->disks from ROOT/sys/class/block: whole disks, no partitions, no ram or
 * empty loop devices, sorted by name; returns 0 or -errno. */
int inventory_disks(const char *root, struct report *r);

#endif
