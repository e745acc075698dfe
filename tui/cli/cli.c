/*
 * cli.c: the command line's modes run to an exit status: a query over every document
 * (grep's way with several), --import and --check.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* Whether standard output is a terminal (asked once: a library's every plan wants to know). */
static bool
stdout_tty(void)
{
	static int tty = -1;

	if (tty == -1)
		tty = isatty(STDOUT_FILENO);
	return tty == 1;
}

/*
 * A query on one document, its lines to fp, led by prefix (NULL: none); with patterns, a
 * --grep's pattern compiled for an earlier document is used again.
 */
static int
run_one(const struct cli_query *q, const struct document *doc, const char *prefix, FILE *fp,
    struct query_patterns *patterns)
{
	struct query_out out = { .fp = fp, .prefix = prefix, .csv_raw = q->csv_raw,
	    .patterns = patterns };
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	out.tty = stdout_tty();
	out.highlight = q->color == COLOR_ALWAYS || (q->color == COLOR_AUTO && out.tty &&
	    (term == NULL || strcmp(term, "dumb") != 0));
	out.color = out.highlight && (nc == NULL || *nc == '\0');
	switch (q->query) {
	case QUERY_OUTLINE:
		return query_outline(doc, &out);
	case QUERY_SHOW:
		return query_show(doc, q->arg, &out);
	case QUERY_GREP:
		if (q->export != NULL) {
			struct query_view v = { .depts = q->depts->n != 0 ? q->depts : NULL,
			    .grep = q->arg, .flags = q->search_flags };

			return query_export(doc, q->export, &v, &out);
		}
		return query_grep(doc, q->arg, q->search_flags, q->depts, &out);
	case QUERY_DEPT:
		if (q->export != NULL) {
			struct query_view v = { .depts = q->depts, .flags = q->search_flags };

			return query_export(doc, q->export, &v, &out);
		}
		return query_dept(doc, q->depts, q->search_flags, &out);
	case QUERY_DEPARTMENTS:
		return query_departments(doc, &out);
	case QUERY_EXPORT:
		return query_export(doc, q->export, NULL, &out);
	case QUERY_MATRIX:
		return query_matrix(doc, &out);
	}
	fatal("run_one: query %d", (int)q->query);
}

/* The status of several queries so far, with one more: grep's, 2 on any error. */
static int
status_with(int status, int s)
{
	return s == 2 || status == 2 ? 2 : s == 0 ? 0 : status;
}

/* Run a query over each document of several, every line led by the document's name. */
static int
run_each(const struct cli_query *q, struct library *lib)
{
	struct query_patterns patterns = { 0 };
	int status = 1;

	for (size_t i = 0; i < lib->ndocs; i++)
		status = status_with(status, run_one(q, lib->docs[i], lib->docs[i]->path, stdout,
		    &patterns));
	query_patterns_free(&patterns);
	return status;
}

/* Say that no one of ndocs documents knows a --dept name. */
static void
say_unknown(const char *name, size_t ndocs)
{
	fprintf(stderr, "%s: '", progname);
	fputs_safe(name, stderr, true);
	fprintf(stderr, _("' names no one department in any of the %zu documents\n"), ndocs);
}

/*
 * Whether any of several documents knows a department by this name (each resolves it by
 * its own registry or names: 财政局 may be 市财政局 in one, 区财政局 in another); if none
 * does, say so.
 */
static bool
any_knows(struct library *lib, const char *name, int flags)
{
	struct strlist forms = { 0 };
	bool knows = false;

	for (size_t i = 0; i < lib->ndocs && !knows; i++) {
		knows = query_dept_names(lib->docs[i], name, flags, false, &forms);
		strlist_free(&forms);
	}
	if (!knows)
		say_unknown(name, lib->ndocs);
	return knows;
}

/* Whether each of the --dept names is known to some document of several (said if not). */
static bool
all_known(struct library *lib, const struct strlist *names, int flags)
{
	for (size_t i = 0; i < names->n; i++)
		if (!any_knows(lib, names->v[i], flags))
			return false;
	return true;
}

/*
 * Run a query over every document: one alone as it is; several with each line led by the
 * document's file name, as grep does. The status is grep's: 0 if any found, 2 on errors.
 */
int
cli_query(const struct cli_query *q, struct library *lib)
{
	if (lib->ndocs == 1)
		return run_one(q, lib->docs[0], NULL, stdout, NULL);
	if (q->query == QUERY_EXPORT || q->export != NULL) {
		fprintf(stderr, _("%s: --%s takes one document, not %zu\n"), progname,
		    "export", lib->ndocs);
		return 2;
	}
	if (!all_known(lib, q->depts, q->search_flags))
		return 2;
	if (q->query == QUERY_DEPARTMENTS || q->query == QUERY_MATRIX) {
		struct query_out out = { .fp = stdout, .tty = stdout_tty() };

		return q->query == QUERY_MATRIX ? query_matrix_library(lib, &out) :
		    query_departments_library(lib, &out);
	}
	return run_each(q, lib);
}

/* Whether a query over several documents can take them one at a time (cli_query_files()). */
bool
cli_query_streams(const struct cli_query *q, size_t nfiles)
{
	return nfiles > 1 && q->export == NULL && (q->query == QUERY_OUTLINE ||
	    q->query == QUERY_SHOW || q->query == QUERY_GREP || q->query == QUERY_DEPT ||
	    q->query == QUERY_DEPARTMENTS);
}

/* Note which of the --dept names doc knows (each resolved by its own registry and names). */
static void
note_known(const struct cli_query *q, const struct document *doc, bool *known)
{
	struct strlist forms = { 0 };

	for (size_t i = 0; i < q->depts->n; i++) {
		if (!known[i])
			known[i] = query_dept_names(doc, q->depts->v[i], q->search_flags, false, &forms);
		strlist_free(&forms);
	}
}

/* Whether every --dept name is known to some document; the first that is not, said. */
static bool
all_noted(const struct cli_query *q, const bool *known, size_t ndocs)
{
	for (size_t i = 0; i < q->depts->n; i++)
		if (!known[i]) {
			say_unknown(q->depts->v[i], ndocs);
			return false;
		}
	return true;
}

/*
 * The answer held until every file has loaded goes into a buf through this stream: it
 * grows by realloc(), where open_memstream() copies and zeroes at each doubling.
 */
static ssize_t
held_write(void *answer, const char *data, size_t len)
{
	buf_add(answer, data, len);
	return (ssize_t)len;
}

static FILE *
held_open(struct buf *answer)
{
	FILE *fp = fopencookie(answer, "w", (cookie_io_functions_t){ .write = held_write });

	if (fp == NULL)
		fatal("fopencookie: %s", strerror(errno));
	return fp;
}

/*
 * A query over several files (cli_query_streams()), each document loaded, queried and let
 * go before the next: a library of thousands of plans is never in memory at once, and the
 * memory one used serves the next. The answer is held until every file has loaded, so
 * that it is the one cli_query() gives: one broken document of several is an error, not
 * a partial answer, and said before anything is written. What loading had to say is
 * printed here (diags).
 */
int
cli_query_files(const struct cli_query *q, struct library *lib, char *const *files,
    size_t nfiles, struct diags *diags)
{
	bool *known = xcalloc(q->depts->n + 1, sizeof *known);
	struct body_rows *rows = q->query == QUERY_DEPARTMENTS ? query_departments_begin() : NULL;
	struct buf answer = { 0 };
	size_t ndocs = 0;
	FILE *held = held_open(&answer);
	struct query_out out = { .fp = held, .tty = stdout_tty() };
	struct query_patterns patterns = { 0 };
	int status = 1;

	lib->transient = true;
	for (size_t i = 0; i < nfiles; i++) {
		size_t errors = diags_count(diags, DIAG_ERROR);
		struct document *doc = loader_read_any(files[i], lib, diags);

		if (doc != NULL && diags_count(diags, DIAG_ERROR) == errors) {
			ndocs++;
			library_share(lib, doc);
			note_known(q, doc, known);
			if (diags->worst != DIAG_ERROR && rows != NULL) /* (else loading goes on, */
				query_departments_add(rows, doc);       /* for its errors, and no more) */
			else if (diags->worst != DIAG_ERROR)
				status = status_with(status, run_one(q, doc, doc->path, held,
				    &patterns));
		}
		document_free(doc);
	}
	if (rows != NULL)
		status = query_departments_end(rows, &out);
	query_patterns_free(&patterns);
	fclose(held);
	diags_print(diags, stderr);
	if (diags->worst == DIAG_ERROR || ndocs == 0 || !all_noted(q, known, ndocs))
		status = 2;
	else
		fwrite(answer.s, 1, answer.len, stdout);
	buf_free(&answer);
	free(known);
	return status;
}

/*
 * Write a starter registry of the document's departments to path, which the document then
 * names; an existing file is left alone. Whether it was written (else after a message).
 */
static bool
write_registry(struct document *doc, const char *path)
{
	struct buf reg = { 0 };
	int rc;

	export_registry(&reg, doc);
	rc = file_write(path, reg.s, reg.len, 0666, FILE_KEEP);
	buf_free(&reg);
	if (rc != 0) {
		fprintf(stderr, "%s: ", progname);
		fputs_safe(path, stderr, true);
		fprintf(stderr, ": %s\n", rc == 1 ? _("exists; a registry is not written over a file") :
		    strerror(errno));
		return false;
	}
	free(doc->departments);
	doc->departments = xstrdup(path);
	return true;
}

/*
 * --import: a plan's text (in encoding, or the one detected when NULL), or a published file
 * (Word, PDF, a web page, OFD), as YAML on standard output, and with registry, a starter registry of its departments in that file; the exit
 * status: 2 if it cannot be read (or the registry written), 1 when the importer had to guess.
 */
int
cli_import(const char *path, const char *encoding, const char *registry)
{
	struct diags diags = { 0 };
	struct document *doc;
	struct buf out = { 0 };
	char *text, *why;
	size_t len;
	int status;

	if ((text = file_read(path, MAX_INPUT_BYTES, &len, &why)) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", progname, path, why);
		free(why);
		return 2;
	}
	doc = loader_import(path, text, len, encoding, &diags);
	free(text);
	if (doc != NULL && registry != NULL && !write_registry(doc, registry)) {
		document_free(doc);
		diags_free(&diags);
		return 2;
	}
	if (doc != NULL) {
		export_document(&out, doc, EXPORT_YAML);
		fwrite(out.s, 1, out.len, stdout);
		buf_free(&out);
		document_free(doc);
	}
	diags_print(&diags, stderr);
	status = diags.worst;
	diags_free(&diags);
	return status;
}

/* What the readers of published files left out as page furniture, a line each on stdout. */
static void
print_dropped(const struct library *lib)
{
	for (size_t i = 0; i < lib->ndocs; i++)
		for (size_t k = 0; k < lib->docs[i]->dropped.n; k++) {
			fputs_safe(lib->docs[i]->path, stdout, stdout_tty());
			printf(_(": left out as page furniture: "));
			fputs_safe(lib->docs[i]->dropped.v[k], stdout, stdout_tty());
			putchar('\n');
		}
}

/*
 * --check: every problem of the documents on standard error, the worst level the status;
 * on standard output, what was left out of published files as page furniture.
 */
int
cli_check(char **files, int nfiles, const char *encoding)
{
	struct library *lib = library_create();
	struct diags diags = { 0 };
	int status;

	lib->encoding = encoding;
	lib->no_cache = true; /* checking is reading the file, every problem said */
	for (int i = 0; i < nfiles; i++)
		library_load(lib, files[i], &diags);
	print_dropped(lib);
	diags_print(&diags, stderr);
	status = diags.worst;
	diags_free(&diags);
	library_free(lib);
	return status;
}
