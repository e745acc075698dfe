/*
 * screen.c: the terminal: curses started and ended, signals, styles, drawing a line of
 * text, the windows; and whether the terminal can run the reader at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader/reader_int.h"

#include <term.h> /* after curses.h, and last: it defines macros such as 'lines' */

#define OUTLINE_MAX_WIDTH 36
#define NARROW_BELOW 80   /* columns: under this, one pane at a time */

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

/* Give the terminal to another program, or to the shell, as it was before the reader. */
void
screen_hand_over(void)
{
	def_prog_mode();
	endwin();
}

/* Take the terminal back: the reader's modes, and everything repainted at the next draw. */
void
screen_take_back(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
}

/* Restore the terminal, stop until continued, then repaint everything. */
void
screen_suspend(void)
{
	screen_hand_over();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP); /* stopped here until SIGCONT */
	catch_tstp();
	got_tstp = 0;
	screen_take_back();
}

static void
restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* Whether a signal asks the reader to stop: long loops check it and give up. */
bool
screen_interrupted(void)
{
	return got_signal != 0;
}

/* The signal that asked the reader to stop, or 0. */
int
screen_signal(void)
{
	return got_signal;
}

/* Whether C-z or a SIGTSTP asks the reader to suspend (screen_suspend() does). */
bool
screen_stop_asked(void)
{
	return got_tstp != 0;
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
	[STYLE_LEAD] = { COLOR_GREEN, -1, A_BOLD, A_BOLD }, /* a lead named in a responsibility */
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
screen_attr(const struct reader *r, enum style s)
{
	if (!r->opt.color)
		return styles[s].mono;
	return styles[s].extra | (s != STYLE_NORMAL && (styles[s].fg != -1 || styles[s].bg != -1) ?
	    COLOR_PAIR(s) : 0);
}

/* Put a character; false (nothing put) when it does not fit. */
bool
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

/* The line is drawn: repainted whole if ncurses counts a character on it narrower. */
void
pen_done(struct pen *p)
{
	if (p->saw_amb)
		wredrawln(p->w, p->y, 1);
}

/* A pen at (y, x) of a window, for at most maxw columns. */
struct pen
pen_at(const struct reader *r, WINDOW *w, int y, int x, int maxw)
{
	struct pen p = { w, y, x, x, x + maxw, r->opt.ambiguous_wide, false };

	return p;
}

/* Draw s (made safe first) at (y, x), at most maxw columns; returns the columns used. */
int
screen_puts(const struct reader *r, WINDOW *w, int y, int x, const char *s, int maxw,
    attr_t attr)
{
	struct buf b = { 0 };
	struct pen p;
	size_t i = 0;
	uint32_t cp;

	if (w == NULL || s == NULL)
		return 0;
	p = pen_at(r, w, y, x, maxw);
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

#define CLIPBOARD_MAX 65536 /* bytes of text: a terminal takes about this much at most */

/* Whether TERM names a terminal that takes OSC 52 without saying so in its terminfo. */
static bool
osc52_by_name(const char *term)
{
	static const char *const names[] = { "alacritty", "foot", "kitty", "wezterm", "xterm" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strncmp(term, names[i], strlen(names[i])) == 0)
			return true;
	return false;
}

static void
base64(struct buf *out, const unsigned char *s, size_t len)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < len ? (unsigned)s[i + 1] << 8 : 0) |
		    (i + 2 < len ? s[i + 2] : 0);

		buf_putc(out, digits[v >> 18 & 63]);
		buf_putc(out, digits[v >> 12 & 63]);
		buf_putc(out, i + 1 < len ? digits[v >> 6 & 63] : '=');
		buf_putc(out, i + 2 < len ? digits[v & 63] : '=');
	}
}

/*
 * Put text on the clipboard with OSC 52, as vim's and tmux's own copying do: tmux takes it
 * itself (its set-clipboard option decides what becomes of it), as does a terminal whose
 * terminfo has Ms or that is known to. NULL when it was sent, else why not.
 */
const char *
screen_clipboard(const char *text, size_t len)
{
	const char *term = getenv("TERM"), *tmux = getenv("TMUX");
	const char *ms = tigetstr("Ms");
	struct buf b = { 0 };
	bool in_tmux = tmux != NULL && *tmux != '\0';

	if (term == NULL)
		term = "";
	if (!in_tmux && (ms == NULL || ms == (char *)-1) && !osc52_by_name(term))
		return _("the terminal is not known to take OSC 52 (no Ms in its terminfo)");
	if (len > CLIPBOARD_MAX)
		return _("over 64 KiB, more than terminals take");
	buf_puts(&b, "\033]52;c;");
	base64(&b, (const unsigned char *)text, len);
	buf_puts(&b, "\a");
	fflush(stdout);
	if (write(STDOUT_FILENO, b.s, b.len) != (ssize_t)b.len) {
		buf_free(&b);
		return strerror(errno);
	}
	buf_free(&b);
	return NULL;
}

/* Delete the windows (before the screen, or to cut it anew). */
void
screen_delete(struct reader *r)
{
	WINDOW **ws[] = { &r->title, &r->outline_win, &r->text, &r->status, &r->cmd, &r->both };

	for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
		if (*ws[i] != NULL)
			delwin(*ws[i]);
		*ws[i] = NULL;
	}
}

/* Cut the screen into title, panes, status and message lines for its current size. */
void
screen_layout(struct reader *r)
{
	int height = LINES, cols = COLS, y, content, ow;
	bool has_title = height >= 5, has_status = height >= 3, has_cmd = height >= 2;

	screen_delete(r);
	if (cols < 1)
		cols = 1;
	content = height - has_title - has_status - has_cmd;
	if (content < 1)
		content = 1;
	r->narrow = cols < NARROW_BELOW;
	ow = cols / 3 < OUTLINE_MAX_WIDTH ? cols / 3 : OUTLINE_MAX_WIDTH;
	y = has_title;
	r->title = has_title ? newwin(1, cols, 0, 0) : NULL;
	r->both = newwin(content, cols, y, 0);
	if (r->narrow) {
		r->outline_win = newwin(content, cols, y, 0);
		r->text = newwin(content, cols, y, 0);
	} else {
		r->outline_win = newwin(content, ow, y, 0);
		r->text = newwin(content, cols - ow, y, ow);
	}
	r->status = has_status ? newwin(1, cols, y + content, 0) : NULL;
	r->cmd = has_cmd ? newwin(1, cols, height - 1, 0) : NULL;
	if (r->text == NULL || r->outline_win == NULL || r->both == NULL)
		fatal("cannot create windows for a %dx%d terminal", cols, height);
	getmaxyx(r->text, r->text_rows, r->text_cols);
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
static FILE *keys_from; /* the terminal: standard input, or /dev/tty when a plan comes from it */

/* Where keys are read: standard input if it is the terminal, else /dev/tty (as less does). */
static FILE *
open_keys(void)
{
	if (isatty(STDIN_FILENO))
		return stdin;
	return fopen("/dev/tty", "re");
}

/* The descriptor keys come from (the reader polls it between keys). */
int
screen_keys_fd(void)
{
	return keys_from != NULL ? fileno(keys_from) : STDIN_FILENO;
}

/* Take the terminal over: curses, signals, the styles. */
void
screen_start(struct reader *r)
{
	install_signals();
	if ((keys_from = open_keys()) == NULL)
		fatal("cannot open the terminal for keys: /dev/tty: %s", strerror(errno));
	if ((screen = newterm(NULL, stdout, keys_from)) == NULL)
		fatal("cannot use terminal type '%s'", getenv("TERM") ? getenv("TERM") : "");
	fatal_hook = restore_terminal;
	raw(); /* C-c, C-z, C-s and C-q arrive as keys, to bind like any other */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	if (getenv("ESCDELAY") == NULL) /* ncurses reads the user's own from there */
		set_escdelay(25);
	timeout(250);
	if (!r->opt.no_mouse) /* clicks and the wheel: no motion, which would take every drag */
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	init_styles(r);
	curs_set(0);
	refresh();
}

/* Give the terminal back (the windows are freed after, then screen_free()). */
void
screen_stop(void)
{
	endwin();
	fatal_hook = NULL;
}

/* Free what curses holds of the terminal. */
void
screen_free(void)
{
	delscreen(screen);
	if (keys_from != NULL && keys_from != stdin)
		fclose(keys_from);
	keys_from = NULL;
}

/* Whether keys can be read from the terminal: standard input, or else /dev/tty. */
static bool
can_read_keys(void)
{
	int fd;

	if (isatty(STDIN_FILENO))
		return true;
	if ((fd = open("/dev/tty", O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	close(fd);
	return true;
}

/* Whether the terminal can run the reader; if not, say why and return false. */
bool
screen_usable(void)
{
	const char *term = getenv("TERM");
	int err;

	if (!isatty(STDOUT_FILENO) || !can_read_keys()) {
		fprintf(stderr, _("%s: the reader needs a terminal; for scripts use a query "
		    "option such as --outline or --grep (see --help)\n"), progname);
		return false;
	}
	if (term == NULL || *term == '\0') {
		fprintf(stderr, _("%s: TERM is not set, so the reader cannot drive the terminal; "
		    "set it (e.g. TERM=xterm-256color) or use a query option\n"), progname);
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		fprintf(stderr, _("%s: unknown terminal type '%s'\n"), progname, term);
		return false;
	}
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		fprintf(stderr, _("%s: terminal type '%s' cannot move the cursor, which the reader "
		    "needs; use a query option instead\n"), progname, term);
		del_curterm(cur_term);
		return false;
	}
	del_curterm(cur_term);
	return true;
}
