/* export_markdown.c: the document as Markdown: its title and fields, each item a heading by its depth, its text, its responsibility quoted. */
#include <string.h>

#include "plan/plan_int.h"

/* Markdown text with the characters that would start markup escaped. */
static void
md_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>#|", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

static void
md_field(struct buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, "- %s：", name);
	md_escape(b, value);
	buf_putc(b, '\n');
}

static void
md_paragraph(struct buf *b, const char *prefix, const char *s)
{
	buf_puts(b, prefix);
	md_escape(b, s);
	buf_puts(b, "\n\n");
}

/* An item: a heading (## at the top, one more # a level down), its text, its responsibility. */
static void
md_item(struct buf *b, const struct document *d, size_t i, bool whole)
{
	const struct node *nd = &d->nodes[i];
	struct strlist paras = { 0 };
	struct buf t = { 0 };
	unsigned level = nd->depth + 2 > 6 ? 6 : nd->depth + 2;

	node_label(&t, nd);
	for (unsigned k = 0; k < level; k++)
		buf_putc(b, '#');
	md_paragraph(b, " ", t.s != NULL ? t.s : "");
	if (!whole) {
		buf_free(&t);
		return;
	}
	text_item_paragraphs(&paras, nd);
	for (size_t k = 0; k < paras.n; k++)
		md_paragraph(b, "", paras.v[k]);
	for (size_t k = 0; k < nd->nresp; k++) {
		buf_truncate(&t, 0);
		text_responsibility(&t, &nd->resp[k]);
		md_paragraph(b, "> ", t.s);
	}
	if (nd->nresp == 0 && nd->end == i + 1)
		buf_puts(b, "> 原文未列明责任单位\n\n");
	strlist_free(&paras);
	buf_free(&t);
}

/* The Markdown; a view has the chosen items under their headings, without the matter. */
void
export_markdown(struct buf *b, const struct document *d, const bool *sel)
{
	struct buf title = { 0 };

	text_title_line(&title, d);
	md_paragraph(b, "# ", title.s != NULL ? title.s : "");
	buf_free(&title);
	md_field(b, "发布单位", d->issuer);
	md_field(b, "发布时间", d->published);
	md_field(b, "分类", d->category);
	md_field(b, "状态", d->status);
	md_field(b, "部分", d->part);
	md_field(b, "文号", d->doc_number);
	buf_putc(b, '\n');
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (nd->kind == NODE_MATTER) {
			if (sel == NULL && node_searchable(nd))
				for (size_t k = 0; k < nd->text.n; k++)
					if (nd->text.v[k][blank_span(nd->text.v[k], strlen(nd->text.v[k]))])
						md_paragraph(b, "", nd->text.v[k] +
						    blank_span(nd->text.v[k], strlen(nd->text.v[k])));
			continue;
		}
		if (export_chosen(d, sel, i))
			md_item(b, d, i, sel == NULL || sel[i]);
	}
	buf_truncate(b, b->len - 1);
}
