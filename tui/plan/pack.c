/*
 * pack.c: a directory's snapshots in one file of the cache, opened once by a process that
 * asks about the directory's plans: then a plan costs an lstat() and a pread() where its
 * own snapshot file costs an open(), a read() and a close() more, and its head need not
 * be read to tell a plan from a registry. See the README for the format and when it is
 * written.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plan/plan_int.h"

#define PACK_MAGIC "PLANVPAK"
#define PACK_VERSION 3u        /* any change to the records below, or to the snapshots */
                               /* they hold (SNAPSHOT_VERSION), is a new version */
#define PACK_ENDIAN 0x01020304u
#define PACK_SEED 0x7061636b706c616eull
#define PACK_ALIGN 8u          /* each snapshot begins at a multiple of this, */
#define PACK_MAP_ALIGN 65536u  /* a large one (mapped, not read) at a multiple of any page */
#define PACK_TOUCH_SECONDS 600 /* a pack used is marked used again after this long */
#define PACK_STALE ".stale"    /* beside a pack: write it again (pack_spoiled()) */

struct pack_header {
	char magic[8];
	uint32_t version, endian;
	uint64_t total;          /* the file's size */
	uint64_t checksum;       /* cache_hash() of this header (checksum 0), entries and names */
	uint64_t nentries, names_len; /* the entries follow the header, then their names */
};
struct pack_entry {              /* one of the directory's YAML files, sorted by name */
	struct snapshot_ident src;   /* the file by stat() when it was packed */
	uint64_t off, len;           /* PACK_DOCUMENT: its snapshot, whose own checks hold, */
	uint64_t head_len;           /* and of its bytes its head's (what --dept reads) */
	uint32_t name, name_len;     /* its name in the names: the offset, the length */
	uint32_t kind, pad;          /* an enum pack_kind */
};

enum pack_kind {
	PACK_NOT_DOCUMENT,       /* a YAML file that is no document (a registry) */
	PACK_DOCUMENT,           /* a document, its snapshot in the pack */
	PACK_UNSNAPPED,          /* a document without a snapshot (it had diagnostics) */
};
struct pack_place {              /* where a snapshot lies in a pack */
	int fd;
	uint64_t off;
	size_t len, head_len;
};

/*
 * A directory's pack as this process found it, open for the process's life: its index
 * (header, entries, names) read in, each snapshot read when it is asked for. Reading
 * beats mapping here: a library's query lets each document go before the next, and the
 * next reads into the same memory, where mapped snapshots are new pages each, and on a
 * virtual machine's shadowed page tables each new page costs (mapped: twice as slow).
 */
struct pack {
	char *dir;               /* the directory's absolute path */
	char *file;              /* the pack's path in the cache */
	int fd;                  /* -1: no pack, or none sound */
	char *index;
	const struct pack_entry *entries;
	size_t n;
	const char *names;
	bool spoiled;            /* an entry was found wanting (pack_spoiled()) */
};

static struct pack *packs;       /* the directories asked about, in that order */
static size_t npacks;

/* ---- reading -------------------------------------------------------------------------- */

static bool
entry_ok(const struct pack_header *h, const struct pack_entry *e, uint64_t data_from,
    uint64_t size)
{
	if (e->name_len == 0 || e->name > h->names_len || e->name_len > h->names_len - e->name)
		return false;
	if (e->kind == PACK_DOCUMENT)
		return e->off >= data_from && e->off % PACK_ALIGN == 0 && e->len != 0 &&
		    e->off <= size && e->len <= size - e->off && e->len <= SIZE_MAX &&
		    e->head_len != 0 && e->head_len <= e->len;
	return e->kind == PACK_NOT_DOCUMENT || e->kind == PACK_UNSNAPPED;
}

/* Names a and b compared as strcmp() compares them (the order the entries are written in). */
static int
compare_name(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

/* The checksum of a pack's header (its checksum as 0), its entries and their names. */
static uint64_t
checksum(const struct pack_header *h, const struct pack_entry *entries, const char *names)
{
	struct pack_header copy = *h;
	struct hasher x;

	copy.checksum = 0;
	hash_start(&x, PACK_SEED, h->nentries * sizeof *entries + h->names_len);
	hash_add(&x, entries, h->nentries * sizeof *entries);
	hash_add(&x, names, h->names_len);
	return cache_hash(&copy, sizeof copy, hash_end(&x));
}

/*
 * The pack's header h and index (its entries and names, index_len bytes) checked against
 * the file's size: NULL, or why it is not sound (a static string).
 */
static const char *
check_index(const struct pack_header *h, const char *index, size_t index_len, uint64_t size)
{
	const struct pack_entry *e = (const void *)index;
	const char *names = index + h->nentries * sizeof *e;
	uint64_t data_from = sizeof *h + index_len;

	if (checksum(h, e, names) != h->checksum)
		return N_("damaged: its checksum does not match");
	for (size_t i = 0; i < h->nentries; i++)
		if (!entry_ok(h, &e[i], data_from, size) || (i > 0 &&
		    compare_name(names + e[i - 1].name, e[i - 1].name_len, names + e[i].name,
		    e[i].name_len) >= 0))
			return N_("an entry outside the file, or out of order");
	return NULL;
}

/* The header of the pack of size bytes checked: NULL, or why it is not sound. */
static const char *
check_header(const struct pack_header *h, uint64_t size)
{
	if (memcmp(h->magic, PACK_MAGIC, sizeof h->magic) != 0)
		return N_("not a planview pack");
	if (h->endian != PACK_ENDIAN)
		return N_("written on a machine of the other byte order");
	if (h->version != PACK_VERSION)
		return N_("written by another version of planview");
	if (h->total != size)
		return N_("truncated");
	if (h->nentries > (size - sizeof *h) / sizeof(struct pack_entry) ||
	    h->names_len > size - sizeof *h - h->nentries * sizeof(struct pack_entry))
		return N_("sections outside the file");
	return NULL;
}

/* Say once that a pack was unusable. */
static void
warn(const char *file, const char *why)
{
	cache_warn(file, _(": pack ignored (%s); rebuilding it\n"), _(why));
}

/*
 * The pack's header in the got bytes at head (as many as were there, up to a header's),
 * of a file of size bytes, checked and copied to h: NULL, or why it is not sound. A file
 * too short for a header is called truncated if it begins as a pack does.
 */
static const char *
header_of(const void *head, size_t got, uint64_t size, struct pack_header *h)
{
	if (got < sizeof *h)
		return memcmp(head, PACK_MAGIC, got < sizeof h->magic ? got : sizeof h->magic) == 0 ?
		    N_("truncated") : N_("not a planview pack");
	memcpy(h, head, sizeof *h);
	return check_header(h, size);
}

/* Read the pack's header (h) from fd, a file of size bytes: NULL, or why it is not sound. */
static const char *
read_header(int fd, uint64_t size, struct pack_header *h)
{
	char head[sizeof *h];
	ssize_t got = pread(fd, head, sizeof head, 0);

	return got < 0 ? N_("unreadable") : header_of(head, (size_t)got, size, h);
}

/*
 * Check len bytes at data as a whole pack: NULL if it is sound, else why (a static string).
 * If sound, each entry is given to each(): its name, its kind, and a document's snapshot
 * bytes (inside data). For the fuzz target (planview reads a pack's header and index from
 * the file, its snapshots one at a time).
 */
const char *
pack_check(const void *data, size_t len, pack_entry_fn *each, void *arg)
{
	struct pack_header h;
	const struct pack_entry *e;
	const char *why, *names;
	size_t index_len;

	if ((why = header_of(data, len < sizeof h ? len : sizeof h, len, &h)) != NULL)
		return why;
	index_len = (size_t)(h.nentries * sizeof *e + h.names_len);
	if ((why = check_index(&h, (const char *)data + sizeof h, index_len, len)) != NULL)
		return why;
	e = (const void *)((const char *)data + sizeof h);
	names = (const char *)(e + h.nentries);
	for (size_t i = 0; i < h.nentries; i++)
		each(names + e[i].name, e[i].name_len, e[i].kind == PACK_DOCUMENT ?
		    (const char *)data + e[i].off : NULL, (size_t)e[i].len, (size_t)e[i].head_len,
		    arg);
	return NULL;
}

/*
 * Make len bytes that begin with a pack's header pass its size and checksum checks (total
 * and checksum rewritten, as far as the header says where the index is): for the fuzz
 * target, which crafts packs.
 */
void
pack_seal(void *data, size_t len)
{
	struct pack_header h;
	const char *index = (const char *)data + sizeof h;

	if (len < sizeof h)
		return;
	memcpy(&h, data, sizeof h);
	h.total = len;
	if (h.nentries <= (len - sizeof h) / sizeof(struct pack_entry) && h.names_len <=
	    len - sizeof h - h.nentries * sizeof(struct pack_entry))
		h.checksum = checksum(&h, (const void *)index, index + h.nentries *
		    sizeof(struct pack_entry));
	memcpy(data, &h, sizeof h);
}

/*
 * Open the pack at p->file and read its index, if there is a sound one (a damaged one is
 * said and removed).
 */
static void
open_pack(struct pack *p)
{
	struct pack_header h;
	struct stat st;
	const char *why = N_("not a regular file");
	size_t index_len;
	int fd = open(p->file, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (why = read_header(fd, (uint64_t)st.st_size, &h)) == NULL) {
		index_len = (size_t)(h.nentries * sizeof(struct pack_entry) + h.names_len);
		p->index = xmalloc(index_len + 1);
		why = pread(fd, p->index, index_len, sizeof h) != (ssize_t)index_len ?
		    N_("truncated") : check_index(&h, p->index, index_len, (uint64_t)st.st_size);
	}
	if (why != NULL) {
		warn(p->file, why);
		unlink(p->file);
		close(fd);
		free(p->index);
		p->index = NULL;
		return;
	}
	p->fd = fd;
	p->n = h.nentries;
	p->entries = (const void *)p->index;
	p->names = p->index + p->n * sizeof(struct pack_entry);
	if (time(NULL) - st.st_mtime > PACK_TOUCH_SECONDS)
		cache_touch(p->file);
}

/* The pack's path in the cache for the directory dir (an absolute path), or NULL. */
static char *
pack_file(const char *dir, size_t len)
{
	char *cache = cache_dir(), *file;

	if (cache == NULL)
		return NULL;
	file = xasprintf("%s/%016llx%s", cache, (unsigned long long)cache_hash(dir, len,
	    PACK_SEED), PACK_SUFFIX);
	free(cache);
	return file;
}

/* The pack of the directory dir (len bytes of an absolute path), opened the first time. */
static struct pack *
pack_of(const char *dir, size_t len)
{
	struct pack p = { .fd = -1 };

	for (size_t i = 0; i < npacks; i++)
		if (strlen(packs[i].dir) == len && memcmp(packs[i].dir, dir, len) == 0)
			return &packs[i];
	if ((p.file = pack_file(dir, len)) == NULL)
		return NULL;
	p.dir = xstrndup(dir, len);
	open_pack(&p);
	packs = xgrow(packs, npacks, sizeof *packs);
	packs[npacks] = p;
	return &packs[npacks++];
}

/* The pack of the directory of source (an absolute path), and where its name begins. */
static struct pack *
pack_holding(const char *source, const char **base)
{
	const char *slash = strrchr(source, '/');

	if (slash == NULL)
		return NULL;
	*base = slash + 1;
	return pack_of(source, slash == source ? 1 : (size_t)(slash - source));
}

/* The entry named base, or NULL: a binary search. */
static const struct pack_entry *
find_entry(const struct pack *p, const char *base)
{
	size_t lo = 0, hi = p->n, blen = strlen(base);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pack_entry *e = &p->entries[mid];
		int c = compare_name(p->names + e->name, e->name_len, base, blen);

		if (c == 0)
			return e;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Whether the pack of source's directory knows source as stat() sees it now: then *kind
 * says what it is, and for a document *at is where its snapshot lies (whose own header
 * and checksum are still to be checked: snapshot_decode()).
 */
static bool
pack_find(const char *source, const struct snapshot_ident *now, enum pack_kind *kind,
    struct pack_place *at)
{
	const char *base;
	struct pack *p = pack_holding(source, &base);
	const struct pack_entry *e;

	if (p == NULL || p->fd == -1 || (e = find_entry(p, base)) == NULL ||
	    !snapshot_same_stat(&e->src, now))
		return false;
	*kind = e->kind;
	*at = (struct pack_place){ p->fd, e->off, (size_t)e->len, (size_t)e->head_len };
	return true;
}

/* The mark beside a pack that says it is to be written again: "HASH.pack" as "HASH.stale". */
static char *
stale_mark(const char *file)
{
	return xasprintf("%.*s%s", (int)(strlen(file) - strlen(PACK_SUFFIX)), file, PACK_STALE);
}

/*
 * The pack of source's directory had an entry for it that was not sound (why), or not
 * fresh (why NULL: built under another registry, or racily). The document is loaded from
 * its file and its own snapshot written; the pack is marked, to be written again with it
 * once the query is done (library_pack(), by the process that began the query: this may
 * be one of its children). The pack's other entries are still good.
 */
static void
pack_spoiled(const char *source, const char *why)
{
	const char *base;
	struct pack *p = pack_holding(source, &base);
	char *mark;
	int fd;

	if (p == NULL || p->spoiled)
		return;
	if (why != NULL)
		cache_warn(p->file, _(": a snapshot in it ignored (%s); rebuilding it\n"), _(why));
	mark = stale_mark(p->file);
	if ((fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) != -1)
		close(fd);
	free(mark);
	p->spoiled = true;
}

/*
 * A snapshot's bytes in a pack (*len of them: all, or its head's for a query that prints
 * no item's text): read into the heap, or (*mapped) mapped where they lie when
 * snapshot_read_in() says so and they begin on a page. NULL if they cannot be had.
 */
static void *
bytes_at(struct pack_place at, const struct library *lib, bool *mapped, size_t *len)
{
	long page = sysconf(_SC_PAGESIZE);
	char *data;

	*len = lib->heads_only ? at.head_len : at.len;
	*mapped = !snapshot_read_in(lib, *len) && page > 0 && at.off % (uint64_t)page == 0;
	if (*mapped) {
		data = mmap(NULL, *len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, at.fd, (off_t)at.off);
		return data != MAP_FAILED ? data : NULL;
	}
	data = xmalloc(*len);
	if (pread(at.fd, data, *len, (off_t)at.off) != (ssize_t)*len) {
		free(data);
		return NULL;
	}
	return data;
}

/*
 * The document at path from its directory's pack, if it has a snapshot of it there built
 * from the file as it is now (and from its registry as it is); NULL if not. An entry found
 * wanting marks the pack (pack_spoiled()).
 */
struct document *
pack_document(const struct snapshot_key *k, const char *path, struct library *lib)
{
	struct document *d = NULL;
	struct pack_place at;
	enum pack_kind kind;
	const char *why = N_("truncated");
	bool mapped;
	size_t len;
	void *bytes;

	if (!pack_find(k->source, &k->src, &kind, &at) || kind != PACK_DOCUMENT)
		return NULL;
	if ((bytes = bytes_at(at, lib, &mapped, &len)) == NULL ||
	    (d = snapshot_take(bytes, len, !mapped, k, lib, &why)) == NULL) {
		pack_spoiled(k->source, why);
		return NULL;
	}
	d->path = xstrdup(path);
	return d;
}

/*
 * Whether the cache knows the file at path (named in a directory's listing) as a document
 * (1) or as a YAML file that is none (0), from its directory's pack; -1 if it cannot say.
 */
int
library_known(const struct library *lib, const char *path)
{
	struct snapshot_ident now;
	struct pack_place at;
	enum pack_kind kind;
	char *source;
	bool found;

	if (lib->no_cache || !snapshot_source(path, &source, &now))
		return -1;
	found = pack_find(source, &now, &kind, &at);
	free(source);
	return !found ? -1 : kind != PACK_NOT_DOCUMENT;
}

/* ---- writing -------------------------------------------------------------------------- */

struct packing {
	struct pack_entry *entries;
	char **sources;          /* each entry's absolute path */
	struct pack_place *from; /* a document's snapshot in the old pack, or (fd -1) its file */
	size_t n;
	struct buf names;
	struct pack_header h;
};

/* Add the entry of the file at path, a document or not, with its snapshot if it has one. */
static void
add_entry(struct packing *w, const char *path, bool document)
{
	struct pack_entry e = { .kind = document ? PACK_UNSNAPPED : PACK_NOT_DOCUMENT };
	struct pack_place at = { .fd = -1 };
	enum pack_kind kind;
	const char *slash;
	char *source;

	if (!snapshot_source(path, &source, &e.src))
		return;
	if ((slash = strrchr(source, '/')) == NULL || (w->n != 0 && (strncmp(source,
	    w->sources[0], (size_t)(slash - source + 1)) != 0 ||
	    strchr(w->sources[0] + (slash - source + 1), '/') != NULL))) {
		free(source); /* a link to a file elsewhere: not the directory's to pack */
		return;
	}
	if (document && snapshot_file_fresh(source, &e.src, &e.len, &e.head_len)) {
		e.kind = PACK_DOCUMENT; /* its own file, newer than the pack's */
	} else if (document && pack_find(source, &e.src, &kind, &at) && kind == PACK_DOCUMENT) {
		e.kind = PACK_DOCUMENT;
		e.len = at.len;
		e.head_len = at.head_len;
	}
	e.name = (uint32_t)w->names.len;
	e.name_len = (uint32_t)strlen(slash + 1);
	buf_add(&w->names, slash + 1, e.name_len);
	w->entries = xgrow(w->entries, w->n, sizeof *w->entries);
	w->sources = xgrow(w->sources, w->n, sizeof *w->sources);
	w->from = xgrow(w->from, w->n, sizeof *w->from);
	w->entries[w->n] = e;
	w->sources[w->n] = source;
	w->from[w->n++] = at;
}

/* Put the entries in their names' order (three arrays sorted as one). */
static void
sort_entries(struct packing *w)
{
	for (size_t i = 1; i < w->n; i++) /* a directory's listing comes nearly sorted */
		for (size_t k = i; k > 0; k--) {
			struct pack_entry *a = &w->entries[k - 1], *b = &w->entries[k], e;
			struct pack_place f;
			char *s;

			if (compare_name(w->names.s + a->name, a->name_len, w->names.s + b->name,
			    b->name_len) <= 0)
				break;
			e = *a, *a = *b, *b = e;
			s = w->sources[k - 1], w->sources[k - 1] = w->sources[k], w->sources[k] = s;
			f = w->from[k - 1], w->from[k - 1] = w->from[k], w->from[k] = f;
		}
}

/* Each document's place in the pack, the header, and its checksum. */
static void
lay_out(struct packing *w)
{
	uint64_t at = sizeof w->h + w->n * sizeof *w->entries + w->names.len;

	for (size_t i = 0; i < w->n; i++)
		if (w->entries[i].kind == PACK_DOCUMENT) {
			uint64_t align = w->entries[i].len > SNAPSHOT_READ_IN_MAX ? PACK_MAP_ALIGN :
			    PACK_ALIGN;

			at = (at + align - 1) / align * align;
			w->entries[i].off = at;
			at += w->entries[i].len;
		}
	memcpy(w->h.magic, PACK_MAGIC, sizeof w->h.magic);
	w->h.version = PACK_VERSION;
	w->h.endian = PACK_ENDIAN;
	w->h.total = at;
	w->h.nentries = w->n;
	w->h.names_len = w->names.len;
	w->h.checksum = checksum(&w->h, w->entries, w->names.s);
}

/*
 * Copy len bytes from in at off to out: with copy_file_range() (in the kernel), else read
 * and written. 0, or -1 if they cannot all be had (a file shortened meanwhile).
 */
static int
copy_range(int in, off_t off, uint64_t len, int out)
{
	char block[64 * 1024];
	uint64_t done = 0;
	ssize_t got;

	while (done < len && (got = copy_file_range(in, &off, out, NULL, (size_t)(len - done),
	    0)) > 0)
		done += (uint64_t)got;
	while (done < len && (got = pread(in, block, len - done < sizeof block ?
	    (size_t)(len - done) : sizeof block, off)) > 0 &&
	    file_write_fd(out, block, (size_t)got) == 0) {
		done += (uint64_t)got;
		off += got;
	}
	return done == len ? 0 : -1;
}

/* Copy the len bytes of the snapshot file of source to out: 0, or -1 (replaced meanwhile). */
static int
copy_loose(int out, const char *source, uint64_t len)
{
	char *file = snapshot_file(source);
	int in = file != NULL ? open(file, O_RDONLY | O_CLOEXEC) : -1, rc = -1;
	struct stat st;

	free(file);
	if (in == -1)
		return -1;
	if (fstat(in, &st) == 0 && (uint64_t)st.st_size == len)
		rc = copy_range(in, 0, len, out);
	close(in);
	return rc;
}

/* Write the pack to fd (file_write_with()). */
static int
fill_pack(int fd, void *arg)
{
	struct packing *w = arg;
	static const char zeros[PACK_MAP_ALIGN];
	uint64_t at = sizeof w->h + w->n * sizeof *w->entries + w->h.names_len;

	if (file_write_fd(fd, (const char *)&w->h, sizeof w->h) != 0 ||
	    file_write_fd(fd, (const char *)w->entries, w->n * sizeof *w->entries) != 0 ||
	    file_write_fd(fd, w->names.s, w->h.names_len) != 0)
		return -1;
	for (size_t i = 0; i < w->n; i++) {
		const struct pack_entry *e = &w->entries[i];

		if (e->kind != PACK_DOCUMENT)
			continue;
		if (file_write_fd(fd, zeros, (size_t)(e->off - at)) != 0 || (w->from[i].fd != -1 ?
		    copy_range(w->from[i].fd, (off_t)w->from[i].off, e->len, fd) :
		    copy_loose(fd, w->sources[i], e->len)) != 0)
			return -1;
		at = e->off + e->len;
	}
	return 0;
}

/* Remove the snapshot files the pack now holds. */
static void
remove_packed(const struct packing *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->entries[i].kind == PACK_DOCUMENT && w->from[i].fd == -1) {
			char *file = snapshot_file(w->sources[i]);

			if (file != NULL)
				unlink(file);
			free(file);
		}
}

static void
packing_free(struct packing *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->sources[i]);
	free(w->sources);
	free(w->entries);
	free(w->from);
	buf_free(&w->names);
}

/*
 * Write the pack of a directory once a query over it is done, if it is to be: when
 * `changed` (some of its YAML files were not in the pack as they are now), or when the
 * pack was marked (pack_spoiled()). Its YAML files are paths[0..n), as its listing named
 * them, documents[i] saying which are documents. Each document's snapshot is taken from
 * its own file when that is fresh (which is then removed, the pack holding it), else from
 * the pack there was; a document with neither is packed as one without. The pack
 * replaces the old atomically.
 */
void
library_pack(const struct library *lib, char *const *paths, const bool *documents, size_t n,
    bool changed)
{
	struct packing w = { 0 };
	struct snapshot_ident id;
	const char *base;
	struct pack *p;
	char *cache, *mark, *first;

	if (lib->no_cache || n == 0 || !snapshot_source(paths[0], &first, &id))
		return;
	p = pack_holding(first, &base);
	free(first);
	if (p == NULL)
		return;
	mark = stale_mark(p->file);
	changed = unlink(mark) == 0 || changed; /* the mark goes with the pack it asks for */
	free(mark);
	if (!changed)
		return;
	for (size_t i = 0; i < n; i++)
		add_entry(&w, paths[i], documents[i]);
	sort_entries(&w);
	lay_out(&w);
	if (w.n != 0 && file_write_with(p->file, fill_pack, &w, 0600, FILE_CACHE) == 0) {
		remove_packed(&w);
		if ((cache = cache_dir()) != NULL)
			cache_trim(cache, cache_suffixes, p->file);
		free(cache);
	}
	packing_free(&w);
}
