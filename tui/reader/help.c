/* help.c: the help screen, an overlay: the bindings in effect and every action, by topic. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

#define KEYS_COLUMNS 22

struct help {
	char **lines;
	size_t n;
	struct list list;
};

static const char *const topics[] = {
	N_("Moving"), N_("Clauses"), N_("Search"), N_("Departments"), N_("Panes"), N_("Other"),
};

static void
add_line(struct help *h, char *line)
{
	h->lines = xgrow(h->lines, h->n, sizeof *h->lines);
	h->lines[h->n++] = line;
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
build_lines(struct help *h, const struct keymap *km)
{
	add_line(h, xstrdup(_("planview keys (q or Escape closes this help)")));
	for (size_t t = 0; t < sizeof topics / sizeof topics[0]; t++) {
		add_line(h, xstrdup(""));
		add_line(h, xstrdup(_(topics[t])));
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
			add_line(h, buf_detach(&line));
			buf_free(&keys);
		}
	}
}

static void
draw_row(struct reader *r, const struct list *l, size_t i, int y, int cols, bool selected)
{
	const struct help *h = l->data;
	const char *line = h->lines[i];
	attr_t attr = line[0] != ' ' && line[0] != '\0' ? A_BOLD : A_NORMAL;

	(void)selected;
	screen_puts(r, r->text, y, 1, line, cols - 1, attr);
}

static void
draw(struct reader *r, void *data)
{
	list_draw(r, &((struct help *)data)->list, r->text);
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

	for (size_t i = 0; i < h->n; i++)
		free(h->lines[i]);
	free(h->lines);
	free(h);
}

static const struct overlay help_overlay = { draw, key, free_help, NULL };

/* Show the help screen. */
void
help_open(struct reader *r)
{
	struct help *h = xcalloc(1, sizeof *h);

	build_lines(h, r->opt.keymap);
	h->list = (struct list){ .n = h->n, .draw_row = draw_row, .data = h };
	overlay_open(r, &help_overlay, h);
}
