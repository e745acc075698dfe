/*
 * find.c: searching as the user types, and n/N: the prompt, the matches highlighted and
 * stepped through. The matches themselves are the find engine's (scan.c).
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define SEARCH_BUDGET_MS 2000 /* a pattern that backtracks forever stops here */
#define SLICE_MS 5 /* searched at once on a key (from the reading position: the screen first) */

static void
set_pattern(struct reader *r, const char *pattern)
{
	scan_set(&r->scan, pattern);
	r->want_first = false;
}

static void pick_first(struct reader *);

/*
 * Search on for about ms milliseconds (see scan_step()), saying why the search stopped
 * short if it did, and showing the first match once found. Whether the scan is complete.
 */
bool
find_scan(struct reader *r, long ms)
{
	switch (scan_step(&r->scan, &r->page, ms, reader_interrupted)) {
	case SCAN_TOO_MANY:
		reader_message(r, true, _("more than %d matches: only the first are "
		    "highlighted and counted"), SCAN_MAX_MATCHES);
		break;
	case SCAN_FAILED:
		reader_message(r, true, _("search stopped: %s"), search_error(r->scan.re));
		break;
	default:
		break;
	}
	if (r->want_first)
		pick_first(r);
	return !scan_running(&r->scan);
}

/* Whether the search still has blocks to look through. */
bool
find_scanning(const struct reader *r)
{
	return scan_running(&r->scan);
}

/* Search the whole page again (after the pattern or the page changed), a slice now. */
void
find_recompute(struct reader *r)
{
	size_t bi = reader_current_block(r);

	r->want_first = false;
	scan_start(&r->scan, r->page.nblocks, bi != SIZE_MAX ? bi : 0);
	if (scan_running(&r->scan))
		find_scan(r, SLICE_MS);
}

static bool
scan_done(const struct reader *r)
{
	return !find_scanning(r);
}

/*
 * Finish the scan now, when an answer needs every match (a wrap, N, the results list),
 * showing its progress; false if the user gave up waiting.
 */
bool
find_complete_scan(struct reader *r)
{
	bool done;

	if (r->scan.re == NULL || !find_scanning(r))
		return true;
	search_set_budget(r->scan.re, SEARCH_BUDGET_MS);
	done = reader_wait(r, scan_done);
	search_clear_budget(r->scan.re); /* a later scan (a new filter) gets its own time */
	return done;
}

static bool
next_known(const struct reader *r)
{
	return scan_next_known(&r->scan);
}

/*
 * Search on until the match after the current one has been found, or the scan has passed
 * the end of the page: n going forward needs no more (only wrapping round needs it all).
 * False if the user gave up waiting.
 */
static bool
scan_past(struct reader *r)
{
	bool done;

	if (r->scan.re == NULL || next_known(r))
		return true;
	search_set_budget(r->scan.re, SEARCH_BUDGET_MS);
	done = reader_wait(r, next_known);
	search_clear_budget(r->scan.re);
	return done;
}

/* Compile pattern (smart case) into the reader's search; false after a message. */
static bool
compile(struct reader *r, const char *pattern)
{
	char *error;

	r->want_first = false;
	if (!scan_compile(&r->scan, pattern, &error)) {
		if (error != NULL)
			reader_message(r, true, "%s", error);
		free(error);
		return false;
	}
	r->message[0] = '\0';
	find_recompute(r);
	return true;
}

static struct pos
match_pos(struct reader *r, size_t m)
{
	return scan_match_pos(&r->scan, &r->page, m);
}

/* Make match m the current one, and show it. */
void
find_show_match(struct reader *r, size_t m)
{
	scan_select(&r->scan, m);
	reader_show_line(r, match_pos(r, m));
}

/*
 * Select the first match from the origin (backward: the last before it), once the scan
 * has reached it; until then, want_first stays set and the next slice tries again.
 */
static void
pick_first(struct reader *r)
{
	size_t m;

	r->want_first = false;
	m = scan_match_from(&r->scan, &r->page, r->origin, r->backward);
	if (m == SIZE_MAX && find_scanning(r)) {
		r->want_first = true;
		return;
	}
	if (m == SIZE_MAX && r->scan.nmatches != 0)
		m = r->backward ? r->scan.nmatches - 1 : 0; /* wrap around */
	if (m != SIZE_MAX)
		find_show_match(r, m);
}

/* Start a search prompt, forward or backward from the top of the screen. */
void
find_start(struct reader *r, bool backward)
{
	free(r->saved_pattern);
	r->saved_pattern = r->scan.pattern != NULL ? xstrdup(r->scan.pattern) : NULL;
	r->saved_backward = r->backward;
	r->saved_cur = r->scan.has_cur ? r->scan.cur : SIZE_MAX;
	r->backward = backward;
	r->origin = r->top;
	prompt_start(r, PROMPT_SEARCH, &r->search_history);
}

/* As the pattern is typed: highlight every match and show the first from the origin. */
void
find_update(struct reader *r)
{
	char *text = prompt_text(r);

	r->top = r->origin;
	if (compile(r, text))
		pick_first(r);
	reader_show_line(r, r->top);
	free(text);
}

/* Enter keeps the search and where it went; Escape restores the search and position before. */
void
find_finish(struct reader *r, bool keep)
{
	char *text = prompt_text(r);
	struct pos there = r->top;

	if (!keep || *text == '\0' || r->scan.re == NULL) {
		char error[sizeof r->message];
		bool invalid = keep && *text != '\0';

		snprintf(error, sizeof error, "%s", r->message);
		r->top = r->origin;
		r->backward = r->saved_backward;
		if (r->saved_pattern != NULL)
			compile(r, r->saved_pattern), find_complete_scan(r);
		else
			set_pattern(r, NULL);
		if (r->saved_cur < r->scan.nmatches)
			scan_select(&r->scan, r->saved_cur);
		if (invalid)
			reader_message(r, true, "%s", error);
		else
			r->message[0] = '\0';
	} else {
		strlist_add(&r->search_history, text);
		r->top = r->origin;
		reader_jump(r, there);
		if (r->scan.nmatches == 0 && !find_scanning(r))
			reader_message(r, true, _("Pattern not found: %s"), text);
	}
	free(r->saved_pattern);
	r->saved_pattern = NULL;
	free(text);
}

/* n and N: the next match in the search's direction (reverse: the other way), wrapping. */
void
find_next(struct reader *r, bool reverse)
{
	bool backward = r->backward != reverse;
	size_t m;
	bool cur_shown;

	if (r->scan.re == NULL) {
		reader_message(r, true, _("no search yet: type / and a pattern"));
		return;
	}
	cur_shown = r->scan.has_cur && reader_shows(r, match_pos(r, r->scan.cur));
	/*
	 * A scan under way holds every match from its origin up to where it has reached, in
	 * order: the neighbour of a visible current match there needs no more than the scan
	 * going on to the next one; anything else (a wrap, N before the origin) needs it all.
	 */
	if (cur_shown && !backward && !scan_past(r))
		return;
	if (!(cur_shown && (backward ? r->scan.cur > 0 : r->scan.cur + 1 < r->scan.nmatches))) {
		if (!find_complete_scan(r))
			return;
		cur_shown = r->scan.has_cur && reader_shows(r, match_pos(r, r->scan.cur));
	}
	if (r->scan.nmatches == 0) {
		reader_message(r, true, _("Pattern not found: %s"), r->scan.pattern);
		return;
	}
	if (cur_shown)
		m = backward ? (r->scan.cur == 0 ? SIZE_MAX : r->scan.cur - 1) :
		    (r->scan.cur + 1 < r->scan.nmatches ? r->scan.cur + 1 : SIZE_MAX);
	else
		m = scan_match_from(&r->scan, &r->page, r->top, backward);
	if (m == SIZE_MAX) {
		m = backward ? r->scan.nmatches - 1 : 0;
		reader_message(r, false, "%s", backward ? _("search wrapped to the end") :
		    _("search wrapped to the beginning"));
	}
	reader_push_jump(r);
	find_show_match(r, m);
}

/* Free the search state. */
void
find_free(struct reader *r)
{
	scan_free(&r->scan);
	free(r->saved_pattern);
}
