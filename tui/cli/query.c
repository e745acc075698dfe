/* query.c: the command-line queries (outline, show, grep, dept, departments, export, matrix). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define MAX_SUGGEST 3
#define GREP_BUDGET_MS 60000 /* all of a --grep, however large the document */

/* Append document text to a line of output, made safe when it goes to a terminal. */
static void
put(struct buf *b, const struct query_out *o, const char *s, size_t len)
{
	if (len == 0)
		return; /* nothing, perhaps from an empty buffer (s NULL) */
	if (o->tty)
		utf8_sanitize_lines(b, s, len);
	else
		buf_add(b, s, len);
}

static void
put_str(struct buf *b, const struct query_out *o, const char *s)
{
	put(b, o, s, strlen(s));
}

static void
flush_line(struct buf *b, const struct query_out *o)
{
	if (o->prefix != NULL)
		fputs_safe(o->prefix, o->fp, o->tty), fputc(':', o->fp);
	buf_putc(b, '\n');
	fwrite(b->s, 1, b->len, o->fp);
	buf_truncate(b, 0);
}

/* "（一）完善基础设施": an item as listed in query output; a part of the matter by its name. */
static void
put_node_label(struct buf *b, const struct query_out *o, const struct node *nd)
{
	struct buf t = { 0 };

	if (nd->kind == NODE_MATTER)
		buf_printf(&t, "[%s]", matter_name(nd->matter));
	else
		node_label(&t, nd);
	put(b, o, t.s, t.len);
	buf_free(&t);
}

/* The items, one per line, indented by their depth. */
int
query_outline(const struct document *d, struct query_out *o)
{
	struct buf b = { 0 };
	int found = 0;

	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (nd->kind == NODE_MATTER)
			continue;
		for (unsigned k = 0; k < nd->depth; k++)
			buf_puts(&b, "  ");
		put_node_label(&b, o, nd);
		flush_line(&b, o);
		found = 1;
	}
	buf_free(&b);
	return found ? 0 : 1;
}

/* Say which items a path names when it names several. */
static void
explain_ambiguous(const struct document *d, const char *spec, const size_t *at, size_t n,
    size_t total)
{
	struct buf b = { 0 };

	fprintf(stderr, "%s: '", progname);
	fputs_safe(spec, stderr, true);
	fprintf(stderr, _("' names %zu items:"), total);
	for (size_t i = 0; i < n; i++) {
		buf_truncate(&b, 0);
		node_path(&b, d, at[i]);
		fputs(i == 0 ? " " : ", ", stderr);
		fputs_safe(b.s, stderr, true);
	}
	if (total > n)
		fprintf(stderr, _(" and %zu more"), total - n);
	fprintf(stderr, _("; give its path\n"));
	buf_free(&b);
}

/* Whether every part of a path a person typed reads as a number: 15, 十五, (十五), 第三章. */
static bool
looks_like_path(const char *spec)
{
	char *copy = xstrdup(spec), *part, *save = NULL;
	bool ok = true;

	for (part = strtok_r(copy, "/", &save); part != NULL && ok; part = strtok_r(NULL, "/", &save)) {
		struct numtok t;
		size_t b, len = blank_strip(part, strlen(part), &b);

		ok = len != 0 && ((numbering_parse(part + b, len, &t) && t.len + t.gap >= len) ||
		    strspn(part + b, "0123456789") == len || numeral_parse(part + b, len) > 0);
	}
	free(copy);
	return ok;
}

/* The item a person's number or path names, or SIZE_MAX after a message (*status set). */
static size_t
find_item(const struct document *d, const char *spec, int *status)
{
	size_t at[MAX_SUGGEST], n = document_find(d, spec, at, MAX_SUGGEST);

	if (n == 1)
		return at[0];
	if (n > 1) {
		explain_ambiguous(d, spec, at, n < MAX_SUGGEST ? n : MAX_SUGGEST, n);
		*status = 2;
		return SIZE_MAX;
	}
	if (!looks_like_path(spec)) {
		fprintf(stderr, "%s: '", progname);
		fputs_safe(spec, stderr, true);
		fprintf(stderr, _("' is not an item's number or path (try 15, 十五, (十五) or "
		    "二/（一）/3)\n"));
		*status = 2;
		return SIZE_MAX;
	}
	fprintf(stderr, "%s: ", progname);
	fputs_safe(d->path, stderr, true);
	fprintf(stderr, _(" has no item '"));
	fputs_safe(spec, stderr, true);
	fprintf(stderr, _("' (give a number such as 15, 十五 or (十五), or a path such as "
	    "二/（一）/3)\n"));
	*status = 1;
	return SIZE_MAX;
}

/* One item and those under it, as in the source text. */
int
query_show(const struct document *d, const char *spec, struct query_out *o)
{
	struct buf b = { 0 }, t = { 0 };
	int status = 0;
	size_t i = find_item(d, spec, &status);

	if (i == SIZE_MAX)
		return status;
	if (o->prefix != NULL) {
		buf_puts(&b, "==> ");
		put_str(&b, o, o->prefix);
		buf_puts(&b, " <==\n");
	}
	for (size_t k = i; k < d->nodes[i].end; k++) {
		if (k > i && d->src.blank_between)
			buf_puts(&t, d->src.crlf ? "\r\n" : "\n");
		text_node(&t, d, k, false);
	}
	put(&b, o, t.s, t.len);
	fwrite(b.s, 1, b.len, o->fp);
	buf_free(&b);
	buf_free(&t);
	return 0;
}

/* Append the context of a match, before it (the text up to `to`) or after it (from `from`). */
static void
put_context(struct buf *b, const struct query_out *o, const char *s, size_t from,
    size_t to, bool before)
{
	bool cut;
	size_t i;

	if (before) {
		i = search_context_before(s, from, to, &cut);
		if (cut)
			buf_puts(b, SEARCH_ELLIPSIS);
		put(b, o, s + i, to - i);
	} else {
		i = search_context_after(s, from, to, &cut);
		put(b, o, s + from, i - from);
		if (cut)
			buf_puts(b, SEARCH_ELLIPSIS);
	}
}

static void
put_match(struct buf *b, const struct query_out *o, const char *s, size_t ms, size_t me)
{
	struct buf t = { 0 };

	/* a match over several paragraphs shows as one line */
	for (size_t i = ms; i < me; i++)
		buf_putc(&t, s[i] == '\n' ? ' ' : s[i]);
	if (o->highlight)
		buf_puts(b, o->color ? "\033[1;31m" : "\033[1m");
	put(b, o, t.s, t.len);
	if (o->highlight)
		buf_puts(b, "\033[m");
	buf_free(&t);
}

/*
 * Count the matches in an item's lines (text_item_views(), the text the reader searches
 * too, a line at a time, where it lies); the first one's line and bounds in *line,
 * *first_ms, *first_me. Returns the count, or -1 when a search limit stopped it.
 */
static int
count_matches(struct search *re, const struct text_views *lines, size_t *line,
    size_t *first_ms, size_t *first_me)
{
	int rc = 0, count = 0;

	for (size_t k = 0; k < lines->n && rc >= 0; k++) {
		const char *s = lines->v[k].s;
		size_t len = lines->v[k].len, ms, me, at = 0;

		while ((rc = search_exec(re, s, len, at, &ms, &me)) == 1) {
			if (count++ == 0) {
				*line = k;
				*first_ms = ms;
				*first_me = me;
			}
			at = search_resume(s, len, ms, me);
		}
	}
	if (rc < 0) {
		fprintf(stderr, _("%s: search stopped: %s\n"), progname, search_error(re));
		return -1;
	}
	return count;
}

/*
 * Search node i's lines; when they match, print its label, the first match in context and
 * how many more there are. Returns matches found, or -1 when a search limit stopped it.
 */
static int
grep_one(struct search *re, const struct text_views *lines, const struct document *d,
    size_t i, const struct query_out *o)
{
	size_t line = 0, ms = 0, me = 0;
	int count = count_matches(re, lines, &line, &ms, &me);
	struct buf b = { 0 }, label = { 0 };
	const char *s;

	if (count <= 0)
		return count;
	s = lines->v[line].s;
	if (d->nodes[i].kind == NODE_MATTER) /* the label only for an item that matches */
		buf_printf(&label, "[%s]", matter_name(d->nodes[i].matter));
	else
		node_label(&label, &d->nodes[i]);
	put_str(&b, o, label.s != NULL ? label.s : "");
	buf_free(&label);
	buf_puts(&b, ": ");
	put_context(&b, o, s, 0, ms, true);
	put_match(&b, o, s, ms, me);
	put_context(&b, o, s, me, lines->v[line].len, false);
	if (count > 1)
		buf_printf(&b, "  (+%d)", count - 1);
	flush_line(&b, o);
	buf_free(&b);
	return count;
}

/* Say why a --grep pattern does not compile (PCRE2's words); error is freed. */
static void
say_bad_pattern(char *error)
{
	fprintf(stderr, _("%s: invalid regular expression: %s\n"), progname, error);
	free(error);
}

/* Whether a --grep pattern compiles; if not, said once, however many documents it was for. */
bool
query_pattern_ok(const char *pattern, int flags)
{
	struct search *re;
	char *error;

	if ((re = search_compile(pattern, flags, &error)) == NULL) {
		say_bad_pattern(error);
		return false;
	}
	search_free(re);
	return true;
}

/*
 * The pattern of a --grep in d's text, with its time budget; or NULL after a message.
 * With kept (a query over several documents, one pattern), it is compiled once for
 * each set of flags the documents ask for and kept there: compiling it again for each of
 * a library's plans was a tenth of the query.
 */
static struct search *
grep_compile(const struct document *d, const char *pattern, int flags,
    struct query_patterns *kept)
{
	int want = document_search_flags(d, flags);
	struct search *re = NULL;
	char *error;
	size_t k = 0;

	while (kept != NULL && k < kept->n && kept->flags[k] != want)
		k++;
	if (kept != NULL && k < kept->n)
		re = kept->re[k];
	else if ((re = search_compile(pattern, want, &error)) == NULL) {
		say_bad_pattern(error);
		return NULL;
	} else if (kept != NULL && kept->n < QUERY_PATTERNS_MAX) {
		kept->re[kept->n] = re;
		kept->flags[kept->n++] = want;
	}
	search_set_budget(re, GREP_BUDGET_MS);
	return re;
}

/* Let go of a pattern grep_compile() gave (unless it is kept for the next document). */
static void
grep_done(struct search *re, const struct query_patterns *kept)
{
	for (size_t k = 0; kept != NULL && k < kept->n; k++)
		if (kept->re[k] == re)
			return;
	search_free(re);
}

/* Free the patterns kept across documents. */
void
query_patterns_free(struct query_patterns *kept)
{
	for (size_t k = 0; k < kept->n; k++)
		search_free(kept->re[k]);
	kept->n = 0;
}

/* What --grep searches in a node: the one text the reader shows, a line at a time. */
static void
node_lines(struct text_views *lines, const struct document *d, size_t i)
{
	size_t head;

	text_views_free(lines);
	text_item_views(lines, &head, d, i);
}

static bool depts_forms(const struct document *, const struct strlist *, int, bool,
    struct strlist *);

/*
 * Every item (and part of the matter the reader shows) matching a regular expression, one
 * line each, searched in the text the reader shows and searches; with a department, only
 * among the items it leads, as the reader's filter and search together.
 */
int
query_grep(const struct document *d, const char *pattern, int flags,
    const struct strlist *depts, struct query_out *o)
{
	struct text_views lines = { 0 };
	struct search *re;
	bool *only = NULL;
	int found = 0, n = 0;

	if (depts != NULL && depts->n != 0) {
		struct strlist forms = { 0 };

		if (!depts_forms(d, depts, flags, o->prefix == NULL, &forms)) {
			strlist_free(&forms);
			return o->prefix == NULL ? 2 : 1; /* one of several: cli_query() said it */
		}
		only = xcalloc(d->nnodes + 1, sizeof *only);
		document_leads_any(d, &forms, only);
		strlist_free(&forms);
	}
	if ((re = grep_compile(d, pattern, flags, o->patterns)) == NULL) {
		free(only);
		return 2;
	}
	for (size_t i = 0; i < d->nnodes && n >= 0; i++) {
		if (!node_shown(&d->nodes[i]) || (only != NULL && !only[i]))
			continue;
		node_lines(&lines, d, i);
		if ((n = grep_one(re, &lines, d, i, o)) > 0)
			found = 1;
	}
	grep_done(re, o->patterns);
	text_views_free(&lines);
	free(only);
	return n < 0 ? 2 : found ? 0 : 1;
}

static void
explain_unknown(const struct document *d, const char *name,
    const struct department **cand, size_t ncand)
{
	const struct department *near[MAX_SUGGEST];
	size_t n;

	fprintf(stderr, "%s: ", progname);
	if (ncand > 1) {
		fputc('\'', stderr);
		fputs_safe(name, stderr, true);
		fprintf(stderr, _("' matches %zu departments:"), ncand);
		n = ncand < MAX_SUGGEST ? ncand : MAX_SUGGEST;
		memcpy(near, cand, n * sizeof *near);
	} else {
		fprintf(stderr, _("no department called '"));
		fputs_safe(name, stderr, true);
		fputc('\'', stderr);
		if (d->registry == NULL)
			fprintf(stderr, _(" (the document has no department registry)"));
		n = registry_suggest(d->registry, name, near, MAX_SUGGEST);
		if (n != 0)
			fprintf(stderr, _("; did you mean"));
	}
	for (size_t i = 0; i < n; i++) {
		fprintf(stderr, "%s ", i == 0 ? "" : ",");
		fputs_safe(near[i]->name, stderr, true);
		if (near[i]->full != NULL) {
			fputs(" (", stderr);
			fputs_safe(near[i]->full, stderr, true);
			fputs(")", stderr);
		}
	}
	if (ncand > n)
		fprintf(stderr, _(" and %zu more"), ncand - n);
	fputs(ncand > 1 ? "\n" : n != 0 ? "?\n" : "\n", stderr);
}

/* The document's own copy of a department's name (it outlives a list of names), or NULL. */
static const char *
document_name(const struct document *d, const char *name)
{
	for (size_t i = 0; i < d->nnodes; i++)
		for (size_t j = 0; j < d->nodes[i].nresp; j++) {
			const struct resp *r = &d->nodes[i].resp[j];
			const struct strlist *lists[] = { &r->lead, &r->cooperate, &r->responsible };

			for (size_t l = 0; l < 3; l++)
				for (size_t k = 0; k < lists[l]->n; k++)
					if (strcmp(lists[l]->v[k], name) == 0)
						return lists[l]->v[k];
		}
	return NULL;
}

/* Why a name is not one department of a document without a registry: none, or several. */
static void
explain_not_in_document(const struct document *d, const char *name,
    const struct strlist *found)
{
	fprintf(stderr, "%s: ", progname);
	if (found->n == 0) {
		fprintf(stderr, _("no department called '"));
		fputs_safe(name, stderr, true);
		fprintf(stderr, _("' in "));
		fputs_safe(d->path, stderr, true);
		fputc('\n', stderr);
		return;
	}
	fputc('\'', stderr);
	fputs_safe(name, stderr, true);
	fprintf(stderr, _("' matches %zu departments:"), found->n);
	for (size_t i = 0; i < found->n && i < MAX_SUGGEST; i++) {
		fputs(i == 0 ? " " : ", ", stderr);
		fputs_safe(found->v[i], stderr, true);
	}
	if (found->n > MAX_SUGGEST)
		fprintf(stderr, _(" and %zu more"), found->n - MAX_SUGGEST);
	fputc('\n', stderr);
}

/* How a typed name is matched against the names a document writes, strictest first. */
enum name_pass { PASS_EQUAL, PASS_PART, PASS_BODY, NPASSES };

/* The levels of two names can be one body's: one unsaid, the same, or city and municipality. */
static bool
levels_agree(enum name_level a, enum name_level b)
{
	if (a == LEVEL_MUNICIPALITY)
		a = LEVEL_CITY;
	if (b == LEVEL_MUNICIPALITY)
		b = LEVEL_CITY;
	return a == LEVEL_NONE || b == LEVEL_NONE || a == b;
}

#define MAX_BODIES 8

/* Whether two names are one body by the shared name forms (发改委, 市发展和改革委员会). */
static bool
same_body(const struct name_forms *nf, const char *typed, const char *written)
{
	struct body_match a[MAX_BODIES], b[MAX_BODIES];
	size_t na = names_resolve(nf, typed, a, MAX_BODIES);
	size_t nb = names_resolve(nf, written, b, MAX_BODIES);

	na = na < MAX_BODIES ? na : MAX_BODIES;
	nb = nb < MAX_BODIES ? nb : MAX_BODIES;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (strcmp(a[i].id, b[j].id) == 0 && levels_agree(a[i].level, b[j].level))
				return true;
	return false;
}

/* The place a typed name starts with (天津市财政局: 天津市), folded; NULL for none. */
static char *
typed_place(const char *typed)
{
	char *place = NULL;
	size_t stem_at;

	names_prefix(typed, &place, &stem_at);
	if (place != NULL)
		script_fold(place, strlen(place));
	return place;
}

/* Whether a document can hold a body of this place: its jurisdiction is it, or unknown. */
static bool
place_agrees(const struct document *d, const char *place)
{
	char *where = names_document_place(d);
	bool agrees;

	if (place == NULL || where == NULL) {
		free(where);
		return true;
	}
	script_fold(where, strlen(where));
	agrees = strncmp(where, place, strlen(where) < strlen(place) ?
	    strlen(where) : strlen(place)) == 0;
	free(where);
	return agrees;
}

/* Whether a name has a character folding would change: written in traditional characters. */
static bool
traditional(const char *s)
{
	char *f = script_fold_copy(s, strlen(s));
	bool changed = strcmp(f, s) != 0;

	free(f);
	return changed;
}

/*
 * Whether written (a name the document writes) passes for typed (key: its folded form when
 * fold). The name forms are folded, so without fold a body matches only in one script.
 */
static bool
name_passes(const struct document *d, enum name_pass pass, const char *typed,
    const char *key, const char *written, bool fold)
{
	char *w = fold ? script_fold_copy(written, strlen(written)) : xstrdup(written);
	bool yes;

	if (pass == PASS_EQUAL)
		yes = strcmp(w, key) == 0;
	else if (pass == PASS_PART)
		yes = strstr(w, key) != NULL;
	else
		yes = d->names != NULL && (fold || traditional(typed) == traditional(written)) &&
		    same_body(d->names, typed, written);
	free(w);
	return yes;
}

/*
 * The names a document writes that a typed name matches in the first pass that matches
 * any: the same name (in either script when fold), a part of one, or one body by the name
 * forms; none when the name's place is not the document's.
 */
static void
names_matching(const struct document *d, const char *typed, bool fold, struct strlist *out)
{
	struct strlist names = { 0 };
	char *key = fold ? script_fold_copy(typed, strlen(typed)) : xstrdup(typed);
	char *place = typed_place(typed);

	document_departments(&names, d);
	for (int pass = 0; pass < NPASSES && out->n == 0 && place_agrees(d, place); pass++)
		for (size_t i = 0; i < names.n; i++)
			if (name_passes(d, (enum name_pass)pass, typed, key, names.v[i], fold))
				strlist_add(out, names.v[i]);
	strlist_free(&names);
	free(place);
	free(key);
}

/* Whether the names found are one body written several ways (市人社局, 市人力社保局). */
static bool
one_body(const struct document *d, const struct strlist *found)
{
	for (size_t i = 1; i < found->n; i++) {
		char *a = script_fold_copy(found->v[0], strlen(found->v[0]));
		char *b = script_fold_copy(found->v[i], strlen(found->v[i]));
		bool same = strcmp(a, b) == 0 ||
		    (d->names != NULL && same_body(d->names, found->v[0], found->v[i]));

		free(a);
		free(b);
		if (!same)
			return false;
	}
	return found->n != 0;
}

/* Add the other ways the document writes the body of forms->v[0] (市發改委: 市發展改革委). */
static void
add_same_body(const struct document *d, bool fold, struct strlist *forms)
{
	struct strlist names = { 0 };
	const char *first = forms->v[0];

	document_departments(&names, d);
	for (size_t i = 0; i < names.n && d->names != NULL; i++)
		if (!strlist_has(forms, names.v[i]) &&
		    name_passes(d, PASS_BODY, first, NULL, names.v[i], fold))
			strlist_add(forms, names.v[i]);
	strlist_free(&names);
}

/*
 * Without a registry, the names the document writes a department as: the name itself, or
 * the one department it is in either script, part of (财政 for 区財政局), or by the name
 * forms (发改委 for 市发展和改革委员会), with every way the document writes that body; false
 * when there is none, or several (said if explain).
 */
static bool
name_in_document(const struct document *d, const char *name, bool fold, bool explain,
    struct strlist *forms)
{
	const char *written = document_name(d, name);

	if (written != NULL) {
		strlist_add(forms, written);
		add_same_body(d, fold, forms);
		return true;
	}
	names_matching(d, name, fold, forms);
	if (forms->n == 1 || one_body(d, forms)) {
		add_same_body(d, fold, forms);
		return true;
	}
	if (explain)
		explain_not_in_document(d, name, forms);
	strlist_free(forms);
	return false;
}

/*
 * The names a department is written as in the document, into forms (empty before): false
 * when it names none, the reason said when explain is set (else the caller says it; a
 * library's other documents may know the name). The document's registry, when it has
 * one, decides before any folding or name form.
 */
bool
query_dept_names(const struct document *d, const char *name, int flags, bool explain,
    struct strlist *forms)
{
	const struct department *cand[MAX_SUGGEST], *dept;
	size_t ncand = MAX_SUGGEST;
	bool fold = (flags & SEARCH_FOLD) != 0;
	char *folded;

	if (d->registry == NULL)
		return name_in_document(d, name, fold, explain, forms);
	dept = registry_resolve(d->registry, name, cand, &ncand);
	if (dept == NULL && fold && ncand == 0) {
		folded = script_fold_copy(name, strlen(name));
		ncand = MAX_SUGGEST;
		dept = registry_resolve(d->registry, folded, cand, &ncand);
		free(folded);
	}
	if (dept != NULL) {
		strlist_add(forms, dept->name);
		return true;
	}
	if (explain)
		explain_unknown(d, name, cand, ncand);
	return false;
}

/*
 * The names several departments are written as, into forms (empty before): each name
 * resolved as query_dept_names() does; their items are those any of them leads (--dept A
 * --dept B: what A and B lead). False when one names none (said when explain is set).
 */
static bool
depts_forms(const struct document *d, const struct strlist *names, int flags, bool explain,
    struct strlist *forms)
{
	for (size_t i = 0; i < names->n; i++) {
		struct strlist one = { 0 };
		bool knows = query_dept_names(d, names->v[i], flags, explain, &one);

		for (size_t k = 0; k < one.n; k++)
			if (!strlist_has(forms, one.v[k]))
				strlist_add(forms, one.v[k]);
		strlist_free(&one);
		if (!knows)
			return false;
	}
	return true;
}

/* Whether a responsibility names one of the forms as lead or as responsible. */
static bool
resp_leads_any(const struct resp *r, const struct strlist *forms)
{
	for (size_t f = 0; f < forms->n; f++)
		if (strlist_has(&r->lead, forms->v[f]) || strlist_has(&r->responsible, forms->v[f]))
			return true;
	return false;
}

/*
 * Every item a department (or any of several) leads or is responsible for, one per line
 * with its responsibility.
 */
int
query_dept(const struct document *d, const struct strlist *names, int flags,
    struct query_out *o)
{
	struct buf b = { 0 }, t = { 0 };
	struct strlist forms = { 0 };
	bool *sel;
	int found = 0;

	if (!depts_forms(d, names, flags, o->prefix == NULL, &forms)) {
		strlist_free(&forms);
		return o->prefix == NULL ? 2 : 1; /* one of several: cli_query() said it if none knew */
	}
	sel = xcalloc(d->nnodes + 1, sizeof *sel);
	document_leads_any(d, &forms, sel);
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (!sel[i])
			continue;
		put_node_label(&b, o, nd);
		for (size_t j = 0; j < nd->nresp; j++) {
			if (!resp_leads_any(&nd->resp[j], &forms))
				continue;
			buf_truncate(&t, 0);
			text_responsibility(&t, &nd->resp[j]);
			buf_putc(&b, '\t');
			put(&b, o, t.s, t.len);
		}
		flush_line(&b, o);
		found = 1;
	}
	buf_free(&b);
	buf_free(&t);
	free(sel);
	strlist_free(&forms);
	return found ? 0 : 1;
}

static void
pad(struct buf *b, const char *s, size_t width)
{
	size_t w = utf8_width(s, strlen(s), false);

	for (; w < width; w++)
		buf_putc(b, ' ');
}

/*
 * Every department with the items it leads and cooperates on (and, where the document
 * names units responsible with no lead, those), in registry order.
 */
int
query_departments(const struct document *d, struct query_out *o)
{
	struct dept_tally t;
	struct buf b = { 0 };
	size_t n, width = strlen("DEPARTMENT");
	bool any_responsible = false;

	document_tally(&t, d);
	n = t.names.list.n;
	for (size_t r = 0; r < n; r++) {
		const char *name = t.names.list.v[r];

		any_responsible |= t.counts[r].n[TALLY_RESPONSIBLE] != 0;
		if (utf8_width(name, strlen(name), false) > width)
			width = utf8_width(name, strlen(name), false);
	}
	buf_puts(&b, any_responsible ? "LEADS  COOPERATES  RESPONSIBLE  DEPARTMENT" :
	    "LEADS  COOPERATES  DEPARTMENT");
	pad(&b, "DEPARTMENT", width);
	buf_puts(&b, "  FULL NAME");
	flush_line(&b, o);
	for (size_t r = 0; r < n; r++) {
		const char *name = t.names.list.v[r];
		const struct department *dept = registry_find(d->registry, name);
		const char *full = dept != NULL ? dept->full : d->registry != NULL ?
		    "(not in the registry)" : NULL;

		buf_printf(&b, "%5zu  %10zu  ", t.counts[r].n[TALLY_LEADS],
		    t.counts[r].n[TALLY_COOPERATES]);
		if (any_responsible)
			buf_printf(&b, "%11zu  ", t.counts[r].n[TALLY_RESPONSIBLE]);
		put_str(&b, o, name);
		pad(&b, name, width);
		buf_puts(&b, "  ");
		put_str(&b, o, full != NULL ? full : "-");
		flush_line(&b, o);
	}
	dept_tally_free(&t);
	buf_free(&b);
	return n != 0 ? 0 : 1;
}

/*
 * Mark the items the departments (any of them) lead or are responsible for; how many, or
 * -1 after a message.
 */
static long
select_dept(const struct document *d, const struct strlist *names, int flags, bool *sel)
{
	struct strlist forms = { 0 };
	long n = -1;

	if (depts_forms(d, names, flags, true, &forms))
		n = (long)document_leads_any(d, &forms, sel);
	strlist_free(&forms);
	return n;
}

/*
 * Mark the items a regular expression matches, searched as --grep searches them (an item
 * whose own lines do not match is not marked, though one under it may be); how many, or
 * -1 after a message.
 */
static long
select_grep(const struct document *d, const char *pattern, int flags, bool *sel)
{
	struct text_views lines = { 0 };
	struct search *re;
	size_t line, ms, me;
	long n = 0;
	int rc = 0;

	if ((re = grep_compile(d, pattern, flags, NULL)) == NULL)
		return -1;
	for (size_t i = 0; i < d->nnodes && rc >= 0; i++) {
		if (d->nodes[i].kind == NODE_MATTER)
			continue;
		node_lines(&lines, d, i);
		rc = count_matches(re, &lines, &line, &ms, &me);
		if ((sel[i] = rc > 0 && node_is_task(d, i)))
			n++;
	}
	search_free(re);
	text_views_free(&lines);
	return rc < 0 ? -1 : n;
}

/*
 * Mark the items a view selects: a department's, those a pattern matches, or with both the
 * items of the department the pattern matches (the reader's filter and search, and what
 * its save-view writes). How many, or -1 after a message.
 */
static long
select_view(const struct document *d, const struct query_view *v, bool *sel)
{
	bool *also;
	long n;

	if (v->depts == NULL || v->grep == NULL)
		return v->depts != NULL ? select_dept(d, v->depts, v->flags, sel) :
		    select_grep(d, v->grep, v->flags, sel);
	if (select_dept(d, v->depts, v->flags, sel) < 0)
		return -1;
	also = xcalloc(d->nnodes + 1, sizeof *also);
	if ((n = select_grep(d, v->grep, v->flags, also)) > 0) {
		n = 0;
		for (size_t i = 0; i < d->nnodes; i++) {
			sel[i] = sel[i] && also[i];
			n += sel[i];
		}
	}
	if (n == 0)
		memset(sel, 0, d->nnodes * sizeof *sel);
	free(also);
	return n;
}

/* Where an export's output goes, a piece of whole lines at a time. */
struct export_sink {
	struct query_out *o;
	struct source_form form; /* the document's: its BOM written with the first piece only */
	bool encoded;            /* the whole text to a file: in the encoding it came in */
	bool written;
};

/*
 * Write a piece of an export: the whole text to a file in its own encoding (its BOM
 * first), else as query output (made safe for a terminal). Whole lines convert alone.
 */
static void
write_chunk(void *arg, const char *s, size_t len)
{
	struct export_sink *k = arg;
	struct buf out = { 0 };

	if (k->encoded) {
		size_t n;
		char *bytes = text_encode(s, len, &k->form, &n);

		if (bytes != NULL)
			fwrite(bytes, 1, n, k->o->fp);
		free(bytes);
		k->form.bom = false;
	} else {
		put(&out, k->o, s, len);
		fwrite(out.s != NULL ? out.s : "", 1, out.len, k->o->fp);
		buf_free(&out);
	}
	k->written = true;
}

/*
 * The whole document in a format (text, markdown, json, csv or yaml), or with a view, the
 * items it selects: those a department leads, or those a regular expression matches.
 * Returns 0, or for a view 1 when it selects nothing (the export is written all the same:
 * headings, or a CSV header, without items); 2 after an error. The text of the whole
 * document comes back in the encoding, line ends and BOM it was written in.
 */
int
query_export(const struct document *d, const char *format, const struct query_view *v,
    struct query_out *o)
{
	struct buf b = { 0 };
	struct export_sink sink = { 0 };
	int f = export_format_parse(format);
	bool *sel = NULL;
	long n = 0;

	if (f < 0) {
		fprintf(stderr, _("%s: unknown export format '"), progname);
		fputs_safe(format, stderr, true);
		fprintf(stderr, _("' (use text, markdown, json, csv or yaml)\n"));
		return 2;
	}
	if (v != NULL && f == EXPORT_YAML) {
		fprintf(stderr, _("%s: yaml exports the whole document only; with --%s use text, "
		    "markdown, json or csv\n"), progname, v->grep == NULL ? "dept" : "grep");
		return 2;
	}
	if (v != NULL) {
		sel = xcalloc(d->nnodes + 1, sizeof *sel);
		n = select_view(d, v, sel);
		if (n < 0) {
			free(sel);
			return 2;
		}
	}
	sink.o = o;
	sink.form = d->src;
	sink.encoded = f == EXPORT_TEXT && sel == NULL && !o->tty;
	if (f == EXPORT_TEXT) { /* streamed: written a few hundred KiB at a time */
		b.spill = write_chunk;
		b.spill_arg = &sink;
	}
	if (f == EXPORT_CSV && o->csv_raw)
		export_csv_table(&b, d, sel, true);
	else
		export_view(&b, d, (enum export_format)f, sel);
	if (b.len > 0 || !sink.written)
		write_chunk(&sink, b.s != NULL ? b.s : "", b.len);
	buf_free(&b);
	free(sel);
	return v == NULL || n > 0 ? 0 : 1;
}

/* The item × department responsibility matrix, as CSV. */
int
query_matrix(const struct document *d, struct query_out *o)
{
	struct buf b = { 0 }, out = { 0 };

	export_matrix(&b, d, o->csv_raw);
	put(&out, o, b.s, b.len);
	fwrite(out.s, 1, out.len, o->fp);
	buf_free(&b);
	buf_free(&out);
	return document_last_item(d) != SIZE_MAX ? 0 : 1;
}

/* The responsibility matrix of several documents, a column per body; 1 with no task. */
int
query_matrix_library(const struct library *lib, struct query_out *o)
{
	struct buf b = { 0 }, out = { 0 };
	int status = 1;

	export_matrix_library(&b, lib, o->csv_raw);
	put(&out, o, b.s, b.len);
	fwrite(out.s, 1, out.len, o->fp);
	buf_free(&b);
	buf_free(&out);
	for (size_t d = 0; d < lib->ndocs; d++)
		if (document_last_item(lib->docs[d]) != SIZE_MAX)
			status = 0;
	return status;
}

/* A body across a library: the forms it is written in, its counts. */
struct body_row {
	struct strlist written;
	int leads, cooperates, responsible;
};
struct body_rows {        /* --departments over a library, so far, in the order first met */
	struct strindex identities; /* each body's name with its place: row i's is list.v[i] */
	struct body_row *v;
};

/* The row of a body, added at the end when it is new. */
static struct body_row *
body_row(struct body_rows *rows, const char *identity)
{
	size_t n = rows->identities.list.n, r = strindex_put(&rows->identities, identity);

	if (r == n) {
		rows->v = xgrow(rows->v, n, sizeof *rows->v);
		memset(&rows->v[r], 0, sizeof *rows->v);
	}
	return &rows->v[r];
}

/* --departments over a library: the rows, empty, for query_departments_add() to count into. */
struct body_rows *
query_departments_begin(void)
{
	return xcalloc(1, sizeof(struct body_rows));
}

/* Count one document's departments into the rows of the bodies they are. */
void
query_departments_add(struct body_rows *rows, const struct document *d)
{
	struct dept_tally t;
	char *place = names_document_place(d), *id;
	struct body_row *row;

	document_tally(&t, d);
	for (size_t k = 0; k < t.names.list.n; k++) {
		const char *name = t.names.list.v[k];

		id = names_department(d, name, place);
		row = body_row(rows, id);
		free(id);
		if (!strlist_has(&row->written, name))
			strlist_add(&row->written, name);
		row->leads += (int)t.counts[k].n[TALLY_LEADS];
		row->cooperates += (int)t.counts[k].n[TALLY_COOPERATES];
		row->responsible += (int)t.counts[k].n[TALLY_RESPONSIBLE];
	}
	dept_tally_free(&t);
	free(place);
}

/*
 * --departments over a library: one row a body, its identity the place and the name
 * (天津市财政局 and 杭州市财政局 apart, 市财政局 and 市財政局 of one place together), with
 * the forms the documents write it in; the rows counted are freed.
 */
int
query_departments_end(struct body_rows *rows, struct query_out *o)
{
	const struct strlist *ids = &rows->identities.list;
	struct buf b = { 0 }, w = { 0 };
	size_t n = ids->n, width = strlen("DEPARTMENT");

	for (size_t r = 0; r < n; r++)
		if (utf8_width(ids->v[r], strlen(ids->v[r]), false) > width)
			width = utf8_width(ids->v[r], strlen(ids->v[r]), false);
	buf_puts(&b, "LEADS  COOPERATES  RESPONSIBLE  DEPARTMENT");
	pad(&b, "DEPARTMENT", width);
	buf_puts(&b, "  WRITTEN AS");
	flush_line(&b, o);
	for (size_t r = 0; r < n; r++) {
		struct body_row *row = &rows->v[r];

		buf_printf(&b, "%5d  %10d  %11d  ", row->leads, row->cooperates, row->responsible);
		put_str(&b, o, ids->v[r]);
		pad(&b, ids->v[r], width);
		buf_puts(&b, "  ");
		buf_truncate(&w, 0);
		strlist_join(&w, &row->written, "、");
		put(&b, o, w.s, w.len);
		flush_line(&b, o);
		strlist_free(&row->written);
	}
	strindex_free(&rows->identities);
	free(rows->v);
	free(rows);
	buf_free(&b);
	buf_free(&w);
	return n != 0 ? 0 : 1;
}

/* --departments over a library loaded whole. */
int
query_departments_library(const struct library *lib, struct query_out *o)
{
	struct body_rows *rows = query_departments_begin();

	for (size_t i = 0; i < lib->ndocs; i++)
		query_departments_add(rows, lib->docs[i]);
	return query_departments_end(rows, o);
}
