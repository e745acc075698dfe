/*
 * export_csv.c: the task-division table as CSV: a row per responsibility (a task with none
 * gets one row), with the item's path, chapter and text. A cell that a spreadsheet would
 * take for a formula is neutralised, unless raw output is asked for.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

/*
 * A CSV cell, quoted when it must be. A cell beginning =, +, -, @, TAB or CR would start a
 * formula in a spreadsheet: unless raw, it is written quoted with a ' before it (OWASP).
 */
void
csv_cell(struct buf *b, const char *s, bool last, bool raw)
{
	bool formula = !raw && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;

	if (formula || strpbrk(s, ",\"\r\n") != NULL) {
		buf_putc(b, '"');
		if (formula)
			buf_putc(b, '\'');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				buf_putc(b, '"');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
	} else
		buf_puts(b, s);
	buf_putc(b, last ? '\n' : ',');
}

/* A CSV cell, neutralised if it would start a formula. */
void
csv_field(struct buf *b, const char *s, bool last)
{
	csv_cell(b, s, last, false);
}

/* The label of the item at the top of i's branch: its chapter. */
static void
chapter_of(struct buf *b, const struct document *d, size_t i)
{
	while (d->nodes[i].parent != SIZE_MAX)
		i = d->nodes[i].parent;
	node_label(b, &d->nodes[i]);
}

static void
csv_list(struct buf *b, const struct strlist *l, const char *missing, bool raw)
{
	struct buf t = { 0 };

	if (l->n == 0 && missing != NULL)
		buf_puts(&t, missing);
	strlist_join(&t, l, "、");
	csv_cell(b, t.s != NULL ? t.s : "", false, raw);
	buf_free(&t);
}

static void
csv_row(struct buf *b, const struct document *d, size_t i, const struct resp *r, bool raw)
{
	const struct node *nd = &d->nodes[i];
	static const struct strlist none;
	struct strlist paras = { 0 };
	struct buf t = { 0 };

	node_path(&t, d, i);
	csv_cell(b, t.s != NULL ? t.s : "", false, raw);
	csv_cell(b, nd->number != NULL ? nd->number : "", false, raw);
	csv_cell(b, nd->title != NULL ? nd->title : "", false, raw);
	/* a lead missing, or no one named at all, marked as the reader marks it */
	csv_list(b, r != NULL ? &r->lead : &none, r == NULL ? TEXT_NO_RESP :
	    text_lead_missing(r) ? TEXT_LEAD_MISSING : NULL, raw);
	csv_cell(b, r == NULL ? "" : r->by_division ? "true" : "false", false, raw);
	csv_list(b, r != NULL ? &r->cooperate : &none, NULL, raw);
	csv_list(b, r != NULL ? &r->responsible : &none, NULL, raw);
	csv_list(b, r != NULL ? &r->deadlines : &none, NULL, raw);
	buf_truncate(&t, 0);
	chapter_of(&t, d, i);
	csv_cell(b, t.s != NULL ? t.s : "", false, raw);
	buf_truncate(&t, 0);
	text_item_paragraphs(&paras, nd);
	strlist_join(&t, &paras, "\n");
	csv_cell(b, t.s != NULL ? t.s : "", true, raw);
	strlist_free(&paras);
	buf_free(&t);
}

/* The task-division table: one row per responsibility; a task without one gets an empty row. */
void
export_csv_table(struct buf *b, const struct document *d, const bool *sel, bool raw)
{
	buf_puts(b, "path,number,title,lead,by_division,cooperate,responsible,deadline,chapter,text\n");
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (!node_is_task(d, i) || (sel != NULL && !sel[i]))
			continue;
		for (size_t j = 0; j < nd->nresp; j++)
			csv_row(b, d, i, &nd->resp[j], raw);
		if (nd->nresp == 0)
			csv_row(b, d, i, NULL, raw);
	}
}

/* The task-division table, formulas neutralised. */
void
export_csv(struct buf *b, const struct document *d, const bool *sel)
{
	export_csv_table(b, d, sel, false);
}

/*
 * The responsibility matrix as CSV: a column per department (document_departments' order),
 * a row per task (an item with a responsibility, or with nothing under it), each cell
 * lead, cooperate, lead+cooperate, responsible or empty; formulas neutralised unless raw.
 */
void
export_matrix(struct buf *b, const struct document *d, bool raw)
{
	struct strlist depts = { 0 };
	struct buf t = { 0 };

	document_departments(&depts, d);
	csv_field(b, "path", false);
	csv_field(b, "title", depts.n == 0);
	for (size_t k = 0; k < depts.n; k++)
		csv_cell(b, depts.v[k], k + 1 == depts.n, raw);
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (!node_is_task(d, i))
			continue;
		buf_truncate(&t, 0);
		node_path(&t, d, i);
		csv_cell(b, t.s, false, raw);
		csv_cell(b, nd->title != NULL ? nd->title : "", depts.n == 0, raw);
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

/* A library's departments: each document's written names and the column of the body of each. */
struct lib_columns {
	struct strlist bodies;   /* the columns: a body with its place */
	struct strlist *written; /* per document, the names it writes */
	size_t **col;            /* per document and name, its column */
};

static size_t
column_of(struct strlist *bodies, const char *body)
{
	for (size_t c = 0; c < bodies->n; c++)
		if (strcmp(bodies->v[c], body) == 0)
			return c;
	strlist_add(bodies, body);
	return bodies->n - 1;
}

static void
lib_columns(struct lib_columns *lc, const struct library *lib)
{
	lc->written = xcalloc(lib->ndocs + 1, sizeof *lc->written);
	lc->col = xcalloc(lib->ndocs + 1, sizeof *lc->col);
	for (size_t d = 0; d < lib->ndocs; d++) {
		char *place = names_document_place(lib->docs[d]), *body;

		document_departments(&lc->written[d], lib->docs[d]);
		lc->col[d] = xcalloc(lc->written[d].n + 1, sizeof **lc->col);
		for (size_t k = 0; k < lc->written[d].n; k++) {
			body = names_department(lib->docs[d], lc->written[d].v[k], place);
			lc->col[d][k] = column_of(&lc->bodies, body);
			free(body);
		}
		free(place);
	}
}

/* One cell: what the forms of column c in document d do in a task. */
static const char *
lib_cell(const struct lib_columns *lc, size_t d, const struct node *nd, size_t c)
{
	bool lead = false, coop = false, resp = false;

	for (size_t k = 0; k < lc->written[d].n; k++) {
		if (lc->col[d][k] != c)
			continue;
		lead |= node_leads(nd, lc->written[d].v[k]);
		coop |= node_cooperates(nd, lc->written[d].v[k]);
		resp |= node_responsible(nd, lc->written[d].v[k]);
	}
	return lead && coop ? "lead+cooperate" : lead ? "lead" : coop ? "cooperate" :
	    resp ? "responsible" : "";
}

/*
 * The responsibility matrix of a library: a column per body (its place and name, so the
 * finance bureaus of two cities stay apart and a body's several written forms are one),
 * a row per task of each document, led by its file.
 */
void
export_matrix_library(struct buf *b, const struct library *lib, bool raw)
{
	struct lib_columns lc = { 0 };
	struct buf t = { 0 };

	lib_columns(&lc, lib);
	csv_cell(b, "file", false, raw);
	csv_cell(b, "path", false, raw);
	csv_cell(b, "title", lc.bodies.n == 0, raw);
	for (size_t c = 0; c < lc.bodies.n; c++)
		csv_cell(b, lc.bodies.v[c], c + 1 == lc.bodies.n, raw);
	for (size_t d = 0; d < lib->ndocs; d++) {
		const struct document *doc = lib->docs[d];

		for (size_t i = 0; i < doc->nnodes; i++) {
			if (!node_is_task(doc, i))
				continue;
			buf_truncate(&t, 0);
			node_path(&t, doc, i);
			csv_cell(b, doc->path, false, raw);
			csv_cell(b, t.s, false, raw);
			csv_cell(b, doc->nodes[i].title != NULL ? doc->nodes[i].title : "",
			    lc.bodies.n == 0, raw);
			for (size_t c = 0; c < lc.bodies.n; c++)
				csv_cell(b, lib_cell(&lc, d, &doc->nodes[i], c), c + 1 == lc.bodies.n,
				    raw);
		}
		strlist_free(&lc.written[d]);
		free(lc.col[d]);
	}
	free(lc.written);
	free(lc.col);
	strlist_free(&lc.bodies);
	buf_free(&t);
}
