/* reader.c: the reader's main loop, screen layout, reading pane, status line and actions. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader/reader_int.h"

#define OUTLINE_MAX_WIDTH 36
#define NARROW_BELOW 80   /* columns: under this, one pane at a time */
#define SCROLL_WHEEL 3
#define BACKGROUND_SLICE_MS 30 /* between redraws, while nothing is typed */
#define BACKGROUND_STEP_MS 2   /* between looks for a key */
#define COUNT_AT_ONCE_BYTES (1 << 20) /* a page this size is counted whole on every resize */

static volatile sig_atomic_t got_signal, got_tstp;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
on_tstp(int sig)
{
	(void)sig;
	got_tstp = 1; /* the main loop suspends: restoring the terminal is not signal-safe */
}

static void
catch_tstp(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_tstp;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, NULL);
}

/* Restore the terminal, stop until continued, then repaint everything. */
static void
suspend(void)
{
	endwin();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP); /* stopped here until SIGCONT */
	catch_tstp();
	got_tstp = 0;
	clearok(curscr, TRUE);
}

static void
restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* Whether a signal asks the reader to stop: long loops check it and give up. */
bool
reader_interrupted(void)
{
	return got_signal != 0;
}

/*
 * Test synchronisation. With PLANVIEW_TEST_SYNC set, the reader takes a key of its own,
 * SYNC_SEQUENCE, that no terminal sends: reading it means every key typed before it has
 * been taken (and the screen drawn since), so it answers by setting the terminal title
 * to "planview-sync N COLSxLINES" (N counts the sync keys). A screen test sends it after
 * its keys and waits for the answer, and after a resize waits for the new size: it waits
 * for states, never for time. The title travels in the output after what was drawn, so
 * once the terminal shows it, the screen is there too.
 */
#define SYNC_SEQUENCE "\033[9999~"
#define KEY_SYNC (KEY_MAX + 1)

static struct {
	bool on;
	unsigned count;   /* sync keys read */
	int cols, lines;  /* the size last answered */
} test_sync;

static void
sync_start(void)
{
	const char *v = getenv("PLANVIEW_TEST_SYNC");

	test_sync.on = v != NULL && *v != '\0';
	if (test_sync.on)
		define_key(SYNC_SEQUENCE, KEY_SYNC);
	test_sync.cols = test_sync.lines = -1;
}

static void
sync_answer(void)
{
	char title[64];
	int n;

	test_sync.cols = COLS;
	test_sync.lines = LINES;
	n = snprintf(title, sizeof title, "\033]2;planview-sync %u %dx%d\033\\", test_sync.count,
	    COLS, LINES);
	fflush(stdout);
	if (write(STDOUT_FILENO, title, (size_t)n) != n)
		return; /* the test sees no answer and says so */
}

/* After a draw: a new size is answered once it is on screen. */
static void
sync_drawn(void)
{
	if (test_sync.on && (COLS != test_sync.cols || LINES != test_sync.lines))
		sync_answer();
}

/* The document a block (by its doc index) belongs to. */
struct document *
reader_doc(const struct reader *r, size_t doc)
{
	return r->docs[doc < r->ndocs ? doc : 0];
}

/* Show a message (or an error) in the message line until the next key. */
void
reader_message(struct reader *r, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->message, sizeof r->message, fmt, ap);
	va_end(ap);
	r->message_is_error = error;
}

static const struct {
	short fg, bg;
	attr_t mono;  /* without colour */
	attr_t extra; /* with colour, on top of the pair */
} styles[] = {
	[STYLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[STYLE_CHAPTER] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[STYLE_CLAUSE] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[STYLE_RESP] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[STYLE_MISSING] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[STYLE_BYLINE] = { -1, -1, A_DIM, A_DIM },
	[STYLE_MATCH] = { COLOR_BLACK, COLOR_YELLOW, A_REVERSE, A_NORMAL },
	[STYLE_CURRENT] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE | A_UNDERLINE, A_BOLD },
	[STYLE_DEPT] = { COLOR_MAGENTA, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[STYLE_BAR] = { -1, -1, A_REVERSE, A_REVERSE },
	[STYLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[STYLE_SELECTED] = { -1, -1, A_REVERSE, A_REVERSE },
};

static void
init_styles(struct reader *r)
{
	if (!r->opt.color || !has_colors()) {
		r->opt.color = false;
		return;
	}
	start_color();
	use_default_colors();
	for (short i = 1; i < (short)(sizeof styles / sizeof styles[0]); i++)
		init_pair(i, styles[i].fg, styles[i].bg);
}

/* The attributes that draw a style: colour and emphasis, or emphasis alone. */
attr_t
style_attr(const struct reader *r, enum style s)
{
	if (!r->opt.color)
		return styles[s].mono;
	return styles[s].extra | (s != STYLE_NORMAL && (styles[s].fg != -1 || styles[s].bg != -1) ?
	    COLOR_PAIR(s) : 0);
}

/*
 * Where characters go on a line. ncurses places a character by wcwidth(), where an East
 * Asian ambiguous one takes one column; a terminal that draws it two wide puts everything
 * after it one column further right. So with --ambiguous-wide: lines are measured at the
 * terminal's widths (phys) but drawn contiguously in ncurses' columns (model), and such a
 * line is repainted whole, so that no cursor movement inside it can land wrong.
 */
struct pen {
	WINDOW *w;
	int y;
	int model, phys, limit;
	bool amb_wide, saw_amb;
};

static bool ambiguous_wide;

static bool
pen_put(struct pen *p, uint32_t cp, attr_t attr)
{
	wchar_t wc[2] = { (wchar_t)cp, 0 };
	int mw = cp_width(cp, false), pw = cp_width(cp, p->amb_wide);
	cchar_t cc;

	if (p->phys + pw > p->limit)
		return false;
	if (mw == 0)
		return true; /* sanitized text has no stray zero-width characters: skip any mark */
	setcchar(&cc, wc, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
	mvwadd_wch(p->w, p->y, p->model, &cc);
	p->saw_amb |= pw != mw;
	p->model += mw;
	p->phys += pw;
	return true;
}

static void
pen_done(struct pen *p)
{
	if (p->saw_amb)
		wredrawln(p->w, p->y, 1);
}

static struct pen
pen_at(WINDOW *w, int y, int x, int maxw)
{
	struct pen p = { w, y, x, x, x + maxw, ambiguous_wide, false };

	return p;
}

/* Draw s (made safe first) at (y, x), at most maxw columns; returns the columns used. */
int
draw_str(WINDOW *w, int y, int x, const char *s, int maxw, attr_t attr)
{
	struct buf b = { 0 };
	struct pen p;
	size_t i = 0;
	uint32_t cp;

	if (w == NULL || s == NULL)
		return 0;
	p = pen_at(w, y, x, maxw);
	utf8_sanitize(&b, s, strlen(s));
	while (i < b.len) {
		i += utf8_decode(b.s + i, b.len - i, &cp);
		if (!pen_put(&p, cp, attr))
			break;
	}
	pen_done(&p);
	buf_free(&b);
	return p.model - x;
}

static enum style
block_style(const struct block *b)
{
	switch (b->kind) {
	case BLOCK_DOCTITLE:
	case BLOCK_CHAPTER:
		return STYLE_CHAPTER;
	case BLOCK_CLAUSE:
		return STYLE_CLAUSE;
	case BLOCK_RESP:
		return STYLE_RESP; /* a missing lead inside is marked by char_attr() */
	case BLOCK_NORESP:
		return STYLE_MISSING;
	case BLOCK_BYLINE:
		return STYLE_BYLINE;
	default:
		return STYLE_NORMAL;
	}
}

/* The style of byte `at` of a block: a search match, the filtered department, or plain. */
static attr_t
char_attr(const struct reader *r, const struct block *b, size_t at, size_t m0, size_t m1)
{
	static const char missing[] = "（原文缺失）";
	const char *hit;

	for (size_t m = m0; m < m1; m++)
		if (at >= r->matches[m].start && at < r->matches[m].end)
			return style_attr(r, r->has_cur && m == r->cur ? STYLE_CURRENT : STYLE_MATCH);
	if (b->kind == BLOCK_RESP && (hit = strstr(b->text, missing)) != NULL &&
	    at >= (size_t)(hit - b->text) && at < (size_t)(hit - b->text) + strlen(missing))
		return style_attr(r, STYLE_MISSING);
	if (r->filter != NULL && b->kind == BLOCK_RESP) {
		size_t n = strlen(r->filter);

		for (hit = strstr(b->text, r->filter); hit != NULL; hit = strstr(hit + n, r->filter))
			if (at >= (size_t)(hit - b->text) && at < (size_t)(hit - b->text) + n)
				return style_attr(r, STYLE_DEPT);
	}
	return style_attr(r, block_style(b));
}

static void
draw_vline(struct reader *r, int y, const struct vline *l)
{
	const struct block *b;
	struct pen p;
	size_t i, m0, m1;
	uint32_t cp;

	if (l->block == SIZE_MAX)
		return;
	b = &r->page.blocks[l->block];
	find_line_matches(r, l->block, &m0, &m1); /* none yet where the scan has not been */
	p = pen_at(r->text, y, l->indent, r->text_cols - l->indent);
	for (i = l->start; i < l->end;) {
		size_t n = utf8_decode(b->text + i, l->end - i, &cp);

		if (!pen_put(&p, cp, char_attr(r, b, i, m0, m1)))
			break;
		i += n;
	}
	pen_done(&p);
}

static void
draw_text(struct reader *r)
{
	struct pos at = r->top;
	struct vline l;

	werase(r->text);
	for (int y = 0; y < r->text_rows && page_row(&r->page, at, &l); y++) {
		draw_vline(r, y, &l);
		if (page_step(&r->page, &at, 1) == 0)
			break;
	}
}

/* The block the reading position is in (a blank row at the top belongs to the block after it). */
size_t
reader_current_block(const struct reader *r)
{
	return r->top.block < r->page.nblocks ? r->top.block : SIZE_MAX;
}

static void
draw_title(struct reader *r)
{
	struct buf t = { 0 };

	if (r->title == NULL)
		return;
	wbkgdset(r->title, ' ' | style_attr(r, STYLE_BAR));
	werase(r->title);
	{
		size_t bi = reader_current_block(r);

		text_title_line(&t, reader_doc(r, bi != SIZE_MAX ? r->page.blocks[bi].doc : 0));
	}
	draw_str(r->title, 0, 1, t.s, getmaxx(r->title) - 2, style_attr(r, STYLE_BAR) | A_BOLD);
	buf_free(&t);
}

/* How far loading has got: of the document loading, and which of how many. */
static void
loading_text(const struct reader *r, char *out, size_t size)
{
	int pct = r->loader != NULL ? (int)(loader_progress(r->loader) * 100) : 0;
	bool on_page = r->loader != NULL && r->loading_doc != SIZE_MAX;
	size_t total = r->ndocs + (r->loader != NULL && !on_page) + r->nfiles_left;

	if (r->titled)
		snprintf(out, size, _("loading %zu/%zu %d%%"), on_page ? r->loading_doc + 1 :
		    r->ndocs + 1, total, pct);
	else
		snprintf(out, size, _("loading %d%%"), pct);
}

/*
 * All, Top, Bot, or how far down the screen's last row is. Until every block has been
 * counted at this width (a large page, just opened or resized), the figure is an
 * estimate by blocks, marked with ~. While loading, how far that has got.
 */
static void
position_text(struct reader *r, char *out, size_t size)
{
	struct pos last = r->top;
	size_t rows = (size_t)r->text_rows, index;
	bool at_end, at_top = r->top.block == 0 && r->top.row == 0;

	if (!reader_loaded(r)) {
		loading_text(r, out, size);
		return;
	}
	index = page_index(&r->page, r->top);
	at_end = page_step(&r->page, &last, (long)rows) < rows;
	if (at_top && at_end)
		snprintf(out, size, "All");
	else if (at_top)
		snprintf(out, size, "Top");
	else if (at_end)
		snprintf(out, size, "Bot");
	else if (index != SIZE_MAX)
		snprintf(out, size, "%zu%%", (index + rows) * 100 / page_total_rows(&r->page));
	else
		snprintf(out, size, "~%zu%%", (r->top.block + 1) * 100 / r->page.nblocks);
}

/* The breadcrumb: chapter heading › clause number of the reading position. */
static void
breadcrumb(const struct reader *r, struct buf *b)
{
	size_t bi = reader_current_block(r);
	const struct document *d;
	const struct block *blk;

	if (bi == SIZE_MAX)
		return;
	blk = &r->page.blocks[bi];
	d = reader_doc(r, blk->doc);
	if (blk->chapter != SIZE_MAX)
		text_chapter_heading(b, d, &d->chapters[blk->chapter]);
	if (blk->clause != SIZE_MAX) {
		buf_puts(b, " › ");
		text_clause_number(b, d, &d->clauses[blk->clause]);
	}
}

static void
draw_status(struct reader *r)
{
	struct buf left = { 0 }, right = { 0 };
	char pos[64];
	int cols, rw;

	if (r->status == NULL)
		return;
	cols = getmaxx(r->status);
	wbkgdset(r->status, ' ' | style_attr(r, STYLE_BAR));
	werase(r->status);
	if ((r->mode == RMODE_PROMPT || r->mode == RMODE_PICKER) && r->message[0] != '\0')
		buf_puts(&left, r->message); /* an error while typing: the prompt keeps its line */
	else
		breadcrumb(r, &left);
	if (r->filter != NULL)
		buf_printf(&right, "[牵头 %s] ", r->filter);
	if (r->pattern != NULL && r->re != NULL)
		buf_printf(&right, find_scanning(r) ? "%zu+ " : "%zu/%zu ", find_scanning(r) ?
		    r->nmatches + r->nwrapped : (size_t)(r->has_cur ? r->cur + 1 : 0), r->nmatches);
	position_text(r, pos, sizeof pos);
	buf_puts(&right, pos);
	rw = (int)utf8_width(right.s, right.len, false);
	draw_str(r->status, 0, 1, left.s, cols - rw - 3, style_attr(r, STYLE_BAR));
	draw_str(r->status, 0, cols - rw - 1 > 0 ? cols - rw - 1 : 0, right.s, rw,
	    style_attr(r, STYLE_BAR));
	buf_free(&left);
	buf_free(&right);
}

static void
draw_cmd(struct reader *r)
{
	if (r->cmd == NULL)
		return;
	werase(r->cmd);
	if (r->mode == RMODE_PROMPT || r->mode == RMODE_PICKER) {
		prompt_draw(r); /* an error while typing shows on the status line instead */
		return;
	}
	if (r->message[0] != '\0')
		draw_str(r->cmd, 0, 0, r->message, getmaxx(r->cmd),
		    style_attr(r, r->message_is_error ? STYLE_ERROR : STYLE_NORMAL));
	else if (r->load_error[0] != '\0')
		draw_str(r->cmd, 0, 0, r->load_error, getmaxx(r->cmd), style_attr(r, STYLE_ERROR));
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
delete_windows(struct reader *r)
{
	WINDOW **ws[] = { &r->title, &r->outline, &r->text, &r->status, &r->cmd };

	for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
		if (*ws[i] != NULL)
			delwin(*ws[i]);
		*ws[i] = NULL;
	}
}

/* Cut the screen into title, panes, status and message lines for its current size. */
static void
layout_windows(struct reader *r)
{
	int lines = LINES, cols = COLS, y, content, ow;
	bool has_title = lines >= 5, has_status = lines >= 3, has_cmd = lines >= 2;

	delete_windows(r);
	if (cols < 1)
		cols = 1;
	content = lines - has_title - has_status - has_cmd;
	if (content < 1)
		content = 1;
	r->narrow = cols < NARROW_BELOW;
	ow = cols / 3 < OUTLINE_MAX_WIDTH ? cols / 3 : OUTLINE_MAX_WIDTH;
	y = has_title;
	r->title = has_title ? newwin(1, cols, 0, 0) : NULL;
	if (r->narrow) {
		r->outline = newwin(content, cols, y, 0);
		r->text = newwin(content, cols, y, 0);
	} else {
		r->outline = newwin(content, ow, y, 0);
		r->text = newwin(content, cols - ow, y, ow);
	}
	r->status = has_status ? newwin(1, cols, y + content, 0) : NULL;
	r->cmd = has_cmd ? newwin(1, cols, lines - 1, 0) : NULL;
	if (r->text == NULL || r->outline == NULL)
		fatal("cannot create windows for a %dx%d terminal", cols, lines);
	getmaxyx(r->text, r->text_rows, r->text_cols);
	r->olist.n = r->norows;
	list_clamp(&r->olist, content);
}

/* The top row that shows the end of the page at the bottom of the pane. */
static struct pos
max_top(struct reader *r)
{
	struct pos p = page_last(&r->page);

	page_step(&r->page, &p, -(long)(r->text_rows > 1 ? r->text_rows - 1 : 0));
	return p;
}

static void
set_top(struct reader *r, struct pos top)
{
	struct pos end = max_top(r);

	r->top = pos_cmp(top, end) > 0 ? end : top;
	outline_follow(r);
}

static const struct pos top_of_page = { 0, 0 };

/* Whether a row is on screen. */
bool
reader_shows(struct reader *r, struct pos p)
{
	return page_distance(&r->page, r->top, p, (size_t)r->text_rows) < (size_t)r->text_rows;
}

/*
 * Wrap at the pane's width from now on. A small page is counted at once; a large one in
 * slices between keys (background_work()), so a resize costs only what is on screen.
 */
static void
layout_page(struct reader *r)
{
	page_layout(&r->page, r->text_cols > 2 ? r->text_cols - 1 : 1, r->opt.ambiguous_wide);
	if (r->page.bytes <= COUNT_AT_ONCE_BYTES)
		page_count(&r->page, -1);
}

/* Re-wrap the page to the pane's width, keeping the reading position. */
void
reader_relayout(struct reader *r)
{
	size_t block = reader_current_block(r), at = 0;
	struct vline l;

	if (block != SIZE_MAX && page_row(&r->page, r->top, &l) && l.block == block)
		at = l.start;
	layout_page(r);
	set_top(r, block == SIZE_MAX ? top_of_page : page_pos_of(&r->page, block, at));
}

/* Rebuild the page (after the filter changed) and everything derived from it. */
void
reader_rebuild(struct reader *r)
{
	page_free(&r->page);
	page_build_docs(&r->page, r->docs, r->ndocs, r->filter, r->titled);
	layout_page(r);
	r->top = top_of_page;
	outline_build(r);
	find_recompute(r);
	set_top(r, top_of_page);
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

/* Scroll so that a row is shown, a third of the way down when it was off screen. */
void
reader_show_line(struct reader *r, struct pos line)
{
	if (reader_shows(r, line))
		return;
	page_step(&r->page, &line, -(long)(r->text_rows / 3));
	set_top(r, line);
}

static struct anchor
current_anchor(const struct reader *r)
{
	size_t bi = reader_current_block(r);
	struct anchor a = { 0, SIZE_MAX, SIZE_MAX };

	if (bi != SIZE_MAX) {
		a.doc = r->page.blocks[bi].doc;
		a.chapter = r->page.blocks[bi].chapter;
		a.clause = r->page.blocks[bi].clause;
	}
	return a;
}

static bool
go_anchor(struct reader *r, struct anchor a)
{
	size_t bi = a.clause != SIZE_MAX ? page_block_of_clause(&r->page, a.doc, a.clause) :
	    a.chapter != SIZE_MAX ? page_block_of_chapter(&r->page, a.doc, a.chapter) : 0;

	if (bi == SIZE_MAX)
		return false;
	set_top(r, page_block_start(&r->page, bi));
	return true;
}

/* Record the reading position in the jump history before a jump. */
void
reader_push_jump(struct reader *r)
{
	if (r->njumps == 0) {
		r->jumps = xgrow(NULL, 0, sizeof *r->jumps);
		r->njumps = 1;
		r->jump_pos = 0;
	}
	r->jumps[r->jump_pos] = current_anchor(r);
	r->njumps = r->jump_pos + 1;
}

/* Jump to a row, remembering where we were for back/forward. */
void
reader_jump(struct reader *r, struct pos line)
{
	reader_push_jump(r);
	set_top(r, line);
	r->jumps = xgrow(r->jumps, r->njumps, sizeof *r->jumps);
	r->jumps[r->njumps++] = current_anchor(r);
	r->jump_pos = r->njumps - 1;
}

static bool
on_outline(const struct reader *r)
{
	return r->focus == PANE_OUTLINE;
}

static void
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

/* Go to a clause the user named; used by the goto prompt. */
void
reader_goto(struct reader *r, const char *spec)
{
	int n = clause_spec_parse(spec);
	const struct clause *c = NULL;
	size_t bi, here = reader_current_block(r), doc;

	if (n <= 0) {
		reader_message(r, true, _("'%s' is not a clause number (try 23, 二十三 or (二十三))"), spec);
		return;
	}
	/* in the document being read; failing that, the first that has it */
	doc = here != SIZE_MAX ? r->page.blocks[here].doc : 0;
	if ((c = document_find_clause(reader_doc(r, doc), n)) == NULL)
		for (doc = 0; doc < r->ndocs && c == NULL; doc++)
			if ((c = document_find_clause(r->docs[doc], n)) != NULL)
				break;
	if (c == NULL) {
		char *num = numeral_format(n);

		reader_message(r, true, _("there is no clause %s"), num);
		free(num);
		return;
	}
	if ((bi = page_block_of_clause(&r->page, doc,
	    (size_t)(c - reader_doc(r, doc)->clauses))) == SIZE_MAX) {
		reader_message(r, true, _("clause %s is hidden by the filter %s (D clears it)"),
		    c->numeral, r->filter);
		return;
	}
	reader_jump(r, page_block_start(&r->page, bi));
}

static void
history_step(struct reader *r, int dir)
{
	if (r->njumps == 0 || (dir < 0 ? r->jump_pos == 0 : r->jump_pos + 1 >= r->njumps)) {
		reader_message(r, false, "%s", dir < 0 ? _("no earlier position") :
		    _("no later position"));
		return;
	}
	r->jumps[r->jump_pos] = current_anchor(r);
	r->jump_pos = dir < 0 ? r->jump_pos - 1 : r->jump_pos + 1;
	if (!go_anchor(r, r->jumps[r->jump_pos]))
		reader_message(r, true, _("that position is hidden by the filter"));
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
	suspend();
}

/*
 * Positions and bookmarks kept between sessions (state.c). A place is a clause number and
 * the characters into that clause's text on the page, so that it survives edits elsewhere
 * in the document and any terminal width: clause 0 is the beginning, offset -1 the chapter
 * heading just before the clause.
 */
static void
place_of_top(struct reader *r, int *number, int *offset)
{
	size_t bi = reader_current_block(r), start = 0;
	const struct block *b;
	struct vline l;

	*number = *offset = 0;
	if (bi == SIZE_MAX)
		return;
	if (page_row(&r->page, r->top, &l) && l.block == bi)
		start = l.start;
	b = &r->page.blocks[bi];
	if (b->doc != 0)
		return; /* state is kept for the first document; others read from the start */
	if (b->kind == BLOCK_CHAPTER && bi + 1 < r->page.nblocks &&
	    r->page.blocks[bi + 1].clause != SIZE_MAX) {
		*number = r->doc->clauses[r->page.blocks[bi + 1].clause].number;
		*offset = -1;
		return;
	}
	if (b->clause == SIZE_MAX)
		return;
	*number = r->doc->clauses[b->clause].number;
	*offset = (int)utf8_chars(b->text, start);
	for (size_t j = bi; j > 0 && r->page.blocks[j - 1].clause == b->clause; j--)
		*offset += (int)utf8_chars(r->page.blocks[j - 1].text, r->page.blocks[j - 1].len);
}

/* The clause with the smallest number above n, or NULL. */
static const struct clause *
clause_after(const struct document *doc, int n)
{
	const struct clause *best = NULL;

	for (size_t i = 0; i < doc->nclauses; i++) {
		const struct clause *c = &doc->clauses[i];

		if (c->number > n && (best == NULL || c->number < best->number))
			best = c;
	}
	return best;
}

/*
 * The row showing a place in *out, or false (with a message, unless the clause is gone
 * and there is no fallback). With fallback, a clause that is gone gives the next one.
 */
static bool
pos_of_place(struct reader *r, int number, int offset, bool fallback, struct pos *out)
{
	const struct clause *c = number > 0 ? document_find_clause(r->doc, number) : NULL;
	size_t bi, ci, at;
	char *gone;

	*out = top_of_page;
	if (number <= 0)
		return true;
	if (c == NULL) {
		if (!fallback)
			return false;
		gone = numeral_format(number);
		if ((c = clause_after(r->doc, number)) == NULL) {
			reader_message(r, false, _("clause %s is no longer in the document: "
			    "at the end instead"), gone);
			free(gone);
			*out = max_top(r);
			return true;
		}
		reader_message(r, false, _("clause %s is no longer in the document: at %s, the next "
		    "one"), gone, c->numeral);
		free(gone);
		offset = 0;
	}
	ci = (size_t)(c - r->doc->clauses);
	if ((bi = page_block_of_clause(&r->page, 0, ci)) == SIZE_MAX) { /* state: document 0 */
		reader_message(r, true, _("clause %s is hidden by the filter %s (D clears it)"),
		    c->numeral, r->filter);
		return false;
	}
	if (offset < 0) { /* the chapter heading, if it is just before */
		*out = page_block_start(&r->page, bi > 0 &&
		    r->page.blocks[bi - 1].kind == BLOCK_CHAPTER ? bi - 1 : bi);
		return true;
	}
	for (; bi + 1 < r->page.nblocks && r->page.blocks[bi + 1].clause == ci; bi++) {
		size_t n = utf8_chars(r->page.blocks[bi].text, r->page.blocks[bi].len);

		if ((size_t)offset < n)
			break;
		offset -= (int)n;
	}
	for (at = 0; offset > 0 && at < r->page.blocks[bi].len; offset--) {
		uint32_t cp;

		at += utf8_decode(r->page.blocks[bi].text + at, r->page.blocks[bi].len - at, &cp);
	}
	*out = page_pos_of(&r->page, bi, at);
	return true;
}

static keycode read_key(bool);

/* Whether a key (or a mouse event) waits in the terminal: work between keys gives way. */
static bool
key_waiting(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return got_signal != 0 || poll(&p, 1, 0) > 0;
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
static void
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
static void
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
static bool
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
static void
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

static bool
is_cancel_key(keycode k)
{
	return k == 27 || k == 3 || k == 7; /* Escape, C-c, C-g */
}

static void background_work(struct reader *);

/*
 * Do the work between keys now, until `done` holds, for an action that needs it done
 * (all of the document, or all of a search), drawing its progress; keys typed meanwhile
 * wait their turn. Escape, C-c or C-g give up the wait and the action; the work goes on
 * between keys. Whether done holds.
 */
bool
reader_wait(struct reader *r, bool (*done)(const struct reader *))
{
	while (!done(r) && got_signal == 0) {
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

/* Whether every document is whole (for reader_wait()). */
bool
reader_loaded(const struct reader *r)
{
	return r->loader == NULL && r->nfiles_left == 0;
}

/* Draw, then wait for a key, handling resizes and suspends meanwhile; -1 on a signal. */
static keycode
wait_key(struct reader *r)
{
	keycode k;

	for (;;) {
		draw(r);
		while ((k = read_key(false)) == -1 && got_signal == 0 && got_tstp == 0)
			;
		if (got_signal != 0)
			return -1;
		if (got_tstp != 0)
			suspend();
		else if (k == KEYC_RESIZE)
			resize(r);
		else
			return k;
	}
}

/* Read the letter that names a mark; 0 when cancelled or refused (with a message). */
static int
mark_letter(struct reader *r, const char *what)
{
	keycode k;
	char *name;
	MEVENT ev;

	reader_message(r, false, _("%s: press a letter"), what);
	k = wait_key(r);
	r->message[0] = '\0';
	if (k == KEYC_MOUSE)
		getmouse(&ev);
	if (k == -1 || k == 27 || k == 7 || k == 3 || k == KEYC_MOUSE)
		return 0;
	if ((k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z'))
		return k;
	name = keycode_name(k);
	reader_message(r, true, _("%s is not a letter: marks are named a-z and A-Z"), name);
	free(name);
	return 0;
}

static void
act_set_mark(struct reader *r)
{
	int letter = mark_letter(r, _("set mark")), number, offset;
	const struct clause *c;
	struct buf where = { 0 };
	char *why = NULL;

	if (letter == 0)
		return;
	place_of_top(r, &number, &offset);
	if ((c = document_find_clause(r->doc, number)) != NULL)
		text_clause_number(&where, r->doc, c);
	else
		buf_puts(&where, _("the beginning"));
	state_set_mark(r->state, letter, number, offset);
	if (state_problem(r->state) != NULL) {
		reader_message(r, false, _("mark %c set at %s, for this session only: the state file "
		    "could not be read"), letter, where.s);
	} else if (state_save(r->state, &why) == -1) {
		reader_message(r, true, _("mark %c set, but not saved: %s"), letter, why);
		free(why);
	} else {
		reader_message(r, false, _("mark %c set at %s"), letter, where.s);
	}
	buf_free(&where);
}

static void
act_goto_mark(struct reader *r)
{
	int letter = mark_letter(r, _("go to mark")), number, offset;
	struct pos line;

	if (letter == 0)
		return;
	if (!state_mark(r->state, letter, &number, &offset)) {
		reader_message(r, true, _("mark %c is not set"), letter);
		return;
	}
	if (pos_of_place(r, number, offset, true, &line))
		reader_jump(r, line);
}

/* Load the state file, go back to where this document was left, and take its searches. */
static void
state_start(struct reader *r)
{
	struct diags d = { 0 };
	char *file = state_file();
	const struct strlist *h;
	int number, offset;
	struct pos line;

	r->state = state_load(file, &d);
	free(file);
	diags_free(&d);
	state_open_document(r->state, r->doc);
	if (state_position(r->state, &number, &offset)) {
		if (pos_of_place(r, number, offset, false, &line))
			set_top(r, line);
		else if (first_doc_loading(r)) /* not loaded yet: see resume_when_loaded() */
			r->resume_number = number, r->resume_offset = offset;
	}
	h = state_searches(r->state);
	for (size_t i = 0; i < h->n; i++)
		strlist_add(&r->search_history, h->v[i]);
	r->searches_loaded = h->n;
	if (state_problem(r->state) != NULL && r->message[0] == '\0')
		reader_message(r, true, _("%s; nothing is saved this session"),
		    state_problem(r->state));
}

/* Save the reading position and the new searches; what cannot be saved is said on stderr. */
static void
state_finish(struct reader *r)
{
	int number, offset;
	char *why = NULL;

	place_of_top(r, &number, &offset);
	state_set_position(r->state, number, offset);
	for (size_t i = r->searches_loaded; i < r->search_history.n; i++)
		state_add_search(r->state, r->search_history.v[i]);
	if (state_save(r->state, &why) == -1) {
		fprintf(stderr, _("%s: warning: "), progname);
		fputs_safe(why, stderr, true);
		fputc('\n', stderr);
		free(why);
	}
	state_free(r->state);
	r->state = NULL;
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

/* The keys the reader names are ncurses' under KEYC_FKEY: read_key() passes them on as they come. */
_Static_assert(KEYC_DOWN == (KEYC_FKEY | KEY_DOWN) && KEYC_UP == (KEYC_FKEY | KEY_UP) &&
    KEYC_LEFT == (KEYC_FKEY | KEY_LEFT) && KEYC_RIGHT == (KEYC_FKEY | KEY_RIGHT) &&
    KEYC_HOME == (KEYC_FKEY | KEY_HOME) && KEYC_BACKSPACE == (KEYC_FKEY | KEY_BACKSPACE) &&
    KEYC_F0 == (KEYC_FKEY | KEY_F0) && KEYC_DC == (KEYC_FKEY | KEY_DC) &&
    KEYC_NPAGE == (KEYC_FKEY | KEY_NPAGE) && KEYC_PPAGE == (KEYC_FKEY | KEY_PPAGE) &&
    KEYC_BTAB == (KEYC_FKEY | KEY_BTAB) && KEYC_END == (KEYC_FKEY | KEY_END) &&
    KEYC_MOUSE == (KEYC_FKEY | KEY_MOUSE) && KEYC_RESIZE == (KEYC_FKEY | KEY_RESIZE),
    "the key codes of reader.h are ncurses' KEY_* under KEYC_FKEY");

/* Read a key: characters as themselves, ncurses codes with KEYC_FKEY, Escape+x as M-x. */
static keycode
read_key(bool busy)
{
	wint_t wc, next;
	int rc;

	timeout(busy ? 0 : 250);
	rc = get_wch(&wc);

	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES && wc == KEY_SYNC) {
		test_sync.count++;
		sync_answer();
		return -1;
	}
	if (rc == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\r';
		return KEYC_FKEY | (keycode)wc;
	}
	if (wc == '\n')
		return '\r';
	if (wc == 127 || wc == 8)
		return KEYC_BACKSPACE;
	if (wc == 27) {
		nodelay(stdscr, TRUE);
		rc = get_wch(&next);
		nodelay(stdscr, FALSE);
		timeout(250);
		if (rc == OK && next != 27)
			return KEYC_META | (next == '\n' ? '\r' : (keycode)next);
		if (rc == KEY_CODE_YES && next == KEY_SYNC)
			ungetch(KEY_SYNC); /* Escape alone, then the sync key */
		else if (rc == KEY_CODE_YES)
			return KEYC_META | KEYC_FKEY | (keycode)next;
	}
	return (keycode)wc;
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
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	catch_tstp();
}

static SCREEN *screen;

static void
start_curses(struct reader *r)
{
	install_signals();
	if ((screen = newterm(NULL, stdout, stdin)) == NULL)
		fatal("cannot use terminal type '%s'", getenv("TERM") ? getenv("TERM") : "");
	fatal_hook = restore_terminal;
	raw(); /* C-c, C-z, C-s and C-q arrive as keys, to bind like any other */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(250);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	init_styles(r);
	curs_set(0);
	refresh();
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
	r.scan_next = SIZE_MAX; /* no search under way */
	r.lib = lib;
	r.doc = lib->docs[0];
	r.docs = lib->docs;
	r.ndocs = lib->ndocs;
	r.opt = *opt;
	ambiguous_wide = opt->ambiguous_wide;
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
	while (!r.quit && got_signal == 0) {
		keycode k;

		draw(&r);
		while ((k = next_key(&r, has_background_work(&r))) == -1 && got_signal == 0 &&
		    got_tstp == 0)
			if (has_background_work(&r)) {
				background_work(&r);
				draw(&r);
			}
		if (got_signal != 0)
			break;
		if (got_tstp != 0) {
			suspend();
			continue;
		}
		if (k == KEYC_RESIZE)
			resize(&r);
		else if (k == KEYC_MOUSE)
			mouse_event(&r);
		else
			dispatch(&r, k);
	}
	endwin();
	fatal_hook = NULL;
	state_finish(&r);
	reader_free(&r); /* its windows belong to the screen: free them first */
	delscreen(screen);
	status = got_signal != 0 ? 128 + got_signal : 0;
	return status;
}
