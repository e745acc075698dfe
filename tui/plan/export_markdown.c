/* export_markdown.c: Markdown, whole or a view. */
#include <stdlib.h>
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
md_clause(struct buf *b, const struct document *d, const struct clause *c)
{
	struct buf t = { 0 };

	text_clause_number(&t, d, c);
	buf_puts(&t, c->title);
	buf_puts(b, "### ");
	md_escape(b, t.s);
	buf_puts(b, "\n\n");
	for (size_t i = 0; i < c->text.n; i++) {
		md_escape(b, c->text.v[i]);
		buf_puts(b, "\n\n");
	}
	for (size_t i = 0; i < c->nresp; i++) {
		buf_truncate(&t, 0);
		text_responsibility(&t, &c->resp[i]);
		buf_puts(b, "> ");
		md_escape(b, t.s);
		buf_puts(b, "\n\n");
	}
	if (c->nresp == 0)
		buf_puts(b, "> 原文未列明责任单位\n\n");
	buf_free(&t);
}

void
export_markdown(struct buf *b, const struct document *d, const bool *sel)
{
	struct buf title = { 0 };

	text_title_line(&title, d);
	buf_puts(b, "# ");
	md_escape(b, title.s);
	buf_puts(b, "\n\n");
	buf_free(&title);
	md_field(b, "发布单位", d->issuer);
	md_field(b, "发布时间", d->published);
	md_field(b, "分类", d->category);
	md_field(b, "状态", d->status);
	md_field(b, "部分", d->part);
	buf_putc(b, '\n');
	for (size_t i = 0; sel == NULL && i < d->preamble.n; i++) {
		md_escape(b, d->preamble.v[i]);
		buf_puts(b, "\n\n");
	}
	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];

		if (!export_chapter_chosen(ch, sel))
			continue;
		buf_printf(b, "## %s、", ch->numeral);
		md_escape(b, ch->title);
		buf_puts(b, "\n\n");
		for (size_t j = ch->first; j < ch->first + ch->count; j++)
			if (export_chosen(sel, j))
				md_clause(b, d, &d->clauses[j]);
	}
	buf_truncate(b, b->len - 1);
}
