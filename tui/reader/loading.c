/*
 * loading.c: documents loading between keys: each joins the page as it comes (the
 * outline follows, by the loop), an error found is kept on the message line, and the
 * place the first document was left is gone to once it has loaded. A large document that
 * came whole (from its snapshot) joins the same way, its chapters revealed a slice at a
 * time, so that its first screen is drawn before the page of the rest is built.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

struct loading {
	struct loader *loader;   /* the document loading, or NULL */
	size_t doc;              /* its index once it is on the page, else SIZE_MAX */
	char **files;            /* the files still to load after it (borrowed) */
	size_t nfiles;
	struct diags *diags;     /* where the loading reports */
	size_t nodes_paged;      /* the loading document's nodes already on the page */
	size_t errors;           /* errors in diags when the last slice began */
	bool finished;           /* the last slice finished a document */
	char *resume_place;      /* where the first document was left, to go once loaded */
	bool resume_newest;      /* several documents: where they were left, once all loaded */
	int resume_offset;
	size_t reveal_total;     /* a whole document revealed in slices: its nodes, else 0 */
	char error[512];         /* the first error found: shown when nothing else is */
};

#define REVEAL_FIRST 1500 /* nodes, at least, on the first page: a few milliseconds to build */
#define REVEAL_SLICE 500

/*
 * The first chapter boundary (a top-level node, or the end: total) at or after node
 * `at_least`: where a document can be cut with every subtree before the cut whole, as a
 * loading document's are. The nodes up to it are made (a snapshot's, made on demand).
 */
static size_t
reveal_cut(struct document *d, size_t total, size_t at_least)
{
	size_t k = at_least < total ? at_least : total;

	for (snapshot_make_nodes(d, k + REVEAL_SLICE); k < total; k++) {
		if (k % REVEAL_SLICE == 0)
			snapshot_make_nodes(d, k + REVEAL_SLICE);
		if (d->nodes[k].parent == SIZE_MAX)
			break;
	}
	return k;
}

/*
 * A single document that came whole, too large to build its page at once: show only its
 * first chapters (its node count lowered, as though they were all that had loaded) and
 * reveal the rest between keys, making its nodes as they come (a large snapshot's are
 * made on demand). Any other document is made whole here.
 */
static void
reveal_start(struct loading *l, struct reader *r)
{
	struct document *d = r->docs[0];
	size_t k;

	r->lib->nodes_on_demand = false; /* the documents opened later are made whole */
	if (l->loader != NULL || l->nfiles != 0 || r->ndocs != 1 ||
	    (k = reveal_cut(d, d->nnodes, REVEAL_FIRST)) >= d->nnodes) {
		for (size_t i = 0; i < r->ndocs; i++)
			snapshot_make_nodes(r->docs[i], SIZE_MAX);
		return;
	}
	l->reveal_total = d->nnodes;
	d->nnodes = k;
}

/* Take over the loading main.c began: the document under way, and the files after it. */
void
loading_start(struct reader *r)
{
	struct loading *l = xcalloc(1, sizeof *l);

	l->loader = r->opt.loader; /* handed over with its document in the library: the last */
	l->doc = r->ndocs - 1;
	l->files = r->opt.pending;
	l->nfiles = r->opt.npending;
	l->diags = r->opt.diags;
	reveal_start(l, r);
	l->nodes_paged = r->docs[r->ndocs - 1]->nnodes;
	r->loading = l;
	r->joined = l->loader == NULL && l->nfiles == 0;
	r->loaded = r->joined && l->reveal_total == 0;
}

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
say_new_error(struct loading *l, size_t from)
{
	const struct diag *e = new_error(l->diags, from);

	if (e == NULL || l->error[0] != '\0')
		return;
	if (e->line != 0)
		snprintf(l->error, sizeof l->error, _("the document has errors (listed on "
		    "quitting): %s:%u:%u: %s"), e->file, e->line, e->col, e->msg);
	else
		snprintf(l->error, sizeof l->error, _("the document has errors (listed on "
		    "quitting): %s: %s"), e->file, e->msg);
}

/* Put the nodes loaded since the last slice on the page; whether there were any. */
static bool
add_new_nodes(struct reader *r)
{
	struct loading *l = r->loading;
	const struct document *d;

	if (l->doc == SIZE_MAX || (d = r->docs[l->doc])->nnodes == l->nodes_paged)
		return false; /* not on the page yet, or nothing new */
	page_add_nodes(&r->page, d, l->nodes_paged, NULL);
	l->nodes_paged = d->nnodes;
	return true;
}

/* A document that has begun to load has joined the library (loader_adopt()): the page too. */
static void
adopted(struct reader *r)
{
	struct loading *l = r->loading;
	struct document *d = loader_document(l->loader);
	size_t i = r->ndocs;

	r->docs = r->lib->docs;
	r->ndocs = r->lib->ndocs;
	l->doc = i;
	l->nodes_paged = d->nnodes;
	page_add_document(&r->page, d, i, NULL, r->titled);
}

/*
 * Start on the next file waiting to load; one that cannot be opened is said and skipped.
 * A plan's text (not YAML) is imported whole and joins at once; whether one did.
 */
static bool
load_next_file(struct reader *r)
{
	struct loading *l = r->loading;
	size_t errors = diags_count(l->diags, DIAG_ERROR);
	const char *path = *l->files;
	struct document *d = NULL;

	l->files++;
	l->nfiles--;
	l->doc = SIZE_MAX;
	if (loader_is_yaml(path))
		l->loader = loader_open(path, NULL, 0, r->lib, l->diags);
	else if ((d = loader_read_any(path, r->lib, l->diags)) != NULL) {
		library_add(r->lib, d);
		r->docs = r->lib->docs;
		r->ndocs = r->lib->ndocs;
		page_add_document(&r->page, d, r->ndocs - 1, NULL, r->titled);
	}
	if (l->loader == NULL)
		say_new_error(l, errors);
	return d != NULL;
}

/* Reveal the next chapters of a whole document for a slice of ms milliseconds. */
static unsigned
reveal_step(struct reader *r, long ms)
{
	struct loading *l = r->loading;
	struct document *d = r->docs[l->doc];
	long t0 = clock_ms();

	page_expect(&r->page, d, l->reveal_total);
	do {
		d->nnodes = reveal_cut(d, l->reveal_total, d->nnodes + REVEAL_SLICE);
		add_new_nodes(r);
	} while (d->nnodes < l->reveal_total && clock_ms() - t0 < ms && !input_waiting());
	if (d->nnodes == l->reveal_total) {
		l->reveal_total = 0;
		r->loaded = true;
	}
	return LOADING_SLICED | LOADING_GREW;
}

/*
 * Load on for a slice of ms milliseconds, giving way to a key, and put on the page what
 * came. At the end of a document the whole is checked: an error found late is kept to
 * be said, and the document stays as far as it loaded. What changed, for the loop:
 * LOADING_SLICED when something was loaded at all (then loading_settle() follows),
 * LOADING_GREW when the page grew, LOADING_LATE when its first blocks must be built anew.
 */
unsigned
loading_step(struct reader *r, long ms)
{
	struct loading *l = r->loading;
	unsigned news = LOADING_SLICED;
	bool late = false, more;
	long t0;

	if (l->reveal_total != 0)
		return reveal_step(r, ms);
	if (l->loader == NULL && l->nfiles != 0 && load_next_file(r)) {
		r->loaded = r->joined = l->loader == NULL && l->nfiles == 0;
		return LOADING_SLICED | LOADING_GREW;
	}
	r->loaded = r->joined = l->loader == NULL && l->nfiles == 0;
	if (l->loader == NULL)
		return 0;
	l->errors = diags_count(l->diags, DIAG_ERROR);
	l->finished = false;
	t0 = clock_ms();
	do
		more = loader_step(l->loader, BACKGROUND_STEP_MS);
	while (more && clock_ms() - t0 < ms && !input_waiting());
	if (l->doc == SIZE_MAX && loader_adopt(l->loader, r->lib, more)) {
		adopted(r);
		news |= LOADING_GREW;
	}
	if (more)
		return news | (add_new_nodes(r) ? LOADING_GREW : 0);
	loader_finish(l->loader, true, &late);
	l->loader = NULL;
	l->finished = true;
	r->loaded = r->joined = l->nfiles == 0;
	news |= add_new_nodes(r) ? LOADING_GREW : 0;
	return news | (late ? LOADING_LATE : 0); /* heading keys after the nodes */
}

/* Whether the first document, the one state is kept for, is still loading. */
static bool
first_doc_loading(const struct loading *l)
{
	return (l->loader != NULL || l->reveal_total != 0) && l->doc == 0;
}

/*
 * After a slice, once the page is in order: an error found at a document's end is said,
 * and the place the first document was left is gone to once its item has loaded
 * (unless a key was pressed since the reader started: the user has gone elsewhere).
 */
void
loading_settle(struct reader *r)
{
	struct loading *l = r->loading;
	struct pos line;

	if (l->finished)
		say_new_error(l, l->errors);
	if (l->resume_newest && r->loaded) {
		const char *place;
		int offset;
		size_t doc;

		l->resume_newest = false;
		view_restore(r, &doc, &place, &offset);
	}
	if (l->resume_place == NULL)
		return;
	if (view_pos_of_place(r, 0, l->resume_place, l->resume_offset, false, &line)) {
		view_set_top(r, line);
		loading_stay(r);
	} else if (!first_doc_loading(l)) {
		loading_stay(r); /* the item is gone: stay */
	}
}

/* Go to a place of the first document once it has loaded; false if it is not loading. */
bool
loading_resume(struct reader *r, const char *place, int offset)
{
	struct loading *l = r->loading;

	if (!first_doc_loading(l))
		return false;
	free(l->resume_place);
	l->resume_place = xstrdup(place);
	l->resume_offset = offset;
	return true;
}

/* Several documents: go where they were left once all have loaded (unless a key comes first). */
void
loading_resume_newest(struct reader *r)
{
	r->loading->resume_newest = true;
}

/* A key was pressed: the user is somewhere now, and stays there. */
void
loading_stay(struct reader *r)
{
	r->loading->resume_newest = false;
	free(r->loading->resume_place);
	r->loading->resume_place = NULL;
}

/* How far loading has got: of the document loading, and which of how many. */
void
loading_text(const struct reader *r, char *out, size_t size)
{
	const struct loading *l = r->loading;
	int pct = l->loader != NULL ? (int)(loader_progress(l->loader) * 100) :
	    l->reveal_total != 0 ? (int)(r->docs[l->doc]->nnodes * 100 / l->reveal_total) : 0;
	bool on_page = l->loader != NULL && l->doc != SIZE_MAX;
	size_t total = r->ndocs + (l->loader != NULL && !on_page) + l->nfiles;

	if (r->titled)
		snprintf(out, size, _("loading %zu/%zu %d%%"), on_page ? l->doc + 1 : r->ndocs + 1,
		    total, pct);
	else
		snprintf(out, size, _("loading %d%%"), pct);
}

/* The first error found loading, for the message line ("" if none). */
const char *
loading_error(const struct reader *r)
{
	return r->loading->error;
}

/* Stop loading (the reader quits before the end: no need to read the rest). */
void
loading_free(struct reader *r)
{
	struct loading *l = r->loading;

	if (l == NULL)
		return;
	if (l->reveal_total != 0) /* the document is whole again, for whoever frees it */
		r->docs[l->doc]->nnodes = l->reveal_total;
	if (l->loader != NULL) {
		struct document *d = loader_document(l->loader);

		loader_cancel(l->loader);
		if (l->doc == SIZE_MAX)
			document_free(d); /* not in the library yet */
	}
	free(l->resume_place);
	free(l);
	r->loading = NULL;
}
