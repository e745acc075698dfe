/* test_export.c: an imported text written back: the text byte for byte, CSV, responsibilities as shown. */
#include <stdlib.h>

#include "tap.h"

static struct document *
imported(const char *text)
{
	struct diags diags = { 0 };
	struct document *d = import_text("t.txt", text, strlen(text), NULL, &diags);

	diags_free(&diags);
	return d;
}

static void
text_round_trip(void)
{
	static const char *const texts[] = {
		"方案\n\n五、章\n\n(十五)标题。正文。(市财政局、市教委按职责分工牵头负责,市相关部门配合)",
		"一、总体要求\r\n　　（一）目标。到2025年完成。（区发改局牵头，区财政局配合）\r\n",
		"\n\n一、甲\n\n\n1.乙。（市财政局负责）\n",
		"",
		"no structure at all\n",
	};

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct document *d = imported(texts[i]);
		struct buf b = { 0 };

		export_document(&b, d, EXPORT_TEXT);
		is_str(b.s != NULL ? b.s : "", texts[i], "text export gives the text back");
		buf_free(&b);
		document_free(d);
	}
}

static void
responsibility_shown(void)
{
	struct document *d = imported("五、章\n\n(十五)标题。正文。(市财政局、市教委按职责分工牵头负责,"
	    "市相关部门配合)\n\n(牵头负责,市相关部门配合)\n");
	struct buf b = { 0 };
	size_t i = document_last_item(d);

	is_int(d->nodes[i].nresp, 2, "two responsibilities");
	text_responsibility(&b, &d->nodes[i].resp[0]);
	is_str(b.s, "牵头：市财政局、市教委（按职责分工）；配合：市相关部门", "as shown");
	buf_truncate(&b, 0);
	text_responsibility(&b, &d->nodes[i].resp[1]);
	is_str(b.s, "牵头：（原文缺失）；配合：市相关部门", "a missing lead is said so");
	buf_free(&b);
	document_free(d);
}

static void
csv_table(void)
{
	struct document *d = imported("一、章\n（一）标题。正文。（=市财政局牵头，+区政府配合）\n（二）无人\n");
	struct buf b = { 0 };

	export_document(&b, d, EXPORT_CSV);
	is_str(b.s, "path,number,title,lead,by_division,cooperate,responsible,deadline,chapter,text\n"
	    "一/（一）,（一）,标题,\"'=市财政局\",false,\"'+区政府\",,,一、章,正文。\n"
	    "一/（二）,（二）,无人,（原文未列明责任单位）,,,,,一、章,\n",
	    "csv: a row per task, formulas neutralised; no one named marked as the reader marks it");
	buf_truncate(&b, 0);
	export_csv_table(&b, d, NULL, true);
	ok(strstr(b.s, ",=市财政局,") != NULL, "csv raw: the cell as written");
	buf_free(&b);
	document_free(d);
}

/* The items a department leads (or is responsible for, no lead named): counted and marked. */
static void
leads_counted(void)
{
	struct document *d = imported("一、章\n（一）甲。正文。（市教委牵头，市相关部门配合）\n"
	    "（二）乙。正文。（责任单位：市财政局）\n");
	bool sel[4] = { true, true, true, true };

	is_int(document_leads(d, "市教委", sel), 1, "the items a department leads: counted");
	ok(sel[1] && !sel[0] && !sel[2], "... and marked");
	is_int(document_leads(d, "市相关部门", sel), 0, "cooperating is not leading");
	ok(!sel[1], "... and unmarked");
	is_int(document_leads(d, "市财政局", NULL), 1, "responsible with no lead named counts");
	document_free(d);
}

/* The departments and their counts in one pass: an item counts once, however often named. */
static void
departments_tallied(void)
{
	struct document *d = imported("一、章\n（一）甲。正文。（市教委牵头，市相关部门配合）"
	    "\n（市教委、市财政局牵头）\n（二）乙。正文。（责任单位：市财政局）\n"
	    "（三）丙。正文。（市相关部门牵头，市教委配合）\n");
	struct dept_tally t;
	struct buf b = { 0 };

	document_tally(&t, d);
	strlist_join(&b, &t.names.list, " ");
	is_str(b.s, "市教委 市相关部门 市财政局", "the departments, in the order first named");
	buf_truncate(&b, 0);
	for (size_t i = 0; i < t.names.list.n; i++)
		buf_printf(&b, "%zu/%zu/%zu ", t.counts[i].n[TALLY_LEADS],
		    t.counts[i].n[TALLY_COOPERATES], t.counts[i].n[TALLY_RESPONSIBLE]);
	is_str(b.s, "1/1/0 1/1/0 1/0/1 ", "leads, cooperates, responsible: items, not mentions");
	is_int(strindex_get(&t.names, "市财政局"), 2, "a name's position, looked up");
	is_int((long)strindex_get(&t.names, "市统计局"), -1, "a name not there");
	dept_tally_free(&t);
	buf_free(&b);
	document_free(d);
}

void
test_export(void)
{
	text_round_trip();
	responsibility_shown();
	csv_table();
	leads_counted();
	departments_tallied();
}
