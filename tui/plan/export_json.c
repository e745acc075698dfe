/* export_json.c: the document as JSON: its fields, its matter, and its items as a tree. */
#include <string.h>

#include "plan/plan_int.h"

/* A JSON string: quotes, backslashes and control characters escaped. */
void
json_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

static void
indent(struct buf *b, int n)
{
	buf_printf(b, "%*s", n, "");
}

static void
json_field(struct buf *b, int in, const char *key, const char *value, bool comma)
{
	indent(b, in);
	buf_printf(b, "\"%s\": ", key);
	if (value == NULL)
		buf_puts(b, "null");
	else
		json_string(b, value);
	buf_puts(b, comma ? ",\n" : "\n");
}

static void
json_list(struct buf *b, int in, const char *key, const struct strlist *l, bool comma)
{
	indent(b, in);
	buf_printf(b, "\"%s\": [", key);
	for (size_t i = 0; i < l->n; i++) {
		if (i != 0)
			buf_puts(b, ", ");
		json_string(b, l->v[i]);
	}
	buf_puts(b, comma ? "],\n" : "]\n");
}

static void
json_bool(struct buf *b, int in, const char *key, bool value, bool comma)
{
	indent(b, in);
	buf_printf(b, "\"%s\": %s%s\n", key, value ? "true" : "false", comma ? "," : "");
}

static void
json_resp(struct buf *b, int in, const struct resp *r, bool last)
{
	indent(b, in);
	buf_puts(b, "{\n");
	json_list(b, in + 2, "as", &r->as, true);
	json_list(b, in + 2, "lead", &r->lead, true);
	json_bool(b, in + 2, "lead_missing", r->lead_missing, true);
	json_bool(b, in + 2, "by_division", r->by_division, true);
	json_bool(b, in + 2, "separately", r->separately, true);
	json_list(b, in + 2, "cooperate", &r->cooperate, true);
	json_list(b, in + 2, "responsible", &r->responsible, true);
	json_list(b, in + 2, "supervisors", &r->supervisors, true);
	json_list(b, in + 2, "deadlines", &r->deadlines, true);
	json_list(b, in + 2, "notes", &r->notes, false);
	indent(b, in);
	buf_puts(b, last ? "}\n" : "},\n");
}

/* The items under parent (SIZE_MAX: the top) that the view shows, as a JSON array's body. */
static void json_items(struct buf *, const struct document *, const bool *, size_t, size_t,
    size_t, int);

static void
json_item(struct buf *b, const struct document *d, const bool *sel, size_t i, int in, bool last)
{
	const struct node *nd = &d->nodes[i];
	struct strlist paras = { 0 };
	struct buf path = { 0 };
	bool whole = sel == NULL || sel[i];

	node_path(&path, d, i);
	indent(b, in);
	buf_puts(b, "{\n");
	json_field(b, in + 2, "path", path.s, true);
	json_field(b, in + 2, "number", nd->number, true);
	indent(b, in + 2);
	buf_printf(b, "\"value\": %d,\n", nd->num.value);
	json_field(b, in + 2, "title", nd->title, true);
	if (whole)
		text_item_paragraphs(&paras, nd);
	json_list(b, in + 2, "text", &paras, true);
	indent(b, in + 2);
	buf_puts(b, "\"responsibility\": [");
	for (size_t k = 0; whole && k < nd->nresp; k++) {
		buf_puts(b, k == 0 ? "\n" : "");
		json_resp(b, in + 4, &nd->resp[k], k + 1 == nd->nresp);
	}
	if (whole && nd->nresp != 0)
		indent(b, in + 2);
	buf_puts(b, "],\n");
	indent(b, in + 2);
	buf_puts(b, "\"items\": [");
	json_items(b, d, sel, i, i + 1, nd->end, in + 4);
	buf_puts(b, "]\n");
	indent(b, in);
	buf_puts(b, last ? "}" : "},");
	buf_putc(b, '\n');
	strlist_free(&paras);
	buf_free(&path);
}

static void
json_items(struct buf *b, const struct document *d, const bool *sel, size_t parent, size_t from,
    size_t to, int in)
{
	size_t last = SIZE_MAX;

	for (size_t i = from; i < to; i++)
		if (d->nodes[i].kind != NODE_MATTER && d->nodes[i].parent == parent &&
		    export_chosen(d, sel, i))
			last = i;
	if (last == SIZE_MAX)
		return;
	buf_putc(b, '\n');
	for (size_t i = from; i <= last; i++)
		if (d->nodes[i].kind != NODE_MATTER && d->nodes[i].parent == parent &&
		    export_chosen(d, sel, i))
			json_item(b, d, sel, i, in, i == last);
	indent(b, in - 2);
}

/* The document's matter, as parts and their lines; none in a view. */
static void
json_matter(struct buf *b, const struct document *d, const bool *sel)
{
	bool any = false;

	buf_puts(b, "  \"matter\": [");
	for (size_t i = 0; sel == NULL && i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (nd->kind != NODE_MATTER)
			continue;
		buf_puts(b, any ? ",\n    {\n" : "\n    {\n");
		json_field(b, 6, "part", matter_name(nd->matter), true);
		json_list(b, 6, "lines", &nd->text, false);
		buf_puts(b, "    }");
		any = true;
	}
	buf_puts(b, any ? "\n  ],\n" : "],\n");
}

/* The JSON object; a view has the same shape, with the chosen items under their headings. */
void
export_json(struct buf *b, const struct document *d, const bool *sel)
{
	buf_puts(b, "{\n");
	json_field(b, 2, "title", d->title, true);
	json_field(b, 2, "status", d->status, true);
	json_field(b, 2, "part", d->part, true);
	json_field(b, 2, "issuer", d->issuer, true);
	json_field(b, 2, "published", d->published, true);
	json_field(b, 2, "category", d->category, true);
	json_field(b, 2, "doc_number", d->doc_number, true);
	json_matter(b, d, sel);
	buf_puts(b, "  \"items\": [");
	json_items(b, d, sel, SIZE_MAX, 0, d->nnodes, 4);
	buf_puts(b, "]\n}\n");
}
