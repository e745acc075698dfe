/* clock.c: the monotonic clock, for slicing long work between keys. */
#include <time.h>

#include "base/base.h"

/* Milliseconds on the monotonic clock, for slicing long work between keys. */
long
clock_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
