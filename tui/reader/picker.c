/* picker.c: the department picker: every department with its clause count, narrowed as you type. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

static int
count_leads(const struct reader *r, const char *name)
{
	int n = 0;

	for (size_t d = 0; d < r->ndocs; d++)
		for (size_t i = 0; i < r->docs[d]->nclauses; i++)
			n += clause_leads(&r->docs[d]->clauses[i], name);
	return n;
}

static void
add_row(struct reader *r, const char *name, const char *full, const struct department *dept)
{
	for (size_t i = 0; i < r->nprows; i++)
		if (strcmp(r->prows[i].name, name) == 0)
			return;
	r->prows = xgrow(r->prows, r->nprows, sizeof *r->prows);
	r->prows[r->nprows++] = (struct picker_row){ name, full, dept,
	    count_leads(r, name) };
}

static bool
row_matches(const struct picker_row *p, const char *s)
{
	if (*s == '\0' || strstr(p->name, s) != NULL || (p->full && strstr(p->full, s) != NULL))
		return true;
	for (size_t i = 0; p->dept != NULL && i < p->dept->short_forms.n; i++)
		if (strstr(p->dept->short_forms.v[i], s) != NULL)
			return true;
	return false;
}

#define NAME_COLUMNS 20 /* the widest name in the bundled registry is 18 */

static void
draw_row(struct reader *r, struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct picker_row *p = &r->prows[r->pshown[i]];
	attr_t attr = selected ? style_attr(r, STYLE_SELECTED) : A_NORMAL;
	char count[16];
	int x;

	(void)l;
	if (selected)
		mvwhline(r->text, y, 0, ' ' | attr, cols);
	snprintf(count, sizeof count, "%3d  ", p->leads);
	x = 1 + draw_str(r->text, y, 1, count, cols - 1, attr);
	draw_str(r->text, y, x, p->name, cols - x, attr | A_BOLD);
	x += NAME_COLUMNS;
	if (p->full != NULL && x < cols)
		draw_str(r->text, y, x, p->full, cols - x, attr);
}

/* Open the picker: every department the documents' registries know, then any others named. */
void
picker_open(struct reader *r)
{
	picker_free(r);
	for (size_t d = 0; d < r->ndocs; d++) {
		const struct registry *reg = r->docs[d]->registry;

		for (size_t i = 0; reg != NULL && i < reg->n; i++)
			add_row(r, reg->v[i].name, reg->v[i].full, &reg->v[i]);
	}
	for (size_t d = 0; d < r->ndocs; d++) {
		const struct document *doc = r->docs[d];

		for (size_t i = 0; i < doc->nclauses; i++)
			for (size_t j = 0; j < doc->clauses[i].nresp; j++)
				for (size_t k = 0; k < doc->clauses[i].resp[j].lead.n; k++)
					add_row(r, doc->clauses[i].resp[j].lead.v[k], NULL, NULL);
	}
	r->pshown = xcalloc(r->nprows + 1, sizeof *r->pshown);
	r->plist = (struct list){ .draw_row = draw_row };
	prompt_start(r, PROMPT_FILTER, NULL);
	picker_update(r);
}

/* Narrow the list to the departments whose names contain what was typed. */
void
picker_update(struct reader *r)
{
	char *text = prompt_text(r);

	r->plist.n = 0;
	for (size_t i = 0; i < r->nprows; i++)
		if (row_matches(&r->prows[i], text))
			r->pshown[r->plist.n++] = i;
	r->plist.cursor = 0;
	r->plist.top = 0;
	if (r->plist.n == 0)
		reader_message(r, true, "%s", _("no department matches"));
	free(text);
}

/* Apply the department under the cursor as the filter. */
void
picker_apply(struct reader *r)
{
	const struct picker_row *p;

	if (r->plist.n == 0) {
		reader_message(r, true, "%s", _("no department matches; the filter is unchanged"));
		return;
	}
	p = &r->prows[r->pshown[r->plist.cursor]];
	if (p->leads == 0) {
		reader_message(r, true, _("%s leads no clause; the filter is unchanged"), p->name);
		return;
	}
	r->filter = p->name;
	reader_rebuild(r);
	reader_message(r, false, ngettext("%s leads %d clause; D shows every clause again",
	    "%s leads %d clauses; D shows every clause again", (unsigned long)p->leads), p->name,
	    p->leads);
}

/* Free the picker's rows (the filter's name stays valid: it belongs to the document). */
void
picker_free(struct reader *r)
{
	free(r->prows);
	free(r->pshown);
	r->prows = NULL;
	r->pshown = NULL;
	r->nprows = 0;
	r->plist.n = 0;
}
