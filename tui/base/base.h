/*
 * base.h: the base layer: allocation, buffers, string lists, diagnostics, UTF-8, wrapping,
 * numerals, files, child processes and helper threads. It depends on nothing of
 * planview's; every other layer uses it.
 *
 * Ownership, stated once:
 * - Functions returning char * return a string the caller frees, unless marked "borrowed".
 * - Allocation never fails visibly: the x*() wrappers call fatal() on exhaustion.
 * Errors come in three tiers: fatal() for bugs and out-of-memory; -1 (or NULL) with a
 * message for recoverable failures; struct diags for problems in user input.
 */
#ifndef PLANVIEW_BASE_H
#define PLANVIEW_BASE_H

#include <sys/types.h>

#include <libintl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Strings for people go through gettext (the catalogue is po/); N_() marks them for later. */
#define _(s) gettext(s)
#define N_(s) (s)

/* xmalloc.c */
extern const char *progname;
extern void (*fatal_hook)(void);
void fatal(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
void *xgrow(void *, size_t, size_t);
void *xrealloc_large(void *, size_t, size_t, size_t);
void *xreserve(void *, size_t, size_t *, size_t, size_t);
void *map_large(size_t);
void unmap_large(void *, size_t);
void heap_reserve(size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* file.c: whole reads, atomic writes, per-user paths */
#define FILE_KEEP 0x1 /* file_write(): leave an existing file alone */
#define FILE_CACHE 0x2 /* file_write(): a cache's file, checked when read: not flushed to disk */
char *file_read(const char *, size_t, size_t *, char **);
ssize_t file_read_fd(int, char *, size_t);
int file_write_fd(int, const char *, size_t);
int file_write(const char *, const char *, size_t, mode_t, int);
struct file_piece {
	const char *data;
	size_t len;
};
int file_write_pieces(const char *, const struct file_piece *, size_t, mode_t, int);
int file_write_with(const char *, int (*)(int, void *), void *, mode_t, int);
FILE *file_spool(void);
void file_send(int, off_t, size_t, FILE *);
void file_remove_leftovers(const char *);
void file_set_crash_hook(void (*)(int));
char *file_xdg_path(const char *, const char *, const char *);
char *file_home_relative(const char *);

/* cache.c: the per-user cache directory, a content hash, the cache's size cap */
char *cache_dir(void);
uint64_t cache_hash(const void *, size_t, uint64_t);
struct hasher {            /* cache_hash() of bytes given in pieces */
	uint64_t h[4];
	size_t len, npend;
	unsigned char pend[32];
};
void hash_start(struct hasher *, uint64_t, size_t);
void hash_add(struct hasher *, const void *, size_t);
uint64_t hash_end(struct hasher *);
void cache_touch(const char *);
void cache_warn(const char *, const char *, ...) __attribute__((format(printf, 2, 3)));
void cache_trim(const char *, const char *const *, const char *);

/* dl.c: a shared library loaded on first use */
bool dl_load(void **, const char *, const char *const *, size_t, void **, char **);
/*
 * A library's functions called through pointers loaded on first use (dl_load()): LIST(X)
 * names them; LIBRARY_API(LIST, api) declares the table api, whose member f has f's own
 * type, and api_names, their names; LIBRARY_COUNT(api), how many.
 */
#define LIBRARY_FIELD(f) __typeof__(f) *f;
#define LIBRARY_NAME(f) #f,
#define LIBRARY_API(LIST, api) \
	static struct { LIST(LIBRARY_FIELD) } api; \
	static const char *const api##_names[] = { LIST(LIBRARY_NAME) }
#define LIBRARY_COUNT(api) (sizeof api##_names / sizeof api##_names[0])

/* clock.c */
long clock_ms(void);

/* buf.c: a growable byte string, always NUL-terminated */
struct buf {
	char *s;
	size_t len;
	size_t cap;
	size_t defined;  /* the bytes of s that hold data or zeros: past len by BUF_TAIL or more */
	/* if set, given the whole lines held each time they pass BUF_SPILL bytes, which */
	/* then leave the buffer: output streamed as it is made (buf_add() calls it) */
	void (*spill)(void *, const char *, size_t);
	void *spill_arg;
};
#define BUF_SPILL (256 * 1024)
void buf_add(struct buf *, const void *, size_t);
void buf_puts(struct buf *, const char *);
void buf_putc(struct buf *, char);
void buf_printf(struct buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void buf_truncate(struct buf *, size_t);
char *buf_detach(struct buf *);
void buf_free(struct buf *);

/* thread.c: a helper thread, its signals blocked */
bool thread_start(pthread_t *, void *(*)(void *), void *);
bool thread_affordable(void);

/* jobs.c: a list's chunks done by child processes, their output in the list's order */
#define JOBS_ENV "PLANVIEW_JOBS" /* how many processes at most (default: the CPUs) */
#define JOBS_MAX 8
typedef bool jobs_fn(size_t, size_t, void *, int);                    /* in a child */
typedef void jobs_here_fn(size_t, size_t, void *);                     /* in this process */
typedef bool jobs_take_fn(void *, const char *, size_t, int, size_t, size_t); /* a result */
struct jobs;
size_t jobs_for(size_t, size_t);
struct jobs *jobs_run(size_t, size_t, jobs_fn *, jobs_here_fn *, jobs_take_fn *, void *);
void jobs_free(struct jobs *);

/* strlist.c: a growable list of owned strings, and a list with a hash index */
struct strlist {
	char **v;
	size_t n;
};
void strlist_add(struct strlist *, const char *);
void strlist_add_owned(struct strlist *, char *);
bool strlist_has(const struct strlist *, const char *);
void strlist_join(struct buf *, const struct strlist *, const char *);
void strlist_free(struct strlist *);
size_t str_hash(const char *);
struct strindex {
	struct strlist list; /* each string once, in the order first put */
	size_t *slots;       /* 1 + its position in list, or 0; at most half full */
	size_t nslots;
};
size_t strindex_put(struct strindex *, const char *);
size_t strindex_get(const struct strindex *, const char *);
void strindex_free(struct strindex *);

/* diag.c: diagnostics about user input, with a position, collected and shown together */
enum diag_level { DIAG_WARNING = 1, DIAG_ERROR = 2 };
struct diag {
	enum diag_level level;
	char *file;
	unsigned line; /* 1-based; 0 when the problem has no position */
	unsigned col;  /* 1-based, in characters */
	char *msg;
};
#define MAX_DIAGS 100 /* kept and shown; beyond them only counted */
struct diags {
	struct diag *v;
	size_t n;
	size_t count[DIAG_ERROR + 1]; /* by level, including those not kept */
	enum diag_level worst;        /* 0 when empty */
};
void diag_add(struct diags *, enum diag_level, const char *, unsigned, unsigned,
    const char *, ...) __attribute__((format(printf, 6, 7)));
void diag_vadd(struct diags *, enum diag_level, const char *, unsigned, unsigned,
    const char *, va_list) __attribute__((format(printf, 6, 0)));
void diags_merge(struct diags *, struct diags *);
void diags_print(const struct diags *, FILE *);
size_t diags_count(const struct diags *, enum diag_level);
void diags_free(struct diags *);

/*
 * utf8.c: decoding, display width and making untrusted text safe for a terminal. Widths
 * come from wcwidth(), so LC_CTYPE must be a UTF-8 locale: main() sets C.UTF-8 when the
 * user's is not; a program linking the library must do the same, or CJK counts as unsafe.
 */
size_t utf8_decode(const char *, size_t, uint32_t *);
size_t utf8_encode(uint32_t, char *);
bool utf8_validate(const char *, size_t, size_t *);
size_t utf8_chars(const char *, size_t);
size_t utf8_prefix(const char *, size_t, size_t);
bool cp_is_blank(uint32_t);
size_t blank_span(const char *, size_t);
size_t blank_trim(const char *, size_t);
size_t blank_strip(const char *, size_t, size_t *);
bool has_prefix(const char *, size_t, const char *);
bool has_suffix(const char *, size_t, const char *);
bool cp_is_unsafe(uint32_t);
bool cp_is_ambiguous(uint32_t);
int cp_width(uint32_t, bool);
size_t utf8_width(const char *, size_t, bool);
void utf8_escape_cp(struct buf *, uint32_t);
bool utf8_is_safe(const char *, size_t);
void utf8_sanitize(struct buf *, const char *, size_t);
void utf8_sanitize_lines(struct buf *, const char *, size_t);
void utf8_fit(struct buf *, const char *, size_t, size_t, bool, bool);
void fputs_safe(const char *, FILE *, bool);

/* layout.c: wrapping with CJK widths and line-breaking rules */
struct wrapline {
	size_t start, end; /* byte range in the wrapped string */
};
bool layout_is_closing(uint32_t);
bool layout_is_opening(uint32_t);
size_t layout_wrap(const char *, size_t, int, int, int, bool, struct wrapline **);

/* numeral.c: Chinese numerals as used for chapter and clause numbers */
int numeral_parse(const char *, size_t);
char *numeral_format(int);
int clause_spec_parse(const char *);

#endif
