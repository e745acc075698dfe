/* outline.c: the outline pane: chapters with their clauses, foldable, following the reader. */
#include <stdlib.h>

#include "reader/reader_int.h"

/* Where chapter ch of document doc keeps its folded flag. */
static bool *
folded(const struct reader *r, size_t doc, size_t ch)
{
	return &r->collapsed[r->chapter_base[doc] + ch];
}

static void
draw_row(struct reader *r, struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct outline_row *o = &r->orows[i];
	const struct document *d = reader_doc(r, o->doc);
	bool focused = r->focus == PANE_OUTLINE && r->mode == RMODE_READ;
	attr_t attr = selected && focused ? style_attr(r, STYLE_SELECTED) :
	    selected ? A_BOLD : A_NORMAL;
	struct buf t = { 0 };

	(void)l;
	if (o->chapter == SIZE_MAX) {
		text_title_line(&t, d);
		if (!(selected && focused))
			attr |= A_BOLD | A_UNDERLINE;
	} else if (o->clause == SIZE_MAX) {
		buf_puts(&t, *folded(r, o->doc, o->chapter) ? "▸ " : "▾ ");
		text_chapter_heading(&t, d, &d->chapters[o->chapter]);
		if (!(selected && focused))
			attr |= style_attr(r, STYLE_CHAPTER);
	} else {
		buf_puts(&t, "  ");
		text_clause_number(&t, d, &d->clauses[o->clause]);
		buf_puts(&t, d->clauses[o->clause].title);
	}
	if (selected && focused)
		mvwhline(r->outline, y, 0, ' ' | attr, cols);
	draw_str(r->outline, y, 0, t.s, cols - (r->narrow ? 0 : 1), attr);
	buf_free(&t);
}

static void
add_row(struct reader *r, size_t doc, size_t chapter, size_t clause)
{
	r->orows = xgrow(r->orows, r->norows, sizeof *r->orows);
	r->orows[r->norows++] = (struct outline_row){ doc, chapter, clause };
}

/*
 * The outline's rows from the page's headings: each document's title when several are
 * open, its chapters, and the clauses of the chapters not folded.
 */
void
outline_build(struct reader *r)
{
	free(r->orows);
	r->orows = NULL;
	r->norows = 0;
	for (size_t i = 0; i < r->page.nblocks; i++) {
		const struct block *b = &r->page.blocks[i];

		if (b->kind == BLOCK_DOCTITLE)
			add_row(r, b->doc, SIZE_MAX, SIZE_MAX);
		else if (b->kind == BLOCK_CHAPTER)
			add_row(r, b->doc, b->chapter, SIZE_MAX);
		else if (b->kind == BLOCK_CLAUSE && !*folded(r, b->doc, b->chapter))
			add_row(r, b->doc, b->chapter, b->clause);
	}
	r->olist.n = r->norows;
	r->olist.draw_row = draw_row;
	list_clamp(&r->olist, r->outline != NULL ? getmaxy(r->outline) : 1);
}

/* Put the outline cursor on the reading position's clause (or its chapter, or document). */
void
outline_follow(struct reader *r)
{
	size_t bi = reader_current_block(r), best = 0;
	const struct block *b;

	if (bi == SIZE_MAX)
		return;
	b = &r->page.blocks[bi];
	for (size_t i = 0; i < r->norows; i++) {
		const struct outline_row *o = &r->orows[i];

		if (o->doc == b->doc && (o->chapter == SIZE_MAX || (o->chapter == b->chapter &&
		    (o->clause == SIZE_MAX || o->clause == b->clause))))
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
	if (o->chapter == SIZE_MAX) {
		for (bi = 0; bi < r->page.nblocks && !(r->page.blocks[bi].kind == BLOCK_DOCTITLE &&
		    r->page.blocks[bi].doc == o->doc); bi++)
			;
		bi = bi < r->page.nblocks ? bi : SIZE_MAX;
	} else if (o->clause != SIZE_MAX)
		bi = page_block_of_clause(&r->page, o->doc, o->clause);
	else
		bi = page_block_of_chapter(&r->page, o->doc, o->chapter);
	if (bi == SIZE_MAX)
		return;
	reader_jump(r, page_block_start(&r->page, bi));
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
	size_t ch, doc;

	if (r->norows == 0 || r->orows[r->olist.cursor].chapter == SIZE_MAX)
		return;
	ch = r->orows[r->olist.cursor].chapter;
	doc = r->orows[r->olist.cursor].doc;
	*folded(r, doc, ch) = !*folded(r, doc, ch);
	outline_build(r);
	for (size_t i = 0; i < r->norows; i++)
		if (r->orows[i].doc == doc && r->orows[i].chapter == ch &&
		    r->orows[i].clause == SIZE_MAX)
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
