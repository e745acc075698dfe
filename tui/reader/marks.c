/*
 * marks.c: bookmarks: set-mark and goto-mark, each followed by the letter that names the
 * mark; they are kept in the state file (state.c), by item, so that they survive edits.
 */
#include <stdlib.h>

#include "reader/reader_int.h"

/* The letter that names a mark, typed after the action; 0 when cancelled or refused. */
static int
letter(struct reader *r, keycode k)
{
	char *name;
	MEVENT ev;

	if (k == KEYC_MOUSE)
		getmouse(&ev);
	if (keycode_cancels(k) || k == KEYC_MOUSE)
		return 0;
	if ((k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z'))
		return k;
	name = keycode_name(k);
	view_message(r, true, _("%s is not a letter: marks are named a-z and A-Z"), name);
	free(name);
	return 0;
}

static void
set_mark(struct reader *r, keycode k)
{
	int mark = letter(r, k), offset;
	struct buf where = { 0 };
	char *why = NULL, *place;
	size_t at[1], doc;
	const struct document *d;

	if (mark == 0)
		return;
	place = view_place(r, &doc, &offset);
	d = view_doc(r, doc);
	if (*place != '\0' && document_find(d, place, at, 1) == 1)
		buf_puts(&where, d->nodes[at[0]].number);
	else
		buf_puts(&where, _("the beginning"));
	state_open_document(r->state, d); /* each document of several has its own marks */
	state_set_mark(r->state, mark, place, offset);
	free(place);
	if (state_problem(r->state) != NULL) {
		view_message(r, false, _("mark %c set at %s, for this session only: the state file "
		    "could not be read"), mark, where.s);
	} else if (state_save(r->state, &why) == -1) {
		view_message(r, true, _("mark %c set, but not saved: %s"), mark, why);
		free(why);
	} else {
		view_message(r, false, _("mark %c set at %s"), mark, where.s);
	}
	buf_free(&where);
}

/*
 * The document of several whose mark this letter names: the one being read if it has it,
 * else the first that does; the state's accessors are then about it. SIZE_MAX: none.
 */
static size_t
mark_doc(struct reader *r, int mark, const char **place, int *offset)
{
	size_t bi = view_block(r), reading = bi != SIZE_MAX ? r->page.blocks[bi].doc : 0;

	state_open_document(r->state, view_doc(r, reading));
	if (state_mark(r->state, mark, place, offset))
		return reading;
	for (size_t i = 0; i < r->ndocs; i++) {
		state_open_document(r->state, view_doc(r, i));
		if (i != reading && state_mark(r->state, mark, place, offset))
			return i;
	}
	return SIZE_MAX;
}

/* The mark's letter, or ' (or `): back to where the last jump started, as less and vi. */
static void
go_mark(struct reader *r, keycode k)
{
	int mark, offset;
	const char *place;
	struct pos line;
	size_t doc;

	if (k == '\'' || k == '`') {
		view_jump_back(r);
		return;
	}
	if ((mark = letter(r, k)) == 0)
		return;
	if ((doc = mark_doc(r, mark, &place, &offset)) == SIZE_MAX) {
		view_message(r, true, _("mark %c is not set"), mark);
		return;
	}
	if (view_pos_of_place(r, doc, place, offset, true, &line))
		view_jump(r, line);
}

/* set-mark: a bookmark here, named by the letter typed next. */
void
marks_set(struct reader *r)
{
	view_message(r, false, _("%s: press a letter"), _("set mark"));
	r->take_key = set_mark;
}

/* goto-mark: back to the bookmark named by the letter typed next. */
void
marks_go(struct reader *r)
{
	view_message(r, false, _("%s: press a letter, or ' for before the last jump"),
	    _("go to mark"));
	r->take_key = go_mark;
}
