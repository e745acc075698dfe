/*
 * actions.c: what a key can be bound to: each action, and their table. An action calls the
 * features and the view; what it needs first (the whole document, a finished search) it
 * returns, for the loop to wait for.
 */
#include <stdlib.h>

#include "reader/reader_int.h"

static bool
on_outline(const struct reader *r)
{
	return r->focus == PANE_OUTLINE;
}

/* The page again (a new filter, a heading loaded late), and what follows from it. */
void
actions_rebuild(struct reader *r)
{
	view_rebuild(r);
	outline_build(r);
	find_recompute(r);
	view_set_top(r, top_of_page);
}

/* Scroll the pane in focus by delta lines, count times (the outline: its cursor, a row). */
static void
move_lines(struct reader *r, long delta)
{
	if (!on_outline(r)) {
		view_scroll(r, delta * r->count);
		return;
	}
	for (long i = 0; i < r->count && i < 100000; i++)
		outline_key(r, delta > 0 ? KEYC_DOWN : KEYC_UP);
}

/* Half the text pane, at least a line: C-d and C-u in less and vi. */
static long
half_page(const struct reader *r)
{
	return r->text_rows > 3 ? r->text_rows / 2 : 1;
}

static struct need
act_half_page_down(struct reader *r)
{
	move_lines(r, half_page(r));
	return NO_NEED;
}

static struct need
act_half_page_up(struct reader *r)
{
	move_lines(r, -half_page(r));
	return NO_NEED;
}

static struct need
act_line_down(struct reader *r)
{
	move_lines(r, 1);
	return NO_NEED;
}

static struct need
act_line_up(struct reader *r)
{
	move_lines(r, -1);
	return NO_NEED;
}

static struct need
act_page_down(struct reader *r)
{
	if (on_outline(r) && r->count == 1)
		outline_key(r, KEYC_NPAGE);
	else
		move_lines(r, r->text_rows > 1 ? r->text_rows - 1 : 1);
	return NO_NEED;
}

static struct need
act_page_up(struct reader *r)
{
	if (on_outline(r) && r->count == 1)
		outline_key(r, KEYC_PPAGE);
	else
		move_lines(r, -(r->text_rows > 1 ? r->text_rows - 1 : 1));
	return NO_NEED;
}

/* With a count, g and G go to that line of the text, as less's do (23G: line 23). */
static struct need
act_top(struct reader *r)
{
	if (r->has_count)
		view_goto_row(r, (size_t)r->count - 1);
	else if (on_outline(r))
		outline_key(r, KEYC_HOME);
	else
		view_jump(r, top_of_page);
	return NO_NEED;
}

static struct need
act_bottom(struct reader *r)
{
	if (r->has_count)
		view_goto_row(r, (size_t)r->count - 1);
	else if (on_outline(r))
		outline_key(r, KEYC_END);
	else
		view_jump(r, view_max_top(r));
	return NO_NEED;
}

/* N%: N percent into the text, as less's % (the top without a count). */
static struct need
act_goto_percent(struct reader *r)
{
	long percent = r->has_count ? (r->count < 100 ? r->count : 100) : 0;

	page_count(&r->page, -1); /* every row counted: what a percent is of */
	view_goto_row(r, page_total_rows(&r->page) * (size_t)percent / 100);
	return NO_NEED;
}

/*
 * Move to the next (dir 1) or previous (-1) heading of the given kind; if there is none,
 * say so. Going forward in a document still loading, the heading may be in what has not
 * loaded: that is needed first, and then() goes on.
 */
static struct need
move_heading(struct reader *r, enum block_kind kind, int dir, const char *none,
    struct need (*then)(struct reader *, bool))
{
	bool moved = false;

	if (on_outline(r)) {
		for (long i = 0; i < r->count && i < 100000; i++)
			outline_heading(r, kind == BLOCK_CHAPTER, dir);
		return NO_NEED;
	}
	for (; r->count > 1 && view_heading(r, kind, dir); r->count--) /* 3]: two on, then one */
		moved = true;
	if (view_heading(r, kind, dir) || moved)
		return NO_NEED;
	if (dir > 0 && !r->loaded)
		return (struct need){ NEED_LOADED, then };
	view_message(r, false, "%s", none);
	return NO_NEED;
}

static struct need act_next_clause(struct reader *);
static struct need act_next_chapter(struct reader *);

static struct need
next_clause_loaded(struct reader *r, bool loaded)
{
	if (loaded)
		return act_next_clause(r);
	view_message(r, false, "%s", _("no next clause"));
	return NO_NEED;
}

static struct need
next_chapter_loaded(struct reader *r, bool loaded)
{
	if (loaded)
		return act_next_chapter(r);
	view_message(r, false, "%s", _("no next chapter"));
	return NO_NEED;
}

static struct need
act_next_clause(struct reader *r)
{
	return move_heading(r, BLOCK_CLAUSE, 1, _("no next clause"), next_clause_loaded);
}

static struct need
act_prev_clause(struct reader *r)
{
	return move_heading(r, BLOCK_CLAUSE, -1, _("no previous clause"), NULL);
}

static struct need
act_next_chapter(struct reader *r)
{
	return move_heading(r, BLOCK_CHAPTER, 1, _("no next chapter"), next_chapter_loaded);
}

static struct need
act_prev_chapter(struct reader *r)
{
	return move_heading(r, BLOCK_CHAPTER, -1, _("no previous chapter"), NULL);
}

static struct need
act_goto_clause(struct reader *r)
{
	goto_open(r);
	return NO_NEED;
}

static struct need
act_back(struct reader *r)
{
	view_history(r, -1);
	return NO_NEED;
}

static struct need
act_forward(struct reader *r)
{
	view_history(r, 1);
	return NO_NEED;
}

static struct need
act_switch_pane(struct reader *r)
{
	r->focus = r->focus == PANE_TEXT ? PANE_OUTLINE : PANE_TEXT;
	if (r->focus == PANE_OUTLINE)
		outline_follow(r);
	return NO_NEED;
}

static struct need
act_open(struct reader *r)
{
	if (on_outline(r))
		outline_open(r);
	return NO_NEED;
}

static struct need
act_toggle_chapter(struct reader *r)
{
	if (!on_outline(r))
		r->focus = PANE_OUTLINE, outline_follow(r);
	outline_toggle(r);
	return NO_NEED;
}

static struct need
act_search_forward(struct reader *r)
{
	find_start(r, false);
	return NO_NEED;
}

static struct need
act_search_backward(struct reader *r)
{
	find_start(r, true);
	return NO_NEED;
}

static struct need
act_search_next(struct reader *r)
{
	return find_next(r, false, r->count);
}

static struct need
act_search_previous(struct reader *r)
{
	return find_next(r, true, r->count);
}

static struct need
act_search_results(struct reader *r)
{
	return results_open(r);
}

static struct need
act_toggle_script(struct reader *r)
{
	find_toggle_script(r);
	return NO_NEED;
}

/* The picker's choice: show only the clauses that department (a name, or a body) leads. */
static void
set_filter(struct reader *r, const char *name, bool body, int leads)
{
	view_set_filter(r, name, body);
	actions_rebuild(r);
	view_message(r, false, ngettext("%s leads %d clause; D shows every clause again",
	    "%s leads %d clauses; D shows every clause again", (unsigned long)leads), r->filter, leads);
}

static struct need
act_department_filter(struct reader *r)
{
	picker_open(r, set_filter);
	return NO_NEED;
}

static struct need
act_clear_filter(struct reader *r)
{
	struct anchor a = view_anchor(r);

	if (r->filter == NULL) {
		view_message(r, false, _("no filter is active"));
		return NO_NEED;
	}
	view_set_filter(r, NULL, false);
	actions_rebuild(r);
	view_go(r, a);
	view_message(r, false, _("filter cleared"));
	return NO_NEED;
}

static struct need
act_help(struct reader *r)
{
	help_open(r);
	return NO_NEED;
}

static struct need
act_redraw(struct reader *r)
{
	(void)r;
	clearok(curscr, TRUE);
	return NO_NEED;
}

static struct need
act_quit(struct reader *r)
{
	r->quit = true;
	return NO_NEED;
}

/* The scan is over (or given up): save what the screen shows. */
static struct need
save_scanned(struct reader *r, bool done)
{
	if (done)
		save_open(r);
	return NO_NEED;
}

/* save-view writes filter × search: with a search on, once it has found every match. */
static struct need
act_save_view(struct reader *r)
{
	if (r->scan.re != NULL && scan_running(&r->scan))
		return (struct need){ NEED_SCAN, save_scanned };
	return save_scanned(r, true);
}

static struct need
act_set_mark(struct reader *r)
{
	marks_set(r);
	return NO_NEED;
}

static struct need
act_goto_mark(struct reader *r)
{
	marks_go(r);
	return NO_NEED;
}

/* C-u: a count follows (C-u 5 C-n); C-u alone is 4, again 16, as in emacs. */
static struct need
act_universal_argument(struct reader *r)
{
	r->typing = r->has_count ? r->count * 4 : 4;
	r->counting = r->universal = true;
	r->digits = false;
	return NO_NEED;
}

static struct need
act_show_position(struct reader *r)
{
	view_describe(r);
	return NO_NEED;
}

/* The & prompt closed: on Enter, show only the items its pattern matches (none: all again). */
static struct need
only_done(struct reader *r, const char *text, bool submit, void *data)
{
	struct anchor a = view_anchor(r);
	struct search *re = NULL;
	char *error = NULL;

	(void)data;
	if (!submit)
		return NO_NEED;
	if (*text != '\0' && (re = search_compile(text, find_search_flags(r), &error)) == NULL) {
		view_message(r, true, "%s", error != NULL ? error : text);
		free(error);
		return NO_NEED;
	}
	search_free(r->only_re);
	free(r->only);
	r->only_re = re;
	r->only = re != NULL ? xstrdup(text) : NULL;
	actions_rebuild(r);
	view_go(r, a);
	if (re == NULL)
		view_message(r, false, "%s", _("every item shown again"));
	return NO_NEED;
}

static const struct prompt_cb only_prompt = { NULL, only_done, NULL };

static struct need
act_pattern_filter(struct reader *r)
{
	prompt_open(r, "&", NULL, &only_prompt, NULL);
	return NO_NEED;
}

/* |: the item to a command; with a count, the whole view. */
static struct need
act_pipe(struct reader *r)
{
	handoff_pipe(r, r->has_count);
	return NO_NEED;
}

static struct need
act_edit(struct reader *r)
{
	handoff_edit(r);
	return NO_NEED;
}

static struct need
act_copy(struct reader *r)
{
	handoff_copy(r);
	return NO_NEED;
}

static struct need
act_suspend(struct reader *r)
{
	(void)r;
	screen_suspend();
	return NO_NEED;
}

/*
 * Every action: its name (used in keymaps), its help topic, what it does, and whether it
 * works on a document still loading (the others first wait for the rest of it).
 */
const struct action reader_actions[] = {
	{ "back", "Moving", N_("go back to where the last jump started"), act_back, true },
	{ "bottom", "Moving", N_("go to the end (with a count, that line)"), act_bottom, false },
	{ "clear-filter", "Departments", N_("show every clause again"), act_clear_filter, false },
	{ "copy-item", "Other", N_("copy the item's text to the clipboard (OSC 52)"), act_copy,
	    true },
	{ "department-filter", "Departments",
	    N_("pick a department and show only the clauses it leads"), act_department_filter,
	    false },
	{ "edit-file", "Other", N_("open the file in $VISUAL or $EDITOR at the item's line"),
	    act_edit, true },
	{ "forward", "Moving", N_("go forward again after back"), act_forward, true },
	{ "goto-clause", "Clauses", N_("go to a clause by number (23, 二十三, (二十三))"),
	    act_goto_clause, false },
	{ "goto-mark", "Moving", N_("go to a bookmark (then its letter; ' goes back before the "
	    "last jump)"), act_goto_mark, false },
	{ "goto-percent", "Moving", N_("go N percent into the text (a count: 50%)"),
	    act_goto_percent, false },
	{ "half-page-down", "Moving", N_("scroll down half a page"), act_half_page_down, true },
	{ "half-page-up", "Moving", N_("scroll up half a page"), act_half_page_up, true },
	{ "help", "Other", N_("show this help"), act_help, true },
	{ "line-down", "Moving", N_("scroll down one line"), act_line_down, true },
	{ "line-up", "Moving", N_("scroll up one line"), act_line_up, true },
	{ "next-chapter", "Clauses", N_("go to the next chapter"), act_next_chapter, true },
	{ "next-clause", "Clauses", N_("go to the next clause"), act_next_clause, true },
	{ "open", "Panes", N_("open the outline entry under the cursor"), act_open, true },
	{ "page-down", "Moving", N_("scroll down one page"), act_page_down, true },
	{ "page-up", "Moving", N_("scroll up one page"), act_page_up, true },
	{ "pattern-filter", "Search", N_("show only the items a pattern matches (empty: all)"),
	    act_pattern_filter, false },
	{ "pipe-item", "Other", N_("pipe the item (with a count, the view) to a shell command"),
	    act_pipe, true },
	{ "prev-chapter", "Clauses", N_("go to the previous chapter"), act_prev_chapter, true },
	{ "prev-clause", "Clauses", N_("go to the previous clause"), act_prev_clause, true },
	{ "quit", "Other", N_("quit planview"), act_quit, true },
	{ "redraw", "Other", N_("redraw the screen"), act_redraw, true },
	{ "save-view", "Other",
	    N_("write the clauses on screen (the filter's, and the search's) to a file"),
	    act_save_view, false },
	{ "search-backward", "Search", N_("search backward for a regular expression"),
	    act_search_backward, false },
	{ "search-forward", "Search", N_("search forward for a regular expression"),
	    act_search_forward, false },
	{ "search-next", "Search", N_("go to the next match"), act_search_next, false },
	{ "search-previous", "Search", N_("go to the previous match"), act_search_previous, false },
	{ "search-results", "Search", N_("list every clause that matches, by chapter"),
	    act_search_results, false },
	{ "set-mark", "Moving", N_("set a bookmark here (then a letter)"), act_set_mark, true },
	{ "show-position", "Other", N_("say the file, the item, the lines shown and how far"),
	    act_show_position, false },
	{ "suspend", "Other", N_("suspend planview and return to the shell (fg resumes)"),
	    act_suspend, true },
	{ "switch-pane", "Panes", N_("switch between the outline and the text"), act_switch_pane,
	    true },
	{ "toggle-chapter", "Panes", N_("fold or unfold the chapter in the outline"),
	    act_toggle_chapter, true },
	{ "toggle-script", "Search", N_("match traditional and simplified characters as one, "
	    "or only as written"), act_toggle_script, false },
	{ "top", "Moving", N_("go to the beginning (with a count, that line)"), act_top, true },
	{ "universal-argument", "Moving", N_("begin a count for the next key (C-u 5 C-n)"),
	    act_universal_argument, true },
};
const size_t reader_nactions = sizeof reader_actions / sizeof reader_actions[0];
