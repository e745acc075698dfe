/* save.c: the save-view action: write the items the reader shows to a file. */
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

/* The format a file's name asks for: by its extension, else Markdown. */
static enum export_format
format_of(const char *path, const char **name)
{
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
	const char *base = strrchr(path, '/'), *dot;

	dot = strrchr(base != NULL ? base + 1 : path, '.');
	for (size_t i = 0; dot != NULL && i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot, exts[i].ext) == 0) {
			*name = exts[i].name;
			return exts[i].format;
		}
	*name = "markdown";
	return EXPORT_MARKDOWN;
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

/* Which of the open documents d is. */
static size_t
doc_index(const struct reader *r, const struct document *d)
{
	size_t i = 0;

	while (i < r->ndocs && r->docs[i] != d)
		i++;
	return i;
}

/* Write the view to path; when it exists and overwrite is false, ask first. */
static void
save_to(struct reader *r, const char *typed, bool overwrite)
{
	char *path = expand_path(typed);
	/* with several documents open, the one being read */
	const struct document *d = view_doc_read(r);
	const char *fname;
	enum export_format f = format_of(path, &fname);
	struct buf out = { 0 };
	struct stat st;
	bool *sel = NULL;
	size_t n = 0;
	int rc;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		view_message(r, true, _("%s is a directory; not saved"), typed);
		free(path);
		return;
	}
	if (!overwrite && lstat(path, &st) == 0)
		rc = 1;
	else {
		if (r->filter != NULL) {
			sel = xcalloc(d->nnodes + 1, sizeof *sel);
			n = document_leads_any(d, view_filter_forms(r, doc_index(r, d)), sel);
		} else
			for (size_t i = 0; i < d->nnodes; i++)
				n += node_is_task(d, i);
		export_view(&out, d, f, sel);
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
