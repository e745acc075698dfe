/* yaml.c: libyaml's event stream into a small tree of positioned nodes; only file with <yaml.h>. */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "planview.h"

struct builder {
	const char *path;
	const char *data;
	size_t len;
	struct diags *diags;
	struct ynode *stack[MAX_YAML_DEPTH + 1];
	size_t depth;
	struct ynode *root;
	int documents;
	bool failed;
};

/* Free a node and its children. */
void
ynode_free(struct ynode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

/* 1-based line and character column of a byte offset in the input. */
static void
offset_position(const struct builder *b, size_t off, unsigned *line, unsigned *col)
{
	size_t start = 0;

	*line = 1;
	for (size_t i = 0; i < off && i < b->len; i++)
		if (b->data[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*col = 1 + (unsigned)utf8_chars(b->data + start, off - start);
}

static void
error_at(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
error_at(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(b->diags, DIAG_ERROR, b->path, (unsigned)m->line + 1,
	    (unsigned)m->column + 1, fmt, ap);
	va_end(ap);
	b->failed = true;
}

static void
parser_error(struct builder *b, const yaml_parser_t *p)
{
	unsigned line, col;

	if (p->error == YAML_READER_ERROR) {
		offset_position(b, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			diag_add(b->diags, DIAG_ERROR, b->path, line, col, "%s (U+%04X)",
			    p->problem, (unsigned)p->problem_value);
		else
			diag_add(b->diags, DIAG_ERROR, b->path, line, col, "%s", p->problem);
	} else if (p->error == YAML_MEMORY_ERROR)
		fatal("libyaml: out of memory");
	else if (p->context != NULL)
		diag_add(b->diags, DIAG_ERROR, b->path, (unsigned)p->problem_mark.line + 1,
		    (unsigned)p->problem_mark.column + 1, "%s %s that began on line %zu",
		    p->problem, p->context, p->context_mark.line + 1);
	else
		diag_add(b->diags, DIAG_ERROR, b->path, (unsigned)p->problem_mark.line + 1,
		    (unsigned)p->problem_mark.column + 1, "%s",
		    p->problem != NULL ? p->problem : "YAML syntax error");
	b->failed = true;
}

static struct ynode *
node_new(enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof *n);

	n->type = type;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	return n;
}

/* Attach a finished node to its parent, or make it the root. */
static void
attach(struct builder *b, struct ynode *n)
{
	struct ynode *parent;

	if (b->depth == 0) {
		if (b->root == NULL)
			b->root = n;
		else
			ynode_free(n);
		return;
	}
	parent = b->stack[b->depth - 1];
	parent->kids = xgrow(parent->kids, parent->n, sizeof *parent->kids);
	parent->kids[parent->n++] = n;
}

static void
reject_anchor(struct builder *b, const yaml_char_t *anchor, const yaml_char_t *tag,
    const yaml_mark_t *m)
{
	static const char standard[] = "tag:yaml.org,2002:";

	if (anchor != NULL)
		error_at(b, m, "anchors are not allowed (&%s): planview documents never need them",
		    (const char *)anchor);
	if (tag != NULL && strncmp((const char *)tag, standard, strlen(standard)) != 0)
		error_at(b, m, "tags beyond the standard ones are not allowed (%s): "
		    "planview documents never need them", (const char *)tag);
}

/* Open a collection; false when nesting passes the cap, which stops the parse. */
static bool
open_collection(struct builder *b, enum ynode_type type, const yaml_mark_t *m)
{
	if (b->depth == MAX_YAML_DEPTH) {
		error_at(b, m, "nesting deeper than %d levels", MAX_YAML_DEPTH);
		return false;
	}
	b->stack[b->depth++] = node_new(type, m);
	return true;
}

static void
close_collection(struct builder *b)
{
	struct ynode *n = b->stack[--b->depth];

	attach(b, n);
}

static void
add_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n = node_new(YNODE_SCALAR, &ev->start_mark);

	n->len = ev->data.scalar.length;
	n->str = xstrndup((const char *)ev->data.scalar.value, n->len);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	attach(b, n);
}

/* Handle one event; false stops the parse. */
static bool
handle_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			error_at(b, &ev->start_mark,
			    "a second YAML document in one file; planview reads one per file");
			return false;
		}
		break;
	case YAML_ALIAS_EVENT:
		error_at(b, &ev->start_mark,
		    "aliases are not allowed (*%s): planview documents never need them",
		    (const char *)ev->data.alias.anchor);
		attach(b, node_new(YNODE_SCALAR, &ev->start_mark));
		break;
	case YAML_SCALAR_EVENT:
		reject_anchor(b, ev->data.scalar.anchor, ev->data.scalar.tag, &ev->start_mark);
		add_scalar(b, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		reject_anchor(b, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
		    &ev->start_mark);
		return open_collection(b, YNODE_SEQ, &ev->start_mark);
	case YAML_MAPPING_START_EVENT:
		reject_anchor(b, ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
		    &ev->start_mark);
		return open_collection(b, YNODE_MAP, &ev->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_collection(b);
		break;
	default:
		break;
	}
	return true;
}

static void
parse_events(struct builder *b)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	bool more = true;

	if (!yaml_parser_initialize(&parser))
		fatal("libyaml: cannot initialise the parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)b->data, b->len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (more) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(b, &parser);
			break;
		}
		more = ev.type != YAML_STREAM_END_EVENT && handle_event(b, &ev);
		yaml_event_delete(&ev);
	}
	while (b->depth > 0)
		ynode_free(b->stack[--b->depth]);
	yaml_parser_delete(&parser);
}

/* Refuse encodings and bytes that libyaml would misread or report obscurely. */
static bool
check_encoding(struct builder *b)
{
	const unsigned char *u = (const unsigned char *)b->data;
	const char *nul;
	unsigned line, col;
	size_t bad;

	if (b->len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		diag_add(b->diags, DIAG_ERROR, b->path, 1, 1,
		    "UTF-16 is not supported; convert the file to UTF-8");
		return false;
	}
	if (!utf8_validate(b->data, b->len, &bad)) {
		offset_position(b, bad, &line, &col);
		diag_add(b->diags, DIAG_ERROR, b->path, line, col,
		    "invalid UTF-8 (byte 0x%02X)", u[bad]);
		return false;
	}
	if ((nul = memchr(b->data, '\0', b->len)) != NULL) {
		offset_position(b, (size_t)(nul - b->data), &line, &col);
		diag_add(b->diags, DIAG_ERROR, b->path, line, col, "NUL byte in the file");
		return false;
	}
	return true;
}

/*
 * Parse len bytes of YAML at data (which need not be NUL-terminated), named name in
 * diagnostics, into a node tree. Syntax errors, aliases, anchors, deep nesting, several
 * documents and bad encodings are reported in diags; NULL if it could not be parsed.
 */
/* Declared here until planview.h carries it (beside yaml_load). */
struct ynode *yaml_load_buffer(const char *, const char *, size_t, struct diags *);

struct ynode *
yaml_load_buffer(const char *name, const char *data, size_t len, struct diags *diags)
{
	struct builder b = { .path = name, .data = data, .len = len, .diags = diags };

	if (b.len >= 3 && memcmp(b.data, "\xef\xbb\xbf", 3) == 0) {
		b.data += 3; /* a UTF-8 byte-order mark: harmless, skipped */
		b.len -= 3;
	}
	if (check_encoding(&b))
		parse_events(&b);
	else
		b.failed = true;
	if (b.root == NULL && !b.failed) {
		diag_add(diags, DIAG_ERROR, name, 0, 0, "empty document");
		b.failed = true;
	}
	if (b.failed) {
		ynode_free(b.root);
		return NULL;
	}
	return b.root;
}

/* Parse the YAML file at path into a node tree, as yaml_load_buffer(); NULL if unreadable. */
struct ynode *
yaml_load(const char *path, struct diags *diags)
{
	struct ynode *root;
	char *data, *why;
	size_t len;

	if ((data = read_file(path, MAX_INPUT_BYTES, &len, &why)) == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s", why);
		free(why);
		return NULL;
	}
	root = yaml_load_buffer(path, data, len, diags);
	free(data);
	return root;
}
