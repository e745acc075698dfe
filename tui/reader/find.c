/*
 * find.c: searching as the user types, and n/N: the search prompt, the first match from
 * where the search started, stepping through the matches. The matches are the find
 * engine's (scan.c). What needs more of the scan than there is returns that need: the
 * loop waits for it, then goes on here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define SLICE_MS 5 /* searched at once on a key (from the reading position: the screen first) */

struct find {
	bool backward;           /* the search's direction */
	struct pos origin;       /* the top when the prompt opened: the search starts there */
	bool want_first;         /* show the first match from origin as soon as it is found */
	struct strlist history;  /* the patterns searched, oldest first */

	/* while the prompt is open: the search before it, for Escape */
	char *saved_pattern;
	bool saved_backward;
	size_t saved_cur;
	char error[512];         /* what the message line said when the prompt closed */
	bool invalid;            /* Enter on a pattern that does not compile: say so again */

	/* n or N, across a wait */
	bool next_backward;
	long next_count;         /* 3n: the third match on */
	bool cur_shown;          /* the current match was on screen */
};

/* Searching starts with no search. */
void
find_create(struct reader *r)
{
	r->find = xcalloc(1, sizeof *r->find);
	r->scan.exact_script = r->opt.exact_script;
}

static void
set_pattern(struct reader *r, const char *pattern)
{
	scan_set(&r->scan, pattern);
	r->find->want_first = false;
}

static struct pos
match_pos(struct reader *r, size_t m)
{
	return scan_match_pos(&r->scan, &r->page, m);
}

/* Make match m the current one, and show it. */
static void
show_match(struct reader *r, size_t m)
{
	scan_select(&r->scan, m);
	view_show_line(r, match_pos(r, m));
}

/*
 * Select the first match from the origin (backward: the last before it), once the scan
 * has reached it; until then, want_first stays set and the next slice tries again.
 */
static void
pick_first(struct reader *r)
{
	struct find *f = r->find;
	size_t m;

	f->want_first = false;
	m = scan_match_from(&r->scan, &r->page, f->origin, f->backward);
	if (m == SIZE_MAX && scan_running(&r->scan)) {
		f->want_first = true;
		return;
	}
	if (m == SIZE_MAX && r->scan.nmatches != 0)
		m = f->backward ? r->scan.nmatches - 1 : 0; /* wrap around */
	if (m != SIZE_MAX)
		show_match(r, m);
}

/*
 * Search on for about ms milliseconds (see scan_step()), saying why the search stopped
 * short if it did, and showing the first match once it is found.
 */
void
find_scan(struct reader *r, long ms)
{
	switch (scan_step(&r->scan, &r->page, ms, screen_interrupted)) {
	case SCAN_TOO_MANY:
		view_message(r, true, _("more than %d matches: only the first are "
		    "highlighted and counted"), SCAN_MAX_MATCHES);
		break;
	case SCAN_FAILED:
		view_message(r, true, _("search stopped: %s"), search_error(r->scan.re));
		break;
	default:
		break;
	}
	if (r->find->want_first)
		pick_first(r);
}

/* Search the whole page again (after the pattern or the page changed), a slice now. */
void
find_recompute(struct reader *r)
{
	size_t bi = view_block(r);

	r->find->want_first = false;
	scan_start(&r->scan, r->page.nblocks, bi != SIZE_MAX ? bi : 0);
	if (scan_running(&r->scan))
		find_scan(r, SLICE_MS);
}

/*
 * The flags a pattern typed in the reader is compiled with: smart case and, unless
 * exact_script, traditional and simplified as one. When every document of the session is
 * on the page and each is its own folded form (its snapshot found no character in it that
 * folds: document_search_flags()), only the pattern is folded, not every line searched.
 */
int
find_search_flags(const struct reader *r)
{
	int flags = SEARCH_SMARTCASE | (r->scan.exact_script ? 0 : SEARCH_FOLD);
	bool folded = (flags & SEARCH_FOLD) && r->joined;

	for (size_t i = 0; folded && i < r->ndocs; i++)
		folded = (document_search_flags(r->docs[i], flags) & SEARCH_FOLDED) != 0;
	return folded ? flags | SEARCH_FOLDED : flags;
}

/* Compile pattern into the reader's search; false after a message. */
static bool
compile(struct reader *r, const char *pattern)
{
	char *error;

	r->find->want_first = false;
	if (!scan_compile(&r->scan, pattern, find_search_flags(r), &error)) {
		if (error != NULL)
			view_message(r, true, "%s", error);
		free(error);
		return false;
	}
	r->message[0] = '\0';
	find_recompute(r);
	return true;
}

/* Match traditional and simplified as one, or only as written; the search runs again. */
void
find_toggle_script(struct reader *r)
{
	r->scan.exact_script = !r->scan.exact_script;
	if (r->scan.pattern != NULL) {
		char *pattern = xstrdup(r->scan.pattern);

		compile(r, pattern);
		free(pattern);
	}
	view_message(r, false, "%s", r->scan.exact_script ?
	    _("search: traditional and simplified characters match only as written") :
	    _("search: traditional and simplified characters match as one"));
}

/* As the pattern is typed: highlight every match and show the first from the origin. */
static void
typed(struct reader *r, const char *text, void *data)
{
	(void)data;
	r->top = r->find->origin;
	if (compile(r, text))
		pick_first(r);
	view_show_line(r, r->top);
}

static void
forget_saved(struct find *f)
{
	free(f->saved_pattern);
	f->saved_pattern = NULL;
}

/* The search before the prompt is back, every match found: its current match too. */
static struct need
restored(struct reader *r, bool done)
{
	struct find *f = r->find;

	(void)done; /* given up, the matches found so far do */
	if (f->saved_cur < r->scan.nmatches)
		scan_select(&r->scan, f->saved_cur);
	if (f->invalid)
		view_message(r, true, "%s", f->error);
	else
		r->message[0] = '\0';
	forget_saved(f);
	return NO_NEED;
}

/*
 * The matches of the search in the documents' whole text, as the page shows it without a
 * filter (and --grep searches it): with none on a filtered page, those the filter hides.
 */
static size_t
all_matches(struct reader *r)
{
	struct strlist lines = { 0 };
	size_t n = 0, head, ms, me;
	int rc = 1;

	for (size_t k = 0; k < r->ndocs && rc >= 0; k++)
		for (size_t i = 0; i < r->docs[k]->nnodes && rc >= 0; i++) {
			if (!node_shown(&r->docs[k]->nodes[i]))
				continue;
			strlist_free(&lines);
			text_item_lines(&lines, &head, r->docs[k], i);
			for (size_t l = 0; l < lines.n && rc >= 0; l++) {
				const char *t = lines.v[l];
				size_t len = strlen(t), at = 0;

				while ((rc = search_exec(r->scan.re, t, len, at, &ms, &me)) == 1) {
					at = search_resume(t, len, ms, me);
					n += me > ms; /* as the scan counts: no empty match */
				}
			}
		}
	strlist_free(&lines);
	return n;
}

/* Nothing found: say so, and under a filter how many matches it hides. */
static void
not_found(struct reader *r, const char *text)
{
	size_t hidden = r->filter != NULL ? all_matches(r) : 0;

	if (hidden == 0)
		view_message(r, true, _("Pattern not found: %s"), text);
	else
		view_message(r, true, ngettext("Pattern not found in %s's clauses: %s; the filter "
		    "hides %zu match (D clears it)", "Pattern not found in %s's clauses: %s; the "
		    "filter hides %zu matches (D clears it)", hidden), r->filter, text, hidden);
}

/* Found under a filter: say how many more matches the filter hides, when it hides some. */
static void
say_hidden(struct reader *r)
{
	char shown[64];
	size_t all;

	if (r->filter == NULL || scan_running(&r->scan) || r->scan.nmatches == 0 ||
	    (all = all_matches(r)) <= r->scan.nmatches)
		return;
	snprintf(shown, sizeof shown, ngettext("%zu match", "%zu matches", r->scan.nmatches),
	    r->scan.nmatches);
	/* TRANSLATORS: "3 matches in 市财政局's clauses; the filter hides 4 more" */
	view_message(r, false, _("%s in %s's clauses; the filter hides %zu more (D clears it)"),
	    shown, r->filter, all - r->scan.nmatches);
}

/* The last search back, every match found: on to its next match in the prompt's direction. */
static struct need
repeated(struct reader *r, bool done)
{
	restored(r, done);
	return find_next(r, false, 1);
}

/*
 * Enter on an empty prompt: the last search again (the one on, else the last in the
 * history), from where the prompt opened to its next match, as less and vi do.
 */
static struct need
repeat_last(struct reader *r)
{
	struct find *f = r->find;
	char *last = xstrdup(f->saved_pattern != NULL ? f->saved_pattern :
	    f->history.v[f->history.n - 1]);
	bool ok;

	r->top = f->origin;
	f->invalid = false;
	ok = compile(r, last);
	free(last);
	if (!ok)
		return NO_NEED;
	if (scan_running(&r->scan))
		return (struct need){ NEED_SCAN, repeated };
	return repeated(r, true);
}

/*
 * Enter keeps the search and where it went (on an empty prompt, repeats the last one);
 * Escape restores the search and position before.
 */
static struct need
done(struct reader *r, const char *text, bool keep, void *data)
{
	struct find *f = r->find;
	struct pos there = r->top;

	(void)data;
	if (keep && *text == '\0' && (f->saved_pattern != NULL || f->history.n != 0))
		return repeat_last(r);
	if (keep && *text != '\0' && r->scan.re != NULL) {
		strlist_add(&f->history, text);
		r->top = f->origin;
		view_jump(r, there);
		if (r->scan.nmatches == 0 && !scan_running(&r->scan))
			not_found(r, text);
		else
			say_hidden(r);
		forget_saved(f);
		return NO_NEED;
	}
	snprintf(f->error, sizeof f->error, "%s", r->message);
	f->invalid = keep && *text != '\0';
	r->top = f->origin;
	f->backward = f->saved_backward;
	if (f->saved_pattern == NULL)
		set_pattern(r, NULL);
	else if (compile(r, f->saved_pattern) && scan_running(&r->scan))
		return (struct need){ NEED_SCAN, restored }; /* saved_cur counts every match */
	return restored(r, true);
}

/*
 * A control key the keymap binds to a search, typed at the search prompt (emacs's C-s and
 * C-r): on an empty prompt, the last search again; else on to its next match that way,
 * the prompt staying open, as isearch does. Whether it was one.
 */
static bool
isearch_key(struct reader *r, keycode k, void *data)
{
	const struct action *a = keymap_lookup(r->opt.keymap, &k, 1);
	struct find *f = r->find;
	size_t n = r->scan.nmatches;
	char *last;

	(void)data;
	if (k >= 32 || a == NULL || (strcmp(a->name, "search-forward") != 0 &&
	    strcmp(a->name, "search-backward") != 0))
		return false;
	f->backward = strcmp(a->name, "search-backward") == 0;
	if (r->prompt.len == 0) {
		if (f->saved_pattern == NULL && f->history.n == 0)
			return true;
		last = xstrdup(f->saved_pattern != NULL ? f->saved_pattern :
		    f->history.v[f->history.n - 1]);
		prompt_set_text(r, last);
		typed(r, last, NULL);
		free(last);
	} else if (n != 0 && r->scan.has_cur)
		show_match(r, f->backward ? (r->scan.cur + n - 1) % n : (r->scan.cur + 1) % n);
	else if (n != 0)
		pick_first(r);
	return true;
}

static const struct prompt_cb search_prompt = { typed, done, isearch_key };

/* Start a search prompt, forward or backward from the top of the screen. */
void
find_start(struct reader *r, bool backward)
{
	struct find *f = r->find;

	free(f->saved_pattern);
	f->saved_pattern = r->scan.pattern != NULL ? xstrdup(r->scan.pattern) : NULL;
	f->saved_backward = f->backward;
	f->saved_cur = r->scan.has_cur ? r->scan.cur : SIZE_MAX;
	f->backward = backward;
	f->origin = r->top;
	prompt_open(r, backward ? "?" : "/", &f->history, &search_prompt, NULL);
}

static bool
cur_shown(struct reader *r)
{
	return r->scan.has_cur && view_shows(r, match_pos(r, r->scan.cur));
}

/*
 * n or N, every match it needs found: go count matches on (or back), wrapping; from a
 * current match off screen, the first from the top of the screen is the first step.
 */
static struct need
next_go(struct reader *r)
{
	struct find *f = r->find;
	bool backward = f->next_backward, wrapped;
	size_t n = r->scan.nmatches, m, steps = (size_t)f->next_count;

	if (n == 0) {
		view_message(r, true, _("Pattern not found: %s"), r->scan.pattern);
		return NO_NEED;
	}
	if (f->cur_shown)
		m = r->scan.cur;
	else if ((m = scan_match_from(&r->scan, &r->page, r->top, backward)) != SIZE_MAX)
		steps--;
	else
		m = backward ? 0 : n - 1; /* none that way: the first step wraps */
	wrapped = backward ? steps > m : m + steps >= n;
	m = backward ? (m + n - steps % n) % n : (m + steps) % n;
	if (wrapped)
		view_message(r, false, "%s", backward ? _("search wrapped to the end") :
		    _("search wrapped to the beginning"));
	view_push_jump(r);
	show_match(r, m);
	return NO_NEED;
}

static struct need
next_scanned(struct reader *r, bool done)
{
	if (!done)
		return NO_NEED;
	r->find->cur_shown = cur_shown(r);
	return next_go(r);
}

/* Unless the neighbour of a current match on screen is known, every match is needed. */
static struct need
next_whole(struct reader *r)
{
	struct find *f = r->find;
	size_t cur = r->scan.cur, n = r->scan.nmatches;

	if (f->cur_shown && f->next_count == 1 && (f->next_backward ? cur > 0 : cur + 1 < n))
		return next_go(r);
	if (scan_running(&r->scan))
		return (struct need){ NEED_SCAN, next_scanned };
	return next_scanned(r, true);
}

static struct need
next_past(struct reader *r, bool done)
{
	return done ? next_whole(r) : NO_NEED;
}

/*
 * n and N: the next match in the search's direction (reverse: the other way), wrapping;
 * with a count, the count-th.
 */
struct need
find_next(struct reader *r, bool reverse, long count)
{
	struct find *f = r->find;

	if (r->scan.re == NULL) {
		view_message(r, true, _("no search yet: type / and a pattern"));
		return NO_NEED;
	}
	f->next_backward = f->backward != reverse;
	f->next_count = count > 0 ? count : 1;
	f->cur_shown = cur_shown(r);
	/*
	 * A scan under way holds every match from its origin up to where it has reached, in
	 * order: the neighbour of a visible current match there needs no more than the scan
	 * going on to the next one; anything else (a wrap, N before the origin) needs it all.
	 */
	if (f->cur_shown && !f->next_backward && f->next_count == 1 && !scan_next_known(&r->scan))
		return (struct need){ NEED_NEXT_MATCH, next_past };
	return next_whole(r);
}

/* The patterns searched, oldest first (the loop keeps them between sessions). */
struct strlist *
find_history(struct reader *r)
{
	return &r->find->history;
}

/* Free what searching keeps (the search itself is the reader's: scan_free()). */
void
find_free(struct reader *r)
{
	if (r->find == NULL)
		return;
	free(r->find->saved_pattern);
	strlist_free(&r->find->history);
	free(r->find);
	r->find = NULL;
}
