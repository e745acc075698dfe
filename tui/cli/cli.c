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
	if (q->query == QUERY_GREP && !query_pattern_ok(q->arg, q->search_flags))
		return 2;
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

/*
 * Whether a query prints no item's text (its heading, lines or table cells), only labels
 * and responsibilities: then a snapshot's head is all it reads (library.heads_only).
 */
bool
cli_query_heads_only(const struct cli_query *q)
{
	return q->export == NULL && (q->query == QUERY_OUTLINE || q->query == QUERY_DEPT ||
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

/* A part of a query's answer: a range of the held answer, or of a child's result. */
struct piece {
	int fd;                   /* the memory file holding it */
	size_t from, len;
};

/* A query over files, as one process goes through a range of them (cli_query_files()). */
struct files_run {
	const struct cli_query *q;
	struct library *lib;
	char *const *files;
	struct diags *diags;
	bool *known;              /* which --dept names some document knows */
	struct body_rows *rows;   /* --departments' table, or NULL */
	FILE *held;               /* what the documents answered, held (file_spool()) */
	struct query_patterns patterns;
	size_t ndocs;             /* documents loaded without an error */
	int status;
	struct jobs *jobs;        /* the child processes, whose results are mapped */
	struct piece *pieces;     /* the answer, a chunk of the files at a time */
	size_t npieces;
};

#define FILES_PER_JOB 16 /* a process forked for fewer would cost more than it saves */

/* Load and query files[from..to), each let go before the next. */
static void
run_files(struct files_run *r, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		size_t errors = diags_count(r->diags, DIAG_ERROR);
		struct document *doc = loader_read_any(r->files[i], r->lib, r->diags);

		if (doc != NULL && diags_count(r->diags, DIAG_ERROR) == errors) {
			r->ndocs++;
			library_share(r->lib, doc);
			note_known(r->q, doc, r->known);
			if (r->diags->worst != DIAG_ERROR && r->rows != NULL) /* (else loading goes */
				query_departments_add(r->rows, doc);         /* on, for its errors) */
			else if (r->diags->worst != DIAG_ERROR)
				r->status = status_with(r->status, run_one(r->q, doc, doc->path,
				    r->held, &r->patterns));
		}
		document_free(doc);
	}
}

static void
add_piece(struct files_run *r, int fd, size_t from, size_t len)
{
	r->pieces = xgrow(r->pieces, r->npieces, sizeof *r->pieces);
	r->pieces[r->npieces++] = (struct piece){ fd, from, len };
}

/* How much of the answer is held so far. */
static size_t
held_len(const struct files_run *r)
{
	off_t at = ftello(r->held);

	if (at == -1)
		fatal("the answer held: %s", strerror(errno));
	return (size_t)at;
}

/* Files[from..to) here, their answer a piece of the whole. */
static void
run_here(size_t from, size_t to, void *arg)
{
	struct files_run *r = arg;
	size_t start = held_len(r);

	run_files(r, from, to);
	add_piece(r, fileno(r->held), start, held_len(r) - start);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	buf_add(b, &v, sizeof v);
}

static void
put_bytes(struct buf *b, const char *s, size_t len)
{
	put_u64(b, len);
	buf_add(b, s, len);
}

/*
 * In a child: its chunk of the files, from the state the first process forked it in, its
 * answer written to fd as it goes, then what the first process needs to take it in after
 * the chunks before (merge_chunk()): the status, the documents, which names were known,
 * the diagnostics, the answer's length, and last the length of all that.
 */
static bool
run_chunk(size_t from, size_t to, void *arg, int fd)
{
	struct files_run *r = arg;
	struct diags *d = r->diags;
	struct buf tail = { 0 };
	off_t answered;
	int copy = dup(fd);
	bool ok;

	fclose(r->held); /* the parent's, empty */
	if (copy == -1 || (r->held = fdopen(copy, "w")) == NULL)
		return false;
	setvbuf(r->held, NULL, _IOFBF, 64 * 1024);
	run_files(r, from, to);
	ok = fflush(r->held) == 0 && (answered = ftello(r->held)) != -1;
	fclose(r->held);
	if (!ok)
		return false;
	put_u64(&tail, (uint64_t)r->status);
	put_u64(&tail, r->ndocs);
	put_u64(&tail, script_missing());
	for (size_t i = 0; i < r->q->depts->n; i++)
		put_u64(&tail, r->known[i]);
	put_u64(&tail, d->count[DIAG_WARNING]);
	put_u64(&tail, d->count[DIAG_ERROR]);
	put_u64(&tail, d->n);
	for (size_t i = 0; i < d->n; i++) {
		put_u64(&tail, (uint64_t)d->v[i].level);
		put_u64(&tail, d->v[i].line);
		put_u64(&tail, d->v[i].col);
		put_bytes(&tail, d->v[i].file, strlen(d->v[i].file));
		put_bytes(&tail, d->v[i].msg, strlen(d->v[i].msg));
	}
	put_u64(&tail, (uint64_t)answered);
	put_u64(&tail, tail.len + sizeof(uint64_t));
	ok = file_write_fd(fd, tail.s, tail.len) == 0;
	buf_free(&tail);
	return ok;
}

struct reading {
	const char *s;
	size_t len, at;
	bool bad;
};

static uint64_t
get_u64(struct reading *in)
{
	uint64_t v = 0;

	if (in->len - in->at < sizeof v)
		in->bad = true;
	else
		memcpy(&v, in->s + in->at, sizeof v);
	in->at += in->bad ? 0 : sizeof v;
	return v;
}

static char *
get_bytes(struct reading *in)
{
	uint64_t n = get_u64(in);

	if (in->bad || n > in->len - in->at) {
		in->bad = true;
		return xstrdup("");
	}
	in->at += n;
	return xstrndup(in->s + in->at - n, n);
}

/* The child's diagnostics, as recorded: kept ones in order, and the counts of all. */
static void
decode_diags(struct reading *in, struct diags *d)
{
	uint64_t warnings = get_u64(in), errors = get_u64(in), n = get_u64(in);

	for (uint64_t i = 0; i < n && !in->bad; i++) {
		enum diag_level level = get_u64(in) == DIAG_ERROR ? DIAG_ERROR : DIAG_WARNING;
		unsigned line = (unsigned)get_u64(in), col = (unsigned)get_u64(in);
		char *file = get_bytes(in), *msg = get_bytes(in);

		diag_add(d, level, file, line, col, "%s", msg);
		free(file);
		free(msg);
	}
	d->count[DIAG_WARNING] = warnings;
	d->count[DIAG_ERROR] = errors;
	d->worst = errors != 0 ? DIAG_ERROR : warnings != 0 ? DIAG_WARNING : 0;
}

/*
 * Take in a child's chunk (run_chunk()) after the chunks before it: its answer after
 * theirs, its diagnostics after theirs. False (and nothing taken) if it does not read.
 */
static bool
merge_chunk(void *arg, const char *data, size_t len, int fd, size_t from, size_t to)
{
	struct files_run *r = arg;
	uint64_t tail_len = 0;
	struct reading in;
	bool *known = xcalloc(r->q->depts->n + 1, sizeof *known), missing;
	struct diags d = { 0 };
	uint64_t status, ndocs, answered;

	(void)from; /* the result says what came of the chunk, whichever it was */
	(void)to;
	if (len >= sizeof tail_len)
		memcpy(&tail_len, data + len - sizeof tail_len, sizeof tail_len);
	if (tail_len < sizeof tail_len || tail_len > len) {
		free(known);
		return false;
	}
	in = (struct reading){ data + len - tail_len, tail_len - sizeof tail_len, 0, false };
	status = get_u64(&in);
	ndocs = get_u64(&in);
	missing = get_u64(&in) != 0;
	for (size_t i = 0; i < r->q->depts->n; i++)
		known[i] = get_u64(&in) != 0;
	decode_diags(&in, &d);
	answered = get_u64(&in);
	if (in.bad || in.at != in.len || status > 2 || answered != len - tail_len) {
		diags_free(&d);
		free(known);
		return false;
	}
	add_piece(r, fd, 0, answered);
	r->status = status_with(r->status, (int)status);
	r->ndocs += ndocs;
	for (size_t i = 0; i < r->q->depts->n; i++)
		r->known[i] = r->known[i] || known[i];
	if (missing)
		script_ready(); /* folding was tried there: here too, to warn as one process would */
	diags_merge(r->diags, &d);
	free(known);
	return true;
}

/*
 * Go through the files in chunks, the first here and the others in child processes
 * (jobs.c), each child's taken in after the chunks before it, so that the answer, the
 * diagnostics and what was said on standard error are those of one process going through
 * them in order. --departments (one table of them all) stays in one process.
 */
static void
run_in_jobs(struct files_run *r, size_t nfiles)
{
	size_t njobs = r->rows == NULL ? jobs_for(nfiles, FILES_PER_JOB) : 1;

	if (njobs > 1 && (r->q->query == QUERY_GREP || r->q->query == QUERY_DEPT) &&
	    (r->q->search_flags & SEARCH_FOLD))
		script_ready(); /* the fold table, read once, before the processes part */
	r->jobs = jobs_run(nfiles, njobs, run_chunk, run_here, merge_chunk, r);
}

/* The answer, a piece at a time, copied by the kernel (file_send()). */
static void
put_answer(const struct files_run *r)
{
	fflush(r->held);
	for (size_t i = 0; i < r->npieces; i++)
		file_send(r->pieces[i].fd, (off_t)r->pieces[i].from, r->pieces[i].len, stdout);
}

/*
 * A query over several files (cli_query_streams()), each document loaded, queried and let
 * go before the next: a library of thousands of plans is never in memory at once, and the
 * memory one used serves the next. Several processes share a long list (run_in_jobs()).
 * The answer is held until every file has loaded, so that it is the one cli_query()
 * gives: one broken document of several is an error, not a partial answer, and said
 * before anything is written. What loading had to say is printed here (diags).
 */
int
cli_query_files(const struct cli_query *q, struct library *lib, char *const *files,
    size_t nfiles, struct diags *diags)
{
	struct files_run r = { .q = q, .lib = lib, .files = files, .diags = diags, .status = 1 };
	struct query_out out = { .tty = stdout_tty() };

	if (q->query == QUERY_GREP && !query_pattern_ok(q->arg, q->search_flags))
		return 2;
	r.known = xcalloc(q->depts->n + 1, sizeof *r.known);
	r.rows = q->query == QUERY_DEPARTMENTS ? query_departments_begin() : NULL;
	if ((r.held = file_spool()) == NULL)
		fatal("no memory file for the answer: %s", strerror(errno));
	out.fp = r.held;
	lib->transient = true;
	run_in_jobs(&r, nfiles);
	if (r.rows != NULL) {
		size_t start = held_len(&r);

		r.status = query_departments_end(r.rows, &out);
		add_piece(&r, fileno(r.held), start, held_len(&r) - start);
	}
	query_patterns_free(&r.patterns);
	diags_print(diags, stderr);
	if (diags->worst == DIAG_ERROR || r.ndocs == 0 || !all_noted(q, r.known, r.ndocs))
		r.status = 2;
	else
		put_answer(&r);
	fclose(r.held);
	jobs_free(r.jobs);
	free(r.pieces);
	free(r.known);
	return r.status;
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
