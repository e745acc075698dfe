/* test_state.c: the state file: round trip, corrupt files, two writers, crashes mid-write. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"

static char dir[64];
static char *file;

/* The temporary files a save has left beside the state file (.state.XXXXXX). */
static int
temporaries(bool remove)
{
	char *where = xasprintf("%s/sub/dir", dir);
	struct dirent *de;
	DIR *d = opendir(where);
	int n = 0;

	while (d != NULL && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, ".state.", 7) == 0 && strlen(de->d_name) == 13) {
			char *name = xasprintf("%s/%s", where, de->d_name);

			n++;
			if (remove)
				unlink(name);
			free(name);
		}
	if (d != NULL)
		closedir(d);
	free(where);
	return n;
}

static struct document *
doc(const char *path, const char *title)
{
	struct document *d = document_create();

	d->path = xstrdup(path);
	d->title = xstrdup(title);
	return d;
}

static void
write_bytes(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		fatal("cannot write %s", path);
	fwrite(text, 1, len, fp);
	fclose(fp);
}

static void
write_text(const char *path, const char *text)
{
	write_bytes(path, text, strlen(text));
}

static char *
read_text(const char *path)
{
	char *why, *s;
	size_t len;

	if ((s = file_read(path, 1 << 20, &len, &why)) == NULL)
		free(why);
	return s;
}

static bool
exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* Load the file and open d in it; the first problem as "LINE:COL: message" in *first. */
static struct state *
load(struct document *d, char **first)
{
	struct diags diags = { 0 };
	struct state *st = state_load(file, &diags);

	if (first != NULL)
		*first = diags.n == 0 ? NULL : xasprintf("%u:%u: %s", diags.v[0].line,
		    diags.v[0].col, diags.v[0].msg);
	diags_free(&diags);
	state_open_document(st, d);
	return st;
}

static int
save(struct state *st)
{
	char *why = NULL;
	int rc = state_save(st, &why);

	if (rc != 0)
		printf("# state_save: %s\n", why);
	free(why);
	return rc;
}

/* A place given as a number, as a string (the state keeps paths; 15 is one). */
static const char *
pl(int n)
{
	static char buf[8][16];
	static int next;

	next = (next + 1) % 8;
	snprintf(buf[next], sizeof buf[next], "%d", n);
	return buf[next];
}

/* The position, its place read as a number. */
static bool
get_position(struct state *st, int *c, int *o)
{
	const char *place;

	if (!state_position(st, &place, o))
		return false;
	*c = atoi(place);
	return true;
}

/* A mark, its place read as a number. */
static bool
get_mark(struct state *st, int letter, int *c, int *o)
{
	const char *place;

	if (!state_mark(st, letter, &place, o))
		return false;
	*c = atoi(place);
	return true;
}

/* The mark's place as a number, or -1 when it is not set. */
static int
mark_clause(struct state *st, int letter)
{
	int c, o;

	return get_mark(st, letter, &c, &o) ? c : -1;
}

static void
test_paths(void)
{
	char *saved_xdg = getenv("XDG_STATE_HOME") ? xstrdup(getenv("XDG_STATE_HOME")) : NULL;
	char *saved_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *f;

	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("HOME", "/home/u", 1);
	is_str(f = state_file(), "/x/state/planview/state", "XDG_STATE_HOME is used");
	free(f);
	setenv("XDG_STATE_HOME", "relative", 1);
	is_str(f = state_file(), "/home/u/.local/state/planview/state",
	    "a relative XDG_STATE_HOME is ignored: ~/.local/state");
	free(f);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ok(state_file() == NULL, "no HOME and no XDG_STATE_HOME: no state file");
	if (saved_xdg != NULL)
		setenv("XDG_STATE_HOME", saved_xdg, 1);
	if (saved_home != NULL)
		setenv("HOME", saved_home, 1);
	free(saved_xdg);
	free(saved_home);
}

static void
test_round_trip(void)
{
	struct document *d = doc("/plans/a plan.yaml", "方案");
	const struct strlist *h;
	struct state *st;
	struct stat sb;
	char *first, *text;
	int c = -9, o = -9;

	st = load(d, &first);
	ok(first == NULL && state_problem(st) == NULL, "a missing file is an empty state");
	ok(!get_position(st, &c, &o) && !get_mark(st, 'a', &c, &o), "nothing is set");
	is_int(save(st), 0, "saving no changes succeeds");
	ok(!exists(file), "... and writes nothing");
	state_set_position(st, pl(17), 42);
	state_set_mark(st, 'a', pl(15), 0);
	state_set_mark(st, 'Z', pl(30), -1);
	state_set_mark(st, 'a', pl(16), 3); /* replaces the first a */
	state_add_search(st, "转移支付");
	state_add_search(st, "a b\\c\t-");
	state_add_search(st, "-");
	state_add_search(st, "转移支付"); /* again: it moves to the end */
	is_int(save(st), 0, "save");
	state_free(st);
	text = read_text(file);
	is_str(text, "planview-state 2\n"
	    "# planview's positions, bookmarks and searches: see planview(1), FILES\n"
	    "position /plans/a\\splan.yaml 方案 17 42\n"
	    "mark /plans/a\\splan.yaml 方案 Z 30 -1\n"
	    "mark /plans/a\\splan.yaml 方案 a 16 3\n"
	    "search a\\sb\\\\c\\t-\n"
	    "search \\-\n"
	    "search 转移支付\n", "the file as written: escaped, newest search last");
	free(text);
	ok(stat(file, &sb) == 0 && (sb.st_mode & 0777) == 0600, "the file is private (0600)");
	is_int(temporaries(false), 0, "no temporary file is left");
	st = load(d, &first);
	ok(first == NULL, "it loads without problems");
	ok(get_position(st, &c, &o) && c == 17 && o == 42, "position read back");
	ok(get_mark(st, 'a', &c, &o) && c == 16 && o == 3, "mark a read back");
	ok(get_mark(st, 'Z', &c, &o) && c == 30 && o == -1, "mark Z read back");
	is_int(mark_clause(st, 'b'), -1, "mark b is not set");
	h = state_searches(st);
	ok(h->n == 3 && strcmp(h->v[0], "a b\\c\t-") == 0 && strcmp(h->v[1], "-") == 0 &&
	    strcmp(h->v[2], "转移支付") == 0, "searches read back, unescaped, oldest first");
	state_free(st);
	document_free(d);
}

static const struct {
	const char *text;
	const char *first; /* the first diagnostic, "LINE:COL: message" */
} corrupt[] = {
	{ "planview-state 1\nmark /p t a 15 0\nbogus /p\n", "3:1: unknown record 'bogus'" },
	{ "hello\n", "1:1: not a planview state file (the first line is not 'planview-state 2')" },
	{ "planview-state 3\n", "1:16: format 3 is from a newer planview (this one reads "
	    "formats 1 to 2)" },
	{ "planview-state 1\nmark /p t a 15 0\nmark /p t b 1", "3:14: the last line is cut short "
	    "(no newline): the file is incomplete" },
	{ "planview-state 1\nsearch a\\qb\n", "2:9: bad escape in field 2 (\\\\, \\s, \\t, \\n, "
	    "\\r, \\- and \\xHH are known)" },
	{ "planview-state 1\nmark /p 方案 1 15 0\n", "2:12: '1' is not a mark: marks are letters "
	    "a-z and A-Z" },
	{ "planview-state 1\nposition /p t 十五 0\n",
	    "2:15: '十五' is not a clause number (0 to 99999999)" },
	{ "planview-state 1\nposition /p t 15 -2\n", "2:18: '-2' is not an offset (-1 or more)" },
	{ "planview-state 1\nposition /p t 15\n", "2:17: too few fields: a position record has 5" },
	{ "planview-state 1\nsearch a b\n", "2:10: too many fields: a search record has 2" },
	{ "planview-state 1\nsearch  a\n", "2:8: an empty field (fields are separated by one "
	    "space)" },
	{ "planview-state 1\nposition p t 15 0\n", "2:10: 'p' is not an absolute path" },
	{ "planview-state 1\nsearch 财\xff\n", "2:9: invalid UTF-8" },
	{ "", "1:1: an empty file (the first line should be 'planview-state 2')" },
};

static void
test_corrupt(void)
{
	struct document *d = doc("/p", "t");
	struct state *st;
	char *first, *text, *why = NULL;

	for (size_t i = 0; i < sizeof corrupt / sizeof corrupt[0]; i++) {
		write_text(file, corrupt[i].text);
		st = load(d, &first);
		is_str(first, corrupt[i].first, corrupt[i].first);
		ok(state_problem(st) != NULL, "... makes the state read-only");
		state_set_mark(st, 'q', pl(20), 0);
		state_add_search(st, "x");
		ok(state_save(st, &why) == -1 && why != NULL && strstr(why, "not saved") != NULL,
		    "... saving is refused with a reason");
		text = read_text(file);
		is_str(text, corrupt[i].text, "... and the file is left as it was");
		free(text);
		free(first);
		free(why);
		why = NULL;
		state_free(st);
	}
	write_bytes(file, "planview-state 1\nsearch a\0b\n", 28);
	st = load(d, &first);
	is_str(first, "2:9: a NUL byte", "a NUL byte is found");
	free(first);
	state_free(st);

	write_text(file, corrupt[0].text);
	st = load(d, &first);
	is_int(mark_clause(st, 'a'), 15, "what a corrupt file holds before the problem is used");
	ok(strstr(state_problem(st), "/state:3:1: unknown record 'bogus'") != NULL,
	    "the problem names the file, line and column");
	free(first);
	state_free(st);

	unlink(file);
	mkdir(file, 0700); /* a file that cannot be read */
	st = load(d, &first);
	ok(first != NULL && strstr(first, "is a directory") != NULL, "an unreadable file: %s",
	    first ? first : "(none)");
	state_set_mark(st, 'q', pl(20), 0);
	ok(state_save(st, &why) == -1, "... is not written over");
	ok(exists(file) && read_text(file) == NULL, "... it is still there");
	free(why);
	free(first);
	state_free(st);
	rmdir(file);
	document_free(d);
}

static void
test_two_writers(void)
{
	struct document *d = doc("/p", "t");
	struct state *a, *b, *c;
	int cl, off;

	unlink(file);
	a = load(d, NULL);
	b = load(d, NULL);
	state_set_mark(a, 'a', pl(15), 0);
	state_add_search(a, "from a");
	is_int(save(a), 0, "A saves mark a");
	state_set_mark(b, 'b', pl(16), 5);
	state_add_search(b, "from b");
	is_int(save(b), 0, "B, loaded before, saves mark b");
	c = load(d, NULL);
	ok(mark_clause(c, 'a') == 15 && mark_clause(c, 'b') == 16, "the file has both marks");
	ok(state_searches(c)->n == 2, "and both searches");
	state_free(c);
	is_int(mark_clause(b, 'a'), 15, "B sees A's mark after saving");
	state_set_position(a, pl(20), 0);
	state_set_mark(a, 'c', pl(18), 0);
	is_int(save(a), 0, "A saves again");
	state_set_mark(b, 'c', pl(19), 0);
	is_int(save(b), 0, "B sets the same mark and saves");
	c = load(d, NULL);
	ok(mark_clause(c, 'a') == 15 && mark_clause(c, 'b') == 16, "both marks are still there");
	is_int(mark_clause(c, 'c'), 19, "of one mark set twice, the last saved wins");
	ok(get_position(c, &cl, &off) && cl == 20, "A's position was kept by B's save");
	state_free(a);
	state_free(b);
	state_free(c);
	document_free(d);
}

static void
test_many_writers(void)
{
	struct document *d = doc("/p", "t");
	enum { WRITERS = 8 };
	pid_t pids[WRITERS];
	int go[2], fails = 0, all = 0;
	struct state *st;

	unlink(file);
	if (pipe(go) == -1)
		fatal("pipe");
	fflush(stdout);
	for (int i = 0; i < WRITERS; i++) {
		if ((pids[i] = fork()) == 0) {
			char c;

			close(go[1]);
			st = load(d, NULL);
			state_set_mark(st, 'a' + i, pl(15 + i), 0);
			if (read(go[0], &c, 1) == -1) /* all start together when the pipe closes */
				_exit(2);
			c = (char)save(st);
			state_free(st);
			document_free(d);
			_exit(c == 0 ? 0 : 1);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < WRITERS; i++) {
		int status;

		waitpid(pids[i], &status, 0);
		fails += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	is_int(fails, 0, "8 processes save at once");
	st = load(d, NULL);
	for (int i = 0; i < WRITERS; i++)
		all += mark_clause(st, 'a' + i) == 15 + i;
	is_int(all, WRITERS, "no process lost another's mark");
	state_free(st);
	document_free(d);
}

static void
die(int fd)
{
	(void)fd;
	raise(SIGKILL);
}

static void
die_torn(int fd)
{
	if (ftruncate(fd, 20) == -1)
		_exit(3);
	raise(SIGKILL);
}

/* In a child: set mark z, save, and be killed by hook before the rename; true if it was. */
static bool
crash_while_saving(struct document *d, void (*hook)(int))
{
	pid_t pid;
	int status;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct state *st = load(d, NULL);

		state_set_mark(st, 'z', pl(30), 0);
		file_set_crash_hook(hook);
		save(st);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

static void
test_crash(void)
{
	struct document *d = doc("/p", "t");
	struct state *st;
	char *before, *after, *first;

	unlink(file);
	st = load(d, NULL);
	state_set_mark(st, 'a', pl(15), 0);
	save(st);
	state_free(st);
	before = read_text(file);

	ok(crash_while_saving(d, die), "a writer is killed between writing and renaming");
	is_int(temporaries(false), 1, "... leaving its temporary file");
	is_str(after = read_text(file), before, "the state file is intact");
	free(after);
	st = load(d, &first);
	ok(first == NULL, "it loads without problems");
	ok(mark_clause(st, 'a') == 15 && mark_clause(st, 'z') == -1,
	    "it holds what was saved before, not the lost write");
	state_free(st);

	ok(crash_while_saving(d, die_torn), "a writer is killed with its temporary file cut short");
	is_str(after = read_text(file), before, "the state file is still intact");
	free(after);
	st = load(d, &first);
	ok(first == NULL && mark_clause(st, 'a') == 15, "and loads");
	state_set_mark(st, 'y', pl(29), 0);
	is_int(temporaries(false), 1, "the second writer, holding the lock, cleared the first's "
	    "leftover and left its own");
	is_int(save(st), 0, "the next save goes through");
	state_free(st);
	is_int(temporaries(false), 0, "and clears it");
	st = load(d, &first);
	ok(first == NULL && mark_clause(st, 'a') == 15 && mark_clause(st, 'y') == 29,
	    "the file has the old mark and the new one");
	state_free(st);
	free(before);
	document_free(d);
}

static void
test_moved(void)
{
	struct document *old = doc("/old/plan.yaml", "方案");
	struct document *moved = doc("/new/plan.yaml", "方案");
	struct document *part1 = doc("/new/part1.yaml", "方案");
	struct diags diags = { 0 };
	struct state *st;
	const char *from;
	int c, o;

	unlink(file);
	old->status = xstrdup("征求意见稿");
	old->part = xstrdup("2");
	moved->status = xstrdup("征求意见稿");
	moved->part = xstrdup("2");
	part1->status = xstrdup("征求意见稿");
	part1->part = xstrdup("1");
	st = load(old, NULL);
	state_set_mark(st, 'a', pl(21), 7);
	state_set_position(st, pl(22), 0);
	save(st);
	state_free(st);

	st = state_load(file, &diags);
	from = state_open_document(st, moved);
	is_str(from, "/old/plan.yaml", "a document at a new path is matched by its title line");
	ok(get_mark(st, 'a', &c, &o) && c == 21 && o == 7, "... its marks are carried over");
	ok(get_position(st, &c, &o) && c == 22, "... and its position");
	is_int(save(st), 0, "save");
	state_free(st);
	st = load(part1, NULL);
	is_int(mark_clause(st, 'a'), -1, "another part of the same plan is another document");
	state_free(st);
	st = load(moved, NULL);
	is_int(mark_clause(st, 'a'), 21, "the new path has its own records now");
	state_free(st);
	st = load(old, NULL);
	is_int(mark_clause(st, 'a'), 21, "and the old path keeps its own");
	state_free(st);
	diags_free(&diags);
	document_free(old);
	document_free(moved);
	document_free(part1);
}

/* A library: each document its own marks and position; it reopens in the one read last. */
static void
test_library(void)
{
	struct document *a = doc("/lib/a.yaml", "甲"), *b = doc("/lib/b.yaml", "乙");
	struct document *docs[2] = { a, b };
	struct state *st;
	int c = -9, o = -9;

	unlink(file);
	st = load(a, NULL);
	ok(state_open_newest(st, docs, 2) == SIZE_MAX, "no position yet: none to reopen");
	state_open_document(st, a);
	state_set_position(st, pl(3), 0);
	state_set_mark(st, 'a', pl(4), 0);
	state_open_document(st, b);
	state_set_position(st, pl(7), 1);
	state_set_mark(st, 'a', pl(8), 2);
	is_int(save(st), 0, "save");
	state_free(st);
	st = load(a, NULL);
	is_int(state_open_newest(st, docs, 2), 1, "the document read last is the second");
	ok(get_position(st, &c, &o) && c == 7 && o == 1, "its position");
	ok(get_mark(st, 'a', &c, &o) && c == 8 && o == 2, "its mark a");
	state_open_document(st, a);
	ok(get_position(st, &c, &o) && c == 3 && o == 0, "the first keeps its own position");
	ok(get_mark(st, 'a', &c, &o) && c == 4, "and its own mark a");
	state_set_position(st, pl(5), 0);
	is_int(state_open_newest(st, docs, 2), 0, "read last now: the first");
	state_free(st);
	unlink(file);
	document_free(a);
	document_free(b);
}

static void
test_repeats(void)
{
	struct document *d = doc("/p", "t");
	struct state *st;
	char *first, *text;

	write_text(file, "planview-state 1\nmark /p t a 15 0\nposition /p t 3 0\n"
	    "mark /q t a 17 0\nmark /p t a 16 2\nsearch x\nsearch y\nsearch x\n");
	st = load(d, &first);
	ok(first == NULL, "repeated records are not a problem");
	is_int(mark_clause(st, 'a'), 16, "of repeated records the last counts");
	state_set_position(st, pl(4), 0);
	is_int(save(st), 0, "save");
	state_free(st);
	is_str(text = read_text(file), "planview-state 2\n"
	    "# planview's positions, bookmarks and searches: see planview(1), FILES\n"
	    "mark /q t a 17 0\nmark /p t a 16 2\nposition /p t 4 0\nsearch y\nsearch x\n",
	    "saving writes each record once");
	free(text);
	free(first);
	document_free(d);
}

static void
test_history_limit(void)
{
	struct document *d = doc("/p", "t");
	const struct strlist *h;
	struct state *st;
	char p[16];

	unlink(file);
	st = load(d, NULL);
	for (int i = 0; i < 150; i++) {
		snprintf(p, sizeof p, "p%d", i);
		state_add_search(st, p);
	}
	state_add_search(st, "p60");
	save(st);
	state_free(st);
	st = load(d, NULL);
	h = state_searches(st);
	ok(h->n == 100 && strcmp(h->v[0], "p50") == 0 && strcmp(h->v[98], "p149") == 0 &&
	    strcmp(h->v[99], "p60") == 0, "the last 100 searches are kept, without repeats");
	state_free(st);
	document_free(d);
}

void
test_state(void)
{
	char *tmp;

	snprintf(dir, sizeof dir, "%s/planview-state.XXXXXX",
	    getenv("TMPDIR") != NULL && strlen(getenv("TMPDIR")) < 32 ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp %s", dir);
	file = xasprintf("%s/sub/dir/state", dir); /* the directories are made when saving */
	test_paths();
	test_round_trip();
	test_corrupt();
	test_two_writers();
	test_many_writers();
	test_crash();
	test_moved();
	test_repeats();
	test_library();
	test_history_limit();
	unlink(file);
	temporaries(true);
	tmp = xasprintf("%s.lock", file);
	unlink(tmp);
	free(tmp);
	tmp = xasprintf("%s/sub/dir", dir);
	rmdir(tmp);
	free(tmp);
	tmp = xasprintf("%s/sub", dir);
	rmdir(tmp);
	free(tmp);
	rmdir(dir);
	free(file);
}
