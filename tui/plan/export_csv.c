/*
 * export_csv.c: the task-division table as CSV: a row per responsibility (a task with none
 * gets one row), with the item's path, chapter and text. A cell that a spreadsheet would
 * take for a formula is neutralised, unless raw output is asked for.
 */
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
	csv_list(b, r != NULL ? &r->lead : &none, r != NULL && r->lead_missing ? "（原文缺失）" :
	    NULL, raw);
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
