/* export_csv.c: CSV: the task-division table (whole or a view) and the responsibility matrix. */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

static void
csv_field(struct buf *b, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n") != NULL) {
		buf_putc(b, '"');
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

static void
csv_row(struct buf *b, const struct document *d, const struct clause *c,
    const struct attribution *a)
{
	struct buf t = { 0 };

	text_clause_number(&t, d, c);
	csv_field(b, t.s, false);
	csv_field(b, c->title, false);
	buf_truncate(&t, 0);
	if (a != NULL)
		strlist_join(&t, &a->lead, "、");
	csv_field(b, t.s, false);
	csv_field(b, a == NULL ? "" : a->by_division ? "true" : "false", false);
	buf_truncate(&t, 0);
	if (a != NULL)
		strlist_join(&t, &a->cooperate, "、");
	csv_field(b, t.s, true);
	buf_free(&t);
}

/* The task-division table: one row per attribution; a clause without one gets an empty row. */
void
export_csv(struct buf *b, const struct document *d, const bool *sel)
{
	buf_puts(b, "clause,title,lead,by_division,cooperate\n");
	for (size_t i = 0; i < d->nclauses; i++) {
		const struct clause *c = &d->clauses[i];

		if (!export_chosen(sel, i))
			continue;
		for (size_t j = 0; j < c->nresp; j++)
			csv_row(b, d, c, &c->resp[j]);
		if (c->nresp == 0)
			csv_row(b, d, c, NULL);
	}
}

/*
 * The responsibility matrix as CSV: a column per department (document_departments' order),
 * a row per clause, each cell lead, cooperate, lead+cooperate or empty.
 */
void
export_matrix(struct buf *b, const struct document *d)
{
	struct strlist depts = { 0 };
	struct buf t = { 0 };

	document_departments(&depts, d);
	csv_field(b, "clause", false);
	csv_field(b, "title", depts.n == 0);
	for (size_t k = 0; k < depts.n; k++)
		csv_field(b, depts.v[k], k + 1 == depts.n);
	for (size_t i = 0; i < d->nclauses; i++) {
		const struct clause *c = &d->clauses[i];

		buf_truncate(&t, 0);
		text_clause_number(&t, d, c);
		csv_field(b, t.s, false);
		csv_field(b, c->title, depts.n == 0);
		for (size_t k = 0; k < depts.n; k++) {
			bool lead = clause_leads(c, depts.v[k]);
			bool coop = clause_cooperates(c, depts.v[k]);

			csv_field(b, lead && coop ? "lead+cooperate" : lead ? "lead" :
			    coop ? "cooperate" : "", k + 1 == depts.n);
		}
	}
	buf_free(&t);
	strlist_free(&depts);
}
