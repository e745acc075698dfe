/*
 * results.c: the results list, an overlay: every item the search matches, under the item
 * at the top of its branch, with the first match in context (as --grep shows it:
 * search_context_before()); Enter jumps to it.
 */
#include <stdlib.h>

#include "reader/reader_int.h"

struct result_row {
	size_t doc;
	size_t node;  /* an item (or a part of the matter) */
	bool group;   /* the heading of a group: an item at the top */
	size_t match; /* the first match in the item */
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
	if (row->group) {
		node_label(&t, &d->nodes[row->node]);
		screen_puts(r, r->text, y, 0, t.s, cols, attr | screen_attr(r, STYLE_CHAPTER));
	} else {
		const struct match *m = &r->scan.matches[row->match];
		const struct block *b = &r->page.blocks[m->block];
		const struct node *nd = &d->nodes[row->node];
		bool cut;
		size_t from = search_context_before(b->text, 0, m->start, &cut);

		for (unsigned k = 0; k < (nd->depth > 0 ? nd->depth : 1); k++)
			buf_puts(&t, "  ");
		if (nd->kind == NODE_MATTER)
			buf_printf(&t, "[%s]", matter_name(nd->matter));
		else
			buf_puts(&t, nd->number[0] != '\0' ? nd->number : nd->title);
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
add_row(struct results *res, size_t doc, size_t node, bool group, size_t match)
{
	res->rows = xgrow(res->rows, res->n, sizeof *res->rows);
	res->rows[res->n++] = (struct result_row){ doc, node, group, match };
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

static const struct overlay results_overlay = { draw, key, free_results };

/* The list, once the scan has found every match. */
static struct need
scanned(struct reader *r, bool done)
{
	size_t last_doc = SIZE_MAX, last_top = SIZE_MAX, last_node = SIZE_MAX;
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
		const struct document *d = view_doc(r, b->doc);
		size_t top;

		if (b->node == SIZE_MAX || (d->nodes[b->node].kind == NODE_MATTER &&
		    b->kind != BLOCK_PARA))
			continue; /* a title or byline: not a place to list */
		if (b->doc != last_doc)
			last_top = last_node = SIZE_MAX;
		last_doc = b->doc;
		top = d->nodes[b->node].kind == NODE_MATTER ? SIZE_MAX : top_of(d, b->node);
		if (top != SIZE_MAX && top != last_top) {
			add_row(res, b->doc, top, true, m);
			last_top = top;
		}
		if (b->node != top && b->node != last_node) {
			add_row(res, b->doc, b->node, false, m);
			last_node = b->node;
		}
	}
	res->list = (struct list){ .n = res->n, .draw_row = draw_row, .data = res };
	for (size_t i = 0; i < res->n; i++)
		if (!res->rows[i].group) {
			res->list.cursor = i;
			break;
		}
	overlay_open(r, &results_overlay, res);
	view_message(r, false, _("%zu matches for %s: Enter jumps, q goes back"),
	    r->scan.nmatches, r->scan.pattern);
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
