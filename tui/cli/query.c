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

/* "(十五)深入实施东西部扶贫协作": a clause as listed in query output. */
static void
put_clause_label(struct buf *b, const struct query_out *o, const struct document *d,
    const struct clause *c)
{
	struct buf t = { 0 };

	text_clause_number(&t, d, c);
	buf_puts(&t, c->title);
	put(b, o, t.s, t.len);
	buf_free(&t);
}

/* Chapters and clauses, one per line. */
int
query_outline(const struct document *d, struct query_out *o)
{
	struct buf b = { 0 }, t = { 0 };

	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];

		buf_truncate(&t, 0);
		text_chapter_heading(&t, d, ch);
		put(&b, o, t.s, t.len);
		flush_line(&b, o);
		for (size_t j = ch->first; j < ch->first + ch->count; j++) {
			buf_puts(&b, "  ");
			put_clause_label(&b, o, d, &d->clauses[j]);
			flush_line(&b, o);
		}
	}
	buf_free(&b);
	buf_free(&t);
	return d->nchapters != 0 ? 0 : 1;
}

/* One clause, as in the source text. */
int
query_show(const struct document *d, const char *spec, struct query_out *o)
{
	const struct clause *c;
	struct buf b = { 0 }, t = { 0 };
	int n = clause_spec_parse(spec);

	if (n <= 0) {
		fprintf(stderr, "%s: '", progname);
		fputs_safe(spec, stderr, true);
		fprintf(stderr, _("' is not a clause number (try 15, 十五 or (十五))\n"));
		return 2;
	}
	if ((c = document_find_clause(d, n)) == NULL) {
		char *num = numeral_format(n);

		fprintf(stderr, "%s: ", progname);
		fputs_safe(d->path, stderr, true);
		fprintf(stderr, _(" has no clause %s\n"), num);
		free(num);
		return 1;
	}
	if (o->prefix != NULL) {
		buf_puts(&b, "==> ");
		put_str(&b, o, o->prefix);
		buf_puts(&b, " <==\n");
	}
	text_clause(&t, d, c);
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
	if (o->tty)
		buf_puts(b, o->color ? "\033[1;31m" : "\033[1m");
	put(b, o, t.s, t.len);
	if (o->tty)
		buf_puts(b, "\033[m");
	buf_free(&t);
}

/*
 * Search subject; when it matches, print label, the first match in context and how many
 * more there are. Returns matches found, or -1 when a search limit stopped it.
 */
static int
grep_one(struct search *re, const char *subject, size_t len, const char *label,
    const struct query_out *o)
{
	size_t ms, me, first_ms = 0, first_me = 0, at = 0;
	int rc, count = 0;
	struct buf b = { 0 };

	while ((rc = search_exec(re, subject, len, at, &ms, &me)) == 1) {
		if (count++ == 0) {
			first_ms = ms;
			first_me = me;
		}
		at = search_resume(subject, len, ms, me);
	}
	if (rc < 0) {
		fprintf(stderr, _("%s: search stopped: %s\n"), progname, search_error(re));
		return -1;
	}
	if (count == 0)
		return 0;
	put_str(&b, o, label);
	buf_puts(&b, ": ");
	put_context(&b, o, subject, 0, first_ms, true);
	put_match(&b, o, subject, first_ms, first_me);
	put_context(&b, o, subject, first_me, len, false);
	if (count > 1)
		buf_printf(&b, "  (+%d)", count - 1);
	flush_line(&b, o);
	buf_free(&b);
	return count;
}

/* The pattern of a --grep, with its time budget; or NULL after a message. */
static struct search *
grep_compile(const char *pattern, int flags)
{
	struct search *re;
	char *error;

	if ((re = search_compile(pattern, flags, &error)) == NULL) {
		fprintf(stderr, _("%s: invalid regular expression: %s\n"), progname, error);
		free(error);
		return NULL;
	}
	search_set_budget(re, GREP_BUDGET_MS);
	return re;
}

/* What --grep searches in a clause: its source text, attributions included, without the final newline. */
static void
clause_subject(struct buf *b, const struct document *d, const struct clause *c)
{
	buf_truncate(b, 0);
	text_clause(b, d, c);
	buf_truncate(b, b->len - 1);
}

/* Every chapter heading and clause matching a regular expression, one line each. */
int
query_grep(const struct document *d, const char *pattern, int flags, struct query_out *o)
{
	struct buf subject = { 0 }, label = { 0 };
	struct search *re;
	int found = 0, n = 0;

	if ((re = grep_compile(pattern, flags)) == NULL)
		return 2;
	for (size_t i = 0; i < d->nchapters && n >= 0; i++) {
		const struct chapter *ch = &d->chapters[i];

		buf_truncate(&subject, 0);
		text_chapter_heading(&subject, d, ch);
		if ((n = grep_one(re, subject.s, subject.len, subject.s, o)) > 0)
			found = 1;
		for (size_t j = ch->first; j < ch->first + ch->count && n >= 0; j++) {
			const struct clause *c = &d->clauses[j];

			clause_subject(&subject, d, c);
			buf_truncate(&label, 0);
			text_clause_number(&label, d, c);
			buf_puts(&label, c->title);
			if ((n = grep_one(re, subject.s, subject.len, label.s, o)) > 0)
				found = 1;
		}
	}
	search_free(re);
	buf_free(&subject);
	buf_free(&label);
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

/* The name a department is written as in the document, or NULL after a message. */
static const char *
resolve_department(const struct document *d, const char *name)
{
	const struct department *cand[MAX_SUGGEST], *dept;
	size_t ncand = MAX_SUGGEST;

	if ((dept = registry_resolve(d->registry, name, cand, &ncand)) != NULL)
		return dept->name;
	if (d->registry == NULL)
		for (size_t i = 0; i < d->nclauses; i++)
			if (clause_leads(&d->clauses[i], name) ||
			    clause_cooperates(&d->clauses[i], name))
				return name;
	explain_unknown(d, name, cand, ncand);
	return NULL;
}

/* Every clause a department leads, one per line with its responsibility. */
int
query_dept(const struct document *d, const char *name, struct query_out *o)
{
	struct buf b = { 0 }, t = { 0 };
	const char *dept;
	int found = 0;

	if ((dept = resolve_department(d, name)) == NULL)
		return 2;
	for (size_t i = 0; i < d->nclauses; i++) {
		const struct clause *c = &d->clauses[i];

		if (!clause_leads(c, dept))
			continue;
		put_clause_label(&b, o, d, c);
		for (size_t j = 0; j < c->nresp; j++) {
			if (!strlist_has(&c->resp[j].lead, dept))
				continue;
			buf_truncate(&t, 0);
			text_responsibility(&t, &c->resp[j]);
			buf_putc(&b, '\t');
			put(&b, o, t.s, t.len);
		}
		flush_line(&b, o);
		found = 1;
	}
	buf_free(&b);
	buf_free(&t);
	return found ? 0 : 1;
}

struct dept_row {
	const char *name, *full;
	int leads, cooperates;
};

static void
pad(struct buf *b, const char *s, size_t width)
{
	size_t w = utf8_width(s, strlen(s), false);

	for (; w < width; w++)
		buf_putc(b, ' ');
}

/* Every department with the clauses it leads and cooperates on, in registry order. */
int
query_departments(const struct document *d, struct query_out *o)
{
	struct strlist names = { 0 };
	struct dept_row *rows;
	struct buf b = { 0 };
	size_t n, width = strlen("DEPARTMENT");

	document_departments(&names, d);
	n = names.n;
	rows = xcalloc(n + 1, sizeof *rows);
	for (size_t r = 0; r < n; r++) {
		const struct department *dept = registry_find(d->registry, names.v[r]);

		rows[r].name = names.v[r];
		rows[r].full = dept != NULL ? dept->full : "(not in the registry)";
	}
	for (size_t r = 0; r < n; r++) {
		rows[r].leads = (int)document_leads(d, rows[r].name, NULL);
		for (size_t i = 0; i < d->nclauses; i++)
			rows[r].cooperates += clause_cooperates(&d->clauses[i], rows[r].name);
		if (utf8_width(rows[r].name, strlen(rows[r].name), false) > width)
			width = utf8_width(rows[r].name, strlen(rows[r].name), false);
	}
	buf_puts(&b, "LEADS  COOPERATES  DEPARTMENT");
	pad(&b, "DEPARTMENT", width);
	buf_puts(&b, "  FULL NAME");
	flush_line(&b, o);
	for (size_t r = 0; r < n; r++) {
		buf_printf(&b, "%5d  %10d  ", rows[r].leads, rows[r].cooperates);
		put_str(&b, o, rows[r].name);
		pad(&b, rows[r].name, width);
		buf_puts(&b, "  ");
		put_str(&b, o, rows[r].full != NULL ? rows[r].full : "-");
		flush_line(&b, o);
	}
	free(rows);
	strlist_free(&names);
	buf_free(&b);
	return n != 0 ? 0 : 1;
}

/* Mark the clauses a department leads; returns how many, or -1 after a message. */
static long
select_dept(const struct document *d, const char *name, bool *sel)
{
	const char *dept;

	if ((dept = resolve_department(d, name)) == NULL)
		return -1;
	return (long)document_leads(d, dept, sel);
}

/*
 * Mark the clauses a regular expression matches, searched as --grep searches them (a match
 * in a chapter heading alone marks nothing); returns how many, or -1 after a message.
 */
static long
select_grep(const struct document *d, const char *pattern, int flags, bool *sel)
{
	struct buf subject = { 0 };
	struct search *re;
	size_t ms, me;
	long n = 0;
	int rc = 0;

	if ((re = grep_compile(pattern, flags)) == NULL)
		return -1;
	for (size_t i = 0; i < d->nclauses && rc >= 0; i++) {
		clause_subject(&subject, d, &d->clauses[i]);
		rc = search_exec(re, subject.s, subject.len, 0, &ms, &me);
		if ((sel[i] = rc == 1))
			n++;
	}
	if (rc < 0) {
		fprintf(stderr, _("%s: search stopped: %s\n"), progname, search_error(re));
		n = -1;
	}
	search_free(re);
	buf_free(&subject);
	return n;
}

/*
 * The whole document in a format (text, markdown, json, csv or yaml), or with a view, the
 * clauses it selects: those a department leads, or those a regular expression matches.
 * Returns 0, or for a view 1 when it selects nothing (the export is written all the same:
 * headings, or a CSV header, without clauses); 2 after an error.
 */
int
query_export(const struct document *d, const char *format, const struct query_view *v,
    struct query_out *o)
{
	struct buf b = { 0 }, out = { 0 };
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
		    "markdown, json or csv\n"), progname, v->dept != NULL ? "dept" : "grep");
		return 2;
	}
	if (v != NULL) {
		sel = xcalloc(d->nclauses + 1, sizeof *sel);
		n = v->dept != NULL ? select_dept(d, v->dept, sel) :
		    select_grep(d, v->grep, v->grep_flags, sel);
		if (n < 0) {
			free(sel);
			return 2;
		}
	}
	export_view(&b, d, (enum export_format)f, sel);
	put(&out, o, b.s, b.len);
	fwrite(out.s, 1, out.len, o->fp);
	buf_free(&b);
	buf_free(&out);
	free(sel);
	return v == NULL || n > 0 ? 0 : 1;
}

/* The clause × department responsibility matrix, as CSV. */
int
query_matrix(const struct document *d, struct query_out *o)
{
	struct buf b = { 0 }, out = { 0 };

	export_matrix(&b, d);
	put(&out, o, b.s, b.len);
	fwrite(out.s, 1, out.len, o->fp);
	buf_free(&b);
	buf_free(&out);
	return d->nclauses != 0 ? 0 : 1;
}
