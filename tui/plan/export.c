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
 * The responsibility matrix as CSV: a column per department (document_departments' order),
 * a row per task (an item with a responsibility, or with nothing under it), each cell
 * lead, cooperate, lead+cooperate, responsible or empty.
 */
void
export_matrix(struct buf *b, const struct document *d)
{
	struct strlist depts = { 0 };
	struct buf t = { 0 };

	document_departments(&depts, d);
	csv_field(b, "path", false);
	csv_field(b, "title", depts.n == 0);
	for (size_t k = 0; k < depts.n; k++)
		csv_field(b, depts.v[k], k + 1 == depts.n);
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (!node_is_task(d, i))
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
