/* lifeboat menu: the console menu PID 1 runs on each console (unless
 * lifeboat.menu=0). Every entry runs a `lifeboat` subcommand on this terminal,
 * so its plan is shown and its confirmation typed here; the menu decides nothing. */
#define _GNU_SOURCE
#include "cli.h"
#include "menu_text.h"
#include "../lib/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define LINE_MAX_MENU 4096

enum how { PLAIN, ASK_DEVICE, ASK_USER, ASK_KEY, ASK_SNAPSHOT, SHELL, CONFIRM };

static const struct item {
	struct menu_entry e;
	enum how how;
	const char *argv[4];	/* after "lifeboat" */
} items[] = {
	{ { "disks", "show the disks and the guest's root" }, PLAIN, { "disks" } },
	{ { "mount", "mount the guest read-only at /mnt/guest" }, PLAIN, { "mount" } },
	{ { "chroot", "a shell inside the guest" }, PLAIN, { "chroot" } },
	{ { "backup", "back up first: the commands to run from your machine" }, PLAIN, { "backup", "--how" } },
	{ { "password", "set a user's password (a random one)" }, ASK_USER, { "fix", "password", "--random" } },
	{ { "ssh-key", "add an SSH public key for a user" }, ASK_KEY, { "fix", "ssh-key", "--yes" } },
	{ { "fsck", "check and repair a filesystem" }, ASK_DEVICE, { "fix", "fsck" } },
	{ { "fstab", "fstab entries for missing devices: nofail" }, PLAIN, { "fix", "fstab" } },
	{ { "network", "the guest's network config to DHCP on this NIC" }, PLAIN, { "fix", "network" } },
	{ { "firewall", "the guest's firewall off at boot" }, PLAIN, { "fix", "firewall" } },
	{ { "initramfs", "rebuild the guest's initramfs" }, PLAIN, { "fix", "initramfs" } },
	{ { "bootloader", "reinstall the guest's GRUB" }, PLAIN, { "fix", "bootloader" } },
	{ { "space", "free space on a full filesystem" }, PLAIN, { "fix", "space" } },
	{ { "snapshot", "try a repair first: begin, commit, rollback" }, ASK_SNAPSHOT, { "snapshot" } },
	{ { "shell", "a shell on the rescue system" }, SHELL, { NULL } },
	{ { "reboot", "reboot" }, CONFIRM, { "reboot" } },
	{ { "poweroff", "power off" }, CONFIRM, { "poweroff" } },
};
#define NITEMS ((int)(sizeof items / sizeof *items))

static int ask(const char *question, char *line, size_t size)
{
	printf("%s", question);
	fflush(stdout);
	if (!fgets(line, (int)size, stdin))
		return -1;
	line[strcspn(line, "\r\n")] = '\0';
	return 0;
}

/* Run argv on this terminal (stdin from pipe_text when given); wait; its exit status. */
static int run(char *const argv[], const char *pipe_text)
{
	int p[2] = { -1, -1 }, status = 0;
	pid_t pid;

	fflush(stdout);
	if (pipe_text && pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		if (pipe_text)
			dup2(p[0], 0);
		if (strcmp(argv[0], LB_SHELL) == 0) {
			char *const login[] = { "-sh", NULL };
			execv(LB_SHELL, login);
		} else {
			execv(argv[0], argv);
		}
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pipe_text) {
		close(p[0]);
		if (pid > 0)
			dprintf(p[1], "%s\n", pipe_text);
		close(p[1]);
	}
	if (pid < 0)
		return -errno;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *meaning(int rc)
{
	static const char *const m[] = { "done", "failed", "usage", "refused for safety", "needs confirmation" };

	return rc >= 0 && rc <= 4 ? m[rc] : "ended";
}

static void choose(const struct item *it)
{
	char answer[LINE_MAX_MENU];
	const char *argv[10] = { LB_LIFEBOAT }, *input = NULL;
	int n = 1, rc;

	for (int i = 0; i < 4 && it->argv[i]; i++)
		argv[n++] = it->argv[i];
	switch (it->how) {
	case ASK_USER:
		if (ask("user [root]: ", answer, sizeof answer) < 0)
			return;
		if (answer[0]) {
			argv[n++] = "--user";
			argv[n++] = answer;
		}
		break;
	case ASK_DEVICE:
		if (ask("device (/dev/…, UUID=…) [the guest's root]: ", answer, sizeof answer) < 0)
			return;
		if (answer[0])
			argv[n++] = answer;
		break;
	case ASK_KEY:
		if (ask("paste the public key (one line): ", answer, sizeof answer) < 0 || !answer[0])
			return;
		input = answer;
		{
			char word[16];
			printf("add this key to root's ~/.ssh/authorized_keys in the guest?\n");
			if (ask("type yes to go ahead: ", word, sizeof word) < 0 || strcmp(word, "yes") != 0) {
				printf("nothing done\n");
				return;
			}
		}
		break;
	case ASK_SNAPSHOT:
		if (ask("begin, commit, rollback or status? ", answer, sizeof answer) < 0 || !answer[0])
			return;
		argv[n++] = answer;
		break;
	case CONFIRM:
		if (ask("type yes to go ahead: ", answer, sizeof answer) < 0 || strcmp(answer, "yes") != 0) {
			printf("nothing done\n");
			return;
		}
		break;
	case SHELL: {
		// a login shell, so that it reads /etc/profile (the prompt) like the console's own
		char *const sh[] = { LB_SHELL, NULL };
		printf("a shell; exit (or Ctrl-D) comes back to the menu\n");
		run(sh, NULL);
		return;
	}
	case PLAIN:
		break;
	}
	argv[n] = NULL;
	rc = run((char *const *)argv, input);
	printf("[%s: exit %d, %s]\n", it->e.label, rc, meaning(rc));
}

int cmd_menu(int argc, char **argv)
{
	static char text[4096];
	struct menu_entry e[NITEMS];
	char line[LINE_MAX_MENU];

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "lifeboat menu takes no arguments\n");
		return EXIT_USAGE;
	}
	// Ctrl-C stops what the menu runs, not the menu
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	for (int i = 0; i < NITEMS; i++)
		e[i] = items[i].e;
	if (menu_render("lifeboat menu (every entry shows its plan and asks before it acts)", e, NITEMS, text,
			sizeof text) < 0)
		return EXIT_FAILED;
	for (;;) {
		fputs(text, stdout);
		fflush(stdout);
		if (!fgets(line, sizeof line, stdin))
			return EXIT_DONE;	/* end of input: PID 1 starts the menu again */
		int i = menu_choose(line, e, NITEMS);
		if (i == -2)
			printf("no such entry: %s", line);
		else if (i >= 0)
			choose(&items[i]);
	}
}
