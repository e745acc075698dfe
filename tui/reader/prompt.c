/* prompt.c: the one-line editor for searches, clause numbers and the department picker. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

/* Open the prompt; history (may be NULL) is browsed with Up and Down. */
void
prompt_start(struct reader *r, enum prompt_kind kind, struct strlist *history)
{
	memset(&r->prompt, 0, sizeof r->prompt);
	r->prompt.kind = kind;
	r->prompt.history = history;
	r->prompt.hist_pos = history != NULL ? history->n : 0;
	r->mode = kind == PROMPT_FILTER ? RMODE_PICKER : RMODE_PROMPT;
	r->message[0] = '\0';
}

/* What was typed, as UTF-8. */
char *
prompt_text(const struct reader *r)
{
	struct buf b = { 0 };
	char utf[4];

	for (size_t i = 0; i < r->prompt.len; i++)
		buf_add(&b, utf, utf8_encode((uint32_t)r->prompt.text[i], utf));
	return buf_detach(&b);
}

static void
set_text(struct reader *r, const char *s)
{
	size_t i = 0, len = strlen(s);
	uint32_t cp;

	r->prompt.len = 0;
	while (i < len && r->prompt.len < sizeof r->prompt.text / sizeof r->prompt.text[0] - 1) {
		i += utf8_decode(s + i, len - i, &cp);
		r->prompt.text[r->prompt.len++] = (wchar_t)cp;
	}
	r->prompt.cursor = r->prompt.len;
}

static const char *
prefix(const struct reader *r)
{
	switch (r->prompt.kind) {
	case PROMPT_SEARCH:
		return r->backward ? "?" : "/";
	case PROMPT_GOTO:
		return _("Go to clause: ");
	case PROMPT_FILTER:
		return _("Department: ");
	case PROMPT_SAVE:
		return _("Save view to: ");
	case PROMPT_OVERWRITE:
		return _("File exists; overwrite? (y/n) ");
	}
	return "";
}

/* Draw the prompt in the message line, scrolled so that the cursor shows. */
void
prompt_draw(struct reader *r)
{
	int cols = getmaxx(r->cmd), pw, x, cx = 0, skip = 0, w;

	werase(r->cmd);
	pw = draw_str(r->cmd, 0, 0, prefix(r), cols, A_BOLD);
	for (size_t i = 0; i < r->prompt.cursor; i++)
		cx += cp_width((uint32_t)r->prompt.text[i], false);
	if (pw + cx >= cols)
		skip = pw + cx - cols + 1;
	x = pw;
	for (size_t i = 0; i < r->prompt.len; i++) {
		wchar_t wc[2] = { r->prompt.text[i], 0 };
		cchar_t cc;

		w = cp_width((uint32_t)wc[0], false);
		if (skip > 0) {
			skip -= w;
			cx -= w;
			continue;
		}
		if (x + w > cols)
			break;
		setcchar(&cc, wc, A_NORMAL, 0, NULL);
		mvwadd_wch(r->cmd, 0, x, &cc);
		x += w;
	}
	wmove(r->cmd, 0, pw + cx < cols ? pw + cx : cols - 1);
}

static void
changed(struct reader *r)
{
	if (r->prompt.kind == PROMPT_SEARCH)
		find_update(r);
	else if (r->prompt.kind == PROMPT_FILTER)
		picker_update(r);
	else if (r->prompt.kind == PROMPT_OVERWRITE)
		save_answer(r);
}

static void
finish(struct reader *r, bool submit)
{
	char *text = prompt_text(r);

	r->mode = RMODE_READ;
	switch (r->prompt.kind) {
	case PROMPT_SEARCH:
		find_finish(r, submit);
		break;
	case PROMPT_GOTO:
		if (submit && *text != '\0') {
			strlist_add(&r->goto_history, text);
			reader_goto(r, text);
		}
		break;
	case PROMPT_FILTER:
		if (submit)
			picker_apply(r);
		break;
	case PROMPT_SAVE:
	case PROMPT_OVERWRITE:
		save_finish(r, submit);
		break;
	}
	free(text);
}

static void
history_move(struct reader *r, int dir)
{
	struct strlist *h = r->prompt.history;

	if (h == NULL || (dir < 0 ? r->prompt.hist_pos == 0 : r->prompt.hist_pos >= h->n))
		return;
	r->prompt.hist_pos += (size_t)dir;
	set_text(r, r->prompt.hist_pos < h->n ? h->v[r->prompt.hist_pos] : "");
	changed(r);
}

static void
delete_range(struct reader *r, size_t from, size_t to)
{
	memmove(r->prompt.text + from, r->prompt.text + to,
	    (r->prompt.len - to) * sizeof r->prompt.text[0]);
	r->prompt.len -= to - from;
	r->prompt.cursor = from;
	changed(r);
}

static void
insert(struct reader *r, wchar_t wc)
{
	struct prompt *p = &r->prompt;

	if (p->len + 1 >= sizeof p->text / sizeof p->text[0] || cp_is_unsafe((uint32_t)wc))
		return;
	memmove(p->text + p->cursor + 1, p->text + p->cursor,
	    (p->len - p->cursor) * sizeof p->text[0]);
	p->text[p->cursor++] = wc;
	p->len++;
	changed(r);
}

/* Edit the prompt with a key: Enter submits, Escape or C-g cancels. */
void
prompt_key(struct reader *r, keycode k)
{
	struct prompt *p = &r->prompt;
	size_t w;

	switch (k) {
	case '\r':
		finish(r, true);
		return;
	case 27:
	case 7: /* C-g */
	case 3: /* C-c */
		finish(r, false);
		return;
	case KEYC_BACKSPACE:
		if (p->len == 0)
			finish(r, false);
		else if (p->cursor > 0)
			delete_range(r, p->cursor - 1, p->cursor);
		return;
	case KEYC_DC:
	case 4: /* C-d */
		if (p->cursor < p->len)
			delete_range(r, p->cursor, p->cursor + 1);
		return;
	case KEYC_LEFT:
	case 2: /* C-b */
		p->cursor -= p->cursor > 0;
		return;
	case KEYC_RIGHT:
	case 6: /* C-f */
		p->cursor += p->cursor < p->len;
		return;
	case KEYC_HOME:
	case 1: /* C-a */
		p->cursor = 0;
		return;
	case KEYC_END:
	case 5: /* C-e */
		p->cursor = p->len;
		return;
	case 21: /* C-u */
		delete_range(r, 0, p->cursor);
		return;
	case 23: /* C-w */
		for (w = p->cursor; w > 0 && p->text[w - 1] == ' '; w--)
			;
		while (w > 0 && p->text[w - 1] != ' ')
			w--;
		delete_range(r, w, p->cursor);
		return;
	}
	if (p->kind == PROMPT_FILTER && (k == KEYC_UP || k == KEYC_DOWN ||
	    k == KEYC_NPAGE || k == KEYC_PPAGE)) {
		list_key(&r->plist, k, getmaxy(r->text));
		return;
	}
	if (k == KEYC_UP || k == 16) {
		history_move(r, -1);
		return;
	}
	if (k == KEYC_DOWN || k == 14) {
		history_move(r, 1);
		return;
	}
	if (k >= 32 && k < KEYC_FKEY)
		insert(r, (wchar_t)k);
}
