/* help.c: the help screen, an overlay: the bindings in effect and every action, by topic. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define KEYS_COLUMNS 22 /* the description column: after the keys, or under it when wrapped */
#define DESC_MIN_COLS 20 /* narrower than this beside the keys, a description goes under them */

/* What the help says, before it is wrapped: a heading, or an action's keys and description. */
struct entry {
	char *keys; /* NULL: a heading (or a blank line when text is empty) */
	char *text;
};

/* A line on the screen: bytes of an entry's text, after an indent (and the keys). */
struct help_line {
	size_t entry;
	size_t start, end; /* in the entry's text */
	bool first;        /* the entry's first line: the keys begin it */
	int indent;        /* the columns before the text */
};

struct help {
	struct entry *entries;
	size_t nentries;
	struct help_line *lines;
	size_t n;
	int cols; /* the width the lines were wrapped to; 0: not yet */
	struct list list;
};

static const char *const topics[] = {
	N_("Moving"), N_("Clauses"), N_("Search"), N_("Departments"), N_("Panes"), N_("Other"),
};

static void
add_entry(struct help *h, char *keys, char *text)
{
	h->entries = xgrow(h->entries, h->nentries, sizeof *h->entries);
	h->entries[h->nentries++] = (struct entry){ keys, text };
}

/* "j, Down" and the note of the first binding that has one. */
static void
keys_of(const struct keymap *km, const struct action *a, struct buf *keys, const char **note)
{
	*note = NULL;
	for (size_t i = 0; i < km->n; i++) {
		char *name;

		if (km->v[i].action != a)
			continue;
		name = binding_name(&km->v[i]);
		buf_printf(keys, "%s%s", keys->len ? ", " : "", name);
		free(name);
		if (*note == NULL)
			*note = km->v[i].note;
	}
}

/* Whether a, at position i of the keymap-then-actions walk, was listed earlier. */
static bool
listed_before(const struct keymap *km, const struct action *a, size_t i)
{
	for (size_t j = 0; j < i && j < km->n; j++)
		if (km->v[j].action == a)
			return true;
	return false;
}

static void
build_entries(struct help *h, const struct keymap *km)
{
	add_entry(h, NULL, xstrdup(_("planview keys (q or Escape closes this help)")));
	for (size_t t = 0; t < sizeof topics / sizeof topics[0]; t++) {
		add_entry(h, NULL, xstrdup(""));
		add_entry(h, NULL, xstrdup(_(topics[t])));
		for (size_t i = 0; i < km->n + km->nactions; i++) {
			/* in the keymap's order, then the actions it leaves unbound */
			const struct action *a = i < km->n ? km->v[i].action : &km->actions[i - km->n];
			struct buf keys = { 0 }, line = { 0 };
			const char *note;

			if (strcmp(a->topic, topics[t]) != 0 || listed_before(km, a, i))
				continue;
			keys_of(km, a, &keys, &note);
			buf_printf(&line, "  %s", keys.len ? keys.s : _("(not bound)"));
			add_entry(h, buf_detach(&line), xstrdup(note != NULL ? note : _(a->desc)));
			buf_free(&keys);
		}
	}
}

static void
add_line(struct help *h, struct help_line l)
{
	h->lines = xgrow(h->lines, h->n, sizeof *h->lines);
	h->lines[h->n++] = l;
}

/*
 * An entry's lines in width columns: the keys, then the description from the description
 * column on, wrapped with its continuations under that column; when the keys pass it or
 * the description would have too few columns, the keys alone and the description below.
 */
static void
wrap_entry(struct help *h, size_t e, int width, bool amb)
{
	const struct entry *en = &h->entries[e];
	int keys_w = en->keys != NULL ? (int)utf8_width(en->keys, strlen(en->keys), amb) : 0;
	int col = en->keys != NULL ? KEYS_COLUMNS + 1 : 0, first;
	struct wrapline *wl;
	size_t n, len = strlen(en->text);
	bool under = en->keys != NULL && (keys_w >= KEYS_COLUMNS + 1 || width - col < DESC_MIN_COLS);

	if (under) {
		add_line(h, (struct help_line){ e, 0, 0, true, 0 });
		col = width - col >= DESC_MIN_COLS ? col : 4; /* too narrow beside: indented less */
	}
	first = col;
	n = layout_wrap(en->text, len, width, first, col, amb, &wl);
	for (size_t i = 0; i < n; i++) {
		size_t start = wl[i].start;

		while (i > 0 && start < wl[i].end && en->text[start] == ' ')
			start++; /* a continuation starts at its word */
		add_line(h, (struct help_line){ e, start, wl[i].end, i == 0 && !under, col });
	}
	free(wl);
}

/* The lines for a width, the one at the top kept at the top. */
static void
wrap_lines(struct help *h, int width, bool amb)
{
	size_t top_entry = h->n != 0 ? h->lines[h->list.top].entry : 0;

	h->n = 0;
	for (size_t e = 0; e < h->nentries; e++) {
		if (e == top_entry)
			h->list.top = h->list.cursor = h->n;
		wrap_entry(h, e, width > 1 ? width : 1, amb);
	}
	h->cols = width;
	h->list.n = h->n;
}

static void
draw_row(struct reader *r, const struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct help *h = l->data;
	const struct help_line *hl = &h->lines[i];
	const struct entry *en = &h->entries[hl->entry];
	attr_t attr = en->keys == NULL ? A_BOLD : A_NORMAL;
	WINDOW *w = overlay_window(r);
	char *text = xstrndup(en->text + hl->start, hl->end - hl->start);

	(void)selected;
	if (hl->first && en->keys != NULL)
		screen_puts(r, w, y, 1, en->keys, cols - 1, attr);
	if (hl->end > hl->start)
		screen_puts(r, w, y, 1 + hl->indent, text, cols - 1 - hl->indent, attr);
	free(text);
}

static void
draw(struct reader *r, void *data)
{
	struct help *h = data;
	WINDOW *w = overlay_window(r);

	if (getmaxx(w) - 1 != h->cols)
		wrap_lines(h, getmaxx(w) - 1, r->opt.ambiguous_wide);
	list_draw(r, &h->list, w);
}

/* Keys in the help screen: scroll, or leave. */
static struct need
key(struct reader *r, keycode k, void *data)
{
	struct help *h = data;
	size_t rows = r->text_rows > 0 ? (size_t)r->text_rows : 1, top = h->list.top, last;
	size_t page = rows > 1 ? rows - 1 : 1;

	if (k == 'q' || k == 'h' || k == KEYC_F(1) || keycode_cancels(k)) {
		overlay_close(r);
		return NO_NEED;
	}
	/* the list follows its cursor: put the cursor on the edge that should come into view */
	last = h->list.n != 0 ? h->list.n - 1 : 0;
	if (k == 'j' || k == KEYC_DOWN)
		h->list.cursor = top + rows < last ? top + rows : last;
	else if (k == 'k' || k == KEYC_UP)
		h->list.cursor = top > 0 ? top - 1 : 0;
	else if (k == ' ' || k == 'f' || k == KEYC_NPAGE)
		h->list.cursor = top + page + rows - 1 < last ? top + page + rows - 1 : last;
	else if (k == 'b' || k == KEYC_PPAGE)
		h->list.cursor = top > page ? top - page : 0;
	else
		list_key(&h->list, k, r->text_rows);
	list_clamp(&h->list, r->text_rows);
	return NO_NEED;
}

static void
free_help(void *data)
{
	struct help *h = data;

	for (size_t i = 0; i < h->nentries; i++) {
		free(h->entries[i].keys);
		free(h->entries[i].text);
	}
	free(h->entries);
	free(h->lines);
	free(h);
}

/* Over both panes when the text pane is too narrow for it. */
static const struct overlay help_overlay = { draw, key, free_help, NULL, true };

/* Show the help screen. */
void
help_open(struct reader *r)
{
	struct help *h = xcalloc(1, sizeof *h);

	build_entries(h, r->opt.keymap);
	h->list = (struct list){ .n = 0, .draw_row = draw_row, .data = h };
	overlay_open(r, &help_overlay, h);
}
