/*
 * view.c: the reading pane: the page and where it is read from, moving and jumping
 * (with the jump history for back and forward), going to a clause, places kept between
 * sessions, the message line's text, and drawing the page's rows.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define COUNT_AT_ONCE_BYTES (1 << 20) /* a page this size is counted whole on every resize */

/* The document a block (by its doc index) belongs to. */
struct document *
view_doc(const struct reader *r, size_t doc)
{
	return r->docs[doc < r->ndocs ? doc : 0];
}

/* The document being read: the one the reading position is in. */
struct document *
view_doc_read(const struct reader *r)
{
	size_t bi = view_block(r);

	return view_doc(r, bi != SIZE_MAX ? r->page.blocks[bi].doc : 0);
}

/* Show a message (or an error) in the message line until the next key. */
void
view_message(struct reader *r, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->message, sizeof r->message, fmt, ap);
	va_end(ap);
	r->message_is_error = error;
}

static enum style
block_style(const struct block *b)
{
	switch (b->kind) {
	case BLOCK_DOCTITLE:
	case BLOCK_CHAPTER:
		return STYLE_CHAPTER;
	case BLOCK_CLAUSE:
		return STYLE_CLAUSE;
	case BLOCK_RESP:
		return STYLE_RESP; /* a missing lead inside is marked by char_attr() */
	case BLOCK_NORESP:
		return STYLE_MISSING;
	case BLOCK_BYLINE:
		return STYLE_BYLINE;
	default:
		return STYLE_NORMAL;
	}
}

/* The style of byte `at` of a block: a search match, the filtered department, or plain. */
static attr_t
char_attr(const struct reader *r, const struct block *b, size_t at, size_t m0, size_t m1)
{
	static const char missing[] = "（原文缺失）";
	const char *hit;

	for (size_t m = m0; m < m1; m++)
		if (at >= r->scan.matches[m].start && at < r->scan.matches[m].end)
			return screen_attr(r, r->scan.has_cur && m == r->scan.cur ? STYLE_CURRENT :
			    STYLE_MATCH);
	if (b->kind == BLOCK_RESP && (hit = strstr(b->text, missing)) != NULL &&
	    at >= (size_t)(hit - b->text) && at < (size_t)(hit - b->text) + strlen(missing))
		return screen_attr(r, STYLE_MISSING);
	if (r->filter != NULL && b->kind == BLOCK_RESP) {
		size_t n = strlen(r->filter);

		for (hit = strstr(b->text, r->filter); hit != NULL; hit = strstr(hit + n, r->filter))
			if (at >= (size_t)(hit - b->text) && at < (size_t)(hit - b->text) + n)
				return screen_attr(r, STYLE_DEPT);
	}
	return screen_attr(r, block_style(b));
}

static void
draw_row(struct reader *r, int y, const struct vline *l)
{
	const struct block *b;
	struct pen p;
	size_t i, m0, m1;
	uint32_t cp;

	if (l->block == SIZE_MAX)
		return;
	b = &r->page.blocks[l->block];
	scan_block_matches(&r->scan, l->block, &m0, &m1); /* none yet where the scan has not been */
	p = pen_at(r, r->text, y, l->indent, r->text_cols - l->indent);
	for (i = l->start; i < l->end;) {
		size_t n = utf8_decode(b->text + i, l->end - i, &cp);

		if (!pen_put(&p, cp, char_attr(r, b, i, m0, m1)))
			break;
		i += n;
	}
	pen_done(&p);
}

/* Draw the rows of the page from the reading position into the text pane. */
void
view_draw(struct reader *r)
{
	struct pos at = r->top;
	struct vline l;

	werase(r->text);
	for (int y = 0; y < r->text_rows && page_row(&r->page, at, &l); y++) {
		draw_row(r, y, &l);
		if (page_step(&r->page, &at, 1) == 0)
			break;
	}
}

/* The block the reading position is in (a blank row at the top belongs to the block after it). */
size_t
view_block(const struct reader *r)
{
	return r->top.block < r->page.nblocks ? r->top.block : SIZE_MAX;
}

/* The top row that shows the end of the page at the bottom of the pane. */
struct pos
view_max_top(struct reader *r)
{
	struct pos p = page_last(&r->page);

	page_step(&r->page, &p, -(long)(r->text_rows > 1 ? r->text_rows - 1 : 0));
	return p;
}

/* Read from a row on (no further than shows the end at the bottom); the outline follows. */
void
view_set_top(struct reader *r, struct pos top)
{
	struct pos end = view_max_top(r);

	r->top = pos_cmp(top, end) > 0 ? end : top;
	r->moved = true;
}

/* Whether a row is on screen. */
bool
view_shows(struct reader *r, struct pos p)
{
	return page_distance(&r->page, r->top, p, (size_t)r->text_rows) < (size_t)r->text_rows;
}

/*
 * Wrap at the pane's width from now on. A small page is counted at once; a large one in
 * slices between keys (background_work()), so a resize costs only what is on screen.
 */
void
view_layout(struct reader *r)
{
	page_layout(&r->page, r->text_cols > 2 ? r->text_cols - 1 : 1, r->opt.ambiguous_wide);
	if (r->page.bytes <= COUNT_AT_ONCE_BYTES)
		page_count(&r->page, -1);
}

/* Re-wrap the page to the pane's width, keeping the reading position. */
void
view_relayout(struct reader *r)
{
	size_t block = view_block(r), at = 0;
	struct vline l;

	if (block != SIZE_MAX && page_row(&r->page, r->top, &l) && l.block == block)
		at = l.start;
	view_layout(r);
	view_set_top(r, block == SIZE_MAX ? top_of_page : page_pos_of(&r->page, block, at));
}

/* Build the page anew (the filter changed, or a document's heading), read from its top. */
void
view_rebuild(struct reader *r)
{
	page_free(&r->page);
	page_build_docs(&r->page, r->docs, r->ndocs, r->filter, r->titled);
	view_layout(r);
	r->top = top_of_page;
}

/* Scroll so that a row is shown, a third of the way down when it was off screen. */
void
view_show_line(struct reader *r, struct pos line)
{
	if (view_shows(r, line))
		return;
	page_step(&r->page, &line, -(long)(r->text_rows / 3));
	view_set_top(r, line);
}

/* Where the reading position is, as the clause, chapter or document it is in. */
struct anchor
view_anchor(const struct reader *r)
{
	size_t bi = view_block(r);
	struct anchor a = { 0, SIZE_MAX, SIZE_MAX };

	if (bi != SIZE_MAX) {
		a.doc = r->page.blocks[bi].doc;
		a.chapter = r->page.blocks[bi].chapter;
		a.clause = r->page.blocks[bi].clause;
	}
	return a;
}

/* Go to the start of an anchor; false if the page no longer shows it. */
bool
view_go(struct reader *r, struct anchor a)
{
	size_t bi = a.clause != SIZE_MAX ? page_block_of_clause(&r->page, a.doc, a.clause) :
	    a.chapter != SIZE_MAX ? page_block_of_chapter(&r->page, a.doc, a.chapter) : 0;

	if (bi == SIZE_MAX)
		return false;
	view_set_top(r, page_block_start(&r->page, bi));
	return true;
}

/* Record the reading position in the jump history before a jump. */
void
view_push_jump(struct reader *r)
{
	if (r->njumps == 0) {
		r->jumps = xgrow(NULL, 0, sizeof *r->jumps);
		r->njumps = 1;
		r->jump_pos = 0;
	}
	r->jumps[r->jump_pos] = view_anchor(r);
	r->njumps = r->jump_pos + 1;
}

/* Jump to a row, remembering where we were for back/forward. */
void
view_jump(struct reader *r, struct pos line)
{
	view_push_jump(r);
	view_set_top(r, line);
	r->jumps = xgrow(r->jumps, r->njumps, sizeof *r->jumps);
	r->jumps[r->njumps++] = view_anchor(r);
	r->jump_pos = r->njumps - 1;
}

/* Go to a clause the user named; used by the goto prompt. */
void
view_goto(struct reader *r, const char *spec)
{
	int n = clause_spec_parse(spec);
	const struct clause *c = NULL;
	size_t bi, here = view_block(r), doc;

	if (n <= 0) {
		view_message(r, true, _("'%s' is not a clause number (try 23, 二十三 or (二十三))"), spec);
		return;
	}
	/* in the document being read; failing that, the first that has it */
	doc = here != SIZE_MAX ? r->page.blocks[here].doc : 0;
	if ((c = document_find_clause(view_doc(r, doc), n)) == NULL)
		for (doc = 0; doc < r->ndocs && c == NULL; doc++)
			if ((c = document_find_clause(r->docs[doc], n)) != NULL)
				break;
	if (c == NULL) {
		char *num = numeral_format(n);

		view_message(r, true, _("there is no clause %s"), num);
		free(num);
		return;
	}
	if ((bi = page_block_of_clause(&r->page, doc,
	    (size_t)(c - view_doc(r, doc)->clauses))) == SIZE_MAX) {
		view_message(r, true, _("clause %s is hidden by the filter %s (D clears it)"),
		    c->numeral, r->filter);
		return;
	}
	view_jump(r, page_block_start(&r->page, bi));
}

/* Walk the jump history: back (dir -1) or forward (1). */
void
view_history(struct reader *r, int dir)
{
	if (r->njumps == 0 || (dir < 0 ? r->jump_pos == 0 : r->jump_pos + 1 >= r->njumps)) {
		view_message(r, false, "%s", dir < 0 ? _("no earlier position") :
		    _("no later position"));
		return;
	}
	r->jumps[r->jump_pos] = view_anchor(r);
	r->jump_pos = dir < 0 ? r->jump_pos - 1 : r->jump_pos + 1;
	if (!view_go(r, r->jumps[r->jump_pos]))
		view_message(r, true, _("that position is hidden by the filter"));
}

/*
 * Positions and bookmarks kept between sessions (state.c). A place is a clause number and
 * the characters into that clause's text on the page, so that it survives edits elsewhere
 * in the document and any terminal width: clause 0 is the beginning, offset -1 the chapter
 * heading just before the clause.
 */
void
view_place(struct reader *r, int *number, int *offset)
{
	size_t bi = view_block(r), start = 0;
	const struct block *b;
	struct vline l;

	*number = *offset = 0;
	if (bi == SIZE_MAX)
		return;
	if (page_row(&r->page, r->top, &l) && l.block == bi)
		start = l.start;
	b = &r->page.blocks[bi];
	if (b->doc != 0)
		return; /* state is kept for the first document; others read from the start */
	if (b->kind == BLOCK_CHAPTER && bi + 1 < r->page.nblocks &&
	    r->page.blocks[bi + 1].clause != SIZE_MAX) {
		*number = r->doc->clauses[r->page.blocks[bi + 1].clause].number;
		*offset = -1;
		return;
	}
	if (b->clause == SIZE_MAX)
		return;
	*number = r->doc->clauses[b->clause].number;
	*offset = (int)utf8_chars(b->text, start);
	for (size_t j = bi; j > 0 && r->page.blocks[j - 1].clause == b->clause; j--)
		*offset += (int)utf8_chars(r->page.blocks[j - 1].text, r->page.blocks[j - 1].len);
}

/* The clause with the smallest number above n, or NULL. */
static const struct clause *
clause_after(const struct document *doc, int n)
{
	const struct clause *best = NULL;

	for (size_t i = 0; i < doc->nclauses; i++) {
		const struct clause *c = &doc->clauses[i];

		if (c->number > n && (best == NULL || c->number < best->number))
			best = c;
	}
	return best;
}

/*
 * The row showing a place in *out, or false (with a message, unless the clause is gone
 * and there is no fallback). With fallback, a clause that is gone gives the next one.
 */
bool
view_pos_of_place(struct reader *r, int number, int offset, bool fallback, struct pos *out)
{
	const struct clause *c = number > 0 ? document_find_clause(r->doc, number) : NULL;
	size_t bi, ci, at;
	char *gone;

	*out = top_of_page;
	if (number <= 0)
		return true;
	if (c == NULL) {
		if (!fallback)
			return false;
		gone = numeral_format(number);
		if ((c = clause_after(r->doc, number)) == NULL) {
			view_message(r, false, _("clause %s is no longer in the document: "
			    "at the end instead"), gone);
			free(gone);
			*out = view_max_top(r);
			return true;
		}
		view_message(r, false, _("clause %s is no longer in the document: at %s, the next "
		    "one"), gone, c->numeral);
		free(gone);
		offset = 0;
	}
	ci = (size_t)(c - r->doc->clauses);
	if ((bi = page_block_of_clause(&r->page, 0, ci)) == SIZE_MAX) { /* state: document 0 */
		view_message(r, true, _("clause %s is hidden by the filter %s (D clears it)"),
		    c->numeral, r->filter);
		return false;
	}
	if (offset < 0) { /* the chapter heading, if it is just before */
		*out = page_block_start(&r->page, bi > 0 &&
		    r->page.blocks[bi - 1].kind == BLOCK_CHAPTER ? bi - 1 : bi);
		return true;
	}
	for (; bi + 1 < r->page.nblocks && r->page.blocks[bi + 1].clause == ci; bi++) {
		size_t n = utf8_chars(r->page.blocks[bi].text, r->page.blocks[bi].len);

		if ((size_t)offset < n)
			break;
		offset -= (int)n;
	}
	for (at = 0; offset > 0 && at < r->page.blocks[bi].len; offset--) {
		uint32_t cp;

		at += utf8_decode(r->page.blocks[bi].text + at, r->page.blocks[bi].len - at, &cp);
	}
	*out = page_pos_of(&r->page, bi, at);
	return true;
}

/* Scroll the text by delta rows. */
void
view_scroll(struct reader *r, long delta)
{
	struct pos p = r->top;

	page_step(&r->page, &p, delta);
	view_set_top(r, p);
}

/*
 * Read from the next (dir 1) or previous (-1) heading of the given kind (a clause's or a
 * chapter's); false if there is none on the page.
 */
bool
view_heading(struct reader *r, enum block_kind kind, int dir)
{
	struct pos end = view_max_top(r);

	for (size_t b = r->top.block; b < r->page.nblocks; b = dir > 0 ? b + 1 : b - 1) {
		struct pos heading;

		if (r->page.blocks[b].kind != kind)
			continue;
		heading = page_block_start(&r->page, b);
		if (dir > 0 ? pos_cmp(heading, r->top) <= 0 : pos_cmp(heading, r->top) >= 0)
			continue;
		if (dir > 0 && pos_cmp(heading, end) > 0)
			break;
		view_set_top(r, heading);
		return true;
	}
	return false;
}

/* Free the page and the jump history. */
void
view_free(struct reader *r)
{
	page_free(&r->page);
	free(r->jumps);
}
