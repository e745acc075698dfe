/* xmalloc.c: allocation that never returns NULL, and fatal errors. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "base/base.h"

const char *progname = "planview";

/* Hook run by fatal() before exiting, so the reader can restore the terminal first. */
void (*fatal_hook)(void);

/* Report a bug or resource exhaustion and exit with status 2. */
void
fatal(const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook != NULL)
		fatal_hook();
	fprintf(stderr, "%s: fatal: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* malloc() that never fails. */
void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		fatal("out of memory (%zu bytes)", size);
	return p;
}

/* calloc() that never fails. */
void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

/* reallocarray() that never fails and checks the multiplication. */
void *
xreallocarray(void *old, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		fatal("allocation overflow (%zu x %zu bytes)", n, size);
	p = realloc(old, n != 0 && size != 0 ? n * size : 1);
	if (p == NULL)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

#define POPULATE_MIN ((size_t)1 << 20) /* bytes: below this, faults cost too little to matter */

/*
 * Fault in the pages of bytes at p, all at once, where the kernel can (Linux 5.14's
 * MADV_POPULATE_WRITE): for an array about to be filled, one call instead of a page fault
 * every 4 KiB, which on a virtual machine whose page tables are shadowed costs several
 * microseconds each (about 6 here: a fifth of building a large plan's page).
 */
static void
populate(void *p, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t from, to;

	if (bytes < POPULATE_MIN || page <= 0)
		return;
	from = ((uintptr_t)p + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	to = ((uintptr_t)p + bytes) & ~((uintptr_t)page - 1);
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)bytes;
#endif
}

#define HUGE_SIZE ((size_t)2 << 20) /* bytes: a huge page, where the kernel has them */

/*
 * Ask for huge pages for the 2 MiB stretches within bytes at p; whether the kernel took
 * the request (transparent huge pages on request: "madvise" or "always").
 */
static bool
huge_pages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	uintptr_t from = ((uintptr_t)p + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1);
	uintptr_t to = ((uintptr_t)p + bytes) & ~(uintptr_t)(HUGE_SIZE - 1);

	return to > from && madvise((void *)from, to - from, MADV_HUGEPAGE) == 0;
#else
	(void)p;
	(void)bytes;
	return false;
#endif
}

/*
 * An array of a megabyte or more moved to room for n items of size bytes (the first `had` of them
 * copied over): memory aligned to a huge page and a whole number of them long, asked for as huge
 * pages, so that filling it takes a page fault every 2 MiB, where a virtual machine whose
 * page tables are shadowed takes several microseconds for each 4 KiB (over ten here: a
 * large plan's page of 8 MB took 20 ms to fault in, 0.5 ms as huge pages). Freed with free().
 */
void *
xrealloc_large(void *old, size_t had, size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (size != 0 && n > (SIZE_MAX - HUGE_SIZE) / size)
		fatal("allocation overflow (%zu x %zu bytes)", n, size);
	bytes = n * size;
	if (bytes < HUGE_SIZE / 2)
		return xreallocarray(old, n, size);
	bytes = (bytes + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	if (posix_memalign(&p, HUGE_SIZE, bytes) != 0)
		fatal("out of memory (%zu x %zu bytes)", n, size);
	if (!huge_pages(p, bytes) && had * size >= POPULATE_MIN)
		populate((char *)p + had * size, bytes - had * size);
	if (had != 0)
		memcpy(p, old, had * size);
	free(old);
	return p;
}

/*
 * Room in an array of n items (*cap of them) for `more` more, in one piece: at least twice
 * the room there was, so that an array grown a slice at a time is copied a few times in
 * all, and a large one in huge pages (xrealloc_large()).
 */
void *
xreserve(void *p, size_t n, size_t *cap, size_t more, size_t size)
{
	if (more <= *cap - n)
		return p;
	*cap = n + more > 2 * *cap ? n + more : 2 * *cap;
	return xrealloc_large(p, n, *cap, size);
}

/*
 * The heap is about to grow by about `bytes` (a large plan being parsed, whose model takes
 * about its size again): grow it now in one step, and ask for it as huge pages (faulted in
 * 2 MiB at a time as it fills), else fault it all in with one call (populate()), where it
 * would take a page fault every 4 KiB as it fills: some 35,000 for a 100 MB plan, a fifth
 * of its parse here. Not populate() first: all of it faulted in before the first line is
 * parsed took 60-340 ms of the reader's first screen of that plan, as the host had the
 * memory at hand or not (38-46 ms as huge pages). glibc's malloc only, whose heap grows by
 * M_TOP_PAD more than it needs when it grows: blocks are asked for until it does (as many
 * as its free memory, mallinfo2(), could serve, and one more), then given back (they join
 * the top of the heap, which free() then keeps: M_TRIM_THRESHOLD).
 * Where the heap cannot grow in place, or another malloc is in use (the sanitizers'),
 * nothing happens.
 */
void
heap_reserve(size_t bytes)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33) && defined(M_TOP_PAD) && \
    defined(M_TRIM_THRESHOLD)
	enum { PROBE = 64 * 1024, TOP_PAD_DEFAULT = 128 * 1024 };
	struct mallinfo2 mi = mallinfo2();
	size_t most = mi.fordblks / PROBE + 2, n = 0; /* the heap's free memory, taken, grows it */
	void **probe;
	char *before, *after;

	if (bytes > INT_MAX / 2)
		bytes = INT_MAX / 2;
	if (sbrk(0) == (void *)-1 || (probe = malloc(most * sizeof *probe)) == NULL)
		return;
	if (mallopt(M_TRIM_THRESHOLD, (int)(2 * bytes)) == 0 ||
	    mallopt(M_TOP_PAD, (int)bytes) == 0) {
		free(probe);
		return;
	}
	before = sbrk(0); /* after the probes' array, which may have grown it */
	while (n < most && (probe[n] = malloc(PROBE)) != NULL && (n++, sbrk(0) == before))
		;
	after = sbrk(0);
	(void)mallopt(M_TOP_PAD, TOP_PAD_DEFAULT);
	if (after != (void *)-1 && after > before &&
	    !huge_pages(before, (size_t)(after - before)))
		populate(before, (size_t)(after - before));
	while (n > 0)
		free(probe[--n]);
	free(probe);
#else
	(void)bytes;
#endif
}

/*
 * Make room in an array of n items for one more. The capacity is implied: the next power of
 * two, so appending stays amortised O(1) without a capacity field (and a realloc that
 * always copies, as under AddressSanitizer, cannot make a loop of appends quadratic).
 * The new half of a large array is faulted in at once (populate()).
 */
void *
xgrow(void *p, size_t n, size_t size)
{
	size_t cap = n < 4 ? 4 : 2 * n;

	if (n >= 4 && (n & (n - 1)) != 0)
		return p;
	p = xreallocarray(p, cap, size);
	if (n * size >= POPULATE_MIN)
		populate((char *)p + n * size, (cap - n) * size);
	return p;
}

/* strdup() that never fails. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* A NUL-terminated copy of the first len bytes of s. */
char *
xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* vasprintf() that never fails. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory formatting a message");
	return s;
}

/* asprintf() that never fails. */
char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/*
 * Zeroed memory of its own for arrays of megabytes filled at once (a snapshot's model),
 * aligned to huge pages and asked for as huge pages (see xrealloc_large()); NULL if it
 * cannot be had. Let go with unmap_large(), with the same size.
 */
void *
map_large(size_t bytes)
{
	size_t len = (bytes + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	char *m, *p;

	if (bytes == 0 || len < bytes || len > SIZE_MAX - HUGE_SIZE)
		return NULL;
	m = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)m + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1));
	if (p > m) /* the slack before and after the aligned stretch goes back */
		munmap(m, (size_t)(p - m));
	if (m + HUGE_SIZE > p)
		munmap(p + len, (size_t)(m + HUGE_SIZE - p));
	(void)huge_pages(p, len);
	return p;
}

void
unmap_large(void *p, size_t bytes)
{
	if (p != NULL)
		munmap(p, (bytes + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1));
}
