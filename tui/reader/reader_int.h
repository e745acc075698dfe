/*
 * reader_int.h: the reader's private header, shared by its files that draw; the one
 * header that includes curses. The reader is built in layers, each calling only those
 * below it (tui/README.md draws them):
 *
 *   loop.c status.c       the main loop: keys to actions, waits, the work between keys;
 *                         drawing the screen; starting and ending
 *   actions.c             what a key can be bound to (reader_actions[])
 *   the features          find.c results.c outline.c picker.c help.c save.c marks.c
 *                         goto.c loading.c: each keeps its state behind its file, and
 *                         none calls another; what one needs done first (the whole
 *                         document, a finished search) it returns as a struct need
 *   prompt.c list.c       the one-line editor (callbacks), lists, overlays (tables)
 *   view.c                the reading pane: the position, jumps, places, messages
 *   screen.c input.c      the terminal: styles, drawing, windows, signals, keys
 *   (reader.h)            no curses: page.c, scan.c, keymap.c, state.c
 *
 * Ownership: struct reader borrows the documents (the library owns them) and owns the
 * rest; each feature's state is allocated by its file and freed by its *_free().
 */
#ifndef PLANVIEW_READER_INT_H
#define PLANVIEW_READER_INT_H

#include <curses.h>

#include "reader/reader.h"

#define BACKGROUND_STEP_MS 2   /* work between keys looks for a key this often */
#define SEARCH_BUDGET_MS 2000  /* waiting for a search: a pattern that backtracks stops */

enum pane { PANE_TEXT, PANE_OUTLINE };

/* Colour pairs and the attributes that mark structure even without colour. */
enum style {
	STYLE_NORMAL, STYLE_CHAPTER, STYLE_CLAUSE, STYLE_RESP, STYLE_LEAD, STYLE_MISSING, STYLE_BYLINE,
	STYLE_MATCH, STYLE_CURRENT, STYLE_DEPT, STYLE_BAR, STYLE_ERROR, STYLE_SELECTED,
};

/*
 * What an action or a feature needs before it can go on: the loop waits until it holds,
 * drawing the progress (a cancel key gives it up), then calls `then` with whether it
 * holds; `then` may need something again. A wait for a search runs under its budget.
 */
enum need_kind {
	NEED_NOTHING,
	NEED_LOADED,     /* every document whole */
	NEED_SCAN,       /* the search through the whole page */
	NEED_NEXT_MATCH, /* the match after the current one found, or the scan past the end */
};
struct need {
	enum need_kind kind;
	struct need (*then)(struct reader *, bool);
};
#define NO_NEED ((struct need){ NEED_NOTHING, NULL })

/* A place in the documents: a node (an item, or a part of the matter), or the top. */
struct anchor {
	size_t doc, node;
};

/* A row as a place that outlives a new width: its node, and the characters into its text. */
struct spot {
	struct anchor a;
	int offset;
};

struct list;
typedef void list_draw_fn(struct reader *, const struct list *, size_t, int, int, bool);

/* A scrolling list with a cursor; rows are drawn by a callback, with the owner's data. */
struct list {
	size_t n, cursor, top;
	list_draw_fn *draw_row;
	void *data;
};

/*
 * What is shown over the text pane (the picker, the results, the help), driven like a
 * tmux window mode: a table of operations, with the overlay's own state as data.
 */
struct overlay {
	void (*draw)(struct reader *, void *);
	struct need (*key)(struct reader *, keycode, void *); /* NULL: the prompt has the keys */
	void (*free)(void *);
	const char *passes; /* an action whose one-key bindings go to it, not to the overlay */
	bool wide;          /* over both panes when the text pane is under OVERLAY_MIN_COLS */
};
#define OVERLAY_MIN_COLS 60

/* What the opener of a prompt does with it; each callback gets the opener's data. */
struct prompt_cb {
	void (*changed)(struct reader *, const char *, void *); /* the text, after an edit */
	struct need (*done)(struct reader *, const char *, bool, void *); /* Enter or not */
	bool (*key)(struct reader *, keycode, void *); /* a key the editor leaves: taken? */
};

struct prompt {
	bool active;
	const char *prefix;      /* borrowed */
	wchar_t *text;           /* grown as typed (xgrow); kept from one prompt to the next */
	size_t len, cursor;
	struct strlist *history; /* borrowed; NULL: none */
	size_t hist_pos;
	const struct prompt_cb *cb;
	void *data;
};

struct reader {
	/* the documents: the library owns them, and more join it as they load */
	struct library *lib;
	struct document *doc;          /* the first document */
	struct document *const *docs;  /* every document open, in order */
	size_t ndocs;
	bool titled;                   /* several documents: each under its title line */
	bool loaded;                   /* every document is whole (loading.c keeps it) */
	bool joined;                   /* every document is on the page, whole or revealed a */
	                               /* part at a time: none loads or waits to (loading.c's) */
	struct reader_options opt;

	/* the screen (screen.c) */
	WINDOW *title, *outline_win, *text, *status, *cmd; /* outline_win: the outline pane */
	WINDOW *both;                  /* both panes' place, for a wide overlay (list.c) */
	bool both_shown;               /* it was drawn: the panes are to be drawn whole again */
	bool narrow;                   /* one pane at a time */
	int text_rows, text_cols;
	enum pane focus;

	/* the reading pane (view.c) */
	struct page page;
	char *filter;                  /* the department whose items the page shows, or NULL */
	bool filter_body;              /* filter is a body's identity (names_department()), not a name */
	struct strlist *filter_forms;  /* the names each document writes it in (view_filter_forms()) */
	size_t nfilter_forms;
	struct pos top;                /* the row at the top of the text pane */
	bool moved;                    /* top was set since the outline last followed it */
	struct anchor *jumps;          /* where jumps went, for back and forward */
	size_t njumps, jump_pos;
	struct spot before_jump;       /* where the last jump started, for '' */
	bool has_before_jump;
	char *only;                    /* the pattern whose items the page shows (&), or NULL */
	struct search *only_re;        /* it compiled */
	char message[512];             /* shown on the message line until the next key */
	bool message_is_error;

	/* the search: the find engine's, typed in find.c, listed in results.c */
	struct scan scan;

	/* what takes keys before the bindings */
	struct prompt prompt;          /* when active */
	const struct overlay *overlay; /* over the text pane (list.c), or NULL */
	void *overlay_data;
	void (*take_key)(struct reader *, keycode); /* the next key, for a feature that asked */

	/* the features' own state, each behind its file */
	struct find *find;
	struct outline *outline;
	struct loading *loading;
	struct strlist goto_history;   /* goto.c's */
	struct state *state;           /* the state file: marks.c sets marks, loop.c the rest */

	/* the loop's (loop.c) */
	long count;                    /* the count typed before the key (5j), for the action */
	bool has_count;
	long typing;                   /* the count being typed */
	bool counting;                 /* a count is being typed */
	bool universal, digits;        /* begun by universal-argument (C-u); digits typed since */
	keycode typeahead[32];         /* keys pressed while an action waited */
	size_t ntypeahead;
	keycode pending;               /* the first key of a sequence, waiting for the second */
	bool has_pending;
	size_t searches_loaded;        /* the search history's first entries came from the state */
	bool quit;
	bool fold_tried;     /* whether OpenCC's table was asked for (after the first screen) */
};

/* screen.c */
/*
 * A pen puts characters on a line where the terminal shows them. ncurses places a
 * character by wcwidth(), where an East Asian ambiguous one takes one column; a terminal
 * that draws it two wide puts everything after it one column further right. So with
 * --ambiguous-wide: lines are measured at the terminal's widths (phys) but drawn
 * contiguously in ncurses' columns (model), and such a line is repainted whole, so that
 * no cursor movement inside it can land wrong.
 */
struct pen {
	WINDOW *w;
	int y;
	int model, phys, limit;
	bool amb_wide, saw_amb;
};
void screen_start(struct reader *);
void screen_stop(void);
void screen_free(void);
int screen_keys_fd(void);
void screen_layout(struct reader *);
void screen_delete(struct reader *);
void screen_suspend(void);
void screen_hand_over(void);
void screen_take_back(void);
const char *screen_clipboard(const char *, size_t);
bool screen_interrupted(void);
int screen_signal(void);
bool screen_stop_asked(void);
attr_t screen_attr(const struct reader *, enum style);
struct pen pen_at(const struct reader *, WINDOW *, int, int, int);
bool pen_put(struct pen *, uint32_t, attr_t);
void pen_done(struct pen *);
int screen_puts(const struct reader *, WINDOW *, int, int, const char *, int, attr_t);

/* input.c */
void input_start(void);
void input_drawn(void);
keycode input_read(bool);
bool input_waiting(void);
bool input_holds_loading(void);
void input_pause(const char *);

/* spawn.c */
int spawn_run(char *const[], const char *, size_t, bool);
bool spawn_failed(int, const char *, char *, size_t);

/* view.c */
static const struct pos top_of_page = { 0, 0 };
struct document *view_doc(const struct reader *, size_t);
struct document *view_doc_read(const struct reader *);
void view_message(struct reader *, bool, const char *, ...) __attribute__((format(printf, 3, 4)));
size_t view_block(const struct reader *);
struct pos view_max_top(struct reader *);
void view_set_top(struct reader *, struct pos);
bool view_shows(struct reader *, struct pos);
void view_show_line(struct reader *, struct pos);
void view_scroll(struct reader *, long);
void view_layout(struct reader *);
void view_relayout(struct reader *);
void view_rebuild(struct reader *);
void view_set_filter(struct reader *, const char *, bool);
const struct strlist *view_filter_forms(struct reader *, size_t);
struct anchor view_anchor(const struct reader *);
bool view_go(struct reader *, struct anchor);
void view_push_jump(struct reader *);
void view_jump(struct reader *, struct pos);
void view_history(struct reader *, int);
void view_jump_back(struct reader *);
void view_goto_row(struct reader *, size_t);
void view_describe(struct reader *);
void view_goto(struct reader *, const char *);
char *view_place(struct reader *, size_t *, int *);
bool view_pos_of_place(struct reader *, size_t, const char *, int, bool, struct pos *);
bool view_restore(struct reader *, size_t *, const char **, int *);
bool view_offset_pos(struct reader *, size_t, int, struct pos *);
bool view_heading(struct reader *, enum block_kind, int);
void view_draw(struct reader *);
void view_free(struct reader *);

/* list.c */
void list_draw(struct reader *, struct list *, WINDOW *);
bool list_key(struct list *, keycode, int);
void list_clamp(struct list *, int);
void overlay_open(struct reader *, const struct overlay *, void *);
void overlay_close(struct reader *);
WINDOW *overlay_window(const struct reader *);

/* prompt.c */
void prompt_open(struct reader *, const char *, struct strlist *, const struct prompt_cb *,
    void *);
void prompt_close(struct reader *);
void prompt_free(struct reader *);
void prompt_set_text(struct reader *, const char *);
void prompt_draw(struct reader *);
struct need prompt_key(struct reader *, keycode);

/* find.c */
void find_create(struct reader *);
void find_start(struct reader *, bool);
void find_toggle_script(struct reader *);
int find_search_flags(const struct reader *);
void find_recompute(struct reader *);
void find_scan(struct reader *, long);
struct need find_next(struct reader *, bool, long);
struct strlist *find_history(struct reader *);
void find_free(struct reader *);

/* results.c */
struct need results_open(struct reader *);

/* outline.c */
void outline_create(struct reader *);
void outline_build(struct reader *);
void outline_grow(struct reader *);
void outline_follow(struct reader *);
void outline_resize(struct reader *);
void outline_draw(struct reader *);
void outline_open(struct reader *);
void outline_toggle(struct reader *);
void outline_click(struct reader *, int);
void outline_key(struct reader *, keycode);
void outline_heading(struct reader *, bool, int);
void outline_free(struct reader *);

/* picker.c */
void picker_open(struct reader *, void (*)(struct reader *, const char *, bool, int));

/* help.c */
void help_open(struct reader *);

/* save.c */
void save_open(struct reader *);

/* marks.c */
void marks_set(struct reader *);
void marks_go(struct reader *);

/* handoff.c */
void handoff_pipe(struct reader *, bool);
void handoff_edit(struct reader *);
void handoff_copy(struct reader *);

/* goto.c */
void goto_open(struct reader *);

/* loading.c */
enum loading_news {
	LOADING_SLICED = 1,  /* a slice was loaded: loading_settle() once the page is in order */
	LOADING_GREW = 2,    /* blocks joined the page: the outline follows */
	LOADING_LATE = 4,    /* a document's heading came after its nodes: build the page anew */
};
void loading_start(struct reader *);
unsigned loading_step(struct reader *, long);
void loading_settle(struct reader *);
bool loading_resume(struct reader *, const char *, int);
void loading_resume_newest(struct reader *);
void loading_stay(struct reader *);
void loading_text(const struct reader *, char *, size_t);
const char *loading_error(const struct reader *);
void loading_free(struct reader *);

/* actions.c */
void actions_rebuild(struct reader *);

/* status.c */
void status_draw(struct reader *);

#endif
