/* xmalloc.c: allocation that never returns NULL, fatal errors, whole-file reads and the clock. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

static char *
read_error(char **why, const char *what, int fd)
{
	int saved = errno;

	if (fd != -1)
		close(fd);
	*why = xasprintf("%s", what != NULL ? what : strerror(saved));
	return NULL;
}

/*
 * A per-user file under an XDG base directory: $ENV/NAME when ENV holds an absolute path
 * (as the specification requires), else ~/FALLBACK/NAME; NULL without a home.
 */
char *
xdg_path(const char *env, const char *fallback, const char *name)
{
	const char *xdg = getenv(env), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/%s", xdg, name);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/%s/%s", home, fallback, name);
	return NULL;
}

/* A path as the user knows it: ~/.config/planview/keys rather than /home/u/.config/... */
char *
home_relative(const char *path)
{
	const char *home = getenv("HOME");
	size_t n = home != NULL ? strlen(home) : 0;

	if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/')
		return xasprintf("~%s", path + n);
	return xstrdup(path);
}

/*
 * Read a whole regular file of at most limit bytes; the result is NUL-terminated and its
 * length stored in *lenp. On failure return NULL and set *why to a message.
 */
char *
read_file(const char *path, size_t limit, size_t *lenp, char **why)
{
	struct stat st;
	char *data;
	size_t len = 0;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return read_error(why, NULL, -1);
	if (fstat(fd, &st) == -1)
		return read_error(why, NULL, fd);
	if (S_ISDIR(st.st_mode))
		return read_error(why, "is a directory", fd);
	if (!S_ISREG(st.st_mode))
		return read_error(why, "not a regular file", fd);
	if ((uintmax_t)st.st_size > limit) {
		close(fd);
		*why = xasprintf("file too large (%jd bytes; the limit is %zu)",
		    (intmax_t)st.st_size, limit);
		return NULL;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		got = read(fd, data + len, (size_t)st.st_size - len);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			free(data);
			return read_error(why, NULL, fd);
		}
		if (got == 0)
			break; /* the file shrank under us: take what is there */
		len += (size_t)got;
	}
	close(fd);
	data[len] = '\0';
	*lenp = len;
	return data;
}

/* Milliseconds on the monotonic clock, for slicing long work between keys. */
long
clock_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
