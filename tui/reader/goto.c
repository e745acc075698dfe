/*
 * goto.c: goto-clause: a prompt for a clause number (23, 二十三, (二十三)), with its history;
 * vi's :q, :q!, :wq, :x and :quit quit, as the hand that types them after : expects.
 */
#include <string.h>

#include "reader/reader_int.h"

/* Whether the text typed is one of vi's ways to quit. */
static bool
is_quit(const char *text)
{
	static const char *const quits[] = { "q", "q!", "qa", "quit", "wq", "x" };

	for (size_t i = 0; i < sizeof quits / sizeof quits[0]; i++)
		if (strcmp(text, quits[i]) == 0)
			return true;
	return false;
}

static struct need
done(struct reader *r, const char *text, bool submit, void *data)
{
	(void)data;
	if (submit && is_quit(text))
		r->quit = true;
	else if (submit && *text != '\0') {
		strlist_add(&r->goto_history, text);
		view_goto(r, text);
	}
	return NO_NEED;
}

static const struct prompt_cb goto_prompt = { NULL, done, NULL };

/* Ask for a clause and go to it. */
void
goto_open(struct reader *r)
{
	prompt_open(r, _("Go to clause: "), &r->goto_history, &goto_prompt, NULL);
}
