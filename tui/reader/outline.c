/* outline.c: the outline pane: chapters with their clauses, foldable, following the reader. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

struct outline_row {
	size_t doc;
	size_t chapter; /* SIZE_MAX: the document's own row (when several are open) */
	size_t clause;  /* SIZE_MAX: the chapter's own row */
};

struct outline {
	struct outline_row *rows;
	size_t nrows;
	size_t *base;     /* by document: where its chapters start in folded[] */
	bool *folded;     /* by chapter, of every document in turn */
	size_t nfolded;
	struct list list;
};

/* The outline starts with every chapter unfolded (outline_build() fills it). */
void
outline_create(struct reader *r)
{
	r->outline = xcalloc(1, sizeof *r->outline);
}

/* Where chapter ch of document doc keeps its folded flag. */
static bool *
folded(const struct outline *o, size_t doc, size_t ch)
{
	return &o->folded[o->base[doc] + ch];
}

/* Room for the fold flags of every chapter loaded so far; the new ones are unfolded. */
static void
grow_folded(struct reader *r)
{
	struct outline *o = r->outline;
	size_t need;

	o->base = xreallocarray(o->base, r->ndocs, sizeof *o->base);
	for (size_t i = 0; i < r->ndocs; i++) /* only the last document can still grow */
		o->base[i] = i == 0 ? 0 : o->base[i - 1] + r->docs[i - 1]->nchapters;
	need = o->base[r->ndocs - 1] + r->docs[r->ndocs - 1]->nchapters + 1;
	if (need <= o->nfolded)
		return;
	o->folded = xreallocarray(o->folded, need, sizeof *o->folded);
	memset(o->folded + o->nfolded, 0, (need - o->nfolded) * sizeof *o->folded);
	o->nfolded = need;
}

/* The pane's rows, once the screen has windows. */
static int
rows(const struct reader *r)
{
	return r->outline_win != NULL ? getmaxy(r->outline_win) : 1;
}

static void
draw_row(struct reader *r, const struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct outline *o = l->data;
	const struct outline_row *row = &o->rows[i];
	const struct document *d = view_doc(r, row->doc);
	bool focused = r->focus == PANE_OUTLINE && !r->prompt.active && r->overlay == NULL;
	attr_t attr = selected && focused ? screen_attr(r, STYLE_SELECTED) :
	    selected ? A_BOLD : A_NORMAL;
	struct buf t = { 0 };

	if (row->chapter == SIZE_MAX) {
		text_title_line(&t, d);
		if (!(selected && focused))
			attr |= A_BOLD | A_UNDERLINE;
	} else if (row->clause == SIZE_MAX) {
		buf_puts(&t, *folded(o, row->doc, row->chapter) ? "▸ " : "▾ ");
		text_chapter_heading(&t, d, &d->chapters[row->chapter]);
		if (!(selected && focused))
			attr |= screen_attr(r, STYLE_CHAPTER);
	} else {
		buf_puts(&t, "  ");
		text_clause_number(&t, d, &d->clauses[row->clause]);
		buf_puts(&t, d->clauses[row->clause].title);
	}
	if (selected && focused)
		mvwhline(r->outline_win, y, 0, ' ' | attr, cols);
	screen_puts(r, r->outline_win, y, 0, t.s, cols - (r->narrow ? 0 : 1), attr);
	buf_free(&t);
}

static void
add_row(struct outline *o, size_t doc, size_t chapter, size_t clause)
{
	o->rows = xgrow(o->rows, o->nrows, sizeof *o->rows);
	o->rows[o->nrows++] = (struct outline_row){ doc, chapter, clause };
}

/*
 * The outline's rows from the page's headings: each document's title when several are
 * open, its chapters, and the clauses of the chapters not folded.
 */
void
outline_build(struct reader *r)
{
	struct outline *o = r->outline;

	grow_folded(r);
	free(o->rows);
	o->rows = NULL;
	o->nrows = 0;
	for (size_t i = 0; i < r->page.nblocks; i++) {
		const struct block *b = &r->page.blocks[i];

		if (b->kind == BLOCK_DOCTITLE)
			add_row(o, b->doc, SIZE_MAX, SIZE_MAX);
		else if (b->kind == BLOCK_CHAPTER)
			add_row(o, b->doc, b->chapter, SIZE_MAX);
		else if (b->kind == BLOCK_CLAUSE && !*folded(o, b->doc, b->chapter))
			add_row(o, b->doc, b->chapter, b->clause);
	}
	o->list.n = o->nrows;
	o->list.draw_row = draw_row;
	o->list.data = o;
	list_clamp(&o->list, rows(r));
}

/* Put the outline cursor on the reading position's clause (or its chapter, or document). */
void
outline_follow(struct reader *r)
{
	struct outline *o = r->outline;
	size_t bi = view_block(r), best = 0;
	const struct block *b;

	if (bi == SIZE_MAX)
		return;
	b = &r->page.blocks[bi];
	for (size_t i = 0; i < o->nrows; i++) {
		const struct outline_row *row = &o->rows[i];

		if (row->doc == b->doc && (row->chapter == SIZE_MAX || (row->chapter == b->chapter &&
		    (row->clause == SIZE_MAX || row->clause == b->clause))))
			best = i;
	}
	o->list.cursor = best;
	list_clamp(&o->list, rows(r));
}

/* The pane has a new size: the cursor stays in sight. */
void
outline_resize(struct reader *r)
{
	list_clamp(&r->outline->list, rows(r));
}

/* Draw the outline pane, with a separator on its right in the two-pane layout. */
void
outline_draw(struct reader *r)
{
	int height = getmaxy(r->outline_win), cols = getmaxx(r->outline_win);

	list_draw(r, &r->outline->list, r->outline_win);
	if (!r->narrow)
		for (int y = 0; y < height; y++)
			mvwaddch(r->outline_win, y, cols - 1, '|');
}

static void
open_row(struct reader *r, size_t i)
{
	const struct outline_row *row;
	size_t bi;

	if (i >= r->outline->nrows)
		return;
	row = &r->outline->rows[i];
	if (row->chapter == SIZE_MAX) {
		for (bi = 0; bi < r->page.nblocks && !(r->page.blocks[bi].kind == BLOCK_DOCTITLE &&
		    r->page.blocks[bi].doc == row->doc); bi++)
			;
		bi = bi < r->page.nblocks ? bi : SIZE_MAX;
	} else if (row->clause != SIZE_MAX)
		bi = page_block_of_clause(&r->page, row->doc, row->clause);
	else
		bi = page_block_of_chapter(&r->page, row->doc, row->chapter);
	if (bi == SIZE_MAX)
		return;
	view_jump(r, page_block_start(&r->page, bi));
	if (r->narrow)
		r->focus = PANE_TEXT;
}

/* Jump to the entry under the outline cursor. */
void
outline_open(struct reader *r)
{
	open_row(r, r->outline->list.cursor);
}

/* Fold or unfold the chapter under the outline cursor. */
void
outline_toggle(struct reader *r)
{
	struct outline *o = r->outline;
	size_t ch, doc;

	if (o->nrows == 0 || o->rows[o->list.cursor].chapter == SIZE_MAX)
		return;
	ch = o->rows[o->list.cursor].chapter;
	doc = o->rows[o->list.cursor].doc;
	*folded(o, doc, ch) = !*folded(o, doc, ch);
	outline_build(r);
	for (size_t i = 0; i < o->nrows; i++)
		if (o->rows[i].doc == doc && o->rows[i].chapter == ch &&
		    o->rows[i].clause == SIZE_MAX)
			o->list.cursor = i;
	list_clamp(&o->list, rows(r));
}

/* A mouse click on row y of the outline opens that entry. */
void
outline_click(struct reader *r, int y)
{
	size_t i = r->outline->list.top + (size_t)y;

	if (y < 0 || i >= r->outline->nrows)
		return;
	r->outline->list.cursor = i;
	open_row(r, i);
}

/* Move the outline cursor with a list key (Down, PageUp, Home...). */
void
outline_key(struct reader *r, keycode k)
{
	list_key(&r->outline->list, k, rows(r));
}

/* Put the cursor on the next (dir 1) or previous (-1) chapter row, or clause row. */
void
outline_heading(struct reader *r, bool chapter, int dir)
{
	struct outline *o = r->outline;
	size_t k = o->list.cursor;

	while (dir > 0 ? k + 1 < o->nrows : k > 0) {
		k = dir > 0 ? k + 1 : k - 1;
		bool chapter_row = o->rows[k].chapter != SIZE_MAX && o->rows[k].clause == SIZE_MAX;

		if (o->rows[k].chapter != SIZE_MAX && chapter_row == chapter) {
			o->list.cursor = k;
			list_clamp(&o->list, rows(r));
			return;
		}
	}
}

/* Free the outline. */
void
outline_free(struct reader *r)
{
	if (r->outline == NULL)
		return;
	free(r->outline->rows);
	free(r->outline->base);
	free(r->outline->folded);
	free(r->outline);
	r->outline = NULL;
}
