/*
 * thread.c: a thread started with every signal blocked: SIGWINCH, SIGINT and the rest are
 * the main thread's to take, so a helper thread never runs a handler meant for it.
 */
#include <sys/resource.h>

#include <pthread.h>
#include <signal.h>

#include "base/base.h"

/* Start fn(arg) on a thread of its own, signals blocked; false if it cannot be had. */
bool
thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	bool started;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	started = pthread_create(t, NULL, fn, arg) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return started;
}

/*
 * Whether a second thread is affordable: not when the address space is capped (ulimit -v),
 * since the thread's own malloc arena reserves 64 MiB or more of it at once, and under a
 * tight cap every allocation then fails over to a slow path, or fails.
 */
bool
thread_affordable(void)
{
	struct rlimit r;

	return getrlimit(RLIMIT_AS, &r) != 0 || r.rlim_cur == RLIM_INFINITY;
}
