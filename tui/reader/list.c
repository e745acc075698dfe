/*
 * list.c: a scrolling list with a cursor, shared by the outline, picker, results and
 * help; and the overlays, which show one of them over the text pane.
 */
#include "reader/reader_int.h"

/* Keep the cursor inside the list and the list scrolled to show it in `rows` rows. */
void
list_clamp(struct list *l, int rows)
{
	size_t h = rows > 0 ? (size_t)rows : 1;

	if (l->n == 0) {
		l->cursor = l->top = 0;
		return;
	}
	if (l->cursor >= l->n)
		l->cursor = l->n - 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + h)
		l->top = l->cursor - h + 1;
	if (l->top + h > l->n)
		l->top = l->n > h ? l->n - h : 0;
}

/* Move the cursor for a navigation key; false if the key is not one. */
bool
list_key(struct list *l, keycode k, int rows)
{
	size_t page = rows > 1 ? (size_t)rows - 1 : 1;

	switch (k) {
	case KEYC_DOWN:
	case 'j':
	case 14: /* C-n */
		if (l->cursor + 1 < l->n)
			l->cursor++;
		break;
	case KEYC_UP:
	case 'k':
	case 16: /* C-p */
		if (l->cursor > 0)
			l->cursor--;
		break;
	case KEYC_NPAGE:
	case ' ':
		l->cursor += page;
		break;
	case KEYC_PPAGE:
	case 'b':
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		break;
	case KEYC_HOME:
	case 'g':
		l->cursor = 0;
		break;
	case KEYC_END:
	case 'G':
		l->cursor = l->n ? l->n - 1 : 0;
		break;
	default:
		return false;
	}
	list_clamp(l, rows);
	return true;
}

/* Draw the visible rows of the list into a window (it scrolls to show the cursor). */
void
list_draw(struct reader *r, struct list *l, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);

	werase(w);
	list_clamp(l, rows);
	for (int y = 0; y < rows && l->top + (size_t)y < l->n; y++)
		l->draw_row(r, l, l->top + (size_t)y, y, cols, l->top + (size_t)y == l->cursor);
}

/*
 * The window the open overlay draws in: the text pane, or for a wide one when the pane is
 * narrower than OVERLAY_MIN_COLS, both panes' place.
 */
WINDOW *
overlay_window(const struct reader *r)
{
	if (r->overlay != NULL && r->overlay->wide && !r->narrow && r->text_cols < OVERLAY_MIN_COLS)
		return r->both;
	return r->text;
}

/* Show an overlay over the text pane, with its state (which overlay_close() frees). */
void
overlay_open(struct reader *r, const struct overlay *o, void *data)
{
	overlay_close(r);
	r->overlay = o;
	r->overlay_data = data;
}

/* Close the overlay, if one is open, freeing its state. */
void
overlay_close(struct reader *r)
{
	const struct overlay *o = r->overlay;

	if (o == NULL)
		return;
	r->overlay = NULL;
	o->free(r->overlay_data);
	r->overlay_data = NULL;
}
