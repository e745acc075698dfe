/*
 * text.c: a document's lines as written (the source text is its lines, line for line), its
 * title line, an item's paragraphs without its number and responsibility, and a
 * responsibility as the reader and the queries show it.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

/*
 * The title line as printed: the document's title lines as written (title(status)(part)),
 * or, with none or only blank ones, the title and its status and part from the fields.
 */
void
text_title_line(struct buf *b, const struct document *d)
{
	size_t start = b->len;
	bool seen = false;

	for (size_t i = 0; i < d->nnodes && d->nodes[i].kind == NODE_MATTER; i++) {
		const struct node *nd = &d->nodes[i];

		if (nd->matter != MATTER_TITLE && !(seen && nd->matter == MATTER_SUBTITLE)) {
			if (seen)
				break;
			continue;
		}
		for (size_t k = 0; k < nd->text.n; k++) {
			const char *s = nd->text.v[k];
			size_t b0, len = blank_strip(s, strlen(s), &b0);

			buf_add(b, s + b0, len);
		}
		seen = true;
	}
	/* the fields when the title lines are blank; d->title is NULL while a document loads */
	if ((seen && b->len > start) || d->title == NULL)
		return;
	buf_puts(b, d->title);
	if (d->status != NULL)
		buf_printf(b, "（%s）", d->status);
	if (d->part != NULL)
		buf_printf(b, "（%s）", d->part);
}

/*
 * A line of the document's text, after a line end (LF or CRLF, doubled where a blank line
 * separates every two) unless it is the first: *first says so, and is cleared.
 */
void
text_line(struct buf *b, const struct document *d, bool *first, const char *line)
{
	if (!*first) {
		buf_puts(b, d->src.crlf ? "\r\n" : "\n");
		if (d->src.blank_between)
			buf_puts(b, d->src.crlf ? "\r\n" : "\n");
	}
	*first = false;
	buf_puts(b, line);
}

/* A node's lines as written, ending with a line end: its heading and text, or its heading alone. */
void
text_node(struct buf *b, const struct document *d, size_t i, bool heading_only)
{
	const struct node *nd = &d->nodes[i];
	bool first = true;

	document_need_text(d, "text_node");
	if (nd->kind == NODE_ITEM && nd->heading != NULL)
		text_line(b, d, &first, nd->heading);
	for (size_t k = 0; !heading_only && k < nd->text.n; k++)
		text_line(b, d, &first, nd->text.v[k]);
	if (!first)
		buf_puts(b, d->src.crlf ? "\r\n" : "\n");
}

/*
 * Whether a line of an item says nothing its other parts do not: the | between the cells
 * of a table pasted one cell per line, or a row's task or deadline cell (its title and
 * deadline, when its heading is its number alone).
 */
static bool
cell_said_elsewhere(const struct node *nd, const char *s, size_t len)
{
	if (len == 1 && s[0] == '|')
		return true;
	if (nd->num.style != NUM_NONE || nd->heading == NULL || strstr(nd->heading, s) != NULL)
		return false; /* not a row of a table: its lines are its own */
	if (nd->title != NULL && strlen(nd->title) == len && memcmp(nd->title, s, len) == 0)
		return true;
	for (size_t r = 0; r < nd->nresp; r++)
		for (size_t k = 0; k < nd->resp[r].deadlines.n; k++)
			if (strlen(nd->resp[r].deadlines.v[k]) == len &&
			    memcmp(nd->resp[r].deadlines.v[k], s, len) == 0)
				return true;
	return false;
}

/*
 * The paragraphs of an item without its number, title and responsibility, indentation
 * trimmed and blank lines left out: what Markdown, JSON and CSV give as its text.
 */
void
text_item_paragraphs(struct strlist *out, const struct node *nd)
{
	if (nd->kind == NODE_ITEM && nd->heading != NULL && (nd->title == NULL ||
	    strstr(nd->heading, nd->title) != NULL)) {
		const char *h = nd->heading;
		size_t len = strlen(h), at = blank_span(h, len) + nd->num.len + nd->num.gap;
		size_t tl = nd->title != NULL ? strlen(nd->title) : 0;

		if (at <= len && tl != 0 && strncmp(h + at, nd->title, tl) == 0)
			at += tl;
		if (at < len && strncmp(h + at, "。", strlen("。")) == 0)
			at += strlen("。");
		if (at < len && nd->num.style != NUM_NONE)
			strlist_add(out, h + at);
	}
	for (size_t k = 0; k < nd->text.n; k++) {
		const char *s = nd->text.v[k];
		size_t b0, len = blank_strip(s, strlen(s), &b0);

		if (len != 0 && !cell_said_elsewhere(nd, s + b0, len))
			strlist_add_owned(out, xstrndup(s + b0, len));
	}
	for (size_t r = 0; r < nd->nresp; r++)
		for (size_t p = 0; p < nd->resp[r].as.n; p++) {
			const char *as = nd->resp[r].as.v[p];

			for (size_t k = out->n; k-- > 0;) {
				char *at = strstr(out->v[k], as);

				if (at == NULL)
					continue;
				memmove(at, at + strlen(as), strlen(at + strlen(as)) + 1);
				out->v[k][blank_trim(out->v[k], strlen(out->v[k]))] = '\0';
				if (out->v[k][0] == '\0') {
					free(out->v[k]);
					memmove(out->v + k, out->v + k + 1, (out->n - k - 1) * sizeof *out->v);
					out->n--;
				}
				break;
			}
		}
}

/*
 * Whether a responsibility's lead is missing: said missing in the source, or cooperating
 * units named with no one to lead them or be responsible. The reader and the task table
 * mark it alike.
 */
bool
text_lead_missing(const struct resp *r)
{
	return r->lead.n == 0 && (r->lead_missing || (r->responsible.n == 0 &&
	    r->cooperate.n != 0));
}

/* An attribution for readers: 牵头：A、B（按职责分工）；配合：C, a missing lead said so. */
void
text_responsibility(struct buf *b, const struct resp *r)
{
	const char *sep = "";

	if (r->lead.n != 0 || text_lead_missing(r)) {
		buf_puts(b, "牵头：");
		if (r->lead.n == 0)
			buf_puts(b, TEXT_LEAD_MISSING);
		strlist_join(b, &r->lead, "、");
		if (r->by_division)
			buf_puts(b, "（按职责分工）");
		if (r->separately)
			buf_puts(b, "（分别牵头）");
		sep = "；";
	}
	if (r->responsible.n != 0) {
		buf_printf(b, "%s责任单位：", sep);
		strlist_join(b, &r->responsible, "、");
		if (r->by_division && r->lead.n == 0)
			buf_puts(b, "（按职责分工）");
		sep = "；";
	}
	if (r->cooperate.n != 0) {
		buf_printf(b, "%s配合：", sep);
		strlist_join(b, &r->cooperate, "、");
		sep = "；";
	}
	if (r->supervisors.n != 0) {
		buf_printf(b, "%s分管领导：", sep);
		strlist_join(b, &r->supervisors, "、");
		sep = "；";
	}
	if (r->deadlines.n != 0) {
		buf_printf(b, "%s完成时限：", sep);
		strlist_join(b, &r->deadlines, "、");
	}
}


/* Bytes of a heading line (blanks trimmed) that are its number and title, with a 。 after it. */
static size_t
heading_head(const struct node *nd, const char *h, size_t len)
{
	size_t at = nd->num.len + nd->num.gap, tl = nd->title != NULL ? strlen(nd->title) : 0;

	if (at > len)
		return len;
	if (tl != 0 && at + tl <= len && strncmp(h + at, nd->title, tl) == 0)
		at += tl;
	if (at < len && strncmp(h + at, "。", strlen("。")) == 0)
		at += strlen("。");
	return at;
}

#define LINE_END_SLACK 16 /* bytes after a responsibility that ends its line: "。", blanks */

/*
 * Whether piece (plen bytes) stands in a line: looked for first in the line's last bytes,
 * where a clause's responsibility mostly stands, before the whole line (a clause's text
 * runs to a kilobyte, and this runs for every item searched or shown).
 */
static bool
line_holds(const struct text_view *line, const char *piece, size_t plen)
{
	size_t tail = plen + LINE_END_SLACK;

	if (line->len >= plen && memcmp(line->s + line->len - plen, piece, plen) == 0)
		return true; /* the line's very end: most clauses' */
	if (line->len > tail && memmem(line->s + line->len - tail, tail, piece, plen) != NULL)
		return true;
	return memmem(line->s, line->len, piece, plen) != NULL;
}

/*
 * Whether every piece of a responsibility as written stands in one of the lines. The last
 * lines are looked in first: that is where a clause names who leads it.
 */
static bool
resp_in_views(const struct resp *r, const struct text_views *lines)
{
	if (r->as.n == 0)
		return false;
	for (size_t p = 0; p < r->as.n; p++) {
		size_t k = lines->n, plen = strlen(r->as.v[p]);

		while (k > 0 && !line_holds(&lines->v[k - 1], r->as.v[p], plen))
			k--;
		if (k == 0)
			return false;
	}
	return true;
}

/* Add a line that is bytes of the document's own (a view), or one made for it (owned). */
static void
add_view(struct text_views *out, const char *s, size_t len, char *made)
{
	out->v = xgrow(out->v, out->n, sizeof *out->v);
	out->v[out->n++] = (struct text_view){ s, len, made,
	    memchr(s, '\t', len) != NULL ? TEXT_VIEW_TABBED : 0 };
}

static void
add_made(struct text_views *out, struct buf *t)
{
	char *made = t->s != NULL ? buf_detach(t) : xstrdup("");

	add_view(out, made, strlen(made), made);
}

/* Free the lines made for views (the views into the document need nothing). */
void
text_views_free(struct text_views *views)
{
	text_views_clear(views);
	free(views->v);
	*views = (struct text_views){ 0 };
}

/* Empty views for the next item's, their array kept: a page of thousands of items takes one. */
void
text_views_clear(struct text_views *views)
{
	for (size_t k = 0; k < views->n; k++)
		free(views->v[k].made);
	views->n = 0;
}

/*
 * Whether an item's heading line holds its title. It mostly stands right after the number
 * (and any blanks before it), looked at there first: this runs for every item searched.
 */
static bool
heading_holds_title(const struct node *nd)
{
	const char *h = nd->heading;
	size_t at = nd->num.len + nd->num.gap;

	if (nd->title == NULL)
		return true;
	h += blank_span(h, strnlen(h, 64)); /* more blanks than that: strstr() below decides */
	if (strnlen(h, at) == at && strncmp(h + at, nd->title, strlen(nd->title)) == 0)
		return true;
	return strstr(nd->heading, nd->title) != NULL;
}

/* Whether a line of an item is wholly one of its responsibilities as written. */
static bool
is_resp_line(const struct node *nd, const struct text_view *line)
{
	for (size_t r = 0; r < nd->nresp; r++)
		for (size_t p = 0; p < nd->resp[r].as.n; p++)
			if (strlen(nd->resp[r].as.v[p]) == line->len &&
			    memcmp(nd->resp[r].as.v[p], line->s, line->len) == 0)
				return true;
	return false;
}

/* text_item_views() of an item whose snapshot keeps them: read in place. */
static size_t
kept_views(struct text_views *out, size_t *head, const struct document *d, size_t i)
{
	const struct kept_item *it = &d->kept_items[i];
	const struct kept_line *l = d->kept_lines + it->first;

	for (uint32_t k = 0; k < it->n; k++, l++) {
		out->v = xgrow(out->v, out->n, sizeof *out->v);
		out->v[out->n++] = (struct text_view){ d->kept_text + l->at, l->len, NULL, l->flags };
	}
	*head = it->head;
	return out->n - it->n + it->own;
}

/*
 * The one text of node i that the reader shows and every search sees, a line each, blanks
 * trimmed and blank lines left out: an item's heading line as written (*head: the bytes of
 * it that are its number and title), its lines (but a table's cells said elsewhere), then
 * each responsibility its lines do not hold (as written, or without words of its own as
 * text_responsibility() gives it); for an item whose heading does not hold its title (a
 * table row's number), its label; a part of the matter's lines. Returns the index of the
 * first appended responsibility (out->n when none). Each line is a view: bytes of the
 * document's own strings (not NUL-terminated there) where it is written so, else made for
 * it; its flags say whether it is a responsibility as written, and has a tab. A document
 * read from a snapshot has them kept there, and read in place.
 */
size_t
text_item_views(struct text_views *out, size_t *head, const struct document *d, size_t i)
{
	const struct node *nd = &d->nodes[i];
	size_t own, from = out->n;

	document_need_text(d, "text_item_views");
	if (d->kept_items != NULL)
		return kept_views(out, head, d, i);
	*head = 0;
	if (nd->kind == NODE_ITEM && nd->heading != NULL && heading_holds_title(nd)) {
		const char *h = nd->heading;
		size_t len = strlen(h), b0, trimmed = blank_strip(h, len, &b0);

		if (trimmed != 0) {
			add_view(out, h + b0, trimmed, NULL);
			*head = heading_head(nd, h + b0, trimmed);
		}
	} else if (nd->kind != NODE_MATTER) { /* a group, or a row whose task is a cell of its own */
		struct buf t = { 0 };

		node_label(&t, nd);
		add_made(out, &t);
		*head = out->v[out->n - 1].len;
	}
	for (size_t k = 0; k < nd->text.n; k++) {
		const char *s = nd->text.v[k];
		size_t b0, len = blank_strip(s, strlen(s), &b0);

		if (len != 0 && (nd->kind == NODE_MATTER || !cell_said_elsewhere(nd, s + b0, len)))
			add_view(out, s + b0, len, NULL);
	}
	own = out->n;
	for (size_t r = 0; r < nd->nresp; r++) {
		struct buf t = { 0 };

		if (resp_in_views(&nd->resp[r], out))
			continue;
		if (nd->resp[r].as.n != 0)
			strlist_join(&t, &nd->resp[r].as, "");
		else
			text_responsibility(&t, &nd->resp[r]);
		add_made(out, &t);
	}
	for (size_t k = from; k < own; k++)
		if (is_resp_line(nd, &out->v[k]))
			out->v[k].flags |= TEXT_VIEW_RESP;
	return own;
}

/* text_item_views() as NUL-terminated strings, each its own. */
size_t
text_item_lines(struct strlist *out, size_t *head, const struct document *d, size_t i)
{
	struct text_views views = { 0 };
	size_t own = text_item_views(&views, head, d, i);

	for (size_t k = 0; k < views.n; k++) {
		struct text_view *v = &views.v[k];

		strlist_add_owned(out, v->made != NULL ? v->made : xstrndup(v->s, v->len));
		v->made = NULL;
	}
	text_views_free(&views);
	return own;
}
