/* cache.c: the per-user cache directory: its place, a fast content hash, and its size cap (least recently used go first). */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"

#define CACHE_MAX_DEFAULT (1024ull * 1024 * 1024) /* 1 GiB unless PLANVIEW_CACHE_MAX says */

/*
 * The cache directory, created if missing: $PLANVIEW_CACHE_DIR, else $XDG_CACHE_HOME/planview,
 * else ~/.cache/planview. NULL when there is none to be had (no home, not creatable).
 */
char *
cache_dir(void)
{
	const char *env = getenv("PLANVIEW_CACHE_DIR");
	char *dir = env != NULL && env[0] == '/' ? xstrdup(env) :
	    file_xdg_path("XDG_CACHE_HOME", ".cache", "planview");
	static char *made; /* the directory made (or found) last: once a process, not a plan */
	char *slash;

	if (dir == NULL)
		return NULL;
	if (made != NULL && strcmp(made, dir) == 0)
		return dir;
	if (mkdir(dir, 0700) == 0 || errno == EEXIST) {
		free(made);
		made = xstrdup(dir);
		return dir;
	}
	if (errno == ENOENT && (slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0'; /* ~/.cache itself may be missing */
		(void)mkdir(dir, 0700);
		*slash = '/';
		if (mkdir(dir, 0700) == 0 || errno == EEXIST)
			return dir;
	}
	free(dir);
	return NULL;
}

static inline uint64_t
mix(uint64_t h, uint64_t w)
{
	h ^= w * 0x9e3779b97f4a7c15ull;
	h = (h << 31) | (h >> 33);
	return h * 0xbf58476d1ce4e5b9ull;
}

/*
 * A 64-bit hash of len bytes, four lanes of eight bytes at a time (several GB/s): it tells
 * changed bytes from the same, it does not stand against anyone forging them. The bytes
 * may come in pieces (hash_start(), hash_add(), hash_end(): a file written from several
 * buffers); the hash is the same as of the whole at once, which cache_hash() takes.
 */
void
hash_start(struct hasher *x, uint64_t seed, size_t len)
{
	*x = (struct hasher){ .h = { seed, seed ^ 0x94d049bb133111ebull, ~seed, seed + len },
	    .len = len };
}

/*
 * Take whole 32-byte blocks from p (n of them). The lanes are kept in locals: through x,
 * every byte read from p might alias them, and each would be stored and loaded again.
 */
static void
hash_blocks(struct hasher *x, const unsigned char *p, size_t n)
{
	uint64_t h0 = x->h[0], h1 = x->h[1], h2 = x->h[2], h3 = x->h[3], w[4];

	for (size_t i = 0; i < n; i++, p += 32) {
		memcpy(w, p, 32);
		h0 = mix(h0, w[0]);
		h1 = mix(h1, w[1]);
		h2 = mix(h2, w[2]);
		h3 = mix(h3, w[3]);
	}
	x->h[0] = h0;
	x->h[1] = h1;
	x->h[2] = h2;
	x->h[3] = h3;
}

void
hash_add(struct hasher *x, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t take;

	if (len == 0)
		return;
	if (x->npend != 0) { /* complete the block begun by the last piece */
		take = len < 32 - x->npend ? len : 32 - x->npend;
		memcpy(x->pend + x->npend, p, take);
		x->npend += take;
		p += take;
		len -= take;
		if (x->npend < 32)
			return;
		hash_blocks(x, x->pend, 1);
		x->npend = 0;
	}
	hash_blocks(x, p, len / 32);
	memcpy(x->pend, p + len / 32 * 32, len % 32);
	x->npend = len % 32;
}

uint64_t
hash_end(struct hasher *x)
{
	for (size_t i = 0; i < x->npend; i++) /* the last bytes, lane by their place */
		x->h[i & 3] = mix(x->h[i & 3], x->pend[i]);
	return mix(mix(x->h[0], x->h[1]), mix(x->h[2], x->h[3])) ^ x->len;
}

uint64_t
cache_hash(const void *data, size_t len, uint64_t seed)
{
	struct hasher x;

	hash_start(&x, seed, len);
	hash_add(&x, data, len);
	return hash_end(&x);
}

/* Say on standard error that a cache file could not be used: "planview: warning: FILE..." */
void
cache_warn(const char *file, const char *format, ...)
{
	va_list ap;

	fprintf(stderr, _("%s: warning: "), progname);
	fputs_safe(file, stderr, true);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
}

/* Mark a cache file as just used (its modification time), for the size cap. */
void
cache_touch(const char *path)
{
	(void)utimensat(AT_FDCWD, path, NULL, 0);
}

/* The cap on the cache's size in bytes: $PLANVIEW_CACHE_MAX, else 1 GiB. */
static unsigned long long
cache_cap(void)
{
	const char *env = getenv("PLANVIEW_CACHE_MAX");
	char *end;
	unsigned long long v;

	if (env == NULL || *env == '\0')
		return CACHE_MAX_DEFAULT;
	v = strtoull(env, &end, 10);
	return *end == '\0' ? v : CACHE_MAX_DEFAULT;
}

struct entry {
	char *path;
	unsigned long long size;
	struct timespec used;
};

static int
by_use(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	return (x->used.tv_nsec > y->used.tv_nsec) - (x->used.tv_nsec < y->used.tv_nsec);
}

/* Whether name ends in one of the suffixes (a NULL-terminated list). */
static bool
named_with(const char *name, const char *const *suffixes)
{
	size_t len = strlen(name);

	for (; *suffixes != NULL; suffixes++)
		if (len > strlen(*suffixes) && strcmp(name + len - strlen(*suffixes), *suffixes) == 0)
			return true;
	return false;
}

/* The regular files in dir whose names end in one of suffixes, with their sizes and last use. */
static size_t
list_entries(const char *dir, const char *const *suffixes, struct entry **out,
    unsigned long long *total)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t n = 0;
	struct stat st;

	*out = NULL;
	*total = 0;
	while (dp != NULL && (de = readdir(dp)) != NULL) {
		char *path;

		if (de->d_name[0] == '.' || !named_with(de->d_name, suffixes))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		*out = xgrow(*out, n, sizeof **out);
		(*out)[n++] = (struct entry){ path, (unsigned long long)st.st_size, st.st_mtim };
		*total += (unsigned long long)st.st_size;
	}
	if (dp != NULL)
		closedir(dp);
	return n;
}

/*
 * Keep the files in dir named with any of suffixes (NULL-terminated) within the cap: the least recently used (by their
 * modification time, which cache_touch() sets) are removed first, but never keep, the one
 * just written.
 */
void
cache_trim(const char *dir, const char *const *suffixes, const char *keep)
{
	struct entry *v;
	unsigned long long total, cap = cache_cap();
	size_t n = list_entries(dir, suffixes, &v, &total);

	qsort(v, n, sizeof *v, by_use);
	for (size_t i = 0; i < n && total > cap; i++)
		if ((keep == NULL || strcmp(v[i].path, keep) != 0) && unlink(v[i].path) == 0)
			total -= v[i].size;
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}
