/*
 * reader.h: the reader layer's interface: what main.c needs to run the reader, and the
 * parts that need no terminal (the page, the key bindings, the state file).
 */
#ifndef PLANVIEW_READER_H
#define PLANVIEW_READER_H

#include "plan/plan.h"

/* page.c: a document as blocks of display-safe text, wrapped into screen lines */
enum block_kind {
	BLOCK_DOCTITLE, BLOCK_BYLINE, BLOCK_CHAPTER, BLOCK_CLAUSE, BLOCK_PARA, BLOCK_RESP, BLOCK_NORESP,
};
/*
 * A block is a piece of a node: an item's heading (BLOCK_CHAPTER for the items at the top,
 * BLOCK_CLAUSE below them), a paragraph, a responsibility, or a line of the matter.
 */
struct block {           /* 40 bytes: a large plan's page has a few hundred thousand */
	char *text;      /* safe to draw: the document's own text, or a sanitized copy */
	size_t doc;      /* which of the page's documents */
	size_t node;     /* index in the document's nodes; SIZE_MAX for a document's title line */
	uint32_t len;    /* of text */
	uint32_t head;   /* bytes at its start drawn as a heading: an item's number and title */
	enum block_kind kind;
	uint16_t depth;  /* the node's */
	bool owned;      /* text is a copy the page frees */
};
struct vline {
	size_t block;   /* SIZE_MAX for a blank line between blocks */
	size_t start, end;
	int indent;
};
/* A row of the page: a block, and a row within it (row 0 is the blank line before it, if any). */
struct pos {
	size_t block, row;
};
struct page {
	struct block *blocks;
	size_t nblocks, cap; /* blocks, and room for them */
	size_t building; /* the document whose blocks are being added */
	size_t bytes;    /* of text in all the blocks */
	int width;
	bool amb;
	uint32_t *rows;  /* by block: its rows at this width, or 0 while not yet wrapped */
	size_t nrows;    /* blocks that rows[] covers */
	size_t unknown;  /* blocks whose rows are not yet known */
	size_t count_next; /* where page_count() goes on */
	size_t *before;  /* once every block is counted: the rows before each block */
	size_t wrapped;  /* the block last wrapped, whose lines are in wl */
	struct wrapline *wl;
	size_t nwl;
};
/*
 * What a page shows: with forms (the names a document writes a department in), the items
 * it leads or is responsible for; with only, those the pattern matches; with both, both.
 */
struct page_filter {
	const struct strlist *forms;
	struct search *only;
};
void page_build(struct page *, const struct document *, const struct page_filter *);
void page_build_docs(struct page *, struct document *const *, size_t, const struct strlist *,
    struct search *, bool);
void page_add_document(struct page *, const struct document *, size_t, const struct page_filter *,
    bool);
void page_add_nodes(struct page *, const struct document *, size_t, const struct page_filter *);
void page_expect(struct page *, const struct document *, size_t);
bool page_item_matches(const struct document *, size_t, struct search *);
void page_layout(struct page *, int, bool);
bool page_count(struct page *, long);
size_t page_block_rows(struct page *, size_t);
bool page_row(struct page *, struct pos, struct vline *);
struct pos page_pos_of(struct page *, size_t, size_t);
struct pos page_block_start(struct page *, size_t);
struct pos page_last(struct page *);
size_t page_step(struct page *, struct pos *, long);
size_t page_distance(struct page *, struct pos, struct pos, size_t);
size_t page_index(struct page *, struct pos);
size_t page_total_rows(struct page *);
int pos_cmp(struct pos, struct pos);
size_t page_block_of_node(const struct page *, size_t, size_t);
void page_free(struct page *);

/*
 * keymap.c: keys, key names, bindings from keys to the reader's actions, keymap files.
 * Keys are codes of our own: a character as itself, a function key with KEYC_FKEY (under
 * it ncurses' number for the key, so that one the reader does not name prints as
 * <key N>; the key reader checks that the numbers agree), Escape then a key with KEYC_META.
 */
typedef int keycode;
#define KEYC_ESCAPE 27
#define KEYC_FKEY 0x01000000 /* a function key */
#define KEYC_META 0x02000000 /* Escape, then the key */
#define KEYC_DOWN (KEYC_FKEY | 0402)
#define KEYC_UP (KEYC_FKEY | 0403)
#define KEYC_LEFT (KEYC_FKEY | 0404)
#define KEYC_RIGHT (KEYC_FKEY | 0405)
#define KEYC_HOME (KEYC_FKEY | 0406)
#define KEYC_BACKSPACE (KEYC_FKEY | 0407)
#define KEYC_F0 (KEYC_FKEY | 0410)
#define KEYC_F(n) (KEYC_F0 + (n))
#define KEYC_DC (KEYC_FKEY | 0512)      /* Delete */
#define KEYC_NPAGE (KEYC_FKEY | 0522)   /* PageDown */
#define KEYC_PPAGE (KEYC_FKEY | 0523)   /* PageUp */
#define KEYC_BTAB (KEYC_FKEY | 0541)
#define KEYC_END (KEYC_FKEY | 0550)
#define KEYC_MOUSE (KEYC_FKEY | 0631)   /* a mouse event waits to be read */
#define KEYC_RESIZE (KEYC_FKEY | 0632)  /* the terminal changed size */
struct reader;
struct need;
/* What a key can be bound to; the reader's table is reader_actions[] (actions.c). */
struct action {
	const char *name;
	const char *topic; /* the help screen's group */
	const char *desc;
	struct need (*fn)(struct reader *); /* what it needs before it can go on */
	bool partial; /* works on a document still loading; others wait for the rest */
};
extern const struct action reader_actions[];
extern const size_t reader_nactions;
#define MAX_SEQUENCE 2
struct binding {
	keycode keys[MAX_SEQUENCE]; /* one key, or a two-key sequence such as gg */
	int nkeys;
	const struct action *action;
	char *note; /* help text from the keymap file, or NULL */
};
/* Bindings to the actions of a table, which keymap_init() gives and the keymap borrows. */
struct keyslot;
struct keymap {
	const struct action *actions;
	size_t nactions;
	struct binding *v;
	size_t n;
	struct keyslot *slots; /* keymap.c's hash table of the bindings by their keys */
	size_t nslots, nfilled;
	size_t ndropped; /* unbound while a file is read: in v without an action until its end */
};
extern const char default_keys[]; /* keymaps/default.keys, compiled in */
bool keycode_cancels(keycode);
int keycode_parse(const char *, keycode *);
char *keycode_name(keycode);
char *binding_name(const struct binding *);
const struct action *keymap_action(const struct keymap *, const char *);
void keymap_init(struct keymap *, const struct action *, size_t);
void keymap_bind(struct keymap *, const keycode *, int, const struct action *, const char *);
bool keymap_unbind(struct keymap *, const keycode *, int);
const struct action *keymap_lookup(const struct keymap *, const keycode *, int);
bool keymap_is_prefix(const struct keymap *, keycode);
char *keymap_key_of(const struct keymap *, const char *);
void keymap_parse(struct keymap *, const char *, const char *, struct diags *);
int keymap_load(struct keymap *, const char *, const char *, struct diags *);
void keymap_defaults(struct keymap *);
void keymap_dump(const struct keymap *, struct buf *);
void keymap_free(struct keymap *);

/* reader.c: the ncurses reader */
struct reader_options {
	bool ambiguous_wide; /* the terminal draws East Asian Ambiguous characters wide */
	bool exact_script;   /* search matches traditional and simplified only as written */
	bool color;
	bool no_mouse;       /* --no-mouse: the terminal keeps the mouse */
	struct keymap *keymap;
	char *warning;       /* shown as the reader starts (a keymap problem), or NULL */
	struct loader *loader; /* the document still loading (the reader takes it), or NULL */
	char **pending;        /* the files still to load after it, in order */
	size_t npending;
	struct diags *diags;   /* where the rest of the loading reports */
};
int reader_run(struct library *, const struct reader_options *);

/* screen.c */
bool screen_usable(void);

/* scan.c: the find engine: a search's matches over the page, found a slice at a time */
#define SCAN_MAX_MATCHES 1000000 /* \p{Han} on 100 MB would be 30 million: memory, not news */
struct match {
	size_t block, start, end; /* bytes [start, end) of a block's text */
};
enum scan_state { SCAN_RUNNING, SCAN_DONE, SCAN_TOO_MANY, SCAN_FAILED, SCAN_STOPPED };
struct scan {
	char *pattern;          /* the search, or NULL */
	struct search *re;      /* compiled; NULL without a search, or when it did not compile */
	struct match *matches;  /* in page order; while scanning, only those from origin on */
	size_t nmatches, matches_cap;
	struct match *wrapped;  /* while scanning: those in blocks before origin, found second */
	size_t nwrapped, wrapped_cap;
	size_t origin, next;    /* next: the block to search next; SIZE_MAX once all are */
	size_t cur;             /* the current match, when has_cur */
	bool has_cur;
	bool exact_script;      /* traditional and simplified match only as written */
};
void scan_set(struct scan *, const char *);
bool scan_compile(struct scan *, const char *, int, char **);
void scan_clear(struct scan *);
void scan_start(struct scan *, size_t, size_t);
enum scan_state scan_step(struct scan *, const struct page *, long, bool (*)(void));
bool scan_running(const struct scan *);
bool scan_next_known(const struct scan *);
void scan_block_matches(const struct scan *, size_t, size_t *, size_t *);
struct pos scan_match_pos(const struct scan *, struct page *, size_t);
size_t scan_match_from(const struct scan *, struct page *, struct pos, bool);
void scan_select(struct scan *, size_t);
void scan_free(struct scan *);

/* state.c: positions, bookmarks and searches kept between sessions, in one file */
struct state;
char *state_file(void);
struct state *state_load(const char *, struct diags *);
const char *state_problem(const struct state *);
const char *state_open_document(struct state *, const struct document *);
size_t state_open_newest(struct state *, struct document *const *, size_t);
bool state_position(struct state *, const char **, int *);
void state_set_position(struct state *, const char *, int);
bool state_mark(struct state *, int, const char **, int *);
void state_set_mark(struct state *, int, const char *, int);
const struct strlist *state_searches(const struct state *);
void state_add_search(struct state *, const char *);
int state_save(struct state *, char **);
void state_free(struct state *);

#endif
