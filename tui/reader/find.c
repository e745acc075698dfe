/* find.c: incremental regular-expression search over the page, n/N, and the results list. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reader/reader_int.h"

#define SEARCH_BUDGET_MS 2000 /* a pattern that backtracks forever stops here */
#define MAX_MATCHES 1000000   /* \p{Han} on 100 MB would be 30 million: memory, not news */
#define RESULT_CONTEXT 10 /* characters shown before a match in the results list */

#define SLICE_MS 5 /* searched at once on a key (from the reading position: the screen first) */

static void
clear_matches(struct reader *r)
{
	free(r->matches);
	free(r->wrapped);
	r->matches = r->wrapped = NULL;
	r->nmatches = r->nwrapped = r->matches_cap = r->wrapped_cap = 0;
	r->has_cur = false;
	r->want_first = false;
	r->scan_next = SIZE_MAX;
}

static void
set_pattern(struct reader *r, const char *pattern)
{
	free(r->pattern);
	search_free(r->re);
	r->pattern = pattern != NULL ? xstrdup(pattern) : NULL;
	r->re = NULL;
	clear_matches(r);
}

static void
add_match(struct match **v, size_t *n, size_t *cap, struct match m)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = m;
}

/* Search one block, appending its matches; false when the search must stop. */
static bool
scan_block(struct reader *r, size_t b)
{
	const struct block *blk = &r->page.blocks[b];
	bool before = b < r->scan_origin;
	size_t at = 0, ms, me;
	int rc;

	while ((rc = search_exec(r->re, blk->text, blk->len, at, &ms, &me)) == 1) {
		at = search_resume(blk->text, blk->len, ms, me);
		if (me == ms)
			continue; /* nothing to highlight or step to */
		if (r->nmatches + r->nwrapped == MAX_MATCHES) {
			reader_message(r, true, _("more than %d matches: only the first are "
			    "highlighted and counted"), MAX_MATCHES);
			return false;
		}
		if (before)
			add_match(&r->wrapped, &r->nwrapped, &r->wrapped_cap, (struct match){ b, ms, me });
		else
			add_match(&r->matches, &r->nmatches, &r->matches_cap, (struct match){ b, ms, me });
	}
	if (rc < 0) {
		reader_message(r, true, _("search stopped: %s"), search_error(r->re));
		return false;
	}
	return true;
}

/* The scan is complete: the matches before the origin go in front, as they stand. */
static void
finish_scan(struct reader *r)
{
	if (r->nwrapped != 0) {
		struct match *all = xreallocarray(NULL, r->nwrapped + r->nmatches, sizeof *all);

		memcpy(all, r->wrapped, r->nwrapped * sizeof *all);
		if (r->nmatches != 0)
			memcpy(all + r->nwrapped, r->matches, r->nmatches * sizeof *all);
		free(r->matches);
		r->matches = all;
		r->cur += r->has_cur ? r->nwrapped : 0;
		r->nmatches += r->nwrapped;
		r->matches_cap = r->nmatches;
	}
	free(r->wrapped);
	r->wrapped = NULL;
	r->nwrapped = r->wrapped_cap = 0;
	r->scan_next = SIZE_MAX;
}

static void pick_first(struct reader *);

/*
 * Search on for about ms milliseconds: from the origin block to the end of the page, then
 * from the start to the origin. Returns whether the scan is complete.
 */
bool
find_scan(struct reader *r, long ms)
{
	long t0 = clock_ms();

	while (find_scanning(r)) {
		if (reader_interrupted() || !scan_block(r, r->scan_next)) {
			finish_scan(r);
			break;
		}
		if (++r->scan_next == r->page.nblocks)
			r->scan_next = r->scan_origin == 0 ? SIZE_MAX : 0;
		if (r->scan_next == r->scan_origin)
			r->scan_next = SIZE_MAX;
		if (r->scan_next == SIZE_MAX)
			finish_scan(r);
		else if ((r->scan_next & 31) == 0 && clock_ms() - t0 >= ms)
			break;
	}
	if (r->want_first)
		pick_first(r);
	return r->scan_next == SIZE_MAX;
}

/* Whether the search still has blocks to look through. */
bool
find_scanning(const struct reader *r)
{
	return r->re != NULL && r->scan_next != SIZE_MAX;
}

/* Search the whole page again (after the pattern or the page changed), a slice now. */
void
find_recompute(struct reader *r)
{
	size_t bi = reader_current_block(r);

	clear_matches(r);
	if (r->re == NULL || r->page.nblocks == 0)
		return;
	r->scan_origin = bi != SIZE_MAX ? bi : 0;
	r->scan_next = r->scan_origin;
	find_scan(r, SLICE_MS);
}

static bool
scan_done(const struct reader *r)
{
	return !find_scanning(r);
}

/*
 * Finish the scan now, when an answer needs every match (a wrap, N, the results list),
 * showing its progress; false if the user gave up waiting.
 */
static bool
complete_scan(struct reader *r)
{
	bool done;

	if (r->re == NULL || !find_scanning(r))
		return true;
	search_set_budget(r->re, SEARCH_BUDGET_MS);
	done = reader_wait(r, scan_done);
	search_clear_budget(r->re); /* a later scan (a new filter) gets its own time */
	return done;
}

/* Whether the match after the current one is found, or cannot be without a wrap. */
static bool
next_known(const struct reader *r)
{
	return !find_scanning(r) || r->scan_next < r->scan_origin || r->nmatches > r->cur + 1;
}

/*
 * Search on until the match after the current one has been found, or the scan has passed
 * the end of the page: n going forward needs no more (only wrapping round needs it all).
 * False if the user gave up waiting.
 */
static bool
scan_past(struct reader *r)
{
	bool done;

	if (r->re == NULL || next_known(r))
		return true;
	search_set_budget(r->re, SEARCH_BUDGET_MS);
	done = reader_wait(r, next_known);
	search_clear_budget(r->re);
	return done;
}

/* Compile pattern (smart case) into the reader's search; false after a message. */
static bool
compile(struct reader *r, const char *pattern)
{
	char *error;

	set_pattern(r, pattern);
	if (*pattern == '\0')
		return false;
	if ((r->re = search_compile(pattern, SEARCH_SMARTCASE, &error)) == NULL) {
		reader_message(r, true, "%s", error);
		free(error);
		return false;
	}
	r->message[0] = '\0';
	find_recompute(r);
	return true;
}

/* The range [*m0, *m1) of matches in a block. */
void
find_line_matches(const struct reader *r, size_t block, size_t *m0, size_t *m1)
{
	size_t lo = 0, hi = r->nmatches;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->matches[mid].block < block)
			lo = mid + 1;
		else
			hi = mid;
	}
	*m0 = *m1 = lo;
	while (*m1 < r->nmatches && r->matches[*m1].block == block)
		(*m1)++;
}

/* The row a match begins on. */
static struct pos
match_pos(struct reader *r, size_t m)
{
	return page_pos_of(&r->page, r->matches[m].block, r->matches[m].start);
}

/*
 * The first match on or after row `at` (backward: the last on or before it); SIZE_MAX if
 * none. Only the matches in at's own block need their rows.
 */
static size_t
match_from(struct reader *r, struct pos at, bool backward)
{
	size_t m0, m1, m;

	find_line_matches(r, at.block, &m0, &m1);
	if (!backward) {
		for (m = m0; m < m1; m++)
			if (pos_cmp(match_pos(r, m), at) >= 0)
				return m;
		return m1 < r->nmatches ? m1 : SIZE_MAX;
	}
	for (m = m1; m > m0; m--)
		if (pos_cmp(match_pos(r, m - 1), at) <= 0)
			return m - 1;
	return m0 > 0 ? m0 - 1 : SIZE_MAX;
}

static void
show_match(struct reader *r, size_t m)
{
	r->cur = m;
	r->has_cur = true;
	reader_show_line(r, match_pos(r, m));
}

/*
 * Select the first match from the origin (backward: the last before it), once the scan
 * has reached it; until then, want_first stays set and the next slice tries again.
 */
static void
pick_first(struct reader *r)
{
	size_t m;

	r->want_first = false;
	m = match_from(r, r->origin, r->backward);
	if (m == SIZE_MAX && find_scanning(r)) {
		r->want_first = true;
		return;
	}
	if (m == SIZE_MAX && r->nmatches != 0)
		m = r->backward ? r->nmatches - 1 : 0; /* wrap around */
	if (m != SIZE_MAX)
		show_match(r, m);
}

/* Start a search prompt, forward or backward from the top of the screen. */
void
find_start(struct reader *r, bool backward)
{
	free(r->saved_pattern);
	r->saved_pattern = r->pattern != NULL ? xstrdup(r->pattern) : NULL;
	r->saved_backward = r->backward;
	r->saved_cur = r->has_cur ? r->cur : SIZE_MAX;
	r->backward = backward;
	r->origin = r->top;
	prompt_start(r, PROMPT_SEARCH, &r->search_history);
}

/* As the pattern is typed: highlight every match and show the first from the origin. */
void
find_update(struct reader *r)
{
	char *text = prompt_text(r);

	r->top = r->origin;
	if (compile(r, text))
		pick_first(r);
	reader_show_line(r, r->top);
	free(text);
}

/* Enter keeps the search and where it went; Escape restores the search and position before. */
void
find_finish(struct reader *r, bool keep)
{
	char *text = prompt_text(r);
	struct pos there = r->top;

	if (!keep || *text == '\0' || r->re == NULL) {
		char error[sizeof r->message];
		bool invalid = keep && *text != '\0';

		snprintf(error, sizeof error, "%s", r->message);
		r->top = r->origin;
		r->backward = r->saved_backward;
		if (r->saved_pattern != NULL)
			compile(r, r->saved_pattern), complete_scan(r);
		else
			set_pattern(r, NULL);
		if (r->saved_cur < r->nmatches) {
			r->cur = r->saved_cur;
			r->has_cur = true;
		}
		if (invalid)
			reader_message(r, true, "%s", error);
		else
			r->message[0] = '\0';
	} else {
		strlist_add(&r->search_history, text);
		r->top = r->origin;
		reader_jump(r, there);
		if (r->nmatches == 0 && !find_scanning(r))
			reader_message(r, true, _("Pattern not found: %s"), text);
	}
	free(r->saved_pattern);
	r->saved_pattern = NULL;
	free(text);
}

/* n and N: the next match in the search's direction (reverse: the other way), wrapping. */
void
find_next(struct reader *r, bool reverse)
{
	bool backward = r->backward != reverse;
	size_t m;
	bool cur_shown;

	if (r->re == NULL) {
		reader_message(r, true, _("no search yet: type / and a pattern"));
		return;
	}
	cur_shown = r->has_cur && reader_shows(r, match_pos(r, r->cur));
	/*
	 * A scan under way holds every match from its origin up to where it has reached, in
	 * order: the neighbour of a visible current match there needs no more than the scan
	 * going on to the next one; anything else (a wrap, N before the origin) needs it all.
	 */
	if (cur_shown && !backward && !scan_past(r))
		return;
	if (!(cur_shown && (backward ? r->cur > 0 : r->cur + 1 < r->nmatches))) {
		if (!complete_scan(r))
			return;
		cur_shown = r->has_cur && reader_shows(r, match_pos(r, r->cur));
	}
	if (r->nmatches == 0) {
		reader_message(r, true, _("Pattern not found: %s"), r->pattern);
		return;
	}
	if (cur_shown)
		m = backward ? (r->cur == 0 ? SIZE_MAX : r->cur - 1) :
		    (r->cur + 1 < r->nmatches ? r->cur + 1 : SIZE_MAX);
	else
		m = match_from(r, r->top, backward);
	if (m == SIZE_MAX) {
		m = backward ? r->nmatches - 1 : 0;
		reader_message(r, false, "%s", backward ? _("search wrapped to the end") :
		    _("search wrapped to the beginning"));
	}
	reader_push_jump(r);
	show_match(r, m);
}

static void
draw_result(struct reader *r, struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct result_row *row = &r->rrows[i];
	const struct document *d = reader_doc(r, row->doc);
	attr_t attr = selected ? style_attr(r, STYLE_SELECTED) : A_NORMAL;
	struct buf t = { 0 };
	int x;

	(void)l;
	if (selected)
		mvwhline(r->text, y, 0, ' ' | attr, cols);
	if (row->clause == SIZE_MAX) {
		text_chapter_heading(&t, d, &d->chapters[row->chapter]);
		draw_str(r->text, y, 0, t.s, cols, attr | style_attr(r, STYLE_CHAPTER));
	} else {
		const struct match *m = &r->matches[row->match];
		const struct block *b = &r->page.blocks[m->block];
		size_t from = m->start;

		buf_puts(&t, "  ");
		text_clause_number(&t, d, &d->clauses[row->clause]);
		x = draw_str(r->text, y, 0, t.s, cols, attr | A_BOLD);
		for (int n = 0; n < RESULT_CONTEXT && from > 0; n++)
			do
				from--;
			while (from > 0 && ((unsigned char)b->text[from] & 0xc0) == 0x80);
		buf_truncate(&t, 0);
		buf_puts(&t, from > 0 ? " ..." : " ");
		buf_add(&t, b->text + from, m->start - from);
		x += draw_str(r->text, y, x, t.s, cols - x, attr);
		buf_truncate(&t, 0);
		buf_add(&t, b->text + m->start, m->end - m->start);
		x += draw_str(r->text, y, x, t.s, cols - x, attr | style_attr(r, STYLE_MATCH));
		draw_str(r->text, y, x, b->text + m->end, cols - x, attr);
	}
	buf_free(&t);
}

static void
add_result(struct reader *r, size_t doc, size_t chapter, size_t clause, size_t match)
{
	r->rrows = xgrow(r->rrows, r->nrrows, sizeof *r->rrows);
	r->rrows[r->nrrows++] = (struct result_row){ doc, chapter, clause, match };
}

/* List every matching clause under its chapter; Enter jumps to it. */
void
results_open(struct reader *r)
{
	size_t last_doc = SIZE_MAX, last_chapter = SIZE_MAX, last_clause = SIZE_MAX;

	if (!complete_scan(r))
		return;
	if (r->re == NULL || r->nmatches == 0) {
		reader_message(r, true, "%s", r->re == NULL ?
		    _("no search yet: type / and a pattern") : _("no matches to list"));
		return;
	}
	free(r->rrows);
	r->rrows = NULL;
	r->nrrows = 0;
	for (size_t m = 0; m < r->nmatches; m++) {
		const struct block *b = &r->page.blocks[r->matches[m].block];

		if (b->doc != last_doc)
			last_chapter = last_clause = SIZE_MAX;
		last_doc = b->doc;
		if (b->chapter != SIZE_MAX && b->chapter != last_chapter) {
			add_result(r, b->doc, b->chapter, SIZE_MAX, m);
			last_chapter = b->chapter;
		}
		if (b->clause != SIZE_MAX && b->clause != last_clause) {
			add_result(r, b->doc, b->chapter, b->clause, m);
			last_clause = b->clause;
		}
	}
	r->rlist = (struct list){ .n = r->nrrows, .draw_row = draw_result };
	for (size_t i = 0; i < r->nrrows; i++)
		if (r->rrows[i].clause != SIZE_MAX) {
			r->rlist.cursor = i;
			break;
		}
	r->mode = RMODE_RESULTS;
	reader_message(r, false, _("%zu matches for %s: Enter jumps, q goes back"), r->nmatches,
	    r->pattern);
}

/* Keys in the results list. */
void
results_key(struct reader *r, keycode k)
{
	if (list_key(&r->rlist, k, r->text_rows))
		return;
	if (k == 'q' || k == 27 || k == 3) {
		r->mode = RMODE_READ;
		r->message[0] = '\0';
	} else if (k == '\r' && r->nrrows != 0) {
		struct pos at;

		r->mode = RMODE_READ;
		r->message[0] = '\0';
		reader_push_jump(r);
		show_match(r, r->rrows[r->rlist.cursor].match);
		at = match_pos(r, r->cur); /* a third of the way down, even when it was on screen */
		page_step(&r->page, &at, -(long)(r->text_rows / 3));
		reader_jump(r, at);
	}
}

/* Free the search state. */
void
find_free(struct reader *r)
{
	set_pattern(r, NULL);
	free(r->saved_pattern);
	free(r->rrows);
}
