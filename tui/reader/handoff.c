/*
 * handoff.c: the current item (or the view) handed outside the reader: piped to a command
 * (|), opened in the editor at its line (v), copied to the clipboard (y). What is handed
 * is the text the reader shows, made safe: no control character of a document's goes out.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

/* The text of the item being read, as the reader shows it, a line each; false if none. */
static bool
item_text(struct reader *r, struct buf *out)
{
	struct anchor a = view_anchor(r);
	struct strlist lines = { 0 };
	size_t head;

	if (a.node == SIZE_MAX)
		return false;
	text_item_lines(&lines, &head, view_doc(r, a.doc), a.node);
	for (size_t i = 0; i < lines.n; i++) {
		utf8_sanitize(out, lines.v[i], strlen(lines.v[i]));
		buf_putc(out, '\n');
	}
	strlist_free(&lines);
	return out->len != 0;
}

/* The text the page shows, every block, a blank line between them (the blocks are safe). */
static void
view_text(const struct reader *r, struct buf *out)
{
	for (size_t i = 0; i < r->page.nblocks; i++) {
		if (i > 0)
			buf_putc(out, '\n');
		buf_add(out, r->page.blocks[i].text, r->page.blocks[i].len);
		buf_putc(out, '\n');
	}
}

/* The pipe prompt closed: on Enter, the command runs with the text on its input. */
static struct need
piped(struct reader *r, const char *command, bool submit, void *data)
{
	struct buf text = { 0 };
	bool whole = data != NULL;
	char *argv[] = { "/bin/sh", "-c", (char *)command, NULL }, why[600];
	int status;

	if (!submit || *command == '\0')
		return NO_NEED;
	if (whole)
		view_text(r, &text);
	else if (!item_text(r, &text)) {
		view_message(r, true, "%s", _("no item here to pipe"));
		return NO_NEED;
	}
	status = spawn_run(argv, text.s, text.len, true);
	if (spawn_failed(status, command, why, sizeof why))
		view_message(r, true, "%s", why);
	buf_free(&text);
	return NO_NEED;
}

static const struct prompt_cb pipe_prompt = { NULL, piped, NULL };

/* |: a prompt for a shell command, then the item (whole: the view) piped to it. */
void
handoff_pipe(struct reader *r, bool whole)
{
	static int view_mark; /* the prompt's data: non-NULL for the whole view */

	prompt_open(r, whole ? _("Pipe the view to: ") : _("Pipe the item to: "), NULL,
	    &pipe_prompt, whole ? &view_mark : NULL);
}

/* Why the item's line cannot be edited, or NULL: a file with the item on a line of it. */
static const char *
not_editable(const struct document *d, const struct node *nd)
{
	if (strcmp(d->path, "-") == 0)
		return _("read from standard input: there is no file to edit");
	if (d->format != NULL)
		return _("a published file has no lines to edit; edit the plan made from it");
	if (nd != NULL && nd->line == 0)
		return _("the item has no line in the file");
	return NULL;
}

/* Whether a file changed between two stats. */
static bool
changed(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec != b->st_mtim.tv_sec || a->st_mtim.tv_nsec != b->st_mtim.tv_nsec ||
	    a->st_size != b->st_size;
}

/* v: the editor ($VISUAL, $EDITOR, else vi) at the item's line of its file. */
void
handoff_edit(struct reader *r)
{
	struct anchor a = view_anchor(r);
	const struct document *d = view_doc(r, a.doc);
	const struct node *nd = a.node != SIZE_MAX ? &d->nodes[a.node] : NULL;
	const char *editor = getenv("VISUAL"), *why;
	char line[32], *argv[7], msg[600];
	struct stat before, after;
	int status;

	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	if ((why = not_editable(d, nd)) != NULL) {
		view_message(r, true, "%s", why);
		return;
	}
	snprintf(line, sizeof line, "+%u", nd != NULL ? nd->line : 1);
	argv[0] = "/bin/sh", argv[1] = "-c", argv[2] = xasprintf("%s \"$@\"", editor);
	argv[3] = (char *)editor, argv[4] = line, argv[5] = d->path, argv[6] = NULL;
	if (stat(d->path, &before) != 0)
		memset(&before, 0, sizeof before);
	status = spawn_run(argv, NULL, 0, false);
	free(argv[2]);
	if (spawn_failed(status, editor, msg, sizeof msg))
		view_message(r, true, "%s", msg);
	else if (stat(d->path, &after) == 0 && changed(&before, &after))
		view_message(r, false, _("%s changed; quit and open it again to read it"), d->path);
}

/* y: the item's text to the clipboard (OSC 52), or why it cannot go there. */
void
handoff_copy(struct reader *r)
{
	struct buf text = { 0 };
	const char *why;

	if (!item_text(r, &text))
		view_message(r, true, "%s", _("no item here to copy"));
	else if ((why = screen_clipboard(text.s, text.len)) != NULL)
		view_message(r, true, _("cannot copy: %s"), why);
	else
		view_message(r, false, ngettext("copied %zu character", "copied %zu characters",
		    utf8_chars(text.s, text.len)), utf8_chars(text.s, text.len));
	buf_free(&text);
}
