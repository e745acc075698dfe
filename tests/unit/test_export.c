/* test_export.c: the model written back as source text. */
#include <stdlib.h>

#include "tap.h"

static struct document *
tiny(void)
{
	struct document *d = document_create();
	struct chapter *ch;
	struct clause *c;
	struct attribution *a;

	d->title = xstrdup("方案");
	d->punct = PUNCT_HALFWIDTH;
	d->final_newline = false;
	ch = document_add_chapter(d);
	ch->numeral = xstrdup("五");
	ch->number = 5;
	ch->title = xstrdup("章");
	c = document_add_clause(d);
	c->numeral = xstrdup("十五");
	c->number = 15;
	c->title = xstrdup("标题");
	strlist_add(&c->text, "正文。");
	a = clause_add_attribution(c);
	strlist_add(&a->lead, "市财政局");
	strlist_add(&a->lead, "市教委");
	a->by_division = true;
	strlist_add(&a->cooperate, "市相关部门");
	a = clause_add_attribution(c);
	strlist_add(&a->cooperate, "市相关部门");
	a->own_line = true;
	return d;
}

void
test_export(void)
{
	struct document *d = tiny();
	struct buf b = { 0 };
	bool sel[2] = { false, true };

	export_document(&b, d, EXPORT_TEXT);
	is_str(b.s, "方案\n\n五、章\n\n(十五)标题。正文。(市财政局、市教委按职责分工牵头负责,"
	    "市相关部门配合)\n\n(牵头负责,市相关部门配合)", "text export");
	buf_truncate(&b, 0);
	text_responsibility(&b, &d->clauses[0].resp[1]);
	is_str(b.s, "牵头：（原文缺失）；配合：市相关部门", "a missing lead is said so");
	d->punct = PUNCT_FULLWIDTH;
	buf_truncate(&b, 0);
	text_attribution(&b, d, &d->clauses[0].resp[0]);
	is_str(b.s, "（市财政局、市教委按职责分工牵头负责，市相关部门配合）",
	    "full-width attribution");
	buf_truncate(&b, 0);
	export_document(&b, d, EXPORT_CSV);
	is_str(b.s, "clause,title,lead,by_division,cooperate\n"
	    "（十五）,标题,市财政局、市教委,true,市相关部门\n"
	    "（十五）,标题,,false,市相关部门\n", "csv export");
	buf_free(&b);
	is_int(document_leads(d, "市教委", sel), 1, "the clauses a department leads: counted");
	ok(sel[0], "... and marked");
	is_int(document_leads(d, "市相关部门", sel), 0, "cooperating is not leading");
	ok(!sel[0], "... and unmarked");
	is_int(document_leads(d, "市财政局", NULL), 1, "counted without marks");
	document_free(d);
}
