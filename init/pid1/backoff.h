/* Restart spacing for supervised children (pure). */
#ifndef LB_BACKOFF_H
#define LB_BACKOFF_H

#define BACKOFF_MIN_MS 250		/* a child that exits is restarted no sooner than this */
#define BACKOFF_MAX_MS 30000		/* a crash loop settles at one start per 30 s */
#define BACKOFF_HEALTHY_MS 10000	/* a child that ran this long starts again from the minimum */

/* The delay before the next start of a child that ran for ran_ms after the
 * previous delay prev_ms (0 the first time): doubles while it keeps dying young. */
int backoff_next(int prev_ms, long long ran_ms);

#endif
