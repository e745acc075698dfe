/* file.c: files: whole reads, per-user paths under the XDG base directories. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"

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
file_xdg_path(const char *env, const char *fallback, const char *name)
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
file_home_relative(const char *path)
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
file_read(const char *path, size_t limit, size_t *lenp, char **why)
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
