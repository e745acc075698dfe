/* numeral.c: Chinese numerals (一 … 九千九百九十九万…) as used for chapter and clause numbers. */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define NUMERAL_MAX 99999999 /* 九千九百九十九万九千九百九十九 */

static const char *const digits[] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

static int
digit_value(uint32_t cp)
{
	static const uint32_t cps[] = {
		0x96f6, 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94, 0x516d, 0x4e03, 0x516b, 0x4e5d,
	};

	for (int i = 0; i < 10; i++)
		if (cps[i] == cp)
			return i;
	return -1;
}

static int
unit_value(uint32_t cp)
{
	switch (cp) {
	case 0x5341: /* 十 */
		return 10;
	case 0x767e: /* 百 */
		return 100;
	case 0x5343: /* 千 */
		return 1000;
	case 0x4e07: /* 万 */
		return 10000;
	}
	return 0;
}

/* Below 10000, in canonical form; `leading` says whether a higher part came first. */
static void
format_small(struct buf *b, int n, bool leading)
{
	static const int units[] = { 1000, 100, 10 };
	static const char *const names[] = { "千", "百", "十" };
	bool zero = false, any = leading;

	for (int i = 0; i < 3; i++) {
		int d = n / units[i] % 10;

		if (d == 0) {
			zero = any;
			continue;
		}
		if (zero)
			buf_puts(b, digits[0]);
		zero = false;
		if (!(units[i] == 10 && d == 1 && !any))
			buf_puts(b, digits[d]); /* 十五, not 一十五, when it leads */
		buf_puts(b, names[i]);
		any = true;
	}
	if (n % 10 != 0) {
		if (zero)
			buf_puts(b, digits[0]);
		buf_puts(b, digits[n % 10]);
	}
}

/* The canonical Chinese numeral for 1 <= n <= 99,999,999 (十五, 一百零一, 二万零三百). */
char *
numeral_format(int n)
{
	struct buf b = { 0 };

	if (n < 1 || n > NUMERAL_MAX)
		return xasprintf("%d", n);
	if (n >= 10000) {
		format_small(&b, n / 10000, false);
		buf_puts(&b, "万");
		if (n % 10000 != 0) /* a gap after 万 gives its 零: 一万零一十 */
			format_small(&b, n % 10000, true);
	} else
		format_small(&b, n, false);
	return buf_detach(&b);
}

/* The value of a numeral's characters, without checking its form; -1 if not one. */
static long
numeral_value(const char *s, size_t len)
{
	long total = 0, section = 0, num = 0;
	size_t i = 0;
	uint32_t cp;
	int v;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		if ((v = digit_value(cp)) >= 0)
			num = v;
		else if ((v = unit_value(cp)) == 10000) {
			total += (section + num) * 10000;
			section = num = 0;
		} else if (v > 0) {
			section += (num == 0 ? 1 : num) * v;
			num = 0;
		} else
			return -1;
		if (total + section > NUMERAL_MAX)
			return -1;
	}
	return total + section + num;
}

/*
 * The value of a Chinese numeral in canonical form (十五 = 15, 一百零一 = 101), or of ASCII
 * digits; -1 if s is neither. Non-canonical spellings (十十, 五五, 一十五) are refused, so a
 * number is always written one way.
 */
int
numeral_parse(const char *s, size_t len)
{
	long v;
	char *canon;
	bool same;

	if (len == 0)
		return -1;
	if (strspn(s, "0123456789") >= len) {
		if (len > 8)
			return -1;
		v = 0;
		for (size_t i = 0; i < len; i++)
			v = v * 10 + (s[i] - '0');
		return v > 0 ? (int)v : -1;
	}
	if ((v = numeral_value(s, len)) <= 0)
		return -1;
	canon = numeral_format((int)v);
	same = strlen(canon) == len && memcmp(canon, s, len) == 0;
	free(canon);
	return same ? (int)v : -1;
}

static bool
strip_pair(const char **s, size_t *len, const char *open, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close);

	if (*len >= lo + lc && memcmp(*s, open, lo) == 0 &&
	    memcmp(*s + *len - lc, close, lc) == 0) {
		*s += lo;
		*len -= lo + lc;
		return true;
	}
	return false;
}

/* A clause as the user names it: 15, 十五, (十五) or （十五）; -1 if none of those. */
int
clause_spec_parse(const char *spec)
{
	const char *s = spec;
	size_t len = strlen(spec);

	if (!strip_pair(&s, &len, "(", ")") && !strip_pair(&s, &len, "（", "）"))
		(void)(strip_pair(&s, &len, "(", "）") || strip_pair(&s, &len, "（", ")"));
	return numeral_parse(s, len);
}
