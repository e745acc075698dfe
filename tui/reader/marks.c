/* marks.c: bookmarks, and the place and searches kept between sessions. */
#include <stdlib.h>

#include "reader/reader_int.h"

/* Read the letter that names a mark; 0 when cancelled or refused (with a message). */
static int
mark_letter(struct reader *r, const char *what)
{
	keycode k;
	char *name;
	MEVENT ev;

	reader_message(r, false, _("%s: press a letter"), what);
	k = wait_key(r);
	r->message[0] = '\0';
	if (k == KEYC_MOUSE)
		getmouse(&ev);
	if (k == -1 || k == 27 || k == 7 || k == 3 || k == KEYC_MOUSE)
		return 0;
	if ((k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z'))
		return k;
	name = keycode_name(k);
	reader_message(r, true, _("%s is not a letter: marks are named a-z and A-Z"), name);
	free(name);
	return 0;
}

/* set-mark: a bookmark here, named by the letter typed next. */
void
act_set_mark(struct reader *r)
{
	int letter = mark_letter(r, _("set mark")), number, offset;
	const struct clause *c;
	struct buf where = { 0 };
	char *why = NULL;

	if (letter == 0)
		return;
	place_of_top(r, &number, &offset);
	if ((c = document_find_clause(r->doc, number)) != NULL)
		text_clause_number(&where, r->doc, c);
	else
		buf_puts(&where, _("the beginning"));
	state_set_mark(r->state, letter, number, offset);
	if (state_problem(r->state) != NULL) {
		reader_message(r, false, _("mark %c set at %s, for this session only: the state file "
		    "could not be read"), letter, where.s);
	} else if (state_save(r->state, &why) == -1) {
		reader_message(r, true, _("mark %c set, but not saved: %s"), letter, why);
		free(why);
	} else {
		reader_message(r, false, _("mark %c set at %s"), letter, where.s);
	}
	buf_free(&where);
}

/* goto-mark: back to the bookmark named by the letter typed next. */
void
act_goto_mark(struct reader *r)
{
	int letter = mark_letter(r, _("go to mark")), number, offset;
	struct pos line;

	if (letter == 0)
		return;
	if (!state_mark(r->state, letter, &number, &offset)) {
		reader_message(r, true, _("mark %c is not set"), letter);
		return;
	}
	if (pos_of_place(r, number, offset, true, &line))
		reader_jump(r, line);
}

/* Load the state file, go back to where this document was left, and take its searches. */
void
state_start(struct reader *r)
{
	struct diags d = { 0 };
	char *file = state_file();
	const struct strlist *h;
	int number, offset;
	struct pos line;

	r->state = state_load(file, &d);
	free(file);
	diags_free(&d);
	state_open_document(r->state, r->doc);
	if (state_position(r->state, &number, &offset)) {
		if (pos_of_place(r, number, offset, false, &line))
			set_top(r, line);
		else if (first_doc_loading(r)) /* not loaded yet: see resume_when_loaded() */
			r->resume_number = number, r->resume_offset = offset;
	}
	h = state_searches(r->state);
	for (size_t i = 0; i < h->n; i++)
		strlist_add(&r->search_history, h->v[i]);
	r->searches_loaded = h->n;
	if (state_problem(r->state) != NULL && r->message[0] == '\0')
		reader_message(r, true, _("%s; nothing is saved this session"),
		    state_problem(r->state));
}

/* Save the reading position and the new searches; what cannot be saved is said on stderr. */
void
state_finish(struct reader *r)
{
	int number, offset;
	char *why = NULL;

	place_of_top(r, &number, &offset);
	state_set_position(r->state, number, offset);
	for (size_t i = r->searches_loaded; i < r->search_history.n; i++)
		state_add_search(r->state, r->search_history.v[i]);
	if (state_save(r->state, &why) == -1) {
		fprintf(stderr, _("%s: warning: "), progname);
		fputs_safe(why, stderr, true);
		fputc('\n', stderr);
		free(why);
	}
	state_free(r->state);
	r->state = NULL;
}
