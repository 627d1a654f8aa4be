/* The SSH server: authorized keys, host keys made at boot, dropbear supervised. */
#ifndef LB_SSH_H
#define LB_SSH_H

#include "../disk/disks.h"
#include "../lib/cmdline.h"
#include "../pid1/report.h"

#include <sys/types.h>

/* Install the valid keys (lifeboat.ssh_key=, fw_cfg, the config drives among disks) for root, root's password
 * (lifeboat.password_hash=, fw_cfg, or a one-time password when there is no
 * key), make the ED25519 host key and start a supervised dropbear, and leave the ECDSA key to a child
 * (ssh_reaped); fills r's ssh fields. Returns 0 when dropbear will run,
 * or -1 (logged, and said in the banner) when it won't. */
int ssh_start(const struct lb_cmdline *c, const struct disk_state *disks, struct report *r);

/* The ECDSA host key is still being made (ssh_start leaves it to a child). */
int ssh_keys_pending(void);

/* A child of PID 1 has exited: 0 if it was not ssh_start's; 1 if it was; 2 if it
 * was and r's fingerprints gained the ECDSA key's. */
int ssh_reaped(pid_t pid, int status, struct report *r);

/* Without a hardware RNG the kernel seeds its generator from timer jitter, and only
 * while someone waits for it: about a second under TCG. Called at PID 1's start, this
 * leaves a child waiting at the lowest priority, so that the second passes while
 * modules load and the disks are looked at, not in ssh_start. The child exits once
 * the generator is seeded; nothing when it already is. */
void ssh_entropy_early(void);

/* Validate one key line from source (a channel's name, for the log and the
 * report); keep it unless it is a duplicate, or log why not. Returns 1 if kept. */
int ssh_add_key(const char *source, int index, const char *line);

/* Count n keys that another process (the metadata job) added for source. */
void ssh_count_keys(const char *source, int n);

/* Write the keys kept so far to root's authorized_keys. Returns 0 or -errno. */
int ssh_keys_install(void);

/* Say in r how SSH is reached: port, keys by source, password kind (kept from
 * the first call when NULL). */
void ssh_describe(struct report *r, const char *password_what);

/* The one-time root password made at boot (no key and no hash was provisioned),
 * or NULL. Only for the local consoles: never logged, never in a file. */
const char *ssh_one_time_password(void);

#endif
