/* doc.c: the document model (nodes in reading order, items nested by depth) and the library that owns documents. */
#include <sys/mman.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

/* An empty document: UTF-8 with a final newline until told otherwise. */
struct document *
document_create(void)
{
	struct document *d = xcalloc(1, sizeof *d);

	d->src.final_newline = true;
	return d;
}

/* Free what a node owns. */
void
node_free(struct node *nd)
{
	free(nd->heading);
	free(nd->number);
	free(nd->title);
	strlist_free(&nd->text);
	for (size_t k = 0; k < nd->nresp; k++)
		resp_free(&nd->resp[k]);
	free(nd->resp);
	strlist_free(&nd->fields);
}

/* Free the model decoded from a snapshot: its nodes, responsibilities and lists' pointers. */
void
document_free_model(struct document *d)
{
	if (d->model_map != NULL) {
		unmap_large(d->model_map, d->model_len);
	} else {
		free(d->nodes);
		free(d->map_strs);
		free(d->map_resps);
	}
	d->model_map = NULL;
	d->nodes = NULL;
	d->map_strs = NULL;
	d->map_resps = NULL;
}

/*
 * Free a document and everything it owns (not its registry); with unmap false, a
 * snapshot's mapping is left for the process's exit to drop: unmapping one by one is a
 * TLB flush each, a fifth of a query over a library of thousands of plans.
 */
static void
document_release(struct document *d, bool unmap)
{
	if (d == NULL)
		return;
	if (d->map != NULL) { /* from a snapshot: its strings are in the mapping */
		if (d->release_rest != NULL)
			d->release_rest(d); /* before the nodes its maker writes */
		document_free_model(d);
		if (d->map_read)
			free(d->map);
		else if (unmap)
			munmap(d->map, d->map_len);
		free(d->path);
		free(d);
		return;
	}
	for (size_t i = 0; i < d->nnodes; i++)
		node_free(&d->nodes[i]);
	free(d->nodes);
	free(d->path);
	free(d->title);
	free(d->status);
	free(d->part);
	free(d->issuer);
	free(d->published);
	free(d->category);
	free(d->doc_number);
	free(d->departments);
	free(d->src.encoding);
	strlist_free(&d->dropped);
	free(d);
}

/*
 * A bug if d was read without its items' text (a snapshot's head alone, for a query that
 * prints none: library.heads_only) and `who` is about to read it.
 */
void
document_need_text(const struct document *d, const char *who)
{
	if (d->heads_only)
		fatal("%s: a document read without its items' text", who);
}

/* Free a document and everything it owns (not its registry). */
void
document_free(struct document *d)
{
	document_release(d, true);
}

/* Append an empty node at the top; the caller sets its depth and parent. Its index. */
size_t
document_add_node(struct document *d, enum node_kind kind)
{
	struct node *nd;

	d->nodes = xgrow(d->nodes, d->nnodes, sizeof *d->nodes);
	nd = &d->nodes[d->nnodes];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	nd->parent = SIZE_MAX;
	nd->end = d->nnodes + 1;
	return d->nnodes++;
}

/* Where the subtrees end, for the nodes from `from` on and their ancestors. */
void
document_finish_tree(struct document *d, size_t from)
{
	for (size_t i = from; i < d->nnodes; i++) {
		d->nodes[i].end = i + 1;
		for (size_t a = d->nodes[i].parent; a != SIZE_MAX; a = d->nodes[a].parent)
			d->nodes[a].end = i + 1;
	}
}

/* Append an empty responsibility to a node (most have one: the array grows one at a time). */
struct resp *
node_add_resp(struct node *nd)
{
	struct resp *r;

	nd->resp = xreallocarray(nd->resp, nd->nresp + 1, sizeof *nd->resp);
	r = &nd->resp[nd->nresp++];
	memset(r, 0, sizeof *r);
	return r;
}

/* The part of a path that names a node: its number without punctuation, else its title. */
static void
path_part(struct buf *b, const struct node *nd)
{
	char *part;

	if (nd->kind == NODE_MATTER) {
		buf_puts(b, matter_name(nd->matter));
		return;
	}
	part = numbering_path_part(nd->number != NULL ? nd->number : "");
	buf_puts(b, part[0] != '\0' ? part : nd->title != NULL ? nd->title : "");
	free(part);
}

/* A node's path from the top: 二/（一）/3. */
void
node_path(struct buf *b, const struct document *d, size_t i)
{
	size_t chain[64], n = 0;

	for (size_t a = i; a != SIZE_MAX && n < 64; a = d->nodes[a].parent)
		chain[n++] = a;
	while (n-- > 0) {
		path_part(b, &d->nodes[chain[n]]);
		if (n > 0)
			buf_putc(b, '/');
	}
}

/* Whether a number ends in a digit or numeral with no punctuation after it (a table's 序号). */
static bool
bare_number(const struct node *nd)
{
	return nd->num.style == NUM_NONE && nd->number != NULL && nd->number[0] != '\0';
}

/*
 * A node as a heading shows it: its number as written and its title (（一）完善基础设施).
 * An attachment's number and title are always spaced: its title is often on the next
 * line, and may begin with a digit (附件1 2023年重点任务清单).
 */
void
node_label(struct buf *b, const struct node *nd)
{
	const char *number = nd->number != NULL ? nd->number : "";
	bool spaced = bare_number(nd) || nd->num.style == NUM_ATTACHMENT ||
	    (nd->num.gap > 0 && (nd->num.style == NUM_PART || nd->num.style == NUM_CHAPTER ||
	    nd->num.style == NUM_SECTION || nd->num.style == NUM_ARTICLE));

	buf_puts(b, number);
	if (spaced && nd->title != NULL && nd->title[0] != '\0')
		buf_putc(b, ' ');
	if (nd->title != NULL)
		buf_puts(b, nd->title);
}

/* The first half-width full stop that ends a sentence of Chinese text (not 1.5, not a.b). */
static const char *
half_width_stop(const char *s, size_t len)
{
	for (size_t i = 1; i < len; i++)
		if (s[i] == '.' && ((unsigned char)s[i - 1] & 0x80) &&
		    (i + 1 == len || ((unsigned char)s[i + 1] & 0x80)))
			return s + i;
	return NULL;
}

/*
 * An item's title from its heading line: what follows its number up to the first 。 (or
 * the whole line, less a responsibility closing it and a closing ：；，); when the number
 * stands alone, the next line of text, if it is short and not a sentence.
 */
char *
item_title(const char *heading, const struct numtok *t, const struct strlist *text)
{
	size_t len = strlen(heading), at = blank_span(heading, len), end, stop;
	struct resp r = { 0 };
	const char *dot;

	at += t->len + t->gap;
	if (at > len)
		at = len;
	dot = memmem(heading + at, len - at, "。", strlen("。"));
	if (dot != NULL && !resp_may_open(heading + at, (size_t)(dot - heading) - at))
		end = (size_t)(dot - heading); /* no responsibility can begin before the 。 */
	else if ((stop = resp_tail(heading + at, len - at, &end, &r)) != SIZE_MAX)
		end = at + stop;
	else
		end = len;
	resp_free(&r);
	if ((dot = memmem(heading + at, end - at, "。", strlen("。"))) != NULL)
		end = (size_t)(dot - heading);
	else if ((dot = half_width_stop(heading + at, end - at)) != NULL)
		end = (size_t)(dot - heading); /* a text in half-width punctuation: 标题.正文 */
	end = at + blank_trim(heading + at, end - at);
	while (end > at && (has_suffix(heading + at, end - at, "：") || has_suffix(heading + at, end - at, "；") ||
	    has_suffix(heading + at, end - at, "，")))
		end -= strlen("：");
	while (end > at && strchr(":;,", heading[end - 1]) != NULL)
		end--;
	if (end == at && text != NULL)
		for (size_t k = 0; k < text->n; k++) {
			size_t b, tl = blank_strip(text->v[k], strlen(text->v[k]), &b);

			if (tl == 0)
				continue;
			if (utf8_chars(text->v[k] + b, tl) <= 40 &&
			    memmem(text->v[k] + b, tl, "。", strlen("。")) == NULL)
				return xstrndup(text->v[k] + b, tl);
			break;
		}
	return xstrndup(heading + at, end - at);
}

#define ANY_RESP(nd, list, dept)					\
	for (size_t i_ = 0; i_ < (nd)->nresp; i_++)			\
		if (strlist_has(&(nd)->resp[i_].list, (dept)))		\
			return true;					\
	return false

/* Whether the department (as written) leads the node in any of its responsibilities. */
bool
node_leads(const struct node *nd, const char *dept)
{
	ANY_RESP(nd, lead, dept);
}

/* Whether the department (as written) cooperates on the node. */
bool
node_cooperates(const struct node *nd, const char *dept)
{
	ANY_RESP(nd, cooperate, dept);
}

/* Whether the department (as written) is responsible for the node with no lead named. */
bool
node_responsible(const struct node *nd, const char *dept)
{
	ANY_RESP(nd, responsible, dept);
}

/* Whether one of the names in x leads the node, or is responsible for it with no lead named. */
static bool
node_in_charge(const struct node *nd, const struct strindex *x)
{
	for (size_t r = 0; r < nd->nresp; r++) {
		const struct strlist *lists[] = { &nd->resp[r].lead, &nd->resp[r].responsible };

		for (size_t l = 0; l < 2; l++)
			for (size_t k = 0; k < lists[l]->n; k++)
				if (strindex_get(x, lists[l]->v[k]) != SIZE_MAX)
					return true;
	}
	return false;
}

/*
 * How many items the department (as written) is in charge of: it leads them, or is
 * responsible where no lead is named; each is marked in sel, a bool per node, unless sel
 * is NULL. The one count: the picker, the filter, save-view and --dept agree.
 */
size_t
document_leads(const struct document *d, const char *dept, bool *sel)
{
	char *one[] = { (char *)dept };
	struct strlist forms = { one, 1 };

	return document_leads_any(d, &forms, sel);
}

/* document_leads() for a department written several ways: the items any of the forms has. */
size_t
document_leads_any(const struct document *d, const struct strlist *forms, bool *sel)
{
	struct strindex x = { 0 };
	size_t n = 0;

	for (size_t f = 0; f < forms->n; f++)
		strindex_put(&x, forms->v[f]);
	for (size_t i = 0; i < d->nnodes; i++) {
		bool leads = node_in_charge(&d->nodes[i], &x);

		if (sel != NULL)
			sel[i] = leads;
		n += leads;
	}
	strindex_free(&x);
	return n;
}

/*
 * The search flags for a document's text: with SEARCH_FOLD, SEARCH_FOLDED as well when its
 * snapshot found its text to be its own folded form under the fold table in use, so the
 * search folds the pattern and not every subject. (The lines planview adds, such as the
 * marks for a missing lead, are its own simplified text.)
 */
int
document_search_flags(const struct document *d, int flags)
{
	if ((flags & SEARCH_FOLD) && d->folded_with != 0 && d->folded_with == script_fold_id())
		flags |= SEARCH_FOLDED;
	return flags;
}

/* Whether a node is an item or a part of the matter that is prose (exports keep those). */
bool
node_searchable(const struct node *nd)
{
	if (nd->kind != NODE_MATTER)
		return true;
	return nd->matter == MATTER_NOTICE || nd->matter == MATTER_PREAMBLE ||
	    nd->matter == MATTER_ATTACHMENT_NOTE || nd->matter == MATTER_TEXT;
}

/* Whether the reader's page shows a node's text (every search sees it): all but the title. */
bool
node_shown(const struct node *nd)
{
	return nd->kind != NODE_MATTER ||
	    (nd->matter != MATTER_TITLE && nd->matter != MATTER_SUBTITLE);
}

/* Whether a path part is the node's number as written without its punctuation: 二 for 二、. */
static bool
part_is(const char *part, const struct node *nd)
{
	char *own = numbering_path_part(nd->number != NULL ? nd->number : "");
	size_t b, len = blank_strip(part, strlen(part), &b);
	bool same = len == strlen(own) &&
	    memcmp(part + b, own, strlen(own)) == 0;

	free(own);
	return same;
}

/*
 * Whether node i and its ancestors match the path parts parts[0..n), the last part node
 * i: exactly as their numbers are written, or (not exact) by value (15 for （十五）).
 */
static bool
path_matches(const struct document *d, size_t i, char **parts, size_t n, bool exact)
{
	while (n-- > 0) {
		const struct node *nd;

		if (i == SIZE_MAX)
			return false;
		nd = &d->nodes[i];
		if (nd->kind == NODE_MATTER)
			return false;
		if (exact ? !part_is(parts[n], nd) :
		    !numbering_matches(parts[n], &nd->num, nd->number != NULL ? nd->number : "") &&
		    !(nd->kind == NODE_GROUP && nd->title != NULL && strcmp(parts[n], nd->title) == 0))
			return false;
		i = nd->parent;
	}
	return true;
}

/* The nodes that match path parts (exactly, or by value; only tasks, or all), up to max in out. */
static size_t
find_matches(const struct document *d, char **parts, size_t nparts, bool exact, bool tasks,
    size_t *out, size_t max)
{
	size_t found = 0;

	for (size_t i = 0; i < d->nnodes; i++)
		if ((!tasks || node_is_task(d, i)) && path_matches(d, i, parts, nparts, exact)) {
			if (found < max)
				out[found] = i;
			found++;
		}
	return found;
}

/*
 * The items a person's path names: 15, 十五, （十五）, 二/（一）/3, or the end of a path
 * (（一）/3 is 3 under any （一））; numbers as written first (二 is 二、 before it is （二）),
 * then by value. Up to max indexes go to out; how many there are.
 */
size_t
document_find(const struct document *d, const char *spec, size_t *out, size_t max)
{
	char *copy = xstrdup(spec), *parts[64], *p = copy;
	size_t nparts = 0, found = 0;

	while (nparts < 64) {
		char *slash = strstr(p, "/"), *wide = strstr(p, "／");

		if (wide != NULL && (slash == NULL || wide < slash)) {
			*wide = '\0';
			parts[nparts++] = p;
			p = wide + strlen("／");
		} else if (slash != NULL) {
			*slash = '\0';
			parts[nparts++] = p;
			p = slash + 1;
		} else {
			parts[nparts++] = p;
			break;
		}
	}
	if ((found = find_matches(d, parts, nparts, true, false, out, max)) == 0 &&
	    (found = find_matches(d, parts, nparts, false, false, out, max)) > 1) {
		size_t task;

		/* 1 names 一、 and （一）: the one that is a task, as a number alone always meant */
		if (find_matches(d, parts, nparts, false, true, &task, 1) == 1) {
			out[0] = task;
			found = 1;
		}
	}
	free(copy);
	return found;
}

/* Whether an item is a task (a row of the task table): it has a responsibility, or nothing under it. */
bool
node_is_task(const struct document *d, size_t i)
{
	const struct node *nd = &d->nodes[i];

	return nd->kind != NODE_MATTER && (nd->nresp != 0 || nd->end == i + 1);
}

/* The last item of the document, or SIZE_MAX if it has none. */
size_t
document_last_item(const struct document *d)
{
	for (size_t i = d->nnodes; i-- > 0;)
		if (d->nodes[i].kind != NODE_MATTER)
			return i;
	return SIZE_MAX;
}

/* Room in the tally's counts, and in the nodes last counted, for need departments. */
static void
tally_reserve(struct dept_tally *t, size_t *last[3], size_t *cap, size_t need)
{
	size_t more = *cap != 0 ? *cap : 16;

	if (need <= *cap)
		return;
	while (more < need)
		more *= 2;
	for (int m = 0; m < 3; m++) {
		last[m] = xreallocarray(last[m], more, sizeof *last[m]);
		memset(last[m] + *cap, 0, (more - *cap) * sizeof *last[m]);
	}
	t->counts = xreallocarray(t->counts, more, sizeof *t->counts);
	memset(t->counts + *cap, 0, (more - *cap) * sizeof *t->counts);
	*cap = more;
}

/*
 * Every department of a document, as written, and how many of its items each leads,
 * cooperates on, and is responsible for with no lead named: the registry's departments in
 * its order, then any others the document names, in the order it names them. One pass.
 */
void
document_tally(struct dept_tally *t, const struct document *d)
{
	size_t *last[3] = { NULL, NULL, NULL }, cap = 0; /* 1 + the node last counted */
	struct { const char *s; size_t at; } seen[64] = { { NULL, 0 } }; /* by address */

	*t = (struct dept_tally){ 0 };
	for (size_t i = 0; d->registry != NULL && i < d->registry->n; i++)
		strindex_put(&t->names, d->registry->v[i].name);
	tally_reserve(t, last, &cap, t->names.list.n + 1);
	for (size_t i = 0; i < d->nnodes; i++)
		for (size_t j = 0; j < d->nodes[i].nresp; j++) {
			const struct resp *r = &d->nodes[i].resp[j];
			const struct strlist *lists[] = { &r->lead, &r->cooperate, &r->responsible };

			for (size_t l = 0; l < 3; l++)
				for (size_t k = 0; k < lists[l]->n; k++) {
					const char *s = lists[l]->v[k];
					size_t slot = ((uintptr_t)s >> 3) % 64, at;

					/* a snapshot keeps each string once: the same name, the same address */
					if (seen[slot].s == s)
						at = seen[slot].at;
					else
						seen[slot].s = s, seen[slot].at = at = strindex_put(&t->names, s);

					tally_reserve(t, last, &cap, at + 1);
					if (last[l][at] != i + 1) {
						last[l][at] = i + 1;
						t->counts[at].n[l]++;
					}
				}
		}
	for (int m = 0; m < 3; m++)
		free(last[m]);
}

void
dept_tally_free(struct dept_tally *t)
{
	strindex_free(&t->names);
	free(t->counts);
	*t = (struct dept_tally){ 0 };
}

/* Every department of a document, as written, in document_tally()'s order. */
void
document_departments(struct strlist *out, const struct document *d)
{
	struct dept_tally t;

	document_tally(&t, d);
	for (size_t i = 0; i < t.names.list.n; i++)
		strlist_add_owned(out, t.names.list.v[i]);
	t.names.list.n = 0;
	dept_tally_free(&t);
}

/* An empty library. */
struct library *
library_create(void)
{
	return xcalloc(1, sizeof(struct library));
}

/* Whether snapshots wait to be written (library.snapshots_later). */
bool
library_snapshots_waiting(const struct library *lib)
{
	return lib->nlater != 0;
}

/*
 * Let go of the snapshots waiting, written or not: their keys' strings (snapshot.c's
 * snapshot_key_free(), which is above this file).
 */
void
library_forget_snapshots(struct library *lib)
{
	for (size_t i = 0; i < lib->nlater; i++) {
		free(lib->later[i].key.file);
		free(lib->later[i].key.source);
	}
	free(lib->later);
	lib->later = NULL;
	lib->nlater = 0;
}

/* Free a library, its documents and its registries (unmap: see document_release()). */
static void
library_release(struct library *lib, bool unmap)
{
	if (lib == NULL)
		return;
	for (size_t i = 0; i < lib->ndocs; i++)
		document_release(lib->docs[i], unmap);
	free(lib->docs);
	for (size_t i = 0; i < lib->nregs; i++)
		registry_free(lib->regs[i]);
	free(lib->regs);
	library_forget_snapshots(lib);
	free(lib);
}

/* Free a library and all it owns. */
void
library_free(struct library *lib)
{
	library_release(lib, true);
}

/*
 * A library as the process ends: what its documents hold is left for the exit to take
 * back with the rest of the address space, at once (freeing a 100 MB plan's million
 * strings one by one took a tenth of a second, and a snapshot's unmapping is a TLB
 * flush). Threads making nodes are stopped first. The library stays reachable from
 * library_left_for_exit (not static, so the store stays), and a leak checker sees it
 * held, not lost.
 */
struct library *library_left_for_exit;

void
library_free_at_exit(struct library *lib)
{
	for (size_t i = 0; lib != NULL && i < lib->ndocs; i++)
		if (lib->docs[i]->release_rest != NULL)
			lib->docs[i]->release_rest(lib->docs[i]);
	library_left_for_exit = lib;
}

/* The registry at path the library has loaded, or NULL. */
struct registry *
library_find_registry(const struct library *lib, const char *path)
{
	for (size_t i = 0; i < lib->nregs; i++)
		if (strcmp(lib->regs[i]->path, path) == 0)
			return lib->regs[i];
	return NULL;
}

/* Give the library a registry to own. */
void
library_add_registry(struct library *lib, struct registry *reg)
{
	lib->regs = xgrow(lib->regs, lib->nregs, sizeof *lib->regs);
	lib->regs[lib->nregs++] = reg;
}

/* Give the library a document to own. */
void
library_add(struct library *lib, struct document *doc)
{
	lib->docs = xgrow(lib->docs, lib->ndocs, sizeof *lib->docs);
	lib->docs[lib->ndocs++] = doc;
	library_share(lib, doc);
}

/*
 * Give a document what the library's documents share (its name forms), without adding it:
 * one loaded, queried and let go in turn (a query over a library's files).
 */
void
library_share(const struct library *lib, struct document *doc)
{
	doc->names = lib->names;
}
