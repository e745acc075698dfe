/*
 * results.c: the results list, an overlay: every clause the search matches, under its
 * chapter, with the first match in context (as --grep shows it: search_context_before());
 * Enter jumps to it.
 */
#include <stdlib.h>

#include "reader/reader_int.h"

struct result_row {
	size_t doc;
	size_t chapter, clause; /* clause SIZE_MAX: a chapter group heading */
	size_t match;           /* first match in the clause */
};

struct results {
	struct result_row *rows;
	size_t n;
	struct list list;
};

static void
draw_row(struct reader *r, const struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct results *res = l->data;
	const struct result_row *row = &res->rows[i];
	const struct document *d = view_doc(r, row->doc);
	attr_t attr = selected ? screen_attr(r, STYLE_SELECTED) : A_NORMAL;
	struct buf t = { 0 };
	int x;

	if (selected)
		mvwhline(r->text, y, 0, ' ' | attr, cols);
	if (row->clause == SIZE_MAX) {
		text_chapter_heading(&t, d, &d->chapters[row->chapter]);
		screen_puts(r, r->text, y, 0, t.s, cols, attr | screen_attr(r, STYLE_CHAPTER));
	} else {
		const struct match *m = &r->scan.matches[row->match];
		const struct block *b = &r->page.blocks[m->block];
		bool cut;
		size_t from = search_context_before(b->text, 0, m->start, &cut);

		buf_puts(&t, "  ");
		text_clause_number(&t, d, &d->clauses[row->clause]);
		x = screen_puts(r, r->text, y, 0, t.s, cols, attr | A_BOLD);
		buf_truncate(&t, 0);
		buf_puts(&t, cut ? " " SEARCH_ELLIPSIS : " ");
		buf_add(&t, b->text + from, m->start - from);
		x += screen_puts(r, r->text, y, x, t.s, cols - x, attr);
		buf_truncate(&t, 0);
		buf_add(&t, b->text + m->start, m->end - m->start);
		x += screen_puts(r, r->text, y, x, t.s, cols - x, attr | screen_attr(r, STYLE_MATCH));
		screen_puts(r, r->text, y, x, b->text + m->end, cols - x, attr);
	}
	buf_free(&t);
}

static void
add_row(struct results *res, size_t doc, size_t chapter, size_t clause, size_t match)
{
	res->rows = xgrow(res->rows, res->n, sizeof *res->rows);
	res->rows[res->n++] = (struct result_row){ doc, chapter, clause, match };
}

static void
draw(struct reader *r, void *data)
{
	list_draw(r, &((struct results *)data)->list, r->text);
}

/* Keys in the results list: move, leave (q), or jump to the clause (Enter). */
static struct need
key(struct reader *r, keycode k, void *data)
{
	struct results *res = data;
	struct pos at;
	size_t m;

	if (list_key(&res->list, k, r->text_rows))
		return NO_NEED;
	if (k == 'q' || keycode_cancels(k)) {
		overlay_close(r);
		r->message[0] = '\0';
	} else if (k == '\r' && res->n != 0) {
		m = res->rows[res->list.cursor].match;
		overlay_close(r);
		r->message[0] = '\0';
		view_push_jump(r);
		scan_select(&r->scan, m);
		at = scan_match_pos(&r->scan, &r->page, m);
		view_show_line(r, at);
		/* a third of the way down, even when it was on screen */
		page_step(&r->page, &at, -(long)(r->text_rows / 3));
		view_jump(r, at);
	}
	return NO_NEED;
}

static void
free_results(void *data)
{
	struct results *res = data;

	free(res->rows);
	free(res);
}

static const struct overlay results_overlay = { draw, key, free_results };

/* The list, once the scan has found every match. */
static struct need
scanned(struct reader *r, bool done)
{
	size_t last_doc = SIZE_MAX, last_chapter = SIZE_MAX, last_clause = SIZE_MAX;
	struct results *res;

	if (!done)
		return NO_NEED;
	if (r->scan.re == NULL || r->scan.nmatches == 0) {
		view_message(r, true, "%s", r->scan.re == NULL ?
		    _("no search yet: type / and a pattern") : _("no matches to list"));
		return NO_NEED;
	}
	res = xcalloc(1, sizeof *res);
	for (size_t m = 0; m < r->scan.nmatches; m++) {
		const struct block *b = &r->page.blocks[r->scan.matches[m].block];

		if (b->doc != last_doc)
			last_chapter = last_clause = SIZE_MAX;
		last_doc = b->doc;
		if (b->chapter != SIZE_MAX && b->chapter != last_chapter) {
			add_row(res, b->doc, b->chapter, SIZE_MAX, m);
			last_chapter = b->chapter;
		}
		if (b->clause != SIZE_MAX && b->clause != last_clause) {
			add_row(res, b->doc, b->chapter, b->clause, m);
			last_clause = b->clause;
		}
	}
	res->list = (struct list){ .n = res->n, .draw_row = draw_row, .data = res };
	for (size_t i = 0; i < res->n; i++)
		if (res->rows[i].clause != SIZE_MAX) {
			res->list.cursor = i;
			break;
		}
	overlay_open(r, &results_overlay, res);
	view_message(r, false, _("%zu matches for %s: Enter jumps, q goes back"),
	    r->scan.nmatches, r->scan.pattern);
	return NO_NEED;
}

/* List every matching clause under its chapter, once every match is found. */
struct need
results_open(struct reader *r)
{
	if (r->scan.re != NULL && scan_running(&r->scan))
		return (struct need){ NEED_SCAN, scanned };
	return scanned(r, true);
}
