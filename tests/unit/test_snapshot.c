/* test_snapshot.c: a document through its snapshot comes back the same; damaged snapshots are refused with their reason. */
#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <locale.h>
#include <time.h>

#include <stdlib.h>
#include <unistd.h>

#include "plan/plan_int.h"
#include "tap.h"

/* The bundled plan, beside the name forms (NAMES_DATA): it names its registry. */
static char *
bundled_plan(void)
{
	char *p = xstrdup(NAMES_DATA), *slash = strrchr(p, '/'), *path;

	if (slash != NULL)
		*slash = '\0';
	path = xasprintf("%s/tianjin-regional-coordination-2.yaml", slash != NULL ? p : ".");
	free(p);
	return path;
}

static char *
export(const struct document *d, enum export_format f)
{
	struct buf b = { 0 };

	export_document(&b, d, f);
	return b.s != NULL ? buf_detach(&b) : xstrdup("");
}

/* Load path into a fresh library (with the cache); its first document, or NULL. */
static struct document *
load(struct library **lib, const char *path)
{
	struct diags diags = { 0 };

	*lib = library_create();
	library_load(*lib, path, &diags);
	diags_free(&diags);
	return (*lib)->ndocs == 1 ? (*lib)->docs[0] : NULL;
}

/*
 * Whether the reader's page of d2 (from a snapshot) is the page of d1 (parsed), block for
 * block, kind, node, head and bytes; *views: how many of d2's blocks are the mapping's
 * own bytes, not copies.
 */
static bool
same_pages(const struct document *d1, const struct document *d2, size_t *views)
{
	struct page p1 = { 0 }, p2 = { 0 };
	bool same;

	page_build(&p1, d1, NULL);
	page_build(&p2, d2, NULL);
	same = p1.nblocks == p2.nblocks;
	*views = 0;
	for (size_t i = 0; same && i < p1.nblocks; i++) {
		const struct block *a = &p1.blocks[i], *b = &p2.blocks[i];

		same = a->kind == b->kind && a->node == b->node && a->head == b->head &&
		    a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
		*views += !b->owned && b->text >= (char *)d2->map &&
		    b->text < (char *)d2->map + d2->map_len;
	}
	page_free(&p1);
	page_free(&p2);
	return same;
}

/*
 * Whether d2 (from a snapshot) keeps the text every search sees, and it is d1's (parsed),
 * item for item: each line's bytes, whether it is a responsibility, has a tab; the heading's
 * bytes and the responsibilities appended. *made: d2's lines made rather than read in place.
 */
static bool
same_views(const struct document *d1, const struct document *d2, size_t *made)
{
	struct text_views v1 = { 0 }, v2 = { 0 };
	bool same = d1->nnodes == d2->nnodes && d2->kept_items != NULL;

	*made = 0;
	for (size_t i = 0; same && i < d1->nnodes; i++) {
		size_t h1, h2, own1, own2;

		text_views_clear(&v1);
		text_views_clear(&v2);
		own1 = text_item_views(&v1, &h1, d1, i);
		own2 = text_item_views(&v2, &h2, d2, i);
		same = own1 == own2 && h1 == h2 && v1.n == v2.n;
		for (size_t k = 0; same && k < v1.n; k++) {
			same = v1.v[k].len == v2.v[k].len && v1.v[k].flags == v2.v[k].flags &&
			    memcmp(v1.v[k].s, v2.v[k].s, v1.v[k].len) == 0;
			*made += v2.v[k].made != NULL;
		}
	}
	text_views_free(&v1);
	text_views_free(&v2);
	return same;
}

/*
 * The bytes copied into a mapping of their own, whose end a read past would fault on
 * under the sanitizers; sealed (snapshot_seal()) if asked.
 */
static void *
mapped(const char *bytes, size_t len, bool seal)
{
	void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memcpy(map, bytes, len);
	if (seal)
		snapshot_seal(map, len);
	return map;
}

/*
 * snapshot_decode() of the bytes (on a mapping of their own), whole or heads_only: its
 * reason, or NULL if accepted.
 */
static const char *
decode_as(const char *bytes, size_t len, bool seal, bool heads_only)
{
	struct snapshot_meta meta;
	struct document *d;
	const char *why = NULL;
	void *map = mapped(bytes, len, seal);

	if ((d = snapshot_decode(map, len, heads_only ? DECODE_HEADS : 0, &meta, &why)) == NULL)
		munmap(map, len);
	else if (heads_only) {
		bool bare = true; /* an item's heading, text and fields are the body's */

		for (size_t i = 0; i < d->nnodes; i++)
			if (d->nodes[i].kind != NODE_MATTER && (d->nodes[i].heading != NULL ||
			    d->nodes[i].text.n != 0 || d->nodes[i].fields.n != 0))
				bare = false;
		if (!bare || !d->heads_only)
			why = "a head read with an item's text";
	}
	document_free(d);
	return why;
}

static const char *
decode(const char *bytes, size_t len, bool seal)
{
	return decode_as(bytes, len, seal, false);
}

/* The length of a snapshot's head, as its header says (after magic, version, byte order, */
/* size and two checksums). */
static size_t
head_len(const char *snap)
{
	uint64_t n;

	memcpy(&n, snap + 40, sizeof n);
	return (size_t)n;
}

static void
refusals(const char *file)
{
	size_t len;
	char *why, *s = file_read(file, 1 << 20, &len, &why), *c;

	if (s == NULL) {
		ok(0, "the snapshot reads back: %s", why);
		free(why);
		return;
	}
	is_str(decode(s, len, false), NULL, "the snapshot as written is accepted");
	is_str(decode(s, len - 1, false), "truncated", "a byte short: truncated");
	is_str(decode(s, 100, false), "truncated", "cut inside the header: truncated");
	c = xstrndup(s, len);
	memcpy(c, "PLANVSNX", 8);
	is_str(decode(c, len, false), "not a planview snapshot", "another magic");
	memcpy(c, s, len);
	c[8] = 99;
	is_str(decode(c, len, true), "written by another version of planview", "another version");
	memcpy(c, s, len);
	c[12] = 1, c[13] = 2, c[14] = 3, c[15] = 4;
	is_str(decode(c, len, true), "written on a machine of the other byte order", "the other byte order");
	memcpy(c, s, len);
	c[len - 2] ^= 0x40;
	is_str(decode(c, len, false), "damaged: its checksum does not match", "a byte flipped");
	ok(head_len(s) > 100 && head_len(s) < len, "the head is the first %zu bytes of %zu",
	    head_len(s), len);
	is_str(decode_as(s, head_len(s), false, true), NULL, "the head alone is accepted for the heads");
	is_str(decode_as(s, len, false, true), NULL, "... and so is the whole file");
	is_str(decode(s, head_len(s), false), "truncated", "the head alone is truncated for the whole");
	is_str(decode_as(s, head_len(s) - 1, false, true), "truncated", "the head a byte short: truncated");
	is_str(decode_as(c, len, false, true), NULL, "a byte flipped in the body: the head still serves");
	memcpy(c, s, len);
	c[head_len(s) - 2] ^= 0x01;
	is_str(decode_as(c, len, false, true), "damaged: its checksum does not match",
	    "a byte flipped at the head's end: refused for the heads");
	is_str(decode(c, len, false), "damaged: its checksum does not match", "... and for the whole");
	free(c);
	free(s);
}

/* Whether got exports in format f as want does (a test named what). */
static void
exports_same(const struct document *got, const struct document *want, enum export_format f,
    const char *what)
{
	char *a = export(got, f), *b = export(want, f);

	is_str(a, b, what);
	free(a);
	free(b);
}

/*
 * The snapshot's nodes made on demand (as the reader reveals a large plan): none is made
 * by the decode, which still checks every record and both checksums; made a part at a
 * time, the document is the one decoded whole.
 */
static void
on_demand(const char *file)
{
	struct snapshot_meta meta;
	struct document *d1, *d2 = NULL;
	const char *why = NULL;
	size_t len;
	char *err, *s = file_read(file, 1 << 20, &len, &err), *c;
	void *map;

	if (s == NULL) {
		ok(0, "the snapshot reads back: %s", err);
		free(err);
		return;
	}
	d1 = snapshot_decode(mapped(s, len, false), len, 0, &meta, &why);
	d2 = snapshot_decode(mapped(s, len, false), len, DECODE_ON_DEMAND, &meta, &why);
	ok(d1 != NULL && d2 != NULL && d2->rest != NULL && d2->nnodes == d1->nnodes &&
	    d2->nnodes > 10 && d2->nodes[0].end == 0 && d2->nodes[d2->nnodes - 1].end == 0,
	    "decoded on demand, its %zu nodes are checked, none made", d2 != NULL ? d2->nnodes : 0);
	if (d1 != NULL && d2 != NULL && d2->nnodes > 10) {
		snapshot_make_nodes(d2, 5);
		ok(d2->nodes[4].end > 4 && d2->nodes[5].end == 0 && d2->rest != NULL,
		    "asked for five, the first five are made");
		snapshot_make_nodes(d2, SIZE_MAX);
		ok(d2->rest == NULL, "asked for all, all are made");
		exports_same(d2, d1, EXPORT_YAML, "... and it exports as the document decoded whole");
		exports_same(d2, d1, EXPORT_JSON, "... responsibilities and all");
	}
	document_free(d2);
	d2 = snapshot_decode(mapped(s, len, false), len, DECODE_ON_DEMAND, &meta, &why);
	if (d1 != NULL && d2 != NULL && d2->nnodes > 10) {
		snapshot_start_maker(d2);
		snapshot_make_nodes(d2, 5);
		ok(d2->nodes[4].end > 4, "with a maker thread, asked for five, five at least are made");
		snapshot_make_nodes(d2, SIZE_MAX);
		ok(d2->rest == NULL, "... asked for all, all are made and the thread is gone");
		exports_same(d2, d1, EXPORT_JSON, "... and it exports as the document decoded whole");
	}
	document_free(d2);
	d2 = snapshot_decode(mapped(s, len, false), len, DECODE_ON_DEMAND | DECODE_MAKER, &meta,
	    &why);
	if (d1 != NULL && d2 != NULL && d2->nnodes > 10) {
		snapshot_make_nodes(d2, SIZE_MAX);
		ok(d2->rest == NULL, "the maker begun by the decode makes them all");
		exports_same(d2, d1, EXPORT_JSON, "... and it exports as the document decoded whole");
	}
	document_free(d2);
	/* freed while its maker may still run: it is stopped first (the sanitizers' build */
	/* and valgrind see to what that touches) */
	if ((d2 = snapshot_decode(mapped(s, len, false), len, DECODE_ON_DEMAND, &meta, &why)) != NULL)
		snapshot_start_maker(d2);
	document_free(d2);
	document_free(d1);
	c = xstrndup(s, len);
	c[len - 2] ^= 0x40;
	map = mapped(c, len, false);
	if ((d2 = snapshot_decode(map, len, DECODE_ON_DEMAND, &meta, &why)) == NULL)
		munmap(map, len);
	ok(d2 == NULL && why != NULL && strcmp(why, "damaged: its checksum does not match") == 0,
	    "a byte flipped in the body is refused on demand too, before any node is made");
	document_free(d2);
	map = mapped(c, len, false);
	if ((d2 = snapshot_decode(map, len, DECODE_ON_DEMAND | DECODE_MAKER, &meta, &why)) == NULL)
		munmap(map, len);
	ok(d2 == NULL && why != NULL && strcmp(why, "damaged: its checksum does not match") == 0,
	    "... and with its maker begun before the sums were taken (it is stopped)");
	document_free(d2);
	free(c);
	free(s);
}

/*
 * The matches of pattern on d's page, as the reader finds them with the flags it compiles
 * for d (document_search_flags(): a snapshot's simplified text is searched unfolded), each
 * as block:start-end.
 */
static char *
page_matches(const struct document *d, const char *pattern)
{
	struct page p = { 0 };
	struct scan s = { 0 };
	struct buf out = { 0 };
	char *error = NULL;

	page_build(&p, d, NULL);
	if (scan_compile(&s, pattern, document_search_flags(d, SEARCH_SMARTCASE | SEARCH_FOLD),
	    &error)) {
		scan_start(&s, p.nblocks, 0);
		while (scan_step(&s, &p, 1000, NULL) == SCAN_RUNNING)
			;
	}
	for (size_t m = 0; m < s.nmatches; m++)
		buf_printf(&out, "%zu:%zu-%zu ", s.matches[m].block, s.matches[m].start,
		    s.matches[m].end);
	free(error);
	scan_free(&s);
	page_free(&p);
	return out.s != NULL ? buf_detach(&out) : xstrdup("");
}

/* Whether every two equal lead names of a document are one string (an address each). */
static bool
leads_shared(const struct document *d, size_t *pairs)
{
	const char *first[64] = { 0 };
	size_t n = 0;

	*pairs = 0;
	for (size_t i = 0; i < d->nnodes; i++)
		for (size_t r = 0; r < d->nodes[i].nresp; r++)
			for (size_t k = 0; k < d->nodes[i].resp[r].lead.n; k++) {
				const char *s = d->nodes[i].resp[r].lead.v[k];
				size_t j = 0;

				while (j < n && strcmp(first[j], s) != 0)
					j++;
				if (j == n && n < 64)
					first[n++] = s;
				else if (j < n && (++*pairs, first[j] != s))
					return false;
			}
	return true;
}

/* A document written as dir/name, a minute old (not changed too lately to trust): its path. */
static char *
write_old(const char *dir, const char *name, const char *text, const char *what)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct timespec minute_ago[2] = { { time(NULL) - 60, 0 }, { time(NULL) - 60, 0 } };

	ok(file_write(path, text, strlen(text), 0600, 0) == 0 &&
	    utimensat(AT_FDCWD, path, minute_ago, 0) == 0, "%s written", what);
	return path;
}

/* A text in traditional characters: its snapshot says its lines must be folded. */
static void
traditional_folded(const char *dir)
{
	static const char text[] = "planview: 2\ntitle: 推進財政資金直達基層實施方案\nbody:\n"
	    "  - heading: 一、總體要求\n    items:\n      - heading: （一）健全預算管理。\n";
	char *path = write_old(dir, "trad.yaml", text, "a traditional text");
	struct library *lib1, *lib2;
	struct document *d;

	load(&lib1, path);
	d = load(&lib2, path);
	ok(d != NULL && d->map != NULL && d->folded_with == 0,
	    "a traditional text from its snapshot is not its own folded form");
	if (d != NULL)
		is_int(document_search_flags(d, SEARCH_FOLD), SEARCH_FOLD, "... so its lines are folded");
	library_free(lib1);
	library_free(lib2);
	free(path);
}

/*
 * A text with an escape in it: its snapshot says so, and the reader's page of it checks
 * and escapes its lines as the parse's does.
 */
static void
unsafe_text(const char *dir)
{
	static const char text[] = "planview: 2\ntitle: 方案\nbody:\n"
	    "  - heading: 一、总体要求\n    items:\n      - heading: \"（一）健全\\e[31m机制。\"\n";
	char *path = write_old(dir, "escape.yaml", text, "a text with an escape");
	struct library *lib1, *lib2;
	struct document *d1, *d2;
	size_t views;

	d1 = load(&lib1, path);
	d2 = load(&lib2, path);
	ok(d2 != NULL && d2->map != NULL && !d2->text_safe,
	    "its snapshot does not call its text safe to draw");
	ok(d1 != NULL && d2 != NULL && same_pages(d1, d2, &views),
	    "... and its page escapes the line as the parse's does");
	library_free(lib1);
	library_free(lib2);
	free(path);
}

/*
 * A snapshot written in the C locale, where wcwidth() knows nothing beyond ASCII: its text
 * of quotation marks and dashes is still judged safe, as a UTF-8 locale judges it, and
 * its page drawn from the mapping's own bytes.
 */
static void
safe_in_any_locale(const char *dir)
{
	static const char text[] = "planview: 2\ntitle: 方案\nbody:\n"
	    "  - heading: 一、总体要求\n    items:\n"
	    "      - heading: \"（一）推进“放管服”改革——落实到位。\"\n";
	char *path = write_old(dir, "quotes.yaml", text, "a text with quotation marks and a dash");
	struct library *lib1, *lib2;
	struct document *d;

	setlocale(LC_ALL, "C");
	load(&lib1, path);
	setlocale(LC_ALL, "C.UTF-8");
	d = load(&lib2, path);
	ok(d != NULL && d->map != NULL && d->text_safe,
	    "its snapshot, written in the C locale, calls its text safe to draw");
	library_free(lib1);
	library_free(lib2);
	free(path);
}

/*
 * A plan whose lines hold tabs: its snapshot's text is safe to draw but for its tabs, and
 * its page from the snapshot is the parse's, each tab spaced out, none left.
 */
static void
tabbed_plan(const char *dir)
{
	static const char yaml[] = "planview: 2\ntitle: 示例方案\nbody:\n"
	    "  - heading: 一、总体要求\n    items:\n"
	    "      - heading: \"（一）加快建设。推进\\t改革。\"\n"
	    "        text:\n          - \"第二行\\t有制表符\"\n";
	char *path = xasprintf("%s/tabbed.yaml", dir);
	struct library *lib1, *lib2;
	struct document *d1, *d2;
	struct page p = { 0 };
	size_t views, tabs = 0;

	ok(file_write(path, yaml, strlen(yaml), 0644, 0) == 0, "a plan with tabs written");
	d1 = load(&lib1, path);
	d2 = load(&lib2, path);
	ok(d2 != NULL && d2->map != NULL && d2->text_safe, "its snapshot's text is safe, tabs apart");
	ok(d1 != NULL && d2 != NULL && same_pages(d1, d2, &views),
	    "its page from the snapshot is the parse's");
	if (d2 != NULL) {
		page_build(&p, d2, NULL);
		for (size_t i = 0; i < p.nblocks; i++)
			tabs += memchr(p.blocks[i].text, '\t', p.blocks[i].len) != NULL;
		ok(p.nblocks >= 3 && tabs == 0, "... every tab spaced out (%zu blocks)", p.nblocks);
		page_free(&p);
	}
	library_free(lib1);
	library_free(lib2);
	free(path);
}

void
test_snapshot(void)
{
	char dir[] = "/tmp/planview-snapshot.XXXXXX", *path, *cache, *a, *b;
	struct library *lib1, *lib2;
	struct document *d1, *d2;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	path = bundled_plan();
	cache = xasprintf("%s/cache", dir);
	setenv("PLANVIEW_CACHE_DIR", cache, 1);
	d1 = load(&lib1, path);
	d2 = load(&lib2, path);
	ok(d1 != NULL && d1->map == NULL, "the first load parses");
	ok(d2 != NULL && d2->map != NULL, "the second maps the snapshot");
	for (int f = EXPORT_TEXT; d1 != NULL && d2 != NULL && f <= EXPORT_YAML; f++) {
		is_str(a = export(d2, (enum export_format)f), b = export(d1, (enum export_format)f),
		    "the snapshot exports as the parse does");
		free(a);
		free(b);
	}
	if (d1 != NULL && d2 != NULL) {
		size_t views, made;

		ok(same_pages(d1, d2, &views), "the reader's page of the snapshot is the parse's");
		ok(views >= 20, "its lines are the mapping's own bytes, not copies (%zu blocks)", views);
		ok(same_views(d1, d2, &made) && made == 0, "the snapshot keeps each item's lines "
		    "as the parse works them out, read in place (%zu made)", made);
		ok(d2->text_safe, "its text is safe to draw, as the snapshot says");
		a = page_matches(d2, "財政|转移支付");
		b = page_matches(d1, "財政|转移支付");
		ok(strcmp(a, b) == 0 && strlen(a) > 20, "the reader's search of the snapshot, its "
		    "text unfolded, finds what it finds in the parse, the traditional 財政 too");
		free(a);
		free(b);
	}
	if (d2 != NULL) {
		struct snapshot_key k;

		ok(d2->folded_with == script_fold_id() && (d2->folded_with != 0) == script_ready(),
		    "a simplified text is its own folded form, under this fold table");
		is_int(document_search_flags(d2, SEARCH_FOLD), script_ready() ?
		    SEARCH_FOLD | SEARCH_FOLDED : SEARCH_FOLD, "... so its lines are not folded again");
		is_int(document_search_flags(d2, 0), 0, "... nor when the search does not fold");
		is_int(document_search_flags(d1, SEARCH_FOLD), SEARCH_FOLD, "a parse does not know it");
		size_t pairs;
		bool shared = leads_shared(d2, &pairs);

		ok(shared && pairs > 10, "a name written again is the same string in the snapshot "
		    "(%zu repeats)", pairs);

		ok(snapshot_key(path, &k), "the document has a key");
		refusals(k.file);
		on_demand(k.file);
		snapshot_key_free(&k);
	}
	library_free(lib1);
	library_free(lib2);
	traditional_folded(dir);
	unsafe_text(dir);
	safe_in_any_locale(dir);
	tabbed_plan(dir);
	unsetenv("PLANVIEW_CACHE_DIR");
	free(path);
	path = xasprintf("rm -rf '%s'", dir);
	ok(system(path) == 0, "the temporary directory removed");
	free(path);
	free(cache);
}
