/* yaml.c: libyaml's event stream into a small tree of positioned nodes; only file with <yaml.h>. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>
#include <yaml.h>

#include "plan/plan_int.h"

/*
 * Where the YAML comes from: a file read as libyaml goes (the raw text is never held whole)
 * or a buffer. Either way it can be read again from the start, to turn the byte offset of
 * an encoding error into a line and column.
 */
struct source {
	FILE *fp;
	const char *data;
	size_t len;
};

/*
 * The nodes of a tree, their kids arrays and their short strings live in pools, freed
 * all at once: a file of millions of tiny items costs about 50 bytes an item, not the 200
 * of a malloc() for each. The root owns the pool of the tree (struct yroot), and the
 * nodes of a streamed item come from a pool of their own that is emptied once the item
 * has been handed over.
 */
struct pool {
	char **blocks;
	size_t nblocks, block, used;
	void **big; /* allocations too large for a block (long lists' kids), freed on reset */
	size_t nbig;
};
#define POOL_BLOCK (64 * 1024)
#define SHORT_STRING 64 /* shorter scalars are copied into the pool */
#define HEAP_RESERVE_MIN (4u << 20) /* bytes: a file this large has its heap grown at once */

struct yroot {
	struct ynode node; /* first: the root is a struct ynode * to the tree's users */
	struct pool pool;
};

static void
pool_add_block(struct pool *p)
{
	p->blocks = xgrow(p->blocks, p->nblocks, sizeof *p->blocks);
	p->blocks[p->nblocks++] = xmalloc(POOL_BLOCK);
}

/* size bytes aligned for a pointer, uninitialised. */
static void *
pool_alloc(struct pool *p, size_t size)
{
	void *mem;

	size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
	if (size > POOL_BLOCK / 2) {
		p->big = xgrow(p->big, p->nbig, sizeof *p->big);
		return p->big[p->nbig++] = xmalloc(size);
	}
	if (p->nblocks == 0) {
		pool_add_block(p);
		p->block = p->used = 0;
	} else if (p->used + size > POOL_BLOCK) {
		if (++p->block == p->nblocks) /* blocks kept from before a reset are reused */
			pool_add_block(p);
		p->used = 0;
	}
	mem = p->blocks[p->block] + p->used;
	p->used += size;
	return mem;
}

static void
pool_reset(struct pool *p)
{
	for (size_t i = 0; i < p->nbig; i++)
		free(p->big[i]);
	p->nbig = 0;
	p->block = 0;
	p->used = 0;
}

static void
pool_free(struct pool *p)
{
	pool_reset(p);
	free(p->big);
	for (size_t i = 0; i < p->nblocks; i++)
		free(p->blocks[i]);
	free(p->blocks);
}

struct builder {
	const char *path;
	struct pool *tree;  /* the root's pool */
	struct pool stream; /* the nodes of the streamed item being read */
	struct source *src;
	struct diags *diags;
	struct ynode *stack[MAX_YAML_DEPTH + 1];
	size_t depth;
	/*
	 * The kids of the open collections, innermost last, each from base[its depth]: a
	 * collection's kids array is made once, of its size, as it closes.
	 */
	struct ynode **kids;
	size_t nkids, capkids;
	size_t base[MAX_YAML_DEPTH + 1];
	uint64_t items, max_items; /* counted against MAX_ITEMS_PER_MIB */
	struct ynode *root;
	const char *stream_key; /* the root key whose list items go to on_item as they finish */
	yaml_item_fn *on_item;
	void *ctx;
	struct ynode *streaming;
	int documents;
	bool failed;
};

/*
 * The string of a scalar, for the caller to own and free: a long one as it is, a short
 * one copied out of the pool. The node is left without it (str is NULL).
 */
char *
ynode_take(struct ynode *n)
{
	char *str = n->own_str ? n->str : xstrndup(n->str, n->len);

	n->str = NULL;
	n->own_str = false;
	return str;
}

/*
 * Free a tree: the long strings still in it, and with the root the pool of the rest (a
 * node below the root goes with its pool).
 */
void
ynode_free(struct ynode *n)
{
	if (n == NULL)
		return;
	if (n->type == YNODE_SCALAR && n->own_str)
		free(n->str);
	for (size_t i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	if (n->root) {
		pool_free(&((struct yroot *)n)->pool);
		free(n);
	}
}

/* Up to n bytes of the input from offset off into buf; how many there were. */
static size_t
source_read(const struct source *src, size_t off, char *buf, size_t n)
{
	if (src->fp != NULL)
		return fseek(src->fp, (long)off, SEEK_SET) == 0 ? fread(buf, 1, n, src->fp) : 0;
	if (off >= src->len)
		return 0;
	if (n > src->len - off)
		n = src->len - off;
	memcpy(buf, src->data + off, n);
	return n;
}

/* 1-based line and character column of a byte offset in the input. */
static void
offset_position(const struct builder *b, size_t off, unsigned *line, unsigned *col)
{
	char chunk[8192];
	size_t at = 0, n, i;
	unsigned c = 1;

	*line = 1;
	while (at < off && (n = source_read(b->src, at, chunk,
	    off - at < sizeof chunk ? off - at : sizeof chunk)) > 0) {
		for (i = 0; i < n; i++) {
			if (chunk[i] == '\n') {
				(*line)++;
				c = 1;
			} else if (((unsigned char)chunk[i] & 0xc0) != 0x80)
				c++;
		}
		at += n;
	}
	*col = c;
}

/*
 * libyaml reports a sequence cut short (caf\xe9b) at the byte that cuts it (b); the fault
 * is the sequence's leading byte (\xe9), up to three bytes before: move *off and *value
 * there.
 */
static void
leading_byte(const struct builder *b, size_t *off, int *value)
{
	unsigned char before[3];
	size_t n = *off < 3 ? *off : 3, k;

	if (source_read(b->src, *off - n, (char *)before, n) != n)
		return;
	for (k = n; k > 0 && (before[k - 1] & 0xc0) == 0x80; k--)
		;
	if (k > 0) {
		*off -= n - k + 1;
		*value = before[k - 1];
	}
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

/* An encoding problem found by libyaml's reader, said plainly, at its line and column. */
static void
reader_error(struct builder *b, const yaml_parser_t *p)
{
	size_t off = p->problem_offset;
	int value = p->problem_value;
	unsigned line, col;

	if (strstr(p->problem, "trailing UTF-8") != NULL)
		leading_byte(b, &off, &value);
	offset_position(b, off, &line, &col);
	if ((strstr(p->problem, "UTF-8") != NULL || strstr(p->problem, "Unicode") != NULL) &&
	    value != -1 && value < 0x100)
		diag_add(b->diags, DIAG_ERROR, b->path, line, col, "invalid UTF-8 (byte 0x%02X)",
		    (unsigned)value);
	else if (strstr(p->problem, "UTF-8") != NULL || strstr(p->problem, "Unicode") != NULL)
		diag_add(b->diags, DIAG_ERROR, b->path, line, col, "invalid UTF-8 (%s)",
		    p->problem);
	else if (p->problem_value == 0)
		diag_add(b->diags, DIAG_ERROR, b->path, line, col, "NUL byte in the file");
	else if (p->problem_value != -1)
		diag_add(b->diags, DIAG_ERROR, b->path, line, col, "%s (U+%04X)", p->problem,
		    (unsigned)p->problem_value);
	else
		diag_add(b->diags, DIAG_ERROR, b->path, line, col, "%s", p->problem);
}

static void
parser_error(struct builder *b, const yaml_parser_t *p)
{
	if (p->error == YAML_READER_ERROR)
		reader_error(b, p);
	else if (p->error == YAML_MEMORY_ERROR)
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

/* Inside a streamed item, nodes come from the stream's pool. */
static bool
in_stream(const struct builder *b)
{
	return b->streaming != NULL && b->depth >= 2 && b->stack[1] == b->streaming;
}

static struct pool *
pool_of_depth(struct builder *b)
{
	return in_stream(b) ? &b->stream : b->tree;
}

/* A node; the root is made with the pool of its tree. */
static struct ynode *
node_new(struct builder *b, enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n;

	if (b->depth == 0) {
		struct yroot *r = xcalloc(1, sizeof *r);

		b->tree = &r->pool;
		n = &r->node;
		n->root = true;
	} else {
		n = pool_alloc(pool_of_depth(b), sizeof *n);
		memset(n, 0, sizeof *n);
	}
	n->type = type;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	return n;
}

/*
 * Count an item against the limit of the file's size; false past it, after an error at
 * the item.
 */
static bool
count_item(struct builder *b, unsigned weight, const yaml_mark_t *m)
{
	if ((b->items += weight) <= b->max_items)
		return true;
	error_at(b, m, "too many small items: more than %d per MiB of input (a list or "
	    "mapping counts as 2)", MAX_ITEMS_PER_MIB);
	return false;
}

/* Make room for one more kid; the open collections' kids move with the array. */
static void
kids_grow(struct builder *b)
{
	if (b->nkids < b->capkids)
		return;
	b->capkids = b->capkids != 0 ? 2 * b->capkids : 256;
	b->kids = xreallocarray(b->kids, b->capkids, sizeof *b->kids);
	for (size_t d = 0; d < b->depth; d++)
		b->stack[d]->kids = b->kids + b->base[d];
}

/* Attach a finished node to its parent, hand it to on_item, or make it the root. */
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
	if (parent == b->streaming) {
		if (!b->failed)
			b->on_item(b->ctx, b->stack[0], n); /* it reads the item, takes its strings */
		ynode_free(n);
		pool_reset(&b->stream); /* the tree stays small: only the skeleton remains */
		return;
	}
	kids_grow(b);
	b->kids[b->nkids++] = n;
	parent->kids = b->kids + b->base[b->depth - 1];
	parent->n++;
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

/*
 * Whether a list opening now is the value of one of the root mapping's stream keys
 * (stream_key names them, separated by |: "chapters|body").
 */
static bool
is_stream(const struct builder *b)
{
	const struct ynode *root = b->depth == 1 ? b->stack[0] : NULL;
	const struct ynode *key;
	const char *k;
	size_t len;

	if (b->stream_key == NULL || root == NULL || root->type != YNODE_MAP || root->n % 2 == 0)
		return false;
	key = root->kids[root->n - 1];
	if (key->type != YNODE_SCALAR || key->str == NULL)
		return false;
	for (k = b->stream_key; *k != '\0'; k += len + (k[len] == '|')) {
		len = strcspn(k, "|");
		if (strlen(key->str) == len && strncmp(key->str, k, len) == 0)
			return true;
	}
	return false;
}

/* Open a collection; false when nesting passes the cap, which stops the parse. */
static bool
open_collection(struct builder *b, enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode *n;

	if (b->depth == MAX_YAML_DEPTH) {
		error_at(b, m, "nesting deeper than %d levels", MAX_YAML_DEPTH);
		return false;
	}
	n = node_new(b, type, m);
	if (type == YNODE_SEQ && b->streaming == NULL && is_stream(b)) {
		b->streaming = n;
		n->streamed = true;
	}
	b->base[b->depth] = b->nkids;
	b->stack[b->depth++] = n;
	return true;
}

/* Close the innermost collection: its kids move to an array of their own, in its pool. */
static void
close_collection(struct builder *b)
{
	struct ynode *n = b->stack[--b->depth];

	b->nkids = b->base[b->depth];
	n->kids = NULL;
	if (n->n != 0) {
		n->kids = pool_alloc(n->root ? b->tree : pool_of_depth(b), n->n * sizeof *n->kids);
		memcpy(n->kids, b->kids + b->nkids, n->n * sizeof *n->kids);
	}
	attach(b, n);
}

/*
 * A scalar node: a short value copied into the pool, a long one taken from libyaml
 * rather than copied.
 */
static void
add_scalar(struct builder *b, yaml_event_t *ev)
{
	struct ynode *n = node_new(b, YNODE_SCALAR, &ev->start_mark);

	n->len = ev->data.scalar.length;
	if (n->len < SHORT_STRING) {
		n->str = pool_alloc(n->root ? b->tree : pool_of_depth(b), n->len + 1);
		memcpy(n->str, ev->data.scalar.value, n->len + 1);
	} else {
		/* libyaml's buffer grew by doubling: give back the slack, in place */
		n->str = xreallocarray(ev->data.scalar.value, n->len + 1, 1);
		ev->data.scalar.value = NULL;
		n->own_str = true;
	}
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	attach(b, n);
}

/* Handle one event; false stops the parse. */
static bool
handle_event(struct builder *b, yaml_event_t *ev)
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
		if (!count_item(b, 1, &ev->start_mark))
			return false;
		error_at(b, &ev->start_mark,
		    "aliases are not allowed (*%s): planview documents never need them",
		    (const char *)ev->data.alias.anchor);
		attach(b, node_new(b, YNODE_SCALAR, &ev->start_mark));
		break;
	case YAML_SCALAR_EVENT:
		if (!count_item(b, 1, &ev->start_mark))
			return false;
		reject_anchor(b, ev->data.scalar.anchor, ev->data.scalar.tag, &ev->start_mark);
		add_scalar(b, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		if (!count_item(b, 2, &ev->start_mark))
			return false;
		reject_anchor(b, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
		    &ev->start_mark);
		return open_collection(b, YNODE_SEQ, &ev->start_mark);
	case YAML_MAPPING_START_EVENT:
		if (!count_item(b, 2, &ev->start_mark))
			return false;
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

/*
 * A parse under way: libyaml's parser and the tree it is building, so that a large file
 * can be read a slice at a time while what is already read is shown.
 */
struct yaml_stream {
	struct builder b;
	struct source src;
	yaml_parser_t parser;
	bool parsing;
	size_t size; /* of the file, for the progress */
};

/*
 * Parse events for about ms milliseconds (all of them if ms < 0, one if ms is 0); whether
 * any remain.
 */
bool
yaml_step(struct yaml_stream *y, long ms)
{
	long t0 = ms >= 0 ? clock_ms() : 0;
	unsigned n = 0;
	yaml_event_t ev;

	while (y->parsing) {
		if (!yaml_parser_parse(&y->parser, &ev)) {
			parser_error(&y->b, &y->parser);
			y->parsing = false;
			break;
		}
		y->parsing = ev.type != YAML_STREAM_END_EVENT && handle_event(&y->b, &ev);
		yaml_event_delete(&ev);
		if (ms == 0 || (ms > 0 && (++n & 1023) == 0 && clock_ms() - t0 >= ms))
			break;
	}
	return y->parsing;
}

/* How much of the input has been parsed, from 0 to 1. */
double
yaml_progress(const struct yaml_stream *y)
{
	size_t size = y->src.fp != NULL ? y->size : y->src.len;

	return !y->parsing || size == 0 ? 1.0 : (double)y->parser.offset / (double)size;
}

/* UTF-16, which libyaml would accept, is refused: documents are UTF-8. */
static bool
is_utf16(const unsigned char *u, size_t len)
{
	return len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff));
}

/* A parse of size bytes (for the limit of items) named name in diagnostics. */
static struct yaml_stream *
stream_new(const char *name, size_t size, const char *stream_key, yaml_item_fn *on_item,
    void *ctx, struct diags *diags)
{
	struct yaml_stream *y = xcalloc(1, sizeof *y);
	uint64_t mib = 1u << 20;

	y->b.path = name;
	y->b.max_items = (size > mib ? size : mib) * MAX_ITEMS_PER_MIB / mib;
	y->b.src = &y->src;
	y->b.diags = diags;
	y->b.stream_key = stream_key;
	y->b.on_item = on_item;
	y->b.ctx = ctx;
	if (!yaml_parser_initialize(&y->parser))
		fatal("libyaml: cannot initialise the parser");
	y->parsing = true;
	return y;
}

/*
 * Finish the parse (whatever is left of it) and free the stream: the root node, or NULL
 * after diagnostics.
 */
struct ynode *
yaml_close(struct yaml_stream *y)
{
	struct builder *b = &y->b;
	struct ynode *root;

	while (yaml_step(y, -1))
		;
	while (b->depth > 0)
		ynode_free(b->stack[--b->depth]);
	yaml_parser_delete(&y->parser);
	if (y->src.fp != NULL)
		fclose(y->src.fp);
	pool_free(&b->stream);
	free(b->kids);
	if (b->root == NULL && !b->failed) {
		diag_add(b->diags, DIAG_ERROR, b->path, 0, 0, "empty document");
		b->failed = true;
	}
	root = b->failed ? NULL : b->root;
	if (root == NULL)
		ynode_free(b->root);
	free(y);
	return root;
}

/* Stop a parse before its end (the reader quit while loading); what was built is freed. */
void
yaml_abandon(struct yaml_stream *y)
{
	struct diags ignored = { 0 };

	y->parsing = false;
	y->b.diags = &ignored;
	ynode_free(yaml_close(y));
	diags_free(&ignored);
}

/*
 * Start parsing len bytes of YAML at data, named name in diagnostics. When stream_key is
 * given, each item of the list under that key of the root mapping is handed to on_item as
 * soon as it is complete, instead of joining the tree; the item's nodes are freed when
 * on_item returns (it may take their strings, setting str to NULL). Syntax errors,
 * aliases, anchors, custom tags, deep nesting, several documents and bad encodings are
 * reported in diags. NULL (after a diagnostic) if it cannot even start.
 */
struct yaml_stream *
yaml_open_buffer(const char *name, const char *data, size_t len, const char *stream_key,
    yaml_item_fn *on_item, void *ctx, struct diags *diags)
{
	struct yaml_stream *y;

	if (is_utf16((const unsigned char *)data, len)) {
		diag_add(diags, DIAG_ERROR, name, 1, 1,
		    "UTF-16 is not supported; convert the file to UTF-8");
		return NULL;
	}
	y = stream_new(name, len, stream_key, on_item, ctx, diags);
	y->src.data = data;
	y->src.len = len;
	yaml_parser_set_input_string(&y->parser, (const unsigned char *)data, len);
	return y;
}

/* As yaml_open_buffer(), from the regular file at path, read as it is parsed. */
struct yaml_stream *
yaml_open(const char *path, const char *stream_key, yaml_item_fn *on_item, void *ctx,
    struct diags *diags)
{
	struct yaml_stream *y;
	unsigned char head[2];
	const char *why;
	struct stat st;
	size_t got;
	FILE *fp;
	int fd;

	/* O_NONBLOCK: a FIFO must not hang the open; it is refused just below */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	why = fstat(fd, &st) == -1 ? strerror(errno) : S_ISDIR(st.st_mode) ?
	    "is a directory" : !S_ISREG(st.st_mode) ? "not a regular file" : NULL;
	if (why == NULL && (uintmax_t)st.st_size > MAX_INPUT_BYTES) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "file too large (%jd bytes; the limit "
		    "is %u)", (intmax_t)st.st_size, MAX_INPUT_BYTES);
		close(fd);
		return NULL;
	}
	if (why != NULL || (fp = fdopen(fd, "rb")) == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s", why != NULL ? why : strerror(errno));
		close(fd);
		return NULL;
	}
	got = fread(head, 1, sizeof head, fp);
	if (is_utf16(head, got)) {
		diag_add(diags, DIAG_ERROR, path, 1, 1,
		    "UTF-16 is not supported; convert the file to UTF-8");
		fclose(fp);
		return NULL;
	}
	rewind(fp);
	if ((uintmax_t)st.st_size >= HEAP_RESERVE_MIN)
		heap_reserve((size_t)st.st_size + (size_t)st.st_size / 4); /* the model's size, about */
	y = stream_new(path, (size_t)st.st_size, stream_key, on_item, ctx, diags);
	y->src.fp = fp;
	y->size = (size_t)st.st_size;
	yaml_parser_set_input_file(&y->parser, fp);
	return y;
}

/* Parse a buffer whole (see yaml_open_buffer()): the root, or NULL after diagnostics. */
struct ynode *
yaml_load_buffer(const char *name, const char *data, size_t len, const char *stream_key,
    yaml_item_fn *on_item, void *ctx, struct diags *diags)
{
	struct yaml_stream *y = yaml_open_buffer(name, data, len, stream_key, on_item, ctx, diags);

	return y != NULL ? yaml_close(y) : NULL;
}

/* Parse a file whole (see yaml_open()): the root, or NULL after diagnostics. */
struct ynode *
yaml_load(const char *path, const char *stream_key, yaml_item_fn *on_item, void *ctx,
    struct diags *diags)
{
	struct yaml_stream *y = yaml_open(path, stream_key, on_item, ctx, diags);

	return y != NULL ? yaml_close(y) : NULL;
}
