/* test_numeral.c: Chinese numerals and clause specifications. */
#include <stdlib.h>

#include "tap.h"

static void
round_trip(int n, const char *text)
{
	char *s = numeral_format(n);

	is_str(s, text, text);
	is_int(numeral_parse(text, strlen(text)), n, text);
	free(s);
}

void
test_numeral(void)
{
	round_trip(1, "一");
	round_trip(5, "五");
	round_trip(10, "十");
	round_trip(15, "十五");
	round_trip(20, "二十");
	round_trip(23, "二十三");
	round_trip(30, "三十");
	round_trip(99, "九十九");
	round_trip(100, "一百");
	round_trip(101, "一百零一");
	round_trip(110, "一百一十");
	round_trip(115, "一百一十五");
	round_trip(1001, "一千零一");
	round_trip(1010, "一千零一十");
	round_trip(2300, "二千三百");
	round_trip(10000, "一万");
	round_trip(10010, "一万零一十");
	round_trip(20300, "二万零三百");
	round_trip(123456, "十二万三千四百五十六");
	round_trip(100000, "十万");
	round_trip(1000001, "一百万零一");
	round_trip(99999999, "九千九百九十九万九千九百九十九");
	is_int(numeral_parse("一十五", strlen("一十五")), -1, "一十五 is not the canonical 十五");
	is_int(numeral_parse("一百零零一", strlen("一百零零一")), -1, "a doubled 零 is refused");
	is_int(numeral_parse("一亿", strlen("一亿")), -1, "亿 is beyond the numbers planview reads");
	is_int(numeral_parse("15", 2), 15, "ASCII digits");
	is_int(numeral_parse("十十", strlen("十十")), -1, "十十 is not a number");
	is_int(numeral_parse("五五", strlen("五五")), -1, "五五 is not a number");
	is_int(numeral_parse("零", strlen("零")), -1, "零 is not a clause number");
	is_int(numeral_parse("0", 1), -1, "0 is not a clause number");
	is_int(numeral_parse("", 0), -1, "empty");
	is_int(numeral_parse("甲", strlen("甲")), -1, "not a numeral");
	is_int(clause_spec_parse("二十三"), 23, "spec 二十三");
	is_int(clause_spec_parse("(二十三)"), 23, "spec (二十三)");
	is_int(clause_spec_parse("（二十三）"), 23, "spec （二十三）");
	is_int(clause_spec_parse("23"), 23, "spec 23");
	is_int(clause_spec_parse("(23"), -1, "unbalanced bracket");
	is_int(clause_spec_parse("x"), -1, "spec x");
}
