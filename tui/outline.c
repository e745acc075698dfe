/* outline.c: the outline pane: chapters with their clauses, foldable, following the reader. */
#include <stdlib.h>

#include "reader.h"

static void
draw_row(struct reader *r, struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct outline_row *o = &r->orows[i];
	bool focused = r->focus == PANE_OUTLINE && r->mode == RMODE_READ;
	attr_t attr = selected && focused ? style_attr(r, STYLE_SELECTED) :
	    selected ? A_BOLD : A_NORMAL;
	struct buf t = { 0 };
	int x = 0;

	(void)l;
	if (o->clause == SIZE_MAX) {
		buf_puts(&t, r->collapsed[o->chapter] ? "▸ " : "▾ ");
		export_chapter_heading(&t, r->doc, &r->doc->chapters[o->chapter]);
		if (!(selected && focused))
			attr |= style_attr(r, STYLE_CHAPTER);
	} else {
		buf_puts(&t, "  ");
		export_clause_number(&t, r->doc, &r->doc->clauses[o->clause]);
		buf_puts(&t, r->doc->clauses[o->clause].title);
	}
	if (selected && focused)
		mvwhline(r->outline, y, 0, ' ' | attr, cols);
	x = draw_str(r->outline, y, 0, t.s, cols - (r->narrow ? 0 : 1), attr);
	(void)x;
	buf_free(&t);
}

/* The outline's rows from the page's headings, folded chapters showing no clauses. */
void
outline_build(struct reader *r)
{
	free(r->orows);
	r->orows = NULL;
	r->norows = 0;
	for (size_t i = 0; i < r->page.nblocks; i++) {
		const struct block *b = &r->page.blocks[i];

		if (b->kind != BLOCK_CHAPTER && b->kind != BLOCK_CLAUSE)
			continue;
		if (b->kind == BLOCK_CLAUSE && r->collapsed[b->chapter])
			continue;
		r->orows = xgrow(r->orows, r->norows, sizeof *r->orows);
		r->orows[r->norows].chapter = b->chapter;
		r->orows[r->norows].clause = b->kind == BLOCK_CLAUSE ? b->clause : SIZE_MAX;
		r->norows++;
	}
	r->olist.n = r->norows;
	r->olist.draw_row = draw_row;
	list_clamp(&r->olist, r->outline != NULL ? getmaxy(r->outline) : 1);
}

/* Put the outline cursor on the reading position's clause (or its chapter). */
void
outline_follow(struct reader *r)
{
	size_t bi = reader_current_block(r), best = 0;

	if (bi == SIZE_MAX)
		return;
	for (size_t i = 0; i < r->norows; i++) {
		const struct outline_row *o = &r->orows[i];

		if (o->chapter == r->page.blocks[bi].chapter &&
		    (o->clause == SIZE_MAX || o->clause == r->page.blocks[bi].clause))
			best = i;
	}
	r->olist.cursor = best;
	list_clamp(&r->olist, r->outline != NULL ? getmaxy(r->outline) : 1);
}

/* Draw the outline pane, with a separator on its right in the two-pane layout. */
void
outline_draw(struct reader *r)
{
	int rows = getmaxy(r->outline), cols = getmaxx(r->outline);

	list_draw(r, &r->olist, r->outline);
	if (!r->narrow)
		for (int y = 0; y < rows; y++)
			mvwaddch(r->outline, y, cols - 1, '|');
}

static void
open_row(struct reader *r, size_t i)
{
	const struct outline_row *o;
	size_t bi;

	if (i >= r->norows)
		return;
	o = &r->orows[i];
	bi = o->clause != SIZE_MAX ? page_block_of_clause(&r->page, o->clause) :
	    page_block_of_chapter(&r->page, o->chapter);
	if (bi == SIZE_MAX)
		return;
	reader_jump(r, page_line_of(&r->page, bi, 0));
	if (r->narrow)
		r->focus = PANE_TEXT;
}

/* Jump to the entry under the outline cursor. */
void
outline_open(struct reader *r)
{
	open_row(r, r->olist.cursor);
}

/* Fold or unfold the chapter under the outline cursor. */
void
outline_toggle(struct reader *r)
{
	size_t ch;

	if (r->norows == 0)
		return;
	ch = r->orows[r->olist.cursor].chapter;
	r->collapsed[ch] = !r->collapsed[ch];
	outline_build(r);
	for (size_t i = 0; i < r->norows; i++)
		if (r->orows[i].chapter == ch && r->orows[i].clause == SIZE_MAX)
			r->olist.cursor = i;
	list_clamp(&r->olist, getmaxy(r->outline));
}

/* A mouse click on row y of the outline opens that entry. */
void
outline_click(struct reader *r, int y)
{
	size_t i = r->olist.top + (size_t)y;

	if (y < 0 || i >= r->norows)
		return;
	r->olist.cursor = i;
	open_row(r, i);
}
