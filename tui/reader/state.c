/* state.c: what the reader keeps between sessions (positions, bookmarks, searches) in one file. */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reader/reader.h"

/*
 * The file, $XDG_STATE_HOME/planview/state, is UTF-8 text, one record a line:
 *
 *	planview-state 2
 *	position PATH TITLE PLACE OFFSET
 *	mark PATH TITLE LETTER PLACE OFFSET
 *	search PATTERN
 *
 * Fields are separated by one space; in PATH, TITLE, PLACE and PATTERN a backslash escapes
 * (\\ \s for a space, \t \n \r, \xHH for another control byte, \- for a lone -) and a
 * lone - is the empty string. A document is known by its absolute path, and by its title
 * line (title(status)(part)) when no record has that path, so that a moved or renamed
 * document keeps its bookmarks. PLACE is the path of an item (二/（一）/3; - before the
 * first item) and OFFSET the characters into the item's text on screen (-1: the heading
 * just before it), so a position survives edits elsewhere in the document. Format 1 files,
 * whose places were clause numbers (15 for (十五); 0 before the first), still read: a number
 * is a path too. Lines starting with # are comments. Searches are oldest first.
 */

#define STATE_VERSION 2
#define MAX_STATE_BYTES (16u * 1024 * 1024)
#define LOCK_WAIT_MS 5000
#define STATE_MAX_SEARCHES 100

enum rec_kind { REC_POSITION, REC_MARK };

struct record {
	enum rec_kind kind;
	char *path, *title;
	int letter;     /* marks: a-z, A-Z */
	char *place;    /* an item's path, "" before the first */
	int offset;
	bool dirty;     /* changed in this session: merged into the file when saving */
};

struct state {
	char *file;     /* NULL: there is nowhere to keep state */
	char *problem;  /* why the file could not be read, or NULL */
	struct record *v;
	size_t n;
	struct strlist searches;     /* oldest first, without repeats */
	struct strlist new_searches; /* this session's, to merge */
	char *path, *title;          /* the document the accessors are about */
	char *moved_from;            /* its records were carried over from this path */
	int version;                 /* of the file read: 1 kept clause numbers as places */
};

/* $XDG_STATE_HOME/planview/state, or ~/.local/state/planview/state; NULL if neither. */
char *
state_file(void)
{
	return file_xdg_path("XDG_STATE_HOME", ".local/state", "planview/state");
}

static void
escape(struct buf *b, const char *s)
{
	if (*s == '\0') {
		buf_putc(b, '-');
		return;
	}
	if (strcmp(s, "-") == 0) {
		buf_puts(b, "\\-");
		return;
	}
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\')
			buf_puts(b, "\\\\");
		else if (c == ' ')
			buf_puts(b, "\\s");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\r')
			buf_puts(b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undo escape() in place; on a bad escape, its byte offset in *bad and false. */
static bool
unescape(char *s, size_t *bad)
{
	char *out = s;
	const char *in = s;

	if (strcmp(s, "-") == 0) {
		*s = '\0';
		return true;
	}
	while (*in != '\0') {
		int hi, lo;

		if (*in != '\\') {
			*out++ = *in++;
			continue;
		}
		*bad = (size_t)(in - s);
		switch (in[1]) {
		case '\\': *out++ = '\\'; break;
		case 's': *out++ = ' '; break;
		case 't': *out++ = '\t'; break;
		case 'n': *out++ = '\n'; break;
		case 'r': *out++ = '\r'; break;
		case '-': *out++ = '-'; break;
		case 'x':
			if ((hi = hex_digit(in[2])) < 0 || (lo = hex_digit(in[3])) < 0 ||
			    hi * 16 + lo == 0)
				return false;
			*out++ = (char)(hi * 16 + lo);
			in += 2;
			break;
		default:
			return false;
		}
		in += 2;
	}
	*out = '\0';
	return true;
}

#define MAX_FIELDS 7

struct fields {
	char *v[MAX_FIELDS];
	unsigned col[MAX_FIELDS]; /* 1-based, in characters */
	size_t n;
};

/* Split a line at single spaces; false (with the column in *col) for an empty field. */
static bool
split(char *line, struct fields *f, unsigned *col)
{
	char *p = line;

	f->n = 0;
	for (;;) {
		char *sp = strchr(p, ' ');

		*col = (unsigned)utf8_chars(line, (size_t)(p - line)) + 1;
		if (sp == p || *p == '\0')
			return false;
		if (f->n == MAX_FIELDS)
			return true; /* too many: the caller reports it */
		f->v[f->n] = p;
		f->col[f->n++] = *col;
		if (sp == NULL)
			return true;
		*sp = '\0';
		p = sp + 1;
	}
}

/* A decimal number in [lo, hi]; false if it is not one. */
static bool
parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	if (!((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9')))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static struct record *
find_record(struct state *st, enum rec_kind kind, const char *path, int letter)
{
	for (size_t i = 0; i < st->n; i++) {
		struct record *x = &st->v[i];

		if (x->kind == kind && strcmp(x->path, path) == 0 &&
		    (kind != REC_MARK || x->letter == letter))
			return x;
	}
	return NULL;
}

static void
free_record(struct record *x)
{
	free(x->path);
	free(x->title);
	free(x->place);
}

/* Put a record last (the most recent), replacing one with the same key. */
static void
upsert(struct state *st, const struct record *rec)
{
	struct record *old = find_record(st, rec->kind, rec->path, rec->letter), copy = *rec;

	copy.path = xstrdup(rec->path);
	copy.title = xstrdup(rec->title);
	copy.place = xstrdup(rec->place);
	if (old != NULL) {
		free_record(old);
		memmove(old, old + 1, (size_t)(st->v + st->n - (old + 1)) * sizeof *old);
		st->n--;
	}
	st->v = xgrow(st->v, st->n, sizeof *st->v);
	st->v[st->n++] = copy;
}

static void
remove_search(struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0) {
			free(l->v[i]);
			memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
			l->n--;
			return;
		}
}

/* Add s as the newest search, dropping an older copy and the oldest beyond the limit. */
static void
push_search(struct strlist *l, const char *s)
{
	remove_search(l, s);
	strlist_add(l, s);
	if (l->n > STATE_MAX_SEARCHES) {
		size_t drop = l->n - STATE_MAX_SEARCHES;

		for (size_t i = 0; i < drop; i++)
			free(l->v[i]);
		memmove(l->v, l->v + drop, STATE_MAX_SEARCHES * sizeof *l->v);
		l->n = STATE_MAX_SEARCHES;
	}
}

/* Unescape field i of a record; false after a diagnostic. */
static bool
unescape_field(struct fields *f, size_t i, const char *file, unsigned line, struct diags *d)
{
	size_t bad;

	if (unescape(f->v[i], &bad))
		return true;
	diag_add(d, DIAG_ERROR, file, line, f->col[i] + (unsigned)utf8_chars(f->v[i], bad),
	    "bad escape in field %zu (\\\\, \\s, \\t, \\n, \\r, \\- and \\xHH are known)", i + 1);
	return false;
}

static void
parse_record(struct state *st, struct fields *f, const char *file, unsigned line,
    struct diags *d)
{
	struct record rec = { 0 };
	size_t want, first_num;
	int number = 0;
	const char *kind = f->v[0];

	if (strcmp(kind, "position") == 0)
		want = 5, rec.kind = REC_POSITION;
	else if (strcmp(kind, "mark") == 0)
		want = 6, rec.kind = REC_MARK;
	else if (strcmp(kind, "search") == 0)
		want = 2;
	else {
		diag_add(d, DIAG_ERROR, file, line, 1, "unknown record '%s'", kind);
		return;
	}
	if (f->n > want) {
		diag_add(d, DIAG_ERROR, file, line, f->col[want],
		    "too many fields: a %s record has %zu", kind, want);
		return;
	}
	if (f->n < want) {
		diag_add(d, DIAG_ERROR, file, line, f->col[f->n - 1] +
		    (unsigned)utf8_chars(f->v[f->n - 1], strlen(f->v[f->n - 1])),
		    "too few fields: a %s record has %zu", kind, want);
		return;
	}
	if (want == 2) {
		if (!unescape_field(f, 1, file, line, d))
			return;
		if (f->v[1][0] == '\0')
			diag_add(d, DIAG_ERROR, file, line, f->col[1], "an empty search");
		else
			push_search(&st->searches, f->v[1]);
		return;
	}
	if (!unescape_field(f, 1, file, line, d) || !unescape_field(f, 2, file, line, d))
		return;
	first_num = rec.kind == REC_MARK ? 4 : 3;
	if (!unescape_field(f, first_num, file, line, d))
		return;
	if (f->v[1][0] != '/') {
		diag_add(d, DIAG_ERROR, file, line, f->col[1], "'%s' is not an absolute path",
		    f->v[1]);
		return;
	}
	first_num = 3;
	if (rec.kind == REC_MARK) {
		if (strlen(f->v[3]) != 1 || !is_letter(f->v[3][0])) {
			diag_add(d, DIAG_ERROR, file, line, f->col[3],
			    "'%s' is not a mark: marks are letters a-z and A-Z", f->v[3]);
			return;
		}
		rec.letter = f->v[3][0];
		first_num = 4;
	}
	if (st->version == 1 && !parse_int(f->v[first_num], 0, 99999999, &number)) {
		diag_add(d, DIAG_ERROR, file, line, f->col[first_num],
		    "'%s' is not a clause number (0 to 99999999)", f->v[first_num]);
		return;
	}
	if (!parse_int(f->v[first_num + 1], -1, INT_MAX, &rec.offset)) {
		diag_add(d, DIAG_ERROR, file, line, f->col[first_num + 1],
		    "'%s' is not an offset (-1 or more)", f->v[first_num + 1]);
		return;
	}
	rec.path = xstrdup(f->v[1]);
	rec.title = xstrdup(f->v[2]);
	rec.place = st->version == 1 && number == 0 ? xstrdup("") : xstrdup(f->v[first_num]);
	st->v = xgrow(st->v, st->n, sizeof *st->v);
	st->v[st->n++] = rec; /* repeats are dropped at the end, not here: a big file loads fast */
}

struct keyed {
	const struct record *rec;
	size_t at;
};

static int
compare_keys(const struct record *x, const struct record *y)
{
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->path, y->path)) != 0)
		return c;
	return x->letter < y->letter ? -1 : x->letter > y->letter;
}

static int
compare_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = compare_keys(x->rec, y->rec);

	return c != 0 ? c : x->at < y->at ? -1 : x->at > y->at;
}

/* Of the records with the same key, keep the last; the rest stay in order. */
static void
drop_repeats(struct state *st)
{
	struct keyed *k;
	bool *drop;
	size_t out = 0;

	if (st->n < 2)
		return;
	k = xreallocarray(NULL, st->n, sizeof *k);
	drop = xcalloc(st->n, sizeof *drop);
	for (size_t i = 0; i < st->n; i++)
		k[i] = (struct keyed){ &st->v[i], i };
	qsort(k, st->n, sizeof *k, compare_keyed);
	for (size_t i = 0; i + 1 < st->n; i++)
		drop[k[i].at] = compare_keys(k[i].rec, k[i + 1].rec) == 0;
	for (size_t i = 0; i < st->n; i++) {
		if (drop[i])
			free_record(&st->v[i]);
		else
			st->v[out++] = st->v[i];
	}
	st->n = out;
	free(k);
	free(drop);
}

/* The header line: false after a diagnostic. */
static bool
parse_header(struct state *st, char *line, const char *file, struct diags *d)
{
	static const char magic[] = "planview-state ";
	int version;

	if (strncmp(line, magic, sizeof magic - 1) != 0) {
		diag_add(d, DIAG_ERROR, file, 1, 1,
		    "not a planview state file (the first line is not 'planview-state %d')",
		    STATE_VERSION);
		return false;
	}
	if (!parse_int(line + sizeof magic - 1, 1, INT_MAX, &version)) {
		diag_add(d, DIAG_ERROR, file, 1, sizeof magic, "'%s' is not a format version",
		    line + sizeof magic - 1);
		return false;
	}
	if (version > STATE_VERSION) {
		diag_add(d, DIAG_ERROR, file, 1, sizeof magic,
		    "format %d is from a newer planview (this one reads formats 1 to %d)", version,
		    STATE_VERSION);
		return false;
	}
	st->version = version;
	return true;
}

/* Read the records of data (NUL-terminated, len bytes) into st. */
static void
parse(struct state *st, char *data, size_t len, const char *file, struct diags *d)
{
	size_t bad;
	unsigned line = 0;
	char *p = data, *nl;

	if (!utf8_validate(data, len, &bad) || (bad = strlen(data)) != len) {
		unsigned ln = 1;
		char *start = data;

		for (char *q = data; q < data + bad; q++)
			if (*q == '\n')
				ln++, start = q + 1;
		diag_add(d, DIAG_ERROR, file, ln, (unsigned)utf8_chars(start,
		    (size_t)(data + bad - start)) + 1, data[bad] == '\0' ? "a NUL byte" :
		    "invalid UTF-8");
		return;
	}
	for (; p < data + len; p = nl + 1) {
		struct fields f;
		unsigned col;

		line++;
		if ((nl = strchr(p, '\n')) == NULL) {
			diag_add(d, DIAG_ERROR, file, line, (unsigned)utf8_chars(p, strlen(p)) + 1,
			    "the last line is cut short (no newline): the file is incomplete");
			return;
		}
		*nl = '\0';
		if (line == 1) {
			if (!parse_header(st, p, file, d))
				return;
			continue;
		}
		if (*p == '#' || *p == '\0')
			continue;
		if (!split(p, &f, &col))
			diag_add(d, DIAG_ERROR, file, line, col, "an empty field (fields are "
			    "separated by one space)");
		else
			parse_record(st, &f, file, line, d);
	}
	if (line == 0)
		diag_add(d, DIAG_ERROR, file, 1, 1, "an empty file (the first line should be "
		    "'planview-state %d')", STATE_VERSION);
}

static struct state *
state_new(const char *file)
{
	struct state *st = xcalloc(1, sizeof *st);

	st->file = file != NULL ? xstrdup(file) : NULL;
	return st;
}

/* The first problem as one line, the path shortened with ~. */
static char *
first_problem(const struct diags *d)
{
	const struct diag *x = &d->v[0];
	char *where = file_home_relative(x->file), *s;
	size_t more = diags_count(d, DIAG_ERROR) + diags_count(d, DIAG_WARNING) - 1;

	if (x->line != 0)
		s = xasprintf("%s:%u:%u: %s%s", where, x->line, x->col, x->msg,
		    more ? " (and more)" : "");
	else
		s = xasprintf("%s: %s", where, x->msg);
	free(where);
	return s;
}

/*
 * Read the state file (NULL: keep nothing). A missing file is an empty state; a file
 * that cannot be read, or has any problem, is reported in d and makes the state read-only
 * for the session: it is never written over. What could be read is still used.
 */
struct state *
state_load(const char *file, struct diags *d)
{
	struct state *st = state_new(file);
	struct diags mine = { 0 };
	struct stat sb;
	char *data, *why;
	size_t len;

	if (file == NULL || (lstat(file, &sb) == -1 && errno == ENOENT))
		return st;
	if ((data = file_read(file, MAX_STATE_BYTES, &len, &why)) == NULL) {
		diag_add(&mine, DIAG_ERROR, file, 0, 0, "cannot read the state file: %s", why);
		free(why);
	} else {
		parse(st, data, len, file, &mine);
		drop_repeats(st);
		free(data);
	}
	if (mine.n != 0)
		st->problem = first_problem(&mine);
	diags_merge(d, &mine);
	return st;
}

/* Why the state file is not being written this session, or NULL when it is. */
const char *
state_problem(const struct state *st)
{
	return st->problem;
}

static char *
title_key(const struct document *doc)
{
	struct buf b = { 0 };

	buf_puts(&b, doc->title != NULL ? doc->title : "");
	if (doc->status != NULL)
		buf_printf(&b, "(%s)", doc->status);
	if (doc->part != NULL)
		buf_printf(&b, "(%s)", doc->part);
	return buf_detach(&b);
}

static char *
absolute_path(const char *path)
{
	char *real = realpath(path, NULL), cwd[PATH_MAX];

	if (real != NULL)
		return real;
	if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return xstrdup(path);
	return xasprintf("%s/%s", cwd, path);
}

/*
 * Make doc the document the accessors are about. When no record has its path but
 * some have its title, the newest such document's records are carried over: it was
 * moved or renamed. Returns that document's path (borrowed), or NULL.
 */
const char *
state_open_document(struct state *st, const struct document *doc)
{
	size_t n = st->n;

	free(st->path);
	free(st->title);
	free(st->moved_from);
	st->moved_from = NULL;
	st->path = absolute_path(doc->path);
	st->title = title_key(doc);
	for (size_t i = 0; i < n; i++)
		if (strcmp(st->v[i].path, st->path) == 0)
			return NULL;
	for (size_t i = n; i > 0 && st->moved_from == NULL && st->title[0] != '\0'; i--)
		if (strcmp(st->v[i - 1].title, st->title) == 0)
			st->moved_from = xstrdup(st->v[i - 1].path);
	for (size_t i = 0; st->moved_from != NULL && i < n; i++)
		if (strcmp(st->v[i].path, st->moved_from) == 0) {
			struct record copy = st->v[i];

			copy.path = st->path;
			copy.title = st->title;
			copy.dirty = true;
			upsert(st, &copy); /* appends: the new path has no records to replace */
		}
	return st->moved_from;
}

/*
 * Of several documents (a library), the one read last: whose position record is the newest.
 * The accessors are then about it. SIZE_MAX (and about none in particular) when none has one.
 */
size_t
state_open_newest(struct state *st, struct document *const *docs, size_t n)
{
	size_t best = SIZE_MAX, best_at = 0;

	for (size_t i = 0; i < n; i++) {
		state_open_document(st, docs[i]);
		for (size_t k = 0; k < st->n; k++)
			if (st->v[k].kind == REC_POSITION && strcmp(st->v[k].path, st->path) == 0 &&
			    (best == SIZE_MAX || k >= best_at)) {
				best = i;
				best_at = k;
			}
	}
	if (best != SIZE_MAX)
		state_open_document(st, docs[best]);
	return best;
}

static void
set_record(struct state *st, enum rec_kind kind, int letter, const char *place, int offset)
{
	struct record rec = { kind, st->path, st->title, letter, (char *)place, offset, true };

	if (st->path == NULL)
		fatal("state: no document is open");
	upsert(st, &rec);
}

static bool
get_record(struct state *st, enum rec_kind kind, int letter, const char **place, int *offset)
{
	const struct record *x;

	if (st->path == NULL || (x = find_record(st, kind, st->path, letter)) == NULL)
		return false;
	*place = x->place;
	*offset = x->offset;
	return true;
}

/* The last reading position in the open document (the place borrowed): false if there is none. */
bool
state_position(struct state *st, const char **place, int *offset)
{
	return get_record(st, REC_POSITION, 0, place, offset);
}

/* Remember the reading position in the open document: an item's path and an offset. */
void
state_set_position(struct state *st, const char *place, int offset)
{
	set_record(st, REC_POSITION, 0, place, offset);
}

/* The bookmark letter in the open document (the place borrowed): false if it is not set. */
bool
state_mark(struct state *st, int letter, const char **place, int *offset)
{
	return get_record(st, REC_MARK, letter, place, offset);
}

/* Set the bookmark letter (a-z, A-Z) in the open document. */
void
state_set_mark(struct state *st, int letter, const char *place, int offset)
{
	if (!is_letter(letter))
		fatal("state: '%c' is not a mark letter", letter);
	set_record(st, REC_MARK, letter, place, offset);
}

/* The search history, oldest first (borrowed). */
const struct strlist *
state_searches(const struct state *st)
{
	return &st->searches;
}

/* Add a search to the history as the newest. */
void
state_add_search(struct state *st, const char *pattern)
{
	if (*pattern == '\0')
		return;
	push_search(&st->searches, pattern);
	push_search(&st->new_searches, pattern);
}

static void
format(const struct state *st, struct buf *b)
{
	buf_printf(b, "planview-state %d\n", STATE_VERSION);
	buf_puts(b, "# planview's positions, bookmarks and searches: see planview(1), FILES\n");
	for (size_t i = 0; i < st->n; i++) {
		const struct record *x = &st->v[i];

		buf_puts(b, x->kind == REC_MARK ? "mark " : "position ");
		escape(b, x->path);
		buf_putc(b, ' ');
		escape(b, x->title);
		if (x->kind == REC_MARK)
			buf_printf(b, " %c", x->letter);
		buf_putc(b, ' ');
		escape(b, x->place);
		buf_printf(b, " %d\n", x->offset);
	}
	for (size_t i = 0; i < st->searches.n; i++) {
		buf_puts(b, "search ");
		escape(b, st->searches.v[i]);
		buf_putc(b, '\n');
	}
}

/* Make every missing directory of file's directory, as 0700 (the XDG rule); -1 and errno. */
static int
make_dirs(const char *file)
{
	char *dir = xstrdup(file);

	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

/* An exclusive lock on file.lock, waiting a while for another planview; -1 on failure. */
static int
lock(const char *file, char **why)
{
	char *name = xasprintf("%s.lock", file);
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600), waited = 0;

	if (fd == -1) {
		*why = xasprintf("cannot open the lock file %s: %s", name, strerror(errno));
		free(name);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= LOCK_WAIT_MS) {
			*why = errno == EWOULDBLOCK ? xasprintf("another planview has held %s "
			    "for %d s", name, LOCK_WAIT_MS / 1000) :
			    xasprintf("cannot lock %s: %s", name, strerror(errno));
			close(fd);
			free(name);
			return -1;
		}
		nanosleep(&ts, NULL);
		waited += 10;
	}
	free(name);
	return fd;
}

static bool
has_changes(const struct state *st)
{
	if (st->new_searches.n != 0)
		return true;
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].dirty)
			return true;
	return false;
}

/* Merge st's changes into disk, the file as it is now. */
static void
merge(struct state *disk, const struct state *st)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].dirty) {
			struct record rec = st->v[i];

			rec.dirty = false;
			upsert(disk, &rec);
		}
	for (size_t i = 0; i < st->new_searches.n; i++)
		push_search(&disk->searches, st->new_searches.v[i]);
}

/* st takes what disk holds (the merged file): it is up to date, with nothing unsaved. */
static void
adopt(struct state *st, struct state *disk)
{
	for (size_t i = 0; i < st->n; i++)
		free_record(&st->v[i]);
	free(st->v);
	st->v = disk->v;
	st->n = disk->n;
	disk->v = NULL;
	disk->n = 0;
	strlist_free(&st->searches);
	strlist_free(&st->new_searches);
	st->searches = disk->searches;
	disk->searches = (struct strlist){ 0 };
}

/*
 * Save this session's changes: under a lock, read the file again, merge the changes into
 * it (so that another planview's bookmarks are kept), and replace it atomically (a new
 * file is private, 0600). Returns
 * 0, or -1 with *why set (nothing is written over a file that cannot be read).
 */
int
state_save(struct state *st, char **why)
{
	struct diags d = { 0 };
	struct state *disk;
	struct buf text = { 0 };
	int fd, rc = -1;

	if (st->file == NULL || !has_changes(st))
		return 0;
	if (st->problem != NULL) {
		*why = xasprintf("not saved, the state file could not be read: %s", st->problem);
		return -1;
	}
	if (make_dirs(st->file) == -1) {
		char *dir = xstrdup(st->file);

		*strrchr(dir, '/') = '\0';
		*why = xasprintf("cannot make the directory %s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	if ((fd = lock(st->file, why)) == -1)
		return -1;
	disk = state_load(st->file, &d);
	if (disk->problem != NULL) {
		*why = xasprintf("not saved, the state file changed and cannot be read now: %s",
		    disk->problem);
	} else {
		merge(disk, st);
		format(disk, &text);
		file_remove_leftovers(st->file); /* a writer killed midway: the lock is ours now */
		if ((rc = file_write(st->file, text.s, text.len, 0600, 0)) >= 0) {
			adopt(st, disk); /* 2, an owner not kept: the file is still the reader's */
			rc = 0;
		} else
			*why = xasprintf("cannot write %s: %s", st->file, strerror(errno));
	}
	close(fd); /* and with it the lock */
	buf_free(&text);
	state_free(disk);
	diags_free(&d);
	return rc;
}

/* Free the state. */
void
state_free(struct state *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->n; i++)
		free_record(&st->v[i]);
	free(st->v);
	strlist_free(&st->searches);
	strlist_free(&st->new_searches);
	free(st->file);
	free(st->problem);
	free(st->path);
	free(st->title);
	free(st->moved_from);
	free(st);
}
