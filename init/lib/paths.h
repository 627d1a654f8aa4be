/* Every path lifeboat's PID 1 and CLI use, in one place; each may be overridden at build time. */
#ifndef LB_PATHS_H
#define LB_PATHS_H

#ifndef LB_RUN_DIR
#define LB_RUN_DIR "/run/lifeboat"		/* state written by PID 1, read by the CLI */
#endif
#define LB_STATUS_JSON LB_RUN_DIR "/status.json"
#define LB_BANNER_TXT LB_RUN_DIR "/banner.txt"
#define LB_DIAGNOSE_TXT LB_RUN_DIR "/diagnose.txt"	/* lifeboat diagnose's summary, for the banner and motd */
#define LB_GUEST_LOCK LB_RUN_DIR "/guest.lock"	/* held by each command that mounts or changes the guest */
#define LB_SIG_DIAG (SIGRTMIN + 2)			/* to PID 1: diagnose.txt is new */
#ifndef LB_KMSG
#define LB_KMSG "/dev/kmsg"
#endif
#ifndef LB_SHELL
#define LB_SHELL "/bin/sh"
#endif
#ifndef LB_MODULES_DIR
#define LB_MODULES_DIR "/lib/modules"
#endif
/* a file QEMU passes with -fw_cfg name=opt/lifeboat/NAME,file=… */
#define LB_FW_CFG(name) "/sys/firmware/qemu_fw_cfg/by_name/opt/lifeboat/" name "/raw"
#define LB_BUSYBOX "/bin/busybox"
#define LB_LIFEBOAT "/usr/bin/lifeboat"		/* the CLI: a link to /init */
/* a provider's extra programs (make image CONFIG=…) are in /usr/local/bin: last, so that
 * they never stand in for the tools lifeboat's repairs run */
#define LB_PATH_ENV "PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/bin"
/* what a provider's build bakes in (make image CONFIG=…); each may be missing */
#define LB_PROVIDER_NAME "/etc/lifeboat/name"		/* one line: the name in the banner */
#define LB_PROVIDER_MOTD "/etc/lifeboat/motd"		/* text shown under the banner and at SSH login */
#define LB_STAFF_KEYS "/etc/lifeboat/staff_keys"	/* the provider staff's keys, authorized_keys lines */
#ifndef LB_CGROUP
#define LB_CGROUP "/sys/fs/cgroup"			/* cgroup v2, mounted by PID 1 */
#endif
#define LB_SESSIONS_CGROUP LB_CGROUP "/sessions"	/* one group below it per SSH session */
#define LB_SESSION_SHELL "/usr/libexec/lifeboat/session-shell"	/* root's shell: a link to /init */

#endif
