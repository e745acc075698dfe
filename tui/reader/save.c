/* save.c: the save-view action: write the items the reader shows (filters × search) to a file. */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader/reader_int.h"

/* The overwrite question's: the file named at the prompt before. */
struct question {
	char *typed;
};

/* The formats a file's name can ask for, by its extension. */
static const struct {
	const char *ext, *name;
	enum export_format format;
} exts[] = {
	{ ".csv", "csv", EXPORT_CSV },
	{ ".json", "json", EXPORT_JSON },
	{ ".markdown", "markdown", EXPORT_MARKDOWN },
	{ ".md", "markdown", EXPORT_MARKDOWN },
	{ ".txt", "text", EXPORT_TEXT },
};

/*
 * The format a file's name asks for: by its extension, Markdown without one; -1 for an
 * extension that names no format we write (out.xlsx is not Markdown under another name).
 */
static int
format_of(const char *path, const char **name)
{
	const char *base = strrchr(path, '/'), *dot;

	dot = strrchr(base != NULL ? base + 1 : path, '.');
	*name = "markdown";
	if (dot == NULL || dot == (base != NULL ? base + 1 : path))
		return EXPORT_MARKDOWN; /* no extension, or a dot file's name */
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot, exts[i].ext) == 0) {
			*name = exts[i].name;
			return (int)exts[i].format;
		}
	return -1;
}

/* The extensions save-view knows, for the message refusing another: .csv, .json... */
static void
known_extensions(struct buf *b)
{
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		buf_printf(b, "%s%s", i == 0 ? "" : ", ", exts[i].ext);
}

/*
 * Mark the items the screen shows in document number doc, d: the filter's (every task
 * without one), and of those, with a search on, the ones it matches. How many.
 */
static size_t
shown_items(struct reader *r, const struct document *d, size_t doc, bool *sel)
{
	bool *hit = NULL;
	size_t n = 0;

	if (r->filter != NULL)
		document_leads_any(d, view_filter_forms(r, doc), sel);
	if (r->scan.re != NULL) {
		hit = xcalloc(d->nnodes + 1, sizeof *hit);
		for (size_t m = 0; m < r->scan.nmatches; m++) {
			const struct block *b = &r->page.blocks[r->scan.matches[m].block];

			if (b->doc == doc && b->node != SIZE_MAX)
				hit[b->node] = true;
		}
	}
	for (size_t i = 0; i < d->nnodes; i++) {
		sel[i] = (r->filter == NULL || sel[i]) && (hit == NULL || hit[i]) &&
		    node_is_task(d, i) && (r->only_re == NULL || page_item_matches(d, i, r->only_re));
		n += sel[i];
	}
	free(hit);
	return n;
}

/* The name offered: planview-<department>.md under a filter, else planview-view.md. */
static char *
default_name(const struct reader *r)
{
	struct buf b = { 0 };
	size_t i = 0, len, n;
	uint32_t cp;

	if (r->filter == NULL)
		return xstrdup("planview-view.md");
	buf_puts(&b, "planview-");
	len = strlen(r->filter);
	while (i < len) {
		n = utf8_decode(r->filter + i, len - i, &cp);
		if (cp == '/' || cp == ' ' || cp < 0x20 || cp == 0x7f || cp_is_unsafe(cp))
			buf_putc(&b, '_'); /* a name from the document: nothing a path or shell minds */
		else
			buf_add(&b, r->filter + i, n);
		i += n;
	}
	buf_puts(&b, ".md");
	return buf_detach(&b);
}

/* The path typed, with a leading ~/ meaning $HOME. */
static char *
expand_path(const char *s)
{
	const char *home = getenv("HOME");

	if (s[0] == '~' && s[1] == '/' && home != NULL && *home != '\0')
		return xasprintf("%s%s", home, s + 1);
	return xstrdup(s);
}

static struct need answered(struct reader *, const char *, bool, void *);
static void answer(struct reader *, const char *, void *);

static const struct prompt_cb overwrite_prompt = { answer, answered, NULL };

/* Write the view to path; when it exists and overwrite is false, ask first. */
static void
save_to(struct reader *r, const char *typed, bool overwrite)
{
	char *path = expand_path(typed);
	/* with several documents open, the one being read */
	size_t bi = view_block(r), doc = bi != SIZE_MAX ? r->page.blocks[bi].doc : 0;
	const struct document *d = view_doc(r, doc);
	const char *fname;
	int f = format_of(path, &fname);
	struct buf out = { 0 };
	struct stat st;
	bool *sel = NULL, whole = r->filter == NULL && r->scan.re == NULL && r->only_re == NULL;
	size_t n = 0;
	int rc;

	if (f < 0) {
		struct buf known = { 0 };

		known_extensions(&known);
		view_message(r, true, _("%s: no format has that extension (use %s); not saved"),
		    typed, known.s);
		buf_free(&known);
		free(path);
		return;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		view_message(r, true, _("%s is a directory; not saved"), typed);
		free(path);
		return;
	}
	if (!overwrite && lstat(path, &st) == 0)
		rc = 1;
	else {
		sel = xcalloc(d->nnodes + 1, sizeof *sel);
		n = shown_items(r, d, doc, sel);
		export_view(&out, d, (enum export_format)f, whole ? NULL : sel);
		rc = file_write(path, out.s != NULL ? out.s : "", out.len, 0666,
		    overwrite ? 0 : FILE_KEEP);
	}
	if (rc == 1) {
		struct question *q = xmalloc(sizeof *q);

		q->typed = xstrdup(typed);
		prompt_open(r, _("File exists; overwrite? (y/n) "), NULL, &overwrite_prompt, q);
		view_message(r, true, _("%s exists"), typed);
	} else if (rc < 0)
		view_message(r, true, _("cannot write %s: %s; not saved"), typed, strerror(errno));
	else if (rc == 2)
		view_message(r, true, _("wrote %s, but could not keep its owner: it is yours now"),
		    typed);
	else
		view_message(r, false, ngettext("wrote %zu clause to %s (%s)",
		    "wrote %zu clauses to %s (%s)", n), n, typed, fname);
	buf_free(&out);
	free(sel);
	free(path);
}

static void
forget(struct question *q)
{
	free(q->typed);
	free(q);
}

/* A key typed at the overwrite question: y writes, n does not, anything else asks again. */
static void
answer(struct reader *r, const char *text, void *data)
{
	struct question *q = data;

	if (strcmp(text, "y") == 0 || strcmp(text, "Y") == 0) {
		prompt_close(r);
		save_to(r, q->typed, true);
		forget(q);
	} else if (strcmp(text, "n") == 0 || strcmp(text, "N") == 0) {
		prompt_close(r);
		view_message(r, false, _("%s not overwritten; not saved"), q->typed);
		forget(q);
	} else if (*text != '\0') {
		prompt_set_text(r, "");
		view_message(r, true, _("%s exists; y overwrites it, n keeps it"), q->typed);
	}
}

/* The overwrite question closed without a y: nothing is written. */
static struct need
answered(struct reader *r, const char *text, bool submit, void *data)
{
	struct question *q = data;

	(void)text;
	(void)submit;
	view_message(r, false, _("%s not overwritten; not saved"), q->typed);
	forget(q);
	return NO_NEED;
}

/* The file-name prompt closed: Enter, or Escape (submit false). */
static struct need
named(struct reader *r, const char *text, bool submit, void *data)
{
	(void)data;
	if (!submit)
		view_message(r, false, _("not saved"));
	else if (*text == '\0')
		view_message(r, true, _("no file name; not saved"));
	else
		save_to(r, text, false);
	return NO_NEED;
}

static const struct prompt_cb name_prompt = { NULL, named, NULL };

/* save-view: ask for a file name, offering one, and write the clauses shown to it. */
void
save_open(struct reader *r)
{
	char *name = default_name(r);

	prompt_open(r, _("Save view to: "), NULL, &name_prompt, NULL);
	prompt_set_text(r, name);
	free(name);
}
