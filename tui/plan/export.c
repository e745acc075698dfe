/*
 * export.c: what every output format shares: the formats' names, views (a selection of
 * items under their headings), the title line, an item's text without its number and
 * responsibility, the responsibility for readers, the departments and the matrix.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

static const char *const format_names[] = {
	[EXPORT_TEXT] = "text",
	[EXPORT_MARKDOWN] = "markdown",
	[EXPORT_JSON] = "json",
	[EXPORT_CSV] = "csv",
	[EXPORT_YAML] = "yaml",
};

/* The export format called name, or -1. */
int
export_format_parse(const char *name)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(format_names[i], name) == 0)
			return (int)i;
	return -1;
}

/*
 * Whether node i is in a view: sel marks the chosen items (a bool per node); NULL is the
 * whole document. An item above a chosen one is in the view too, as its heading.
 */
bool
export_chosen(const struct document *d, const bool *sel, size_t i)
{
	if (sel == NULL || sel[i])
		return true;
	if (d->nodes[i].kind == NODE_MATTER)
		return false;
	for (size_t k = i + 1; k < d->nodes[i].end; k++)
		if (sel[k])
			return true;
	return false;
}

/*
 * The title line as printed: the document's title lines as written (title(status)(part)),
 * or, with none, the title and its status and part from the fields.
 */
void
export_title_line(struct buf *b, const struct document *d)
{
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
			size_t len = strlen(s), b0 = blank_span(s, len);

			buf_add(b, s + b0, blank_trim(s, len) - b0);
		}
		seen = true;
	}
	if (seen || d->title == NULL) /* NULL while a document whose title comes last loads */
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
export_line(struct buf *b, const struct document *d, bool *first, const char *line)
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
export_node_text(struct buf *b, const struct document *d, size_t i, bool heading_only)
{
	const struct node *nd = &d->nodes[i];
	bool first = true;

	if (nd->kind == NODE_ITEM && nd->heading != NULL)
		export_line(b, d, &first, nd->heading);
	for (size_t k = 0; !heading_only && k < nd->text.n; k++)
		export_line(b, d, &first, nd->text.v[k]);
	if (!first)
		buf_puts(b, d->src.crlf ? "\r\n" : "\n");
}

/* An attribution for readers: 牵头：A、B（按职责分工）；配合：C, a missing lead said so. */
void
export_responsibility(struct buf *b, const struct resp *r)
{
	const char *sep = "";

	if (r->lead.n != 0 || r->lead_missing || (r->responsible.n == 0 &&
	    r->cooperate.n != 0)) {
		buf_puts(b, "牵头：");
		if (r->lead.n == 0)
			buf_puts(b, "（原文缺失）");
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

static void
add_department(struct strlist *out, const char *name)
{
	if (!strlist_has(out, name))
		strlist_add(out, name);
}

/*
 * Every department of a document, as written: the registry's in its order, then any others
 * the document names (leading, cooperating, responsible), in the order it names them.
 */
void
export_departments(struct strlist *out, const struct document *d)
{
	for (size_t i = 0; d->registry != NULL && i < d->registry->n; i++)
		add_department(out, d->registry->v[i].name);
	for (size_t i = 0; i < d->nnodes; i++)
		for (size_t j = 0; j < d->nodes[i].nresp; j++) {
			const struct resp *r = &d->nodes[i].resp[j];
			const struct strlist *lists[] = { &r->lead, &r->cooperate, &r->responsible };

			for (size_t l = 0; l < 3; l++)
				for (size_t k = 0; k < lists[l]->n; k++)
					add_department(out, lists[l]->v[k]);
		}
}

/* Whether an item is a row of the task table: it has a responsibility, or nothing under it. */
static bool
task_row(const struct document *d, size_t i)
{
	const struct node *nd = &d->nodes[i];

	return nd->kind != NODE_MATTER && (nd->nresp != 0 || nd->end == i + 1);
}

/*
 * The responsibility matrix as CSV: a column per department (export_departments' order),
 * a row per task (an item with a responsibility, or with nothing under it), each cell
 * lead, cooperate, lead+cooperate, responsible or empty.
 */
void
export_matrix(struct buf *b, const struct document *d)
{
	struct strlist depts = { 0 };
	struct buf t = { 0 };

	export_departments(&depts, d);
	csv_field(b, "path", false);
	csv_field(b, "title", depts.n == 0);
	for (size_t k = 0; k < depts.n; k++)
		csv_field(b, depts.v[k], k + 1 == depts.n);
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (!task_row(d, i))
			continue;
		buf_truncate(&t, 0);
		node_path(&t, d, i);
		csv_field(b, t.s, false);
		csv_field(b, nd->title != NULL ? nd->title : "", depts.n == 0);
		for (size_t k = 0; k < depts.n; k++) {
			bool lead = node_leads(nd, depts.v[k]);
			bool coop = node_cooperates(nd, depts.v[k]);

			csv_field(b, lead && coop ? "lead+cooperate" : lead ? "lead" : coop ?
			    "cooperate" : node_responsible(nd, depts.v[k]) ? "responsible" : "",
			    k + 1 == depts.n);
		}
	}
	buf_free(&t);
	strlist_free(&depts);
}

/* Whether the node is a task of the table (for CSV rows). */
bool
export_task_row(const struct document *d, size_t i)
{
	return task_row(d, i);
}

/*
 * The paragraphs of an item without its number, title and responsibility, indentation
 * trimmed and blank lines left out: what Markdown, JSON and CSV give as its text.
 */
void
export_item_paragraphs(struct strlist *out, const struct node *nd)
{
	if (nd->kind == NODE_ITEM && nd->heading != NULL) {
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
		size_t len = strlen(s), b0 = blank_span(s, len);

		if (len != b0)
			strlist_add_owned(out, xstrndup(s + b0, blank_trim(s, len) - b0));
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
 * A view of the document in the given format: the items sel marks (a bool per node),
 * under the headings of the items above them, after the title but not the rest of the
 * matter; sel NULL is the whole document. YAML, being the document itself, has no view.
 */
void
export_view(struct buf *b, const struct document *d, enum export_format format,
    const bool *sel)
{
	switch (format) {
	case EXPORT_TEXT:
		export_text(b, d, sel);
		break;
	case EXPORT_MARKDOWN:
		export_markdown(b, d, sel);
		break;
	case EXPORT_JSON:
		export_json(b, d, sel);
		break;
	case EXPORT_CSV:
		export_csv(b, d, sel);
		break;
	case EXPORT_YAML:
		if (sel != NULL)
			fatal("export_view: YAML has no view");
		export_yaml(b, d);
		break;
	}
}

/* The whole document in the given format. */
void
export_document(struct buf *b, const struct document *d, enum export_format format)
{
	export_view(b, d, format, NULL);
}
