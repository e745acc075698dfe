/* page.c: a document laid out for the reading pane: blocks of safe text, wrapped to lines. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader.h"

#define PARA_INDENT 4 /* columns: the first line of a paragraph, two ideographs deep */
#define RESP_INDENT 2

/*
 * Add a block showing s: the document's own string when it is safe to draw (most text:
 * no copy of a large document), else a sanitized copy. A string of our own making is
 * passed with `mine`, and the page takes it.
 */
static void
add_block_text(struct page *p, enum block_kind kind, size_t clause, size_t chapter, char *s,
    bool mine)
{
	size_t doc = p->building;
	size_t len = strlen(s);
	struct block *b;
	struct buf t = { 0 };

	p->blocks = xgrow(p->blocks, p->nblocks, sizeof *p->blocks);
	b = &p->blocks[p->nblocks++];
	b->kind = kind;
	b->doc = doc;
	b->clause = clause;
	b->chapter = chapter;
	if (utf8_is_safe(s, len)) {
		b->text = s;
		b->len = len;
		b->owned = mine;
	} else {
		utf8_sanitize(&t, s, len);
		if (mine)
			free(s);
		b->len = t.len;
		b->text = buf_detach(&t);
		b->owned = true;
	}
	p->bytes += b->len;
}

static void
add_block(struct page *p, enum block_kind kind, size_t clause, size_t chapter, const char *s)
{
	add_block_text(p, kind, clause, chapter, (char *)s, false);
}

static void
add_own_block(struct page *p, enum block_kind kind, size_t clause, size_t chapter,
    struct buf *t)
{
	add_block_text(p, kind, clause, chapter, buf_detach(t), true);
}

static void
add_clause_blocks(struct page *p, const struct document *d, size_t ci)
{
	const struct clause *c = &d->clauses[ci];
	struct buf t = { 0 };

	text_clause_number(&t, d, c);
	buf_puts(&t, c->title);
	add_own_block(p, BLOCK_CLAUSE, ci, c->chapter, &t);
	for (size_t i = 0; i < c->text.n; i++)
		add_block(p, BLOCK_PARA, ci, c->chapter, c->text.v[i]);
	for (size_t i = 0; i < c->nresp; i++) {
		text_responsibility(&t, &c->resp[i]);
		add_own_block(p, BLOCK_RESP, ci, c->chapter, &t);
	}
	if (c->nresp == 0)
		add_block(p, BLOCK_NORESP, ci, c->chapter, "（原文未列明责任单位）");
}

static void
add_heading_blocks(struct page *p, const struct document *d)
{
	struct buf t = { 0 };

	if (d->issuer != NULL)
		buf_puts(&t, d->issuer);
	if (d->published != NULL)
		buf_printf(&t, "%s%s", t.len ? "　" : "", d->published);
	if (d->category != NULL)
		buf_printf(&t, "%s分类：%s", t.len ? "　" : "", d->category);
	if (t.len != 0)
		add_own_block(p, BLOCK_BYLINE, SIZE_MAX, SIZE_MAX, &t);
	for (size_t i = 0; i < d->preamble.n; i++)
		add_block(p, BLOCK_PARA, SIZE_MAX, SIZE_MAX, d->preamble.v[i]);
	buf_free(&t);
}

/*
 * Append the blocks of a document's chapters from `from` on (those loaded since the page
 * was built, for a document still loading); with a filter, only the clauses it leads.
 */
void
page_add_chapters(struct page *p, const struct document *d, size_t from, const char *filter)
{
	struct buf t = { 0 };

	for (size_t i = from; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];
		bool shown = filter == NULL;

		for (size_t j = ch->first; j < ch->first + ch->count && !shown; j++)
			shown = clause_leads(&d->clauses[j], filter);
		if (!shown)
			continue;
		text_chapter_heading(&t, d, ch);
		add_own_block(p, BLOCK_CHAPTER, SIZE_MAX, i, &t);
		for (size_t j = ch->first; j < ch->first + ch->count; j++)
			if (filter == NULL || clause_leads(&d->clauses[j], filter))
				add_clause_blocks(p, d, j);
	}
	buf_free(&t);
}

/*
 * Append the blocks of document number `index` (see page_build()), under its title line
 * when titled; chapters added later (it is loading) go on with page_add_chapters().
 */
void
page_add_document(struct page *p, const struct document *d, size_t index, const char *filter,
    bool titled)
{
	struct buf t = { 0 };

	p->building = index;
	if (titled) {
		text_title_line(&t, d);
		add_own_block(p, BLOCK_DOCTITLE, SIZE_MAX, SIZE_MAX, &t);
	}
	if (filter == NULL)
		add_heading_blocks(p, d);
	buf_free(&t);
	page_add_chapters(p, d, 0, filter);
}

/*
 * Build the blocks of a document: its byline, then each chapter heading and clause; with
 * a filter (a department as written), only the clauses it leads under their chapters.
 */
void
page_build(struct page *p, const struct document *d, const char *filter)
{
	memset(p, 0, sizeof *p);
	p->wrapped = SIZE_MAX;
	page_add_document(p, d, 0, filter, false);
}

/* The blocks of several documents, one after another, each under its title line if titled. */
void
page_build_docs(struct page *p, struct document *const *docs, size_t n, const char *filter,
    bool titled)
{
	memset(p, 0, sizeof *p);
	p->wrapped = SIZE_MAX;
	for (size_t i = 0; i < n; i++)
		page_add_document(p, docs[i], i, filter, titled);
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

/* The first block of a kind whose clause (or chapter) of document doc is index. */
static size_t
find_block(const struct page *p, enum block_kind kind, size_t doc, size_t index)
{
	for (size_t i = 0; i < p->nblocks; i++) {
		const struct block *b = &p->blocks[i];

		if (b->kind == kind && b->doc == doc &&
		    (kind == BLOCK_CLAUSE ? b->clause : b->chapter) == index)
			return i;
	}
	return SIZE_MAX;
}

/* The first block of clause ci of document doc (its heading), or SIZE_MAX if not shown. */
size_t
page_block_of_clause(const struct page *p, size_t doc, size_t ci)
{
	return find_block(p, BLOCK_CLAUSE, doc, ci);
}

/* The heading block of chapter ch of document doc, or SIZE_MAX. */
size_t
page_block_of_chapter(const struct page *p, size_t doc, size_t ch)
{
	return find_block(p, BLOCK_CHAPTER, doc, ch);
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
