/* page.c: a document laid out for the reading pane: blocks of safe text, wrapped to lines. */
#include <stdlib.h>
#include <string.h>

#include "planview.h"

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
		return;
	}
	utf8_sanitize(&t, s, len);
	if (mine)
		free(s);
	b->len = t.len;
	b->text = buf_detach(&t);
	b->owned = true;
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

	export_clause_number(&t, d, c);
	buf_puts(&t, c->title);
	add_own_block(p, BLOCK_CLAUSE, ci, c->chapter, &t);
	for (size_t i = 0; i < c->text.n; i++)
		add_block(p, BLOCK_PARA, ci, c->chapter, c->text.v[i]);
	for (size_t i = 0; i < c->nresp; i++) {
		export_responsibility(&t, &c->resp[i]);
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

/* Append the blocks of one document (see page_build()). */
static void
add_document(struct page *p, const struct document *d, const char *filter, bool titled)
{
	struct buf t = { 0 };

	if (titled) {
		export_title_line(&t, d);
		add_own_block(p, BLOCK_DOCTITLE, SIZE_MAX, SIZE_MAX, &t);
	}
	if (filter == NULL)
		add_heading_blocks(p, d);
	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];
		bool shown = filter == NULL;

		for (size_t j = ch->first; j < ch->first + ch->count && !shown; j++)
			shown = clause_leads(&d->clauses[j], filter);
		if (!shown)
			continue;
		export_chapter_heading(&t, d, ch);
		add_own_block(p, BLOCK_CHAPTER, SIZE_MAX, i, &t);
		for (size_t j = ch->first; j < ch->first + ch->count; j++)
			if (filter == NULL || clause_leads(&d->clauses[j], filter))
				add_clause_blocks(p, d, j);
	}
	buf_free(&t);
}

/*
 * Build the blocks of a document: its byline, then each chapter heading and clause; with
 * a filter (a department as written), only the clauses it leads under their chapters.
 */
void
page_build(struct page *p, const struct document *d, const char *filter)
{
	memset(p, 0, sizeof *p);
	add_document(p, d, filter, false);
}

/* The blocks of several documents, one after another, each under its title line. */
void
page_build_docs(struct page *p, struct document *const *docs, size_t n, const char *filter)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < n; i++) {
		p->building = i;
		add_document(p, docs[i], filter, n > 1);
	}
}

static void
add_line(struct page *p, size_t block, size_t start, size_t end, int indent)
{
	struct vline *l;

	p->lines = xgrow(p->lines, p->nlines, sizeof *p->lines);
	l = &p->lines[p->nlines++];
	l->block = block;
	l->start = start;
	l->end = end;
	l->indent = indent;
}

/* Wrap every block to width columns; a blank line separates blocks except within a clause's responsibility. */
void
page_layout(struct page *p, int width, bool amb)
{
	struct wrapline *w;

	free(p->lines);
	p->lines = NULL;
	p->nlines = 0;
	p->width = width;
	free(p->first_line);
	p->first_line = xreallocarray(NULL, p->nblocks + 1, sizeof *p->first_line);
	for (size_t i = 0; i < p->nblocks; i++) {
		const struct block *b = &p->blocks[i];
		int first = 0, rest = 0;
		size_t n;

		if (b->kind == BLOCK_PARA)
			first = PARA_INDENT;
		else if (b->kind == BLOCK_RESP || b->kind == BLOCK_NORESP)
			first = rest = RESP_INDENT;
		if (i > 0 && !((b->kind == BLOCK_RESP || b->kind == BLOCK_NORESP) &&
		    (p->blocks[i - 1].kind == BLOCK_RESP)))
			add_line(p, SIZE_MAX, 0, 0, 0);
		n = layout_wrap(b->text, b->len, width, first, rest, amb, &w);
		p->first_line[i] = p->nlines;
		for (size_t k = 0; k < n; k++)
			add_line(p, i, w[k].start, w[k].end, k == 0 ? first : rest);
		free(w);
	}
}

/* The line showing byte `at` of block `block` (its last line at or before it), or 0. */
size_t
page_line_of(const struct page *p, size_t block, size_t at)
{
	size_t i;

	if (block >= p->nblocks || p->first_line == NULL)
		return 0;
	i = p->first_line[block];
	while (i + 1 < p->nlines && p->lines[i + 1].block == block && p->lines[i + 1].start <= at)
		i++;
	return i;
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
	free(p->lines);
	free(p->first_line);
	memset(p, 0, sizeof *p);
}
