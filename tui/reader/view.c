/*
 * view.c: the reading pane: the page and where it is read from, moving and jumping
 * (with the jump history for back and forward), going to a clause, places kept between
 * sessions, the message line's text, and drawing the page's rows.
 */
#include <limits.h>
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
		return STYLE_RESP; /* the names inside are marked by block_spans() */
	case BLOCK_NORESP:
		return STYLE_MISSING;
	case BLOCK_BYLINE:
		return STYLE_BYLINE;
	default:
		return STYLE_NORMAL;
	}
}

/* A run of a block drawn in a style of its own: a responsibility, a name in it. */
struct span {
	size_t start, end;
	enum style style;
};
#define MAX_SPANS 64

static void
add_span(struct span *v, size_t *n, size_t start, size_t end, enum style style)
{
	if (*n < MAX_SPANS && end > start)
		v[(*n)++] = (struct span){ start, end, style };
}

/* Every occurrence of word in text[from..to) as a span, as long as there is room. */
static void
add_word_spans(struct span *v, size_t *n, const char *text, size_t from, size_t to,
    const char *word, enum style style)
{
	size_t wl = strlen(word), at = from;
	const char *hit;

	if (wl == 0)
		return;
	while (at < to && (hit = memmem(text + at, to - at, word, wl)) != NULL) {
		at = (size_t)(hit - text) + wl;
		add_span(v, n, at - wl, at, style);
	}
}

/* The names in a responsibility's words text[from..to): the filter's, the leads, a missing lead. */
static void
add_name_spans(const struct reader *r, const struct block *b, const struct resp *rp,
    size_t from, size_t to, struct span *v, size_t *n)
{
	const char *text = b->text;

	for (size_t f = 0; r->filter != NULL && b->doc < r->nfilter_forms &&
	    f < r->filter_forms[b->doc].n; f++)
		add_word_spans(v, n, text, from, to, r->filter_forms[b->doc].v[f], STYLE_DEPT);
	add_word_spans(v, n, text, from, to, TEXT_LEAD_MISSING, STYLE_MISSING);
	if (rp->lead_missing)
		add_word_spans(v, n, text, from, to, "牵头", STYLE_MISSING);
	for (size_t k = 0; k < rp->lead.n; k++)
		add_word_spans(v, n, text, from, to, rp->lead.v[k], STYLE_LEAD);
}

/*
 * The spans of a block, first come first drawn: the responsibilities written in it (as
 * written, or the whole of a responsibility's block) with their names marked.
 */
static size_t
block_spans(const struct reader *r, const struct block *b, struct span *v)
{
	const struct document *d = view_doc(r, b->doc);
	const struct node *nd;
	size_t n = 0;

	if (d == NULL || b->node == SIZE_MAX || b->node >= d->nnodes)
		return 0;
	nd = &d->nodes[b->node];
	for (size_t k = 0; k < nd->nresp; k++) {
		const struct resp *rp = &nd->resp[k];

		if (b->kind == BLOCK_RESP) {
			add_name_spans(r, b, rp, 0, b->len, v, &n);
			continue;
		}
		for (size_t p = 0; p < rp->as.n; p++) {
			const char *hit = memmem(b->text, b->len, rp->as.v[p], strlen(rp->as.v[p]));

			if (hit != NULL && rp->as.v[p][0] != '\0') {
				size_t s0 = (size_t)(hit - b->text), e0 = s0 + strlen(rp->as.v[p]);

				add_name_spans(r, b, rp, s0, e0, v, &n);
				add_span(v, &n, s0, e0, STYLE_RESP);
			}
		}
	}
	return n;
}

/* The style of byte `at` of a block: a search match, a span, its heading, or the block's. */
static attr_t
char_attr(const struct reader *r, const struct block *b, size_t at, size_t m0, size_t m1,
    const struct span *v, size_t nv)
{
	for (size_t m = m0; m < m1; m++)
		if (at >= r->scan.matches[m].start && at < r->scan.matches[m].end)
			return screen_attr(r, r->scan.has_cur && m == r->scan.cur ? STYLE_CURRENT :
			    STYLE_MATCH);
	for (size_t k = 0; k < nv; k++)
		if (at >= v[k].start && at < v[k].end)
			return screen_attr(r, v[k].style);
	if ((b->kind == BLOCK_CHAPTER || b->kind == BLOCK_CLAUSE) && at >= b->head)
		return screen_attr(r, STYLE_NORMAL);
	return screen_attr(r, block_style(b));
}

static void
draw_row(struct reader *r, int y, const struct vline *l)
{
	const struct block *b;
	struct span v[MAX_SPANS];
	struct pen p;
	size_t i, m0, m1, nv;
	uint32_t cp;

	if (l->block == SIZE_MAX)
		return;
	b = &r->page.blocks[l->block];
	nv = block_spans(r, b, v);
	scan_block_matches(&r->scan, l->block, &m0, &m1); /* none yet where the scan has not been */
	p = pen_at(r, r->text, y, l->indent, r->text_cols - l->indent);
	for (i = l->start; i < l->end;) {
		size_t n = utf8_decode(b->text + i, l->end - i, &cp);

		if (!pen_put(&p, cp, char_attr(r, b, i, m0, m1, v, nv)))
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

/* The names a document writes a body in, given its identity (names_department()'s): into out. */
static void
forms_of(const struct document *d, const char *identity, struct strlist *out)
{
	struct strlist names = { 0 };
	char *place = names_document_place(d), *id;

	document_departments(&names, d);
	for (size_t k = 0; k < names.n; k++) {
		id = names_department(d, names.v[k], place);
		if (strcmp(id, identity) == 0 && !strlist_has(out, names.v[k]))
			strlist_add(out, names.v[k]);
		free(id);
	}
	strlist_free(&names);
	free(place);
}

/* Filter by a department (its name as written, or a body's identity when body), or none. */
void
view_set_filter(struct reader *r, const char *name, bool body)
{
	for (size_t i = 0; i < r->nfilter_forms; i++)
		strlist_free(&r->filter_forms[i]);
	free(r->filter_forms);
	free(r->filter);
	r->filter_forms = NULL;
	r->nfilter_forms = 0;
	r->filter = name != NULL ? xstrdup(name) : NULL;
	r->filter_body = body;
}

/*
 * The names document doc writes the filter's department in (with none, NULL): the name, or
 * every form of the body; found for each document as it is first asked about (one may have
 * loaded since the filter was set).
 */
const struct strlist *
view_filter_forms(struct reader *r, size_t doc)
{
	if (r->filter == NULL || doc >= r->ndocs)
		return NULL;
	for (; r->nfilter_forms < r->ndocs; r->nfilter_forms++) {
		struct strlist *f;

		r->filter_forms = xgrow(r->filter_forms, r->nfilter_forms, sizeof *r->filter_forms);
		f = memset(&r->filter_forms[r->nfilter_forms], 0, sizeof *f);
		if (r->filter_body)
			forms_of(r->docs[r->nfilter_forms], r->filter, f);
		else
			strlist_add(f, r->filter);
	}
	return &r->filter_forms[doc];
}

/* Build the page anew (the filter changed, or a document's heading), read from its top. */
void
view_rebuild(struct reader *r)
{
	page_free(&r->page);
	page_build_docs(&r->page, r->docs, r->ndocs, view_filter_forms(r, 0), r->only_re,
	    r->titled);
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

/* Where the reading position is, as the node (item or matter) or document it is in. */
struct anchor
view_anchor(const struct reader *r)
{
	size_t bi = view_block(r);
	struct anchor a = { 0, SIZE_MAX };

	if (bi != SIZE_MAX) {
		a.doc = r->page.blocks[bi].doc;
		a.node = r->page.blocks[bi].node;
	}
	return a;
}

/* Go to the start of an anchor; false if the page no longer shows it. */
bool
view_go(struct reader *r, struct anchor a)
{
	size_t bi = a.node != SIZE_MAX ? page_block_of_node(&r->page, a.doc, a.node) : 0;

	if (bi == SIZE_MAX)
		return false;
	view_set_top(r, page_block_start(&r->page, bi));
	return true;
}

static struct spot spot_here(struct reader *);

/* Record the reading position in the jump history before a jump. */
void
view_push_jump(struct reader *r)
{
	r->before_jump = spot_here(r);
	r->has_before_jump = true;
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

/* Jump to row n of the page (from 0), as less's G and g with a count; the last if it has fewer. */
void
view_goto_row(struct reader *r, size_t n)
{
	struct pos p = top_of_page;

	page_step(&r->page, &p, (long)(n < LONG_MAX ? n : LONG_MAX));
	view_jump(r, p);
}

/* =: the file, the item, the lines on screen of how many, how far: less's =, vim's C-g. */
void
view_describe(struct reader *r)
{
	struct anchor a = view_anchor(r);
	const struct document *d = view_doc(r, a.doc);
	struct buf path = { 0 };
	size_t total, first, last;

	page_count(&r->page, -1);
	total = page_total_rows(&r->page);
	first = page_index(&r->page, r->top) + 1;
	last = first + (size_t)r->text_rows - 1;
	if (last > total)
		last = total;
	if (a.node != SIZE_MAX && d->nodes[a.node].kind != NODE_MATTER)
		node_path(&path, d, a.node);
	view_message(r, false, _("%s, lines %zu–%zu of %zu (%zu%%), in %s"),
	    path.s != NULL ? path.s : _("the beginning"), first, last, total,
	    total != 0 ? last * 100 / total : 100,
	    strcmp(d->path, "-") == 0 ? _("standard input") : d->path);
	buf_free(&path);
}

/* Say which items a number or path names when it names several. */
static void
say_ambiguous(struct reader *r, const char *spec, const struct document *d, const size_t *at,
    size_t n, size_t total)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(&b, ", ");
		node_path(&b, d, at[i]);
	}
	view_message(r, true, _("%s names %zu items: %s%s; type its path"), spec, total, b.s,
	    total > n ? "…" : "");
	buf_free(&b);
}

/*
 * Go to the item a number or path names (23, 二十三, (二十三), 二/（一）/3); used by the
 * goto prompt. The document being read first; failing that, the first that has it.
 */
void
view_goto(struct reader *r, const char *spec)
{
	size_t at[4], n, bi, here = view_block(r), doc;

	doc = here != SIZE_MAX ? r->page.blocks[here].doc : 0;
	n = document_find(view_doc(r, doc), spec, at, 4);
	for (size_t d = 0; n == 0 && d < r->ndocs; d++)
		if ((n = document_find(r->docs[d], spec, at, 4)) != 0)
			doc = d;
	if (n == 0) {
		view_message(r, true, _("there is no item %s (try 23, 二十三, (二十三) or a path "
		    "such as 二/（一）/3)"), spec);
		return;
	}
	if (n > 1) {
		say_ambiguous(r, spec, view_doc(r, doc), at, n < 4 ? n : 4, n);
		return;
	}
	if ((bi = page_block_of_node(&r->page, doc, at[0])) == SIZE_MAX) {
		view_message(r, true, _("%s is hidden by the filter %s (D clears it)"), spec,
		    r->filter);
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

/* The characters from the start of the top row's node to the top row, on the page. */
static int
top_offset(struct reader *r)
{
	size_t bi = view_block(r), start = 0;
	const struct block *b = &r->page.blocks[bi];
	struct vline l;
	int offset;

	if (page_row(&r->page, r->top, &l) && l.block == bi)
		start = l.start;
	offset = (int)utf8_chars(b->text, start);
	for (size_t j = bi; j > 0 && r->page.blocks[j - 1].node == b->node &&
	    r->page.blocks[j - 1].doc == b->doc; j--)
		offset += (int)utf8_chars(r->page.blocks[j - 1].text, r->page.blocks[j - 1].len);
	return offset;
}

/* The reading position as a spot, which a new width or filter leaves meaning the same. */
static struct spot
spot_here(struct reader *r)
{
	struct spot s = { view_anchor(r), 0 };

	if (view_block(r) != SIZE_MAX)
		s.offset = top_offset(r);
	return s;
}

/* The row of a spot; false if the page no longer shows its node. */
static bool
spot_pos(struct reader *r, struct spot s, struct pos *out)
{
	size_t bi;

	if (s.a.node == SIZE_MAX) {
		*out = top_of_page;
		return true;
	}
	if ((bi = page_block_of_node(&r->page, s.a.doc, s.a.node)) == SIZE_MAX)
		return false;
	return view_offset_pos(r, bi, s.offset, out);
}

/* '': back to where the last jump started; again, back to where that one started. */
void
view_jump_back(struct reader *r)
{
	struct pos p;

	if (!r->has_before_jump) {
		view_message(r, false, "%s", _("no jump yet"));
		return;
	}
	if (!spot_pos(r, r->before_jump, &p)) {
		view_message(r, true, _("that position is hidden by the filter"));
		return;
	}
	view_jump(r, p);
}

/*
 * Positions and bookmarks kept between sessions (state.c). A place is the path of the item
 * the reading position is in, and the characters into that item's text on the page, so
 * that it survives edits elsewhere in the document and any terminal width: "" is the
 * beginning. A place kept as a number (a version 1 state file: a clause number) is a path
 * too; its offset -1 is the heading just before the clause. Each document of several has
 * its own places: *doc is the one the place is in.
 */
char *
view_place(struct reader *r, size_t *doc, int *offset)
{
	size_t bi = view_block(r);
	const struct block *b;
	struct buf path = { 0 };

	*offset = 0;
	*doc = 0;
	if (bi == SIZE_MAX)
		return xstrdup("");
	b = &r->page.blocks[bi];
	*doc = b->doc;
	if (b->node == SIZE_MAX || view_doc(r, b->doc)->nodes[b->node].kind == NODE_MATTER)
		return xstrdup(""); /* the matter is the document's top */
	node_path(&path, view_doc(r, b->doc), b->node);
	*offset = top_offset(r);
	return path.s != NULL ? buf_detach(&path) : xstrdup("");
}

/* The row where document number doc begins on the page (the top for the first). */
static struct pos
doc_top(struct reader *r, size_t doc)
{
	for (size_t bi = 0; doc != 0 && bi < r->page.nblocks; bi++)
		if (r->page.blocks[bi].doc == doc)
			return page_block_start(&r->page, bi);
	return top_of_page;
}

/* Whether a place is a bare number, as version 1 state files kept clauses; its value. */
static bool
numeric_place(const char *place, int *n)
{
	*n = 0;
	if (*place == '\0' || strspn(place, "0123456789") != strlen(place) || strlen(place) > 8)
		return false;
	*n = atoi(place);
	return true;
}

/* The item with the smallest number above n, or SIZE_MAX. */
static size_t
item_after(const struct document *d, int n)
{
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < d->nnodes; i++)
		if (d->nodes[i].kind == NODE_ITEM && d->nodes[i].num.value > n && (best == SIZE_MAX ||
		    d->nodes[i].num.value < d->nodes[best].num.value))
			best = i;
	return best;
}

/*
 * A place the document no longer has: with a number, the next item by number (or the end);
 * with a path, the item above it. Says so; SIZE_MAX for the end.
 */
static size_t
place_gone(struct reader *r, const struct document *d, const char *place, int number)
{
	char *gone = numeral_format(number), *dup;
	size_t at[1], i;

	if (number > 0) {
		i = item_after(d, number);
		if (i == SIZE_MAX)
			view_message(r, false, _("clause %s is no longer in the document: at the end "
			    "instead"), gone);
		else {
			char *next = numeral_format(d->nodes[i].num.value);

			view_message(r, false, _("clause %s is no longer in the document: at %s, the "
			    "next one"), gone, next);
			free(next);
		}
		free(gone);
		return i;
	}
	free(gone);
	dup = xstrdup(place);
	for (char *slash; (slash = strrchr(dup, '/')) != NULL;) {
		*slash = '\0';
		if (document_find(d, dup, at, 1) == 1) {
			view_message(r, false, _("%s is no longer in the document: at %s, above it"),
			    place, dup);
			free(dup);
			return at[0];
		}
	}
	free(dup);
	view_message(r, false, _("%s is no longer in the document: at the end instead"), place);
	return SIZE_MAX;
}

/*
 * The row showing a place in *out, or false (with a message, unless the item is gone and
 * there is no fallback). With fallback, an item that is gone gives the next (or the one
 * above it) and says so.
 */
bool
view_pos_of_place(struct reader *r, size_t doc, const char *place, int offset, bool fallback,
    struct pos *out)
{
	const struct document *d = view_doc(r, doc);
	size_t at[1], bi, node;
	int number;
	bool numeric = numeric_place(place, &number);

	*out = doc_top(r, doc);
	if (*place == '\0' || (numeric && number == 0))
		return true;
	if (document_find(d, place, at, 1) >= 1)
		node = at[0];
	else if (!fallback)
		return false;
	else if ((node = place_gone(r, d, place, number)) == SIZE_MAX) {
		*out = doc + 1 < r->ndocs ? doc_top(r, doc + 1) : view_max_top(r);
		return true;
	} else
		offset = 0;
	if ((bi = page_block_of_node(&r->page, doc, node)) == SIZE_MAX) {
		if (numeric) { /* a version 1 place: said as it always was */
			char *num = numeral_format(d->nodes[node].num.value);

			view_message(r, true, _("clause %s is hidden by the filter %s (D clears it)"),
			    num, r->filter);
			free(num);
		} else
			view_message(r, true, _("%s is hidden by the filter %s (D clears it)"), place,
			    r->filter);
		return false;
	}
	if (offset < 0) { /* version 1: the chapter heading, if it is just before */
		*out = page_block_start(&r->page, bi > 0 &&
		    r->page.blocks[bi - 1].kind == BLOCK_CHAPTER ? bi - 1 : bi);
		return true;
	}
	return view_offset_pos(r, bi, offset, out);
}

/*
 * Go where the documents were left, as the state file keeps it: of several, in the one
 * read last. False when that is not on the page (yet), with *doc (SIZE_MAX: nothing is
 * kept), *place and *offset as kept.
 */
bool
view_restore(struct reader *r, size_t *doc, const char **place, int *offset)
{
	struct pos line;

	*doc = state_open_newest(r->state, r->docs, r->ndocs);
	if (*doc != SIZE_MAX && !state_position(r->state, place, offset))
		*doc = SIZE_MAX;
	if (*doc == SIZE_MAX || !view_pos_of_place(r, *doc, *place, *offset, false, &line))
		return false;
	view_set_top(r, line);
	return true;
}

/* The row `offset` characters into the node whose first block is bi. */
bool
view_offset_pos(struct reader *r, size_t bi, int offset, struct pos *out)
{
	size_t node = r->page.blocks[bi].node, doc = r->page.blocks[bi].doc, at;

	for (; bi + 1 < r->page.nblocks && r->page.blocks[bi + 1].node == node &&
	    r->page.blocks[bi + 1].doc == doc; bi++) {
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
	view_set_filter(r, NULL, false);
	page_free(&r->page);
	free(r->jumps);
}
