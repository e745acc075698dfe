/* xmalloc.c: allocation that never returns NULL, and fatal errors. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>

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

/*
 * Make room in an array of n items for one more. The capacity is implied: the next power of
 * two, so appending stays amortised O(1) without a capacity field (and a realloc that
 * always copies, as under AddressSanitizer, cannot make a loop of appends quadratic).
 */
void *
xgrow(void *p, size_t n, size_t size)
{
	if (n >= 4 && (n & (n - 1)) != 0)
		return p;
	return xreallocarray(p, n < 4 ? 4 : 2 * n, size);
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
 * xcalloc() for an array of megabytes filled at once (a snapshot's nodes): asks for huge
 * pages where the kernel gives them on request, so that filling it takes a fault every
 * 2 MiB rather than every 4 KiB. Freed with free().
 */
void *
xcalloc_large(size_t n, size_t size)
{
	void *p = xcalloc(n, size);
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t from = ((uintptr_t)p + huge - 1) & ~(huge - 1), to;

	if (n != 0 && size <= SIZE_MAX / n) {
		to = ((uintptr_t)p + n * size) & ~(huge - 1);
		if (to > from)
			(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
	}
#endif
	return p;
}
