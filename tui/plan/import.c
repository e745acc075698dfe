/*
 * import.c: a plan's text into the document tree. Every line of the text lands somewhere
 * (an item's heading or text, or a part of the document's matter), as written, so the text
 * comes back byte for byte; what the structure is, the importer judges, and says where it
 * had to guess.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

#define MAX_LEVELS 12
#define SHORT_LINE 40  /* characters: a title, a signature or a label line is no longer */
#define TITLE_LINE 80

struct tline {
	const char *s;     /* in the decoded text; not NUL-terminated */
	size_t len;        /* without its line end */
	size_t indent;     /* bytes of blanks before the text */
	unsigned no;       /* 1-based line number in the text */
	bool blank;
	bool numbered;
	struct numtok num; /* its number, after the indentation */
};

struct level {
	enum num_style style;
	int last;          /* the value of its last item */
	size_t node;
};

struct table {
	bool on;
	int ncols;
	int col_number, col_task, col_group, col_lead, col_resp, col_coop, col_deadline;
	int col_supervisor;
	char *names[16];   /* the header's cells */
	size_t group;      /* the group node rows go under, or SIZE_MAX */
	bool star_leads;   /* a unit marked * leads (加*为牵头单位), the others cooperate */
	unsigned depth;    /* of the rows */
	size_t parent;
};

struct importer {
	const char *path;
	struct diags *diags;
	struct document *doc;
	struct tline *lines;
	size_t n;
	struct level lv[MAX_LEVELS];
	unsigned nlv;
	unsigned base;            /* the depth of top-level items: 1 inside an attachment */
	size_t base_parent;       /* the attachment, or SIZE_MAX */
	int runon[NUM_ATTACHMENT + 1]; /* the last value seen of each style, for run-on numbering */
	size_t current;           /* the item that text goes to, or SIZE_MAX */
	bool resp_open;           /* the last line was a labelled responsibility: the next may join it */
	bool star_rule;           /* the document says a unit marked * leads */
	size_t joined;            /* a line whose responsibility began on the line before it */
	struct table tab;
};

static bool
contains(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, word, n) == 0)
			return true;
	return false;
}

/* The text of a line without indentation and trailing blanks. */
static size_t
body_len(const struct tline *l)
{
	size_t len = l->len;

	while (len > l->indent) {
		size_t at = len - 1;
		uint32_t cp;

		while (at > l->indent && ((unsigned char)l->s[at] & 0xc0) == 0x80)
			at--;
		utf8_decode(l->s + at, len - at, &cp);
		if (!cp_is_blank(cp))
			break;
		len = at;
	}
	return len - l->indent;
}

static const char *
body(const struct tline *l)
{
	return l->s + l->indent;
}

static size_t
chars(const struct tline *l)
{
	return utf8_chars(body(l), body_len(l));
}

/* ---- lines ---- */

/*
 * The text's lines; how they end (CRLF or LF, with a warning where they are mixed); and
 * whether a blank line separates every two, the layout of some published texts.
 */
static void
split_lines(struct importer *im, const char *text, size_t len)
{
	size_t start = 0, crlf = 0, lf = 0;

	for (size_t i = 0; i <= len; i++) {
		struct tline *l;

		if (i < len && text[i] != '\n')
			continue;
		if (i == len && start == len)
			break; /* the text ended with a newline */
		im->lines = xgrow(im->lines, im->n, sizeof *im->lines);
		l = &im->lines[im->n++];
		memset(l, 0, sizeof *l);
		l->s = text + start;
		l->len = i - start;
		l->no = (unsigned)im->n;
		if (i < len) {
			if (l->len > 0 && l->s[l->len - 1] == '\r')
				crlf++, l->len--;
			else
				lf++;
		}
		start = i + 1;
	}
	im->doc->src.final_newline = len > 0 && text[len - 1] == '\n';
	im->doc->src.crlf = crlf > lf;
	if (crlf != 0 && lf != 0)
		for (size_t i = 0; i < im->n; i++) {
			bool has_cr = im->lines[i].s + im->lines[i].len < text + len &&
			    im->lines[i].s[im->lines[i].len] == '\r';

			if (has_cr != im->doc->src.crlf && (i + 1 < im->n || im->doc->src.final_newline)) {
				diag_add(im->diags, DIAG_WARNING, im->path, im->lines[i].no,
				    (unsigned)utf8_chars(im->lines[i].s, im->lines[i].len) + 1,
				    "this line ends in %s where the others end in %s: the text comes "
				    "back with %s here", has_cr ? "CRLF" : "LF",
				    im->doc->src.crlf ? "CRLF" : "LF", im->doc->src.crlf ? "CRLF" : "LF");
				break;
			}
		}
	for (size_t i = 0; i < im->n; i++) {
		struct tline *l = &im->lines[i];

		l->indent = blank_span(l->s, l->len);
		l->blank = l->indent == l->len;
		if (!l->blank)
			l->numbered = numbering_parse(body(l), l->len - l->indent, &l->num);
	}
}

/* Whether every two lines are separated by exactly one blank line, and nothing else is blank. */
static bool
blank_between(const struct importer *im)
{
	size_t nonblank = 0;

	if (im->n < 3)
		return false;
	for (size_t i = 0; i < im->n; i++) {
		if (im->lines[i].blank != (i % 2 == 1))
			return false;
		nonblank += !im->lines[i].blank;
	}
	return im->n % 2 == 1 && nonblank >= 2;
}

/* Drop the blank lines that blank_between() implies. */
static void
drop_blank_lines(struct importer *im)
{
	size_t k = 0;

	for (size_t i = 0; i < im->n; i++)
		if (!im->lines[i].blank)
			im->lines[k++] = im->lines[i];
	im->n = k;
}

/* ---- nodes ---- */

static size_t
add_node(struct importer *im, enum node_kind kind, const struct tline *l)
{
	size_t id = document_add_node(im->doc, kind);

	im->doc->nodes[id].line = l != NULL ? l->no : 0;
	im->doc->nodes[id].col = 1;
	return id;
}

static char *
line_copy(const struct tline *l)
{
	return xstrndup(l->s, l->len);
}

/* A line of the document's matter: it joins the matter node before it if that is the same part. */
static void
add_matter(struct importer *im, enum matter m, const struct tline *l)
{
	struct document *p = im->doc;
	size_t last = p->nnodes;

	if (last == 0 || p->nodes[last - 1].kind != NODE_MATTER || p->nodes[last - 1].matter != m) {
		last = add_node(im, NODE_MATTER, l);
		p->nodes[last].matter = m;
		/* the matter stands at the top: items after it begin anew, not under those before */
		im->nlv = 0;
		im->base = 0;
		im->base_parent = SIZE_MAX;
		im->current = SIZE_MAX;
		im->tab.on = false;
	} else
		last--;
	strlist_add_owned(&p->nodes[last].text, line_copy(l));
}

/* A blank line, kept where it stands: after the last node's lines. */
static void
add_blank(struct importer *im)
{
	if (im->doc->nnodes == 0) {
		add_matter(im, MATTER_TEXT, &(struct tline){ .s = "", .len = 0 });
		return;
	}
	strlist_add(&im->doc->nodes[im->doc->nnodes - 1].text, "");
}

/* ---- front matter ---- */

/* A digit of a date: 0-9, full-width, or a Chinese numeral character (二〇二三年十二月). */
static bool
date_digit(uint32_t cp)
{
	static const uint32_t han[] = {
		0x3007, 0x96f6, 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94, 0x516d, 0x4e03, 0x516b,
		0x4e5d, 0x5341,
	};

	if ((cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19))
		return true;
	for (size_t k = 0; k < sizeof han / sizeof han[0]; k++)
		if (han[k] == cp)
			return true;
	return false;
}

/* A date and nothing else: 2023年3月28日, 二〇二三年三月二十八日 (blanks around it allowed). */
static bool
is_date(const char *s, size_t len)
{
	static const char *const units[] = { "年", "月", "日" };
	size_t i = blank_span(s, len);

	for (int part = 0; part < 3; part++) {
		size_t digits = 0, at;
		uint32_t cp;

		for (at = i; i < len; digits++) {
			at = i;
			i += utf8_decode(s + i, len - i, &cp);
			if (!date_digit(cp)) {
				i = at;
				break;
			}
		}
		if (digits == 0 || !has_prefix(s + i, len - i, units[part]))
			return false;
		i += strlen(units[part]);
	}
	return blank_span(s + i, len - i) == len - i;
}

/* A date with digits somewhere in the line: 2023年3月28日, 2023-03-28. */
static bool
has_date(const char *s, size_t len)
{
	for (size_t i = 0; i + 4 < len; i++) {
		if (strspn(s + i, "0123456789") < 4 || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'))
			continue;
		if (has_prefix(s + i + 4, len - i - 4, "年") || has_prefix(s + i + 4, len - i - 4, "-") ||
		    has_prefix(s + i + 4, len - i - 4, "/") || has_prefix(s + i + 4, len - i - 4, "."))
			return true;
	}
	return false;
}

static bool
is_doc_number(const char *s, size_t len)
{
	static const char *const years[][2] = { { "〔", "〕" }, { "[", "]" }, { "［", "］" },
		{ "（", "）" }, { "(", ")" }, { "【", "】" } };

	if (utf8_chars(s, len) > SHORT_LINE || !has_suffix(s, len, "号"))
		return false;
	for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
		const char *o = s;

		while ((o = memmem(o, len - (size_t)(o - s), years[k][0], strlen(years[k][0]))) != NULL) {
			const char *y = o + strlen(years[k][0]);

			if (strspn(y, "0123456789") == 4 && has_prefix(y + 4, len - (size_t)(y + 4 - s),
			    years[k][1]))
				return true;
			o = y;
		}
	}
	return false;
}

static bool
has_sentence_punct(const char *s, size_t len)
{
	return contains(s, len, "。") || contains(s, len, "，") || contains(s, len, "；") ||
	    contains(s, len, "！") || contains(s, len, "？");
}

/* A body's name standing alone: 某某区人民政府, 某某市发展和改革委员会办公室. */
static bool
is_organ(const char *s, size_t len)
{
	static const char *const suffixes[] = {
		"人民政府", "政府", "办公室", "办公厅", "委员会", "局", "委", "厅", "部", "小组",
		"指挥部", "中心", "院", "会", "管委会", "街道办事处", "办事处", "（印章）",
	};

	if (len == 0 || utf8_chars(s, len) > 30 || has_sentence_punct(s, len))
		return false;
	for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++)
		if (has_suffix(s, len, suffixes[k]))
			return true;
	return false;
}

/* A line wholly in brackets: （征求意见稿）, （此件公开发布）. */
static bool
bracketed(const char *s, size_t len)
{
	return (has_prefix(s, len, "（") && has_suffix(s, len, "）")) || (has_prefix(s, len, "(") &&
	    has_suffix(s, len, ")"));
}

static bool
is_remark(const char *s, size_t len)
{
	return bracketed(s, len) && utf8_chars(s, len) <= SHORT_LINE && (contains(s, len, "此件") ||
	    contains(s, len, "公开") || contains(s, len, "删减"));
}

/* Whether a line could be a title: short, not a sentence, not numbered, no responsibility. */
static bool
title_like(const struct importer *im, const struct tline *l)
{
	struct resp r = { 0 };
	bool yes;

	(void)im;
	if (l->blank || l->numbered || chars(l) > TITLE_LINE)
		return false;
	if (has_suffix(body(l), body_len(l), "。") || has_suffix(body(l), body_len(l), "；") ||
	    has_suffix(body(l), body_len(l), "：") || has_suffix(body(l), body_len(l), ":") ||
	    has_suffix(body(l), body_len(l), "，") || contains(body(l), body_len(l), "。"))
		return false;
	if (is_date(body(l), body_len(l)) || is_doc_number(body(l), body_len(l)))
		return false;
	yes = !resp_line(body(l), body_len(l), &r);
	resp_free(&r);
	return yes;
}

/* The words a title ends with. */
static bool
title_ending(const char *s, size_t len)
{
	static const char *const words[] = {
		"方案", "意见", "要点", "措施", "办法", "规划", "计划", "细则", "通知", "清单",
		"安排", "纲要", "行动", "决定", "规定", "分工", "任务", "分解", "工作", "实施",
		"的通知", "表", "条例", "机制", "指南", "政策",
	};
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (has_suffix(s, len, words[k]))
			return true;
	return false;
}

static size_t
next_nonblank(const struct importer *im, size_t i)
{
	while (i < im->n && im->lines[i].blank)
		i++;
	return i;
}

/* Keep the blank lines from i on; the next line that is not blank. */
static size_t
skip_blanks(struct importer *im, size_t i)
{
	for (; i < im->n && im->lines[i].blank; i++)
		add_blank(im);
	return i;
}

/* Signature then date (blank lines between allowed): the notice's or the plan's end. */
static bool
signature_at(const struct importer *im, size_t i)
{
	size_t j;

	if (i >= im->n || !is_organ(body(&im->lines[i]), body_len(&im->lines[i])))
		return false;
	j = next_nonblank(im, i + 1);
	return j < im->n && is_date(body(&im->lines[j]), body_len(&im->lines[j]));
}

/* An addressee line: 各区人民政府，市政府各部门： */
static bool
is_addressee(const struct tline *l)
{
	static const char *const words[] = {
		"各", "政府", "部门", "单位", "委", "局", "办事处", "机构", "街道", "镇", "同志",
	};
	const char *s = body(l);
	size_t len = body_len(l);

	if (l->numbered || chars(l) > TITLE_LINE || (!has_suffix(s, len, "：") && !has_suffix(s, len, ":")))
		return false;
	if (contains(s, len, "。"))
		return false;
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (contains(s, len, words[k]))
			return true;
	return false;
}

/* 版头: copy number, secrecy, urgency, the red header, the document number, the signer. */
static size_t
front_header(struct importer *im, size_t i)
{
	for (size_t seen = 0; (i = skip_blanks(im, i)) < im->n && seen < 6; seen++, i++) {
		const struct tline *l = &im->lines[i];
		const char *s = body(l);
		size_t len = body_len(l);
		enum matter m;

		if (seen < 3 && strspn(s, "0123456789") == len && len >= 4 && len <= 8)
			m = MATTER_COPY_NUMBER;
		else if (chars(l) <= 16 && (contains(s, len, "秘密") || contains(s, len, "机密") ||
		    contains(s, len, "绝密")))
			m = MATTER_SECRECY;
		else if (chars(l) <= 8 && (contains(s, len, "特急") || contains(s, len, "加急") ||
		    contains(s, len, "特提") || contains(s, len, "平急")))
			m = MATTER_URGENCY;
		else if (has_suffix(s, len, "文件") && chars(l) <= 30 && !has_sentence_punct(s, len) &&
		    !l->numbered)
			m = MATTER_ISSUER_MARK;
		else if (is_doc_number(s, len) && !bracketed(s, len))
			m = MATTER_DOC_NUMBER;
		else if (has_prefix(s, len, "签发人"))
			m = MATTER_SIGNER;
		else
			break;
		add_matter(im, m, l);
	}
	return i;
}

/* Lines that end a notice or a plan: signature, date, remark. */
static size_t
closing_block(struct importer *im, size_t i)
{
	if (signature_at(im, i)) {
		add_matter(im, MATTER_SIGNATURE, &im->lines[i]);
		i = skip_blanks(im, i + 1);
	}
	if (i < im->n && is_date(body(&im->lines[i]), body_len(&im->lines[i]))) {
		add_matter(im, MATTER_DATE, &im->lines[i]);
		i = skip_blanks(im, i + 1);
	}
	if (i < im->n && is_remark(body(&im->lines[i]), body_len(&im->lines[i]))) {
		add_matter(im, MATTER_REMARK, &im->lines[i]);
		i = skip_blanks(im, i + 1);
	}
	return i;
}

/*
 * A numbered line that heads a plan's part, not a numbered paragraph of a notice (一、各责任
 * 单位要高度重视，…。): short and no sentence in it.
 */
static bool
plan_heading(const struct tline *l)
{
	return l->numbered && l->num.style != NUM_ATTACHMENT && chars(l) <= SHORT_LINE &&
	    !contains(body(l), body_len(l), "。");
}

/*
 * An announcement or notice with no addressee (关于公开征求…意见的公告): its text up to a
 * signature and a date that a title follows, early in the text and before any item has a
 * responsibility. Where the plan begins.
 */
static size_t
front_announcement(struct importer *im, size_t i)
{
	size_t j, title;

	for (j = i; j < im->n && j < i + 40; j++) {
		struct resp r = { 0 };
		bool resp;

		if (im->lines[j].blank)
			continue;
		if (signature_at(im, j))
			break;
		resp = resp_tail(im->lines[j].s, im->lines[j].len, &(size_t){ 0 }, &r) != SIZE_MAX;
		resp_free(&r);
		if (resp || plan_heading(&im->lines[j]))
			return i;
	}
	if (j >= im->n || j >= i + 40)
		return i;
	title = next_nonblank(im, next_nonblank(im, j + 1) + 1);
	if (title >= im->n || !title_like(im, &im->lines[title]))
		return i;
	for (bool first = true; i < j; i++, first = false)
		if (im->lines[i].blank)
			add_blank(im);
		else
			add_matter(im, first ? MATTER_NOTICE_TITLE : MATTER_NOTICE, &im->lines[i]);
	return closing_block(im, j);
}

/* The notice's lines from i to end: its text, its list of attachments. */
static void
notice_lines(struct importer *im, size_t i, size_t end)
{
	bool note = false;

	for (; i < end; i++) {
		const struct tline *l = &im->lines[i];

		if (l->blank) {
			add_blank(im);
			continue;
		}
		note = (l->numbered && l->num.style == NUM_ATTACHMENT) ||
		    (note && l->numbered && l->indent > 0);
		add_matter(im, note ? MATTER_ATTACHMENT_NOTE : MATTER_NOTICE, l);
	}
}

/*
 * A transmittal notice: its title, the addressee line, its text (which may have numbered
 * paragraphs of its own, not the plan's), then signature and date. From i, where the
 * addressee is found within the next lines; returns where the plan begins.
 */
static size_t
front_notice(struct importer *im, size_t i)
{
	size_t a = i, end;
	bool note = false; /* in the notice's list of attachments: 附件：1.… 2.… */

	for (size_t seen = 0; a < im->n && seen < 8; a++) {
		if (im->lines[a].blank)
			continue;
		if (is_addressee(&im->lines[a]))
			break;
		if (im->lines[a].numbered || ++seen == 8)
			return front_announcement(im, i);
	}
	if (a >= im->n)
		return front_announcement(im, i);
	for (; i < a; i++)
		if (im->lines[i].blank)
			add_blank(im);
		else
			add_matter(im, MATTER_NOTICE_TITLE, &im->lines[i]);
	add_matter(im, MATTER_ADDRESSEE, &im->lines[a]);
	for (end = a + 1; end < im->n; end++) {
		const struct tline *l = &im->lines[end];

		if (signature_at(im, end) || (!l->blank && is_date(body(l), body_len(l))))
			break;
		if (!l->blank)
			note = (l->numbered && l->num.style == NUM_ATTACHMENT) ||
			    (note && l->numbered && l->indent > 0);
		if (!note && plan_heading(l)) { /* the notice is the plan's own opening */
			notice_lines(im, a + 1, end);
			return end;
		}
		if (end > a + 1 && title_like(im, l) && !l->numbered &&
		    !im->lines[end - 1].numbered && chars(l) < SHORT_LINE)
			break; /* no signature: the plan's title ends the notice */
	}
	notice_lines(im, a + 1, end);
	return closing_block(im, end);
}

/* A web page's line of issuer, date and category under the title. */
static bool
is_byline(const struct tline *l)
{
	return !l->numbered && chars(l) <= TITLE_LINE && has_date(body(l), body_len(l)) &&
	    !has_suffix(body(l), body_len(l), "。");
}

/* The plan's title (one line or two), what follows it in brackets, a byline. */
static size_t
front_title(struct importer *im, size_t i)
{
	size_t j;

	if ((i = skip_blanks(im, i)) >= im->n || !title_like(im, &im->lines[i]))
		return i;
	j = next_nonblank(im, i + 1);
	add_matter(im, MATTER_TITLE, &im->lines[i]);
	if (j == i + 1 && j < im->n && title_like(im, &im->lines[j]) &&
	    !bracketed(body(&im->lines[j]), body_len(&im->lines[j])) &&
	    !title_ending(body(&im->lines[i]), body_len(&im->lines[i])) &&
	    chars(&im->lines[j]) <= SHORT_LINE && !is_byline(&im->lines[j]) &&
	    !signature_at(im, j)) {
		add_matter(im, MATTER_TITLE, &im->lines[j]);
		i = j;
	}
	for (i++; i < im->n; i++) {
		const struct tline *l = &im->lines[i];

		if (l->blank)
			add_blank(im);
		else if (bracketed(body(l), body_len(l)) && chars(l) <= SHORT_LINE)
			add_matter(im, MATTER_SUBTITLE, l);
		else if (is_byline(l) && !signature_at(im, i))
			add_matter(im, MATTER_BYLINE, l);
		else
			break;
	}
	return closing_block(im, i);
}

/* ---- items ---- */

/* The order styles usually nest in, outermost first. */
static int
style_rank(enum num_style s)
{
	static const int rank[] = {
		[NUM_NONE] = 99, [NUM_ATTACHMENT] = 0, [NUM_PART] = 1, [NUM_CHAPTER] = 2,
		[NUM_SECTION] = 3, [NUM_ARTICLE] = 4, [NUM_HAN] = 5, [NUM_HAN_PAREN] = 6,
		[NUM_ARABIC] = 7, [NUM_ARABIC_RPAREN] = 8, [NUM_ARABIC_PAREN] = 9, [NUM_CIRCLED] = 10,
	};

	return rank[s];
}

/* Styles that also open ordinary sentences (1.5倍, ①…) and so need their place confirmed. */
static bool
weak_style(enum num_style s)
{
	return s == NUM_ARABIC || s == NUM_ARABIC_RPAREN || s == NUM_CIRCLED ||
	    s == NUM_ARABIC_PAREN;
}

/* Whether the character after a number is a digit: 1.5 is a decimal, not item 1. */
static bool
decimal_after(const struct tline *l)
{
	const char *s = body(l);
	size_t at = l->num.len;

	return l->num.style == NUM_ARABIC && l->num.half && at < l->len - l->indent &&
	    s[at] >= '0' && s[at] <= '9';
}

/* The warning for a number out of sequence: 4. where 3. was expected. */
static void
irregular_number(struct importer *im, const struct tline *l, int expected)
{
	unsigned col = (unsigned)(1 + utf8_chars(l->s, l->indent));
	const struct numtok *t = &l->num;
	char *want = numbering_renumber(body(l), t->len, t, expected);

	if (t->value == 1)
		diag_add(im->diags, DIAG_WARNING, im->path, l->no, col, "the numbering starts again "
		    "at %.*s: taken as a new item of the same level", (int)t->len, body(l));
	else
		diag_add(im->diags, DIAG_WARNING, im->path, l->no, col, "%.*s where %s was "
		    "expected: taken as the next item of its level", (int)t->len, body(l), want);
	free(want);
}

/*
 * Where a numbered line goes: the level it takes (the index into lv[] after popping),
 * or -1 if it is text after all. Says what it assumed when the numbering is irregular.
 */
static int
place_heading(struct importer *im, const struct tline *l)
{
	const struct numtok *t = &l->num;
	int k;

	for (k = (int)im->nlv - 1; k >= 0; k--)
		if (im->lv[k].style == t->style)
			break;
	if (k >= 0) {
		int expected = im->lv[k].last + 1;

		if (t->value == expected)
			return k;
		if (weak_style(t->style) && (decimal_after(l) || k != (int)im->nlv - 1 ||
		    t->value > expected + 1 || t->value < 1))
			return -1; /* 1.5倍…, or a stray number in a sentence */
		irregular_number(im, l, expected);
		return k;
	}
	if (t->value != 1 && t->value != im->runon[t->style] + 1 && weak_style(t->style))
		return -1; /* a list does not start at 3: a number in a sentence */
	for (k = 0; k < (int)im->nlv; k++)
		if (style_rank(im->lv[k].style) > style_rank(t->style))
			return k; /* an outer style: it closes the levels inside */
	return (int)im->nlv;
}

static void
set_number(struct node *nd, const struct tline *l)
{
	nd->num = l->num;
	nd->number = xstrndup(body(l), l->num.len);
}

/* A numbered line that opens an item at level k. */
static void
open_item(struct importer *im, const struct tline *l, int k)
{
	size_t id = add_node(im, NODE_ITEM, l);
	struct node *nd = &im->doc->nodes[id];

	nd->heading = line_copy(l);
	set_number(nd, l);
	nd->depth = im->base + (unsigned)k;
	nd->parent = k == 0 ? im->base_parent : im->lv[k - 1].node;
	im->nlv = (unsigned)k + 1;
	if (im->nlv > MAX_LEVELS) {
		im->nlv = MAX_LEVELS;
		nd->depth = im->base + MAX_LEVELS - 1;
	}
	im->lv[im->nlv - 1] = (struct level){ l->num.style, l->num.value, id };
	im->runon[l->num.style] = l->num.value;
	im->current = id;
	im->resp_open = false;
	im->tab.on = false;
}

/*
 * A bracket the line leaves open after a 、 or ，, closed by the next line, which is short,
 * unnumbered and holds no bracket of its own (a hard line break inside the responsibility):
 * （区园林绿化中心牵头，区住建局、 / 区城管局、各街道办事处配合）. The next line, or NULL.
 */
static const struct tline *
bracket_goes_on(const struct importer *im, const struct tline *l)
{
	const struct tline *next = l + 1;
	const char *s;
	size_t len, close;

	if (next >= im->lines + im->n || next->blank || next->numbered ||
	    !(has_suffix(l->s, l->len, "、") || has_suffix(l->s, l->len, "，") || has_suffix(l->s, l->len, ",")))
		return NULL;
	s = body(next);
	len = body_len(next);
	while (len > 0 && (has_suffix(s, len, "。") || has_suffix(s, len, "；")))
		len -= strlen("。");
	close = has_suffix(s, len, "）") ? strlen("）") : has_suffix(s, len, ")") ? 1 : 0;
	if (close == 0 || utf8_chars(s, len) > 60 || contains(s, len - close, "（") ||
	    contains(s, len - close, "(") || contains(s, len - close, "）") ||
	    contains(s, len - close, ")"))
		return NULL;
	return next;
}

/* A responsibility begun on line l (from byte from) and closed on the next: r, its start. */
static bool
joined_tail(struct importer *im, const struct tline *l, size_t from, struct resp *r,
    size_t *start)
{
	const struct tline *next = bracket_goes_on(im, l);
	size_t end, first = l->len - from;
	struct buf both = { 0 };

	if (next == NULL)
		return false;
	buf_add(&both, l->s + from, first);
	buf_add(&both, body(next), body_len(next));
	*start = resp_tail(both.s, both.len, &end, r);
	buf_free(&both);
	if (*start == SIZE_MAX || *start >= first || end <= first) {
		resp_free(r);
		*r = (struct resp){ 0 };
		return false;
	}
	strlist_add_owned(&r->as, xstrndup(l->s + from + *start, first - *start));
	strlist_add_owned(&r->as, xstrndup(body(next), end - first));
	im->joined = (size_t)(next - im->lines);
	return true;
}

/* The responsibility closing a line of the item, if it has one. */
static void
take_tail_resp(struct importer *im, size_t item, const struct tline *l, size_t from)
{
	struct resp r = { 0 };
	size_t end, start;
	struct node *nd = &im->doc->nodes[item];

	if (!joined_tail(im, l, from, &r, &start)) {
		start = resp_tail(l->s + from, l->len - from, &end, &r);
		if (start == SIZE_MAX)
			return;
		strlist_add_owned(&r.as, xstrndup(l->s + from + start, end - start));
	}
	r.line = l->no;
	r.col = 1 + (unsigned)utf8_chars(l->s, from + start);
	if (r.first_leads)
		im->doc->lead_rule = LEAD_RULE_FIRST;
	*node_add_resp(nd) = r;
}

/* Join the second responsibility line to the first: 牵头单位：甲 then 配合单位：乙. */
static void
merge_resp(struct resp *to, struct resp *from)
{
	for (size_t i = 0; i < from->as.n; i++)
		strlist_add(&to->as, from->as.v[i]);
	for (size_t i = 0; i < from->lead.n; i++)
		strlist_add(&to->lead, from->lead.v[i]);
	for (size_t i = 0; i < from->cooperate.n; i++)
		strlist_add(&to->cooperate, from->cooperate.v[i]);
	for (size_t i = 0; i < from->responsible.n; i++)
		strlist_add(&to->responsible, from->responsible.v[i]);
	for (size_t i = 0; i < from->notes.n; i++)
		strlist_add(&to->notes, from->notes.v[i]);
	for (size_t i = 0; i < from->supervisors.n; i++)
		strlist_add(&to->supervisors, from->supervisors.v[i]);
	for (size_t i = 0; i < from->deadlines.n; i++)
		strlist_add(&to->deadlines, from->deadlines.v[i]);
	to->by_division |= from->by_division;
	to->separately |= from->separately;
	to->first_leads |= from->first_leads;
	resp_free(from);
	resp_normalize(to);
}

/* A line that is a responsibility and nothing else: into the item's text and its list. */
static bool
take_resp_line(struct importer *im, const struct tline *l)
{
	struct resp r = { 0 };
	struct node *nd;

	if (im->current == SIZE_MAX || !resp_line(body(l), body_len(l), &r))
		return false;
	nd = &im->doc->nodes[im->current];
	strlist_add_owned(&nd->text, line_copy(l));
	{
		size_t len = body_len(l);

		while (len > 0 && (has_suffix(body(l), len, "。") || has_suffix(body(l), len, "；")))
			len -= strlen("。");
		strlist_add_owned(&r.as, xstrndup(body(l), len));
	}
	r.line = l->no;
	r.col = 1 + (unsigned)utf8_chars(l->s, l->indent);
	if (r.first_leads)
		im->doc->lead_rule = LEAD_RULE_FIRST;
	if (im->resp_open && nd->nresp > 0) {
		merge_resp(&nd->resp[nd->nresp - 1], &r);
	} else
		*node_add_resp(nd) = r;
	im->resp_open = true;
	return true;
}

/* ---- task tables pasted as text ---- */

/* The cells of a table row: split at tabs, at |, or at runs of two or more blanks. */
static size_t
split_cells(const struct tline *l, size_t *start, size_t *len, size_t max)
{
	const char *s = l->s;
	size_t n = 0, i = l->indent, cell = i, end = l->len;
	bool tabs = memchr(s, '\t', l->len) != NULL, pipes = contains(s, l->len, "|");

	while (i < end && n < max) {
		size_t w = 0, blanks;

		if (tabs)
			w = s[i] == '\t';
		else if (pipes)
			w = s[i] == '|';
		else if ((blanks = blank_span(s + i, end - i)) >= 2 &&
		    utf8_chars(s + i, blanks) >= 2)
			w = blanks;
		if (w == 0) {
			i += (size_t)utf8_decode(s + i, end - i, &(uint32_t){ 0 });
			continue;
		}
		start[n] = cell;
		len[n++] = i - cell;
		i += w;
		cell = i;
	}
	if (n < max) {
		start[n] = cell;
		len[n++] = end - cell;
	}
	if (pipes && n > 0 && len[0] == 0) /* | a | b | */
		memmove(start, start + 1, --n * sizeof *start), memmove(len, len + 1, n * sizeof *len);
	if (pipes && n > 0 && blank_span(s + start[n - 1], len[n - 1]) == len[n - 1])
		n--;
	return n;
}

static int
column_role(const char *s, size_t len, int *role)
{
	static const struct {
		const char *word;
		int role;
	} cols[] = {
		{ "序号", 0 }, { "编号", 0 }, { "序", 0 },
		{ "重点任务", 1 }, { "主要任务", 1 }, { "工作任务", 1 }, { "具体任务", 1 },
		{ "任务名称", 1 }, { "项目名称", 1 },
		{ "具体措施", 1 }, { "工作措施", 1 }, { "工作内容", 1 }, { "任务内容", 1 },
		{ "主要内容", 1 }, { "工作举措", 1 }, { "目标任务", 1 }, { "任务", 1 }, { "措施", 1 },
		{ "类别", 2 }, { "领域", 2 }, { "重点领域", 2 }, { "板块", 2 }, { "项目类别", 2 },
		{ "牵头单位", 3 }, { "牵头部门", 3 }, { "主责单位", 3 }, { "牵头", 3 },
		{ "责任单位", 4 }, { "责任部门", 4 }, { "实施单位", 4 },
		{ "配合单位", 5 }, { "配合部门", 5 }, { "协办单位", 5 }, { "参与单位", 5 },
		{ "完成时限", 6 }, { "时间节点", 6 }, { "完成时间", 6 }, { "时限", 6 },
		{ "进度安排", 6 }, { "时间安排", 6 },
		{ "责任领导", 7 }, { "分管领导", 7 },
	};
	size_t b;

	len = blank_strip(s, len, &b);
	s += b;
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
		size_t n = strlen(cols[k].word);

		/* the name, alone or with more: 责任单位（加*为牵头单位）, 完成时间节点 */
		if (len >= n && memcmp(s, cols[k].word, n) == 0 && (utf8_chars(s, len) <= 12 ||
		    has_prefix(s + n, len - n, "（") || s[n] == '(')) {
			*role = cols[k].role;
			return 1;
		}
	}
	return 0;
}

/* Whether a text says that a unit marked * leads: 加*号为牵头部门，其余为参与部门. */
static bool
star_rule(const char *s, size_t len)
{
	return (contains(s, len, "*") || contains(s, len, "＊")) && contains(s, len, "牵头");
}

/* A header row naming the table's columns: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限. */
static bool
table_header(struct importer *im, const struct tline *l)
{
	size_t start[16], len[16], n = split_cells(l, start, len, 16);
	int known = 0, role;
	struct table *t = &im->tab;

	if (n < 3)
		return false;
	for (size_t c = 0; c < n; c++)
		known += column_role(l->s + start[c], len[c], &role);
	if (known < 2)
		return false;
	for (int c = 0; c < t->ncols; c++)
		free(t->names[c]);
	memset(t, 0, sizeof *t);
	t->on = true;
	t->ncols = (int)n;
	t->col_number = t->col_task = t->col_group = t->col_lead = t->col_resp = t->col_coop =
	    t->col_deadline = t->col_supervisor = -1;
	for (size_t c = 0; c < n; c++) {
		int *slot[] = { &t->col_number, &t->col_task, &t->col_group, &t->col_lead,
			&t->col_resp, &t->col_coop, &t->col_deadline, &t->col_supervisor };

		t->names[c] = xstrndup(l->s + start[c], len[c]);
		if (column_role(l->s + start[c], len[c], &role) && *slot[role] < 0)
			*slot[role] = (int)c;
	}
	t->group = SIZE_MAX;
	t->star_leads = im->star_rule;
	for (size_t c = 0; c < n; c++)
		t->star_leads |= star_rule(l->s + start[c], len[c]);
	t->parent = im->current != SIZE_MAX ? im->current : im->base_parent;
	t->depth = im->current != SIZE_MAX ? im->doc->nodes[im->current].depth + 1 : im->base;
	return true;
}

/* A name marked as leading: 区农业农村委* (the mark taken off). */
static bool
starred(char *name)
{
	size_t len = strlen(name);

	if (has_suffix(name, len, "＊"))
		name[len - strlen("＊")] = '\0';
	else if (has_suffix(name, len, "*"))
		name[len - 1] = '\0';
	else
		return false;
	return true;
}

/* The bytes before the first blank. */
static size_t
word_span(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len && (n = utf8_decode(s + i, len - i, &cp)) > 0 && !cp_is_blank(cp))
		i += n;
	return i;
}

/* A cell of units: into the role's list, or by their marks when a * marks the lead. */
static void
cell_resp(struct resp *r, struct strlist *to, const struct tline *l, size_t start, size_t len,
    bool stars)
{
	size_t b = blank_span(l->s + start, len);
	struct strlist names = { 0 };

	if (b == len)
		return;
	strlist_add_owned(&r->as, xstrndup(l->s + start + b, len - b));
	while (b < len) { /* a cell's paragraphs (a name each) come joined by a blank */
		size_t end = b + word_span(l->s + start + b, len - b);

		resp_split_names(r, &names, l->s + start + b, end - b);
		b = end + blank_span(l->s + start + end, len - end);
	}
	for (size_t i = 0; i < names.n; i++)
		strlist_add_owned(stars ? (starred(names.v[i]) ? &r->lead : &r->cooperate) : to,
		    names.v[i]);
	free(names.v);
}

static char *
cell_copy(const struct tline *l, size_t start, size_t len)
{
	size_t b = blank_span(l->s + start, len);

	return xstrndup(l->s + start + b, len - b);
}

/*
 * Whether a row's group cell names the group the rows are under: a merged cell that a Word
 * or web page table gives again in each row it spans (a pasted table leaves it blank).
 */
static bool
same_group(const struct importer *im, const struct tline *l, size_t start, size_t len)
{
	char *cell;
	bool same;

	if (im->tab.group == SIZE_MAX)
		return false;
	cell = cell_copy(l, start, len);
	same = strcmp(cell, im->doc->nodes[im->tab.group].title) == 0;
	free(cell);
	return same;
}

/* A row of the task table: an item with its lead, cooperating units and deadline. */
static bool
table_row(struct importer *im, const struct tline *l)
{
	struct table *t = &im->tab;
	size_t start[16], len[16], n = split_cells(l, start, len, 16), id;
	struct resp r = { 0 };
	struct node *nd;

	if (n < 2 || (int)n > t->ncols)
		return false;
	if (t->col_group >= 0 && t->col_group < (int)n &&
	    blank_span(l->s + start[t->col_group], len[t->col_group]) != len[t->col_group] &&
	    !same_group(im, l, start[t->col_group], len[t->col_group])) {
		id = add_node(im, NODE_GROUP, l); /* a merged cell: no line of its own */
		nd = &im->doc->nodes[id];
		nd->title = cell_copy(l, start[t->col_group], len[t->col_group]);
		nd->number = xstrdup("");
		nd->depth = t->depth;
		nd->parent = t->parent;
		t->group = id;
	}
	id = add_node(im, NODE_ITEM, l);
	nd = &im->doc->nodes[id];
	nd->heading = line_copy(l);
	nd->depth = t->depth + (t->group != SIZE_MAX);
	nd->parent = t->group != SIZE_MAX ? t->group : t->parent;
	nd->num.style = NUM_NONE;
	nd->number = t->col_number >= 0 && t->col_number < (int)n ?
	    cell_copy(l, start[t->col_number], len[t->col_number]) : xstrdup("");
	nd->num.value = atoi(nd->number);
	nd->title = t->col_task >= 0 && t->col_task < (int)n ?
	    cell_copy(l, start[t->col_task], len[t->col_task]) : xstrdup("");
	for (size_t c = 0; c < n; c++) {
		int ci = (int)c;

		if (ci == t->col_lead)
			cell_resp(&r, &r.lead, l, start[c], len[c], false);
		else if (ci == t->col_resp)
			cell_resp(&r, &r.responsible, l, start[c], len[c], t->star_leads);
		else if (ci == t->col_coop)
			cell_resp(&r, &r.cooperate, l, start[c], len[c], false);
		else if (ci == t->col_deadline && len[c] != 0)
			strlist_add_owned(&r.deadlines, cell_copy(l, start[c], len[c]));
		else if (ci == t->col_supervisor && len[c] != 0)
			strlist_add_owned(&r.supervisors, cell_copy(l, start[c], len[c]));
		else if (ci != t->col_number && ci != t->col_task && ci != t->col_group) {
			strlist_add(&nd->fields, t->names[c]);
			strlist_add_owned(&nd->fields, cell_copy(l, start[c], len[c]));
		}
	}
	if (r.lead.n + r.responsible.n + r.cooperate.n != 0 || r.deadlines.n != 0 ||
	    r.supervisors.n != 0) {
		if (r.as.n == 0) { /* a deadline or supervisor alone: its cell as written */
			for (size_t k = 0; k < r.deadlines.n; k++)
				strlist_add(&r.as, r.deadlines.v[k]);
			for (size_t k = 0; k < r.supervisors.n; k++)
				strlist_add(&r.as, r.supervisors.v[k]);
		}
		r.line = l->no;
		r.col = 1;
		nd->resp = xmalloc(sizeof *nd->resp);
		nd->resp[0] = r;
		nd->nresp = 1;
	}
	im->current = id;
	return true;
}

/* ---- task tables pasted one cell per line, a line | after each cell (web copies) ---- */

/* Whether a line is a cell separator of such a table: | alone. */
static bool
bar_line(const struct tline *l)
{
	return !l->blank && body_len(l) == 1 && body(l)[0] == '|';
}

/* The cells from line i: runs of lines each ended by a | line. Their first lines in at[], up to max; how many. */
static size_t
bar_cells(const struct importer *im, size_t i, size_t *at, size_t max)
{
	size_t n = 0;

	while (i < im->n && n < max) {
		size_t j = i;

		while (j < im->n && !im->lines[j].blank && !bar_line(&im->lines[j]))
			j++;
		if (j == i || j >= im->n || !bar_line(&im->lines[j]))
			break;
		at[n++] = i;
		i = j + 1;
	}
	if (n < max)
		at[n] = i; /* where the table ends */
	return n;
}

/* A cell's lines joined (without the | that ends it): one string. */
static char *
cell_text(const struct importer *im, size_t from)
{
	struct buf b = { 0 };

	for (size_t j = from; j < im->n && !bar_line(&im->lines[j]); j++)
		buf_add(&b, body(&im->lines[j]), body_len(&im->lines[j]));
	return b.s != NULL ? buf_detach(&b) : xstrdup("");
}

/* Whether a cell holds a row's number alone: 3. */
static bool
number_cell(const struct importer *im, size_t from)
{
	const struct tline *l = &im->lines[from];

	return strspn(body(l), "0123456789") == body_len(l) && bar_line(&im->lines[from + 1]);
}

/* Put lines [from, to) of the text into node id's text. */
static void
node_lines(struct importer *im, size_t id, size_t from, size_t to)
{
	for (size_t j = from; j < to; j++)
		strlist_add_owned(&im->doc->nodes[id].text, line_copy(&im->lines[j]));
}

/* A group cell (（一） then its name): a group node holding the cell's lines. */
static size_t
cell_group(struct importer *im, size_t from, size_t to, unsigned depth, size_t parent)
{
	size_t id = add_node(im, NODE_GROUP, &im->lines[from]);
	struct node *nd = &im->doc->nodes[id];
	const struct tline *l = &im->lines[from];
	char *all = cell_text(im, from);

	nd->depth = depth;
	nd->parent = parent;
	if (l->numbered && l->num.len + l->num.gap == body_len(l) && to > from + 2) {
		nd->number = xstrndup(body(l), l->num.len);
		nd->num = l->num;
		nd->title = cell_text(im, from + 1);
		free(all);
	} else {
		nd->number = xstrdup("");
		nd->title = all;
	}
	node_lines(im, id, from, to);
	return id;
}

/* Each line of a cell of a one-cell-per-line table, as written, as r's. */
static void
bar_cell_as(const struct importer *im, struct resp *r, size_t from)
{
	for (size_t j = from; j < im->n && !bar_line(&im->lines[j]); j++) {
		const char *s = body(&im->lines[j]);
		size_t len = body_len(&im->lines[j]), b = blank_span(s, len);

		if (b < len)
			strlist_add_owned(&r->as, xstrndup(s + b, len - b));
	}
}

/*
 * A responsibility cell of a one-cell-per-line table: the names from its whole text, and
 * as written, each of its lines (a cell over several lines is not one line of the text).
 */
static void
bar_cell_resp(struct importer *im, struct resp *r, struct strlist *to, size_t from,
    const char *text, bool stars)
{
	struct tline whole = { .s = text, .len = strlen(text) };
	size_t had = r->as.n;

	cell_resp(r, to, &whole, 0, whole.len, stars);
	if (r->as.n == had || bar_line(&im->lines[from + 1]))
		return;
	free(r->as.v[--r->as.n]);
	bar_cell_as(im, r, from);
}

/* A row: an item whose heading is its first line, the rest of its cells its text. */
static void
cell_row(struct importer *im, const size_t *cell, size_t ncells, unsigned depth, size_t parent)
{
	const struct tline *first = &im->lines[cell[0]];
	size_t id = add_node(im, NODE_ITEM, first);
	struct table *t = &im->tab;
	struct resp r = { 0 };
	struct node *nd = &im->doc->nodes[id];
	size_t deadline_cell = SIZE_MAX;

	nd->depth = depth;
	nd->parent = parent;
	nd->heading = line_copy(first);
	node_lines(im, id, cell[0] + 1, cell[ncells]);
	for (size_t c = 0; c < ncells; c++) {
		int col = (int)c + (t->col_group >= 0 && ncells < (size_t)t->ncols);
		char *text = cell_text(im, cell[c]);

		if (col == t->col_number)
			nd->number = text, nd->num.value = atoi(text);
		else if (col == t->col_task)
			nd->title = text;
		else if (col == t->col_resp || col == t->col_lead || col == t->col_coop) {
			bar_cell_resp(im, &r, col == t->col_lead ? &r.lead : col == t->col_coop ?
			    &r.cooperate : &r.responsible, cell[c], text,
			    col == t->col_resp && t->star_leads);
			free(text);
		} else if (col == t->col_deadline && text[0] != '\0') {
			strlist_add_owned(&r.deadlines, text);
			deadline_cell = cell[c];
		}
		else {
			strlist_add(&nd->fields, col < t->ncols ? t->names[col] : "");
			strlist_add_owned(&nd->fields, text);
		}
	}
	if (nd->number == NULL)
		nd->number = xstrdup("");
	if (r.lead.n + r.responsible.n + r.cooperate.n + r.deadlines.n != 0) {
		if (r.as.n == 0) /* a deadline alone: its cell is the responsibility as written */
			bar_cell_as(im, &r, deadline_cell);
		r.line = first->no;
		r.col = 1;
		*node_add_resp(nd) = r;
	}
	im->current = id;
}

/* The header's cells as one tab-separated line, for the columns' roles: whether it is one. */
static bool
bar_header(struct importer *im, const size_t *cell, size_t h)
{
	struct buf hb = { 0 };
	struct tline hl;
	bool ok;

	for (size_t c = 0; c < h; c++) {
		char *text = cell_text(im, cell[c]);

		buf_printf(&hb, "%s%s", c ? "\t" : "", text);
		free(text);
	}
	hl = (struct tline){ .s = hb.s, .len = hb.len };
	ok = table_header(im, &hl);
	buf_free(&hb);
	return ok;
}

/*
 * A task table pasted one cell per line, each cell followed by a line holding | alone (how
 * a web page's table copies): its header of column names, then rows, a merged category
 * cell only on the first row of its group. Where the table ends, or i when there is none.
 */
static size_t
bar_table(struct importer *im, size_t i)
{
	size_t cell[256], n = bar_cells(im, i, cell, 255), h = 0, k, id, parent = SIZE_MAX;
	unsigned depth, known = 0;
	int role;

	while (h < n && !number_cell(im, cell[h])) /* the header: the cells before a row's 序号 */
		h++;
	if (h > 0 && column_role(body(&im->lines[cell[0]]), body_len(&im->lines[cell[0]]), &role) &&
	    role == 2)
		h--; /* the first row's category cell, under the header's first column */
	for (size_t c = 0; c < h; c++)
		known += (unsigned)column_role(body(&im->lines[cell[c]]),
		    body_len(&im->lines[cell[c]]), &role);
	if (h < 3 || known < 2 || n <= h)
		return i;
	if (!bar_header(im, cell, h))
		return i;
	if (im->current == SIZE_MAX) {
		for (size_t j = i; j < cell[h]; j++)
			add_matter(im, MATTER_PREAMBLE, &im->lines[j]);
	} else
		node_lines(im, im->current, i, cell[h]);
	depth = im->tab.depth;
	parent = im->tab.parent;
	id = SIZE_MAX;
	for (k = h; k < n;) {
		size_t row = im->tab.ncols > 0 ? (size_t)im->tab.ncols : 1; /* cells in a row */

		if (im->tab.col_group == 0 && im->tab.col_number == 1 && !number_cell(im, cell[k])) {
			id = cell_group(im, cell[k], cell[k + 1], depth, parent);
			k++;
		}
		if (k == n)
			break; /* a category cell with no row after it */
		if (im->tab.col_group == 0 && row > 1)
			row--; /* the category cell came before, on a group's first row only */
		if (row > n - k)
			row = n - k;
		cell_row(im, cell + k, row, depth + (id != SIZE_MAX), id != SIZE_MAX ? id : parent);
		k += row;
	}
	im->tab.on = false;
	return cell[n];
}

/* ---- the body ---- */

/* An attachment's first line: 附件1, 附件一：, 附件 (and at most a short title after it). */
static bool
attachment_start(const struct importer *im, size_t i)
{
	const struct tline *l = &im->lines[i];
	size_t j;

	if (!l->numbered || l->num.style != NUM_ATTACHMENT || l->indent > 0 ||
	    chars(l) > SHORT_LINE)
		return false;
	/* 附件：1.… then a signature and a date is the list of attachments, not one */
	for (j = i + 1; j < im->n && j < i + 10; j++)
		if (is_date(body(&im->lines[j]), body_len(&im->lines[j])))
			return false;
	return true;
}

/* Whether the plan's own text has ended at line i: its signature and date, 抄送, 印发. */
static bool
tail_starts(const struct importer *im, size_t i)
{
	const struct tline *l = &im->lines[i];
	const char *s = body(l);
	size_t len = body_len(l);

	if (l->blank)
		return false;
	if (l->numbered && l->num.style == NUM_ATTACHMENT && !attachment_start(im, i))
		return true; /* 附件：1.… */
	return signature_at(im, i) || has_prefix(s, len, "抄送") ||
	    (has_suffix(s, len, "印发") && has_date(s, len));
}

/*
 * Whether the plan proper begins at line i, after the signature and date that ended a
 * notice: a title, then within a few lines a numbered heading.
 */
static bool
plan_follows(const struct importer *im, size_t i)
{
	if (!title_like(im, &im->lines[i]) || signature_at(im, i) || is_remark(body(&im->lines[i]),
	    body_len(&im->lines[i])))
		return false;
	for (size_t j = i + 1; j < im->n && j < i + 12; j++)
		if (plan_heading(&im->lines[j]))
			return true;
	return false;
}

/* A line of the back matter. */
static void
tail_line(struct importer *im, size_t i, bool *in_note)
{
	const struct tline *l = &im->lines[i];
	const char *s = body(l);
	size_t len = body_len(l);
	enum matter m = MATTER_TEXT;

	if (l->numbered && l->num.style == NUM_ATTACHMENT)
		m = MATTER_ATTACHMENT_NOTE, *in_note = true;
	else if (*in_note && l->numbered && l->indent > 0 && !signature_at(im, i))
		m = MATTER_ATTACHMENT_NOTE;
	else if (signature_at(im, i))
		m = MATTER_SIGNATURE, *in_note = false;
	else if (is_date(s, len))
		m = MATTER_DATE, *in_note = false;
	else if (is_remark(s, len))
		m = MATTER_REMARK;
	else if (has_prefix(s, len, "抄送"))
		m = MATTER_CC;
	else if (has_suffix(s, len, "印发") && has_date(s, len))
		m = MATTER_PRINTER;
	add_matter(im, m, l);
}

/* Open an attachment: an item of its own at the top, its items under it. */
static void
open_attachment(struct importer *im, const struct tline *l)
{
	size_t id = add_node(im, NODE_ITEM, l);
	struct node *nd = &im->doc->nodes[id];

	nd->heading = line_copy(l);
	set_number(nd, l);
	im->nlv = 0;
	im->base = 1;
	im->base_parent = id;
	memset(im->runon, 0, sizeof im->runon);
	im->current = id;
	im->resp_open = false;
	im->tab.on = false;
}

/* A line of text: the item's (with a responsibility that may close it), or the preamble's. */
static void
plain_line(struct importer *im, const struct tline *l)
{
	struct node *nd;

	if (im->current == SIZE_MAX) {
		add_matter(im, MATTER_PREAMBLE, l);
		if (resp_states_rule(body(l), body_len(l)))
			im->doc->lead_rule = LEAD_RULE_FIRST;
		return;
	}
	if (resp_states_rule(body(l), body_len(l)))
		im->doc->lead_rule = LEAD_RULE_FIRST;
	nd = &im->doc->nodes[im->current];
	strlist_add_owned(&nd->text, line_copy(l));
	take_tail_resp(im, im->current, l, l->indent);
	im->resp_open = false;
}

static void
body_line(struct importer *im, size_t i)
{
	const struct tline *l = &im->lines[i];
	int k;

	if (l->blank) {
		add_blank(im);
		return;
	}
	if (i == im->joined && im->current != SIZE_MAX) { /* read with the line before */
		strlist_add_owned(&im->doc->nodes[im->current].text, line_copy(l));
		return;
	}
	if (attachment_start(im, i)) {
		open_attachment(im, l);
		return;
	}
	if (im->tab.on && table_row(im, l))
		return;
	if (table_header(im, l)) {
		if (im->current == SIZE_MAX) {
			add_matter(im, MATTER_PREAMBLE, l);
			im->tab.on = true; /* the table begins under the matter, at the top */
		} else
			strlist_add_owned(&im->doc->nodes[im->current].text, line_copy(l));
		return;
	}
	if (l->numbered && l->num.style != NUM_ATTACHMENT && (k = place_heading(im, l)) >= 0) {
		open_item(im, l, k);
		take_tail_resp(im, im->current, l, l->indent + l->num.len);
		return;
	}
	if (take_resp_line(im, l))
		return;
	plain_line(im, l);
}

/* The document's rule that the first unit named leads: the others named cooperate. */
static void
apply_lead_rule(struct document *d)
{
	if (d->lead_rule != LEAD_RULE_FIRST)
		return;
	for (size_t i = 0; i < d->nnodes; i++)
		for (size_t j = 0; j < d->nodes[i].nresp; j++) {
			struct resp *r = &d->nodes[i].resp[j];

			if (r->lead.n != 0 || r->responsible.n == 0)
				continue;
			strlist_add_owned(&r->lead, r->responsible.v[0]);
			for (size_t k = 1; k < r->responsible.n; k++)
				strlist_add_owned(&r->cooperate, r->responsible.v[k]);
			r->responsible.n = 0;
			r->first_leads = true;
		}
}

/* Whether the item's heading, less its responsibility, ends a clause of a list: ；，。 */
static bool
ends_in_list_punct(const struct node *nd)
{
	size_t len;

	if (nd->heading == NULL)
		return false; /* a table's merged category cell: no line of its own */
	len = strlen(nd->heading);
	if (nd->nresp != 0 && nd->resp[0].as.n != 0) {
		const char *at = strstr(nd->heading, nd->resp[0].as.v[0]);

		if (at != NULL)
			len = (size_t)(at - nd->heading);
	}
	len = blank_trim(nd->heading, len);
	return has_suffix(nd->heading, len, "；") || has_suffix(nd->heading, len, "，") ||
	    has_suffix(nd->heading, len, ";");
}

/*
 * A responsibility closing the last of a list of sub-items (①…；②…；③…。（甲负责）), none
 * of which has one of its own, is the parent item's.
 */
static void
hoist_list_resp(struct document *d, size_t parent)
{
	struct node *pn = &d->nodes[parent];
	size_t kids = 0, last = SIZE_MAX, with = 0;
	bool listy = true;

	if (pn->kind != NODE_ITEM || pn->nresp != 0)
		return;
	for (size_t i = parent + 1; i < pn->end; i++) {
		const struct node *c = &d->nodes[i];

		if (c->parent != parent)
			continue;
		if (last != SIZE_MAX && !ends_in_list_punct(&d->nodes[last]) &&
		    d->nodes[last].num.style != NUM_CIRCLED &&
		    d->nodes[last].num.style != NUM_ARABIC_PAREN &&
		    d->nodes[last].num.style != NUM_ARABIC_RPAREN)
			listy = false; /* the items before the last must read as a list */
		kids++;
		last = i;
		with += c->nresp != 0;
		if (c->kind != NODE_ITEM)
			listy = false;
	}
	if (kids < 2 || with != 1 || d->nodes[last].nresp == 0 || !listy ||
	    d->nodes[last].end != last + 1)
		return;
	pn->resp = d->nodes[last].resp;
	pn->nresp = d->nodes[last].nresp;
	d->nodes[last].resp = NULL;
	d->nodes[last].nresp = 0;
}

/* Where each subtree ends, the items' titles, and lists' responsibilities in their place. */
static void
finish_tree(struct document *d)
{
	document_finish_tree(d, 0);
	for (size_t i = 0; i < d->nnodes; i++) {
		struct node *nd = &d->nodes[i];

		if (nd->kind == NODE_ITEM && nd->title == NULL)
			nd->title = item_title(nd->heading, &nd->num, &nd->text);
	}
	for (size_t i = 0; i < d->nnodes; i++)
		hoist_list_resp(d, i);
}

/* A group in brackets that closes a title: （征求意见稿）, (2), （某府〔2021〕22号）. */
static bool
trailing_group(const char *s, size_t len, size_t *start)
{
	int depth = 0;

	if (!has_suffix(s, len, "）") && !has_suffix(s, len, ")"))
		return false;
	for (size_t i = len; i-- > 0;) {
		if (has_prefix(s + i, len - i, "）") || s[i] == ')')
			depth++;
		else if ((has_prefix(s + i, len - i, "（") || s[i] == '(') && --depth == 0) {
			*start = i;
			return i > 0;
		}
	}
	return false;
}

/* The words of a draft's status: （征求意见稿）, （试行）. */
static bool
status_word(const char *s, size_t len)
{
	static const char *const words[] = {
		"征求意见稿", "试行", "送审稿", "草案", "修订稿", "讨论稿", "代拟稿", "暂行", "修订",
	};

	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (len == strlen(words[k]) && memcmp(s, words[k], len) == 0)
			return true;
	return false;
}

/*
 * Take the groups in brackets off the end of a title, into the document's status, part
 * (a number alone) or document number; the title keeps the others (（2023—2025年）).
 */
static size_t
title_groups(struct document *d, const char *s, size_t len)
{
	size_t at;

	while (trailing_group(s, len, &at)) {
		size_t open = s[at] == '(' ? 1 : strlen("（");
		size_t close = has_suffix(s, len, ")") ? 1 : strlen("）");
		const char *in = s + at + open;
		size_t inlen = len - at - open - close;
		char **slot = NULL;

		if (status_word(in, inlen))
			slot = &d->status;
		else if (inlen > 0 && strspn(in, "0123456789") == inlen)
			slot = &d->part;
		else if (is_doc_number(in, inlen))
			slot = &d->doc_number;
		if (slot == NULL || *slot != NULL)
			break;
		*slot = xstrndup(in, inlen);
		len = at;
	}
	return len;
}

/* The document's title, status and number from its matter. */
static void
derive_title(struct document *d)
{
	struct buf b = { 0 };
	bool in_title = false;

	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		if (nd->kind != NODE_MATTER)
			break;
		if (nd->matter == MATTER_DOC_NUMBER && d->doc_number == NULL && nd->text.n > 0) {
			size_t at, len = blank_strip(nd->text.v[0], strlen(nd->text.v[0]), &at);

			d->doc_number = xstrndup(nd->text.v[0] + at, len);
		}
		if (nd->matter != MATTER_TITLE && nd->matter != MATTER_SUBTITLE) {
			if (in_title)
				break;
			continue;
		}
		in_title = true;
		for (size_t k = 0; k < nd->text.n; k++) {
			const char *s = nd->text.v[k];
			size_t b0, len = blank_strip(s, strlen(s), &b0);

			if (len == 0)
				continue;
			if (nd->matter == MATTER_SUBTITLE)
				len = title_groups(d, s + b0, len);
			buf_add(&b, s + b0, len);
		}
	}
	if (b.s != NULL)
		b.len = title_groups(d, b.s, b.len), b.s[b.len] = '\0';
	d->title = b.len != 0 ? buf_detach(&b) : NULL; /* none: the text has no title line */
	buf_free(&b);
}

/* The length of a date 2019年11月26日 at p (not inside a longer number), or 0. */
static int
date_at(const char *s, const char *p, int *y, int *mo, int *da)
{
	int n = -1; /* sscanf() counts the numbers read: only n set says 日 was there too */

	if (p != s && p[-1] >= '0' && p[-1] <= '9')
		return 0;
	if (sscanf(p, "%4d年%d月%d日%n", y, mo, da, &n) != 3 || n <= 0 || *y < 1000 ||
	    *mo < 1 || *mo > 12 || *da < 1 || *da > 31)
		return 0;
	return n;
}

/* The length of a time 10:29 or 9:05 at p, or 0. */
static int
time_at(const char *p, int *h, int *mi)
{
	int n;

	if (!isdigit((unsigned char)p[0]))
		return 0;
	n = isdigit((unsigned char)p[1]) ? 2 : 1;
	if (p[n] != ':' || !isdigit((unsigned char)p[n + 1]) || !isdigit((unsigned char)p[n + 2]))
		return 0;
	*h = atoi(p);
	*mi = atoi(p + n + 1);
	return *h < 24 && *mi < 60 ? n + 3 : 0;
}

/* The byline a web page gives under its title: issuer, 2019年11月26日, 10:29, 分类:category. */
static void
read_byline(struct document *d, const char *s)
{
	const char *p = s, *date = NULL;
	int y = -1, mo = -1, da = -1, h = -1, mi = -1, n = 0;

	for (; *p != '\0' && date == NULL; p++)
		if ((n = date_at(s, p, &y, &mo, &da)) > 0)
			date = p;
	if (date == NULL || d->published != NULL)
		return;
	p = date + n;
	if ((n = time_at(p, &h, &mi)) > 0) {
		d->published = xasprintf("%04d-%02d-%02d %02d:%02d", y, mo, da, h, mi);
		p += n;
	} else
		d->published = xasprintf("%04d-%02d-%02d", y, mo, da);
	if (has_prefix(p, strlen(p), "分类:") || has_prefix(p, strlen(p), "分类："))
		d->category = xstrdup(p + (p[strlen("分类")] == ':' ? strlen("分类:") :
		    strlen("分类：")));
	if (date != s && d->issuer == NULL)
		d->issuer = xstrndup(s, (size_t)(date - s));
}

/* Where the text the document gives back first differs from the input: a warning there. */
static void
verify_round_trip(struct importer *im, const char *bytes, size_t len)
{
	struct buf t = { 0 };
	size_t elen, i = 0;
	char *out;
	unsigned line = 1, col = 1;

	export_text(&t, im->doc, NULL);
	out = text_encode(t.s != NULL ? t.s : "", t.len, &im->doc->src, &elen);
	while (out != NULL && i < elen && i < len && out[i] == bytes[i]) {
		if (bytes[i] == '\n')
			line++, col = 1;
		else if (((unsigned char)bytes[i] & 0xc0) != 0x80)
			col++;
		i++;
	}
	if (out == NULL || i != len || elen != len)
		diag_add(im->diags, DIAG_WARNING, im->path, line, col, "the text export does not "
		    "give this line back byte for byte%s", out == NULL ?
		    " (the text does not convert back to its encoding)" : "");
	free(out);
	buf_free(&t);
}

/*
 * Import a plan's text (len bytes named path, in encoding, or detected when NULL) into a new
 * document: every line lands in it as written. NULL, with an error in diags, when the bytes
 * are not text; warnings say where the structure had to be guessed.
 */
struct document *
import_text(const char *path, const char *bytes, size_t len, const char *encoding,
    struct diags *diags)
{
	struct importer im = { .path = path, .diags = diags, .current = SIZE_MAX,
		.base_parent = SIZE_MAX, .joined = SIZE_MAX };
	size_t tlen, i, next;
	struct source_form form;
	char *text = text_decode(path, bytes, len, encoding, &form, &tlen, diags);
	bool in_note = false, tail = false;

	if (text == NULL)
		return NULL;
	im.doc = document_create();
	im.doc->path = xstrdup(path);
	im.doc->src = form;
	split_lines(&im, text, tlen);
	if ((im.doc->src.blank_between = blank_between(&im)))
		drop_blank_lines(&im);
	for (i = 0; i < im.n; i++) {
		if (resp_states_rule(im.lines[i].s, im.lines[i].len))
			im.doc->lead_rule = LEAD_RULE_FIRST;
		im.star_rule |= star_rule(im.lines[i].s, im.lines[i].len);
	}
	for (i = 0; i < im.n && im.lines[i].blank; i++)
		add_blank(&im);
	i = front_header(&im, i);
	i = front_notice(&im, i);
	i = front_title(&im, i);
	for (; i < im.n; i++) {
		if (!tail && tail_starts(&im, i))
			tail = true;
		if (tail && attachment_start(&im, i)) {
			tail = false;
			in_note = false;
		}
		if (tail && plan_follows(&im, i)) { /* a notice's end, then the plan */
			tail = false;
			i = front_title(&im, i) - 1;
			continue;
		}
		if (tail && im.lines[i].blank)
			add_blank(&im);
		else if (tail)
			tail_line(&im, i, &in_note);
		else if ((next = bar_table(&im, i)) != i)
			i = next - 1;
		else
			body_line(&im, i);
	}
	apply_lead_rule(im.doc);
	finish_tree(im.doc);
	derive_title(im.doc);
	for (size_t k = 0; k < im.doc->nnodes; k++)
		if (im.doc->nodes[k].kind == NODE_MATTER && im.doc->nodes[k].matter == MATTER_BYLINE)
			read_byline(im.doc, im.doc->nodes[k].text.v[0]);
	for (int c = 0; c < im.tab.ncols; c++)
		free(im.tab.names[c]);
	free(im.lines);
	free(text);
	verify_round_trip(&im, bytes, len);
	return im.doc;
}
