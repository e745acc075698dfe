/*
 * schema.c: the YAML node tree into the document model, every field checked and placed.
 * Version 2 documents hold the nodes themselves; version 1 documents (chapters of
 * clauses) are turned into the same nodes, their lines as the version 1 text had them.
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

/* Where a version 1 chapter or clause number was defined, to find duplicates at the end. */
struct numbered {
	int number;
	unsigned line, col;
	char *numeral;
};

/* A version 1 attribution: a responsibility, and whether it stood on a line of its own. */
struct v1_attr {
	struct resp r;
	bool own_line;
};

/* A version 1 clause as read, before it becomes a node. */
struct v1_item {
	int number;
	char *numeral, *title;
	bool title_alone;
	struct strlist text;
	struct v1_attr *attrs;
	size_t nattrs;
	unsigned line, col;
};

enum punctuation { PUNCT_FULLWIDTH, PUNCT_HALFWIDTH };

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
	int version;           /* 1 or 2, from the planview key or the list the nodes come in */
	bool matter_done;      /* a version 1 document's title and byline are nodes */
	enum punctuation punct; /* version 1: the brackets of clause numbers */
	struct strlist preamble; /* version 1 */
	size_t node_at;        /* the node a field parser fills (an index: nodes move) */
	unsigned depth;        /* of the nodes being walked */
	size_t parent;
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

static void
check_department(struct schema *s, const struct ynode *n, const char *name)
{
	if (s->reg != NULL && registry_find(s->reg, name) == NULL)
		complain(s, DIAG_WARNING, n, "department '%s' is not in the registry %s",
		    name, s->reg->path);
}

/* ---- version 2: the nodes as they stand in the file ---- */

/* Which node, or which responsibility of which node, a field parser fills: nodes move. */
struct ref {
	size_t node, resp;
};

static struct node *
ref_node(struct schema *s, void *obj)
{
	return &s->doc->nodes[((struct ref *)obj)->node];
}

static struct resp *
ref_resp(struct schema *s, void *obj)
{
	struct ref *r = obj;

	return &s->doc->nodes[r->node].resp[r->resp];
}

static void
resp_as(struct schema *s, const struct ynode *n, void *obj)
{
	struct resp *r = ref_resp(s, obj);
	char *str;

	if (n->type == YNODE_SEQ)
		get_strings(s, n, "as", &r->as, NULL);
	else if ((str = get_string(s, n, "as")) != NULL)
		strlist_add_owned(&r->as, str);
}

#define RESP_LIST(fn, member, check)						\
static void									\
fn(struct schema *s, const struct ynode *n, void *obj)				\
{										\
	get_strings(s, n, #member, &ref_resp(s, obj)->member, check);		\
}
RESP_LIST(resp_lead, lead, check_department)
RESP_LIST(resp_cooperate, cooperate, check_department)
RESP_LIST(resp_responsible, responsible, check_department)
RESP_LIST(resp_supervisors, supervisors, NULL)
RESP_LIST(resp_deadlines, deadlines, NULL)
RESP_LIST(resp_notes, notes, NULL)

#define RESP_FLAG(fn, member)							\
static void									\
fn(struct schema *s, const struct ynode *n, void *obj)				\
{										\
	get_bool(s, n, #member, &ref_resp(s, obj)->member);			\
}
RESP_FLAG(resp_lead_missing, lead_missing)
RESP_FLAG(resp_by_division, by_division)
RESP_FLAG(resp_separately, separately)
RESP_FLAG(resp_first_leads, first_leads)

static const struct field resp_fields[] = {
	{ "as", true, resp_as },
	{ "by_division", false, resp_by_division },
	{ "cooperate", false, resp_cooperate },
	{ "deadlines", false, resp_deadlines },
	{ "first_leads", false, resp_first_leads },
	{ "lead", false, resp_lead },
	{ "lead_missing", false, resp_lead_missing },
	{ "notes", false, resp_notes },
	{ "responsible", false, resp_responsible },
	{ "separately", false, resp_separately },
	{ "supervisors", false, resp_supervisors },
};

static void
node_matter(struct schema *s, const struct ynode *n, void *obj)
{
	char *str = get_string(s, n, "matter");
	int m;

	if (str == NULL)
		return;
	if ((m = matter_parse(str)) < 0)
		complain(s, DIAG_ERROR, n, "matter: '%s' is not a part of a document (issuer_mark, "
		    "doc_number, title, notice, preamble, signature, date... content/README.md "
		    "lists them)", str);
	else
		ref_node(s, obj)->matter = (enum matter)m;
	free(str);
}

/* A string key of a node; group and title both name it, so one may replace the other. */
#define NODE_STRING(fn, member, what)						\
static void									\
fn(struct schema *s, const struct ynode *n, void *obj)				\
{										\
	char *value = get_string(s, n, what);					\
										\
	free(ref_node(s, obj)->member);						\
	ref_node(s, obj)->member = value;					\
}
NODE_STRING(node_heading, heading, "heading")
NODE_STRING(node_group, title, "group")
NODE_STRING(node_number, number, "number")
NODE_STRING(node_title, title, "title")

static void
node_text(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "text", &ref_node(s, obj)->text, NULL);
}

static void
node_responsibility(struct schema *s, const struct ynode *n, void *obj)
{
	struct ref r = *(struct ref *)obj;

	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "responsibility: expected a list, found %s",
		    kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct resp *rp = node_add_resp(ref_node(s, obj));

		rp->line = n->kids[i]->line;
		rp->col = n->kids[i]->col;
		r.resp = ref_node(s, obj)->nresp - 1;
		WALK(s, n->kids[i], "responsibility", resp_fields, &r);
	}
}

static void
field_name(struct schema *s, const struct ynode *n, void *obj)
{
	char *str = get_string(s, n, "name");

	strlist_add_owned(&ref_node(s, obj)->fields, str != NULL ? str : xstrdup(""));
}

static void
field_value(struct schema *s, const struct ynode *n, void *obj)
{
	char *str = get_string(s, n, "value");

	strlist_add_owned(&ref_node(s, obj)->fields, str != NULL ? str : xstrdup(""));
}

static const struct field field_fields[] = {
	{ "name", true, field_name },
	{ "value", true, field_value },
};

static void
node_fields(struct schema *s, const struct ynode *n, void *obj)
{
	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "fields: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct node *nd = ref_node(s, obj);
		size_t had = nd->fields.n;

		WALK(s, n->kids[i], "field", field_fields, obj);
		nd = ref_node(s, obj);
		while (nd->fields.n < had + 2) /* a missing name or value: keep them in pairs */
			strlist_add(&nd->fields, "");
	}
}

static void walk_node(struct schema *, const struct ynode *, unsigned, size_t);

static void
node_items(struct schema *s, const struct ynode *n, void *obj)
{
	struct ref r = *(struct ref *)obj;

	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "items: expected a list, found %s", kind_name(n));
		return;
	}
	if (s->doc->nodes[r.node].kind == NODE_MATTER) {
		complain(s, DIAG_ERROR, n, "items: matter has no items under it");
		return;
	}
	for (size_t i = 0; i < n->n; i++)
		walk_node(s, n->kids[i], s->doc->nodes[r.node].depth + 1, r.node);
}

static const struct field node_fields_table[] = {
	{ "fields", false, node_fields },
	{ "group", false, node_group },
	{ "heading", false, node_heading },
	{ "items", false, node_items },
	{ "matter", false, node_matter },
	{ "number", false, node_number },
	{ "responsibility", false, node_responsibility },
	{ "text", false, node_text },
	{ "title", false, node_title },
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

/* The kind of node a mapping is, by the key it has: matter:, heading: or group:. */
static enum node_kind
node_kind(struct schema *s, const struct ynode *item)
{
	bool matter = map_value(item, "matter") != NULL, group = map_value(item, "group") != NULL;
	bool heading = map_value(item, "heading") != NULL;

	if (item->type == YNODE_MAP && matter + group + heading != 1)
		complain(s, DIAG_ERROR, item, matter + group + heading == 0 ?
		    "a node needs one of matter:, heading: or group:" :
		    "a node has only one of matter:, heading: and group:");
	return matter ? NODE_MATTER : group ? NODE_GROUP : NODE_ITEM;
}

/* Whether a piece of text stands in the lines of node i or of those under it. */
static bool
in_lines(const struct document *d, size_t i, const char *piece)
{
	for (size_t k = i; k < d->nnodes && (k == i || d->nodes[k].depth > d->nodes[i].depth);
	    k++) {
		const struct node *nd = &d->nodes[k];

		if (nd->heading != NULL && strstr(nd->heading, piece) != NULL)
			return true;
		for (size_t t = 0; t < nd->text.n; t++)
			if (strstr(nd->text.v[t], piece) != NULL)
				return true;
	}
	return false;
}

/* An item's number and title from its heading, where the file does not give them. */
static void
derive_item(struct schema *s, const struct ynode *item, size_t id)
{
	struct node *nd = &s->doc->nodes[id];
	bool given = nd->heading != NULL; /* else node_kind() has said a node needs one */
	size_t len, at;

	or_empty(&nd->heading);
	len = strlen(nd->heading);
	at = blank_span(nd->heading, len);
	if (nd->number != NULL) {
		if (!numbering_parse(nd->number, strlen(nd->number), &nd->num) ||
		    nd->num.len != strlen(nd->number)) {
			memset(&nd->num, 0, sizeof nd->num);
			nd->num.value = atoi(nd->number);
		} else if (strncmp(nd->heading + at, nd->number, strlen(nd->number)) == 0)
			nd->num.gap = blank_span(nd->heading + at + nd->num.len, len - at - nd->num.len);
		else
			nd->num.len = nd->num.gap = 0; /* the number is not in the heading */
	} else if (numbering_parse(nd->heading + at, len - at, &nd->num)) {
		nd->number = xstrndup(nd->heading + at, nd->num.len);
	} else {
		if (given)
			complain(s, DIAG_ERROR, item, "heading: '%.*s' does not begin with a number "
			    "(一、 （一） 1. …); only a table's row may go without one",
			    (int)utf8_prefix(nd->heading + at, len - at, 20), nd->heading + at);
		nd->number = xstrdup("");
	}
	if (nd->title == NULL)
		nd->title = nd->num.style == NUM_NONE && nd->num.len == 0 ?
		    xstrdup(nd->heading + at) : item_title(nd->heading, &nd->num, &nd->text);
}

/* A node and the nodes under it, into the document in reading order. */
static void
walk_node(struct schema *s, const struct ynode *item, unsigned depth, size_t parent)
{
	enum node_kind kind = node_kind(s, item);
	struct ref r = { document_add_node(s->doc, kind), 0 };
	struct node *nd = &s->doc->nodes[r.node];

	nd->depth = depth;
	nd->parent = parent;
	nd->line = item->line;
	nd->col = item->col;
	if (depth >= 32) {
		complain(s, DIAG_ERROR, item, "items nest deeper than 32 levels");
		return;
	}
	WALK(s, item, "node", node_fields_table, &r);
	if (kind == NODE_MATTER && s->doc->nodes[r.node].parent != SIZE_MAX)
		complain(s, DIAG_ERROR, item, "matter stands at the top, not under an item");
	if (kind == NODE_ITEM)
		derive_item(s, item, r.node);
	or_empty(&s->doc->nodes[r.node].title);
	or_empty(&s->doc->nodes[r.node].number);
	nd = &s->doc->nodes[r.node];
	for (size_t k = 0; k < nd->nresp; k++)
		for (size_t p = 0; p < nd->resp[k].as.n; p++)
			if (!in_lines(s->doc, r.node, nd->resp[k].as.v[p]))
				diag_add(s->diags, DIAG_ERROR, s->path, nd->resp[k].line, nd->resp[k].col,
				    "responsibility: '%s' is not in the item's lines", nd->resp[k].as.v[p]);
}

/* ---- version 1: chapters of clauses, turned into nodes ---- */

static const struct { const char *open, *close, *comma, *colon; } puncts[] = {
	[PUNCT_FULLWIDTH] = { "（", "）", "，", "：" },
	[PUNCT_HALFWIDTH] = { "(", ")", ",", ":" },
};

/* A version 1 chapter or clause number: a Chinese numeral such as 十五 (or digits). */
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
attr_lead(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "lead", &((struct v1_attr *)obj)->r.lead, check_department);
}

static void
attr_cooperate(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "cooperate", &((struct v1_attr *)obj)->r.cooperate, check_department);
}

static void
attr_by_division(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "by_division", &((struct v1_attr *)obj)->r.by_division);
}

static void
attr_own_line(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "own_line", &((struct v1_attr *)obj)->own_line);
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
	(*at)[(*nat)++] = (struct numbered){ number, n->line, n->col, xstrdup(numeral) };
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

	if (n >= 2)
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
v1_number(struct schema *s, const struct ynode *n, void *obj)
{
	struct v1_item *c = obj;

	if ((c->numeral = get_numeral(s, n, "clause number", &c->number)) != NULL)
		remember_number(&s->clause_at, &s->nclause_at, c->number, c->numeral, n);
}

static void
v1_title(struct schema *s, const struct ynode *n, void *obj)
{
	((struct v1_item *)obj)->title = get_string(s, n, "title");
}

static void
v1_title_alone(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "title_alone", &((struct v1_item *)obj)->title_alone);
}

static void
v1_text(struct schema *s, const struct ynode *n, void *obj)
{
	get_strings(s, n, "text", &((struct v1_item *)obj)->text, NULL);
}

static void
v1_responsibility(struct schema *s, const struct ynode *n, void *obj)
{
	struct v1_item *c = obj;

	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "responsibility: expected a list, found %s",
		    kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct v1_attr *a;

		c->attrs = xgrow(c->attrs, c->nattrs, sizeof *c->attrs);
		a = &c->attrs[c->nattrs++];
		memset(a, 0, sizeof *a);
		a->r.line = n->kids[i]->line;
		a->r.col = n->kids[i]->col;
		WALK(s, n->kids[i], "responsibility", attribution_fields, a);
	}
}

static const struct field clause_fields[] = {
	{ "number", true, v1_number },
	{ "responsibility", false, v1_responsibility },
	{ "text", false, v1_text },
	{ "title", true, v1_title },
	{ "title_alone", false, v1_title_alone },
};

/* An attribution as version 1 text printed it: (市财政局牵头负责,市相关部门配合). */
static char *
v1_attribution(const struct schema *s, const struct resp *a)
{
	struct buf b = { 0 };

	buf_puts(&b, puncts[s->punct].open);
	strlist_join(&b, &a->lead, "、");
	if (a->by_division)
		buf_puts(&b, "按职责分工");
	buf_puts(&b, "牵头负责");
	if (a->cooperate.n != 0) {
		buf_puts(&b, puncts[s->punct].comma);
		strlist_join(&b, &a->cooperate, "、");
		buf_puts(&b, "配合");
	}
	buf_puts(&b, puncts[s->punct].close);
	return buf_detach(&b);
}

/* What a version 1 clause read holds that no node took. */
static void
v1_item_free(struct v1_item *c)
{
	for (size_t i = 0; i < c->nattrs; i++)
		resp_free(&c->attrs[i].r);
	free(c->attrs);
	free(c->numeral);
	free(c->title);
	strlist_free(&c->text);
}

/* A version 1 clause as a node: its lines as the version 1 text had them. */
static void
v1_clause_node(struct schema *s, struct v1_item *c, size_t parent)
{
	size_t id = document_add_node(s->doc, NODE_ITEM);
	struct node *nd = &s->doc->nodes[id];
	struct buf h = { 0 };
	size_t first_text = 0;

	nd->depth = 1;
	nd->parent = parent;
	nd->line = c->line;
	nd->col = c->col;
	nd->number = xasprintf("%s%s%s", puncts[s->punct].open, c->numeral, puncts[s->punct].close);
	nd->num = (struct numtok){ NUM_HAN_PAREN, c->number, strlen(nd->number), 0,
	    s->punct == PUNCT_HALFWIDTH };
	buf_printf(&h, "%s%s", nd->number, c->title);
	if (!c->title_alone) {
		buf_puts(&h, "。");
		if (c->text.n != 0)
			buf_puts(&h, c->text.v[0]);
		first_text = 1;
	}
	nd->heading = buf_detach(&h);
	nd->title = c->title;
	c->title = NULL;
	for (size_t i = first_text; i < c->text.n; i++) {
		strlist_add_owned(&nd->text, c->text.v[i]);
		c->text.v[i] = NULL;
	}
	for (size_t i = 0; i < c->nattrs; i++) {
		struct resp *r = node_add_resp(nd);
		char *as = v1_attribution(s, &c->attrs[i].r), **last, *joined;

		*r = c->attrs[i].r;
		r->lead_missing = r->lead.n == 0;
		if (c->attrs[i].own_line)
			strlist_add(&nd->text, as);
		else {
			last = nd->text.n != 0 ? &nd->text.v[nd->text.n - 1] : &nd->heading;
			joined = xasprintf("%s%s", *last, as);
			free(*last);
			*last = joined;
		}
		strlist_add_owned(&r->as, as);
	}
	free(c->attrs);
	c->attrs = NULL;
	c->nattrs = 0;
	v1_item_free(c);
}

/* Whether a published date is YYYY-MM-DD or YYYY-MM-DD HH:MM, a real month and day. */
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

/* The title line, the byline and the preamble of a version 1 document, as its text had them. */
static void
v1_matter(struct schema *s)
{
	struct document *d = s->doc;
	const char *open = puncts[s->punct].open, *close = puncts[s->punct].close;
	struct buf b = { 0 };
	size_t id;

	s->matter_done = true;
	buf_puts(&b, d->title != NULL ? d->title : "");
	if (d->status != NULL)
		buf_printf(&b, "%s%s%s", open, d->status, close);
	if (d->part != NULL)
		buf_printf(&b, "%s%s%s", open, d->part, close);
	id = document_add_node(d, NODE_MATTER);
	d->nodes[id].matter = MATTER_TITLE;
	strlist_add_owned(&d->nodes[id].text, buf_detach(&b));
	if (d->issuer != NULL || d->published != NULL || d->category != NULL) {
		if (d->issuer != NULL)
			buf_puts(&b, d->issuer);
		if (d->published != NULL && published_ok(d->published)) {
			buf_printf(&b, "%.4s年%d月%d日", d->published, atoi(d->published + 5),
			    atoi(d->published + 8));
			if (strlen(d->published) > 10)
				buf_puts(&b, d->published + 11);
		} else if (d->published != NULL) { /* said to be wrong: shown as written */
			buf_puts(&b, d->published);
		}
		if (d->category != NULL)
			buf_printf(&b, "分类%s%s", puncts[s->punct].colon, d->category);
		id = document_add_node(d, NODE_MATTER);
		d->nodes[id].matter = MATTER_BYLINE;
		strlist_add_owned(&d->nodes[id].text, buf_detach(&b));
	}
	if (s->preamble.n != 0) {
		id = document_add_node(d, NODE_MATTER);
		d->nodes[id].matter = MATTER_PREAMBLE;
		d->nodes[id].text = s->preamble;
		memset(&s->preamble, 0, sizeof s->preamble);
	}
}

/* A version 1 document's matter, when its keys came after the chapters: put in front. */
static void
v1_matter_late(struct schema *s)
{
	struct document *d = s->doc;
	size_t had = d->nnodes, added;

	v1_matter(s);
	added = d->nnodes - had;
	if (added == 0 || had == 0)
		return;
	{
		struct node *moved = xreallocarray(NULL, added, sizeof *moved);

		memcpy(moved, d->nodes + had, added * sizeof *moved);
		memmove(d->nodes + added, d->nodes, had * sizeof *d->nodes);
		memcpy(d->nodes, moved, added * sizeof *moved);
		free(moved);
	}
	for (size_t i = added; i < d->nnodes; i++)
		if (d->nodes[i].parent != SIZE_MAX)
			d->nodes[i].parent += added;
}

/* A version 1 chapter as read: its node is made first, so its clauses follow it. */
struct v1_chapter {
	size_t node;
	int number;
	char *numeral;
};

static void
v1_chapter_number(struct schema *s, const struct ynode *n, void *obj)
{
	struct v1_chapter *ch = obj;

	if ((ch->numeral = get_numeral(s, n, "chapter number", &ch->number)) != NULL)
		remember_number(&s->chapter_at, &s->nchapter_at, ch->number, ch->numeral, n);
}

static void
v1_chapter_clauses(struct schema *s, const struct ynode *n, void *obj)
{
	size_t parent = ((struct v1_chapter *)obj)->node;

	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "clauses: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct v1_item c = { .line = n->kids[i]->line, .col = n->kids[i]->col };
		size_t errors = s->diags->count[DIAG_ERROR];

		WALK(s, n->kids[i], "clause", clause_fields, &c);
		if (s->diags->count[DIAG_ERROR] != errors && s->diags->n >= MAX_DIAGS) {
			/*
			 * The document is refused. A clause whose problem is listed is kept, to be
			 * shown as far as it was read; past the listed ones, a node would only hold
			 * memory (a file of empty clauses).
			 */
			v1_item_free(&c);
			continue;
		}
		or_empty(&c.numeral);
		or_empty(&c.title);
		v1_clause_node(s, &c, parent);
	}
}

static void
v1_chapter_title(struct schema *s, const struct ynode *n, void *obj)
{
	s->doc->nodes[((struct v1_chapter *)obj)->node].title = get_string(s, n, "chapter title");
}

static const struct field chapter_fields[] = {
	{ "clauses", true, v1_chapter_clauses },
	{ "number", true, v1_chapter_number },
	{ "title", true, v1_chapter_title },
};

/* A version 1 chapter: a node for it, then one for each of its clauses. */
static void
walk_chapter(struct schema *s, const struct ynode *item)
{
	struct v1_chapter ch = { 0 };
	struct node *nd;

	if (!s->matter_done)
		v1_matter(s);
	ch.node = document_add_node(s->doc, NODE_ITEM);
	s->doc->nodes[ch.node].line = item->line;
	s->doc->nodes[ch.node].col = item->col;
	WALK(s, item, "chapter", chapter_fields, &ch);
	nd = &s->doc->nodes[ch.node];
	or_empty(&ch.numeral);
	or_empty(&nd->title);
	nd->number = xasprintf("%s、", ch.numeral);
	nd->heading = xasprintf("%s%s", nd->number, nd->title);
	nd->num = (struct numtok){ NUM_HAN, ch.number, strlen(nd->number), 0, false };
	free(ch.numeral);
}

/* ---- the document's own keys ---- */

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
	else if (strcmp(n->str, "1") == 0 || strcmp(n->str, "2") == 0)
		s->version = n->str[0] - '0';
	else
		complain(s, DIAG_ERROR, n, "planview: schema version '%s' is not supported "
		    "(this planview reads versions 1 and %d)", n->str, PLANVIEW_SCHEMA);
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
STRING_FIELD(doc_number, doc_number, "doc_number")

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
	(void)obj;
	get_strings(s, n, "preamble", &s->preamble, NULL);
}

static void
doc_departments(struct schema *s, const struct ynode *n, void *obj)
{
	(void)s, (void)n, (void)obj; /* loaded before the walk: see load_registry() */
}

static void
doc_lead_rule(struct schema *s, const struct ynode *n, void *obj)
{
	char *str = get_string(s, n, "lead_rule");

	if (str != NULL && strcmp(str, "first-listed") == 0)
		((struct document *)obj)->lead_rule = LEAD_RULE_FIRST;
	else if (str != NULL)
		complain(s, DIAG_ERROR, n, "lead_rule: expected first-listed, found '%s'", str);
	free(str);
}

static void
source_punctuation(struct schema *s, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type == YNODE_SCALAR && strcmp(n->str, "half-width") == 0)
		s->punct = PUNCT_HALFWIDTH;
	else if (n->type == YNODE_SCALAR && strcmp(n->str, "full-width") == 0)
		s->punct = PUNCT_FULLWIDTH;
	else
		complain(s, DIAG_ERROR, n, "punctuation: expected half-width or full-width");
}

static void
source_final_newline(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "final_newline", &((struct document *)obj)->src.final_newline);
}

static void
source_bom(struct schema *s, const struct ynode *n, void *obj)
{
	get_bool(s, n, "bom", &((struct document *)obj)->src.bom);
}

static void
source_encoding(struct schema *s, const struct ynode *n, void *obj)
{
	struct document *d = obj;
	char *str = get_string(s, n, "encoding");

	if (str == NULL)
		return;
	free(d->src.encoding);
	d->src.encoding = str;
}

static void
source_newline(struct schema *s, const struct ynode *n, void *obj)
{
	char *str = get_string(s, n, "newline");

	if (str != NULL && (strcmp(str, "crlf") == 0 || strcmp(str, "lf") == 0))
		((struct document *)obj)->src.crlf = str[0] == 'c';
	else if (str != NULL)
		complain(s, DIAG_ERROR, n, "newline: expected lf or crlf, found '%s'", str);
	free(str);
}

static void
source_blank_lines(struct schema *s, const struct ynode *n, void *obj)
{
	char *str = get_string(s, n, "blank_lines");

	if (str != NULL && strcmp(str, "between") == 0)
		((struct document *)obj)->src.blank_between = true;
	else if (str != NULL)
		complain(s, DIAG_ERROR, n, "blank_lines: expected between, found '%s'", str);
	free(str);
}

static const struct field source_fields[] = {
	{ "blank_lines", false, source_blank_lines },
	{ "bom", false, source_bom },
	{ "encoding", false, source_encoding },
	{ "final_newline", false, source_final_newline },
	{ "newline", false, source_newline },
	{ "punctuation", false, source_punctuation },
};

static void
doc_source(struct schema *s, const struct ynode *n, void *obj)
{
	WALK(s, n, "source", source_fields, obj);
}

static void
doc_chapters(struct schema *s, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "chapters: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) /* none when they were streamed: see on_item() */
		walk_chapter(s, n->kids[i]);
}

static void
doc_body(struct schema *s, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type != YNODE_SEQ) {
		complain(s, DIAG_ERROR, n, "body: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) /* none when they were streamed: see on_item() */
		walk_node(s, n->kids[i], 0, SIZE_MAX);
}

static const struct field document_fields[] = {
	{ "body", false, doc_body },
	{ "category", false, doc_category },
	{ "chapters", false, doc_chapters },
	{ "departments", false, doc_departments },
	{ "doc_number", false, doc_number },
	{ "issuer", false, doc_issuer },
	{ "lead_rule", false, doc_lead_rule },
	{ "part", false, doc_part },
	{ "planview", true, doc_version },
	{ "preamble", false, doc_preamble },
	{ "published", false, doc_published },
	{ "source", false, doc_source },
	{ "status", false, doc_status },
	{ "title", false, doc_title },
};
#define NDOCUMENT_FIELDS (sizeof document_fields / sizeof document_fields[0])

/*
 * The registry at path, loaded once for the library and shared by every document that
 * names it; NULL (with diagnostics) if it cannot be loaded.
 */
struct registry *
schema_registry_at(struct library *lib, const char *path, struct diags *diags)
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
	s->reg = schema_registry_at(s->lib, path, s->diags);
	if (s->reg == NULL)
		complain(s, DIAG_ERROR, n, "departments: cannot use the registry '%s'", name);
	s->doc->registry = (struct registry *)s->reg;
	s->doc->departments = name;
	free(path);
	free(copy);
}

/* Departments named before the registry was known (it came after the nodes): check them now. */
static void
check_leads_late(struct schema *s)
{
	if (!s->leads_unchecked || s->reg == NULL)
		return;
	for (size_t i = 0; i < s->doc->nnodes; i++)
		for (size_t j = 0; j < s->doc->nodes[i].nresp; j++) {
			const struct resp *r = &s->doc->nodes[i].resp[j];
			const struct strlist *lists[] = { &r->lead, &r->cooperate, &r->responsible };

			for (size_t l = 0; l < 3; l++)
				for (size_t k = 0; k < lists[l]->n; k++)
					if (registry_find(s->reg, lists[l]->v[k]) == NULL)
						diag_add(s->diags, DIAG_WARNING, s->path, r->line, r->col,
						    "department '%s' is not in the registry %s",
						    lists[l]->v[k], s->reg->path);
		}
}

/* What version 1 and version 2 documents must have, and must not mix. */
static void
check_version(struct schema *s, const struct ynode *root)
{
	const struct ynode *chapters = map_value(root, "chapters"), *body = map_value(root, "body");

	if (s->version == 1 && body != NULL)
		complain(s, DIAG_ERROR, body, "body: not in schema version 1 (write planview: 2)");
	if (s->version == 2 && chapters != NULL)
		complain(s, DIAG_ERROR, chapters, "chapters: not in schema version 2 (nodes go "
		    "under body:)");
	if (s->version == 1 && chapters == NULL)
		complain(s, DIAG_ERROR, root, "document: missing required key 'chapters'");
	if (s->version == 1 && map_value(root, "title") == NULL)
		complain(s, DIAG_ERROR, root, "document: missing required key 'title'");
	if (s->version == 2 && body == NULL)
		complain(s, DIAG_ERROR, root, "document: missing required key 'body'");
}

/* The title and status of a version 2 document that does not give them: from its title lines. */
static void
title_from_matter(struct document *d)
{
	struct buf b = { 0 };

	if (d->title != NULL)
		return;
	text_title_line(&b, d);
	d->title = b.s != NULL ? buf_detach(&b) : xstrdup("");
}

static void
forget(struct schema *s)
{
	for (size_t i = 0; i < s->nclause_at; i++)
		free(s->clause_at[i].numeral);
	for (size_t i = 0; i < s->nchapter_at; i++)
		free(s->chapter_at[i].numeral);
	free(s->clause_at);
	free(s->chapter_at);
	strlist_free(&s->preamble);
}

/* Everything after the nodes are read: the root's keys, duplicates, late checks. */
static struct document *
finish(struct schema *s, const struct ynode *root)
{
	load_registry(s, root);
	if (root->type == YNODE_MAP && s->version == 0) {
		const struct ynode *v = map_value(root, "planview");

		if (v != NULL && v->type == YNODE_SCALAR && v->str != NULL)
			s->version = v->str[0] == '1' ? 1 : 2;
	}
	walk_rest(s, &s->root_walk, root, "document", document_fields, NDOCUMENT_FIELDS, s->doc);
	if (root->type == YNODE_MAP)
		check_version(s, root);
	if (s->version == 1) {
		if (!s->matter_done)
			v1_matter_late(s);
		s->doc->src.blank_between = true;
	}
	s->doc->schema = s->version;
	report_duplicates(s, s->chapter_at, s->nchapter_at, "chapter");
	report_duplicates(s, s->clause_at, s->nclause_at, "clause");
	check_leads_late(s);
	document_finish_tree(s->doc, 0);
	title_from_matter(s->doc);
	forget(s);
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
	s->doc->src.encoding = xstrdup("utf-8");
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
 * Start walking a document whose items come one at a time (schema_item()), to be named
 * path in diagnostics, which go to diags.
 */
struct schema *
schema_start(const char *path, struct library *lib, struct diags *diags)
{
	struct schema *s = xmalloc(sizeof *s);

	start(s, path, lib, diags);
	return s;
}

/*
 * An item of the document's list (a version 1 chapter, a version 2 node) as soon as the
 * parser has it, walked into the model (the parser frees it); the root's keys before it
 * first, so the title is there to show while the rest loads. A yaml_item_fn whose context
 * is the schema.
 */
void
schema_item(void *ctx, const struct ynode *root_so_far, struct ynode *item)
{
	struct schema *s = ctx;
	const struct ynode *key = root_so_far->kids[root_so_far->n - 1];
	size_t from = s->doc->nnodes;

	if (!s->registry_tried && map_value(root_so_far, "departments") != NULL)
		load_registry(s, root_so_far);
	if (s->reg == NULL && !s->registry_tried)
		s->leads_unchecked = true;
	walk_keys(s, &s->root_walk, root_so_far, "document", document_fields, NDOCUMENT_FIELDS,
	    s->doc);
	if (strcmp(key->str, "chapters") == 0) {
		s->version = s->version == 0 ? 1 : s->version;
		walk_chapter(s, item);
	} else {
		s->version = s->version == 0 ? 2 : s->version;
		walk_node(s, item, 0, SIZE_MAX);
	}
	document_finish_tree(s->doc, from);
}

/* The document as far as it has been walked. */
struct document *
schema_walked(const struct schema *s)
{
	return s->doc;
}

/*
 * The rest of the document, now that the whole tree is read (its items were walked one
 * by one); frees the schema. *late (unless NULL) tells whether keys of the document's
 * heading came after its items.
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

/*
 * Start the walk over, as if nothing had been walked (the parser reads the input again
 * another way): the document so far and what the walk found are dropped. A restart
 * function for yaml_on_restart(); its context is the schema.
 */
void
schema_restart(void *ctx)
{
	struct schema *s = ctx;
	const char *path = s->path;
	struct library *lib = s->lib;
	struct diags *diags = s->diags;

	document_free(s->doc);
	forget(s);
	diags_free(diags);
	start(s, path, lib, diags);
}

/* Stop walking: frees the schema; the document stays as far as it got, for its owner. */
void
schema_abandon(struct schema *s)
{
	forget(s);
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
