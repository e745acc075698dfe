/*
 * plan.h: the plan layer: the document model and the library that owns it, loading and
 * checking documents, importing plain text, exporting, and searching. No curses here.
 *
 * Ownership, stated once:
 * - A struct library owns its documents and its registries; library_free() frees all.
 * - A document owns every string in it; strings are UTF-8, NUL-terminated, and valid
 *   (the loader rejects invalid UTF-8), so consumers never re-validate.
 */
#ifndef PLANVIEW_PLAN_H
#define PLANVIEW_PLAN_H

#include "base/base.h"

struct document;
struct library;

#define PLANVIEW_SCHEMA 1

#define MAX_INPUT_BYTES (256u * 1024 * 1024) /* larger files are refused */

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

/* Departments are added with registry_add(), which indexes their names. */
struct registry {
	char *path;
	struct department *v;
	size_t n;
	size_t *slots; /* registry.c's hash table of the names: 1 + an index into v, or 0 */
	size_t nslots;
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
void document_departments(struct strlist *, const struct document *);
struct library *library_create(void);
void library_free(struct library *);
void library_add(struct library *, struct document *);
struct registry *library_find_registry(const struct library *, const char *);
void library_add_registry(struct library *, struct registry *);

/* registry.c */
void registry_free(struct registry *);
bool registry_add(struct registry *, struct department *);
const struct department *registry_find(const struct registry *, const char *);
const struct department *registry_resolve(const struct registry *, const char *,
    const struct department **, size_t *);
size_t registry_suggest(const struct registry *, const char *, const struct department **,
    size_t);

/* loader.c: documents loaded a slice at a time, whole, or into a library */
struct loader;
struct loader *loader_open(const char *, const char *, size_t, struct library *, struct diags *);
bool loader_step(struct loader *, long);
double loader_progress(const struct loader *);
struct document *loader_document(const struct loader *);
struct document *loader_finish(struct loader *, bool, bool *);
void loader_cancel(struct loader *);
struct document *loader_read(const char *, const char *, size_t, struct library *,
    struct diags *);
int library_load(struct library *, const char *, struct diags *);

/* import.c: a plan's plain text into the model */
struct document *import_text(const char *, const char *, size_t, struct diags *);

/* text.c: a document's parts as its source prints them, and responsibilities as shown */
void text_title_line(struct buf *, const struct document *);
void text_chapter_heading(struct buf *, const struct document *, const struct chapter *);
void text_clause_number(struct buf *, const struct document *, const struct clause *);
void text_clause(struct buf *, const struct document *, const struct clause *);
void text_attribution(struct buf *, const struct document *, const struct attribution *);
void text_responsibility(struct buf *, const struct attribution *);

/* export.c: the document in a format, whole or a view (export_csv.c: and the matrix) */
enum export_format { EXPORT_TEXT, EXPORT_MARKDOWN, EXPORT_JSON, EXPORT_CSV, EXPORT_YAML };
int export_format_parse(const char *);
void export_document(struct buf *, const struct document *, enum export_format);
void export_view(struct buf *, const struct document *, enum export_format, const bool *);
void export_matrix(struct buf *, const struct document *);

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

#endif
