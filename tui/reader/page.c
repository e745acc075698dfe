/* page.c: a document laid out for the reading pane: blocks of safe text, wrapped to lines. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader.h"

#define PARA_INDENT 4 /* columns: the first line of a paragraph, two ideographs deep */
#define RESP_INDENT 2

/* s[0..*len) with each tab (between a table's cells: a Word or web page table) as two spaces. */
static char *
spaced_cells(const char *s, size_t *len)
{
	const char *end = s + *len;
	struct buf t = { 0 };

	buf_puts(&t, "");
	for (const char *tab; (tab = memchr(s, '\t', (size_t)(end - s))) != NULL; s = tab + 1) {
		buf_add(&t, s, (size_t)(tab - s));
		buf_puts(&t, "  ");
	}
	buf_add(&t, s, (size_t)(end - s));
	*len = t.len;
	return buf_detach(&t);
}

/* How a block's bytes are taken (add_block_text()). */
enum {
	BYTES_MINE = 1,    /* a string of our own making: the page takes it */
	BYTES_SAFE = 2,    /* known to be safe to draw as they are */
	BYTES_UNTABBED = 4 /* known to have no tab */
};

/* Room for n more blocks, in one piece (a large plan's page is megabytes: xreserve()). */
static void
reserve_blocks(struct page *p, size_t n)
{
	p->blocks = xreserve(p->blocks, p->nblocks, &p->cap, n, sizeof *p->blocks);
}

/*
 * Add a block showing s[0..len): the bytes as they are when they are safe to draw, else a
 * sanitized copy; a table row's tabs are spaces. A string of our own making (BYTES_MINE)
 * the page takes; others must outlive the page (a static string, or a snapshot's mapping:
 * no copy of a large document's text).
 */
static void
add_block_text(struct page *p, enum block_kind kind, const struct document *d, size_t node,
    char *s, size_t len, unsigned how)
{
	bool mine = how & BYTES_MINE;
	struct block *b;
	struct buf t = { 0 };

	if (!(how & BYTES_UNTABBED) && memchr(s, '\t', len) != NULL) {
		char *spaced = spaced_cells(s, &len);

		if (mine)
			free(s);
		s = spaced;
		mine = true;
	}
	if (len > UINT32_MAX)
		len = UINT32_MAX; /* a line of gigabytes: shown as far as a block goes */
	if (p->nblocks == p->cap)
		reserve_blocks(p, 16);
	b = &p->blocks[p->nblocks++];
	b->kind = kind;
	b->doc = p->building;
	b->node = node;
	b->depth = (uint16_t)(node != SIZE_MAX ? d->nodes[node].depth : 0);
	b->head = 0;
	if ((how & BYTES_SAFE) || utf8_is_safe(s, len)) {
		b->text = s;
		b->len = (uint32_t)len;
		b->owned = mine;
	} else {
		utf8_sanitize(&t, s, len);
		if (mine)
			free(s);
		b->len = (uint32_t)(t.len < UINT32_MAX ? t.len : UINT32_MAX);
		b->text = buf_detach(&t);
		b->owned = true;
	}
	p->bytes += b->len;
}

static void
add_block(struct page *p, enum block_kind kind, const struct document *d, size_t node,
    const char *s)
{
	add_block_text(p, kind, d, node, (char *)s, strlen(s), 0);
}

static void
add_own_block(struct page *p, enum block_kind kind, const struct document *d, size_t node,
    struct buf *t)
{
	char *s = t->s != NULL ? buf_detach(t) : xstrdup("");

	add_block_text(p, kind, d, node, s, strlen(s), BYTES_MINE);
}

/*
 * Add a block of a line of document d's text: its own bytes where they lie when d is read
 * from a snapshot (the mapping lasts as long as d; its text_safe says whether they need
 * checking), else a copy (a document still loading may yet change its strings). how may
 * say the line has no tab.
 */
static void
add_line_block(struct page *p, enum block_kind kind, const struct document *d, size_t node,
    const char *s, size_t len, unsigned how)
{
	if (d->map != NULL && d->text_safe)
		add_block_text(p, kind, d, node, (char *)s, len, how | BYTES_SAFE);
	else if (d->map != NULL)
		add_block_text(p, kind, d, node, (char *)s, len, how);
	else
		add_block_text(p, kind, d, node, xstrndup(s, len), len, how | BYTES_MINE);
}

/*
 * An item as written (text_item_lines(), the text every search sees): its heading line (a
 * chapter's at the top, a clause's below; the number and title drawn as a heading), its
 * lines, the responsibilities they do not hold; a note where no responsibility is named.
 * views is the page's one array of an item's lines, emptied for each.
 */
static void
add_item_blocks(struct page *p, const struct document *d, size_t i, struct text_views *views)
{
	const struct node *nd = &d->nodes[i];
	size_t head, own;

	text_views_clear(views);
	own = text_item_views(views, &head, d, i);
	for (size_t k = 0; k < views->n; k++) {
		struct text_view *v = &views->v[k];
		enum block_kind kind = BLOCK_PARA;
		unsigned how = v->flags & TEXT_VIEW_TABBED ? 0 : BYTES_UNTABBED;

		if (k == 0 && nd->kind != NODE_MATTER)
			kind = nd->depth == 0 ? BLOCK_CHAPTER : BLOCK_CLAUSE;
		else if (k >= own || (v->flags & TEXT_VIEW_RESP))
			kind = BLOCK_RESP;
		if (v->made != NULL)
			add_block_text(p, kind, d, i, v->made, v->len, how | BYTES_MINE);
		else
			add_line_block(p, kind, d, i, v->s, v->len, how);
		v->made = NULL;
		p->blocks[p->nblocks - 1].head = (uint32_t)(k == 0 ? head : 0);
	}
	if (nd->nresp == 0 && nd->end == i + 1)
		add_block(p, BLOCK_NORESP, d, i, TEXT_NO_RESP);
}

/* A version 1 document's byline as the reader has always shown it: issuer　date　分类：category. */
static bool
add_field_byline(struct page *p, const struct document *d, size_t i)
{
	struct buf t = { 0 };

	if (d->issuer != NULL)
		buf_puts(&t, d->issuer);
	if (d->published != NULL)
		buf_printf(&t, "%s%s", t.len ? "　" : "", d->published);
	if (d->category != NULL)
		buf_printf(&t, "%s分类：%s", t.len ? "　" : "", d->category);
	if (t.len == 0)
		return false;
	add_own_block(p, BLOCK_BYLINE, d, i, &t);
	return true;
}

/* Lines of the matter, but the title (the title bar shows it), each as a paragraph. */
static void
add_matter_blocks(struct page *p, const struct document *d, size_t i)
{
	const struct node *nd = &d->nodes[i];

	if (nd->matter == MATTER_TITLE || nd->matter == MATTER_SUBTITLE)
		return;
	if (nd->matter == MATTER_BYLINE && nd->text.n == 0 && add_field_byline(p, d, i))
		return;
	for (size_t k = 0; k < nd->text.n; k++) {
		const char *s = nd->text.v[k];
		size_t b, len = blank_strip(s, strlen(s), &b);

		if (len != 0)
			add_line_block(p, nd->matter == MATTER_BYLINE ? BLOCK_BYLINE : BLOCK_PARA, d, i,
			    s + b, len, 0);
	}
}

/* Whether a pattern matches item i's text (the one text the reader shows and searches). */
bool
page_item_matches(const struct document *d, size_t i, struct search *re)
{
	struct strlist lines = { 0 };
	size_t head, ms, me;
	bool hit = false;

	text_item_lines(&lines, &head, d, i);
	for (size_t l = 0; l < lines.n && !hit; l++)
		hit = search_exec(re, lines.v[l], strlen(lines.v[l]), 0, &ms, &me) == 1;
	strlist_free(&lines);
	return hit;
}

/*
 * Whether a filter shows item i: the department (any form of it) leads it or is
 * responsible for it, and the pattern matches it (each when the filter has one).
 */
static bool
filter_shows(const struct document *d, size_t i, const struct page_filter *filter)
{
	bool leads = filter->forms == NULL;

	for (size_t f = 0; !leads && f < filter->forms->n; f++)
		leads = node_leads(&d->nodes[i], filter->forms->v[f]) ||
		    node_responsible(&d->nodes[i], filter->forms->v[f]);
	return leads && (filter->only == NULL || page_item_matches(d, i, filter->only));
}

/* Whether a filter shows item i, or one under it (it is then shown as a heading). */
static bool
filter_keeps(const struct document *d, size_t i, const struct page_filter *filter)
{
	for (size_t k = i; k < d->nodes[i].end; k++)
		if (filter_shows(d, k, filter))
			return true;
	return false;
}

/* The blocks of nodes [from, to) of a document whose text its snapshot keeps, at most. */
static size_t
kept_blocks(const struct document *d, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t i = from; i < to; i++)
		n += d->kept_items[i].n + 1; /* its lines, and a note or a byline */
	return n;
}

/*
 * Room, from now, for the blocks of a document's nodes up to node `to` (one shown a slice
 * at a time, whose nodes to come are known: its snapshot keeps their text): the page is
 * then never moved as it grows, a copy of megabytes each time it doubled.
 */
void
page_expect(struct page *p, const struct document *d, size_t to)
{
	if (d->kept_items != NULL && to > d->nnodes)
		reserve_blocks(p, kept_blocks(d, d->nnodes, to));
}

/*
 * Append the blocks of a document's nodes from `from` on (those loaded since the page was
 * built, for a document still loading: its items come whole); with a filter, only the
 * items the department leads or is responsible for, under the headings above them.
 */
void
page_add_nodes(struct page *p, const struct document *d, size_t from,
    const struct page_filter *filter)
{
	struct text_views views = { 0 };

	if (filter == NULL && d->kept_items != NULL) /* its blocks are known: room for them */
		reserve_blocks(p, kept_blocks(d, from, d->nnodes));
	for (size_t i = from; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (nd->kind == NODE_MATTER) {
			if (filter == NULL)
				add_matter_blocks(p, d, i);
			continue;
		}
		if (filter != NULL && !filter_keeps(d, i, filter))
			continue;
		if (filter != NULL && !filter_shows(d, i, filter)) {
			struct buf t = { 0 };

			node_label(&t, nd); /* only a heading above what the filter shows */
			add_own_block(p, nd->depth == 0 ? BLOCK_CHAPTER : BLOCK_CLAUSE, d, i, &t);
			p->blocks[p->nblocks - 1].head = p->blocks[p->nblocks - 1].len;
			continue;
		}
		add_item_blocks(p, d, i, &views);
	}
	text_views_free(&views);
}

/*
 * Append the blocks of document number `index` (see page_build()), under its title line
 * when titled; nodes added later (it is loading) go on with page_add_nodes().
 */
void
page_add_document(struct page *p, const struct document *d, size_t index,
    const struct page_filter *filter, bool titled)
{
	struct buf t = { 0 };

	p->building = index;
	if (titled) {
		text_title_line(&t, d);
		add_own_block(p, BLOCK_DOCTITLE, d, SIZE_MAX, &t);
	}
	page_add_nodes(p, d, 0, filter);
}

/*
 * Build the blocks of a document: its matter, then each item's heading, text and
 * responsibility; with a filter, only the items it shows (see struct page_filter), under
 * their headings.
 */
void
page_build(struct page *p, const struct document *d, const struct page_filter *filter)
{
	memset(p, 0, sizeof *p);
	p->wrapped = SIZE_MAX;
	page_add_document(p, d, 0, filter, false);
}

/*
 * The blocks of several documents, one after another, each under its title line if titled;
 * with forms (a department's names, one list a document) and only (a pattern), each
 * document's items they show.
 */
void
page_build_docs(struct page *p, struct document *const *docs, size_t n,
    const struct strlist *forms, struct search *only, bool titled)
{
	memset(p, 0, sizeof *p);
	p->wrapped = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		struct page_filter f = { forms != NULL ? &forms[i] : NULL, only };

		page_add_document(p, docs[i], i, f.forms != NULL || only != NULL ? &f : NULL, titled);
	}
}

/* Whether a blank line comes before block i: between blocks, but not within a responsibility. */
static bool
has_blank(const struct page *p, size_t i)
{
	enum block_kind k = p->blocks[i].kind;

	return i > 0 && !((k == BLOCK_RESP || k == BLOCK_NORESP) &&
	    p->blocks[i - 1].kind == BLOCK_RESP);
}

static void
block_indents(const struct block *b, int *first, int *rest)
{
	*first = *rest = 0;
	if (b->kind == BLOCK_PARA)
		*first = PARA_INDENT;
	else if (b->kind == BLOCK_RESP || b->kind == BLOCK_NORESP)
		*first = *rest = RESP_INDENT;
}

/* Blocks added since the last call (a page still loading) start with their rows unknown. */
static void
track_new_blocks(struct page *p)
{
	if (p->nrows == p->nblocks)
		return;
	p->rows = xreallocarray(p->rows, p->nblocks ? p->nblocks : 1, sizeof *p->rows);
	memset(p->rows + p->nrows, 0, (p->nblocks - p->nrows) * sizeof *p->rows);
	p->unknown += p->nblocks - p->nrows;
	p->nrows = p->nblocks;
	free(p->before);
	p->before = NULL;
}

/* Wrap block i into the page's one-block cache, and record its rows. */
static void
wrap_block(struct page *p, size_t i)
{
	const struct block *b = &p->blocks[i];
	int first, rest;

	if (p->wrapped == i)
		return;
	free(p->wl);
	block_indents(b, &first, &rest);
	p->nwl = layout_wrap(b->text, b->len, p->width, first, rest, p->amb, &p->wl);
	p->wrapped = i;
	if (p->rows[i] == 0) {
		p->rows[i] = (uint32_t)(p->nwl + has_blank(p, i));
		p->unknown--;
	}
}

/* Once every block's rows are known: the rows before each block, for positions as numbers. */
static void
sum_rows(struct page *p)
{
	if (p->unknown != 0 || p->before != NULL)
		return;
	p->before = xreallocarray(NULL, p->nblocks + 1, sizeof *p->before);
	p->before[0] = 0;
	for (size_t i = 0; i < p->nblocks; i++)
		p->before[i + 1] = p->before[i] + p->rows[i];
}

/*
 * Wrap to width columns from now on. Nothing is wrapped here: blocks are wrapped as they
 * are shown, and counted in the background (page_count()), so a resize costs only what
 * is visible.
 */
void
page_layout(struct page *p, int width, bool amb)
{
	p->width = width;
	p->amb = amb;
	free(p->wl);
	p->wl = NULL;
	p->nwl = 0;
	p->wrapped = SIZE_MAX;
	free(p->before);
	p->before = NULL;
	p->nrows = 0;
	p->unknown = 0;
	p->count_next = 0;
	track_new_blocks(p);
}

/* The rows of block i at the page's width: the blank line before it, if any, and its lines. */
size_t
page_block_rows(struct page *p, size_t i)
{
	track_new_blocks(p);
	if (p->rows[i] == 0)
		wrap_block(p, i);
	return p->rows[i];
}

/*
 * Count the rows of blocks not yet wrapped, for about ms milliseconds (all of them if ms
 * is negative). Returns whether every block is counted.
 */
bool
page_count(struct page *p, long ms)
{
	long t0 = clock_ms();

	track_new_blocks(p);
	for (; p->unknown != 0 && p->count_next < p->nblocks; p->count_next++) {
		if (p->rows[p->count_next] == 0)
			wrap_block(p, p->count_next);
		if (ms >= 0 && (p->count_next & 63) == 63 && clock_ms() - t0 >= ms) {
			p->count_next++;
			break;
		}
	}
	sum_rows(p);
	return p->unknown == 0;
}

/* The row at a position: false past the end; a blank row has block SIZE_MAX. */
bool
page_row(struct page *p, struct pos at, struct vline *out)
{
	size_t blank;
	int first, rest;

	if (p->width <= 0 || at.block >= p->nblocks || at.row >= page_block_rows(p, at.block))
		return false; /* not laid out yet, or past the end */
	blank = has_blank(p, at.block);
	memset(out, 0, sizeof *out);
	out->block = SIZE_MAX;
	if (at.row < blank)
		return true;
	wrap_block(p, at.block);
	block_indents(&p->blocks[at.block], &first, &rest);
	out->indent = at.row == blank ? first : rest;
	out->block = at.block;
	out->start = p->wl[at.row - blank].start;
	out->end = p->wl[at.row - blank].end;
	return true;
}

/* The row showing byte `at` of a block: its last line that starts at or before it. */
struct pos
page_pos_of(struct page *p, size_t block, size_t at)
{
	struct pos pos = { 0, 0 };
	size_t k = 0;

	if (block >= p->nblocks)
		return pos;
	track_new_blocks(p);
	wrap_block(p, block);
	while (k + 1 < p->nwl && p->wl[k + 1].start <= at)
		k++;
	pos.block = block;
	pos.row = has_blank(p, block) + k;
	return pos;
}

/* Where the text of block i begins (after its blank line). */
struct pos
page_block_start(struct page *p, size_t block)
{
	return page_pos_of(p, block, 0);
}

/* The page's last row. */
struct pos
page_last(struct page *p)
{
	struct pos pos = { 0, 0 };

	if (p->nblocks != 0) {
		pos.block = p->nblocks - 1;
		pos.row = page_block_rows(p, pos.block) - 1;
	}
	return pos;
}

/* Move a position by delta rows, no further than the page's first or last row; the rows moved. */
size_t
page_step(struct page *p, struct pos *at, long delta)
{
	size_t moved = 0, want = delta < 0 ? (size_t)-delta : (size_t)delta;

	if (p->nblocks == 0)
		return 0;
	while (moved < want) {
		if (delta < 0) {
			size_t n = at->row < want - moved ? at->row : want - moved;

			at->row -= n;
			moved += n;
			if (moved == want || at->block == 0)
				break;
			at->block--;
			at->row = page_block_rows(p, at->block) - 1;
			moved++;
		} else {
			size_t rows = page_block_rows(p, at->block), n = rows - 1 - at->row;

			n = n < want - moved ? n : want - moved;
			at->row += n;
			moved += n;
			if (moved == want || at->block + 1 >= p->nblocks)
				break;
			at->block++;
			at->row = 0;
			moved++;
		}
	}
	return moved;
}

/* Rows from a forward to b, if b is at or after a and fewer than limit rows on; else limit. */
size_t
page_distance(struct page *p, struct pos a, struct pos b, size_t limit)
{
	size_t d;

	if (pos_cmp(b, a) < 0)
		return limit;
	if (a.block == b.block)
		return b.row - a.row < limit ? b.row - a.row : limit;
	d = page_block_rows(p, a.block) - a.row;
	for (size_t i = a.block + 1; i < b.block && d < limit; i++)
		d += page_block_rows(p, i);
	d += b.row;
	return d < limit ? d : limit;
}

/* A position as a row number from the top, once every block is counted; else SIZE_MAX. */
size_t
page_index(struct page *p, struct pos at)
{
	track_new_blocks(p);
	if (p->before == NULL || at.block >= p->nblocks)
		return SIZE_MAX;
	return p->before[at.block] + at.row;
}

/* The rows of the whole page, once every block is counted; else SIZE_MAX. */
size_t
page_total_rows(struct page *p)
{
	track_new_blocks(p);
	return p->before != NULL ? p->before[p->nblocks] : SIZE_MAX;
}

int
pos_cmp(struct pos a, struct pos b)
{
	if (a.block != b.block)
		return a.block < b.block ? -1 : 1;
	return a.row < b.row ? -1 : a.row > b.row;
}

/*
 * The first block of node `node` of document doc (an item's heading, a part of the
 * matter's first line), or SIZE_MAX when it is not on the page. Blocks come in the order
 * of their documents and nodes (a title line before them all), so this is a binary search.
 */
size_t
page_block_of_node(const struct page *p, size_t doc, size_t node)
{
	size_t lo = 0, hi = p->nblocks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct block *b = &p->blocks[mid];
		bool before = b->doc < doc || (b->doc == doc && (b->node == SIZE_MAX ||
		    b->node < node)); /* a document's title line comes before its nodes */

		if (before)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nblocks && p->blocks[lo].doc == doc && p->blocks[lo].node == node ? lo :
	    SIZE_MAX;
}

/* Free the blocks and lines. */
void
page_free(struct page *p)
{
	for (size_t i = 0; i < p->nblocks; i++)
		if (p->blocks[i].owned)
			free(p->blocks[i].text);
	free(p->blocks);
	free(p->rows);
	free(p->before);
	free(p->wl);
	memset(p, 0, sizeof *p);
}
