/* doc.c: the document model, and the library of documents and registries that owns it. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

/* An empty document: full-width punctuation and a final newline until told otherwise. */
struct document *
document_create(void)
{
	struct document *d = xcalloc(1, sizeof *d);

	d->punct = PUNCT_FULLWIDTH;
	d->final_newline = true;
	return d;
}

static void
clause_free(struct clause *c)
{
	free(c->numeral);
	free(c->title);
	strlist_free(&c->text);
	for (size_t i = 0; i < c->nresp; i++) {
		strlist_free(&c->resp[i].lead);
		strlist_free(&c->resp[i].cooperate);
	}
	free(c->resp);
}

/* Free a document and everything it owns (not its registry). */
void
document_free(struct document *d)
{
	if (d == NULL)
		return;
	free(d->path);
	free(d->title);
	free(d->status);
	free(d->part);
	free(d->issuer);
	free(d->published);
	free(d->category);
	free(d->departments);
	strlist_free(&d->preamble);
	for (size_t i = 0; i < d->nchapters; i++) {
		free(d->chapters[i].numeral);
		free(d->chapters[i].title);
	}
	free(d->chapters);
	for (size_t i = 0; i < d->nclauses; i++)
		clause_free(&d->clauses[i]);
	free(d->clauses);
	free(d);
}

/* Append an empty chapter; clauses added after it belong to it. */
struct chapter *
document_add_chapter(struct document *d)
{
	struct chapter *ch;

	d->chapters = xgrow(d->chapters, d->nchapters, sizeof *d->chapters);
	ch = &d->chapters[d->nchapters++];
	memset(ch, 0, sizeof *ch);
	ch->first = d->nclauses;
	return ch;
}

/* Append an empty clause to the last chapter (there must be one). */
struct clause *
document_add_clause(struct document *d)
{
	struct clause *c;

	if (d->nchapters == 0)
		fatal("document_add_clause: no chapter");
	d->clauses = xgrow(d->clauses, d->nclauses, sizeof *d->clauses);
	c = &d->clauses[d->nclauses++];
	memset(c, 0, sizeof *c);
	c->chapter = d->nchapters - 1;
	d->chapters[d->nchapters - 1].count++;
	return c;
}

/* Append an empty attribution to a clause. */
struct attribution *
clause_add_attribution(struct clause *c)
{
	struct attribution *a;

	c->resp = xgrow(c->resp, c->nresp, sizeof *c->resp);
	a = &c->resp[c->nresp++];
	memset(a, 0, sizeof *a);
	return a;
}

/* The clause with the given number, or NULL. */
const struct clause *
document_find_clause(const struct document *d, int number)
{
	for (size_t i = 0; i < d->nclauses; i++)
		if (d->clauses[i].number == number)
			return &d->clauses[i];
	return NULL;
}

/* Whether the department (as written) leads the clause in any of its attributions. */
bool
clause_leads(const struct clause *c, const char *dept)
{
	for (size_t i = 0; i < c->nresp; i++)
		if (strlist_has(&c->resp[i].lead, dept))
			return true;
	return false;
}

/*
 * How many clauses the department (as written) leads; each is marked in sel, a bool per
 * clause, unless sel is NULL. The one count of leads: the picker, save-view, --dept
 * and --departments agree.
 */
size_t
document_leads(const struct document *d, const char *dept, bool *sel)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nclauses; i++) {
		bool leads = clause_leads(&d->clauses[i], dept);

		if (sel != NULL)
			sel[i] = leads;
		n += leads;
	}
	return n;
}

/* Whether the department (as written) cooperates on the clause. */
bool
clause_cooperates(const struct clause *c, const char *dept)
{
	for (size_t i = 0; i < c->nresp; i++)
		if (strlist_has(&c->resp[i].cooperate, dept))
			return true;
	return false;
}

/* An empty library. */
struct library *
library_create(void)
{
	return xcalloc(1, sizeof(struct library));
}

/* Free the library, its documents and its registries. */
void
library_free(struct library *lib)
{
	if (lib == NULL)
		return;
	for (size_t i = 0; i < lib->ndocs; i++)
		document_free(lib->docs[i]);
	free(lib->docs);
	for (size_t i = 0; i < lib->nregs; i++)
		registry_free(lib->regs[i]);
	free(lib->regs);
	free(lib);
}

/* The registry at path the library has loaded, or NULL. */
struct registry *
library_find_registry(const struct library *lib, const char *path)
{
	for (size_t i = 0; i < lib->nregs; i++)
		if (strcmp(lib->regs[i]->path, path) == 0)
			return lib->regs[i];
	return NULL;
}

/* Give the library a registry to own. */
void
library_add_registry(struct library *lib, struct registry *reg)
{
	lib->regs = xgrow(lib->regs, lib->nregs, sizeof *lib->regs);
	lib->regs[lib->nregs++] = reg;
}

/* Give the library a document to own. */
void
library_add(struct library *lib, struct document *doc)
{
	lib->docs = xgrow(lib->docs, lib->ndocs, sizeof *lib->docs);
	lib->docs[lib->ndocs++] = doc;
}

static void
add_department(struct strlist *out, const char *name)
{
	if (!strlist_has(out, name))
		strlist_add(out, name);
}

/*
 * Every department of a document, as written: the registry's in its order, then any others
 * the document names as leads or cooperating, in the order it names them.
 */
void
document_departments(struct strlist *out, const struct document *d)
{
	for (size_t i = 0; d->registry != NULL && i < d->registry->n; i++)
		add_department(out, d->registry->v[i].name);
	for (size_t i = 0; i < d->nclauses; i++)
		for (size_t j = 0; j < d->clauses[i].nresp; j++) {
			const struct attribution *a = &d->clauses[i].resp[j];

			for (size_t k = 0; k < a->lead.n; k++)
				add_department(out, a->lead.v[k]);
			for (size_t k = 0; k < a->cooperate.n; k++)
				add_department(out, a->cooperate.v[k]);
		}
}
