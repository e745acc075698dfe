/*
 * text.c: the canonical text pieces: a document's parts as its source prints them (clause
 * numbers, chapter headings, attributions, the title line, whole clauses), and a
 * responsibility as the reader and the queries show it. Every output format builds on them.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

struct punct {
	const char *open, *close, *comma, *colon;
};

static const struct punct puncts[] = {
	[PUNCT_FULLWIDTH] = { "（", "）", "，", "：" },
	[PUNCT_HALFWIDTH] = { "(", ")", ",", ":" },
};

/* A clause number as printed in the document: (十五). */
void
text_clause_number(struct buf *b, const struct document *d, const struct clause *c)
{
	buf_printf(b, "%s%s%s", puncts[d->punct].open, c->numeral, puncts[d->punct].close);
}

/* A chapter heading as printed: 五、优化区域互助机制. */
void
text_chapter_heading(struct buf *b, const struct document *d, const struct chapter *ch)
{
	(void)d;
	buf_printf(b, "%s、%s", ch->numeral, ch->title);
}

/* An attribution as printed: (市财政局牵头负责,市相关部门配合). */
void
text_attribution(struct buf *b, const struct document *d, const struct attribution *a)
{
	const struct punct *p = &puncts[d->punct];

	buf_puts(b, p->open);
	strlist_join(b, &a->lead, "、");
	if (a->by_division)
		buf_puts(b, "按职责分工");
	buf_puts(b, "牵头负责");
	if (a->cooperate.n != 0) {
		buf_puts(b, p->comma);
		strlist_join(b, &a->cooperate, "、");
		buf_puts(b, "配合");
	}
	buf_puts(b, p->close);
}

/* An attribution for readers: 牵头：A、B（按职责分工）；配合：C, a missing lead said so. */
void
text_responsibility(struct buf *b, const struct attribution *a)
{
	buf_puts(b, "牵头：");
	if (a->lead.n == 0)
		buf_puts(b, "（原文缺失）");
	strlist_join(b, &a->lead, "、");
	if (a->by_division)
		buf_puts(b, "（按职责分工）");
	if (a->cooperate.n != 0) {
		buf_puts(b, "；配合：");
		strlist_join(b, &a->cooperate, "、");
	}
}

/* Append the paragraphs of a clause, as in the source. */
void
text_clause_paragraphs(struct strlist *out, const struct document *d, const struct clause *c)
{
	struct buf b = { 0 };

	text_clause_number(&b, d, c);
	buf_puts(&b, c->title);
	if (c->title_alone) {
		strlist_add_owned(out, buf_detach(&b));
		for (size_t i = 0; i < c->text.n; i++)
			strlist_add(out, c->text.v[i]);
	} else {
		buf_puts(&b, "。");
		if (c->text.n != 0)
			buf_puts(&b, c->text.v[0]);
		strlist_add_owned(out, buf_detach(&b));
		for (size_t i = 1; i < c->text.n; i++)
			strlist_add(out, c->text.v[i]);
	}
	for (size_t i = 0; i < c->nresp; i++) {
		const struct attribution *a = &c->resp[i];

		if (a->own_line) {
			text_attribution(&b, d, a);
			strlist_add_owned(out, buf_detach(&b));
		} else {
			buf_puts(&b, out->v[out->n - 1]);
			text_attribution(&b, d, a);
			free(out->v[out->n - 1]);
			out->v[out->n - 1] = buf_detach(&b);
		}
	}
}

static void
date_text(struct buf *b, const char *published)
{
	buf_printf(b, "%.4s年%d月%d日", published, atoi(published + 5), atoi(published + 8));
	if (strlen(published) > 10)
		buf_puts(b, published + 11);
}

/* The title line as printed: title(status)(part). */
void
text_title_line(struct buf *b, const struct document *d)
{
	const struct punct *p = &puncts[d->punct];

	if (d->title != NULL) /* unknown while a document whose title comes last loads */
		buf_puts(b, d->title);
	if (d->status != NULL)
		buf_printf(b, "%s%s%s", p->open, d->status, p->close);
	if (d->part != NULL)
		buf_printf(b, "%s%s%s", p->open, d->part, p->close);
}

/* The heading paragraphs: title line, byline and, with the preamble, the preamble. */
void
text_heading_paragraphs(struct strlist *out, const struct document *d, bool preamble)
{
	const struct punct *p = &puncts[d->punct];
	struct buf b = { 0 };

	text_title_line(&b, d);
	strlist_add_owned(out, buf_detach(&b));
	if (d->issuer != NULL || d->published != NULL || d->category != NULL) {
		if (d->issuer != NULL)
			buf_puts(&b, d->issuer);
		if (d->published != NULL)
			date_text(&b, d->published);
		if (d->category != NULL)
			buf_printf(&b, "分类%s%s", p->colon, d->category);
		strlist_add_owned(out, buf_detach(&b));
	}
	for (size_t i = 0; preamble && i < d->preamble.n; i++)
		strlist_add(out, d->preamble.v[i]);
}

/* One clause as in the source text, ending with a newline. */
void
text_clause(struct buf *b, const struct document *d, const struct clause *c)
{
	struct strlist paras = { 0 };

	text_clause_paragraphs(&paras, d, c);
	strlist_join(b, &paras, "\n\n");
	buf_putc(b, '\n');
	strlist_free(&paras);
}
