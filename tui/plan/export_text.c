/* export_text.c: the source text, whole or a view. */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

/* The source text; a view always ends with a newline, whatever the source did. */
void
export_text(struct buf *b, const struct document *d, const bool *sel)
{
	struct strlist paras = { 0 };

	text_heading_paragraphs(&paras, d, sel == NULL);
	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];
		struct buf h = { 0 };

		if (!export_chapter_chosen(ch, sel))
			continue;
		text_chapter_heading(&h, d, ch);
		strlist_add_owned(&paras, buf_detach(&h));
		for (size_t j = ch->first; j < ch->first + ch->count; j++)
			if (export_chosen(sel, j))
				text_clause_paragraphs(&paras, d, &d->clauses[j]);
	}
	strlist_join(b, &paras, "\n\n");
	if (d->final_newline || sel != NULL)
		buf_putc(b, '\n');
	strlist_free(&paras);
}
