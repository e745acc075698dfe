/* actions.c: what a key can be bound to: the actions and their table. */
#include <stdlib.h>

#include "reader/reader_int.h"

static bool
on_outline(const struct reader *r)
{
	return r->focus == PANE_OUTLINE;
}

/* Scroll the pane in focus by delta lines (the outline: its cursor). */
void
move_lines(struct reader *r, long delta)
{
	if (on_outline(r)) {
		list_key(&r->olist, delta > 0 ? KEYC_DOWN : KEYC_UP,
		    getmaxy(r->outline));
		return;
	}
	struct pos p = r->top;

	page_step(&r->page, &p, delta);
	set_top(r, p);
}

static void
act_line_down(struct reader *r)
{
	move_lines(r, 1);
}

static void
act_line_up(struct reader *r)
{
	move_lines(r, -1);
}

static void
act_page_down(struct reader *r)
{
	if (on_outline(r))
		list_key(&r->olist, KEYC_NPAGE, getmaxy(r->outline));
	else
		move_lines(r, r->text_rows > 1 ? r->text_rows - 1 : 1);
}

static void
act_page_up(struct reader *r)
{
	if (on_outline(r))
		list_key(&r->olist, KEYC_PPAGE, getmaxy(r->outline));
	else
		move_lines(r, -(r->text_rows > 1 ? r->text_rows - 1 : 1));
}

static void
act_top(struct reader *r)
{
	if (on_outline(r))
		list_key(&r->olist, KEYC_HOME, getmaxy(r->outline));
	else
		reader_jump(r, top_of_page);
}

static void
act_bottom(struct reader *r)
{
	if (on_outline(r))
		list_key(&r->olist, KEYC_END, getmaxy(r->outline));
	else
		reader_jump(r, max_top(r));
}

/* Move to the next (dir 1) or previous (-1) heading line of the given kind; if none, say so. */
static void
move_heading(struct reader *r, enum block_kind kind, int dir, const char *none)
{
	struct pos end;

	if (on_outline(r)) {
		size_t k = r->olist.cursor;

		while (dir > 0 ? k + 1 < r->norows : k > 0) {
			k = dir > 0 ? k + 1 : k - 1;
			bool chapter_row = r->orows[k].chapter != SIZE_MAX &&
			    r->orows[k].clause == SIZE_MAX;

			if (r->orows[k].chapter != SIZE_MAX &&
			    chapter_row == (kind == BLOCK_CHAPTER)) {
				r->olist.cursor = k;
				list_clamp(&r->olist, getmaxy(r->outline));
				return;
			}
		}
		return;
	}
	end = max_top(r);
	for (size_t b = r->top.block; b < r->page.nblocks; b = dir > 0 ? b + 1 : b - 1) {
		struct pos heading;

		if (r->page.blocks[b].kind != kind)
			continue;
		heading = page_block_start(&r->page, b);
		if (dir > 0 ? pos_cmp(heading, r->top) <= 0 : pos_cmp(heading, r->top) >= 0)
			continue;
		if (dir > 0 && pos_cmp(heading, end) > 0)
			break;
		set_top(r, heading);
		return;
	}
	if (dir > 0 && !reader_loaded(r) && reader_wait(r, reader_loaded)) {
		move_heading(r, kind, dir, none); /* it may be in what had not loaded yet */
		return;
	}
	reader_message(r, false, "%s", none);
}

static void
act_next_clause(struct reader *r)
{
	move_heading(r, BLOCK_CLAUSE, 1, _("no next clause"));
}

static void
act_prev_clause(struct reader *r)
{
	move_heading(r, BLOCK_CLAUSE, -1, _("no previous clause"));
}

static void
act_next_chapter(struct reader *r)
{
	move_heading(r, BLOCK_CHAPTER, 1, _("no next chapter"));
}

static void
act_prev_chapter(struct reader *r)
{
	move_heading(r, BLOCK_CHAPTER, -1, _("no previous chapter"));
}

static void
act_goto_clause(struct reader *r)
{
	prompt_start(r, PROMPT_GOTO, &r->goto_history);
}

static void
act_back(struct reader *r)
{
	history_step(r, -1);
}

static void
act_forward(struct reader *r)
{
	history_step(r, 1);
}

static void
act_switch_pane(struct reader *r)
{
	r->focus = r->focus == PANE_TEXT ? PANE_OUTLINE : PANE_TEXT;
	if (r->focus == PANE_OUTLINE)
		outline_follow(r);
}

static void
act_open(struct reader *r)
{
	if (on_outline(r))
		outline_open(r);
}

static void
act_toggle_chapter(struct reader *r)
{
	if (!on_outline(r))
		r->focus = PANE_OUTLINE, outline_follow(r);
	outline_toggle(r);
}

static void
act_search_forward(struct reader *r)
{
	find_start(r, false);
}

static void
act_search_backward(struct reader *r)
{
	find_start(r, true);
}

static void
act_search_next(struct reader *r)
{
	find_next(r, false);
}

static void
act_search_previous(struct reader *r)
{
	find_next(r, true);
}

static void
act_search_results(struct reader *r)
{
	results_open(r);
}

static void
act_department_filter(struct reader *r)
{
	picker_open(r);
}

static void
act_clear_filter(struct reader *r)
{
	struct anchor a = current_anchor(r);

	if (r->filter == NULL) {
		reader_message(r, false, _("no filter is active"));
		return;
	}
	r->filter = NULL;
	reader_rebuild(r);
	go_anchor(r, a);
	reader_message(r, false, _("filter cleared"));
}

static void
act_help(struct reader *r)
{
	help_open(r);
}

static void
act_redraw(struct reader *r)
{
	(void)r;
	clearok(curscr, TRUE);
}

static void
act_quit(struct reader *r)
{
	r->quit = true;
}

static void
act_suspend(struct reader *r)
{
	(void)r;
	screen_suspend();
}

/*
 * Every action: its name (used in keymaps), its help topic, what it does, and whether it
 * works on a document still loading (the others first wait for the rest of it).
 */
const struct action reader_actions[] = {
	{ "back", "Moving", N_("go back to where the last jump started"), act_back, true },
	{ "bottom", "Moving", N_("go to the end"), act_bottom, false },
	{ "clear-filter", "Departments", N_("show every clause again"), act_clear_filter, false },
	{ "department-filter", "Departments",
	    N_("pick a department and show only the clauses it leads"), act_department_filter,
	    false },
	{ "forward", "Moving", N_("go forward again after back"), act_forward, true },
	{ "goto-clause", "Clauses", N_("go to a clause by number (23, 二十三, (二十三))"),
	    act_goto_clause, false },
	{ "goto-mark", "Moving", N_("go to a bookmark (then its letter)"), act_goto_mark, false },
	{ "help", "Other", N_("show this help"), act_help, true },
	{ "line-down", "Moving", N_("scroll down one line"), act_line_down, true },
	{ "line-up", "Moving", N_("scroll up one line"), act_line_up, true },
	{ "next-chapter", "Clauses", N_("go to the next chapter"), act_next_chapter, true },
	{ "next-clause", "Clauses", N_("go to the next clause"), act_next_clause, true },
	{ "open", "Panes", N_("open the outline entry under the cursor"), act_open, true },
	{ "page-down", "Moving", N_("scroll down one page"), act_page_down, true },
	{ "page-up", "Moving", N_("scroll up one page"), act_page_up, true },
	{ "prev-chapter", "Clauses", N_("go to the previous chapter"), act_prev_chapter, true },
	{ "prev-clause", "Clauses", N_("go to the previous clause"), act_prev_clause, true },
	{ "quit", "Other", N_("quit planview"), act_quit, true },
	{ "redraw", "Other", N_("redraw the screen"), act_redraw, true },
	{ "save-view", "Other", N_("write the clauses on screen (the filter's view) to a file"),
	    save_view, false },
	{ "search-backward", "Search", N_("search backward for a regular expression"),
	    act_search_backward, false },
	{ "search-forward", "Search", N_("search forward for a regular expression"),
	    act_search_forward, false },
	{ "search-next", "Search", N_("go to the next match"), act_search_next, false },
	{ "search-previous", "Search", N_("go to the previous match"), act_search_previous, false },
	{ "search-results", "Search", N_("list every clause that matches, by chapter"),
	    act_search_results, false },
	{ "set-mark", "Moving", N_("set a bookmark here (then a letter)"), act_set_mark, true },
	{ "suspend", "Other", N_("suspend planview and return to the shell (fg resumes)"),
	    act_suspend, true },
	{ "switch-pane", "Panes", N_("switch between the outline and the text"), act_switch_pane,
	    true },
	{ "toggle-chapter", "Panes", N_("fold or unfold the chapter in the outline"),
	    act_toggle_chapter, true },
	{ "top", "Moving", N_("go to the beginning"), act_top, true },
};
const size_t reader_nactions = sizeof reader_actions / sizeof reader_actions[0];
