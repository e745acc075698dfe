/* numeral.c: Chinese numerals (一 … 九十九) as used for chapter and clause numbers. */
#include <stdlib.h>
#include <string.h>

#include "planview.h"

static const char *const digits[] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};
#define TEN "十"

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

/*
 * The value of a Chinese numeral from 1 to 99 (十五 = 15, 二十 = 20, 三十一 = 31), or of
 * ASCII digits; -1 if s is neither.
 */
int
numeral_parse(const char *s, size_t len)
{
	int tens = -1, units = -1, v;
	size_t i = 0;
	uint32_t cp;

	if (len == 0)
		return -1;
	if (strspn(s, "0123456789") >= len) {
		if (len > 4)
			return -1; /* numbers stay small: a clause table indexed by number is safe */
		v = 0;
		for (i = 0; i < len; i++)
			v = v * 10 + (s[i] - '0');
		return v > 0 ? v : -1;
	}
	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		if (cp == 0x5341) {		/* 十 */
			if (tens != -1)
				return -1;
			tens = units == -1 ? 1 : units;
			units = -1;
		} else if ((v = digit_value(cp)) > 0) {
			if (units != -1)
				return -1;
			units = v;
		} else
			return -1;
	}
	if (tens == -1)
		return units;
	return tens * 10 + (units == -1 ? 0 : units);
}

/* The Chinese numeral for 1 <= n <= 99. */
char *
numeral_format(int n)
{
	struct buf b = { 0 };

	if (n < 1 || n > 99)
		return xasprintf("%d", n);
	if (n >= 20)
		buf_puts(&b, digits[n / 10]);
	if (n >= 10)
		buf_puts(&b, TEN);
	if (n % 10 != 0)
		buf_puts(&b, digits[n % 10]);
	return buf_detach(&b);
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
