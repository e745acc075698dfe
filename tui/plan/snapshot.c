/*
 * snapshot.c: a loaded document as one flat file in the cache (a header, fixed-size
 * records holding offsets rather than pointers, and its text in one arena), mapped
 * read-only when the same bytes are loaded again: see the README for why this format.
 * The file is a head and a body, each with its own checksum: the head holds all but the
 * items' text, so that a query which prints none (--dept, --departments, --outline) reads
 * the head alone.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plan/plan_int.h"

#define SNAPSHOT_MAGIC "PLANVSNP"
#define SNAPSHOT_VERSION 6u   /* any change to the records below is a new version */
#define SNAPSHOT_ENDIAN 0x01020304u
#define SNAPSHOT_SEED 0x706c616e76696577ull
#define SNAPSHOT_SUFFIX ".snap"
#define NONE32 UINT32_MAX

/* A string: 0 for NULL, else 1 + its offset in the text arena (NUL-terminated there). */
typedef uint32_t sref;
struct slist {                /* a string list: n string refs from refs[first] */
	uint32_t first, n;
};
/*
 * The file: the header, the nodes, the responsibilities, the head's string refs, then the
 * text arena (the head's strings first), then the body's string refs, then each node's
 * text as text_item_views() gives it (struct kept_item, by node, and struct kept_line: the
 * page and the searches read it in place rather than work it out again). The head is every
 * byte up to the end of the head's strings (head_len); the body, the rest: the items'
 * headings, lines and table cells (struct node's heading, text and fields), but not the
 * matter's lines, which the head keeps (a plan's place is read from them).
 */
struct snap_header {
	char magic[8];
	uint32_t version, endian;
	uint64_t total;          /* the file's size */
	uint64_t checksum;       /* cache_hash() of this header (this field 0), then the head */
	uint64_t body_sum;       /* cache_hash() of the body */
	uint64_t head_len;
	struct snapshot_ident src, reg;
	int64_t built;           /* when its source was read (seconds since the epoch) */
	uint64_t folded_with;    /* the fold table its text is its own folded form under, or 0 */
	uint64_t nnodes, nresps, nrefs, text_len;
	uint64_t nrefs_head, text_head_len; /* of which the head's: the first of each */
	uint64_t off_nodes, off_resps, off_refs, off_text, off_refs_body;
	uint64_t nlines, off_items, off_lines; /* the kept text: nnodes items, nlines lines */
	/* the document's own fields */
	sref path_reg, title, status, part, issuer, published, category, doc_number,
	    departments, encoding;
	uint32_t schema, lead_rule, bom, crlf, final_newline, blank_between;
	uint32_t text_safe;      /* arena_safe() */
};
struct snap_resp {
	struct slist as, lead, cooperate, responsible, notes, supervisors, deadlines;
	uint32_t by_division, separately, first_leads, lead_missing, line, col;
};
struct snap_node {
	uint32_t kind, matter;
	sref heading, number, title;
	uint32_t num_style, num_len, num_gap, num_half;
	int32_t num_value;
	struct slist text, fields;
	uint32_t resp_first, nresp;
	uint32_t depth, parent, end, line, col;
};

const char *const cache_suffixes[] = { SNAPSHOT_SUFFIX, PACK_SUFFIX, NULL };

/* ---- the key ---------------------------------------------------------------------------- */

#define CACHE_TOUCH_SECONDS 600 /* a snapshot used is marked used again after this long */
#define RACY_SECONDS 2 /* a file changed this close to its snapshot may have changed unseen */

/* A file's identity from stat(): size, inode, device, times (its hash left at 0). */
static void
ident_stat(const struct stat *st, struct snapshot_ident *id)
{
	*id = (struct snapshot_ident){
		.size = (uint64_t)st->st_size, .ino = (uint64_t)st->st_ino,
		.dev = (uint64_t)st->st_dev, .mtime_s = st->st_mtim.tv_sec,
		.mtime_ns = st->st_mtim.tv_nsec, .ctime_s = st->st_ctim.tv_sec,
		.ctime_ns = st->st_ctim.tv_nsec,
	};
}

/*
 * A file's identity, and with hash its bytes' hash; false if it cannot be read as a
 * regular file. Without hash it is one stat(): a library's thousands of plans are each
 * looked at this way, and each system call counts.
 */
static bool
ident_of(const char *path, struct snapshot_ident *id, bool hash)
{
	struct stat st;
	void *map = NULL;
	int fd;
	bool ok;

	if (!hash) {
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > SIZE_MAX)
			return false;
		ident_stat(&st, id);
		return true;
	}
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return false;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size <= SIZE_MAX;
	if (ok && hash && st.st_size > 0)
		ok = (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) !=
		    MAP_FAILED;
	close(fd);
	if (!ok)
		return false;
	ident_stat(&st, id);
	if (hash)
		id->hash = cache_hash(map, (size_t)st.st_size, SNAPSHOT_SEED);
	if (map != NULL)
		munmap(map, (size_t)st.st_size);
	return true;
}

/* Whether two identities are the same file as stat() sees it (hashes aside). */
bool
snapshot_same_stat(const struct snapshot_ident *a, const struct snapshot_ident *b)
{
	return a->size == b->size && a->ino == b->ino && a->dev == b->dev &&
	    a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns &&
	    a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

static bool
same_ident(const struct snapshot_ident *a, const struct snapshot_ident *b)
{
	return snapshot_same_stat(a, b) && a->hash == b->hash;
}

/*
 * The absolute path of a file with no symbolic link in it, as realpath() gives it, but
 * with its directory resolved once for all the files in it (the last directory asked is
 * remembered): realpath() reads every component's link again for each of a library's
 * plans. A file that is itself a link (or a name realpath() must work out: "." or "..")
 * goes to realpath(). *found tells whether *st is the file's stat() (its lstat() of a file
 * that is no link), which saves the key a second look at it.
 */
static char *
absolute_path(const char *path, struct stat *st, bool *found)
{
	static char *dir_given, *dir_real; /* the directory last resolved ("lib/"), and what it is */
	const char *slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
	size_t prefix = (size_t)(base - path); /* the directory as given, with its slash */
	char *given;

	*found = false;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    lstat(path, st) != 0 || S_ISLNK(st->st_mode))
		return realpath(path, NULL);
	*found = true;
	if (dir_given == NULL || strlen(dir_given) != prefix ||
	    strncmp(dir_given, path, prefix) != 0) {
		given = xstrndup(path, prefix);
		free(dir_real);
		if ((dir_real = realpath(prefix != 0 ? given : ".", NULL)) == NULL) {
			free(given);
			given = NULL;
		}
		free(dir_given);
		dir_given = given;
		if (dir_real == NULL)
			return realpath(path, NULL);
	}
	return xasprintf("%s%s%s", dir_real, strcmp(dir_real, "/") == 0 ? "" : "/", base);
}

/*
 * The absolute path of the file at path (*source, the caller's to free) and what it is
 * now by stat(); false if it is no regular file (or standard input).
 */
bool
snapshot_source(const char *path, char **source, struct snapshot_ident *id)
{
	struct stat st;
	bool found;

	memset(id, 0, sizeof *id);
	if (strcmp(path, "-") == 0 || (*source = absolute_path(path, &st, &found)) == NULL)
		return false;
	if (found && S_ISREG(st.st_mode) && (uintmax_t)st.st_size <= SIZE_MAX)
		ident_stat(&st, id);
	else
		found = ident_of(*source, id, false);
	if (!found) {
		free(*source);
		*source = NULL;
	}
	return found;
}

/* The path in the cache of the snapshot of the file at source (an absolute path), or NULL. */
char *
snapshot_file(const char *source)
{
	char *dir = cache_dir(), *file;

	if (dir == NULL)
		return NULL;
	file = xasprintf("%s/%016llx%s", dir, (unsigned long long)cache_hash(source,
	    strlen(source), SNAPSHOT_SEED), SNAPSHOT_SUFFIX);
	free(dir);
	return file;
}

/*
 * The key of the document at path: its snapshot's name in the cache (a hash of its
 * absolute path) and what the file is now, by stat() (its bytes are hashed only when a
 * snapshot is written, or trusted: see snapshot_open()). False when there is no cache or
 * no such file.
 */
bool
snapshot_key(const char *path, struct snapshot_key *k)
{
	memset(k, 0, sizeof *k);
	if (!snapshot_source(path, &k->source, &k->src))
		return false;
	if ((k->file = snapshot_file(k->source)) == NULL) {
		snapshot_key_free(k);
		return false;
	}
	k->built = (int64_t)time(NULL);
	return true;
}

/* Free what a key holds. */
void
snapshot_key_free(struct snapshot_key *k)
{
	free(k->file);
	free(k->source);
	k->file = k->source = NULL;
}

/* Whether the file at path is still the one the key was made from (after a load). */
bool
snapshot_unchanged(const char *path, const struct snapshot_key *k)
{
	struct snapshot_ident now;

	return ident_of(path, &now, false) && snapshot_same_stat(&now, &k->src);
}

/*
 * Whether a file's stat() cannot vouch for its bytes: changed within RACY_SECONDS of when
 * its snapshot was begun, a later change may keep the same size and times (a file system's
 * clock ticks coarsely), so its bytes are hashed again. Git's "racily clean" entries.
 */
static bool
racy(const struct snapshot_ident *src, int64_t built)
{
	return src->mtime_s + RACY_SECONDS >= built || src->ctime_s + RACY_SECONDS >= built;
}

/*
 * The checksum of a snapshot's head: its header (the checksum itself as 0), then the len
 * bytes after it (to head_len). The body's is cache_hash() of its bytes.
 */
static uint64_t
checksum(const struct snap_header *h, const char *rest, size_t len)
{
	struct snap_header copy = *h;

	copy.checksum = 0;
	return cache_hash(&copy, sizeof copy, cache_hash(rest, len, SNAPSHOT_SEED));
}

/*
 * Make len bytes that begin with a snapshot's header pass its size and checksum checks
 * (total and checksum rewritten): for the fuzz target and tests, which craft snapshots.
 */
void
snapshot_seal(void *data, size_t len)
{
	struct snap_header h;

	if (len < sizeof h)
		return;
	memcpy(&h, data, sizeof h);
	h.total = len;
	if (h.head_len < sizeof h || h.head_len > len)
		return; /* no head to seal: it is refused for that */
	h.body_sum = cache_hash((const char *)data + h.head_len, len - h.head_len, SNAPSHOT_SEED);
	h.checksum = checksum(&h, (const char *)data + sizeof h, h.head_len - sizeof h);
	memcpy(data, &h, sizeof h);
}

/* ---- writing -------------------------------------------------------------------------- */

struct writer {
	struct buf text, refs, body_refs, nodes, resps, items, lines;
	size_t nrefs_head;     /* the head's refs, once written: the body's count on from them */
	struct strindex names; /* the short strings written, each once, */
	sref *name_refs;       /* and where */
	bool too_big;
};

#define SHARED_MAX 64 /* bytes: a string this short (a name, a number) is written once */

static sref
put_str(struct writer *w, const char *s)
{
	size_t at = w->text.len, len, had = w->names.list.n, k = 0;

	if (s == NULL)
		return 0;
	if ((len = strlen(s)) <= SHARED_MAX && (k = strindex_put(&w->names, s)) < had)
		return w->name_refs[k]; /* the same name, the same string: one address when mapped */
	buf_add(&w->text, s, len + 1);
	if (at >= UINT32_MAX - 1)
		w->too_big = true;
	if (len <= SHARED_MAX) {
		w->name_refs = xgrow(w->name_refs, k, sizeof *w->name_refs);
		w->name_refs[k] = (sref)(at + 1);
	}
	return (sref)(at + 1);
}

/* A list's strings and refs: the head's, or (in_body) the body's. */
static struct slist
put_list(struct writer *w, const struct strlist *l, bool in_body)
{
	struct buf *refs = in_body ? &w->body_refs : &w->refs;
	struct slist sl = { (uint32_t)((in_body ? w->nrefs_head : 0) + refs->len / sizeof(sref)),
	    (uint32_t)l->n };

	for (size_t i = 0; i < l->n; i++) {
		sref r = put_str(w, l->v[i]);

		buf_add(refs, &r, sizeof r);
	}
	return sl;
}

static void
put_resp(struct writer *w, const struct resp *r)
{
	struct snap_resp sr = {
		put_list(w, &r->as, false), put_list(w, &r->lead, false),
		put_list(w, &r->cooperate, false), put_list(w, &r->responsible, false),
		put_list(w, &r->notes, false), put_list(w, &r->supervisors, false),
		put_list(w, &r->deadlines, false), r->by_division, r->separately, r->first_leads,
		r->lead_missing, r->line, r->col,
	};

	buf_add(&w->resps, &sr, sizeof sr);
}

/*
 * A node's record, with what the head holds of it: all of a matter node, an item's number,
 * title and responsibilities (its heading, text and fields are put_node_body()'s).
 */
static void
put_node_head(struct writer *w, const struct node *nd)
{
	bool matter = nd->kind == NODE_MATTER;
	struct snap_node sn = {
		.kind = nd->kind, .matter = nd->matter,
		.heading = matter ? put_str(w, nd->heading) : 0,
		.number = put_str(w, nd->number), .title = put_str(w, nd->title),
		.num_style = nd->num.style, .num_len = (uint32_t)nd->num.len,
		.num_gap = (uint32_t)nd->num.gap, .num_half = nd->num.half,
		.num_value = nd->num.value,
		.text = matter ? put_list(w, &nd->text, false) : (struct slist){ 0, 0 },
		.fields = matter ? put_list(w, &nd->fields, false) : (struct slist){ 0, 0 },
		.resp_first = (uint32_t)(w->resps.len / sizeof(struct snap_resp)),
		.nresp = (uint32_t)nd->nresp, .depth = nd->depth,
		.parent = nd->parent == SIZE_MAX ? NONE32 : (uint32_t)nd->parent,
		.end = (uint32_t)nd->end, .line = nd->line, .col = nd->col,
	};

	for (size_t k = 0; k < nd->nresp; k++)
		put_resp(w, &nd->resp[k]);
	buf_add(&w->nodes, &sn, sizeof sn);
}

/* An item's heading, text and fields, in the body, into record i (written by the head's pass). */
static void
put_node_body(struct writer *w, const struct node *nd, size_t i)
{
	struct snap_node sn;

	if (nd->kind == NODE_MATTER)
		return;
	memcpy(&sn, w->nodes.s + i * sizeof sn, sizeof sn);
	sn.heading = put_str(w, nd->heading);
	sn.text = put_list(w, &nd->text, true);
	sn.fields = put_list(w, &nd->fields, true);
	memcpy(w->nodes.s + i * sizeof sn, &sn, sizeof sn);
}

/* The ref of string j of the lists (the head's first, then the body's), as written. */
static sref
list_ref(const struct writer *w, uint32_t j)
{
	sref r;

	if (j < w->nrefs_head)
		memcpy(&r, w->refs.s + j * sizeof r, sizeof r);
	else
		memcpy(&r, w->body_refs.s + (j - w->nrefs_head) * sizeof r, sizeof r);
	return r;
}

/* Whether len bytes at s lie within the string str. */
static bool
within(const char *str, const char *s, size_t len)
{
	uintptr_t a = (uintptr_t)str, b = (uintptr_t)s;
	size_t n;

	if (str == NULL || b < a)
		return false;
	n = strlen(str);
	return b - a <= n && len <= n - (b - a);
}

/*
 * Where in the arena a line of node nd's text lies (its record sn written): in its heading
 * or one of its lines, as written; else (a line made for it) written to the arena now.
 */
static uint32_t
line_place(struct writer *w, const struct snap_node *sn, const struct node *nd,
    const struct text_view *v)
{
	char *copy;
	sref r;

	if (v->made != NULL)
		return put_str(w, v->made) - 1; /* its own string, len bytes */
	if (within(nd->heading, v->s, v->len))
		return sn->heading - 1 + (uint32_t)(v->s - nd->heading);
	for (size_t k = 0; k < nd->text.n; k++)
		if (within(nd->text.v[k], v->s, v->len))
			return list_ref(w, sn->text.first + (uint32_t)k) - 1 +
			    (uint32_t)(v->s - nd->text.v[k]);
	copy = xstrndup(v->s, v->len); /* in none of them: written as a line of its own */
	r = put_str(w, copy);
	free(copy);
	return r - 1;
}

/* Node i's text as text_item_views() gives it, kept in the body (its record written). */
static void
put_item_lines(struct writer *w, const struct document *d, size_t i, struct text_views *views)
{
	struct snap_node sn;
	struct kept_item it = { (uint32_t)(w->lines.len / sizeof(struct kept_line)), 0, 0, 0 };
	size_t head;

	memcpy(&sn, w->nodes.s + i * sizeof sn, sizeof sn);
	text_views_clear(views);
	it.own = (uint32_t)text_item_views(views, &head, d, i);
	it.n = (uint32_t)views->n;
	it.head = (uint32_t)head;
	for (size_t k = 0; k < views->n; k++) {
		const struct text_view *v = &views->v[k];
		struct kept_line l = { line_place(w, &sn, &d->nodes[i], v), (uint32_t)v->len,
		    v->flags };

		buf_add(&w->lines, &l, sizeof l);
	}
	buf_add(&w->items, &it, sizeof it);
}

/* The header's document fields and the registry's identity; false if it cannot be had. */
static bool
put_document(struct writer *w, struct snap_header *h, const struct document *d)
{
	char *reg = NULL;

	if (d->registry != NULL && ((reg = realpath(d->registry->path, NULL)) == NULL ||
	    !ident_of(reg, &h->reg, true))) {
		free(reg);
		return false;
	}
	h->path_reg = put_str(w, reg);
	free(reg);
	h->title = put_str(w, d->title);
	h->status = put_str(w, d->status);
	h->part = put_str(w, d->part);
	h->issuer = put_str(w, d->issuer);
	h->published = put_str(w, d->published);
	h->category = put_str(w, d->category);
	h->doc_number = put_str(w, d->doc_number);
	h->departments = put_str(w, d->departments);
	h->encoding = put_str(w, d->src.encoding);
	h->schema = (uint32_t)d->schema;
	h->lead_rule = d->lead_rule;
	h->bom = d->src.bom;
	h->crlf = d->src.crlf;
	h->final_newline = d->src.final_newline;
	h->blank_between = d->src.blank_between;
	return true;
}

/* Pad a section to a multiple of 8 bytes: each begins 8-aligned. */
static void
pad_section(struct buf *section)
{
	static const char zeros[8];

	buf_add(section, zeros, (8 - section->len % 8) % 8);
}

static void
writer_free(struct writer *w)
{
	buf_free(&w->text);
	buf_free(&w->refs);
	buf_free(&w->body_refs);
	buf_free(&w->nodes);
	buf_free(&w->resps);
	buf_free(&w->items);
	buf_free(&w->lines);
	strindex_free(&w->names);
	free(w->name_refs);
}

/*
 * Whether every string of the arena is safe to draw as it is (utf8_is_safe()) but for its
 * tabs and line breaks, which the reader lays out before it draws: the reader then checks
 * no line of a large plan again (a quarter of building its page). Written once, with the
 * snapshot, and trusted as its checksum is.
 */
static bool
arena_safe(const char *s, size_t len)
{
	const char *end = s + len, *p;

	for (; s < end; s = p + 1) {
		for (p = s; p < end && *p != '\0' && *p != '\t' && *p != '\n'; p++)
			;
		if (!utf8_is_safe(s, (size_t)(p - s)))
			return false;
	}
	return true;
}

/*
 * arena_safe() as a UTF-8 locale judges it, whatever the locale of the process writing
 * the snapshot (a script's may be C, where wcwidth() knows no character beyond ASCII and
 * every plan's text would be checked again by every reader). A reader whose own locale
 * knows fewer characters draws those it does not know as nothing (cp_width()).
 */
static bool
arena_safe_in_utf8(const char *s, size_t len)
{
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0), was;
	bool safe;

	if (utf8 == (locale_t)0)
		return arena_safe(s, len);
	was = uselocale(utf8);
	safe = arena_safe(s, len);
	uselocale(was);
	freelocale(utf8);
	return safe;
}

/*
 * The sums of a snapshot whose sections are in w (the text's first text_head_len bytes in
 * the head): checksum() and the body's, a section at a time.
 */
static void
sum_sections(struct snap_header *h, const struct writer *w)
{
	struct hasher x;
	struct snap_header copy;

	hash_start(&x, SNAPSHOT_SEED, h->total - h->head_len);
	hash_add(&x, w->text.s + h->text_head_len, w->text.len - h->text_head_len);
	hash_add(&x, w->body_refs.s, w->body_refs.len);
	hash_add(&x, w->items.s, w->items.len);
	hash_add(&x, w->lines.s, w->lines.len);
	h->body_sum = hash_end(&x);
	hash_start(&x, SNAPSHOT_SEED, h->head_len - sizeof *h);
	hash_add(&x, w->nodes.s, w->nodes.len);
	hash_add(&x, w->resps.s, w->resps.len);
	hash_add(&x, w->refs.s, w->refs.len);
	hash_add(&x, w->text.s, h->text_head_len);
	copy = *h;
	copy.checksum = 0;
	h->checksum = cache_hash(&copy, sizeof copy, hash_end(&x));
}

/*
 * The document as a snapshot: its header in h, its sections in w, padded, with the offsets
 * and checksums they will have one after the other in the file (never joined in memory: a
 * large plan's would be a second copy of a hundred megabytes); false if it cannot be one.
 * The head's strings are written first, all of them, then the body's: a short string both
 * use is the head's.
 */
static bool
snapshot_encode(struct writer *w, struct snap_header *h, const struct snapshot_key *k,
    const struct document *d)
{
	struct buf *sections[] = { &w->nodes, &w->resps, &w->refs, &w->text, &w->body_refs,
	    &w->items, &w->lines };
	struct text_views views = { 0 };

	*h = (struct snap_header){ .version = SNAPSHOT_VERSION, .endian = SNAPSHOT_ENDIAN };
	buf_putc(&w->text, '\0'); /* the arena is never empty, and ends in a NUL */
	if (d->nnodes >= NONE32 || !put_document(w, h, d))
		return false;
	for (size_t i = 0; i < d->nnodes; i++)
		put_node_head(w, &d->nodes[i]);
	w->nrefs_head = w->refs.len / sizeof(sref);
	h->text_head_len = w->text.len;
	for (size_t i = 0; i < d->nnodes; i++)
		put_node_body(w, &d->nodes[i], i);
	for (size_t i = 0; i < d->nnodes; i++)
		put_item_lines(w, d, i, &views);
	text_views_free(&views);
	memcpy(h->magic, SNAPSHOT_MAGIC, sizeof h->magic);
	h->src = k->src;
	h->built = k->built;
	h->nnodes = d->nnodes;
	h->nresps = w->resps.len / sizeof(struct snap_resp);
	h->nrefs_head = w->nrefs_head;
	h->nrefs = w->nrefs_head + w->body_refs.len / sizeof(sref);
	h->text_len = w->text.len;
	h->folded_with = script_folds(w->text.s, w->text.len) ? 0 : script_fold_id();
	h->text_safe = arena_safe_in_utf8(w->text.s, w->text.len);
	h->nlines = w->lines.len / sizeof(struct kept_line);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		pad_section(sections[i]);
	h->off_nodes = sizeof *h;
	h->off_resps = h->off_nodes + w->nodes.len;
	h->off_refs = h->off_resps + w->resps.len;
	h->off_text = h->off_refs + w->refs.len;
	h->head_len = h->off_text + h->text_head_len;
	h->off_refs_body = h->off_text + w->text.len;
	h->off_items = h->off_refs_body + w->body_refs.len;
	h->off_lines = h->off_items + w->items.len;
	h->total = h->off_lines + w->lines.len;
	sum_sections(h, w);
	return !w->too_big && h->nresps < NONE32 && h->nrefs < NONE32 && h->nlines < NONE32;
}

/*
 * Write the document's snapshot, atomically (file_write(): a temporary file renamed, so
 * a reader, or a second writer, sees the old one or a whole new one), then keep the cache
 * within its cap. A document that cannot be written (a cache on a full or read-only disk)
 * is simply not cached: the next load parses it again.
 */
void
snapshot_save(const struct snapshot_key *k, const struct document *d)
{
	struct snapshot_key hashed = *k;
	struct writer w = { 0 };
	struct snap_header h;
	char *dir, *slash;

	if (!ident_of(k->source, &hashed.src, true) || !snapshot_same_stat(&hashed.src, &k->src))
		return; /* changed since it was read */
	if (snapshot_encode(&w, &h, &hashed, d) &&
	    file_write_pieces(k->file, (struct file_piece[]){ { (const char *)&h, sizeof h },
	    { w.nodes.s, w.nodes.len }, { w.resps.s, w.resps.len }, { w.refs.s, w.refs.len },
	    { w.text.s, w.text.len }, { w.body_refs.s, w.body_refs.len },
	    { w.items.s, w.items.len }, { w.lines.s, w.lines.len } }, 8, 0600,
	    FILE_CACHE) >= 0 &&
	    (slash = strrchr(k->file, '/')) != NULL) {
		dir = xstrndup(k->file, (size_t)(slash - k->file));
		cache_trim(dir, cache_suffixes, k->file);
		free(dir);
	}
	writer_free(&w);
}

/* ---- reading -------------------------------------------------------------------------- */

/*
 * A snapshot being decoded: whole, or its head alone (heads_only: the strings and refs
 * below are then the head's, and its items have no heading, text or fields). Checking
 * its records only reads them; making the model from them (the nodes, responsibilities
 * and string pointers) writes memory of its own, which is most of a large plan's decode:
 * with on_demand, that is done later, a stretch of nodes at a time (snapshot_make_nodes()).
 */
struct reader {
	const char *text;
	uint64_t text_len;
	const sref *refs, *refs_body; /* the head's refs, and the body's (from nrefs_head on) */
	uint64_t nrefs, nrefs_head;
	const struct snap_node *sn;   /* the records */
	const struct snap_resp *sr;
	const struct kept_item *items; /* the kept text (not read with heads_only) */
	const struct kept_line *lines;
	uint64_t nnodes, nresps, nlines;
	char **strs;
	bool heads_only, on_demand;
	const char *why;
};

/*
 * A document's nodes made on demand: what making the rest takes, and how far it got. Once
 * snapshot_start_maker() has run, a thread of its own makes them all, in order: the
 * reader's own making then only waits for it to get far enough (made, under lock). The
 * nodes up to made are never written again, so the reader reads them without the lock.
 */
struct snapshot_rest {
	struct reader r;
	size_t made;
	bool threaded;          /* the maker thread was started and is not yet joined */
	bool stop;              /* the maker is to stop: the document is being freed */
	pthread_t maker;
	pthread_mutex_t lock;   /* over made and stop while the maker runs */
	pthread_cond_t moved;   /* made grew */
};

static bool
bad(struct reader *r, const char *why)
{
	if (r->why == NULL)
		r->why = why;
	return false;
}

/* Whether a string ref points into the arena (0, no string, does). */
static bool
str_sound(struct reader *r, sref s)
{
	return s == 0 || s - 1 < r->text_len || bad(r, N_("a string outside the text"));
}

/* A string ref, checked, as a pointer into the mapping. */
static char *
str_at(const struct reader *r, sref s)
{
	return s != 0 ? (char *)r->text + (s - 1) : NULL;
}

static bool
get_str(struct reader *r, sref s, char **out)
{
	if (!str_sound(r, s))
		return false;
	*out = str_at(r, s);
	return true;
}

static bool
list_sound(struct reader *r, struct slist sl)
{
	return (sl.first <= r->nrefs && sl.n <= r->nrefs - sl.first) ||
	    bad(r, N_("a list outside the lists"));
}

/* The ref of string i of the lists, the head's first, then the body's. */
static sref
ref_at(const struct reader *r, uint64_t i)
{
	return i < r->nrefs_head ? r->refs[i] : r->refs_body[i - r->nrefs_head];
}

/*
 * A list, checked, as an array of string pointers. Decoded whole, the pointers are all
 * set beforehand (set_strs()); on demand, a list's own are set as it is made.
 */
static void
make_list(const struct reader *r, struct slist sl, struct strlist *out)
{
	out->v = sl.n != 0 ? r->strs + sl.first : NULL;
	out->n = sl.n;
	if (r->on_demand)
		for (uint64_t i = sl.first; i < (uint64_t)sl.first + sl.n; i++)
			r->strs[i] = str_at(r, ref_at(r, i));
}

static bool
resp_sound(struct reader *r, const struct snap_resp *sr)
{
	return list_sound(r, sr->as) && list_sound(r, sr->lead) &&
	    list_sound(r, sr->cooperate) && list_sound(r, sr->responsible) &&
	    list_sound(r, sr->notes) && list_sound(r, sr->supervisors) &&
	    list_sound(r, sr->deadlines);
}

static void
make_resp(const struct reader *r, const struct snap_resp *sr, struct resp *out)
{
	out->by_division = sr->by_division != 0;
	out->separately = sr->separately != 0;
	out->first_leads = sr->first_leads != 0;
	out->lead_missing = sr->lead_missing != 0;
	out->line = sr->line;
	out->col = sr->col;
	make_list(r, sr->as, &out->as);
	make_list(r, sr->lead, &out->lead);
	make_list(r, sr->cooperate, &out->cooperate);
	make_list(r, sr->responsible, &out->responsible);
	make_list(r, sr->notes, &out->notes);
	make_list(r, sr->supervisors, &out->supervisors);
	make_list(r, sr->deadlines, &out->deadlines);
}

/*
 * Record i: its fields, and a tree the model's walks can trust (parents before, ends
 * after), judged by the records alone (those before it were checked first).
 */
static bool
node_sound(struct reader *r, size_t i)
{
	const struct snap_node *sn = &r->sn[i], *up = sn->parent != NONE32 ? &r->sn[sn->parent] :
	    NULL;

	if (sn->kind > NODE_GROUP || sn->matter > MATTER_TEXT || sn->num_style > NUM_ATTACHMENT)
		return bad(r, N_("a node of no known kind"));
	if ((up != NULL && (sn->parent >= i || up->end <= i || sn->end > up->end)) ||
	    sn->end <= i || sn->end > r->nnodes)
		return bad(r, N_("a node outside its tree"));
	if (up == NULL ? sn->depth != 0 : sn->kind == NODE_MATTER || sn->depth != up->depth + 1)
		return bad(r, N_("a node at the wrong depth"));
	if ((sn->kind == NODE_ITEM && sn->heading == 0) ||
	    (sn->kind != NODE_MATTER && (sn->number == 0 || sn->title == 0)))
		return bad(r, N_("an item without its heading"));
	if (sn->resp_first > r->nresps || sn->nresp > r->nresps - sn->resp_first)
		return bad(r, N_("responsibilities outside the list"));
	if (!str_sound(r, sn->number) || !str_sound(r, sn->title))
		return false;
	if (r->heads_only && sn->kind != NODE_MATTER)
		return true; /* an item's heading, text and fields are the body's */
	return str_sound(r, sn->heading) && list_sound(r, sn->text) && list_sound(r, sn->fields);
}

/* Node i of d made from its record (checked), with its responsibilities on demand. */
static void
make_node(const struct reader *r, size_t i, struct document *d)
{
	const struct snap_node *sn = &r->sn[i];
	struct node *nd = &d->nodes[i];

	nd->kind = sn->kind;
	nd->matter = sn->matter;
	nd->num = (struct numtok){ sn->num_style, sn->num_value, sn->num_len, sn->num_gap,
	    sn->num_half != 0 };
	nd->depth = sn->depth;
	nd->parent = sn->parent == NONE32 ? SIZE_MAX : sn->parent;
	nd->end = sn->end;
	nd->line = sn->line;
	nd->col = sn->col;
	nd->nresp = sn->nresp;
	nd->resp = sn->nresp != 0 ? d->map_resps + sn->resp_first : NULL;
	nd->number = str_at(r, sn->number);
	nd->title = str_at(r, sn->title);
	if (r->on_demand)
		for (size_t k = sn->resp_first; k < (size_t)sn->resp_first + sn->nresp; k++)
			make_resp(r, &r->sr[k], &d->map_resps[k]);
	if (r->heads_only && sn->kind != NODE_MATTER)
		return;
	nd->heading = str_at(r, sn->heading);
	make_list(r, sn->text, &nd->text);
	make_list(r, sn->fields, &nd->fields);
}

/*
 * The header checked against the file's length (len bytes, or with heads_only at least
 * the head's): every section inside, aligned, in order. The checksums are checked apart
 * (summing below): decoding reads nothing outside the sections, so it may go on while the
 * sums are taken.
 */
static bool
check_header(struct reader *r, const struct snap_header *h, size_t len)
{
	if (len < sizeof h->magic || memcmp(h->magic, SNAPSHOT_MAGIC, sizeof h->magic) != 0)
		return bad(r, N_("not a planview snapshot"));
	if (len < sizeof *h)
		return bad(r, N_("truncated"));
	if (h->endian != SNAPSHOT_ENDIAN)
		return bad(r, N_("written on a machine of the other byte order"));
	if (h->version != SNAPSHOT_VERSION)
		return bad(r, N_("written by another version of planview"));
	if (r->heads_only ? h->head_len > len || h->head_len > h->total : h->total != len)
		return bad(r, N_("truncated"));
	if (h->nnodes >= NONE32 || h->nresps >= NONE32 || h->nrefs >= NONE32 ||
	    h->nrefs_head > h->nrefs || h->text_len == 0 || h->text_len >= UINT32_MAX ||
	    h->text_head_len == 0 || h->text_head_len > h->text_len)
		return bad(r, N_("impossible sizes"));
	if (h->off_nodes != sizeof *h || h->off_text > h->head_len || h->head_len > h->total ||
	    h->off_refs > h->off_text ||
	    h->off_resps > h->off_refs ||
	    h->off_resps - h->off_nodes < h->nnodes * sizeof(struct snap_node) ||
	    h->off_refs - h->off_resps < h->nresps * sizeof(struct snap_resp) ||
	    h->off_text - h->off_refs < h->nrefs_head * sizeof(sref) ||
	    h->head_len != h->off_text + h->text_head_len ||
	    h->off_refs_body > h->total || h->off_refs_body < h->off_text ||
	    h->off_refs_body - h->off_text < h->text_len ||
	    h->total - h->off_refs_body < (h->nrefs - h->nrefs_head) * sizeof(sref) ||
	    h->off_resps % 8 != 0 || h->off_refs % 8 != 0 || h->off_refs_body % 8 != 0)
		return bad(r, N_("sections outside the file"));
	if (!r->heads_only && (h->nlines >= NONE32 || h->off_items > h->total ||
	    h->off_items < h->off_refs_body ||
	    h->off_items - h->off_refs_body < (h->nrefs - h->nrefs_head) * sizeof(sref) ||
	    h->off_lines > h->total ||
	    h->off_lines - h->off_items < h->nnodes * sizeof(struct kept_item) ||
	    h->off_lines < h->off_items ||
	    h->total - h->off_lines < h->nlines * sizeof(struct kept_line) ||
	    h->off_items % 8 != 0 || h->off_lines % 8 != 0))
		return bad(r, N_("sections outside the file"));
	if (((const char *)h)[h->head_len - 1] != '\0' ||
	    (!r->heads_only && ((const char *)h)[h->off_text + h->text_len - 1] != '\0'))
		return bad(r, N_("its text is not terminated"));
	return true;
}

/*
 * Every string ref of the lists checked (a list's strings are never empty refs), and
 * unless on demand, turned into the pointers every list points into (r->strs, made by
 * the caller). Decoding the lists only points into that array, never reads it, so this
 * may be done while they are decoded (see summing below).
 */
static bool
set_strs(struct reader *r)
{
	for (uint64_t i = 0; i < r->nrefs; i++) {
		sref s = ref_at(r, i);

		if (s == 0 || s - 1 >= r->text_len)
			return bad(r, N_("a list's string outside the text"));
		if (!r->on_demand)
			r->strs[i] = str_at(r, s);
	}
	return true;
}

static bool
get_document(struct reader *r, const struct snap_header *h, struct document *d)
{
	return get_str(r, h->title, &d->title) && get_str(r, h->status, &d->status) &&
	    get_str(r, h->part, &d->part) && get_str(r, h->issuer, &d->issuer) &&
	    get_str(r, h->published, &d->published) && get_str(r, h->category, &d->category) &&
	    get_str(r, h->doc_number, &d->doc_number) &&
	    get_str(r, h->departments, &d->departments) &&
	    get_str(r, h->encoding, &d->src.encoding) && h->lead_rule <= LEAD_RULE_FIRST;
}

#define MODEL_MAP_MIN ((size_t)4 << 20) /* bytes of a model given a mapping of its own */

/* Round up to a multiple of 64 bytes: each array of the model begins on a cache line. */
static size_t
line_up(size_t bytes)
{
	return (bytes + 63) & ~(size_t)63;
}

/*
 * Room for the model a snapshot decodes to, zeroed: its nodes, responsibilities and
 * string lists' pointers. A large one (tens of megabytes, filled by the maker thread as
 * the reader reveals the plan) has a mapping of its own in huge pages (map_large()),
 * where 4 KiB pages took a page fault each: half of making a 100 MB plan's nodes here.
 */
static void
model_alloc(struct reader *r, struct document *d)
{
	size_t nodes = line_up((r->nnodes + 1) * sizeof *d->nodes);
	size_t resps = line_up((r->nresps + 1) * sizeof *d->map_resps);
	size_t strs = (r->nrefs + 1) * sizeof *r->strs;
	char *m = nodes + resps + strs >= MODEL_MAP_MIN ? map_large(nodes + resps + strs) : NULL;

	if (m != NULL) {
		d->model_map = m;
		d->model_len = nodes + resps + strs;
		d->nodes = (struct node *)(void *)m;
		d->map_resps = (struct resp *)(void *)(m + nodes);
		r->strs = (char **)(void *)(m + nodes + resps);
	} else {
		d->nodes = xcalloc(r->nnodes + 1, sizeof *d->nodes);
		d->map_resps = xcalloc(r->nresps + 1, sizeof *d->map_resps);
		r->strs = xcalloc(r->nrefs + 1, sizeof *r->strs);
	}
	d->map_strs = r->strs;
}

/*
 * The nodes and their responsibilities, every record checked; made at once, or on demand
 * (only checked here: d->rest holds what making them takes).
 */
static bool
get_nodes(struct reader *r, struct document *d)
{
	d->nnodes = r->nnodes;
	for (size_t i = 0; i < r->nnodes; i++) {
		if (!node_sound(r, i))
			return false;
		if (!r->on_demand)
			make_node(r, i, d);
	}
	for (size_t i = 0; i < r->nresps; i++) {
		if (!resp_sound(r, &r->sr[i]))
			return false;
		if (!r->on_demand)
			make_resp(r, &r->sr[i], &d->map_resps[i]);
	}
	return true;
}

/*
 * The kept text, every record checked: each line within the arena (its bytes are safe as
 * the arena's are: text_safe), each item's lines within the lines.
 */
static bool
get_kept(struct reader *r, struct document *d)
{
	for (uint64_t k = 0; k < r->nlines; k++) {
		const struct kept_line *l = &r->lines[k];

		if (l->at >= r->text_len || l->len > r->text_len - l->at ||
		    (l->flags & ~(unsigned)(TEXT_VIEW_RESP | TEXT_VIEW_TABBED)) != 0)
			return bad(r, N_("a line outside the text"));
	}
	for (uint64_t i = 0; i < r->nnodes; i++) {
		const struct kept_item *it = &r->items[i];

		if (it->first > r->nlines || it->n > r->nlines - it->first || it->own > it->n ||
		    it->head > (it->n != 0 ? r->lines[it->first].len : 0))
			return bad(r, N_("an item's lines outside the lines"));
	}
	d->kept_items = r->items;
	d->kept_lines = r->lines;
	d->kept_text = r->text;
	return true;
}

#define MAKER_STRETCH 256 /* nodes the maker makes between two looks at the lock */

/* The maker thread: every node of the document, a stretch at a time, until all or asked to stop. */
static void *
make_all(void *arg)
{
	struct document *d = arg;
	struct snapshot_rest *rest = d->rest;
	size_t i = 0, n = rest->r.nnodes;
	bool stop = false;

	while (i < n && !stop) {
		size_t to = n - i > MAKER_STRETCH ? i + MAKER_STRETCH : n;

		for (; i < to; i++)
			make_node(&rest->r, i, d);
		pthread_mutex_lock(&rest->lock);
		rest->made = i;
		stop = rest->stop;
		pthread_cond_broadcast(&rest->moved);
		pthread_mutex_unlock(&rest->lock);
	}
	return NULL;
}

/*
 * Start a thread making the nodes of a document decoded on demand, its signals blocked
 * (they are the main thread's to take); without one (any other document, or the thread
 * could not be had), the nodes are made by whoever asks for them.
 */
void
snapshot_start_maker(struct document *d)
{
	struct snapshot_rest *rest = d->rest;

	if (rest == NULL || rest->threaded)
		return;
	pthread_mutex_init(&rest->lock, NULL);
	pthread_cond_init(&rest->moved, NULL);
	rest->threaded = thread_start(&rest->maker, make_all, d);
	if (!rest->threaded) {
		pthread_mutex_destroy(&rest->lock);
		pthread_cond_destroy(&rest->moved);
	}
}

/* Stop the maker (when stop: else let it finish) and wait for it; the lock is gone after. */
static void
maker_end(struct snapshot_rest *rest, bool stop)
{
	if (!rest->threaded)
		return;
	pthread_mutex_lock(&rest->lock);
	rest->stop = stop;
	pthread_mutex_unlock(&rest->lock);
	pthread_join(rest->maker, NULL);
	rest->threaded = false;
	pthread_mutex_destroy(&rest->lock);
	pthread_cond_destroy(&rest->moved);
}

/* Let go of what making a document's nodes took: its maker stopped first (document_free()). */
static void
rest_free(struct document *d)
{
	if (d->rest != NULL)
		maker_end(d->rest, true);
	free(d->rest);
	d->rest = NULL;
	d->release_rest = NULL;
}

/*
 * Make the nodes of a document decoded on demand up to node `upto` (all of them with
 * SIZE_MAX): their fields, responsibilities and lists; with a maker thread, wait for it to
 * have made them. Any other document's are made.
 */
void
snapshot_make_nodes(struct document *d, size_t upto)
{
	struct snapshot_rest *rest = d->rest;

	if (rest == NULL)
		return;
	if (upto > rest->r.nnodes)
		upto = rest->r.nnodes;
	if (rest->threaded) {
		pthread_mutex_lock(&rest->lock);
		while (rest->made < upto)
			pthread_cond_wait(&rest->moved, &rest->lock);
		pthread_mutex_unlock(&rest->lock);
		if (upto < rest->r.nnodes)
			return;
		maker_end(rest, false); /* it has made them all */
	}
	for (; rest->made < upto; rest->made++)
		make_node(&rest->r, rest->made, d);
	if (rest->made == rest->r.nnodes)
		rest_free(d);
}

/*
 * The checksum of a large snapshot is taken on a second thread, which then turns the
 * string refs into pointers, while the first decodes the nodes and responsibilities:
 * reading every byte was a fifth of answering a query from it. Below this size a thread
 * costs more than it saves.
 */
#define SUM_THREAD_MIN (4u << 20)
struct summing {
	const struct snap_header *h;
	size_t len;             /* the bytes summed: the head's, or the whole file's */
	struct reader r;        /* a copy of the decoder's, for set_strs() and its why */
	bool sums_ok, strs_ok;
	pthread_t thread;
	bool threaded;
};

static void *
sum_snapshot(void *arg)
{
	struct summing *s = arg;
	const char *base = (const char *)s->h;
	size_t head = (size_t)s->h->head_len;

	s->sums_ok = checksum(s->h, base + sizeof *s->h, head - sizeof *s->h) == s->h->checksum &&
	    (s->r.heads_only || cache_hash(base + head, s->len - head, SNAPSHOT_SEED) ==
	    s->h->body_sum);
	s->strs_ok = s->sums_ok && set_strs(&s->r);
	return NULL;
}

/* Start summing and the string pointers (on their own thread when large and one can be had). */
static void
summing_start(struct summing *s)
{
	s->threaded = s->len >= SUM_THREAD_MIN &&
	    pthread_create(&s->thread, NULL, sum_snapshot, s) == 0;
	if (!s->threaded)
		sum_snapshot(s);
}

/* Wait for the summing thread, if there is one. */
static void
summing_done(struct summing *s)
{
	if (s->threaded) {
		(void)pthread_join(s->thread, NULL);
		s->threaded = false;
	}
}

/* A document decoded from a mapping, freed without the mapping (still the caller's). */
static void
decoded_free(struct document *d)
{
	document_free_model(d);
	free(d);
}

/*
 * A snapshot's bytes (len of them at map, which the document owns from then on and
 * munmap()s) as a document whose strings point into them, every offset checked; with
 * what it was built from in meta. How (DECODE_*): with DECODE_HEADS, its head alone is
 * read (len may end there) and its items come without heading, text or fields (the
 * document says so: heads_only); with DECODE_ON_DEMAND, its nodes are checked but not
 * yet made (snapshot_make_nodes(), snapshot_start_maker()), and with DECODE_MAKER too,
 * the maker begins as soon as the records are checked, while the sums are still being
 * taken (it reads records and writes the model, never the strings). NULL with why (a
 * static string) if it is not sound; the caller then still owns map.
 */
struct document *
snapshot_decode(void *map, size_t len, unsigned how, struct snapshot_meta *meta,
    const char **why)
{
	const struct snap_header *h = map;
	bool heads_only = (how & DECODE_HEADS) != 0;
	struct reader r = { .heads_only = heads_only };
	struct summing sum = { .h = h };
	struct document *d;
	char *reg_path = NULL;
	bool ok;

	if (!check_header(&r, h, len)) {
		*why = r.why;
		return NULL;
	}
	sum.len = heads_only ? (size_t)h->head_len : len;
	r.text = (const char *)map + h->off_text;
	r.text_len = heads_only ? h->text_head_len : h->text_len;
	r.refs = (const sref *)(const void *)((const char *)map + h->off_refs);
	r.refs_body = heads_only ? NULL :
	    (const sref *)(const void *)((const char *)map + h->off_refs_body);
	r.nrefs_head = h->nrefs_head;
	r.nrefs = heads_only ? h->nrefs_head : h->nrefs;
	r.sn = (const void *)((const char *)map + h->off_nodes);
	r.sr = (const void *)((const char *)map + h->off_resps);
	r.nnodes = h->nnodes;
	r.nresps = h->nresps;
	if (!heads_only) {
		r.items = (const void *)((const char *)map + h->off_items);
		r.lines = (const void *)((const char *)map + h->off_lines);
		r.nlines = h->nlines;
	}
	r.on_demand = (how & DECODE_ON_DEMAND) != 0;
	d = document_create();
	model_alloc(&r, d);
	sum.r = r;
	summing_start(&sum);
	ok = get_document(&r, h, d) && get_nodes(&r, d) && (heads_only || get_kept(&r, d)) &&
	    get_str(&r, h->path_reg, &reg_path);
	if (ok && r.on_demand) {
		d->rest = xcalloc(1, sizeof *d->rest);
		d->rest->r = r;
		d->release_rest = rest_free;
		if (how & DECODE_MAKER) /* its records are sound: it begins while the sums are taken */
			snapshot_start_maker(d);
	}
	summing_done(&sum);
	if (!sum.sums_ok || !sum.strs_ok || !ok) {
		if (d->release_rest != NULL)
			d->release_rest(d); /* the maker stopped, before the nodes it writes go */
		decoded_free(d);
		*why = !sum.sums_ok ? N_("damaged: its checksum does not match") :
		    !sum.strs_ok ? sum.r.why : r.why != NULL ? r.why : "an unknown field";
		return NULL;
	}
	d->map = map;
	d->map_len = len;
	d->heads_only = heads_only;
	meta->reg_path = reg_path;
	d->schema = (int)h->schema;
	d->lead_rule = h->lead_rule;
	d->folded_with = h->folded_with;
	d->text_safe = h->text_safe != 0;
	d->src.bom = h->bom != 0;
	d->src.crlf = h->crlf != 0;
	d->src.final_newline = h->final_newline != 0;
	d->src.blank_between = h->blank_between != 0;
	meta->src = h->src;
	meta->reg = h->reg;
	meta->built = h->built;
	return d;
}

/* Say once that a snapshot was unusable (it is rebuilt by the load that follows). */
static void
warn(const char *file, const char *why)
{
	cache_warn(file, _(": snapshot ignored (%s); rebuilding it\n"), _(why));
}

/*
 * Whether the registry at path is the one a snapshot was built with. It is looked at once
 * a process (its identity and its bytes' hash), as it is loaded once a process
 * (schema_registry_at() keeps it in the library): a library's thousand plans naming one
 * registry are checked against the one their answers use, with no stat() each.
 */
static bool
registry_same(const char *path, const struct snapshot_ident *built)
{
	static char *hashed_path;           /* the registry last hashed, */
	static struct snapshot_ident hashed; /* and what it was then */
	struct snapshot_ident now;

	if (hashed_path != NULL && strcmp(hashed_path, path) == 0)
		return same_ident(&hashed, built);
	if (!ident_of(path, &now, true))
		return false;
	free(hashed_path);
	hashed_path = xstrdup(path);
	hashed = now;
	return same_ident(&now, built);
}

/* The registry the snapshot was built with, if it is still the same; false if not. */
static bool
take_registry(const struct snapshot_meta *m, struct document *d, struct library *lib)
{
	struct diags diags = { 0 };
	bool ok;

	if (m->reg_path == NULL)
		return true;
	if (!registry_same(m->reg_path, &m->reg))
		return false;
	d->registry = schema_registry_at(lib, m->reg_path, &diags);
	ok = d->registry != NULL && diags.n == 0;
	diags_free(&diags);
	return ok;
}

/*
 * A snapshot smaller than this has its nodes made at once, even for a library that would
 * make them on demand (library.nodes_on_demand): a few milliseconds at most.
 */
#define ON_DEMAND_MIN (4u << 20)

/*
 * Whether a snapshot of len bytes is read into the heap rather than mapped: a small one
 * (up to SNAPSHOT_READ_IN_MAX) of a document let go before the next is loaded (a library's
 * query), as the next one reuses the memory, where each mapping costs page-table work to
 * make and a TLB flush to unmap. A large one, or one the reader keeps, is mapped.
 */
bool
snapshot_read_in(const struct library *lib, size_t len)
{
	return lib->transient && len <= SNAPSHOT_READ_IN_MAX;
}

/* The len bytes of fd read into the heap; MAP_FAILED if they cannot all be read. */
static void *
read_whole(int fd, size_t len)
{
	char *data = xmalloc(len);

	if (file_read_fd(fd, data, len) != (ssize_t)len) {
		free(data);
		return MAP_FAILED;
	}
	return data;
}

/*
 * The document in a snapshot's len bytes at map, if they are sound (else NULL with *why)
 * and were built from the file as it is now, and from its registry as it is (else NULL,
 * *why left NULL: stale). The document holds the bytes from then on (in the heap, or
 * mapped); on NULL they are let go. A pack's are taken this way too (pack.c).
 */
struct document *
snapshot_take(void *map, size_t len, bool in_heap, const struct snapshot_key *k,
    struct library *lib, const char **why)
{
	struct snapshot_meta meta = { 0 };
	struct snapshot_ident now;
	struct document *d;

	*why = NULL;
	if ((d = snapshot_decode(map, len, (lib->heads_only ? DECODE_HEADS : 0) |
	    (lib->nodes_on_demand && len >= ON_DEMAND_MIN ? DECODE_ON_DEMAND | DECODE_MAKER : 0),
	    &meta,
	    why)) == NULL) {
		if (in_heap)
			free(map);
		else
			munmap(map, len);
		return NULL;
	}
	d->map_read = in_heap;
	if (!snapshot_same_stat(&meta.src, &k->src) || (racy(&meta.src, meta.built) &&
	    (!ident_of(k->source, &now, true) || !same_ident(&now, &meta.src))) ||
	    !take_registry(&meta, d, lib)) {
		document_free(d); /* stale: built from other bytes, or another registry */
		return NULL;
	}
	return d; /* its nodes on demand, if so, are being made: DECODE_MAKER */
}

/*
 * How many of a snapshot file's size bytes a load reads: all, or for a query that prints
 * no item's text (lib->heads_only) the head its header says it has (the header is checked
 * with the rest when decoded).
 */
static size_t
bytes_wanted(int fd, size_t size, const struct library *lib)
{
	struct snap_header h;

	if (lib->heads_only && size >= sizeof h &&
	    pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h && h.head_len >= sizeof h &&
	    h.head_len < size)
		return (size_t)h.head_len;
	return size;
}

/*
 * The document from its own snapshot file, if sound and fresh. One that is not sound is
 * said once on standard error, removed, and left to be rebuilt.
 */
static struct document *
open_loose(const struct snapshot_key *k, struct library *lib)
{
	struct stat st;
	struct document *d;
	const char *why = N_("empty");
	void *map = MAP_FAILED;
	size_t len = 0;
	bool in_heap = false;
	int fd = open(k->file, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (uintmax_t)st.st_size <= SIZE_MAX) {
		len = bytes_wanted(fd, (size_t)st.st_size, lib);
		in_heap = snapshot_read_in(lib, len);
		map = in_heap ? read_whole(fd, len) : mmap(NULL, len, PROT_READ,
		    MAP_PRIVATE | MAP_POPULATE, fd, 0);
	}
	close(fd);
	d = map != MAP_FAILED ? snapshot_take(map, len, in_heap, k, lib, &why) : NULL;
	if (d == NULL && why != NULL) {
		warn(k->file, why);
		unlink(k->file);
	}
	if (d != NULL && time(NULL) - st.st_mtime > CACHE_TOUCH_SECONDS)
		cache_touch(k->file); /* the cap's order needs no finer */
	return d;
}

/*
 * The document at path from its own snapshot file, if there is one built from the file as
 * it is now (and from its registry as it is); NULL if not. (A directory's pack is looked
 * in first, by the loader: pack.c.)
 */
struct document *
snapshot_open(const struct snapshot_key *k, const char *path, struct library *lib)
{
	struct document *d = open_loose(k, lib);

	if (d != NULL)
		d->path = xstrdup(path);
	return d;
}

/*
 * Whether the snapshot file of the document at source (an absolute path) was built from
 * the file as stat() sees it now (its header says so; the rest is checked when it is
 * read): then *len is its size, *head_len its head's. For a pack, which takes it in
 * (pack.c).
 */
bool
snapshot_file_fresh(const char *source, const struct snapshot_ident *now, uint64_t *len,
    uint64_t *head_len)
{
	char *file = snapshot_file(source);
	struct snap_header h;
	bool fresh = false;
	int fd;

	if (file != NULL && (fd = open(file, O_RDONLY | O_CLOEXEC)) != -1) {
		fresh = file_read_fd(fd, (char *)&h, sizeof h) == (ssize_t)sizeof h &&
		    memcmp(h.magic, SNAPSHOT_MAGIC, sizeof h.magic) == 0 &&
		    h.endian == SNAPSHOT_ENDIAN && h.version == SNAPSHOT_VERSION &&
		    h.total >= sizeof h && h.head_len >= sizeof h && h.head_len <= h.total &&
		    snapshot_same_stat(&h.src, now);
		close(fd);
	}
	if (fresh) {
		*len = h.total;
		*head_len = h.head_len;
	}
	free(file);
	return fresh;
}
