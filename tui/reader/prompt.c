/*
 * prompt.c: the one-line editor on the message line. It knows nothing of who opened it:
 * the opener gives a prefix, a history, and callbacks for what is typed (struct
 * prompt_cb), as tmux's status_prompt_set() takes them.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader_int.h"

/*
 * Open the prompt: prefix (borrowed) is shown before the text; history (may be NULL) is
 * browsed with Up and Down; cb says what to do as the text changes and when it is done,
 * and is called with data.
 */
void
prompt_open(struct reader *r, const char *prefix, struct strlist *history,
    const struct prompt_cb *cb, void *data)
{
	wchar_t *text = r->prompt.text;

	memset(&r->prompt, 0, sizeof r->prompt);
	r->prompt.text = text;
	r->prompt.active = true;
	r->prompt.prefix = prefix;
	r->prompt.history = history;
	r->prompt.hist_pos = history != NULL ? history->n : 0;
	r->prompt.cb = cb;
	r->prompt.data = data;
	r->message[0] = '\0';
}

/* Close the prompt without calling its done callback (one of its callbacks decided). */
void
prompt_close(struct reader *r)
{
	r->prompt.active = false;
}

/* Free the prompt's text, when the reader ends. */
void
prompt_free(struct reader *r)
{
	free(r->prompt.text);
	r->prompt.text = NULL;
	r->prompt.len = r->prompt.cursor = 0;
}

/* One more character at the end of the text; it grows as needed (a path has no length cap). */
static void
append(struct prompt *p, wchar_t wc)
{
	p->text = xgrow(p->text, p->len, sizeof *p->text);
	p->text[p->len++] = wc;
}

/* What was typed, as UTF-8. */
static char *
text_of(const struct reader *r)
{
	struct buf b = { 0 };
	char utf[4];

	for (size_t i = 0; i < r->prompt.len; i++)
		buf_add(&b, utf, utf8_encode((uint32_t)r->prompt.text[i], utf));
	return buf_detach(&b);
}

/* Put s in the prompt as if typed, the cursor at its end. */
void
prompt_set_text(struct reader *r, const char *s)
{
	size_t i = 0, len = strlen(s);
	uint32_t cp;

	r->prompt.len = 0;
	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		append(&r->prompt, (wchar_t)cp);
	}
	r->prompt.cursor = r->prompt.len;
}

/*
 * A character as the prompt shows it: itself, or for a control, bidi or invisible one (a
 * history's pattern may hold one) its escape, as everywhere else (^[, <U+202E>).
 */
static void
shown(struct buf *b, wchar_t wc)
{
	char utf[4];

	buf_truncate(b, 0);
	if (cp_is_unsafe((uint32_t)wc))
		utf8_escape_cp(b, (uint32_t)wc);
	else
		buf_add(b, utf, utf8_encode((uint32_t)wc, utf));
}

/* The columns the prompt's characters [0, n) take as shown. */
static int
shown_width(const struct prompt *p, size_t n, struct buf *b)
{
	int w = 0;

	for (size_t i = 0; i < n; i++) {
		shown(b, p->text[i]);
		w += (int)utf8_width(b->s, b->len, false);
	}
	return w;
}

/* Draw the prompt in the message line, scrolled so that the cursor shows. */
void
prompt_draw(struct reader *r)
{
	int cols = getmaxx(r->cmd), pw, x, cx, skip = 0, w;
	struct buf b = { 0 };

	werase(r->cmd);
	pw = screen_puts(r, r->cmd, 0, 0, r->prompt.prefix, cols, A_BOLD);
	cx = shown_width(&r->prompt, r->prompt.cursor, &b);
	if (pw + cx >= cols)
		skip = pw + cx - cols + 1;
	x = pw;
	for (size_t i = 0; i < r->prompt.len; i++) {
		shown(&b, r->prompt.text[i]);
		w = (int)utf8_width(b.s, b.len, false);
		if (skip > 0) {
			skip -= w;
			cx -= w;
			continue;
		}
		if (x + w > cols)
			break;
		x += screen_puts(r, r->cmd, 0, x, b.s, w, A_NORMAL);
	}
	wmove(r->cmd, 0, pw + cx < cols ? pw + cx : cols - 1);
	buf_free(&b);
}

static void
changed(struct reader *r)
{
	char *text;

	if (r->prompt.cb->changed == NULL)
		return;
	text = text_of(r);
	r->prompt.cb->changed(r, text, r->prompt.data);
	free(text);
}

/* Enter (submit) or Escape: the prompt closes, then its opener is told (it may open another). */
static struct need
finish(struct reader *r, bool submit)
{
	const struct prompt_cb *cb = r->prompt.cb;
	void *data = r->prompt.data;
	char *text = text_of(r);
	struct need n;

	prompt_close(r);
	n = cb->done(r, text, submit, data);
	free(text);
	return n;
}

static void
history_move(struct reader *r, int dir)
{
	struct strlist *h = r->prompt.history;

	if (h == NULL || (dir < 0 ? r->prompt.hist_pos == 0 : r->prompt.hist_pos >= h->n))
		return;
	r->prompt.hist_pos += (size_t)dir;
	prompt_set_text(r, r->prompt.hist_pos < h->n ? h->v[r->prompt.hist_pos] : "");
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

	if (cp_is_unsafe((uint32_t)wc))
		return;
	append(p, wc); /* room for one more, then moved to the cursor */
	memmove(p->text + p->cursor + 1, p->text + p->cursor,
	    (p->len - 1 - p->cursor) * sizeof p->text[0]);
	p->text[p->cursor++] = wc;
	changed(r);
}

/* Edit the prompt with a key: Enter submits, a cancel key cancels; what the opener needs then. */
struct need
prompt_key(struct reader *r, keycode k)
{
	struct prompt *p = &r->prompt;
	size_t w;

	if (keycode_cancels(k))
		return finish(r, false);
	switch (k) {
	case '\r':
		return finish(r, true);
	case KEYC_BACKSPACE:
		if (p->len == 0)
			return finish(r, false);
		if (p->cursor > 0)
			delete_range(r, p->cursor - 1, p->cursor);
		return NO_NEED;
	case KEYC_DC:
	case 4: /* C-d */
		if (p->cursor < p->len)
			delete_range(r, p->cursor, p->cursor + 1);
		return NO_NEED;
	case KEYC_LEFT:
	case 2: /* C-b */
		p->cursor -= p->cursor > 0;
		return NO_NEED;
	case KEYC_RIGHT:
	case 6: /* C-f */
		p->cursor += p->cursor < p->len;
		return NO_NEED;
	case KEYC_HOME:
	case 1: /* C-a */
		p->cursor = 0;
		return NO_NEED;
	case KEYC_END:
	case 5: /* C-e */
		p->cursor = p->len;
		return NO_NEED;
	case 21: /* C-u */
		delete_range(r, 0, p->cursor);
		return NO_NEED;
	case 23: /* C-w */
		for (w = p->cursor; w > 0 && p->text[w - 1] == ' '; w--)
			;
		while (w > 0 && p->text[w - 1] != ' ')
			w--;
		delete_range(r, w, p->cursor);
		return NO_NEED;
	}
	if (p->cb->key != NULL && p->cb->key(r, k, p->data))
		return NO_NEED;
	if (k == KEYC_UP || k == 16)
		history_move(r, -1);
	else if (k == KEYC_DOWN || k == 14)
		history_move(r, 1);
	else if (k >= 32 && k < KEYC_FKEY)
		insert(r, (wchar_t)k);
	return NO_NEED;
}
