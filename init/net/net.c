/* Links up, one supervised busybox udhcpc per link; its script applies the lease. */
#define _GNU_SOURCE
#include "net.h"
#include "../lib/log.h"
#include "../lib/paths.h"
#include "../pid1/supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define UDHCPC_SCRIPT "/usr/share/lifeboat/udhcpc.script"

static int link_up(int sock, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
		return -errno;
	return 0;
}

static void exec_udhcpc(const char *ifname)
{
	char *const argv[] = { "udhcpc", "-f", "-i", (char *)ifname, "-s", UDHCPC_SCRIPT,
			       "-x", "hostname:lifeboat", "-t", "4", "-T", "2", "-A", "3", NULL };
	char *const envp[] = { LB_PATH_ENV, NULL };

	// udhcpc talks a lot on stdout: its news reaches kmsg through the script
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	execve("/bin/busybox", argv, envp);
	_exit(127);
}

int net_start(const struct report *r)
{
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int started = 0;

	if (sock < 0) {
		log_err("network: socket: %s", strerror(errno));
		return 0;
	}
	link_up(sock, "lo");
	for (int i = 0; i < r->nlinks; i++) {
		char name[64];
		int err = link_up(sock, r->links[i].name);
		if (err < 0) {
			log_warn("%s: can't bring the link up: %s", r->links[i].name, strerror(-err));
			continue;
		}
		snprintf(name, sizeof name, "dhcp on %s", r->links[i].name);
		if (supervise_add(name, exec_udhcpc, r->links[i].name) == 0)
			started++;
	}
	close(sock);
	return started;
}
