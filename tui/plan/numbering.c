/* numbering.c: the numbers that open a plan's headings (第一章, 一、, （一）, 1., （1）, ①) and their titles. */
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

/* Decode the character at s[*i] (s is valid UTF-8) and step past it. */
static uint32_t
next_cp(const char *s, size_t len, size_t *i)
{
	uint32_t cp;

	*i += utf8_decode(s + *i, len - *i, &cp);
	return cp;
}

static uint32_t
peek_cp(const char *s, size_t len, size_t i)
{
	return i < len ? next_cp(s, len, &i) : 0;
}

static bool
is_han_digit(uint32_t cp)
{
	static const uint32_t han[] = {
		0x96f6, 0x3007, 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94, 0x516d, 0x4e03, 0x516b,
		0x4e5d, 0x5341, 0x767e, 0x5343, 0x4e07, /* 零〇一二三四五六七八九十百千万 */
	};

	for (size_t i = 0; i < sizeof han / sizeof han[0]; i++)
		if (han[i] == cp)
			return true;
	return false;
}

/* A run of Chinese numeral characters at s[*i]: its value (canonical only), else -1. */
static int
han_number(const char *s, size_t len, size_t *i)
{
	size_t start = *i, at;

	while (*i < len) {
		at = *i;
		if (!is_han_digit(next_cp(s, len, i))) {
			*i = at;
			break;
		}
	}
	if (*i == start || *i - start > 16 * 3) /* 九千九百九十九万九千九百九十九: 15 */
		return -1;
	return numeral_parse(s + start, *i - start);
}

/* A run of 1-3 ASCII or full-width digits at s[*i]: its value, else -1. */
static int
arabic_number(const char *s, size_t len, size_t *i)
{
	int v = 0, n = 0;
	size_t at;
	uint32_t cp;

	while (*i < len && n < 4) {
		at = *i;
		cp = next_cp(s, len, i);
		if (cp >= '0' && cp <= '9')
			v = v * 10 + (int)(cp - '0');
		else if (cp >= 0xff10 && cp <= 0xff19)
			v = v * 10 + (int)(cp - 0xff10);
		else {
			*i = at;
			break;
		}
		n++;
	}
	return n >= 1 && n <= 3 ? v : -1;
}

/* Take one of the given characters at s[*i]; which one (index) or -1. */
static int
take_one(const char *s, size_t len, size_t *i, const uint32_t *set, size_t n)
{
	size_t at = *i;
	uint32_t cp;

	if (*i >= len)
		return -1;
	cp = next_cp(s, len, i);
	for (size_t k = 0; k < n; k++)
		if (set[k] == cp)
			return (int)k;
	*i = at;
	return -1;
}

static const uint32_t opens[] = { '(', 0xff08 };          /* ( （ */
static const uint32_t closes[] = { ')', 0xff09 };         /* ) ） */
static const uint32_t points[] = { '.', 0xff0e, 0x3001 }; /* . ． 、 */

/* ① to ⑳, ㉑ to ㉟, ㊱ to ㊿; ⑴ to ⒇ as (1); ⒈ to ⒛ as 1. */
static bool
circled(uint32_t cp, struct numtok *t)
{
	if (cp >= 0x2460 && cp <= 0x2473)
		t->style = NUM_CIRCLED, t->value = (int)(cp - 0x2460 + 1);
	else if (cp >= 0x3251 && cp <= 0x325f)
		t->style = NUM_CIRCLED, t->value = (int)(cp - 0x3251 + 21);
	else if (cp >= 0x32b1 && cp <= 0x32bf)
		t->style = NUM_CIRCLED, t->value = (int)(cp - 0x32b1 + 36);
	else if (cp >= 0x2474 && cp <= 0x2487)
		t->style = NUM_ARABIC_PAREN, t->value = (int)(cp - 0x2474 + 1);
	else if (cp >= 0x2488 && cp <= 0x249b)
		t->style = NUM_ARABIC, t->value = (int)(cp - 0x2488 + 1);
	else
		return false;
	return true;
}

/* 第N章, 第N节, 第N条, 第N部分, 第N篇: N in Chinese numerals or digits. */
static bool
ordinal(const char *s, size_t len, size_t *i, struct numtok *t)
{
	static const struct {
		const char *word;
		enum num_style style;
	} words[] = {
		{ "章", NUM_CHAPTER }, { "节", NUM_SECTION }, { "條", NUM_ARTICLE },
		{ "条", NUM_ARTICLE }, { "部分", NUM_PART }, { "篇", NUM_PART }, { "節", NUM_SECTION },
	};
	size_t at = *i;

	if (len - *i < strlen("第") || memcmp(s + *i, "第", strlen("第")) != 0)
		return false;
	*i += strlen("第");
	if ((t->value = han_number(s, len, i)) < 0 && (t->value = arabic_number(s, len, i)) < 0) {
		*i = at;
		return false;
	}
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t n = strlen(words[k].word);

		if (len - *i >= n && memcmp(s + *i, words[k].word, n) == 0) {
			*i += n;
			t->style = words[k].style;
			return true;
		}
	}
	*i = at;
	return false;
}

/* 附件, 附件1, 附件一, 附件 2, with an optional colon: an attachment's label. */
static bool
attachment(const char *s, size_t len, size_t *i, struct numtok *t)
{
	static const uint32_t colons[] = { ':', 0xff1a };
	size_t at;

	if (len - *i < strlen("附件") || memcmp(s + *i, "附件", strlen("附件")) != 0)
		return false;
	*i += strlen("附件");
	at = *i;
	*i += blank_span(s + *i, len - *i);
	if ((t->value = arabic_number(s, len, i)) < 0 && (t->value = han_number(s, len, i)) < 0) {
		*i = at;
		t->value = 0; /* the only one */
	}
	take_one(s, len, i, colons, 2);
	t->style = NUM_ATTACHMENT;
	return true;
}

/*
 * The number that opens s[0..len) (blanks before it already skipped): its style, value,
 * length with its punctuation, and the blanks after it. False if s opens with none.
 * Whether a number really opens a heading is the caller's judgement (1.5倍 opens with "1."):
 * this only reads the shape.
 */
bool
numbering_parse(const char *s, size_t len, struct numtok *t)
{
	size_t i = 0, at;
	int open, close, point;

	memset(t, 0, sizeof *t);
	if (len == 0)
		return false;
	if (ordinal(s, len, &i, t) || attachment(s, len, &i, t))
		goto done;
	if (circled(peek_cp(s, len, 0), t)) {
		next_cp(s, len, &i);
		goto done;
	}
	if ((open = take_one(s, len, &i, opens, 2)) >= 0) {
		at = i;
		if ((t->value = han_number(s, len, &i)) >= 0)
			t->style = NUM_HAN_PAREN;
		else if ((i = at, t->value = arabic_number(s, len, &i)) >= 0)
			t->style = NUM_ARABIC_PAREN;
		else
			return false;
		if ((close = take_one(s, len, &i, closes, 2)) < 0)
			return false;
		t->half = open == 0;
		goto done;
	}
	if ((t->value = han_number(s, len, &i)) >= 0) {
		if (take_one(s, len, &i, points + 2, 1) < 0) /* 一、 only: 一. is not used */
			return false;
		t->style = NUM_HAN;
		goto done;
	}
	i = 0;
	if ((t->value = arabic_number(s, len, &i)) >= 0) {
		if ((point = take_one(s, len, &i, points, 3)) >= 0) {
			t->style = NUM_ARABIC;
			t->half = point == 0;
		} else if ((close = take_one(s, len, &i, closes, 2)) >= 0) {
			t->style = NUM_ARABIC_RPAREN;
			t->half = close == 0;
		} else
			return false;
		goto done;
	}
	return false;
done:
	if (t->value < 0)
		return false;
	t->len = i;
	t->gap = blank_span(s + i, len - i);
	return true;
}

/*
 * A number as a path part: the number as written without the punctuation that follows it
 * (一、 → 一, 1． → 1, 附件1： → 附件1); brackets around it stay ((一), （1）).
 */
char *
numbering_path_part(const char *number)
{
	static const char *const trail[] = { "、", "．", ".", "：", ":" };
	size_t len = strlen(number);
	bool cut = true;

	while (cut) {
		cut = false;
		for (size_t k = 0; k < sizeof trail / sizeof trail[0]; k++) {
			size_t n = strlen(trail[k]);

			if (len > n && memcmp(number + len - n, trail[k], n) == 0) {
				len -= n;
				cut = true;
			}
		}
		while (len > 0 && (number[len - 1] == ' ' || number[len - 1] == '\t'))
			len--, cut = true;
	}
	return xstrndup(number, len);
}

/* Whether the code point is part of a number as written: a digit, a Chinese numeral, ①. */
static bool
number_char(uint32_t cp)
{
	static const char han[] = "零〇一二三四五六七八九十百千万两";

	if ((cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19) ||
	    (cp >= 0x2460 && cp <= 0x2473))
		return true;
	for (size_t i = 0; i < sizeof han - 1;) {
		uint32_t h;

		i += (size_t)utf8_decode(han + i, sizeof han - 1 - i, &h);
		if (h == cp)
			return true;
	}
	return false;
}

/*
 * The number token tok[0..len) (style t) written with another value, its punctuation
 * kept: （二） → （三）, 4. → 3., ② → ③. For messages.
 */
char *
numbering_renumber(const char *tok, size_t len, const struct numtok *t, int value)
{
	size_t from = 0, to, n;
	uint32_t cp = 0, first;
	struct buf b = { 0 };
	char *digits;

	while (from < len && (n = (size_t)utf8_decode(tok + from, len - from, &cp)) > 0 &&
	    !number_char(cp))
		from += n;
	for (to = from; to < len && (n = (size_t)utf8_decode(tok + to, len - to, &cp)) > 0 &&
	    number_char(cp);)
		to += n;
	if (from == to)
		return xstrndup(tok, len);
	utf8_decode(tok + from, len - from, &first);
	if (t->style == NUM_CIRCLED && value >= 1 && value <= 20) {
		char one[8];

		digits = xstrndup(one, utf8_encode(0x2460 + (uint32_t)value - 1, one));
	} else if (first < 0x80 || (first >= 0xff10 && first <= 0xff19))
		digits = xasprintf("%d", value);
	else
		digits = numeral_format(value);
	buf_add(&b, tok, from);
	buf_puts(&b, digits);
	buf_add(&b, tok + to, len - to);
	free(digits);
	return buf_detach(&b);
}

static const char *const matter_names[] = {
	[MATTER_COPY_NUMBER] = "copy_number", [MATTER_SECRECY] = "secrecy",
	[MATTER_URGENCY] = "urgency", [MATTER_ISSUER_MARK] = "issuer_mark",
	[MATTER_DOC_NUMBER] = "doc_number", [MATTER_SIGNER] = "signer",
	[MATTER_NOTICE_TITLE] = "notice_title", [MATTER_ADDRESSEE] = "addressee",
	[MATTER_NOTICE] = "notice", [MATTER_TITLE] = "title", [MATTER_SUBTITLE] = "subtitle",
	[MATTER_BYLINE] = "byline", [MATTER_PREAMBLE] = "preamble",
	[MATTER_ATTACHMENT_NOTE] = "attachment_note", [MATTER_SIGNATURE] = "signature",
	[MATTER_DATE] = "date", [MATTER_REMARK] = "remark", [MATTER_CC] = "cc",
	[MATTER_PRINTER] = "printer", [MATTER_TEXT] = "text",
};

/* The schema's name of a part of the matter: doc_number, addressee... */
const char *
matter_name(enum matter m)
{
	return matter_names[m];
}

/* The part a schema name stands for, or -1. */
int
matter_parse(const char *name)
{
	for (int m = 0; m < NMATTERS; m++)
		if (strcmp(matter_names[m], name) == 0)
			return m;
	return -1;
}

/* The value of a bare number typed by a person: 15, 十五, １５; -1 if it is not one. */
static int
bare_value(const char *s, size_t len)
{
	size_t i = 0;
	int v;

	if (len <= 8 && strspn(s, "0123456789") == len)
		return atoi(s); /* a number typed: as long as the documents' own may be */
	if ((v = arabic_number(s, len, &i)) >= 0 && i == len)
		return v;
	i = 0;
	if ((v = han_number(s, len, &i)) >= 0 && i == len)
		return v;
	return -1;
}

/*
 * Whether a part of a path a person typed names an item numbered `number` (as written, of
 * the shape t): 15, 十五, (十五), （十五）, 第三章, 附件1, or the number as written.
 */
bool
numbering_matches(const char *spec, const struct numtok *t, const char *number)
{
	size_t b, len = blank_strip(spec, strlen(spec), &b);
	struct numtok typed;
	char *part;
	bool same;
	int v;

	spec += b;
	if (len == 0)
		return false;
	part = numbering_path_part(number);
	same = strlen(part) == len && memcmp(part, spec, len) == 0;
	free(part);
	if (same || strncmp(number, spec, len) == 0)
		return same || strlen(number) == len;
	if ((v = bare_value(spec, len)) >= 0)
		return t->value == v && (t->style != NUM_NONE || v > 0);
	if (numbering_parse(spec, len, &typed) && typed.len + typed.gap == len)
		return typed.style == t->style && typed.value == t->value;
	return false;
}
