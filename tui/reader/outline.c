/* outline.c: the outline pane: the items of each document as a tree, foldable at every level, following the reader. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

struct outline_row {
	size_t doc;
	size_t node; /* SIZE_MAX: the document's own row (when several are open) */
};

struct outline {
	struct outline_row *rows;
	size_t nrows, cap; /* rows, and room for them */
	size_t scanned;   /* the page's blocks the rows were made from (outline_grow() goes on) */
	bool **folded;    /* by document, by node: the items whose items are hidden */
	size_t *nfolded;
	size_t folds;     /* items folded, of all documents: with none, nothing is hidden */
	size_t ndocs;
	struct list list;
};

/* The outline starts with every item unfolded (outline_build() fills it). */
void
outline_create(struct reader *r)
{
	r->outline = xcalloc(1, sizeof *r->outline);
}

/* Room for the fold flags of every node loaded so far; the new ones are unfolded. */
static void
grow_folded(struct reader *r)
{
	struct outline *o = r->outline;

	if (o->ndocs < r->ndocs) {
		o->folded = xreallocarray(o->folded, r->ndocs, sizeof *o->folded);
		o->nfolded = xreallocarray(o->nfolded, r->ndocs, sizeof *o->nfolded);
		for (size_t i = o->ndocs; i < r->ndocs; i++) {
			o->folded[i] = NULL;
			o->nfolded[i] = 0;
		}
		o->ndocs = r->ndocs;
	}
	for (size_t i = 0; i < r->ndocs; i++) { /* only the last document can still grow */
		size_t need = r->docs[i]->nnodes + 1;

		if (need <= o->nfolded[i])
			continue;
		o->folded[i] = xreallocarray(o->folded[i], need, sizeof **o->folded);
		memset(o->folded[i] + o->nfolded[i], 0, (need - o->nfolded[i]) * sizeof **o->folded);
		o->nfolded[i] = need;
	}
}

/* Whether an item has items under it. */
static bool
has_items(const struct document *d, size_t node)
{
	return d->nodes[node].end > node + 1;
}

/* Whether an item of the outline is hidden: an item above it is folded. */
static bool
hidden(const struct outline *o, const struct document *d, size_t doc, size_t node)
{
	if (o->folds == 0)
		return false; /* a large plan's outline is made without a look at each item's */
	for (size_t a = d->nodes[node].parent; a != SIZE_MAX; a = d->nodes[a].parent)
		if (o->folded[doc][a])
			return true;
	return false;
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

	if (row->node == SIZE_MAX) {
		text_title_line(&t, d);
		if (!(selected && focused))
			attr |= A_BOLD | A_UNDERLINE;
	} else {
		for (unsigned k = 0; k < d->nodes[row->node].depth; k++)
			buf_puts(&t, "  ");
		if (has_items(d, row->node))
			buf_puts(&t, o->folded[row->doc][row->node] ? "▸ " : "▾ ");
		node_label(&t, &d->nodes[row->node]);
		if (d->nodes[row->node].depth == 0 && !(selected && focused))
			attr |= screen_attr(r, STYLE_CHAPTER);
	}
	if (selected && focused)
		mvwhline(r->outline_win, y, 0, ' ' | attr, cols);
	screen_puts(r, r->outline_win, y, 0, t.s, cols - (r->narrow ? 0 : 1), attr);
	buf_free(&t);
}

static void
add_row(struct outline *o, size_t doc, size_t node)
{
	if (o->nrows == o->cap)
		o->rows = xreserve(o->rows, o->nrows, &o->cap, 16, sizeof *o->rows);
	o->rows[o->nrows++] = (struct outline_row){ doc, node };
}

/*
 * The outline's rows from the page's headings: each document's title when several are
 * open, and its items, but those under a folded item.
 */
void
outline_build(struct reader *r)
{
	struct outline *o = r->outline;

	free(o->rows);
	o->rows = NULL;
	o->nrows = o->cap = 0;
	o->scanned = 0;
	outline_grow(r);
}

/*
 * The rows of the blocks added to the end of the page since the outline was built (a
 * plan revealed or still loading): a large plan's reveal rebuilt the whole outline at
 * every slice. Only the page's growth at its end may come here; a page built again
 * comes with outline_build().
 */
void
outline_grow(struct reader *r)
{
	struct outline *o = r->outline;

	grow_folded(r);
	if (o->scanned > r->page.nblocks) { /* not growth: a page smaller than the rows' */
		outline_build(r);
		return;
	}
	/* a row a block at most: a large plan revealed adds some 80,000 at once, in one piece */
	o->rows = xreserve(o->rows, o->nrows, &o->cap, r->page.nblocks - o->scanned,
	    sizeof *o->rows);
	for (; o->scanned < r->page.nblocks; o->scanned++) {
		const struct block *b = &r->page.blocks[o->scanned];

		if (b->kind == BLOCK_DOCTITLE)
			add_row(o, b->doc, SIZE_MAX);
		else if ((b->kind == BLOCK_CHAPTER || b->kind == BLOCK_CLAUSE) &&
		    !hidden(o, view_doc(r, b->doc), b->doc, b->node))
			add_row(o, b->doc, b->node);
	}
	o->list.n = o->nrows;
	o->list.draw_row = draw_row;
	o->list.data = o;
	list_clamp(&o->list, rows(r));
}

/* Whether node a is node n or an item above it. */
static bool
above_or_same(const struct document *d, size_t a, size_t n)
{
	for (; n != SIZE_MAX; n = d->nodes[n].parent)
		if (n == a)
			return true;
	return false;
}

/* Put the outline cursor on the reading position's item (or the nearest item above it shown, or its document). */
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

		if (row->doc == b->doc && (row->node == SIZE_MAX || (b->node != SIZE_MAX &&
		    above_or_same(view_doc(r, b->doc), row->node, b->node))))
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
	if (row->node == SIZE_MAX) {
		for (bi = 0; bi < r->page.nblocks && !(r->page.blocks[bi].kind == BLOCK_DOCTITLE &&
		    r->page.blocks[bi].doc == row->doc); bi++)
			;
		bi = bi < r->page.nblocks ? bi : SIZE_MAX;
	} else
		bi = page_block_of_node(&r->page, row->doc, row->node);
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

/*
 * Fold or unfold the item under the outline cursor, or, on an item with nothing under it,
 * the item above it; the cursor goes to the item folded.
 */
void
outline_toggle(struct reader *r)
{
	struct outline *o = r->outline;
	const struct document *d;
	size_t node, doc;

	if (o->nrows == 0 || o->rows[o->list.cursor].node == SIZE_MAX)
		return;
	doc = o->rows[o->list.cursor].doc;
	node = o->rows[o->list.cursor].node;
	d = view_doc(r, doc);
	if (!has_items(d, node) && (node = d->nodes[node].parent) == SIZE_MAX)
		return;
	o->folded[doc][node] = !o->folded[doc][node];
	o->folds += o->folded[doc][node] ? 1 : -1;
	outline_build(r);
	for (size_t i = 0; i < o->nrows; i++)
		if (o->rows[i].doc == doc && o->rows[i].node == node)
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

/* Put the cursor on the next (dir 1) or previous (-1) row of an item at the top, or below it. */
void
outline_heading(struct reader *r, bool top, int dir)
{
	struct outline *o = r->outline;
	size_t k = o->list.cursor;

	while (dir > 0 ? k + 1 < o->nrows : k > 0) {
		k = dir > 0 ? k + 1 : k - 1;
		if (o->rows[k].node == SIZE_MAX)
			continue;
		if ((view_doc(r, o->rows[k].doc)->nodes[o->rows[k].node].depth == 0) == top) {
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
	for (size_t i = 0; i < r->outline->ndocs; i++)
		free(r->outline->folded[i]);
	free(r->outline->folded);
	free(r->outline->nfolded);
	free(r->outline);
	r->outline = NULL;
}
