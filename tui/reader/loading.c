/* loading.c: documents loading between keys: put on the page as they come. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

/* The first error reported since `from` errors had been. */
static const struct diag *
new_error(const struct diags *d, size_t from)
{
	size_t seen = 0;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == DIAG_ERROR && seen++ == from)
			return &d->v[i];
	return NULL;
}

/*
 * Say the first error reported since `from` errors had been, if any. It stays on the
 * message line whenever no other message is shown, so it is seen however the loading
 * and the keys interleave.
 */
static void
say_new_error(struct reader *r, size_t from)
{
	const struct diag *e = new_error(r->load_diags, from);

	if (e == NULL || r->load_error[0] != '\0')
		return;
	if (e->line != 0)
		snprintf(r->load_error, sizeof r->load_error, _("the document has errors (listed on "
		    "quitting): %s:%u:%u: %s"), e->file, e->line, e->col, e->msg);
	else
		snprintf(r->load_error, sizeof r->load_error, _("the document has errors (listed on "
		    "quitting): %s: %s"), e->file, e->msg);
}

/* Room for the fold flags of every chapter loaded so far. */
void
grow_collapsed(struct reader *r)
{
	size_t last = r->ndocs - 1, need = r->chapter_base[last] + r->docs[last]->nchapters + 1;

	if (need <= r->ncollapsed)
		return;
	r->collapsed = xreallocarray(r->collapsed, need, sizeof *r->collapsed);
	memset(r->collapsed + r->ncollapsed, 0, (need - r->ncollapsed) * sizeof *r->collapsed);
	r->ncollapsed = need;
}

/* Put the chapters loaded since the last slice on the page and in the outline. */
static void
page_new_chapters(struct reader *r)
{
	const struct document *d;

	if (r->loading_doc == SIZE_MAX || (d = r->docs[r->loading_doc])->nchapters ==
	    r->chapters_paged)
		return; /* not on the page yet, or nothing new */
	grow_collapsed(r);
	page_add_chapters(&r->page, d, r->chapters_paged, NULL);
	r->chapters_paged = d->nchapters;
	outline_build(r);
}

/*
 * A document that has begun to load joins the library, the page and the outline once it
 * has a chapter to show (its heading keys, which come first, are read by then) or is done.
 */
static void
adopt_loading(struct reader *r)
{
	struct document *d = loader_document(r->loader);
	size_t i = r->ndocs;

	library_add(r->lib, d);
	r->docs = r->lib->docs;
	r->ndocs = r->lib->ndocs;
	r->chapter_base = xreallocarray(r->chapter_base, r->ndocs, sizeof *r->chapter_base);
	r->chapter_base[i] = i == 0 ? 0 : r->chapter_base[i - 1] + r->docs[i - 1]->nchapters;
	r->loading_doc = i;
	r->chapters_paged = d->nchapters;
	grow_collapsed(r);
	page_add_document(&r->page, d, i, NULL, r->titled);
	outline_build(r);
}

/* Start on the next file waiting to load; one that cannot be opened is said and skipped. */
void
load_next_file(struct reader *r)
{
	size_t errors = diags_count(r->load_diags, DIAG_ERROR);

	r->loader = loader_open(*r->files_left, NULL, 0, r->lib, r->load_diags);
	r->files_left++;
	r->nfiles_left--;
	r->loading_doc = SIZE_MAX;
	if (r->loader == NULL)
		say_new_error(r, errors);
}

/* Whether the first document, the one state is kept for, is still loading. */
bool
first_doc_loading(const struct reader *r)
{
	return r->loader != NULL && r->loading_doc == 0;
}

/*
 * The place this document was left, once its clause has loaded, unless a key was pressed
 * since the reader started (the user has gone elsewhere).
 */
static void
resume_when_loaded(struct reader *r)
{
	struct pos line;

	if (r->resume_number <= 0)
		return;
	if (pos_of_place(r, r->resume_number, r->resume_offset, false, &line)) {
		set_top(r, line);
		r->resume_number = 0;
	} else if (!first_doc_loading(r)) {
		r->resume_number = 0; /* the clause is gone: stay */
	}
}

/*
 * Load on for a slice and show what came. At the end, the whole is checked: an error
 * found late is said at once, and the document stays as far as it loaded.
 */
void
load_slice(struct reader *r, long ms)
{
	size_t errors = diags_count(r->load_diags, DIAG_ERROR);
	long t0 = clock_ms();
	bool late = false, more;

	do
		more = loader_step(r->loader, BACKGROUND_STEP_MS);
	while (more && clock_ms() - t0 < ms && !key_waiting());
	if (r->loading_doc == SIZE_MAX && (!more || loader_document(r->loader)->nchapters > 0))
		adopt_loading(r);
	if (more) {
		page_new_chapters(r);
		resume_when_loaded(r);
		return;
	}
	loader_finish(r->loader, true, &late);
	r->loader = NULL;
	page_new_chapters(r);
	if (late) { /* heading keys after the chapters: the page's first blocks change */
		struct anchor a = current_anchor(r);

		reader_rebuild(r);
		go_anchor(r, a);
	}
	say_new_error(r, errors);
	resume_when_loaded(r);
}

/* Whether every document is whole (for reader_wait()). */
bool
reader_loaded(const struct reader *r)
{
	return r->loader == NULL && r->nfiles_left == 0;
}
