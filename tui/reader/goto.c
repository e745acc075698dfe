/* goto.c: goto-clause: a prompt for a clause number (23, 二十三, (二十三)), with its history. */
#include "reader/reader_int.h"

static struct need
done(struct reader *r, const char *text, bool submit, void *data)
{
	(void)data;
	if (submit && *text != '\0') {
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
