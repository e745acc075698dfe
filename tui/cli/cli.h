/* cli.h: the command-line layer: the queries, and running them (and --import, --check). */
#ifndef PLANVIEW_CLI_H
#define PLANVIEW_CLI_H

#include "plan/plan.h"

/* query.c: the command-line queries; each returns an exit status like grep's */
struct query_out {
	FILE *fp;
	bool tty;       /* a terminal: escape control characters */
	bool highlight; /* mark matches with escapes (--color) */
	bool color;     /* ... in colour (else bold): no NO_COLOR */
	const char *prefix; /* with several documents: each line begins "FILE:", as grep's */
	bool csv_raw; /* CSV cells as written: no ' before one a spreadsheet takes for a formula */
	struct query_patterns *patterns; /* --grep over several documents: compiled once, or NULL */
};
#define QUERY_PATTERNS_MAX 2 /* a document's text folded or not: a pattern's two compilations */
struct query_patterns {
	struct search *re[QUERY_PATTERNS_MAX];
	int flags[QUERY_PATTERNS_MAX];
	size_t n;
};
void query_patterns_free(struct query_patterns *);
bool query_pattern_ok(const char *, int);
int query_outline(const struct document *, struct query_out *);
int query_show(const struct document *, const char *, struct query_out *);
int query_grep(const struct document *, const char *, int, const struct strlist *,
    struct query_out *);
int query_dept(const struct document *, const struct strlist *, int, struct query_out *);
bool query_dept_names(const struct document *, const char *, int, bool, struct strlist *);
int query_departments(const struct document *, struct query_out *);
int query_departments_library(const struct library *, struct query_out *);
struct body_rows *query_departments_begin(void);
void query_departments_add(struct body_rows *, const struct document *);
int query_departments_end(struct body_rows *, struct query_out *);
struct query_view {          /* the items an export covers */
	const struct strlist *depts; /* those any of these departments leads, and (or NULL) */
	const char *grep;    /* those this regular expression matches (or NULL) */
	int flags;           /* SEARCH_*: the search's, and SEARCH_FOLD for the department */
};
int query_export(const struct document *, const char *, const struct query_view *,
    struct query_out *);
int query_matrix(const struct document *, struct query_out *);
int query_matrix_library(const struct library *, struct query_out *);

/* cli.c: a query over every document, --import, --check; each returns the exit status */
enum query_kind {
	QUERY_OUTLINE, QUERY_SHOW, QUERY_GREP, QUERY_DEPT, QUERY_DEPARTMENTS, QUERY_EXPORT,
	QUERY_MATRIX,
};
/* --color: highlight on a terminal that is not dumb (auto), always, or never, as grep's. */
enum query_color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct cli_query {
	enum query_kind query;
	const char *arg;    /* --show's item, --grep's pattern */
	const char *export; /* --export's format: alone, or the view of a --grep or --dept */
	int search_flags;   /* --grep's, and SEARCH_FOLD for --dept too */
	bool csv_raw;       /* --csv-raw: CSV cells as written, formulas and all */
	const struct strlist *depts; /* --dept's names (any of them leads); with --grep, only
	                                in their items; empty: none */
	enum query_color color;
};
int cli_query(const struct cli_query *, struct library *);
bool cli_query_streams(const struct cli_query *, size_t);
bool cli_query_heads_only(const struct cli_query *);
int cli_query_files(const struct cli_query *, struct library *, char *const *, size_t,
    struct diags *);
int cli_import(const char *, const char *, const char *);
int cli_check(char **, int, const char *);

#endif
