/* Restart spacing for supervised children. */
#include "backoff.h"

int backoff_next(int prev_ms, long long ran_ms)
{
	if (ran_ms >= BACKOFF_HEALTHY_MS || prev_ms <= 0)
		return BACKOFF_MIN_MS;
	if (prev_ms >= BACKOFF_MAX_MS / 2)
		return BACKOFF_MAX_MS;
	return prev_ms * 2;
}
