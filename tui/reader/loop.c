/*
 * loop.c: the reader's main loop: drawing, keys to actions (or to the prompt, an overlay,
 * a feature that asked for the next key), what they need waited for, the work between
 * keys; and the reader's start and end, with the session kept in the state file.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define SCROLL_WHEEL 3
#define BACKGROUND_SLICE_MS 30 /* between redraws, while nothing is typed */

/* The panes, or a wide overlay over both (list.c's overlay_window()), to the screen. */
static void
refresh_panes(struct reader *r, bool outline_only)
{
	if (r->overlay != NULL && overlay_window(r) == r->both) {
		wnoutrefresh(r->both);
		r->both_shown = true;
		return;
	}
	if (r->both_shown) { /* the panes were covered: all of them goes to the screen again */
		touchwin(r->outline_win);
		touchwin(r->text);
		r->both_shown = false;
	}
	if (outline_only || !r->narrow)
		wnoutrefresh(r->outline_win);
	if (!outline_only)
		wnoutrefresh(r->text);
}

static void
draw(struct reader *r)
{
	bool outline_only = r->narrow && r->focus == PANE_OUTLINE && r->overlay == NULL;

	if (r->moved) { /* the outline follows the reading position */
		outline_follow(r);
		r->moved = false;
	}
	curs_set(0);
	if (r->overlay != NULL)
		r->overlay->draw(r, r->overlay_data);
	else if (!outline_only)
		view_draw(r);
	if (outline_only || !r->narrow)
		outline_draw(r);
	status_draw(r);
	if (r->title != NULL)
		wnoutrefresh(r->title);
	refresh_panes(r, outline_only);
	if (r->status != NULL)
		wnoutrefresh(r->status);
	if (r->cmd != NULL)
		wnoutrefresh(r->cmd);
	if (r->prompt.active)
		curs_set(r->cmd != NULL);
	doupdate();
	input_drawn();
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
	screen_layout(r);
	outline_resize(r);
	view_relayout(r);
}

/* Whether work waits for the time between keys: loading, a search under way, rows to count. */
static bool
has_background_work(struct reader *r)
{
	return (!r->loaded && !input_holds_loading()) || scan_running(&r->scan) ||
	    page_total_rows(&r->page) == SIZE_MAX || library_snapshots_waiting(r->lib) ||
	    !r->fold_tried;
}

/*
 * Ask for the fold table (OpenCC's, built once a machine and then kept in the cache: some
 * 25 ms the first time), once the first screen is drawn rather than before it, and say so
 * if OpenCC's data is missing, unless a warning of the start's is showing.
 */
static void
fold_try(struct reader *r)
{
	char *warning;

	r->fold_tried = true;
	if (r->opt.exact_script || script_ready() || r->opt.warning != NULL)
		return;
	if ((warning = script_warning()) != NULL)
		view_message(r, true, "%s", warning);
	free(warning);
}

/*
 * A slice of that work (the documents first, then the search, whose matches are awaited),
 * in short steps that stop as soon as a key is typed: a key waits at most one step.
 */
static void
background_work(struct reader *r)
{
	long t0 = clock_ms();
	unsigned news;

	if (!r->fold_tried) { /* the screen is drawn: now OpenCC's table, and the cache */
		fold_try(r);
		return;
	}
	if (library_snapshots_waiting(r->lib)) {
		library_save_snapshots(r->lib);
		return;
	}
	news = input_holds_loading() ? 0 : loading_step(r, BACKGROUND_SLICE_MS);

	if (news & LOADING_SLICED) {
		if (news & LOADING_GREW)
			outline_grow(r);
		if (news & LOADING_LATE) { /* the page's first blocks change */
			struct anchor a = view_anchor(r);

			actions_rebuild(r);
			view_go(r, a);
		}
		loading_settle(r);
		return;
	}
	do {
		if (scan_running(&r->scan))
			find_scan(r, BACKGROUND_STEP_MS);
		else
			page_count(&r->page, BACKGROUND_STEP_MS);
	} while (has_background_work(r) && clock_ms() - t0 < BACKGROUND_SLICE_MS &&
	    !input_waiting());
}

/* Whether a need holds. */
static bool
holds(const struct reader *r, enum need_kind kind)
{
	switch (kind) {
	case NEED_NOTHING:
		break;
	case NEED_LOADED:
		return r->loaded;
	case NEED_SCAN:
		return !scan_running(&r->scan);
	case NEED_NEXT_MATCH:
		return scan_next_known(&r->scan);
	}
	return true;
}

/*
 * Do the work between keys now, until a need holds, drawing its progress; keys typed
 * meanwhile wait their turn. Escape, C-c or C-g give up the wait (and with it what
 * needed it); the work goes on between keys. A search is waited for under its time
 * budget. Whether the need holds.
 */
static bool
wait(struct reader *r, enum need_kind kind)
{
	bool search = kind == NEED_SCAN || kind == NEED_NEXT_MATCH, given_up = false;
	keycode k;

	if (holds(r, kind))
		return true;
	if (search)
		search_set_budget(r->scan.re, SEARCH_BUDGET_MS);
	while (!given_up && !holds(r, kind) && screen_signal() == 0) {
		background_work(r);
		draw(r);
		while (!given_up && (k = input_read(true)) != -1) {
			if (k == KEYC_RESIZE) {
				resize(r);
			} else if (keycode_cancels(k)) {
				view_message(r, false, _("cancelled; the rest goes on between keys"));
				r->ntypeahead = 0;
				given_up = true;
			} else if (r->ntypeahead < sizeof r->typeahead / sizeof r->typeahead[0]) {
				r->typeahead[r->ntypeahead++] = k;
			}
		}
	}
	if (search)
		search_clear_budget(r->scan.re); /* a later scan (a new filter) gets its own time */
	return !given_up && holds(r, kind);
}

/* Meet what an action or a key needs, each in turn, and let it go on. */
static void
serve(struct reader *r, struct need n)
{
	while (n.kind != NEED_NOTHING)
		n = n.then(r, wait(r, n.kind));
}

static void
mouse_event(struct reader *r)
{
	MEVENT ev;
	int oy, ox;
	bool in_outline;

	if (getmouse(&ev) != OK)
		return;
	in_outline = wenclose(r->outline_win, ev.y, ev.x) &&
	    (!r->narrow || r->focus == PANE_OUTLINE);
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		bool up = ev.bstate & BUTTON4_PRESSED;

		if (in_outline) /* a row at a time */
			outline_key(r, up ? KEYC_UP : KEYC_DOWN);
		else
			view_scroll(r, up ? -SCROLL_WHEEL : SCROLL_WHEEL);
	} else if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) && in_outline) {
		getbegyx(r->outline_win, oy, ox);
		(void)ox;
		outline_click(r, ev.y - oy);
	}
}

#define MAX_COUNT 10000000L

/* The count being typed, shown as typed: 23, or C-u 5- after universal-argument. */
static void
show_count(struct reader *r)
{
	if (!r->universal)
		view_message(r, false, "%ld", r->typing);
	else if (r->digits)
		view_message(r, false, "C-u %ld-", r->typing);
	else
		view_message(r, false, "C-u-");
}

/*
 * The digit a key types into a count (5 of 5j, of M-5, of C-u 5), or -1: a digit the keymap
 * binds is its binding's, and 0 begins no count (as in less and vi).
 */
static int
count_digit(const struct reader *r, keycode k)
{
	keycode plain = k & ~KEYC_META, one[1] = { k };

	if (plain < '0' || plain > '9' || (k & KEYC_FKEY) != 0)
		return -1;
	if (!r->universal && keymap_lookup(r->opt.keymap, one, 1) != NULL)
		return -1;
	if (plain == '0' && !r->counting)
		return -1;
	return plain - '0';
}

/* A key typed into a count (a digit, or a cancel key that drops it): whether it was. */
static bool
count_key(struct reader *r, keycode k)
{
	int digit = count_digit(r, k);

	if (digit < 0 && r->counting && keycode_cancels(k)) {
		r->counting = r->universal = r->digits = false;
		view_message(r, false, "%s", _("count cancelled"));
		return true;
	}
	if (digit < 0)
		return false;
	if (!r->counting || (r->universal && !r->digits))
		r->typing = 0;
	if (r->typing < MAX_COUNT)
		r->typing = r->typing * 10 + digit;
	r->counting = r->digits = true;
	show_count(r);
	return true;
}

/* The count typed goes to the action about to run (r->count, 1 without one). */
static void
take_count(struct reader *r)
{
	r->has_count = r->counting;
	r->count = r->counting && r->typing > 0 ? r->typing : 1;
	r->counting = r->universal = r->digits = false;
}

/* Run the action bound to the keys in b, or say that they are not bound. */
static void
run_binding(struct reader *r, const struct binding *b)
{
	const struct action *a = keymap_lookup(r->opt.keymap, b->keys, b->nkeys);
	char *name, *help;

	take_count(r);
	if (a != NULL) {
		if (a->partial || wait(r, NEED_LOADED))
			serve(r, a->fn(r));
		return;
	}
	name = binding_name(b);
	help = keymap_key_of(r->opt.keymap, "help");
	if (help != NULL)
		view_message(r, false, _("%s is not bound; %s lists the keys"), name, help);
	else
		view_message(r, false, _("%s is not bound; planview --dump-keymap lists the keys"),
		    name);
	free(help);
	free(name);
}

/* Whether the open overlay leaves key k to the bindings: it is bound to the overlay's passes. */
static bool
overlay_passes(const struct reader *r, keycode k)
{
	const struct action *a;

	if (r->overlay->passes == NULL)
		return false;
	a = keymap_lookup(r->opt.keymap, &k, 1);
	return a != NULL && strcmp(a->name, r->overlay->passes) == 0;
}

static void
dispatch(struct reader *r, keycode k)
{
	void (*take)(struct reader *, keycode) = r->take_key;

	if (r->prompt.active) {
		serve(r, prompt_key(r, k));
		return;
	}
	if (r->overlay != NULL && !overlay_passes(r, k)) {
		serve(r, r->overlay->key(r, k, r->overlay_data));
		return;
	}
	if (r->overlay != NULL) {
		struct binding one = { { k, 0 }, 1, NULL, NULL };

		run_binding(r, &one);
		return;
	}
	r->message[0] = '\0';
	loading_stay(r); /* a key: the user is somewhere now, stay */
	if (take != NULL) {
		r->take_key = NULL;
		take(r, k);
		return;
	}
	if (r->has_pending) {
		struct binding seq = { { r->pending, k }, 2, NULL, NULL };

		r->has_pending = false;
		if (k != KEYC_ESCAPE) /* Escape drops the sequence; C-g or C-c may end one */
			run_binding(r, &seq);
		r->counting = r->counting && k != KEYC_ESCAPE; /* C-u C-x o goes on; Escape drops */
		if (r->counting)
			show_count(r);
		return;
	}
	if (count_key(r, k))
		return;
	if (keymap_is_prefix(r->opt.keymap, k)) {
		char *name = keycode_name(k);

		r->pending = k;
		r->has_pending = true;
		if (r->counting)
			view_message(r, false, "%ld %s-", r->typing, name);
		else
			view_message(r, false, "%s-", name);
		free(name);
		return;
	}
	if (k != KEYC_ESCAPE) {
		struct binding one = { { k, 0 }, 1, NULL, NULL };

		run_binding(r, &one);
	} else
		r->counting = false;
	if (r->counting) /* universal-argument began one */
		show_count(r);
}

/* The next key: one typed while an action waited for the load, else from the terminal. */
static keycode
next_key(struct reader *r, bool busy)
{
	keycode k;

	if (r->ntypeahead == 0)
		return input_read(busy);
	k = r->typeahead[0];
	memmove(r->typeahead, r->typeahead + 1, --r->ntypeahead * sizeof *r->typeahead);
	return k;
}

/*
 * Load the state file, go back to where these documents were left (of several, in the one
 * read last), and take the searches.
 */
static void
session_start(struct reader *r)
{
	struct diags d = { 0 };
	char *file = state_file();
	const struct strlist *h;
	const char *place;
	int offset;
	size_t doc;

	r->state = state_load(file, &d);
	free(file);
	diags_free(&d);
	if (r->titled && !r->loaded) /* the one read last is known once all have loaded */
		loading_resume_newest(r);
	else if (!view_restore(r, &doc, &place, &offset) && doc == 0)
		loading_resume(r, place, offset); /* not loaded yet: the loading goes there */
	h = state_searches(r->state);
	for (size_t i = 0; i < h->n; i++)
		strlist_add(find_history(r), h->v[i]);
	r->searches_loaded = h->n;
	if (state_problem(r->state) != NULL && r->message[0] == '\0')
		view_message(r, true, _("%s; nothing is saved this session"),
		    state_problem(r->state));
}

/* Save the reading position and the new searches; what cannot be saved is said on stderr. */
static void
session_finish(struct reader *r)
{
	const struct strlist *h = find_history(r);
	int offset;
	size_t doc;
	char *why = NULL, *place = view_place(r, &doc, &offset);

	state_open_document(r->state, view_doc(r, doc));
	state_set_position(r->state, place, offset);
	free(place);
	for (size_t i = r->searches_loaded; i < h->n; i++)
		state_add_search(r->state, h->v[i]);
	if (state_save(r->state, &why) == -1) {
		fprintf(stderr, _("%s: warning: "), progname);
		fputs_safe(why, stderr, true);
		fputc('\n', stderr);
		free(why);
	}
	state_free(r->state);
	r->state = NULL;
}

static void
reader_free(struct reader *r)
{
	overlay_close(r);
	loading_free(r);
	screen_delete(r);
	view_free(r);
	scan_free(&r->scan);
	find_free(r);
	outline_free(r);
	prompt_free(r);
	strlist_free(&r->goto_history);
	search_free(r->only_re);
	free(r->only);
}

/* Run the reader on documents (one after another) until the user quits; the exit status. */
int
reader_run(struct library *lib, const struct reader_options *opt)
{
	struct reader r;
	int status;

	memset(&r, 0, sizeof r);
	r.lib = lib;
	r.doc = lib->docs[0];
	r.docs = lib->docs;
	r.ndocs = lib->ndocs;
	r.opt = *opt;
	r.titled = r.ndocs + opt->npending > 1;
	loading_start(&r);
	find_create(&r);
	outline_create(&r);
	screen_start(&r);
	input_start();
	screen_layout(&r);
	page_build_docs(&r.page, r.docs, r.ndocs, NULL, NULL, r.titled);
	view_relayout(&r);
	outline_build(&r);
	outline_follow(&r);
	if (opt->warning != NULL)
		view_message(&r, true, "%s", opt->warning);
	session_start(&r);
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
		else if (k == KEYC_MOUSE && r.take_key == NULL)
			mouse_event(&r);
		else
			dispatch(&r, k);
	}
	screen_stop();
	session_finish(&r);
	reader_free(&r); /* its windows belong to the screen: free them first */
	screen_free();
	status = screen_signal() != 0 ? 128 + screen_signal() : 0;
	return status;
}
