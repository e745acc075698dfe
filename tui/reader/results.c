/* results.c: the results list: every clause the search matches, under its chapter. */
#include <stdlib.h>

#include "reader/reader_int.h"

#define RESULT_CONTEXT 10 /* characters shown before a match in the results list */

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
		const struct match *m = &r->scan.matches[row->match];
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

	if (!find_complete_scan(r))
		return;
	if (r->scan.re == NULL || r->scan.nmatches == 0) {
		reader_message(r, true, "%s", r->scan.re == NULL ?
		    _("no search yet: type / and a pattern") : _("no matches to list"));
		return;
	}
	free(r->rrows);
	r->rrows = NULL;
	r->nrrows = 0;
	for (size_t m = 0; m < r->scan.nmatches; m++) {
		const struct block *b = &r->page.blocks[r->scan.matches[m].block];

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
	reader_message(r, false, _("%zu matches for %s: Enter jumps, q goes back"),
	    r->scan.nmatches, r->scan.pattern);
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
		find_show_match(r, r->rrows[r->rlist.cursor].match);
		/* a third of the way down, even when it was on screen */
		at = scan_match_pos(&r->scan, &r->page, r->scan.cur);
		page_step(&r->page, &at, -(long)(r->text_rows / 3));
		reader_jump(r, at);
	}
}

/* Free the list. */
void
results_free(struct reader *r)
{
	free(r->rrows);
	r->rrows = NULL;
	r->nrrows = 0;
}
