/* test_numbering.c: the numbers that open headings, and the numbers and paths people type. */
#include <stdlib.h>

#include "tap.h"

static void
shape(const char *s, enum num_style style, int value, const char *token)
{
	struct numtok t;
	bool got = numbering_parse(s, strlen(s), &t);

	if (style == NUM_NONE) {
		ok(!got, "'%s' opens with no number", s);
		return;
	}
	ok(got && t.style == style && t.value == value && t.len == strlen(token),
	    "'%s' opens with %s (%d)", s, token, value);
}

void
test_numbering(void)
{
	shape("一、总体要求", NUM_HAN, 1, "一、");
	shape("十一、保障措施", NUM_HAN, 11, "十一、");
	shape("（二十三）推动", NUM_HAN_PAREN, 23, "（二十三）");
	shape("(十五)深入", NUM_HAN_PAREN, 15, "(十五)");
	shape("(一万)推动", NUM_HAN_PAREN, 10000, "(一万)"); /* as numeral_format() writes them */
	shape("(一万零一)规范", NUM_HAN_PAREN, 10001, "(一万零一)");
	shape("(七万八千一百五十八)统筹", NUM_HAN_PAREN, 78158, "(七万八千一百五十八)");
	shape("十万亩良田", NUM_NONE, 0, "");
	shape("1.改造", NUM_ARABIC, 1, "1.");
	shape("12．整治", NUM_ARABIC, 12, "12．");
	shape("3、增设", NUM_ARABIC, 3, "3、");
	shape("（1）对人民路", NUM_ARABIC_PAREN, 1, "（1）");
	shape("2）在中心城区", NUM_ARABIC_RPAREN, 2, "2）");
	shape("③县城", NUM_CIRCLED, 3, "③");
	shape("第三章　发展", NUM_CHAPTER, 3, "第三章");
	shape("第十二条 本办法", NUM_ARTICLE, 12, "第十二条");
	shape("第二节 数字", NUM_SECTION, 2, "第二节");
	shape("附件1", NUM_ATTACHMENT, 1, "附件1");
	shape("附件：", NUM_ATTACHMENT, 0, "附件：");
	shape("二〇二三年", NUM_NONE, 0, "");
	shape("2023年完成", NUM_NONE, 0, "");
	shape("一是加强", NUM_NONE, 0, "");
	shape("", NUM_NONE, 0, "");

	{
		struct numtok t;
		char *part;

		numbering_parse("（十五）", strlen("（十五）"), &t);
		ok(numbering_matches("15", &t, "（十五）"), "15 names （十五）");
		ok(numbering_matches("十五", &t, "（十五）"), "十五 names （十五）");
		ok(numbering_matches("(十五)", &t, "（十五）"), "(十五) names （十五）");
		ok(numbering_matches(" （十五） ", &t, "（十五）"), "blanks around a number");
		ok(!numbering_matches("16", &t, "（十五）"), "16 does not");
		part = numbering_path_part("一、");
		is_str(part, "一", "a path part leaves the 、 off");
		free(part);
		part = numbering_path_part("1．");
		is_str(part, "1", "and the ．");
		free(part);
	}
	{ /* a number written with another value, for the warnings */
		static const struct { const char *tok; int value; const char *want; } cases[] = {
			{ "（二）", 3, "（三）" }, { "4.", 3, "3." }, { "十一、", 10, "十、" },
			{ "第九章", 10, "第十章" }, { "②", 3, "③" }, { "(2)", 12, "(12)" },
			{ "附件", 2, "附件" }, { "(九千九百九十九)", 10000, "(一万)" },
			{ "(一万)", 10001, "(一万零一)" },
		};

		for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
			struct numtok t = { 0 };
			char *got;

			numbering_parse(cases[k].tok, strlen(cases[k].tok), &t);
			got = numbering_renumber(cases[k].tok, strlen(cases[k].tok), &t, cases[k].value);
			is_str(got, cases[k].want, cases[k].want);
			free(got);
		}
	}
	{
		struct diags diags = { 0 };
		const char *text = "一、甲\n（一）乙\n1.丙\n2.丁\n二、戊\n（一）己\n";
		struct document *d = import_text("t.txt", text, strlen(text), NULL, &diags);
		size_t at[4];
		struct buf b = { 0 };

		is_int(document_find(d, "二/（一）", at, 4), 1, "a path names one item");
		node_path(&b, d, at[0]);
		is_str(b.s, "二/（一）", "its path");
		is_int(document_find(d, "（一）", at, 4), 2, "a bare number may name several");
		is_int(document_find(d, "一/（一）/2", at, 4), 1, "three levels");
		is_int(document_find(d, "（一）/2", at, 4), 1, "the end of a path");
		is_int(document_find(d, "三", at, 4), 0, "none");
		buf_free(&b);
		document_free(d);
		diags_free(&diags);
	}
}
