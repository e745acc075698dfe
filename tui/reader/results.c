/*
 * results.c: the results list, an overlay: every item the search matches, under the item
 * at the top of its branch, with its first match in the middle of as much context as the
 * width holds (search_context_centred()) and how many matches it has; Enter jumps to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

struct result_row {
	size_t doc;
	size_t node;  /* an item (or a part of the matter) */
	bool group;   /* the heading of a group: an item at the top */
	size_t match; /* the first match in the item */
	size_t count; /* the matches in the item itself */
};

struct results {
	struct result_row *rows;
	size_t n;
	size_t count_cols; /* the widest count's digits */
	struct list list;
};

/* The row's count, right-aligned in the last columns; the columns left for the rest. */
static int
draw_count(struct reader *r, const struct results *res, const struct result_row *row, int y,
    int cols, attr_t attr)
{
	char n[32];
	int w = (int)res->count_cols + 1;

	if (cols <= w + 1)
		return cols;
	if (row->count != 0) {
		snprintf(n, sizeof n, "%*zu", (int)res->count_cols, row->count);
		screen_puts(r, r->text, y, cols - w + 1, n, w - 1, attr);
	}
	return cols - w;
}

/* The match in the middle of its context, from column x to cols. */
static void
draw_context(struct reader *r, const struct match *m, const struct block *b, int y, int x,
    int cols, attr_t attr)
{
	struct search_window win;
	struct buf t = { 0 };

	if (cols - x <= 1)
		return;
	search_context_centred(b->text, 0, b->len, m->start, m->end,
	    (size_t)(cols - x - 1), r->opt.ambiguous_wide, &win);
	buf_puts(&t, win.cut_before ? " " SEARCH_ELLIPSIS : " ");
	buf_add(&t, b->text + win.start, m->start - win.start);
	x += screen_puts(r, r->text, y, x, t.s, cols - x, attr);
	buf_truncate(&t, 0);
	buf_add(&t, b->text + m->start, m->end - m->start);
	x += screen_puts(r, r->text, y, x, t.s, cols - x, attr | screen_attr(r, STYLE_MATCH));
	buf_truncate(&t, 0);
	buf_add(&t, b->text + m->end, win.end - m->end);
	if (win.cut_after)
		buf_puts(&t, SEARCH_ELLIPSIS);
	screen_puts(r, r->text, y, x, t.s, cols - x, attr);
	buf_free(&t);
}

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
	cols = draw_count(r, res, row, y, cols, attr);
	if (row->group) {
		node_label(&t, &d->nodes[row->node]);
		screen_puts(r, r->text, y, 0, t.s, cols, attr | screen_attr(r, STYLE_CHAPTER));
	} else {
		const struct match *m = &r->scan.matches[row->match];
		const struct node *nd = &d->nodes[row->node];

		for (unsigned k = 0; k < (nd->depth > 0 ? nd->depth : 1); k++)
			buf_puts(&t, "  ");
		if (nd->kind == NODE_MATTER)
			buf_printf(&t, "[%s]", matter_name(nd->matter));
		else
			buf_puts(&t, nd->number[0] != '\0' ? nd->number : nd->title);
		x = screen_puts(r, r->text, y, 0, t.s, cols, attr | A_BOLD);
		draw_context(r, m, &r->page.blocks[m->block], y, x, cols, attr);
	}
	buf_free(&t);
}

static void
add_row(struct results *res, size_t doc, size_t node, bool group, size_t match)
{
	res->rows = xgrow(res->rows, res->n, sizeof *res->rows);
	res->rows[res->n++] = (struct result_row){ doc, node, group, match, 0 };
}

/* The item at the top of a node's branch. */
static size_t
top_of(const struct document *d, size_t node)
{
	while (d->nodes[node].parent != SIZE_MAX)
		node = d->nodes[node].parent;
	return node;
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

/* w, or whatever save-view is bound to, saves the items listed: the view's, as save-view does. */
static const struct overlay results_overlay = { draw, key, free_results, "save-view", false };

/* The rows: each item with matches, under the item at the top of its branch; the count. */
static size_t
build_rows(struct reader *r, struct results *res)
{
	size_t last_doc = SIZE_MAX, last_top = SIZE_MAX, top_row = 0, node_row = 0, total = 0;

	for (size_t m = 0; m < r->scan.nmatches; m++) {
		const struct block *b = &r->page.blocks[r->scan.matches[m].block];
		const struct document *d = view_doc(r, b->doc);
		size_t top;

		if (b->node == SIZE_MAX || (d->nodes[b->node].kind == NODE_MATTER &&
		    b->kind != BLOCK_PARA))
			continue; /* a title or byline: not a place to list */
		if (b->doc != last_doc)
			last_top = SIZE_MAX;
		last_doc = b->doc;
		top = d->nodes[b->node].kind == NODE_MATTER ? SIZE_MAX : top_of(d, b->node);
		if (top != SIZE_MAX && top != last_top) {
			add_row(res, b->doc, top, true, m);
			last_top = top;
			top_row = res->n - 1;
		}
		if (b->node != top && (res->n == 0 || res->rows[node_row].node != b->node ||
		    res->rows[node_row].doc != b->doc || res->rows[node_row].group)) {
			add_row(res, b->doc, b->node, false, m);
			node_row = res->n - 1;
		}
		res->rows[b->node == top ? top_row : node_row].count++;
		total++;
	}
	return total;
}

/* The widest count's digits. */
static size_t
count_cols(const struct results *res)
{
	size_t most = 0, cols = 1;

	for (size_t i = 0; i < res->n; i++)
		if (res->rows[i].count > most)
			most = res->rows[i].count;
	for (; most >= 10; most /= 10)
		cols++;
	return cols;
}

/* "7 matches over 3 items for PATTERN: ...", each number with its plural. */
static void
say_counts(struct reader *r, const struct results *res, size_t total)
{
	char matches[64], items[64];
	size_t nitems = 0;

	for (size_t i = 0; i < res->n; i++)
		nitems += res->rows[i].count != 0;
	snprintf(matches, sizeof matches, ngettext("%zu match", "%zu matches", total), total);
	snprintf(items, sizeof items, ngettext("%zu item", "%zu items", nitems), nitems);
	/* TRANSLATORS: "7 matches over 3 items for PATTERN" */
	view_message(r, false, _("%s over %s for %s: Enter jumps, w saves them, q goes back"),
	    matches, items, r->scan.pattern);
}

/* The list, once the scan has found every match. */
static struct need
scanned(struct reader *r, bool done)
{
	struct results *res;
	size_t total;

	if (!done)
		return NO_NEED;
	if (r->scan.re == NULL || r->scan.nmatches == 0) {
		view_message(r, true, "%s", r->scan.re == NULL ?
		    _("no search yet: type / and a pattern") : _("no matches to list"));
		return NO_NEED;
	}
	res = xcalloc(1, sizeof *res);
	total = build_rows(r, res);
	res->count_cols = count_cols(res);
	res->list = (struct list){ .n = res->n, .draw_row = draw_row, .data = res };
	for (size_t i = 0; i < res->n; i++)
		if (!res->rows[i].group) {
			res->list.cursor = i;
			break;
		}
	overlay_open(r, &results_overlay, res);
	say_counts(r, res, total);
	return NO_NEED;
}

/* List every matching item under the item at the top of its branch, once every match is found. */
struct need
results_open(struct reader *r)
{
	if (r->scan.re != NULL && scan_running(&r->scan))
		return (struct need){ NEED_SCAN, scanned };
	return scanned(r, true);
}
