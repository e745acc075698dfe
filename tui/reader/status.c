/*
 * status.c: the title line, the status line and the message line: what the reader shows
 * of everything (the position, the filter, the matches, loading, messages, the prompt).
 */
#include <stdio.h>

#include "reader/reader_int.h"

/* The title line: the title of the document being read. */
static void
draw_title(struct reader *r)
{
	struct buf t = { 0 };

	if (r->title == NULL)
		return;
	wbkgdset(r->title, ' ' | screen_attr(r, STYLE_BAR));
	werase(r->title);
	text_title_line(&t, view_doc_read(r));
	screen_puts(r, r->title, 0, 1, t.s, getmaxx(r->title) - 2,
	    screen_attr(r, STYLE_BAR) | A_BOLD);
	buf_free(&t);
}

/*
 * All, Top, Bot, or how far down the screen's last row is. Until every block has been
 * counted at this width (a large page, just opened or resized), the figure is an
 * estimate by blocks, marked with ~. While loading, how far that has got.
 */
static void
position_text(struct reader *r, char *out, size_t size)
{
	struct pos last = r->top;
	size_t rows = (size_t)r->text_rows, index;
	bool at_end, at_top = r->top.block == 0 && r->top.row == 0;

	if (!r->loaded) {
		loading_text(r, out, size);
		return;
	}
	index = page_index(&r->page, r->top);
	at_end = page_step(&r->page, &last, (long)rows) < rows;
	if (at_top && at_end)
		snprintf(out, size, "All");
	else if (at_top)
		snprintf(out, size, "Top");
	else if (at_end)
		snprintf(out, size, "Bot");
	else if (index != SIZE_MAX)
		snprintf(out, size, "%zu%%", (index + rows) * 100 / page_total_rows(&r->page));
	else
		snprintf(out, size, "~%zu%%", (r->top.block + 1) * 100 / r->page.nblocks);
}

/*
 * The breadcrumb of the reading position: the heading of its item at the top, then the
 * number of each item down to its own: 二、重点任务 › （一） › 3.
 */
static void
breadcrumb(const struct reader *r, struct buf *b)
{
	size_t bi = view_block(r), chain[32], n = 0;
	const struct document *d;
	const struct block *blk;

	if (bi == SIZE_MAX || r->page.blocks[bi].node == SIZE_MAX)
		return;
	blk = &r->page.blocks[bi];
	d = view_doc(r, blk->doc);
	if (d->nodes[blk->node].kind == NODE_MATTER)
		return;
	for (size_t a = blk->node; a != SIZE_MAX && n < 32; a = d->nodes[a].parent)
		chain[n++] = a;
	node_label(b, &d->nodes[chain[--n]]);
	while (n-- > 0) {
		buf_puts(b, " › ");
		buf_puts(b, d->nodes[chain[n]].number[0] != '\0' ? d->nodes[chain[n]].number :
		    d->nodes[chain[n]].title);
	}
}

/* Make b's text fit in width columns (see utf8_fit()). */
static void
fit(const struct reader *r, struct buf *b, int width, bool keep_end)
{
	struct buf t = { 0 };

	if (b->s == NULL || width < 0)
		return;
	utf8_fit(&t, b->s, b->len, (size_t)width, keep_end, r->opt.ambiguous_wide);
	buf_free(b);
	*b = t;
}

/* The status line: where the reading position is, the filter, the matches, how far down. */
static void
draw_status(struct reader *r)
{
	const struct scan *s = &r->scan;
	struct buf left = { 0 }, right = { 0 };
	char pos[64];
	int cols, rw;

	if (r->status == NULL)
		return;
	cols = getmaxx(r->status);
	wbkgdset(r->status, ' ' | screen_attr(r, STYLE_BAR));
	werase(r->status);
	if (r->prompt.active && r->message[0] != '\0')
		buf_puts(&left, r->message); /* an error while typing: the prompt keeps its line */
	else
		breadcrumb(r, &left);
	if (r->filter != NULL)
		buf_printf(&right, "[牵头 %s] ", r->filter);
	if (r->only != NULL)
		buf_printf(&right, "[&%s] ", r->only);
	if (s->pattern != NULL && s->re != NULL)
		buf_printf(&right, scan_running(s) ? "%zu+ " : "%zu/%zu ", scan_running(s) ?
		    s->nmatches + s->nwrapped : (size_t)(s->has_cur ? s->cur + 1 : 0), s->nmatches);
	position_text(r, pos, sizeof pos);
	buf_puts(&right, pos);
	rw = (int)utf8_width(right.s, right.len, false);
	/* too long, the breadcrumb loses its start (the item's own number stays), a message its end */
	fit(r, &left, cols - rw - 3, !(r->prompt.active && r->message[0] != '\0'));
	screen_puts(r, r->status, 0, 1, left.s, cols - rw - 3, screen_attr(r, STYLE_BAR));
	screen_puts(r, r->status, 0, cols - rw - 1 > 0 ? cols - rw - 1 : 0, right.s, rw,
	    screen_attr(r, STYLE_BAR));
	buf_free(&left);
	buf_free(&right);
}

/* The message line: the prompt, a message, or the first error found loading. */
static void
draw_cmd(struct reader *r)
{
	struct buf t = { 0 };
	bool error = true;

	if (r->cmd == NULL)
		return;
	werase(r->cmd);
	if (r->prompt.active) {
		prompt_draw(r); /* an error while typing shows on the status line instead */
		return;
	}
	if (r->message[0] != '\0') {
		buf_puts(&t, r->message);
		error = r->message_is_error;
	} else if (*loading_error(r) != '\0')
		buf_puts(&t, loading_error(r));
	fit(r, &t, getmaxx(r->cmd), false); /* ending in …, after a word */
	screen_puts(r, r->cmd, 0, 0, t.s, getmaxx(r->cmd),
	    screen_attr(r, error ? STYLE_ERROR : STYLE_NORMAL));
	buf_free(&t);
}

/* Draw the title, status and message lines. */
void
status_draw(struct reader *r)
{
	draw_title(r);
	draw_status(r);
	draw_cmd(r);
}
