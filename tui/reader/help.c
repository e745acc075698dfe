/* help.c: the help screen, generated from the active key bindings and grouped by topic. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define KEYS_COLUMNS 22

static const char *const topics[] = {
	N_("Moving"), N_("Clauses"), N_("Search"), N_("Departments"), N_("Panes"), N_("Other"),
};

static void
add_line(struct reader *r, char *line)
{
	r->hlines = xgrow(r->hlines, r->nhlines, sizeof *r->hlines);
	r->hlines[r->nhlines++] = line;
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
build_lines(struct reader *r)
{
	const struct keymap *km = r->opt.keymap;

	add_line(r, xstrdup(_("planview keys (q or Escape closes this help)")));
	for (size_t t = 0; t < sizeof topics / sizeof topics[0]; t++) {
		add_line(r, xstrdup(""));
		add_line(r, xstrdup(_(topics[t])));
		for (size_t i = 0; i < km->n + km->nactions; i++) {
			/* in the keymap's order, then the actions it leaves unbound */
			const struct action *a = i < km->n ? km->v[i].action : &km->actions[i - km->n];
			struct buf keys = { 0 }, line = { 0 };
			const char *note;
			size_t w;

			if (strcmp(a->topic, topics[t]) != 0 || listed_before(km, a, i))
				continue;
			keys_of(km, a, &keys, &note);
			buf_printf(&line, "  %s", keys.len ? keys.s : _("(not bound)"));
			for (w = utf8_width(line.s, line.len, false); w < KEYS_COLUMNS; w++)
				buf_putc(&line, ' ');
			buf_printf(&line, " %s", note != NULL ? note : _(a->desc));
			add_line(r, buf_detach(&line));
			buf_free(&keys);
		}
	}
}

static void
draw_row(struct reader *r, struct list *l, size_t i, int y, int cols, bool selected)
{
	const char *line = r->hlines[i];
	attr_t attr = line[0] != ' ' && line[0] != '\0' ? A_BOLD : A_NORMAL;

	(void)l;
	(void)selected;
	draw_str(r->text, y, 1, line, cols - 1, attr);
}

/* Show the help screen. */
void
help_open(struct reader *r)
{
	help_free(r);
	build_lines(r);
	r->hlist = (struct list){ .n = r->nhlines, .draw_row = draw_row };
	r->mode = RMODE_HELP;
}

/* Keys in the help screen: scroll, or leave. */
void
help_key(struct reader *r, keycode k)
{
	size_t rows = r->text_rows > 0 ? (size_t)r->text_rows : 1, top = r->hlist.top, last;
	size_t page = rows > 1 ? rows - 1 : 1;

	if (k == 'q' || k == 27 || k == 3 || k == 'h' || k == KEYC_F(1)) {
		r->mode = RMODE_READ;
		return;
	}
	/* the list follows its cursor: put the cursor on the edge that should come into view */
	last = r->hlist.n != 0 ? r->hlist.n - 1 : 0;
	if (k == 'j' || k == KEYC_DOWN)
		r->hlist.cursor = top + rows < last ? top + rows : last;
	else if (k == 'k' || k == KEYC_UP)
		r->hlist.cursor = top > 0 ? top - 1 : 0;
	else if (k == ' ' || k == 'f' || k == KEYC_NPAGE)
		r->hlist.cursor = top + page + rows - 1 < last ? top + page + rows - 1 : last;
	else if (k == 'b' || k == KEYC_PPAGE)
		r->hlist.cursor = top > page ? top - page : 0;
	else
		list_key(&r->hlist, k, r->text_rows);
	list_clamp(&r->hlist, r->text_rows);
}

/* Free the help lines. */
void
help_free(struct reader *r)
{
	for (size_t i = 0; i < r->nhlines; i++)
		free(r->hlines[i]);
	free(r->hlines);
	r->hlines = NULL;
	r->nhlines = 0;
}
