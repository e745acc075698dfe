/* export_text.c: the document as the text it was written in, line for line; a view, its chosen items under their headings. */
#include "plan/plan_int.h"

/* Whether a part of the matter is shown above a view: the title and what stands with it. */
static bool
heads_a_view(const struct node *nd)
{
	return nd->kind == NODE_MATTER && (nd->matter == MATTER_TITLE ||
	    nd->matter == MATTER_SUBTITLE || nd->matter == MATTER_BYLINE);
}

/*
 * The text, in UTF-8 (text_encode() gives it back in its own encoding): every line as
 * written. A view has the title lines and the chosen items with the headings above them,
 * and always ends with a line end.
 */
void
export_text(struct buf *b, const struct document *d, const bool *sel)
{
	bool first = true;

	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];
		bool whole = sel == NULL || (nd->kind != NODE_MATTER && sel[i]);

		if (sel != NULL && !whole && !heads_a_view(nd) && !export_chosen(d, sel, i))
			continue;
		if (nd->kind == NODE_ITEM && nd->heading != NULL)
			text_line(b, d, &first, nd->heading);
		for (size_t k = 0; (whole || nd->kind == NODE_MATTER) && k < nd->text.n; k++)
			if (sel == NULL || nd->text.v[k][0] != '\0')
				text_line(b, d, &first, nd->text.v[k]);
	}
	if ((d->src.final_newline && sel == NULL) || (sel != NULL && !first))
		buf_puts(b, d->src.crlf ? "\r\n" : "\n");
}
