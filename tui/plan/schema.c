/*
 * schema.c: the YAML node tree into the document model, every field checked and placed; a
 * document's chapters one at a time as they are parsed (for the loader), or a whole tree.
 * A document's registry is loaded here, once per library, when the document names it.
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

/* Where a chapter or clause number was defined, to find duplicates once all are read. */
struct numbered {
	int number;
	unsigned line, col;
	const char *numeral;
};

/* How far a walk over a mapping's keys has got: the root's is resumed as the file loads. */
struct walk {
	const struct ynode *seen[sizeof(unsigned long) * 8]; /* by field: its key, once met */
	size_t next;                                          /* the next key's index */
};

struct schema {
	const char *path;
	struct diags *diags;
	struct library *lib;
	struct document *doc;
	const struct registry *reg;
	bool registry_tried; /* the departments key was looked for */
	bool leads_unchecked; /* chapters came before the registry: check leads at the end */
	struct numbered *clause_at, *chapter_at;
	size_t nclause_at, nchapter_at;
	struct walk root_walk; /* the root's keys before the chapters are walked with the first */
};

typedef void field_fn(struct schema *, const struct ynode *, void *);

struct field {
	const char *key;
	bool required;
	field_fn *parse;
};

static void
complain(struct schema *s, enum diag_level level, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
complain(struct schema *s, enum diag_level level, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(s->diags, level, s->path, n->line, n->col, fmt, ap);
	va_end(ap);
}

static bool
is_null(const struct ynode *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->type != YNODE_SCALAR || !n->plain || n->str == NULL)
		return false;
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (strcmp(n->str, nulls[i]) == 0)
			return true;
	return false;
}

static const char *
kind_name(const struct ynode *n)
{
	if (is_null(n))
		return "nothing";
	switch (n->type) {
	case YNODE_SCALAR:
		return "a scalar";
	case YNODE_SEQ:
		return "a list";
	case YNODE_MAP:
		return "a mapping";
	}
	return "?";
}

/* The string value of n, taken from the node (see ynode_take()), or NULL after a diagnostic. */
static char *
get_string(struct schema *s, const struct ynode *n, const char *what)
{
	struct ynode *node = (struct ynode *)n;

	if (n->type != YNODE_SCALAR || n->str == NULL || is_null(n)) {
		complain(s, DIAG_ERROR, n, "%s: expected a string, found %s", what, kind_name(n));
		return NULL;
	}
	if (strlen(n->str) != n->len) {
		complain(s, DIAG_ERROR, n, "%s: NUL character in a string", what);
		return NULL;
	}
	return ynode_take(node);
}

static void
get_bool(struct schema *s, const struct ynode *n, const char *what, bool *out)
{
	if (n->type == YNODE_SCALAR && n->plain && strcmp(n->str, "true") == 0)
		*out = true;
	else if (n->type == YNODE_SCALAR && n->plain && strcmp(n->str, "false") == 0)
		*out = false;
	else if (n->type == YNODE_SCALAR && !is_null(n))
		complain(s, DIAG_ERROR, n, "%s: expected true or false (unquoted), found %s'%s'",
		    what, n->plain ? "" : "the string ", n->str);
	else
		complain(s, DIAG_ERROR, n, "%s: expected true or false, found %s", what,
		    kind_name(n));
}

/* Fill a list of strings; each item goes through check when given. */
static void
get_strings(struct schema *s, const struct ynode *n, const char *what, struct strlist *out,
    void (*check)(struct schema *, const struct ynode *, const char *))
{
	char *str;

	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "%s: expected a list, found %s", what, kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		if ((str = get_string(s, n->kids[i], what)) == NULL)
			continue;
		strlist_add_owned(out, str);
		if (check != NULL)
			check(s, n->kids[i], str);
	}
}

/* Walk a mapping's keys from where w stopped: each known key to its parser; unknown keys warn. */
static void
walk_keys(struct schema *s, struct walk *w, const struct ynode *map, const char *what,
    const struct field *fields, size_t nfields, void *obj)
{
	if (nfields > sizeof w->seen / sizeof w->seen[0])
		fatal("walk_keys: %zu fields", nfields);
	for (; w->next + 1 < map->n; w->next += 2) {
		const struct ynode *key = map->kids[w->next], *val = map->kids[w->next + 1];
		size_t f;

		if (key->type != YNODE_SCALAR) {
			complain(s, DIAG_ERROR, key, "%s: keys must be plain strings", what);
			continue;
		}
		for (f = 0; f < nfields && strcmp(fields[f].key, key->str) != 0; f++)
			;
		if (f == nfields) {
			complain(s, DIAG_WARNING, key, "%s: unknown key '%s' (ignored)", what,
			    key->str);
			continue;
		}
		if (w->seen[f] != NULL) {
			complain(s, DIAG_ERROR, key, "%s: duplicate key '%s' (first at line %u)",
			    what, key->str, w->seen[f]->line);
			continue;
		}
		w->seen[f] = key;
		fields[f].parse(s, val, obj);
	}
}

/* Walk the rest of a mapping (all of it, for a new walk); missing required keys are errors. */
static void
walk_rest(struct schema *s, struct walk *w, const struct ynode *map, const char *what,
    const struct field *fields, size_t nfields, void *obj)
{
	if (map->type != YNODE_MAP) {
		complain(s, DIAG_ERROR, map, "%s: expected a mapping, found %s", what,
		    kind_name(map));
		return;
	}
	walk_keys(s, w, map, what, fields, nfields, obj);
	for (size_t f = 0; f < nfields; f++)
		if (fields[f].required && w->seen[f] == NULL)
			complain(s, DIAG_ERROR, map, "%s: missing required key '%s'", what,
			    fields[f].key);
}

static void
walk_map(struct schema *s, const struct ynode *map, const char *what,
    const struct field *fields, size_t nfields, void *obj)
{
	struct walk w = { { 0 }, 0 };

	walk_rest(s, &w, map, what, fields, nfields, obj);
}

#define WALK(s, map, what, fields, obj) \
	walk_map(s, map, what, fields, sizeof fields / sizeof fields[0], obj)

/*
 * A number or title that an error (already reported) left unset reads as empty, so that a
 * large document can be drawn as it loads, before its errors are known to the reader.
 */
static void
or_empty(char **field)
{
	if (*field == NULL)
		*field = xstrdup("");
}

/* A chapter or clause number: a Chinese numeral such as 十五 (or digits). */
static char *
get_numeral(struct schema *s, const struct ynode *n, const char *what, int *value)
{
	char *str = get_string(s, n, what);

	if (str == NULL)
		return NULL;
	if ((*value = numeral_parse(str, strlen(str))) <= 0) {
		complain(s, DIAG_ERROR, n, "%s: '%s' is not a number such as 十五", what, str);
		free(str);
		return NULL;
	}
	return str;
}

static void
check_department(struct schema *s, const struct ynode *n, const char *name)
{
	if (s->reg != NULL && registry_find(s->reg, name) == NULL)
		complain(s, DIAG_WARNING, n, "department '%s' is not in the registry %s",
		    name, s->reg->path);
}

static void
attr_lead(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "lead", &((struct attribution *)obj)->lead, check_department);
}

static void
attr_cooperate(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "cooperate", &((struct attribution *)obj)->cooperate,
	    check_department);
}

static void
attr_by_division(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "by_division", &((struct attribution *)obj)->by_division);
}

static void
attr_own_line(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "own_line", &((struct attribution *)obj)->own_line);
}

static const struct field attribution_fields[] = {
	{ "by_division", false, attr_by_division },
	{ "cooperate", false, attr_cooperate },
	{ "lead", true, attr_lead },
	{ "own_line", false, attr_own_line },
};

/* Note where a number was defined; duplicates are found when everything is read. */
static void
remember_number(struct numbered **at, size_t *nat, int number, const char *numeral,
    const struct ynode *n)
{
	*at = xgrow(*at, *nat, sizeof **at);
	(*at)[(*nat)++] = (struct numbered){ number, n->line, n->col, numeral };
}

static int
compare_numbered(const void *a, const void *b)
{
	const struct numbered *x = a, *y = b;

	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Sort the numbers and report each one defined twice, at the later definition. (No qsort
 * of an empty array: its pointer may be NULL, which qsort must not be given. One pass
 * keeps the start of each run of equal numbers: linear however many repeat one number.)
 */
static void
report_duplicates(struct schema *s, struct numbered *at, size_t n, const char *what)
{
	size_t first = 0;

	if (n < 2)
		return;
	qsort(at, n, sizeof *at, compare_numbered);
	for (size_t i = 1; i < n; i++) {
		if (at[i].number != at[first].number) {
			first = i;
			continue;
		}
		diag_add(s->diags, DIAG_ERROR, s->path, at[i].line, at[i].col,
		    "duplicate %s number %s (first at line %u)", what, at[i].numeral,
		    at[first].line);
	}
}

static void
clause_number(struct schema *s, const struct ynode *n, void *obj)
{
	struct clause *c = obj;

	if ((c->numeral = get_numeral(s, n, "clause number", &c->number)) != NULL)
		remember_number(&s->clause_at, &s->nclause_at, c->number, c->numeral, n);
}

static void
clause_title(struct schema *s, const struct ynode *n, void *obj)
{
	((struct clause *)obj)->title = get_string(s, n, "clause title");
}

static void
clause_title_alone(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "title_alone", &((struct clause *)obj)->title_alone);
}

static void
clause_text(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "text", &((struct clause *)obj)->text, NULL);
}

static void
clause_responsibility(struct schema *s, const struct ynode *n, void *obj)
{
	struct clause *c = obj;

	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "responsibility: expected a list, found %s",
		    kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct attribution *a = clause_add_attribution(c);

		a->line = n->kids[i]->line;
		a->col = n->kids[i]->col;
		WALK(s, n->kids[i], "responsibility", attribution_fields, a);
	}
}

static const struct field clause_fields[] = {
	{ "number", true, clause_number },
	{ "responsibility", false, clause_responsibility },
	{ "text", false, clause_text },
	{ "title", true, clause_title },
	{ "title_alone", false, clause_title_alone },
};

static void
chapter_number(struct schema *s, const struct ynode *n, void *obj)
{
	struct chapter *ch = obj;

	if ((ch->numeral = get_numeral(s, n, "chapter number", &ch->number)) != NULL)
		remember_number(&s->chapter_at, &s->nchapter_at, ch->number, ch->numeral, n);
}

static void
chapter_title(struct schema *s, const struct ynode *n, void *obj)
{
	((struct chapter *)obj)->title = get_string(s, n, "chapter title");
}

static void
chapter_clauses(struct schema *s, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "clauses: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct clause *c = document_add_clause(s->doc);

		c->line = n->kids[i]->line;
		c->col = n->kids[i]->col;
		WALK(s, n->kids[i], "clause", clause_fields, c);
		or_empty(&c->numeral);
		or_empty(&c->title);
	}
}

static const struct field chapter_fields[] = {
	{ "clauses", true, chapter_clauses },
	{ "number", true, chapter_number },
	{ "title", true, chapter_title },
};

static void
walk_chapter(struct schema *s, const struct ynode *item)
{
	struct chapter *ch = document_add_chapter(s->doc);

	ch->line = item->line;
	ch->col = item->col;
	WALK(s, item, "chapter", chapter_fields, ch);
	or_empty(&ch->numeral);
	or_empty(&ch->title);
}

static void
doc_chapters(struct schema *s, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "chapters: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) /* none when they were streamed: see on_chapter() */
		walk_chapter(s, n->kids[i]);
}

static void
doc_version(struct schema *s, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type != YNODE_SCALAR || is_null(n))
		complain(s, DIAG_ERROR, n, "planview: expected the schema version %d, found %s",
		    PLANVIEW_SCHEMA, kind_name(n));
	else if (!n->plain)
		complain(s, DIAG_ERROR, n, "planview: the schema version is a number: write "
		    "planview: %d without quotes", PLANVIEW_SCHEMA);
	else if (strcmp(n->str, "1") != 0)
		complain(s, DIAG_ERROR, n, "planview: schema version '%s' is not supported "
		    "(this planview reads version %d)", n->str, PLANVIEW_SCHEMA);
}

#define STRING_FIELD(fn, member, what)						\
static void									\
fn(struct schema *s, const struct ynode *n, void *obj)				\
{										\
	((struct document *)obj)->member = get_string(s, n, what);		\
}
STRING_FIELD(doc_title, title, "title")
STRING_FIELD(doc_status, status, "status")
STRING_FIELD(doc_part, part, "part")
STRING_FIELD(doc_issuer, issuer, "issuer")
STRING_FIELD(doc_category, category, "category")

static bool
published_ok(const char *p)
{
	static const char date[] = "dddd-dd-dd", datetime[] = "dddd-dd-dd dd:dd";
	const char *shape = strlen(p) == strlen(date) ? date : datetime;

	if (strlen(p) != strlen(shape))
		return false;
	for (size_t i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? (p[i] < '0' || p[i] > '9') : p[i] != shape[i])
			return false;
	if (atoi(p + 5) < 1 || atoi(p + 5) > 12 || atoi(p + 8) < 1 || atoi(p + 8) > 31)
		return false;
	return shape == date || (atoi(p + 11) < 24 && atoi(p + 14) < 60);
}

static void
doc_published(struct schema *s, const struct ynode *n, void *obj)
{
	struct document *d = obj;

	if ((d->published = get_string(s, n, "published")) != NULL && !published_ok(d->published))
		complain(s, DIAG_ERROR, n, "published: expected YYYY-MM-DD or YYYY-MM-DD HH:MM, "
		    "found '%s'", d->published);
}

static void
doc_preamble(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "preamble", &((struct document *)obj)->preamble, NULL);
}

static void
doc_departments(struct schema *s, const struct ynode *n, void *obj)
{
	(void)s, (void)n, (void)obj; /* loaded before the walk: see schema_document() */
}

static void
source_punctuation(struct schema *s, const struct ynode *n, void *obj)
{
	struct document *d = obj;

	if (n->type == YNODE_SCALAR && strcmp(n->str, "half-width") == 0)
		d->punct = PUNCT_HALFWIDTH;
	else if (n->type == YNODE_SCALAR && strcmp(n->str, "full-width") == 0)
		d->punct = PUNCT_FULLWIDTH;
	else
		complain(s, DIAG_ERROR, n, "punctuation: expected half-width or full-width");
}

static void
source_final_newline(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "final_newline", &((struct document *)obj)->final_newline);
}

static const struct field source_fields[] = {
	{ "final_newline", false, source_final_newline },
	{ "punctuation", false, source_punctuation },
};

static void
doc_source(struct schema *s, const struct ynode *n, void *obj)
{
	WALK(s, n, "source", source_fields, obj);
}

static const struct field document_fields[] = {
	{ "category", false, doc_category },
	{ "chapters", true, doc_chapters },
	{ "departments", false, doc_departments },
	{ "issuer", false, doc_issuer },
	{ "part", false, doc_part },
	{ "planview", true, doc_version },
	{ "preamble", false, doc_preamble },
	{ "published", false, doc_published },
	{ "source", false, doc_source },
	{ "status", false, doc_status },
	{ "title", true, doc_title },
};

static const struct ynode *
map_value(const struct ynode *map, const char *key)
{
	if (map->type != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->type == YNODE_SCALAR && strcmp(map->kids[i]->str, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

/*
 * The registry at path, loaded once and shared by every document of the library that
 * names it; NULL (with diagnostics) if it cannot be loaded.
 */
static struct registry *
registry_at(struct library *lib, const char *path, struct diags *diags)
{
	struct registry *reg;
	struct ynode *tree;

	if ((reg = library_find_registry(lib, path)) != NULL)
		return reg;
	if ((tree = yaml_load(path, NULL, NULL, NULL, diags)) == NULL)
		return NULL;
	reg = schema_registry(tree, path, diags);
	ynode_free(tree);
	if (reg != NULL)
		library_add_registry(lib, reg);
	return reg;
}

/* Whether a relative path climbs above the directory it starts from (a/../../x does). */
static bool
climbs_out(const char *path)
{
	long depth = 0;

	for (const char *p = path; *p != '\0'; p += strspn(p, "/")) {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return true;
		} else if (len != 1 || p[0] != '.')
			depth++;
		p += len;
	}
	return false;
}

/*
 * A registry outside the document's directory is used, but said: a document copied from
 * elsewhere should not read other directories unseen.
 */
static void
warn_outside(struct schema *s, const struct ynode *n, const char *name)
{
	if (name[0] == '/')
		complain(s, DIAG_WARNING, n, "departments: the registry '%s' is an absolute "
		    "path: it may lie outside the document's directory", name);
	else if (climbs_out(name))
		complain(s, DIAG_WARNING, n, "departments: the registry '%s' is outside the "
		    "document's directory", name);
}

/* The registry a document names, as a path relative to the document's directory. */
static void
load_registry(struct schema *s, const struct ynode *root)
{
	const struct ynode *n = map_value(root, "departments");
	char *name, *copy, *path;

	if (s->registry_tried)
		return;
	s->registry_tried = true;
	if (n == NULL || (name = get_string(s, n, "departments")) == NULL)
		return;
	warn_outside(s, n, name);
	copy = xstrdup(s->path);
	path = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", dirname(copy), name);
	s->reg = registry_at(s->lib, path, s->diags);
	if (s->reg == NULL)
		complain(s, DIAG_ERROR, n, "departments: cannot use the registry '%s'", name);
	s->doc->registry = (struct registry *)s->reg;
	s->doc->departments = name;
	free(path);
	free(copy);
}

/* Leads met before the registry was known (it came after the chapters): check them now. */
static void
check_leads_late(struct schema *s)
{
	if (!s->leads_unchecked || s->reg == NULL)
		return;
	for (size_t i = 0; i < s->doc->nclauses; i++)
		for (size_t j = 0; j < s->doc->clauses[i].nresp; j++) {
			const struct attribution *a = &s->doc->clauses[i].resp[j];

			for (size_t k = 0; k < a->lead.n + a->cooperate.n; k++) {
				const char *d = k < a->lead.n ? a->lead.v[k] : a->cooperate.v[k - a->lead.n];

				if (registry_find(s->reg, d) == NULL)
					diag_add(s->diags, DIAG_WARNING, s->path, a->line, a->col,
					    "department '%s' is not in the registry %s", d, s->reg->path);
			}
		}
}

/* Everything after the nodes are read: the root's keys, duplicates, late checks. */
static struct document *
finish(struct schema *s, const struct ynode *root)
{
	load_registry(s, root);
	walk_rest(s, &s->root_walk, root, "document", document_fields,
	    sizeof document_fields / sizeof document_fields[0], s->doc);
	report_duplicates(s, s->chapter_at, s->nchapter_at, "chapter");
	report_duplicates(s, s->clause_at, s->nclause_at, "clause");
	check_leads_late(s);
	free(s->clause_at);
	free(s->chapter_at);
	return s->doc;
}

static void
start(struct schema *s, const char *path, struct library *lib, struct diags *diags)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	s->diags = diags;
	s->lib = lib;
	s->doc = document_create();
	s->doc->path = xstrdup(path);
}

/* The document in a whole node tree; NULL after diagnostics if it is not one. */
struct document *
schema_document(const struct ynode *root, const char *path, struct library *lib,
    struct diags *diags)
{
	struct schema s;

	start(&s, path, lib, diags);
	return finish(&s, root);
}

/*
 * Start walking a document whose chapters come one at a time (schema_chapter()), to be
 * named path in diagnostics, which go to diags.
 */
struct schema *
schema_start(const char *path, struct library *lib, struct diags *diags)
{
	struct schema *s = xmalloc(sizeof *s);

	start(s, path, lib, diags);
	return s;
}

/*
 * A chapter as soon as the parser has it, walked into the model (the parser frees it):
 * a yaml_item_fn whose context is the schema.
 */
void
schema_chapter(void *ctx, const struct ynode *root_so_far, struct ynode *item)
{
	struct schema *s = ctx;

	if (!s->registry_tried && map_value(root_so_far, "departments") != NULL)
		load_registry(s, root_so_far);
	if (s->reg == NULL && !s->registry_tried)
		s->leads_unchecked = true;
	/* the keys before the chapters (title, byline, punctuation): shown while the rest loads */
	walk_keys(s, &s->root_walk, root_so_far, "document", document_fields,
	    sizeof document_fields / sizeof document_fields[0], s->doc);
	walk_chapter(s, item);
}

/* The document as far as it has been walked. */
struct document *
schema_walked(const struct schema *s)
{
	return s->doc;
}

/*
 * The rest of the document, now that the whole tree is read (its chapters were walked
 * one by one); frees the schema. *late (unless NULL) tells whether keys of the document's
 * heading came after its chapters.
 */
struct document *
schema_finish(struct schema *s, const struct ynode *root, bool *late)
{
	struct document *doc;

	if (late != NULL)
		*late = root->n > s->root_walk.next + 2;
	doc = finish(s, root);
	free(s);
	return doc;
}

/* Stop walking: frees the schema; the document stays as far as it got, for its owner. */
void
schema_abandon(struct schema *s)
{
	free(s->clause_at);
	free(s->chapter_at);
	free(s);
}

static void
dept_name(struct schema *s, const struct ynode *n, void *obj)
{
	((struct department *)obj)->name = get_string(s, n, "name");
}

static void
dept_full(struct schema *s, const struct ynode *n, void *obj)
{
	((struct department *)obj)->full = get_string(s, n, "full");
}

static void
dept_short(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "short", &((struct department *)obj)->short_forms, NULL);
}

static void
dept_generic(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "generic", &((struct department *)obj)->generic);
}

static const struct field department_fields[] = {
	{ "full", false, dept_full },
	{ "generic", false, dept_generic },
	{ "name", true, dept_name },
	{ "short", false, dept_short },
};

static void
reg_departments(struct schema *s, const struct ynode *n, void *obj)
{
	struct registry *r = obj;

	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "departments: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct department d = { 0 };
		bool named;

		WALK(s, n->kids[i], "department", department_fields, &d);
		if (!(named = d.name != NULL))
			d.name = xstrdup(""); /* its error is reported: the registry is dropped */
		if (!registry_add(r, &d) && named)
			complain(s, DIAG_ERROR, n->kids[i], "duplicate department '%s'", d.name);
	}
}

static const struct field registry_fields[] = {
	{ "departments", true, reg_departments },
	{ "planview", true, doc_version },
};

/* The department registry in a node tree; NULL after diagnostics if it has errors. */
struct registry *
schema_registry(const struct ynode *root, const char *path, struct diags *diags)
{
	struct schema s = { .path = path, .diags = diags };
	size_t before = diags_count(diags, DIAG_ERROR);
	struct registry *r = xcalloc(1, sizeof *r);

	r->path = xstrdup(path);
	WALK(&s, root, "registry", registry_fields, r);
	if (diags_count(diags, DIAG_ERROR) != before) {
		registry_free(r);
		return NULL;
	}
	return r;
}
