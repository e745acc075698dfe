/*
 * file.c: files: whole reads, atomic writes (the one way planview replaces a file), and
 * per-user paths under the XDG base directories.
 */
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/* Standard input read to its end, at most limit bytes (see file_read()). */
static char *
stdin_read(size_t limit, size_t *lenp, char **why)
{
	size_t len = 0, size = 65536;
	char *data = xmalloc(size + 1);
	ssize_t got;

	for (;;) {
		if (len == size) {
			if (size > limit) {
				free(data);
				*why = xasprintf("standard input too large (over %zu bytes)", limit);
				return NULL;
			}
			size *= 2;
			data = xreallocarray(data, size + 1, 1);
		}
		got = read(STDIN_FILENO, data + len, size - len);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			free(data);
			return read_error(why, NULL, -1);
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (len > limit) {
		free(data);
		*why = xasprintf("standard input too large (over %zu bytes)", limit);
		return NULL;
	}
	data[len] = '\0';
	*lenp = len;
	return data;
}

/* Read up to len bytes of fd into data, fewer at its end; how many, or -1 with errno set. */
ssize_t
file_read_fd(int fd, char *data, size_t len)
{
	size_t have = 0;
	ssize_t got;

	while (have < len) {
		got = read(fd, data + have, len - have);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			return -1;
		if (got == 0)
			break;
		have += (size_t)got;
	}
	return (ssize_t)have;
}

/*
 * Read a whole regular file of at most limit bytes, or standard input when path is "-";
 * the result is NUL-terminated and its length stored in *lenp. On failure return NULL and
 * set *why to a message.
 */
char *
file_read(const char *path, size_t limit, size_t *lenp, char **why)
{
	struct stat st;
	char *data;
	size_t len;
	ssize_t got;
	int fd;

	if (strcmp(path, "-") == 0)
		return stdin_read(limit, lenp, why);
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
	if ((got = file_read_fd(fd, data, (size_t)st.st_size)) == -1) {
		free(data);
		return read_error(why, NULL, fd);
	}
	len = (size_t)got; /* short if the file shrank under us: what is there */
	close(fd);
	data[len] = '\0';
	*lenp = len;
	return data;
}

static void (*crash_hook)(int);

/* Tests: call hook with the temporary file's descriptor just before it is renamed. */
void
file_set_crash_hook(void (*hook)(int))
{
	crash_hook = hook;
}

/*
 * Write the pieces with writev(), as one write however many pieces: the page cache then
 * holds the file in large folios, as for one buffer written whole, where a write per piece
 * (a small header first) leaves it in small ones. On this machine reading a 100 MB
 * snapshot so written, mapped, took 45 ms against 8 ms.
 */
static int
write_pieces(int fd, const struct file_piece *pieces, size_t n)
{
	struct iovec iov[16];
	size_t at = 0, k = 0;
	ssize_t got;

	if (n > sizeof iov / sizeof iov[0])
		fatal("write_pieces: %zu pieces", n);
	for (size_t i = 0; i < n; i++)
		if (pieces[i].len != 0)
			iov[k++] = (struct iovec){ (void *)pieces[i].data, pieces[i].len };
	while (at < k) {
		if ((got = writev(fd, iov + at, (int)(k - at))) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; at < k && (size_t)got >= iov[at].iov_len; at++)
			got -= (ssize_t)iov[at].iov_len;
		if (at < k) {
			iov[at].iov_base = (char *)iov[at].iov_base + got;
			iov[at].iov_len -= (size_t)got;
		}
	}
	return 0;
}

/* Write len bytes of data to fd, however many writes it takes: 0, or -1 with errno set. */
int
file_write_fd(int fd, const char *data, size_t len)
{
	struct file_piece whole = { data, len };

	return write_pieces(fd, &whole, 1);
}

static int
sync_fd(int fd)
{
	while (fsync(fd) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* The directory holding path ("." for a bare name). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Flush the directory holding path, so that a rename in it survives a power cut. */
static void
sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		sync_fd(fd);
		close(fd);
	}
	free(dir);
}

/*
 * The file path names once its symbolic links are followed, as far as they lead (a link
 * may name a file not there yet); NULL with errno ELOOP for a loop.
 */
static char *
link_target(const char *path)
{
	char *cur = xstrdup(path), *next, *dir, target[PATH_MAX];
	struct stat st;
	ssize_t n;

	for (int hops = 0; hops < 40; hops++) {
		if (lstat(cur, &st) == -1 || !S_ISLNK(st.st_mode) ||
		    (n = readlink(cur, target, sizeof target - 1)) == -1)
			return cur;
		target[n] = '\0';
		dir = dir_of(cur);
		next = target[0] == '/' ? xstrdup(target) : xasprintf("%s/%s", dir, target);
		free(dir);
		free(cur);
		cur = next;
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}

/* The temporary files of path are .NAME.XXXXXX beside it (mkstemp() fills in the Xs). */
static char *
temp_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash != NULL ? (int)(slash - path + 1) : 0;

	return xasprintf("%.*s.%s.XXXXXX", dirlen, path, path + dirlen);
}

/*
 * Write len bytes of data to the file name names atomically: into a new temporary file
 * beside it (mkstemp(): a name no one else has), flushed to the disk, then renamed over
 * it, and the directory flushed: the file is the old one or the whole new one, never
 * half. A symbolic link is written through (its target is the file), so it stays a link,
 * as editors do and a dotfile manager's link needs. A file
 * that is there keeps its permission mode, and its owner and group where the writer may
 * give them (root, or a group of the owner's); a new one gets mode less the umask. With
 * FILE_KEEP, an existing path is left alone and 1 returned (link() makes the new name,
 * so that a file appearing meanwhile is not lost either). With FILE_CACHE nothing is
 * flushed: a cache's file is still whole or absent after a crash of the program, and one a
 * power cut left short is caught by its checksum when read. Returns 0 when written, 2 when
 * written but the old file's owner or group could not be kept (the file is the writer's
 * now), -1 with errno set when not written; no temporary file is left either way.
 */
int
file_write(const char *name, const char *data, size_t len, mode_t mode, int flags)
{
	struct file_piece whole = { data, len };

	return file_write_pieces(name, &whole, 1, mode, flags);
}

struct pieces {
	const struct file_piece *v;
	size_t n;
};

static int
fill_pieces(int fd, void *arg)
{
	const struct pieces *p = arg;

	return write_pieces(fd, p->v, p->n);
}

/* file_write() of the n pieces one after the other: a file made in several buffers. */
int
file_write_pieces(const char *name, const struct file_piece *pieces, size_t n, mode_t mode,
    int flags)
{
	struct pieces p = { pieces, n };

	return file_write_with(name, fill_pieces, &p, mode, flags);
}

/*
 * file_write() of what fill writes to the file descriptor it is given (0, or -1 with errno
 * set): a file too large to hold in memory at once, written as it is read from elsewhere.
 */
int
file_write_with(const char *name, int (*fill)(int, void *), void *arg, mode_t mode, int flags)
{
	char *path = link_target(name), *tmp;
	bool replace = !(flags & FILE_KEEP), old, owner_lost = false;
	mode_t mask;
	struct stat st;
	int fd, rc = -1, saved;

	if (path == NULL)
		return -1;
	tmp = temp_template(path);
	mask = umask(0);
	umask(mask);
	old = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	mode = old ? st.st_mode & 07777 : mode & ~mask;
	if ((fd = mkstemp(tmp)) == -1) {
		saved = errno;
		free(tmp);
		free(path);
		errno = saved;
		return -1;
	}
	if (old && (st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(fd, st.st_uid, st.st_gid) == -1)
		owner_lost = true;
	if (fchmod(fd, mode) == 0 && fill(fd, arg) == 0 &&
	    ((flags & FILE_CACHE) || sync_fd(fd) == 0))
		rc = 0;
	saved = errno;
	if (rc == 0 && crash_hook != NULL)
		crash_hook(fd);
	if (close(fd) == -1 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && !replace) {
		if (link(tmp, path) == 0)
			rc = 0;
		else if (errno == EEXIST || lstat(path, &st) == 0)
			rc = 1;
		else
			replace = true; /* a file system without hard links: rename */
	}
	if (rc == 0 && replace && rename(tmp, path) == -1) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0 || !replace)
		unlink(tmp); /* a failure's leftover, or after link() the file's second name */
	if (rc == 0 && !(flags & FILE_CACHE))
		sync_dir(path);
	free(tmp);
	free(path);
	errno = saved;
	return rc == 0 && replace && owner_lost ? 2 : rc;
}

/*
 * Remove the temporary files a file_write() of path killed midway left beside it. Only
 * for a caller that holds a lock keeping out every other writer of path.
 */
void
file_remove_leftovers(const char *path)
{
	char *dir = dir_of(path), *tmp = temp_template(path), *base = strrchr(tmp, '/');
	size_t plen;
	struct dirent *de;
	DIR *d;

	base = base != NULL ? base + 1 : tmp;
	plen = strlen(base) - 6; /* the name before the Xs */
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *name;

			if (strlen(de->d_name) != plen + 6 || strncmp(de->d_name, base, plen) != 0)
				continue;
			name = xasprintf("%s/%s", dir, de->d_name);
			unlink(name);
			free(name);
		}
		closedir(d);
	}
	free(dir);
	free(tmp);
}

/*
 * A stream to hold output in before it is written out: a memory file (memfd_create()), else
 * an unnamed temporary file; fully buffered. Its bytes go out with file_send(). NULL with
 * errno set if neither can be had.
 */
FILE *
file_spool(void)
{
	int fd = memfd_create("planview-spool", MFD_CLOEXEC);
	FILE *fp = fd != -1 ? fdopen(fd, "w+") : tmpfile();

	if (fp == NULL && fd != -1)
		close(fd);
	if (fp != NULL)
		setvbuf(fp, NULL, _IOFBF, 64 * 1024);
	return fp;
}

/*
 * Write len bytes of the file fd from offset from to the stream to: copied by the kernel
 * (sendfile(); the bytes never pass through this process's memory), else read and written.
 */
void
file_send(int fd, off_t from, size_t len, FILE *to)
{
	char block[64 * 1024];
	ssize_t got;

	fflush(to);
	while (len != 0 && (got = sendfile(fileno(to), fd, &from, len)) > 0)
		len -= (size_t)got;
	while (len != 0 && (got = pread(fd, block, len < sizeof block ? len : sizeof block,
	    from)) > 0) {
		fwrite(block, 1, (size_t)got, to);
		from += got;
		len -= (size_t)got;
	}
}
