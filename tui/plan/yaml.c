/*
 * yaml.c: libyaml's event stream (or the subset's reader, yamlfast.c) into a small tree of
 * positioned nodes; only file with <yaml.h>.
 */
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
	size_t at; /* how much of data the subset's reader has had */
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
	struct handoff *handoff; /* while a whole parse runs on two threads, else NULL */
	int documents;
	bool failed;
	bool subset;             /* read by yaml_fast_read(), not libyaml: no diagnostics */
};

/*
 * A whole parse of a large input on two threads, as a pipeline: libyaml and the builder
 * on a thread of their own, and the caller's thread walking each streamed item (on_item)
 * as soon as it is handed over, with the pool its nodes live in. The builder runs at most
 * HANDOFF_ITEMS items ahead; walked pools come back emptied, their blocks reused. Nothing
 * else is shared: the builder's diagnostics and tree are the caller's again only once the
 * thread has been joined, and the walker sees the root as it stood when the list opened.
 */
#define HANDOFF_ITEMS 16
struct handed {
	struct ynode *item;
	struct pool pool;
};
struct handoff {
	pthread_mutex_t lock;
	pthread_cond_t moved;     /* an item handed over or taken, or the parse ended */
	struct handed ring[HANDOFF_ITEMS];
	size_t first, n;          /* the items waiting, from ring[first] */
	struct pool spare[HANDOFF_ITEMS + 2]; /* walked and emptied, back for the builder */
	size_t nspare;
	bool ended;               /* the builder has parsed all it will */
	bool stopped;             /* its reading of the subset stopped part way */
	struct ynode root;        /* the root's keys up to the list's, for the walker */
	pthread_t builder;
};

/* Inputs of at least this many bytes are parsed on two threads when read whole. */
size_t yaml_two_threads_min = 1u << 20;
enum yaml_reader yaml_reader = YAML_SUBSET_FIRST;

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

/*
 * Whether two trees are the same: kinds, strings (bytes and length), plain or quoted,
 * lines and columns, node for node. The subset's reader is held to libyaml's by it.
 */
bool
ynode_same(const struct ynode *a, const struct ynode *b)
{
	if (a->type != b->type || a->n != b->n || a->line != b->line || a->col != b->col)
		return false;
	if (a->type == YNODE_SCALAR)
		return a->len == b->len && a->plain == b->plain && memcmp(a->str, b->str, a->len) == 0;
	for (size_t i = 0; i < a->n; i++)
		if (!ynode_same(a->kids[i], b->kids[i]))
			return false;
	return true;
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

/* Where a node stands: line and character column, from 1. */
struct at {
	unsigned line, col;
};

static struct at
at_mark(const yaml_mark_t *m)
{
	return (struct at){ (unsigned)m->line + 1, (unsigned)m->column + 1 };
}

static void
error_at(struct builder *b, struct at at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
error_at(struct builder *b, struct at at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(b->diags, DIAG_ERROR, b->path, at.line, at.col, fmt, ap);
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
node_new(struct builder *b, enum ynode_type type, struct at at)
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
	n->line = at.line;
	n->col = at.col;
	return n;
}

/*
 * Count an item against the limit of the file's size; false past it, after an error at
 * the item (none when reading the subset: libyaml is to read it again and say so).
 */
static bool
count_item(struct builder *b, unsigned weight, struct at at)
{
	if ((b->items += weight) <= b->max_items)
		return true;
	if (b->subset)
		return false;
	error_at(b, at, "too many small items: more than %d per MiB of input (a list or "
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

/*
 * Queue a finished item and its pool for the walker (waiting while the queue is full);
 * the builder goes on with an emptied pool, one walked already if there is one.
 */
static void
hand_over(struct handoff *h, struct ynode *item, struct pool *pool)
{
	pthread_mutex_lock(&h->lock);
	while (h->n == HANDOFF_ITEMS)
		pthread_cond_wait(&h->moved, &h->lock);
	h->ring[(h->first + h->n++) % HANDOFF_ITEMS] = (struct handed){ item, *pool };
	*pool = h->nspare > 0 ? h->spare[--h->nspare] : (struct pool){ 0 };
	pthread_cond_broadcast(&h->moved);
	pthread_mutex_unlock(&h->lock);
}

/*
 * The root as the walker is to see it: its keys so far, the list's last. Its kids array
 * is a copy, since the builder's moves as the items' collections grow it.
 */
static void
hand_root(struct handoff *h, const struct ynode *root)
{
	h->root = *root;
	h->root.root = false;
	h->root.kids = xreallocarray(NULL, root->n, sizeof *root->kids);
	memcpy(h->root.kids, root->kids, root->n * sizeof *root->kids);
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
		if (!b->failed && b->handoff != NULL) {
			hand_over(b->handoff, n, &b->stream);
			return;
		}
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
    struct at at)
{
	static const char standard[] = "tag:yaml.org,2002:";

	if (anchor != NULL)
		error_at(b, at, "anchors are not allowed (&%s): planview documents never need them",
		    (const char *)anchor);
	if (tag != NULL && strncmp((const char *)tag, standard, strlen(standard)) != 0)
		error_at(b, at, "tags beyond the standard ones are not allowed (%s): "
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
open_collection(struct builder *b, enum ynode_type type, struct at at)
{
	struct ynode *n;

	if (b->depth == MAX_YAML_DEPTH) {
		if (!b->subset)
			error_at(b, at, "nesting deeper than %d levels", MAX_YAML_DEPTH);
		return false;
	}
	n = node_new(b, type, at);
	if (type == YNODE_SEQ && b->streaming == NULL && is_stream(b)) {
		b->streaming = n;
		n->streamed = true;
		if (b->handoff != NULL)
			hand_root(b->handoff, b->stack[0]);
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
 * A scalar node of len bytes at value: a short value copied into the pool, a long one
 * libyaml allocated (*take) taken rather than copied. On two threads every value is
 * copied: what the builder's thread allocates alone it frees itself, so the threads never
 * contend for one malloc arena.
 */
static void
add_scalar(struct builder *b, struct at at, const char *value, size_t len, bool plain,
    char **take)
{
	struct ynode *n = node_new(b, YNODE_SCALAR, at);

	n->len = len;
	if (take == NULL || len < SHORT_STRING || b->handoff != NULL) {
		n->str = pool_alloc(pool_of_depth(b), len + 1);
		memcpy(n->str, value, len);
		n->str[len] = '\0';
	} else {
		/* libyaml's buffer grew by doubling: give back the slack, in place */
		n->str = xreallocarray(*take, len + 1, 1);
		*take = NULL;
		n->own_str = true;
	}
	n->plain = plain;
	attach(b, n);
}

/* Handle one event; false stops the parse. */
static bool
handle_event(struct builder *b, yaml_event_t *ev)
{
	struct at at = at_mark(&ev->start_mark);

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			error_at(b, at, "a second YAML document in one file; planview reads one per file");
			return false;
		}
		break;
	case YAML_ALIAS_EVENT:
		if (!count_item(b, 1, at))
			return false;
		error_at(b, at, "aliases are not allowed (*%s): planview documents never need them",
		    (const char *)ev->data.alias.anchor);
		attach(b, node_new(b, YNODE_SCALAR, at));
		break;
	case YAML_SCALAR_EVENT:
		if (!count_item(b, 1, at))
			return false;
		reject_anchor(b, ev->data.scalar.anchor, ev->data.scalar.tag, at);
		add_scalar(b, at, (const char *)ev->data.scalar.value, ev->data.scalar.length,
		    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE,
		    (char **)&ev->data.scalar.value);
		break;
	case YAML_SEQUENCE_START_EVENT:
		if (!count_item(b, 2, at))
			return false;
		reject_anchor(b, ev->data.sequence_start.anchor, ev->data.sequence_start.tag, at);
		return open_collection(b, YNODE_SEQ, at);
	case YAML_MAPPING_START_EVENT:
		if (!count_item(b, 2, at))
			return false;
		reject_anchor(b, ev->data.mapping_start.anchor, ev->data.mapping_start.tag, at);
		return open_collection(b, YNODE_MAP, at);
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
	bool begun;      /* a step was taken */
	bool by_subset;  /* the whole is being read as the subset (yamlfast.c), not by libyaml */
	void (*restart)(void *); /* empties the items' walker, to start over */
	size_t size;     /* of the file, for the progress */
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

	y->begun = true;
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

/* ---- the subset read without libyaml (yamlfast.c), into the same builder ---- */

static bool
sink_open(void *ctx, bool seq, unsigned line, unsigned col)
{
	struct builder *b = ctx;
	struct at at = { line, col };

	return count_item(b, 2, at) && open_collection(b, seq ? YNODE_SEQ : YNODE_MAP, at);
}

static bool
sink_scalar(void *ctx, unsigned line, unsigned col, const char *value, size_t len, bool plain)
{
	struct builder *b = ctx;
	struct at at = { line, col };

	if (!count_item(b, 1, at))
		return false;
	add_scalar(b, at, value, len, plain, NULL);
	return true;
}

static void
sink_close(void *ctx)
{
	close_collection(ctx);
}

/* The next bytes of the input, from its start: a yaml_read_fn over a struct source. */
static size_t
source_next(void *arg, char *buf, size_t n)
{
	struct source *src = arg;
	size_t got;

	if (src->fp != NULL)
		return fread(buf, 1, n, src->fp);
	got = source_read(src, src->at, buf, n);
	src->at += got;
	return got;
}

/* The whole input through the subset's reader, on this thread; false where it stopped. */
static bool
read_subset(struct yaml_stream *y)
{
	const struct yaml_sink sink = { &y->b, sink_open, sink_scalar, sink_close };
	bool read;

	y->b.subset = true;
	read = yaml_fast_read(source_next, &y->src, &sink);
	y->b.subset = false;
	return read;
}

/* All of the input on this thread, as the subset or by libyaml; false at a stop. */
static bool
read_here(struct yaml_stream *y)
{
	if (y->by_subset)
		return read_subset(y);
	while (yaml_step(y, -1))
		;
	return true;
}

/* ---- a whole parse on two threads (struct handoff) ---- */

/* The builder's thread: the whole parse, then word that it ended. */
static void *
build_all(void *arg)
{
	struct yaml_stream *y = arg;
	struct handoff *h = y->b.handoff;
	bool read = read_here(y);

	pthread_mutex_lock(&h->lock);
	h->ended = true;
	h->stopped = !read;
	pthread_cond_broadcast(&h->moved);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/*
 * The next item handed over, waiting for it; false once the builder has ended (or its
 * reading stopped, which leaves the rest unwalked).
 */
static bool
take_handed(struct handoff *h, struct handed *it)
{
	bool got;

	pthread_mutex_lock(&h->lock);
	while (h->n == 0 && !h->ended)
		pthread_cond_wait(&h->moved, &h->lock);
	if ((got = h->n != 0 && !h->stopped)) {
		*it = h->ring[h->first];
		h->first = (h->first + 1) % HANDOFF_ITEMS;
		h->n--;
		pthread_cond_broadcast(&h->moved);
	}
	pthread_mutex_unlock(&h->lock);
	return got;
}

/* Give a walked item's pool back, emptied, for the builder to use again. */
static void
give_back(struct handoff *h, struct pool *pool)
{
	bool kept;

	pool_reset(pool);
	pthread_mutex_lock(&h->lock);
	if ((kept = h->nspare < sizeof h->spare / sizeof *h->spare))
		h->spare[h->nspare++] = *pool;
	pthread_mutex_unlock(&h->lock);
	if (!kept)
		pool_free(pool);
}

/* After the builder's thread is joined: what is left of the handoff, freed. */
static void
handoff_free(struct handoff *h)
{
	for (; h->n > 0; h->n--, h->first = (h->first + 1) % HANDOFF_ITEMS) {
		ynode_free(h->ring[h->first].item);
		pool_free(&h->ring[h->first].pool);
	}
	for (size_t i = 0; i < h->nspare; i++)
		pool_free(&h->spare[i]);
	free(h->root.kids);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->moved);
}

enum two_threads { TWO_READ, TWO_STOPPED, TWO_NO_THREAD };

/*
 * Parse to the end on two threads (see struct handoff): walk each item as it comes, then
 * wait for the builder. Nothing is parsed if its thread cannot be had.
 */
static enum two_threads
parse_on_two_threads(struct yaml_stream *y)
{
	struct handoff h = { .first = 0 };
	struct handed it;
	bool stopped;

	pthread_mutex_init(&h.lock, NULL);
	pthread_cond_init(&h.moved, NULL);
	y->b.handoff = &h;
	if (!thread_start(&h.builder, build_all, y)) {
		y->b.handoff = NULL;
		handoff_free(&h);
		return TWO_NO_THREAD;
	}
	while (take_handed(&h, &it)) {
		y->b.on_item(y->b.ctx, &h.root, it.item); /* it takes the strings it keeps */
		ynode_free(it.item);
		give_back(&h, &it.pool);
	}
	pthread_join(h.builder, NULL);
	y->b.handoff = NULL;
	stopped = h.stopped;
	handoff_free(&h);
	return stopped ? TWO_STOPPED : TWO_READ;
}

/* Whether a whole parse is large enough to be worth a second thread, and may have one. */
static bool
worth_two_threads(const struct yaml_stream *y)
{
	size_t size = y->src.fp != NULL ? y->size : y->src.len;

	return y->b.on_item != NULL && size >= yaml_two_threads_min && thread_affordable();
}

/* All of the input, read as y is set to (two threads if large); false at a stop. */
static bool
read_all(struct yaml_stream *y)
{
	enum two_threads two = worth_two_threads(y) ? parse_on_two_threads(y) : TWO_NO_THREAD;

	return two == TWO_NO_THREAD ? read_here(y) : two == TWO_READ;
}

/* ---- reading the whole input ---- */

/* Free what the builder holds but its root: the collections left open, its pool, its kids. */
static void
builder_let_go(struct builder *b)
{
	while (b->depth > 0)
		ynode_free(b->stack[--b->depth]);
	pool_free(&b->stream);
	free(b->kids);
}

/* Empty the builder for a fresh start: what it built is freed. */
static void
builder_reset(struct builder *b)
{
	builder_let_go(b);
	ynode_free(b->root);
	b->stream = (struct pool){ 0 };
	b->tree = NULL;
	b->kids = NULL;
	b->nkids = b->capkids = 0;
	b->items = 0;
	b->root = NULL;
	b->streaming = NULL;
	b->documents = 0;
	b->failed = false;
}

/*
 * Read the whole input, none of it read yet: as the subset planview writes if it is that
 * (and the items' walker can start over, when there is one), else with libyaml from the
 * start, both on two threads when the input is large.
 */
static void
read_whole(struct yaml_stream *y)
{
	struct builder *b = &y->b;

	if (yaml_reader != YAML_LIBYAML_ONLY && (b->on_item == NULL || y->restart != NULL)) {
		y->by_subset = true;
		if (read_all(y)) {
			y->by_subset = false;
			y->parsing = false;
			return;
		}
		y->by_subset = false;
		builder_reset(b);
		if (y->restart != NULL)
			y->restart(b->ctx);
		if (y->src.fp != NULL)
			rewind(y->src.fp);
		if (yaml_reader == YAML_SUBSET_ONLY) {
			diag_add(b->diags, DIAG_ERROR, b->path, 0, 0, "not in the subset of YAML "
			    "read without libyaml");
			b->failed = true;
			y->parsing = false;
			return;
		}
	}
	read_all(y);
}

/* Let the reader of the whole input start the items' walk over: restart(ctx) empties it. */
void
yaml_on_restart(struct yaml_stream *y, void (*restart)(void *))
{
	y->restart = restart;
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

	if (!y->begun && y->parsing)
		read_whole(y);
	while (yaml_step(y, -1))
		;
	builder_let_go(b);
	yaml_parser_delete(&y->parser);
	if (y->src.fp != NULL)
		fclose(y->src.fp);
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
