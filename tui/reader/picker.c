/*
 * picker.c: the department picker, an overlay with the prompt: every department with the
 * items it leads (or is responsible for), narrowed as its names are typed; Enter gives the one under the cursor
 * to whoever opened the picker (the department-filter action). With several documents
 * open, a row is a body (its place and name), with the forms the documents write it in.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

struct picker_row {
	const char *name, *full; /* a body's: its identity, and the forms it is written in */
	const struct department *dept;
	int leads;
};

struct picker {
	struct picker_row *rows; /* every department */
	size_t n;
	bool bodies;             /* rows are bodies (names_department()), not names as written */
	struct strlist own;      /* the bodies' strings */
	int name_cols;           /* the name column's width */
	size_t *shown;           /* the rows matching what was typed */
	struct list list;
	void (*pick)(struct reader *, const char *, bool, int); /* the opener's: name, body?, items led */
};

/* The clauses a department leads in all the documents. */
static int
count_leads(const struct reader *r, const char *name)
{
	size_t n = 0;

	for (size_t d = 0; d < r->ndocs; d++)
		n += document_leads(r->docs[d], name, NULL);
	return (int)n;
}

static void
add_row(struct reader *r, struct picker *p, const char *name, const char *full,
    const struct department *dept)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->rows[i].name, name) == 0)
			return;
	p->rows = xgrow(p->rows, p->n, sizeof *p->rows);
	p->rows[p->n++] = (struct picker_row){ name, full, dept, count_leads(r, name) };
}

/* Whether s is in a name: in either script, unless the search keeps to the script typed. */
static bool
name_has(const struct reader *r, const char *name, const char *s)
{
	return r->scan.exact_script ? strstr(name, s) != NULL : script_contains(name, s);
}

static bool
row_matches(const struct reader *r, const struct picker_row *p, const char *s)
{
	if (*s == '\0' || name_has(r, p->name, s) || (p->full && name_has(r, p->full, s)))
		return true;
	for (size_t i = 0; p->dept != NULL && i < p->dept->short_forms.n; i++)
		if (name_has(r, p->dept->short_forms.v[i], s))
			return true;
	return false;
}

#define NAME_COLUMNS 20 /* the widest name in the bundled registry is 18 */

static void
draw_row(struct reader *r, const struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct picker *pk = l->data;
	const struct picker_row *p = &pk->rows[pk->shown[i]];
	attr_t attr = selected ? screen_attr(r, STYLE_SELECTED) : A_NORMAL;
	char count[16];
	int x;

	if (selected)
		mvwhline(r->text, y, 0, ' ' | attr, cols);
	snprintf(count, sizeof count, "%3d  ", p->leads);
	x = 1 + screen_puts(r, r->text, y, 1, count, cols - 1, attr);
	screen_puts(r, r->text, y, x, p->name, cols - x, attr | A_BOLD);
	x += pk->name_cols;
	if (p->full != NULL && x < cols)
		screen_puts(r, r->text, y, x, p->full, cols - x, attr);
}

static void
draw(struct reader *r, void *data)
{
	list_draw(r, &((struct picker *)data)->list, r->text);
}

static void
free_picker(void *data)
{
	struct picker *p = data;

	free(p->rows);
	strlist_free(&p->own);
	free(p->shown);
	free(p);
}

static const struct overlay picker_overlay = { draw, NULL, free_picker, NULL, false };

/* None matches what was typed: say so, with the nearest name, as --dept does. */
static void
no_match(struct reader *r, const char *typed)
{
	const struct department *near[1];
	const struct document *d = view_doc_read(r);

	if (d->registry != NULL && registry_suggest(d->registry, typed, near, 1) == 1)
		view_message(r, true, _("no department matches; did you mean %s?"), near[0]->name);
	else
		view_message(r, true, "%s", _("no department matches"));
}

/* Narrow the list to the departments whose names contain what was typed (blanks dropped). */
static void
narrow(struct reader *r, const char *text, void *data)
{
	struct picker *p = data;
	size_t b, len = blank_strip(text, strlen(text), &b);
	char *typed = xstrndup(text + b, len);

	p->list.n = 0;
	for (size_t i = 0; i < p->n; i++)
		if (row_matches(r, &p->rows[i], typed))
			p->shown[p->list.n++] = i;
	p->list.cursor = 0;
	p->list.top = 0;
	if (p->list.n == 0)
		no_match(r, typed);
	free(typed);
}

/* Up, Down, PageUp and PageDown move in the list; the prompt has the other keys. */
static bool
key(struct reader *r, keycode k, void *data)
{
	struct picker *p = data;

	if (k != KEYC_UP && k != KEYC_DOWN && k != KEYC_NPAGE && k != KEYC_PPAGE)
		return false;
	list_key(&p->list, k, getmaxy(r->text));
	return true;
}

/* Enter: the department under the cursor goes to the opener (one that leads a clause). */
static struct need
done(struct reader *r, const char *text, bool submit, void *data)
{
	struct picker *p = data;
	void (*pick)(struct reader *, const char *, bool, int) = p->pick;
	bool bodies = p->bodies;
	struct picker_row chosen = { 0 };
	bool any = p->list.n != 0;
	char *name = NULL;

	(void)text;
	if (any)
		chosen = p->rows[p->shown[p->list.cursor]];
	if (any && bodies) /* the picker's own string: closing frees it */
		chosen.name = name = xstrdup(chosen.name);
	overlay_close(r);
	if (!submit)
		return NO_NEED;
	if (!any)
		view_message(r, true, "%s", _("no department matches; the filter is unchanged"));
	else if (chosen.leads == 0)
		view_message(r, true, _("%s leads no clause; the filter is unchanged"), chosen.name);
	else
		pick(r, chosen.name, bodies, chosen.leads);
	free(name);
	return NO_NEED;
}

static const struct prompt_cb picker_prompt = { narrow, done, key };

/* A body's row: its identity, kept by the picker; found, or added at the end. */
static size_t
body_row(struct picker *p, const char *identity)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->rows[i].name, identity) == 0)
			return i;
	strlist_add(&p->own, identity);
	p->rows = xgrow(p->rows, p->n, sizeof *p->rows);
	p->rows[p->n] = (struct picker_row){ p->own.v[p->own.n - 1], NULL, NULL, 0 };
	return p->n++;
}

/* Count a document's items into the rows of the bodies that lead them; their forms into written. */
static void
count_body_rows(struct picker *p, const struct document *d, struct strlist **written)
{
	struct strlist names = { 0 };
	char *place = names_document_place(d), *id;
	size_t *row, was = p->n;
	bool *sel = xcalloc(d->nnodes + 1, sizeof *sel), *done;

	document_departments(&names, d);
	row = xcalloc(names.n + 1, sizeof *row);
	done = xcalloc(names.n + 1, sizeof *done);
	for (size_t k = 0; k < names.n; k++) {
		id = names_department(d, names.v[k], place);
		row[k] = body_row(p, id);
		free(id);
	}
	*written = xreallocarray(*written, p->n + 1, sizeof **written);
	memset(*written + was, 0, (p->n - was) * sizeof **written);
	for (size_t k = 0; k < names.n; k++) {
		struct strlist forms = { 0 };

		if (done[k])
			continue; /* its body counted already */
		for (size_t j = k; j < names.n; j++)
			if (row[j] == row[k]) {
				done[j] = true;
				strlist_add(&forms, names.v[j]);
				if (!strlist_has(&(*written)[row[k]], names.v[j]))
					strlist_add(&(*written)[row[k]], names.v[j]);
			}
		p->rows[row[k]].leads += (int)document_leads_any(d, &forms, sel);
		strlist_free(&forms);
	}
	free(done);
	free(sel);
	free(row);
	strlist_free(&names);
	free(place);
}

/*
 * Several documents: a row a body leading or responsible for an item, by its identity (its
 * place and name: 天津市财政局 and 杭州市财政局 apart), with the forms it is written in.
 */
static void
add_body_rows(struct reader *r, struct picker *p)
{
	struct strlist *written = NULL;
	struct buf b = { 0 };
	size_t kept = 0;

	p->bodies = true;
	for (size_t d = 0; d < r->ndocs; d++)
		count_body_rows(p, r->docs[d], &written);
	for (size_t i = 0; i < p->n; i++) {
		int w = (int)utf8_width(p->rows[i].name, strlen(p->rows[i].name), false) + 2;

		buf_truncate(&b, 0);
		strlist_join(&b, &written[i], "、");
		strlist_add(&p->own, b.s != NULL ? b.s : "");
		p->rows[i].full = p->own.v[p->own.n - 1];
		strlist_free(&written[i]);
		if (p->rows[i].leads == 0)
			continue;
		p->name_cols = w > p->name_cols ? w : p->name_cols;
		p->rows[kept++] = p->rows[i];
	}
	p->n = kept;
	free(written);
	buf_free(&b);
}

/* One document: every department its registry knows, then any other named leading or responsible. */
static void
add_name_rows(struct reader *r, struct picker *p)
{
	p->name_cols = NAME_COLUMNS;
	for (size_t d = 0; d < r->ndocs; d++) {
		const struct registry *reg = r->docs[d]->registry;

		for (size_t i = 0; reg != NULL && i < reg->n; i++)
			add_row(r, p, reg->v[i].name, reg->v[i].full, &reg->v[i]);
	}
	for (size_t d = 0; d < r->ndocs; d++) {
		const struct document *doc = r->docs[d];

		for (size_t i = 0; i < doc->nnodes; i++)
			for (size_t j = 0; j < doc->nodes[i].nresp; j++) {
				const struct resp *rp = &doc->nodes[i].resp[j];

				for (size_t k = 0; k < rp->lead.n; k++)
					add_row(r, p, rp->lead.v[k], NULL, NULL);
				for (size_t k = 0; k < rp->responsible.n; k++)
					add_row(r, p, rp->responsible.v[k], NULL, NULL);
			}
	}
}

/*
 * Open the picker: the departments (with several documents, the bodies) and the items each
 * leads. The one chosen goes to pick(), with whether it is a body and the items it leads.
 */
void
picker_open(struct reader *r, void (*pick)(struct reader *, const char *, bool, int))
{
	struct picker *p = xcalloc(1, sizeof *p);

	p->pick = pick;
	if (r->titled)
		add_body_rows(r, p);
	else
		add_name_rows(r, p);
	p->shown = xcalloc(p->n + 1, sizeof *p->shown);
	p->list = (struct list){ .draw_row = draw_row, .data = p };
	overlay_open(r, &picker_overlay, p);
	prompt_open(r, _("Department: "), NULL, &picker_prompt, p);
	narrow(r, "", p);
}
