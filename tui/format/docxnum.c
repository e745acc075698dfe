/* docxnum.c: Word's automatic list numbers (word/numbering.xml) rendered as the reader sees them. */
#include <stdlib.h>
#include <string.h>

#include "format/docx.h"

static const char *const tiangan[] = { "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸" };
static const char *const dizhi[] = { "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉",
	"戌", "亥" };
static const char *const digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

static int
attr_int(const xmlNode *n, const char *child, int dflt)
{
	const char *v = xml_attr(xml_child(n, child), "val");

	return v != NULL ? atoi(v) : dflt;
}

static void
read_lvl(struct numlvl *l, const xmlNode *n)
{
	const char *fmt = xml_attr(xml_child(n, "numFmt"), "val");
	const char *text = xml_attr(xml_child(n, "lvlText"), "val");
	const char *suff = xml_attr(xml_child(n, "suff"), "val");

	l->start = attr_int(n, "start", 1);
	l->restart = attr_int(n, "lvlRestart", -1);
	l->legal = xml_child(n, "isLgl") != NULL;
	l->no_suffix = suff != NULL && strcmp(suff, "nothing") == 0;
	free(l->fmt);
	free(l->text);
	l->fmt = xstrdup(fmt != NULL ? fmt : "decimal");
	l->text = xstrdup(text != NULL ? text : "");
}

static struct abstractnum *
find_abstract(struct numbering *nb, int id)
{
	for (size_t i = 0; i < nb->nabs; i++)
		if (nb->abs[i].id == id)
			return &nb->abs[i];
	return NULL;
}

static struct docxnum *
find_num(struct numbering *nb, int id)
{
	for (size_t i = 0; i < nb->nnums; i++)
		if (nb->nums[i].id == id)
			return &nb->nums[i];
	return NULL;
}

static void
read_abstract(struct numbering *nb, const xmlNode *n)
{
	struct abstractnum *a;

	nb->abs = xreallocarray(nb->abs, nb->nabs + 1, sizeof *nb->abs);
	a = &nb->abs[nb->nabs++];
	memset(a, 0, sizeof *a);
	a->id = atoi(xml_attr(n, "abstractNumId") != NULL ? xml_attr(n, "abstractNumId") : "-1");
	for (int i = 0; i < NUM_LEVELS; i++)
		a->lvl[i].start = 1, a->lvl[i].restart = -1;
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		const char *ilvl = xml_attr(c, "ilvl");

		if (xml_is(c, "lvl") && ilvl != NULL && atoi(ilvl) >= 0 && atoi(ilvl) < NUM_LEVELS)
			read_lvl(&a->lvl[atoi(ilvl)], c);
	}
}

static void
read_num(struct numbering *nb, const xmlNode *n)
{
	struct docxnum *m;

	nb->nums = xreallocarray(nb->nums, nb->nnums + 1, sizeof *nb->nums);
	m = &nb->nums[nb->nnums++];
	memset(m, 0, sizeof *m);
	m->id = atoi(xml_attr(n, "numId") != NULL ? xml_attr(n, "numId") : "-1");
	m->abstract = attr_int(n, "abstractNumId", -1);
	for (int i = 0; i < NUM_LEVELS; i++)
		m->start_override[i] = -1;
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		const char *ilvl = xml_attr(c, "ilvl");
		int l = ilvl != NULL ? atoi(ilvl) : -1;

		if (!xml_is(c, "lvlOverride") || l < 0 || l >= NUM_LEVELS)
			continue;
		m->start_override[l] = attr_int(c, "startOverride", -1);
	}
}

/* Read the list definitions of word/numbering.xml (root may be NULL: no lists). */
void
numbering_read(struct numbering *nb, const xmlNode *root)
{
	memset(nb, 0, sizeof *nb);
	if (root == NULL)
		return;
	for (xmlNode *c = root->children; c != NULL; c = c->next)
		if (xml_is(c, "abstractNum"))
			read_abstract(nb, c);
		else if (xml_is(c, "num"))
			read_num(nb, c);
}

/* Free the list definitions. */
void
numbering_free(struct numbering *nb)
{
	for (size_t i = 0; i < nb->nabs; i++)
		for (int l = 0; l < NUM_LEVELS; l++) {
			free(nb->abs[i].lvl[l].fmt);
			free(nb->abs[i].lvl[l].text);
		}
	free(nb->abs);
	free(nb->nums);
	memset(nb, 0, sizeof *nb);
}

static void
put_cp(struct buf *b, uint32_t cp)
{
	char u[4];

	buf_add(b, u, utf8_encode(cp, u));
}

static void
put_letters(struct buf *b, int n, char base)
{
	int times = (n - 1) / 26 + 1;

	for (int i = 0; i < times; i++)
		buf_putc(b, (char)(base + (n - 1) % 26));
}

static void
put_roman(struct buf *b, int n, bool upper)
{
	static const struct { int v; const char *s; } r[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" }, { 100, "c" },
		{ 90, "xc" }, { 50, "l" }, { 40, "xl" }, { 10, "x" }, { 9, "ix" }, { 5, "v" },
		{ 4, "iv" }, { 1, "i" },
	};

	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		for (; n >= r[i].v; n -= r[i].v)
			for (const char *p = r[i].s; *p != '\0'; p++)
				buf_putc(b, upper ? (char)(*p - 32) : *p);
}

/* Chinese counting, optionally in the financial (大写) characters. */
static void
put_chinese(struct buf *b, int n, bool legal)
{
	static const char *const plain[] = { "一", "二", "三", "四", "五", "六", "七", "八",
		"九", "十", "百", "千", "万", "零" };
	static const char *const big[] = { "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
		"拾", "佰", "仟", "万", "零" };
	char *s = numeral_format(n);

	if (!legal) {
		buf_puts(b, s);
		free(s);
		return;
	}
	for (const char *p = s; *p != '\0';) {
		size_t i, k = strlen("一");

		for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
			if (strncmp(p, plain[i], k) == 0)
				break;
		buf_puts(b, i < sizeof plain / sizeof plain[0] ? big[i] : "?");
		p += i < sizeof plain / sizeof plain[0] ? k : 1;
	}
	free(s);
}

/* Append n in one of Word's number formats (w:numFmt). */
static void
put_number(struct buf *b, int n, const char *fmt)
{
	if (strcmp(fmt, "none") == 0)
		return;
	if (n < 1 && strcmp(fmt, "decimal") != 0 && strcmp(fmt, "decimalZero") != 0)
		fmt = "decimal";
	if (strncmp(fmt, "chineseCounting", 15) == 0 || strcmp(fmt, "japaneseCounting") == 0 ||
	    strcmp(fmt, "taiwaneseCounting") == 0 || strcmp(fmt, "taiwaneseCountingThousand") == 0)
		put_chinese(b, n, false);
	else if (strcmp(fmt, "chineseLegalSimplified") == 0 || strcmp(fmt, "japaneseLegal") == 0)
		put_chinese(b, n, true);
	else if (strcmp(fmt, "ideographDigital") == 0 || strcmp(fmt, "taiwaneseDigital") == 0) {
		char d[16];

		snprintf(d, sizeof d, "%d", n);
		for (char *p = d; *p != '\0'; p++)
			buf_puts(b, digits[*p - '0']);
	} else if (strcmp(fmt, "ideographTraditional") == 0 && n <= 10)
		buf_puts(b, tiangan[n - 1]);
	else if (strcmp(fmt, "ideographZodiac") == 0 && n <= 12)
		buf_puts(b, dizhi[n - 1]);
	else if (strncmp(fmt, "decimalEnclosedCircle", 21) == 0 && n <= 20)
		put_cp(b, 0x2460 + (uint32_t)n - 1);
	else if (strcmp(fmt, "decimalEnclosedParen") == 0 && n <= 20)
		put_cp(b, 0x2474 + (uint32_t)n - 1);
	else if (strcmp(fmt, "decimalEnclosedFullstop") == 0 && n <= 20)
		put_cp(b, 0x2488 + (uint32_t)n - 1);
	else if (strncmp(fmt, "decimalFullWidth", 16) == 0) {
		char d[16];

		snprintf(d, sizeof d, "%d", n);
		for (char *p = d; *p != '\0'; p++)
			put_cp(b, 0xff10 + (uint32_t)(*p - '0'));
	} else if (strcmp(fmt, "lowerLetter") == 0)
		put_letters(b, n, 'a');
	else if (strcmp(fmt, "upperLetter") == 0)
		put_letters(b, n, 'A');
	else if (strcmp(fmt, "lowerRoman") == 0)
		put_roman(b, n, false);
	else if (strcmp(fmt, "upperRoman") == 0)
		put_roman(b, n, true);
	else if (strcmp(fmt, "decimalZero") == 0)
		buf_printf(b, "%02d", n);
	else
		buf_printf(b, "%d", n);
}

/* Count one paragraph at level l: start, restart from an override, or go on; reset those below. */
static void
count(struct abstractnum *a, struct docxnum *m, int l)
{
	if (m->start_override[l] >= 0 && !m->override_used[l]) {
		a->counter[l] = m->start_override[l];
		m->override_used[l] = true;
	} else if (!a->counting[l])
		a->counter[l] = a->lvl[l].start;
	else
		a->counter[l]++;
	a->counting[l] = true;
	for (int j = l + 1; j < NUM_LEVELS; j++) {
		int r = a->lvl[j].restart;

		if (r < 0 || (r > 0 && l < r))
			a->counting[j] = false;
	}
}

/* Whether the rendered number ends in punctuation, so no space is needed before the text. */
static bool
ends_in_punct(const struct buf *b)
{
	uint32_t cp;
	size_t at = b->len - 1;

	while (at > 0 && ((unsigned char)b->s[at] & 0xc0) == 0x80)
		at--;
	utf8_decode(b->s + at, b->len - at, &cp);
	return cp == '.' || cp == ')' || cp == ']' || cp == ':' ||
	    (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff0f) ||
	    cp == 0xff09 || cp == 0xff1a || (cp >= 0x2460 && cp <= 0x24ff);
}

/* Append the number of a paragraph of list numId at level ilvl, counting it; nothing if none. */
void
numbering_render(struct numbering *nb, int numId, int ilvl, struct buf *out)
{
	struct docxnum *m = find_num(nb, numId);
	struct abstractnum *a = m != NULL ? find_abstract(nb, m->abstract) : NULL;
	struct buf b = { 0 };
	const struct numlvl *l;

	if (a == NULL || ilvl < 0 || ilvl >= NUM_LEVELS)
		return;
	count(a, m, ilvl);
	l = &a->lvl[ilvl];
	if (l->text == NULL)
		return;
	for (const char *p = l->text; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			int v = a->counting[k] ? a->counter[k] : a->lvl[k].start;

			put_number(&b, v, l->legal || a->lvl[k].fmt == NULL ? "decimal" :
			    a->lvl[k].fmt);
			p++;
		} else
			buf_putc(&b, *p);
	}
	if (b.len > 0) {
		buf_add(out, b.s, b.len);
		if (!l->no_suffix && !ends_in_punct(&b))
			buf_putc(out, ' ');
	}
	buf_free(&b);
}
