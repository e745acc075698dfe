/* reader_int.h: the reader's internal state, shared by the files that draw the screen. */
#ifndef PLANVIEW_READER_INT_H
#define PLANVIEW_READER_INT_H

#include <curses.h>

#include "reader/reader.h"

enum pane { PANE_TEXT, PANE_OUTLINE };
enum rmode { RMODE_READ, RMODE_PROMPT, RMODE_PICKER, RMODE_RESULTS, RMODE_HELP };
enum prompt_kind { PROMPT_SEARCH, PROMPT_GOTO, PROMPT_FILTER, PROMPT_SAVE, PROMPT_OVERWRITE };

/* Colour pairs and the attributes that mark structure even without colour. */
enum style {
	STYLE_NORMAL, STYLE_CHAPTER, STYLE_CLAUSE, STYLE_RESP, STYLE_MISSING, STYLE_BYLINE,
	STYLE_MATCH, STYLE_CURRENT, STYLE_DEPT, STYLE_BAR, STYLE_ERROR, STYLE_SELECTED,
};

struct list;
typedef void list_draw_fn(struct reader *, struct list *, size_t, int, int, bool);

/* A scrolling list with a cursor; rows are drawn by a callback. */
struct list {
	size_t n, cursor, top;
	list_draw_fn *draw_row;
};

struct prompt {
	enum prompt_kind kind;
	wchar_t text[256];
	size_t len, cursor;
	struct strlist *history;
	size_t hist_pos;
};

struct outline_row {
	size_t doc;
	size_t chapter; /* SIZE_MAX: the document's own row (when several are open) */
	size_t clause;  /* SIZE_MAX: the chapter's own row */
};

struct anchor {
	size_t doc, chapter, clause;
};

struct picker_row {
	const char *name, *full;
	const struct department *dept;
	int leads;
};

struct result_row {
	size_t doc;
	size_t chapter, clause; /* clause SIZE_MAX: a chapter group heading */
	size_t match;           /* first match in the clause */
};

struct reader {
	struct document *doc;          /* the first document: the one state is kept for */
	struct document *const *docs;  /* every document open, in order */
	size_t ndocs;
	size_t *chapter_base;          /* docs[d]'s chapters start here in collapsed[] */
	struct reader_options opt;
	struct page page;
	enum rmode mode;
	enum pane focus;
	bool narrow;
	struct pos top;
	int text_rows, text_cols;
	WINDOW *title, *outline, *text, *status, *cmd;

	struct outline_row *orows;
	size_t norows;
	bool *collapsed;
	struct list olist;

	struct scan scan;         /* the search and its matches */
	bool want_first;          /* select the first match from `origin` as soon as one is found */
	bool backward;
	struct pos origin;
	char *saved_pattern;   /* the search before the prompt opened, for Escape */
	bool saved_backward;
	size_t saved_cur;
	struct strlist search_history, goto_history;
	struct state *state;       /* positions, bookmarks and searches kept between sessions */
	size_t searches_loaded;    /* search_history's first entries came from the state file */
	struct prompt prompt;

	const char *filter;
	struct picker_row *prows; /* every department */
	size_t nprows;
	size_t *pshown;           /* the rows matching what was typed */
	struct list plist;

	struct result_row *rrows;
	size_t nrrows;
	struct list rlist;

	char **hlines;
	size_t nhlines;
	struct list hlist;

	struct anchor *jumps;
	size_t njumps, jump_pos;

	struct library *lib;     /* owns the documents; more join it as they load */
	bool titled;             /* several documents: each under its title line */
	struct loader *loader;   /* the document loading, or NULL */
	size_t loading_doc;      /* its index once it is on the page, else SIZE_MAX */
	char **files_left;       /* the files still to load after it */
	size_t nfiles_left;
	struct diags *load_diags;
	size_t chapters_paged;   /* the loading document's chapters already on the page */
	size_t ncollapsed;
	int resume_number, resume_offset; /* where it was left, to go once that has loaded */
	keycode typeahead[32];   /* keys pressed while an action waited for the load */
	size_t ntypeahead;

	keycode pending; /* the first key of a sequence, waiting for the second */
	bool has_pending;

	char message[512];
	bool message_is_error;
	char load_error[512];    /* the first error found while loading: shown under messages */
	bool quit;
};

#define BACKGROUND_STEP_MS 2 /* work between keys looks for a key this often */

static const struct pos top_of_page = { 0, 0 };

/* screen.c */
struct pen {
	WINDOW *w;
	int y;
	int model, phys, limit;
	bool amb_wide, saw_amb;
};
bool reader_interrupted(void);
int screen_signal(void);
bool screen_stop_asked(void);
void screen_suspend(void);
void start_curses(struct reader *);
void screen_stop(void);
void screen_free(void);
attr_t style_attr(const struct reader *, enum style);
struct pen pen_at(WINDOW *, int, int, int);
bool pen_put(struct pen *, uint32_t, attr_t);
void pen_done(struct pen *);
int draw_str(WINDOW *, int, int, const char *, int, attr_t);
void layout_windows(struct reader *);
void delete_windows(struct reader *);

/* input.c */
void sync_start(void);
void sync_drawn(void);
keycode read_key(bool);
bool key_waiting(void);

/* view.c */
struct document *reader_doc(const struct reader *, size_t);
void reader_message(struct reader *, bool, const char *, ...) __attribute__((format(printf, 3, 4)));
void draw_text(struct reader *);
size_t reader_current_block(const struct reader *);
struct pos max_top(struct reader *);
void set_top(struct reader *, struct pos);
bool reader_shows(struct reader *, struct pos);
void reader_relayout(struct reader *);
void reader_rebuild(struct reader *);
void reader_show_line(struct reader *, struct pos);
struct anchor current_anchor(const struct reader *);
bool go_anchor(struct reader *, struct anchor);
void reader_push_jump(struct reader *);
void reader_jump(struct reader *, struct pos);
void reader_goto(struct reader *, const char *);
void history_step(struct reader *, int);
void place_of_top(struct reader *, int *, int *);
bool pos_of_place(struct reader *, int, int, bool, struct pos *);

/* status.c */
void draw_title(struct reader *);
void draw_status(struct reader *);
void draw_cmd(struct reader *);

/* loading.c */
void grow_collapsed(struct reader *);
void load_next_file(struct reader *);
bool first_doc_loading(const struct reader *);
void load_slice(struct reader *, long);
bool reader_loaded(const struct reader *);

/* marks.c */
void act_set_mark(struct reader *);
void act_goto_mark(struct reader *);
void state_start(struct reader *);
void state_finish(struct reader *);

/* actions.c */
void move_lines(struct reader *, long);

/* loop.c */
bool reader_wait(struct reader *, bool (*)(const struct reader *));
keycode wait_key(struct reader *);

/* list.c */
void list_draw(struct reader *, struct list *, WINDOW *);
bool list_key(struct list *, keycode, int);
void list_clamp(struct list *, int);

/* outline.c */
void outline_build(struct reader *);
void outline_follow(struct reader *);
void outline_draw(struct reader *);
void outline_open(struct reader *);
void outline_toggle(struct reader *);
void outline_click(struct reader *, int);

/* prompt.c */
void prompt_start(struct reader *, enum prompt_kind, struct strlist *);
void prompt_key(struct reader *, keycode);
void prompt_draw(struct reader *);
char *prompt_text(const struct reader *);

/* find.c */
void find_start(struct reader *, bool);
void find_update(struct reader *);
void find_finish(struct reader *, bool);
void find_recompute(struct reader *);
bool find_scan(struct reader *, long);
bool find_scanning(const struct reader *);
bool find_complete_scan(struct reader *);
void find_next(struct reader *, bool);
void find_show_match(struct reader *, size_t);
void find_free(struct reader *);

/* results.c */
void results_open(struct reader *);
void results_key(struct reader *, keycode);
void results_free(struct reader *);

/* picker.c */
void picker_open(struct reader *);
void picker_update(struct reader *);
void picker_key(struct reader *, keycode);
void picker_apply(struct reader *);
void picker_free(struct reader *);

/* help.c */
void help_open(struct reader *);
void help_key(struct reader *, keycode);
void help_free(struct reader *);

/* save.c */
void save_view(struct reader *);
void save_finish(struct reader *, bool);
void save_answer(struct reader *);

#endif
