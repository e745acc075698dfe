/* test_utf8.c: decoding, validation, width and escaping of unsafe characters. */
#include <stdlib.h>

#include "tap.h"

static void
sanitized(const char *in, size_t len, const char *want, const char *name)
{
	struct buf b = { 0 };

	utf8_sanitize(&b, in, len);
	is_str(b.s, want, name);
	buf_free(&b);
}

static void
fitted(const char *s, size_t width, bool keep_end, const char *want, const char *name)
{
	struct buf b = { 0 };

	utf8_fit(&b, s, strlen(s), width, keep_end, false);
	is_str(b.s != NULL ? b.s : "", want, name);
	buf_free(&b);
}

void
test_utf8(void)
{
	uint32_t cp;
	size_t bad = 99;

	is_int(utf8_decode("财", 3, &cp), 3, "财 is three bytes");
	is_int(cp, 0x8d22, "财 is U+8D22");
	is_int(utf8_decode("\xe8\xb4", 2, &cp), 1, "truncated sequence consumes one byte");
	is_int(cp, 0xfffd, "truncated sequence decodes as U+FFFD");
	utf8_decode("\xc0\xaf", 2, &cp);
	is_int(cp, 0xfffd, "overlong / is rejected");
	utf8_decode("\xed\xa0\x80", 3, &cp);
	is_int(cp, 0xfffd, "surrogate is rejected");
	ok(utf8_validate("天津", strlen("天津"), NULL), "valid text validates");
	ok(!utf8_validate("ab\xff", 3, &bad) && bad == 2, "bad byte found at its offset");
	is_int(utf8_width("天津ab", strlen("天津ab"), false), 6, "CJK is two columns");
	is_int(utf8_width("“", strlen("“"), false), 1, "ambiguous narrow by default");
	is_int(utf8_width("“", strlen("“"), true), 2, "ambiguous wide when asked");
	is_int(utf8_width("，", strlen("，"), false), 2, "full-width comma is wide");
	sanitized("a\033]52;c;x\007b", 11, "a^[]52;c;x^Gb", "OSC 52 escaped");
	sanitized("x\ry", 3, "x^My", "carriage return escaped");
	sanitized("\xc2\x9b" "6n", 4, "<U+009B>6n", "C1 CSI escaped");
	sanitized("\xe2\x80\xae" "abc", 6, "<U+202E>abc", "bidi override escaped");
	sanitized("a\xe2\x80\x8b" "b", 5, "a<U+200B>b", "zero-width space escaped");
	sanitized("a\xff" "b", 3, "a<0xFF>b", "invalid byte escaped");
	sanitized("a\0b", 3, "a^@b", "NUL escaped, not truncating");
	sanitized("市财政局", strlen("市财政局"), "市财政局", "CJK passes");
	fitted("abc", 3, false, "abc", "fit: what fits is whole");
	fitted("cannot write x: Permission denied", 30, false, "cannot write x: Permission…",
	    "fit: a message ends after a word, in …");
	fitted("九、健全区域发展保障机制 › (二十六)", 20, true, "…保障机制 › (二十六)",
	    "fit: a breadcrumb loses its start, the item's number stays");
	fitted("转移支付制度", 7, false, "转移支…", "fit: CJK cut anywhere");
	fitted("abc", 0, false, "", "fit: no room, nothing");
}
