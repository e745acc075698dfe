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
struct snapshot_rest;
struct name_forms;

#define PLANVIEW_SCHEMA 2 /* the version written; version 1 documents still load */

#define MAX_INPUT_BYTES (256u * 1024 * 1024) /* larger files are refused */

/* numbering.c: the numbers that open headings (第一章, 一、, （一）, 1., （1）, ①, 附件1) */
enum num_style {
	NUM_NONE,          /* no number: a task table's row or group */
	NUM_PART,          /* 第一部分, 第一篇 */
	NUM_CHAPTER,       /* 第一章 */
	NUM_SECTION,       /* 第一节 */
	NUM_ARTICLE,       /* 第一条 */
	NUM_HAN,           /* 一、 */
	NUM_HAN_PAREN,     /* （一） (一) */
	NUM_ARABIC,        /* 1. 1． 1、 */
	NUM_ARABIC_PAREN,  /* （1） (1) */
	NUM_ARABIC_RPAREN, /* 1） 1) */
	NUM_CIRCLED,       /* ① */
	NUM_ATTACHMENT,    /* 附件1, 附件一, 附件 */
};
struct numtok {
	enum num_style style;
	int value;
	size_t len;  /* bytes of the number with its punctuation */
	size_t gap;  /* bytes of blanks after it */
	bool half;   /* a half-width bracket or point */
};
bool numbering_parse(const char *, size_t, struct numtok *);
char *numbering_path_part(const char *);
bool numbering_matches(const char *, const struct numtok *, const char *);
char *numbering_renumber(const char *, size_t, const struct numtok *, int);

/* The parts of an official document (GB/T 9704-2012) outside its numbered items. */
enum matter {
	MATTER_COPY_NUMBER,     /* 份号 */
	MATTER_SECRECY,         /* 密级和保密期限 */
	MATTER_URGENCY,         /* 紧急程度 */
	MATTER_ISSUER_MARK,     /* 发文机关标志: 某某区人民政府文件 */
	MATTER_DOC_NUMBER,      /* 发文字号: 某政发〔2023〕2号 */
	MATTER_SIGNER,          /* 签发人 */
	MATTER_NOTICE_TITLE,    /* the transmittal notice's title: 关于印发…的通知 */
	MATTER_ADDRESSEE,       /* 主送机关: 各区人民政府，市政府各部门： */
	MATTER_NOTICE,          /* the transmittal notice's text */
	MATTER_TITLE,           /* the plan's title, on one line or two */
	MATTER_SUBTITLE,        /* after the title: （征求意见稿）, （2023年）, a document number */
	MATTER_BYLINE,          /* a web page's issuer, date and category */
	MATTER_PREAMBLE,        /* the plan's opening, before its first item */
	MATTER_ATTACHMENT_NOTE, /* 附件说明: 附件：1.… */
	MATTER_SIGNATURE,       /* 发文机关署名 */
	MATTER_DATE,            /* 成文日期 */
	MATTER_REMARK,          /* 附注: （此件公开发布） */
	MATTER_CC,              /* 抄送机关 */
	MATTER_PRINTER,         /* 印发机关和印发日期 */
	MATTER_TEXT,            /* anything else outside the items (a rule line, a stray note) */
};
#define NMATTERS (MATTER_TEXT + 1)
const char *matter_name(enum matter);
int matter_parse(const char *);

/* resp.c: responsibility as plans write it, in either script */
struct resp {
	struct strlist as;          /* the words as written: a piece per line (or table cell) */
	struct strlist lead;        /* lead departments as written, qualifiers split off */
	struct strlist cooperate;   /* 配合, 参与, 协助; or named beside a lead */
	struct strlist responsible; /* responsible with no lead named: 责任单位：甲、乙 */
	struct strlist notes;       /* qualifiers and remarks: 等有关部门 */
	struct strlist supervisors; /* 分管领导: people, not departments */
	struct strlist deadlines;   /* 完成时限: 2023年底前, 长期坚持 */
	bool by_division;           /* 按职责分工 */
	bool separately;            /* 分别牵头 */
	bool first_leads;           /* the lead is the first unit named, by the document's rule */
	bool lead_missing;          /* 牵头 is written with no name before it (a source quirk) */
	unsigned line, col;         /* where it stands in the YAML, or in the text imported */
};
void resp_free(struct resp *);
bool resp_parse(const char *, size_t, struct resp *);
size_t resp_tail(const char *, size_t, size_t *, struct resp *);
bool resp_may_open(const char *, size_t);
bool resp_line(const char *, size_t, struct resp *);
bool resp_states_rule(const char *, size_t);
void resp_normalize(struct resp *);
void resp_split_names(struct resp *, struct strlist *, const char *, size_t);
bool resp_names(const struct resp *, const char *);

/* decode.c: a plan's bytes as UTF-8, and back */
struct source_form {
	char *encoding;      /* "utf-8", "gb18030", "utf-16le"...: what the text export gives back */
	bool bom;
	bool crlf;           /* lines end in CR LF */
	bool final_newline;
	bool blank_between;  /* a blank line between every two lines */
};
char *text_decode(const char *, const char *, size_t, const char *, struct source_form *,
    size_t *, struct diags *);
char *text_encode(const char *, size_t, const struct source_form *, size_t *);

/* The document model: a list of nodes in reading order, items nested by depth. */
enum node_kind {
	NODE_MATTER,  /* lines of one part of the document's matter */
	NODE_ITEM,    /* a numbered item: its heading line, its text, the items under it */
	NODE_GROUP,   /* a heading a task table's merged cell gives: no line of its own */
};
struct node {
	enum node_kind kind;
	enum matter matter;      /* NODE_MATTER */
	char *heading;           /* NODE_ITEM: the heading line as written, indentation and all */
	char *number;            /* as written, with its punctuation: （一）, 1．; "" for none */
	char *title;             /* its first sentence, or the short line after a lone number */
	struct numtok num;       /* the number's style and value */
	struct strlist text;     /* the lines after the heading (a matter's lines), as written; */
	                         /* "" is a blank line */
	struct resp *resp;
	size_t nresp;
	struct strlist fields;   /* a task table's other columns: name, value, name, value... */
	unsigned depth;          /* 0 at the top */
	size_t parent;           /* SIZE_MAX at the top */
	size_t end;              /* one past its last descendant, once the document is whole */
	unsigned line, col;      /* where it stands in the YAML, or in the text imported */
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
	struct strindex names; /* each name once, looked up by hash, */
	size_t *first;         /* and for each, the department in v that has it */
};

enum lead_rule { LEAD_RULE_NONE, LEAD_RULE_FIRST };

/*
 * An item's text as text_item_views() gives it, kept in a snapshot and read in place: its
 * lines (n of them from lines[first], own of them its own: see text_item_views()) and the
 * bytes of the first that are its heading; a line is len bytes of the text arena at `at`.
 */
struct kept_item {
	uint32_t first, n, own, head;
};
struct kept_line {
	uint32_t at, len, flags;
};

struct document {
	char *path;
	int schema;                /* the version it was read as: 1, 2, or 0 imported */
	char *title;               /* without status or part */
	char *status;              /* 征求意见稿, or NULL */
	char *part;                /* "2", or NULL */
	char *issuer;
	char *published;           /* "2019-11-26 10:29" or "2019-11-26" */
	char *category;
	char *doc_number;          /* 某政发〔2023〕2号 */
	char *departments;         /* the registry as the document names it, or NULL */
	struct registry *registry; /* borrowed from the library; may be NULL */
	const struct name_forms *names; /* the shared name forms, borrowed from the library */
	struct source_form src;
	enum lead_rule lead_rule;
	struct node *nodes;        /* reallocated as the document grows: hold indexes, not pointers */
	size_t nnodes;
	const char *format;        /* a published file's format ("PDF"...), or NULL for text, YAML */
	struct strlist dropped;    /* what its reader left out as page furniture: "header: ..." */
	/* Read from a snapshot (snapshot.c): its strings are in this read-only mapping, its */
	/* string lists' arrays in map_strs and its responsibilities in map_resps; NULL if not. */
	void *map;
	size_t map_len;
	bool map_read;             /* map is a copy read into the heap: freed, not unmapped */
	char **map_strs;
	struct resp *map_resps;
	void *model_map;           /* the three in a mapping of their own (map_large()), or NULL */
	size_t model_len;
	uint64_t folded_with;      /* the fold table (script_fold_id()) its text is folded under */
	bool text_safe;            /* every string safe to draw as it is, tabs and line breaks */
	                           /* apart (utf8_is_safe()), as its snapshot was written */
	bool heads_only;           /* read from a snapshot's head alone: its items have no */
	                           /* heading, text or fields (library.heads_only) */
	const struct kept_item *kept_items; /* by node: its text_item_views() as its snapshot */
	const struct kept_line *kept_lines; /* keeps them (in map), or NULL: worked out each time */
	const char *kept_text;     /* the arena the kept lines are in */
	struct snapshot_rest *rest; /* its nodes not all made yet, or NULL: */
	                           /* library.nodes_on_demand, snapshot_make_nodes() */
	void (*release_rest)(struct document *); /* lets rest go (its thread stopped first) */
};

struct library {
	struct document **docs;
	size_t ndocs;
	struct registry **regs;
	size_t nregs;
	const char *encoding; /* plain texts' encoding (--encoding), or NULL to detect it */
	const struct name_forms *names; /* the shared name forms (not owned), or NULL */
	bool no_cache;        /* --no-cache: no snapshot read or written (loader.c, snapshot.c) */
	bool transient;       /* each document is let go before the next is loaded: a small */
	                      /* snapshot is read into the heap, whose memory the next reuses */
	bool heads_only;      /* the query prints no item's text (--dept, --departments, */
	                      /* --outline): a snapshot's head is read, not its body */
	bool snapshots_later; /* the reader: a parsed document's snapshot waits for */
	                      /* library_save_snapshots() (its first screen comes first) */
	bool nodes_on_demand; /* the reader of one plan: a large snapshot's nodes are made */
	                      /* as they are shown (snapshot_make_nodes()), not all first */
	struct later_snapshot *later; /* the snapshots waiting */
	size_t nlater;
};

/* doc.c: the model, and the library as a container */
struct document *document_create(void);
void document_free(struct document *);
void document_need_text(const struct document *, const char *);
bool library_snapshots_waiting(const struct library *);
void library_save_snapshots(struct library *);
size_t document_add_node(struct document *, enum node_kind);
void document_finish_tree(struct document *, size_t);
void node_free(struct node *);
struct resp *node_add_resp(struct node *);
void node_path(struct buf *, const struct document *, size_t);
void node_label(struct buf *, const struct node *);
char *item_title(const char *, const struct numtok *, const struct strlist *);
bool node_leads(const struct node *, const char *);
bool node_cooperates(const struct node *, const char *);
bool node_responsible(const struct node *, const char *);
bool node_searchable(const struct node *);
bool node_shown(const struct node *);
size_t document_find(const struct document *, const char *, size_t *, size_t);
size_t document_last_item(const struct document *);
bool node_is_task(const struct document *, size_t);
size_t document_leads(const struct document *, const char *, bool *);
size_t document_leads_any(const struct document *, const struct strlist *, bool *);
int document_search_flags(const struct document *, int);
void document_departments(struct strlist *, const struct document *);
enum { TALLY_LEADS, TALLY_COOPERATES, TALLY_RESPONSIBLE };
struct dept_tally {
	struct strindex names;            /* the departments, as written */
	struct dept_count { size_t n[3]; } *counts; /* items, by TALLY_*, for each name */
};
void document_tally(struct dept_tally *, const struct document *);
void dept_tally_free(struct dept_tally *);
struct library *library_create(void);
void library_free(struct library *);
void library_free_at_exit(struct library *);
extern struct library *library_left_for_exit;
void library_share(const struct library *, struct document *);
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

/* snapshot.c: a document read from its snapshot, its nodes made on demand */
void snapshot_make_nodes(struct document *, size_t);

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
bool loader_is_yaml(const char *);
struct document *loader_import(const char *, const char *, size_t, const char *,
    struct diags *);
struct document *loader_read_any(const char *, struct library *, struct diags *);
bool loader_adopt(struct loader *, struct library *, bool);
int library_load(struct library *, const char *, struct diags *);
int library_known(const struct library *, const char *);
void library_pack(const struct library *, char *const *, const bool *, size_t, bool);
struct loader *library_load_for(struct library *, char *const *, size_t, size_t *, long,
    struct diags *);

/* import.c: a plan's text into the model */
struct document *import_text(const char *, const char *, size_t, const char *,
    struct diags *);

/* text.c: a document's lines as written, its title line, responsibilities as shown, the one text */
void text_title_line(struct buf *, const struct document *);
void text_line(struct buf *, const struct document *, bool *, const char *);
void text_node(struct buf *, const struct document *, size_t, bool);
void text_item_paragraphs(struct strlist *, const struct node *);
#define TEXT_LEAD_MISSING "（原文缺失）"       /* a lead the source leaves out */
#define TEXT_NO_RESP "（原文未列明责任单位）" /* an item the source names no one for */
bool text_lead_missing(const struct resp *);
void text_responsibility(struct buf *, const struct resp *);
enum {                       /* what a line of an item's text is (text_view.flags) */
	TEXT_VIEW_RESP = 1,  /* wholly one of its responsibilities as written */
	TEXT_VIEW_TABBED = 2 /* it has a tab (between a table's cells) */
};
struct text_view {           /* a line of an item's text (text_item_views()): */
	const char *s;       /* its bytes: the document's own, or made */
	size_t len;
	char *made;          /* s when made for it (a label, a responsibility), else NULL */
	unsigned flags;      /* TEXT_VIEW_* */
};
struct text_views {
	struct text_view *v;
	size_t n;
};
size_t text_item_views(struct text_views *, size_t *, const struct document *, size_t);
void text_views_free(struct text_views *);
void text_views_clear(struct text_views *);
size_t text_item_lines(struct strlist *, size_t *, const struct document *, size_t);

/* export.c: the document in a format, whole or a view (export_csv.c: and the matrix) */
enum export_format { EXPORT_TEXT, EXPORT_MARKDOWN, EXPORT_JSON, EXPORT_CSV, EXPORT_YAML };
int export_format_parse(const char *);
void export_document(struct buf *, const struct document *, enum export_format);
void export_view(struct buf *, const struct document *, enum export_format, const bool *);
void export_csv_table(struct buf *, const struct document *, const bool *, bool);
void export_matrix(struct buf *, const struct document *, bool);
void export_matrix_library(struct buf *, const struct library *, bool);
void export_registry(struct buf *, const struct document *);

/*
 * search.c: PCRE2 behind one file, and a match's context. With SEARCH_FOLD, search_exec()
 * at start 0 folds its subject; at a later start it reuses that fold while the subject is
 * the same (its address and length), so a subject must not change between such calls.
 */
struct search;
#define PATTERN_UNBOUNDED SIZE_MAX
#define PATTERN_ALTERNATIVES_MAX 8
struct pattern_literals { /* literal.c: what every match of a pattern holds */
	struct strlist alts;      /* one of these texts */
	size_t before;            /* characters of a match before it, at most */
};
bool pattern_literals(const char *, bool, struct pattern_literals *);
#define SEARCH_CASELESS  0x1
#define SEARCH_SMARTCASE 0x2
#define SEARCH_FOLD      0x4  /* traditional and simplified characters match as one */
#define SEARCH_FOLDED    0x8  /* ... and the subjects are their own folded form already */
#define SEARCH_EVERY_START 0x10 /* PCRE2 tries every subject, none left out by its literal */
#define SEARCH_CONTEXT 16     /* characters of context shown either side of a match */
#define SEARCH_ELLIPSIS "…"   /* where the context is cut short */
struct search *search_compile(const char *, int, char **);
int search_exec(struct search *, const char *, size_t, size_t, size_t *, size_t *);
size_t search_resume(const char *, size_t, size_t, size_t);
void search_set_budget(struct search *, unsigned);
void search_clear_budget(struct search *);
const char *search_error(const struct search *);
void search_free(struct search *);
const struct pattern_literals *search_literals(const struct search *);
size_t search_context_before(const char *, size_t, size_t, bool *);
size_t search_context_after(const char *, size_t, size_t, bool *);
struct search_window {   /* a match's context in a given width (search_context_centred()) */
	size_t start, end;       /* bytes shown, the match among them */
	bool cut_before, cut_after; /* where SEARCH_ELLIPSIS goes */
};
void search_context_centred(const char *, size_t, size_t, size_t, size_t, size_t, bool,
    struct search_window *);

/* script.c: traditional and simplified Chinese matched as one (OpenCC behind this file) */
bool script_ready(void);
const char *script_config(void);
const char *script_unopened(void);
bool script_missing(void);
char *script_warning(void);
void script_no_cache(void);
uint32_t script_fold_cp(uint32_t);
void script_fold(char *, size_t);
bool script_folds(const char *, size_t);
uint64_t script_fold_id(void);
char *script_fold_copy(const char *, size_t);
bool script_contains(const char *, const char *);

/*
 * names.c: the standard forms of the names of government bodies (content/name-forms.yaml).
 * A body_match's strings are borrowed from the forms and live until names_free().
 */
enum name_level { LEVEL_NONE, LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY, LEVEL_MUNICIPALITY };
struct name_forms;
struct body_match {
	const char *id;   /* the body */
	enum name_level level; /* from the prefix written (省/市/区/县/...), LEVEL_NONE if none */
	const char *form; /* the body's full stem at that level (or its first) */
	bool former;      /* matched a former name (环保局 -> 生态环境局) */
};
struct name_forms *names_load(const char *, struct diags *);
void names_free(struct name_forms *);
size_t names_resolve(const struct name_forms *, const char *, struct body_match *, size_t);
char *names_display(const struct name_forms *, const char *, enum name_level, const char *);
enum name_level names_prefix(const char *, char **, size_t *);
char *names_jurisdiction(const char *, const char *, const char *);
char *names_document_place(const struct document *);
char *names_identity(const struct name_forms *, const char *, const char *);
char *names_department(const struct document *, const char *, const char *);

#endif
