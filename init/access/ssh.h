/* The SSH server: authorized keys, host keys made at boot, dropbear supervised. */
#ifndef LB_SSH_H
#define LB_SSH_H

#include "../lib/cmdline.h"
#include "../pid1/report.h"

/* Install the valid lifeboat.ssh_key= keys for root, make host keys and add a
 * supervised dropbear; fills r's ssh fields. Returns 0 when dropbear will run,
 * or -1 (logged, and said in the banner) when it won't. */
int ssh_start(const struct lb_cmdline *c, struct report *r);

#endif
