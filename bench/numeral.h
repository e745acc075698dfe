/*
 * numeral.h: canonical Chinese numerals for 1 .. 99,999,999, shared by gen.c and bench.c.
 *
 * Canonical form: a leading 十 drops its 一 (十五, 十二万三千四百五十六) but a 十 anywhere
 * else keeps it (一百一十, 一万零一十); zeros inside a number are written once as 零
 * (一千零一, 一千零一十); trailing zeros of a group are not written (二万, 一千一百), and a
 * lower group below 一千 after a 万 group starts with 零 (一万零一十, 二万零三百).
 */
#ifndef BENCH_NUMERAL_H
#define BENCH_NUMERAL_H

#include <string.h>

static const char *const cn_digit[] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};
static const char *const cn_unit[] = { "", "十", "百", "千" };

/* Append the numeral for 0 < g < 10000 to out; `leading`: g starts the whole number. */
static void
cn_group(char *out, int g, int leading)
{
	int d[4] = { g / 1000, g / 100 % 10, g / 10 % 10, g % 10 };
	int started = 0, zero = 0;

	for (int i = 0; i < 4; i++) {
		int pos = 3 - i;

		if (d[i] == 0) {
			if (started)
				zero = 1;
			continue;
		}
		if (zero) {
			strcat(out, "零");
			zero = 0;
		}
		if (!(pos == 1 && d[i] == 1 && !started && leading))
			strcat(out, cn_digit[d[i]]);
		strcat(out, cn_unit[pos]);
		started = 1;
	}
}

/* The canonical numeral for 1 <= n <= 99999999 into out (at least 64 bytes); "" otherwise. */
static char *
cn_numeral(int n, char *out)
{
	int hi = n / 10000, lo = n % 10000;

	out[0] = '\0';
	if (n < 1 || n > 99999999)
		return out;
	if (hi > 0) {
		cn_group(out, hi, 1);
		strcat(out, "万");
		if (lo > 0) {
			if (lo < 1000)
				strcat(out, "零");
			cn_group(out, lo, 0);
		}
	} else
		cn_group(out, lo, 1);
	return out;
}

#endif
