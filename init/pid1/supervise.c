/* Supervision: a fixed table of children, restarted with backoff when they end. */
#define _GNU_SOURCE
#include "supervise.h"
#include "backoff.h"
#include "../lib/log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct child {
	char name[32];
	char arg[32];
	supervise_exec_fn fn;
	pid_t pid;			/* 0 when not running */
	long long started_ms;
	long long due_ms;		/* next start; -1 while running or stopped */
	int delay_ms;
	unsigned starts;
	int job;			/* done after a successful exit */
	int done;
};

static struct child children[SUPERVISE_MAX];
static int nchildren;
static int stopping;

int supervise_add(const char *name, supervise_exec_fn fn, const char *arg)
{
	struct child *c;

	if (nchildren >= SUPERVISE_MAX)
		return -ENOSPC;
	c = &children[nchildren++];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(c->arg, sizeof c->arg, "%s", arg ? arg : "");
	c->fn = fn;
	c->due_ms = 0;
	return 0;
}

int supervise_add_job(const char *name, supervise_exec_fn fn, const char *arg)
{
	int err = supervise_add(name, fn, arg);

	if (err == 0)
		children[nchildren - 1].job = 1;
	return err;
}

void supervise_child_reset(void)
{
	sigset_t none;
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	for (int s = 1; s < NSIG; s++)
		sigaction(s, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void start(struct child *c, long long now)
{
	pid_t pid = fork();

	if (pid < 0) {
		c->delay_ms = backoff_next(c->delay_ms, 0);
		c->due_ms = now + c->delay_ms;
		log_err("%s: fork: %s; next try in %d ms", c->name, strerror(errno), c->delay_ms);
		return;
	}
	if (pid == 0) {
		supervise_child_reset();
		c->fn(c->arg);
		_exit(127);
	}
	c->pid = pid;
	c->started_ms = now;
	c->due_ms = -1;
	c->starts++;
	if (c->starts > 1)
		log_info("%s restarted (start %u, pid %d)", c->name, c->starts, (int)pid);
}

void supervise_tick(long long now_ms)
{
	if (stopping)
		return;
	for (int i = 0; i < nchildren; i++)
		if (children[i].pid == 0 && children[i].due_ms >= 0 && children[i].due_ms <= now_ms)
			start(&children[i], now_ms);
}

int supervise_timeout(long long now_ms)
{
	long long best = -1;

	if (stopping)
		return -1;
	for (int i = 0; i < nchildren; i++) {
		const struct child *c = &children[i];
		if (c->pid != 0 || c->due_ms < 0)
			continue;
		long long wait = c->due_ms > now_ms ? c->due_ms - now_ms : 0;
		if (best < 0 || wait < best)
			best = wait;
	}
	return (int)best;
}

int supervise_reaped(pid_t pid, int status, long long now_ms)
{
	for (int i = 0; i < nchildren; i++) {
		struct child *c = &children[i];
		if (c->pid != pid)
			continue;
		long long ran = now_ms - c->started_ms;
		c->pid = 0;
		if (stopping)
			return 1;
		if (c->job && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			c->due_ms = -1;
			c->done = 1;
			log_info("%s done after %lld ms", c->name, ran);
			return 1;
		}
		c->delay_ms = backoff_next(c->delay_ms, ran);
		c->due_ms = now_ms + c->delay_ms;
		if (WIFSIGNALED(status))
			log_warn("%s (pid %d) killed by signal %d after %lld ms; restart in %d ms",
				 c->name, (int)pid, WTERMSIG(status), ran, c->delay_ms);
		else if (WEXITSTATUS(status) != 0 && ran < BACKOFF_HEALTHY_MS)
			log_warn("%s (pid %d) exited with status %d after %lld ms; restart in %d ms",
				 c->name, (int)pid, WEXITSTATUS(status), ran, c->delay_ms);
		else
			log_info("%s (pid %d) exited with status %d; restart in %d ms",
				 c->name, (int)pid, WEXITSTATUS(status), c->delay_ms);
		return 1;
	}
	return 0;
}

int supervise_stop_all(void)
{
	int running = 0;

	stopping = 1;
	for (int i = 0; i < nchildren; i++) {
		if (children[i].pid > 0) {
			kill(children[i].pid, SIGTERM);
			// a shell ignores SIGTERM; its terminal hanging up ends it
			kill(children[i].pid, SIGHUP);
			running++;
		}
	}
	return running;
}

void supervise_resume(long long now_ms)
{
	stopping = 0;
	for (int i = 0; i < nchildren; i++)
		if (children[i].pid == 0 && !children[i].done)
			children[i].due_ms = now_ms;
}
