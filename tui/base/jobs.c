/*
 * jobs.c: work over a list cut into contiguous chunks, the first done by this process and
 * each other by a child process (fork()), as make -j and xargs -P share work: a child
 * shares nothing with the others once forked, so nothing in the code it runs has to be
 * safe across threads. A child writes its result, as it goes, to a memory file that the
 * caller maps once the child is done (no copy), and what it writes to standard error to
 * another, written out in chunk order, so the output is what one process going through
 * the list in order would have written. A child that fails (it cannot be forked, it dies)
 * leaves its chunk to be done by the caller.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"

struct job {
	pid_t pid;         /* 0: not forked */
	int out, err;      /* its result, its standard error (memory files; out open to the end) */
	void *map;         /* the result, mapped once it is done */
	size_t map_len;
};

struct jobs {
	size_t n, njobs;
	struct job *v;
};

/* How many processes a list of n items is worth: JOBS_ENV, else the CPUs this one may use. */
size_t
jobs_for(size_t n, size_t per_job)
{
	const char *env = getenv(JOBS_ENV);
	long want = 1;
	cpu_set_t cpus;
	char *end;

	if (env != NULL && *env != '\0') {
		errno = 0;
		want = strtol(env, &end, 10);
		if (errno != 0 || *end != '\0' || want < 1)
			want = 1;
	} else if (sched_getaffinity(0, sizeof cpus, &cpus) == 0)
		want = CPU_COUNT(&cpus);
	if (want > JOBS_MAX)
		want = JOBS_MAX;
	if ((size_t)want > n / (per_job != 0 ? per_job : 1))
		want = (long)(n / (per_job != 0 ? per_job : 1));
	return want < 1 ? 1 : (size_t)want;
}

/* The bounds of chunk k: items [*from, *to). */
static void
jobs_chunk(const struct jobs *j, size_t k, size_t *from, size_t *to)
{
	*from = j->n * k / j->njobs;
	*to = j->n * (k + 1) / j->njobs;
}

static void
job_close(struct job *job)
{
	if (job->out != -1)
		close(job->out);
	if (job->err != -1)
		close(job->err);
	job->out = job->err = -1;
}

/*
 * In the child: do the chunk, its result written to the job's memory file, and end
 * without running exit handlers (they are the parent's).
 */
static void
job_run(struct jobs *j, size_t k, jobs_fn *fn, void *arg)
{
	size_t from, to;
	bool ok;

	if (dup2(j->v[k].err, STDERR_FILENO) == -1)
		_exit(127);
	jobs_chunk(j, k, &from, &to);
	ok = fn(from, to, arg, j->v[k].out);
	free(j->v); /* the rest is reachable still: for valgrind, what this child made is freed */
	free(j);
	_exit(ok ? 0 : 127);
}

/*
 * Start njobs - 1 children over chunks 1 to njobs - 1 of n items, each running fn(from, to,
 * arg, fd) to write its result to fd (true when it did); chunk 0 is the caller's
 * (jobs_chunk()). Output already buffered is flushed first, so that no child writes it
 * again.
 */
static struct jobs *
jobs_start(size_t n, size_t njobs, jobs_fn *fn, void *arg)
{
	struct jobs *j = xcalloc(1, sizeof *j);

	j->n = n;
	j->njobs = njobs != 0 ? njobs : 1;
	j->v = xcalloc(j->njobs, sizeof *j->v);
	fflush(NULL);
	for (size_t k = 1; k < j->njobs; k++) {
		struct job *job = &j->v[k];

		job->out = memfd_create("planview-job", MFD_CLOEXEC);
		job->err = memfd_create("planview-job-stderr", MFD_CLOEXEC);
		if (job->out == -1 || job->err == -1) {
			job_close(job);
			continue;
		}
		if ((job->pid = fork()) == 0)
			job_run(j, k, fn, arg);
		if (job->pid == -1) {
			job->pid = 0;
			job_close(job);
		}
	}
	return j;
}

/* A memory file mapped read-only (NULL with *len 0 when it is empty), or false. */
static bool
map_back(int fd, void **map, size_t *len)
{
	struct stat st;

	*map = NULL;
	*len = 0;
	if (fstat(fd, &st) == -1)
		return false;
	if (st.st_size == 0)
		return true;
	*map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (*map == MAP_FAILED) {
		*map = NULL;
		return false;
	}
	*len = (size_t)st.st_size;
	return true;
}

/*
 * Wait for chunk k's child (k >= 1): its result in *data and *len (mapped until
 * jobs_free()), and what it wrote to standard error written there now. False when it
 * failed: then nothing of it is written, and the caller does chunk k itself.
 */
static bool
jobs_wait(struct jobs *j, size_t k, const char **data, size_t *len)
{
	struct job *job = &j->v[k];
	void *err = NULL;
	size_t err_len = 0;
	bool ok;
	int st;

	if (job->pid == 0)
		return false;
	while (waitpid(job->pid, &st, 0) == -1 && errno == EINTR)
		;
	job->pid = 0;
	ok = WIFEXITED(st) && WEXITSTATUS(st) == 0 && map_back(job->out, &job->map,
	    &job->map_len) && map_back(job->err, &err, &err_len);
	if (ok && err_len != 0)
		fwrite(err, 1, err_len, stderr);
	if (err != NULL)
		munmap(err, err_len);
	close(job->err);
	job->err = -1;
	*data = job->map != NULL ? job->map : "";
	*len = job->map_len;
	return ok;
}

/*
 * Go through n items in njobs chunks: chunk 0 here (here(from, to, arg)), each other in a
 * child (child(from, to, arg, fd), its result written to fd), whose result is then given
 * to take(arg, data, len, fd, from, to) in chunk order (fd: the memory file it is mapped
 * from, for a copy the kernel makes); a child that failed, or whose result take() refuses,
 * has its chunk done here instead. The results stay mapped and open until jobs_free().
 */
struct jobs *
jobs_run(size_t n, size_t njobs, jobs_fn *child, jobs_here_fn *here, jobs_take_fn *take,
    void *arg)
{
	struct jobs *j = jobs_start(n, njobs, child, arg);
	size_t from, to, len;
	const char *data;

	jobs_chunk(j, 0, &from, &to);
	here(from, to, arg);
	for (size_t k = 1; k < j->njobs; k++) {
		jobs_chunk(j, k, &from, &to);
		if (!jobs_wait(j, k, &data, &len) || !take(arg, data, len, j->v[k].out, from, to))
			here(from, to, arg);
	}
	return j;
}

/* Let go of the jobs: a child not waited for yet is waited for, its output dropped. */
void
jobs_free(struct jobs *j)
{
	if (j == NULL)
		return;
	for (size_t k = 1; k < j->njobs; k++) {
		while (j->v[k].pid != 0 && waitpid(j->v[k].pid, NULL, 0) == -1 && errno == EINTR)
			;
		job_close(&j->v[k]);
		if (j->v[k].map != NULL)
			munmap(j->v[k].map, j->v[k].map_len);
	}
	free(j->v);
	free(j);
}
