/* find.c: incremental regular-expression search over the page, n/N, and the results list. */
#include <stdlib.h>
#include <string.h>

#include "reader.h"

#define SEARCH_BUDGET_MS 2000 /* a pattern that backtracks forever stops here */
#define MAX_MATCHES 1000000   /* \p{Han} on 100 MB would be 30 million: memory, not news */
#define RESULT_CONTEXT 10 /* characters shown before a match in the results list */

static void
clear_matches(struct reader *r)
{
	free(r->matches);
	r->matches = NULL;
	r->nmatches = 0;
	r->has_cur = false;
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

/* Find every match in every block of the page, in order. */
void
find_recompute(struct reader *r)
{
	size_t cap = 0;

	clear_matches(r);
	if (r->re == NULL)
		return;
	search_set_budget(r->re, SEARCH_BUDGET_MS);
	for (size_t b = 0; b < r->page.nblocks; b++) {
		const struct block *blk = &r->page.blocks[b];
		size_t at = 0, ms, me;
		int rc;

		if (reader_interrupted())
			return;
		while ((rc = search_exec(r->re, blk->text, blk->len, at, &ms, &me)) == 1) {
			at = search_resume(blk->text, blk->len, ms, me);
			if (me == ms)
				continue; /* nothing to highlight or step to */
			if (r->nmatches == MAX_MATCHES) {
				reader_message(r, true, _("more than %d matches: only the first are "
				    "highlighted and counted"), MAX_MATCHES);
				return;
			}
			if (r->nmatches == cap) {
				cap = cap ? cap * 2 : 64;
				r->matches = xreallocarray(r->matches, cap, sizeof *r->matches);
			}
			r->matches[r->nmatches++] = (struct match){ b, ms, me };
		}
		if (rc < 0) {
			reader_message(r, true, _("search stopped: %s"), search_error(r->re));
			return;
		}
	}
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

static size_t
match_line(const struct reader *r, size_t m)
{
	return page_line_of(&r->page, r->matches[m].block, r->matches[m].start);
}

/*
 * The first match on or after line `line` (backward: the last one before it); SIZE_MAX
 * if none.
 */
static size_t
match_from_line(const struct reader *r, size_t line, bool backward)
{
	if (!backward) {
		for (size_t m = 0; m < r->nmatches; m++)
			if (match_line(r, m) >= line)
				return m;
		return SIZE_MAX;
	}
	for (size_t m = r->nmatches; m > 0; m--)
		if (match_line(r, m - 1) < line)
			return m - 1;
	return SIZE_MAX;
}

static void
show_match(struct reader *r, size_t m)
{
	r->cur = m;
	r->has_cur = true;
	reader_show_line(r, match_line(r, m));
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
	size_t m;

	r->top = r->origin;
	if (compile(r, text)) {
		m = match_from_line(r, r->backward ? r->origin + 1 : r->origin, r->backward);
		if (m == SIZE_MAX && r->nmatches != 0)
			m = r->backward ? r->nmatches - 1 : 0; /* wrap around */
		if (m != SIZE_MAX)
			show_match(r, m);
	}
	reader_show_line(r, r->top);
	free(text);
}

/* Enter keeps the search and where it went; Escape restores the search and position before. */
void
find_finish(struct reader *r, bool keep)
{
	char *text = prompt_text(r);
	size_t there = r->top;

	if (!keep || *text == '\0' || r->re == NULL) {
		char error[sizeof r->message];
		bool invalid = keep && *text != '\0';

		snprintf(error, sizeof error, "%s", r->message);
		r->top = r->origin;
		r->backward = r->saved_backward;
		if (r->saved_pattern != NULL)
			compile(r, r->saved_pattern);
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
		if (r->nmatches == 0)
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
	size_t m, cur_line;

	if (r->re == NULL) {
		reader_message(r, true, _("no search yet: type / and a pattern"));
		return;
	}
	if (r->nmatches == 0) {
		reader_message(r, true, _("Pattern not found: %s"), r->pattern);
		return;
	}
	cur_line = r->has_cur ? match_line(r, r->cur) : SIZE_MAX;
	if (r->has_cur && cur_line >= r->top && cur_line < r->top + (size_t)r->text_rows)
		m = backward ? (r->cur == 0 ? SIZE_MAX : r->cur - 1) :
		    (r->cur + 1 < r->nmatches ? r->cur + 1 : SIZE_MAX);
	else
		m = match_from_line(r, backward ? r->top + 1 : r->top, backward);
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
		export_chapter_heading(&t, d, &d->chapters[row->chapter]);
		draw_str(r->text, y, 0, t.s, cols, attr | style_attr(r, STYLE_CHAPTER));
	} else {
		const struct match *m = &r->matches[row->match];
		const struct block *b = &r->page.blocks[m->block];
		size_t from = m->start;

		buf_puts(&t, "  ");
		export_clause_number(&t, d, &d->clauses[row->clause]);
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
		r->mode = RMODE_READ;
		r->message[0] = '\0';
		reader_push_jump(r);
		show_match(r, r->rrows[r->rlist.cursor].match);
		reader_jump(r, match_line(r, r->cur) > (size_t)r->text_rows / 3 ?
		    match_line(r, r->cur) - (size_t)r->text_rows / 3 : 0);
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
