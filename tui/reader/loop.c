/* loop.c: the reader's main loop: keys to actions, waits, work between keys, start and end. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define SCROLL_WHEEL 3
#define BACKGROUND_SLICE_MS 30 /* between redraws, while nothing is typed */

static void draw(struct reader *);
static void resize(struct reader *);
static void background_work(struct reader *);

static bool
is_cancel_key(keycode k)
{
	return k == 27 || k == 3 || k == 7; /* Escape, C-c, C-g */
}

/*
 * Do the work between keys now, until `done` holds, for an action that needs it done
 * (all of the document, or all of a search), drawing its progress; keys typed meanwhile
 * wait their turn. Escape, C-c or C-g give up the wait and the action; the work goes on
 * between keys. Whether done holds.
 */
bool
reader_wait(struct reader *r, bool (*done)(const struct reader *))
{
	while (!done(r) && screen_signal() == 0) {
		keycode k;

		background_work(r);
		draw(r);
		while ((k = read_key(true)) != -1) {
			if (k == KEYC_RESIZE) {
				resize(r);
			} else if (is_cancel_key(k)) {
				reader_message(r, false, _("cancelled; the rest goes on between keys"));
				r->ntypeahead = 0;
				return false;
			} else if (r->ntypeahead < sizeof r->typeahead / sizeof r->typeahead[0]) {
				r->typeahead[r->ntypeahead++] = k;
			}
		}
	}
	return done(r);
}

/* Draw, then wait for a key, handling resizes and suspends meanwhile; -1 on a signal. */
keycode
wait_key(struct reader *r)
{
	keycode k;

	for (;;) {
		draw(r);
		while ((k = read_key(false)) == -1 && screen_signal() == 0 && !screen_stop_asked())
			;
		if (screen_signal() != 0)
			return -1;
		if (screen_stop_asked())
			screen_suspend();
		else if (k == KEYC_RESIZE)
			resize(r);
		else
			return k;
	}
}

static bool
in_overlay(const struct reader *r)
{
	return r->mode == RMODE_PICKER || r->mode == RMODE_RESULTS || r->mode == RMODE_HELP;
}

static void
draw(struct reader *r)
{
	bool outline_only = r->narrow && r->focus == PANE_OUTLINE && !in_overlay(r);

	curs_set(0);
	draw_title(r);
	if (r->mode == RMODE_PICKER)
		list_draw(r, &r->plist, r->text);
	else if (r->mode == RMODE_RESULTS)
		list_draw(r, &r->rlist, r->text);
	else if (r->mode == RMODE_HELP)
		list_draw(r, &r->hlist, r->text);
	else if (!outline_only)
		draw_text(r);
	if (outline_only || !r->narrow)
		outline_draw(r);
	draw_status(r);
	draw_cmd(r);
	if (r->title != NULL)
		wnoutrefresh(r->title);
	if (outline_only || !r->narrow)
		wnoutrefresh(r->outline);
	if (!outline_only)
		wnoutrefresh(r->text);
	if (r->status != NULL)
		wnoutrefresh(r->status);
	if (r->cmd != NULL)
		wnoutrefresh(r->cmd);
	if (r->mode == RMODE_PROMPT || r->mode == RMODE_PICKER)
		curs_set(r->cmd != NULL);
	doupdate();
	sync_drawn();
}

static void
resize(struct reader *r)
{
	/*
	 * Keys are read through stdscr, which the resize left touched: the next read would
	 * refresh it, blank, over our windows. Refresh it now, beneath them.
	 */
	wnoutrefresh(stdscr);
	clearok(curscr, TRUE); /* the terminal may have cleared or reflowed: repaint it all */
	layout_windows(r);
	reader_relayout(r);
}

static void
mouse_event(struct reader *r)
{
	MEVENT ev;
	int oy, ox;
	bool in_outline;

	if (getmouse(&ev) != OK)
		return;
	in_outline = wenclose(r->outline, ev.y, ev.x) && (!r->narrow || r->focus == PANE_OUTLINE);
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		enum pane saved = r->focus;

		r->focus = in_outline ? PANE_OUTLINE : PANE_TEXT;
		move_lines(r, ev.bstate & BUTTON4_PRESSED ? -SCROLL_WHEEL : SCROLL_WHEEL);
		r->focus = saved;
	} else if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) && in_outline) {
		getbegyx(r->outline, oy, ox);
		(void)ox;
		outline_click(r, ev.y - oy);
	}
}

/* Run the action bound to the keys in b, or say that they are not bound. */
static void
run_binding(struct reader *r, const struct binding *b)
{
	const struct action *a = keymap_lookup(r->opt.keymap, b->keys, b->nkeys);
	char *name;

	if (a != NULL) {
		if (a->partial || reader_wait(r, reader_loaded))
			a->fn(r);
		return;
	}
	name = binding_name(b);
	reader_message(r, false, _("%s is not bound; the help key lists the keys"), name);
	free(name);
}

static void
dispatch(struct reader *r, keycode k)
{
	switch (r->mode) {
	case RMODE_PROMPT:
	case RMODE_PICKER:
		prompt_key(r, k);
		return;
	case RMODE_RESULTS:
		results_key(r, k);
		return;
	case RMODE_HELP:
		help_key(r, k);
		return;
	case RMODE_READ:
		break;
	}
	r->message[0] = '\0';
	r->resume_number = 0; /* a key: the user is somewhere now, stay */
	if (r->has_pending) {
		struct binding seq = { { r->pending, k }, 2, NULL, NULL };

		r->has_pending = false;
		if (k != 27)
			run_binding(r, &seq);
		return;
	}
	if (keymap_is_prefix(r->opt.keymap, k)) {
		char *name = keycode_name(k);

		r->pending = k;
		r->has_pending = true;
		reader_message(r, false, "%s-", name);
		free(name);
		return;
	}
	if (k != 27) {
		struct binding one = { { k, 0 }, 1, NULL, NULL };

		run_binding(r, &one);
	}
}

static void
reader_free(struct reader *r)
{
	if (r->loader != NULL) { /* quit before the end: no need to read the rest */
		struct document *d = loader_document(r->loader);

		loader_cancel(r->loader);
		if (r->loading_doc == SIZE_MAX)
			document_free(d); /* not in the library yet */
	}
	delete_windows(r);
	page_free(&r->page);
	free(r->orows);
	free(r->collapsed);
	free(r->chapter_base);
	free(r->jumps);
	find_free(r);
	results_free(r);
	picker_free(r);
	help_free(r);
	strlist_free(&r->search_history);
	strlist_free(&r->goto_history);
}

/* Whether work waits for the time between keys: loading, a search under way, rows to count. */
static bool
has_background_work(struct reader *r)
{
	return !reader_loaded(r) || find_scanning(r) || page_total_rows(&r->page) == SIZE_MAX;
}

/*
 * A slice of that work (the document first, then the search, whose matches are awaited),
 * in short steps that stop as soon as a key is typed: a key waits at most one step.
 */
static void
background_work(struct reader *r)
{
	long t0 = clock_ms();

	if (r->loader == NULL && r->nfiles_left != 0)
		load_next_file(r);
	if (r->loader != NULL) {
		load_slice(r, BACKGROUND_SLICE_MS);
		return;
	}
	do {
		if (find_scanning(r))
			find_scan(r, BACKGROUND_STEP_MS);
		else
			page_count(&r->page, BACKGROUND_STEP_MS);
	} while (has_background_work(r) && clock_ms() - t0 < BACKGROUND_SLICE_MS &&
	    !key_waiting());
}

/* The next key: one typed while an action waited for the load, else from the terminal. */
static keycode
next_key(struct reader *r, bool busy)
{
	keycode k;

	if (r->ntypeahead == 0)
		return read_key(busy);
	k = r->typeahead[0];
	memmove(r->typeahead, r->typeahead + 1, --r->ntypeahead * sizeof *r->typeahead);
	return k;
}

/* Run the reader on documents (one after another) until the user quits; the exit status. */
int
reader_run(struct library *lib, const struct reader_options *opt)
{
	struct reader r;
	size_t chapters = 0;
	int status;

	memset(&r, 0, sizeof r);
	r.lib = lib;
	r.doc = lib->docs[0];
	r.docs = lib->docs;
	r.ndocs = lib->ndocs;
	r.opt = *opt;
	r.chapter_base = xcalloc(r.ndocs, sizeof *r.chapter_base);
	for (size_t i = 0; i < r.ndocs; i++) {
		r.chapter_base[i] = chapters;
		chapters += r.docs[i]->nchapters;
	}
	grow_collapsed(&r);
	r.loader = opt->loader; /* handed over with its document in the library: the last */
	r.loading_doc = r.ndocs - 1;
	r.chapters_paged = r.docs[r.ndocs - 1]->nchapters;
	r.files_left = opt->pending;
	r.nfiles_left = opt->npending;
	r.titled = r.ndocs + r.nfiles_left > 1;
	r.load_diags = opt->diags;
	start_curses(&r);
	sync_start();
	layout_windows(&r);
	page_build_docs(&r.page, r.docs, r.ndocs, NULL, r.titled);
	reader_relayout(&r);
	outline_build(&r);
	outline_follow(&r);
	if (opt->warning != NULL)
		reader_message(&r, true, "%s", opt->warning);
	state_start(&r);
	while (!r.quit && screen_signal() == 0) {
		keycode k;

		draw(&r);
		while ((k = next_key(&r, has_background_work(&r))) == -1 && screen_signal() == 0 &&
		    !screen_stop_asked())
			if (has_background_work(&r)) {
				background_work(&r);
				draw(&r);
			}
		if (screen_signal() != 0)
			break;
		if (screen_stop_asked()) {
			screen_suspend();
			continue;
		}
		if (k == KEYC_RESIZE)
			resize(&r);
		else if (k == KEYC_MOUSE)
			mouse_event(&r);
		else
			dispatch(&r, k);
	}
	screen_stop();
	state_finish(&r);
	reader_free(&r); /* its windows belong to the screen: free them first */
	screen_free();
	status = screen_signal() != 0 ? 128 + screen_signal() : 0;
	return status;
}

