/* planview.h: the one project header: the document model, every subsystem's interface. */
#ifndef PLANVIEW_H
#define PLANVIEW_H

#include <libintl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Ownership, stated once:
 * - A struct library owns its documents and its registries; library_free() frees all.
 * - A document owns every string in it; strings are UTF-8, NUL-terminated, and valid
 *   (the loader rejects invalid UTF-8), so consumers never re-validate.
 * - Functions returning char * return a string the caller frees, unless marked "borrowed".
 * - Allocation never fails visibly: the x*() wrappers call fatal() on exhaustion.
 * Errors come in three tiers: fatal() for bugs and out-of-memory; -1 (or NULL) with a
 * message for recoverable failures; struct diags for problems in user input.
 */

struct document;
struct library;

/* Strings for people go through gettext (the catalogue is po/); N_() marks them for later. */
#define _(s) gettext(s)
#define N_(s) (s)

#define PLANVIEW_SCHEMA 1

#define MAX_INPUT_BYTES (256u * 1024 * 1024) /* larger files are refused */
#define MAX_YAML_DEPTH 64                    /* documents nest 5 deep; stop hostile nesting early */

/* xmalloc.c */
extern const char *progname;
extern void (*fatal_hook)(void);
void fatal(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
void *xgrow(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));
char *read_file(const char *, size_t, size_t *, char **);
char *xdg_path(const char *, const char *, const char *);
char *home_relative(const char *);
long clock_ms(void);

/* buf.c: a growable byte string, always NUL-terminated */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};
void buf_add(struct buf *, const void *, size_t);
void buf_puts(struct buf *, const char *);
void buf_putc(struct buf *, char);
void buf_printf(struct buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void buf_truncate(struct buf *, size_t);
char *buf_detach(struct buf *);
void buf_free(struct buf *);

/* strlist.c: a growable list of owned strings */
struct strlist {
	char **v;
	size_t n;
};
void strlist_add(struct strlist *, const char *);
void strlist_add_owned(struct strlist *, char *);
bool strlist_has(const struct strlist *, const char *);
void strlist_join(struct buf *, const struct strlist *, const char *);
void strlist_free(struct strlist *);

/* diag.c: diagnostics about user input, with a position, collected and shown together */
enum diag_level { DIAG_WARNING = 1, DIAG_ERROR = 2 };
struct diag {
	enum diag_level level;
	char *file;
	unsigned line; /* 1-based; 0 when the problem has no position */
	unsigned col;  /* 1-based, in characters */
	char *msg;
};
#define MAX_DIAGS 100 /* kept and shown; beyond them only counted */
struct diags {
	struct diag *v;
	size_t n;
	size_t count[DIAG_ERROR + 1]; /* by level, including those not kept */
	enum diag_level worst;        /* 0 when empty */
};
void diag_add(struct diags *, enum diag_level, const char *, unsigned, unsigned,
    const char *, ...) __attribute__((format(printf, 6, 7)));
void diag_vadd(struct diags *, enum diag_level, const char *, unsigned, unsigned,
    const char *, va_list) __attribute__((format(printf, 6, 0)));
void diags_merge(struct diags *, struct diags *);
void diags_print(const struct diags *, FILE *);
size_t diags_count(const struct diags *, enum diag_level);
void diags_free(struct diags *);

/*
 * utf8.c: decoding, display width and making untrusted text safe for a terminal. Widths
 * come from wcwidth(), so LC_CTYPE must be a UTF-8 locale: main() sets C.UTF-8 when the
 * user's is not; a program linking the library must do the same, or CJK counts as unsafe.
 */
size_t utf8_decode(const char *, size_t, uint32_t *);
size_t utf8_encode(uint32_t, char *);
bool utf8_validate(const char *, size_t, size_t *);
size_t utf8_chars(const char *, size_t);
bool cp_is_unsafe(uint32_t);
bool cp_is_ambiguous(uint32_t);
int cp_width(uint32_t, bool);
size_t utf8_width(const char *, size_t, bool);
void utf8_escape_cp(struct buf *, uint32_t);
bool utf8_is_safe(const char *, size_t);
void utf8_sanitize(struct buf *, const char *, size_t);
void utf8_sanitize_lines(struct buf *, const char *, size_t);
void fputs_safe(const char *, FILE *, bool);

/* layout.c: wrapping with CJK widths and line-breaking rules */
struct wrapline {
	size_t start, end; /* byte range in the wrapped string */
};
bool layout_is_closing(uint32_t);
bool layout_is_opening(uint32_t);
size_t layout_wrap(const char *, size_t, int, int, int, bool, struct wrapline **);

/* page.c: a document as blocks of display-safe text, wrapped into screen lines */
enum block_kind {
	BLOCK_DOCTITLE, BLOCK_BYLINE, BLOCK_CHAPTER, BLOCK_CLAUSE, BLOCK_PARA, BLOCK_RESP, BLOCK_NORESP,
};
struct block {
	enum block_kind kind;
	size_t doc;     /* which of the page's documents */
	size_t clause;  /* index in document.clauses, or SIZE_MAX */
	size_t chapter; /* index in document.chapters, or SIZE_MAX */
	char *text;     /* safe to draw: the document's own text, or a sanitized copy */
	size_t len;
	bool owned;     /* text is a copy the page frees */
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
	size_t nblocks;
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
void page_build(struct page *, const struct document *, const char *);
void page_build_docs(struct page *, struct document *const *, size_t, const char *, bool);
void page_add_document(struct page *, const struct document *, size_t, const char *, bool);
void page_add_chapters(struct page *, const struct document *, size_t, const char *);
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
size_t page_block_of_clause(const struct page *, size_t, size_t);
size_t page_block_of_chapter(const struct page *, size_t, size_t);
void page_free(struct page *);

/* keymap.c: key names, bindings from keys to actions, keymap files */
typedef int keycode;
#define KEYC_FKEY 0x01000000 /* an ncurses KEY_* code */
#define KEYC_META 0x02000000 /* Escape, then the key */
struct reader;
struct action {
	const char *name;
	const char *topic; /* the help screen's group */
	const char *desc;
	void (*fn)(struct reader *);
	bool partial; /* works on a document still loading; others wait for the rest */
};
extern const struct action actions[]; /* reader.c */
extern const size_t nactions;
#define MAX_SEQUENCE 2
struct binding {
	keycode keys[MAX_SEQUENCE]; /* one key, or a two-key sequence such as gg */
	int nkeys;
	const struct action *action;
	char *note; /* help text from the keymap file, or NULL */
};
struct keymap {
	struct binding *v;
	size_t n;
};
extern const char default_keys[]; /* keymaps/default.keys, compiled in */
int keycode_parse(const char *, keycode *);
char *keycode_name(keycode);
char *binding_name(const struct binding *);
const struct action *action_find(const char *);
void keymap_bind(struct keymap *, const keycode *, int, const struct action *, const char *);
bool keymap_unbind(struct keymap *, const keycode *, int);
const struct action *keymap_lookup(const struct keymap *, const keycode *, int);
bool keymap_is_prefix(const struct keymap *, keycode);
void keymap_parse(struct keymap *, const char *, const char *, struct diags *);
int keymap_load(struct keymap *, const char *, const char *, struct diags *);
void keymap_defaults(struct keymap *);
void keymap_dump(const struct keymap *, struct buf *);
void keymap_free(struct keymap *);

/* reader.c: the ncurses reader */
struct reader_options {
	bool ambiguous_wide; /* the terminal draws East Asian Ambiguous characters wide */
	bool color;
	struct keymap *keymap;
	char *warning;       /* shown as the reader starts (a keymap problem), or NULL */
	struct loader *loader; /* the document still loading (the reader takes it), or NULL */
	char **pending;        /* the files still to load after it, in order */
	size_t npending;
	struct diags *diags;   /* where the rest of the loading reports */
};
int reader_run(struct library *, const struct reader_options *);

/* numeral.c: Chinese numerals as used for chapter and clause numbers */
int numeral_parse(const char *, size_t);
char *numeral_format(int);
int clause_spec_parse(const char *);

/* The document model. */
struct attribution {
	struct strlist lead;      /* lead departments in source order; empty is a source quirk */
	bool by_division;         /* 按职责分工: the leads divide the work by their duties */
	struct strlist cooperate; /* departments that cooperate (配合) */
	bool own_line;            /* a paragraph of its own instead of closing the last one */
	unsigned line, col;       /* where it stands in the YAML */
};

struct clause {
	int number;      /* 15 for (十五) */
	char *numeral;   /* "十五" */
	char *title;
	bool title_alone; /* source quirk: the title is a paragraph of its own, without 。 */
	struct strlist text; /* paragraphs, without the attribution */
	struct attribution *resp;
	size_t nresp;
	size_t chapter;  /* index into document.chapters */
	unsigned line, col;
};

struct chapter {
	int number;
	char *numeral;
	char *title;
	size_t first;  /* index of its first clause in document.clauses */
	size_t count;
	unsigned line, col;
};

struct department {
	char *name;               /* as written in plans: 市财政局 */
	char *full;               /* official name, or NULL */
	struct strlist short_forms;
	bool generic;             /* 市相关部门: a collective, not one body */
};

struct registry {
	char *path;
	struct department *v;
	size_t n;
};

enum punctuation { PUNCT_FULLWIDTH, PUNCT_HALFWIDTH };

struct document {
	char *path;
	char *title;
	char *status;    /* 征求意见稿, or NULL */
	char *part;      /* "2", or NULL */
	char *issuer;
	char *published; /* "2019-11-26 10:29" or "2019-11-26" */
	char *category;
	struct strlist preamble; /* paragraphs before the first chapter not otherwise modelled */
	enum punctuation punct;
	bool final_newline;
	char *departments;         /* the registry as the document names it, or NULL */
	struct registry *registry; /* borrowed from the library; may be NULL */
	struct chapter *chapters;
	size_t nchapters;
	struct clause *clauses;
	size_t nclauses;
};

struct library {
	struct document **docs;
	size_t ndocs;
	struct registry **regs;
	size_t nregs;
};

/* doc.c */
struct document *document_create(void);
void document_free(struct document *);
struct chapter *document_add_chapter(struct document *);
struct clause *document_add_clause(struct document *);
struct attribution *clause_add_attribution(struct clause *);
const struct clause *document_find_clause(const struct document *, int);
bool clause_leads(const struct clause *, const char *);
bool clause_cooperates(const struct clause *, const char *);
struct library *library_create(void);
void library_free(struct library *);
struct registry *library_registry(struct library *, const char *, struct diags *);
int library_load(struct library *, const char *, struct diags *);
void library_add(struct library *, struct document *);

/* registry.c */
void registry_free(struct registry *);
const struct department *registry_find(const struct registry *, const char *);
const struct department *registry_resolve(const struct registry *, const char *,
    const struct department **, size_t *);
size_t registry_suggest(const struct registry *, const char *, const struct department **,
    size_t);

/* yaml.c: libyaml events into a small positioned tree (the only file that sees <yaml.h>) */
enum ynode_type { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };
struct ynode {
	enum ynode_type type;
	unsigned line, col;
	char *str;          /* scalars */
	size_t len;
	bool plain;         /* an unquoted scalar, which may be a number, boolean or null */
	bool streamed;      /* a list whose items went to a yaml_item_fn, not into kids */
	bool pooled;        /* allocated from the loader's pool: not freed one by one */
	struct ynode **kids; /* sequence items; a map's keys and values, alternating */
	size_t n;
};
typedef void yaml_item_fn(void *, const struct ynode *, struct ynode *);
struct yaml_stream;
struct yaml_stream *yaml_open(const char *, const char *, yaml_item_fn *, void *, struct diags *);
struct yaml_stream *yaml_open_buffer(const char *, const char *, size_t, const char *,
    yaml_item_fn *, void *, struct diags *);
bool yaml_step(struct yaml_stream *, long);
double yaml_progress(const struct yaml_stream *);
struct ynode *yaml_close(struct yaml_stream *);
void yaml_abandon(struct yaml_stream *);
struct ynode *yaml_load(const char *, const char *, yaml_item_fn *, void *, struct diags *);
struct ynode *yaml_load_buffer(const char *, const char *, size_t, const char *,
    yaml_item_fn *, void *, struct diags *);
void ynode_free(struct ynode *);

/* schema.c: a ynode tree into the model, checking every field */
struct document *schema_document(const struct ynode *, const char *, struct library *,
    struct diags *);
struct document *schema_load(const char *, const char *, size_t, struct library *,
    struct diags *);
struct loader;
struct loader *loader_open(const char *, const char *, size_t, struct library *, struct diags *);
bool loader_step(struct loader *, long);
double loader_progress(const struct loader *);
struct document *loader_document(const struct loader *);
struct document *loader_finish(struct loader *, bool, bool *);
void loader_cancel(struct loader *);
struct registry *schema_registry(const struct ynode *, const char *, struct diags *);

/* import.c: a plan's plain text into the model */
struct document *import_text(const char *, const char *, size_t, struct diags *);

/* export.c */
enum export_format { EXPORT_TEXT, EXPORT_MARKDOWN, EXPORT_JSON, EXPORT_CSV, EXPORT_YAML };
int export_format_parse(const char *);
void export_document(struct buf *, const struct document *, enum export_format);
void export_view(struct buf *, const struct document *, enum export_format, const bool *);
void export_departments(struct strlist *, const struct document *);
void export_matrix(struct buf *, const struct document *);
void export_title_line(struct buf *, const struct document *);
void export_clause_text(struct buf *, const struct document *, const struct clause *);
void export_clause_number(struct buf *, const struct document *, const struct clause *);
void export_chapter_heading(struct buf *, const struct document *, const struct chapter *);
void export_attribution(struct buf *, const struct document *, const struct attribution *);
void export_responsibility(struct buf *, const struct attribution *);

/* search.c: PCRE2 behind one file */
struct search;
#define SEARCH_CASELESS  0x1
#define SEARCH_SMARTCASE 0x2
struct search *search_compile(const char *, int, char **);
int search_exec(struct search *, const char *, size_t, size_t, size_t *, size_t *);
size_t search_resume(const char *, size_t, size_t, size_t);
void search_set_budget(struct search *, unsigned);
void search_clear_budget(struct search *);
const char *search_error(const struct search *);
void search_free(struct search *);

/* query.c: the command-line queries; each returns an exit status like grep's */
struct query_out {
	FILE *fp;
	bool tty;   /* a terminal: escape control characters, highlight matches */
	bool color; /* highlight in colour (else bold): a terminal without NO_COLOR */
	const char *prefix; /* with several documents: each line begins "FILE:", as grep's */
};
int query_outline(const struct document *, struct query_out *);
int query_show(const struct document *, const char *, struct query_out *);
int query_grep(const struct document *, const char *, int, struct query_out *);
int query_dept(const struct document *, const char *, struct query_out *);
int query_departments(const struct document *, struct query_out *);
struct query_view {          /* the clauses an export covers */
	const char *dept;    /* those this department leads, or */
	const char *grep;    /* those this regular expression matches */
	int grep_flags;
};
int query_export(const struct document *, const char *, const struct query_view *,
    struct query_out *);
int query_matrix(const struct document *, struct query_out *);

/* state.c: positions, bookmarks and searches kept between sessions, in one file */
struct state;
char *state_file(void);
struct state *state_load(const char *, struct diags *);
const char *state_problem(const struct state *);
const char *state_open_document(struct state *, const struct document *);
bool state_position(struct state *, int *, int *);
void state_set_position(struct state *, int, int);
bool state_mark(struct state *, int, int *, int *);
void state_set_mark(struct state *, int, int, int);
const struct strlist *state_searches(const struct state *);
void state_add_search(struct state *, const char *);
int state_save(struct state *, char **);
void state_free(struct state *);
void state_set_crash_hook(void (*)(int));

#endif
