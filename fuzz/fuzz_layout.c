/*
 * fuzz_layout.c: input byte 0 is the width (1 to 120 columns); byte 1 holds the flags:
 * bit 0 the ambiguous-wide setting, bits 1-3 the first line's indent and bits 4-6 the
 * other lines' indent (0 to 7, as page_layout() indents paragraphs by 4 and
 * responsibilities by 2); the rest is the text, which must be valid UTF-8 (the reader
 * wraps only sanitized document text). layout_wrap() must cover the text with contiguous
 * lines, losing and repeating no byte, never split a UTF-8 sequence, and fit each line
 * into the columns left after its indent unless the line holds a single character (one
 * character of non-zero width, with any zero-width marks that ride along). A line may end
 * where the breaking rules forbid it (before closing punctuation or a zero-width mark,
 * after opening punctuation, inside an ASCII word) only if no allowed break lies within it.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"



FUZZ_UTF8_INITIALIZE

static bool
boundary(const char *s, size_t len, size_t at)
{
	return at == len || ((unsigned char)s[at] & 0xc0) != 0x80;
}

static bool
is_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/*
 * Whether the line-breaking rules allow a break before the character at byte at (> 0):
 * not before a zero-width mark or closing punctuation, not after opening punctuation, not
 * inside an ASCII word.
 */
static bool
may_break(const char *s, size_t len, size_t at, bool amb)
{
	size_t p = at - 1;
	uint32_t cp, prev;

	while (p > 0 && ((unsigned char)s[p] & 0xc0) == 0x80)
		p--;
	utf8_decode(s + p, len - p, &prev);
	utf8_decode(s + at, len - at, &cp);
	return cp_width(cp, amb) != 0 && !layout_is_closing(cp) && !layout_is_opening(prev) &&
	    !(is_word(cp) && is_word(prev));
}

/* Characters of non-zero width in s[0..len). */
static size_t
visible_chars(const char *s, size_t len, bool amb)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		n += cp_width(cp, amb) > 0;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wrapline *lines;
	int width, first, rest;
	size_t len, n, at = 0;
	bool amb;
	char *text;

	if (size < 2)
		return 0;
	width = 1 + data[0] % 120;
	amb = data[1] & 1;
	first = (data[1] >> 1) & 7;
	rest = (data[1] >> 4) & 7;
	len = size - 2;
	if (!utf8_validate((const char *)data + 2, len, NULL))
		return 0;
	text = xstrndup((const char *)data + 2, len);

	n = layout_wrap(text, len, width, first, rest, amb, &lines);
	CHECK(n >= 1 && lines != NULL);
	for (size_t i = 0; i < n; i++) {
		size_t s = lines[i].start, e = lines[i].end;
		int avail = width - (i == 0 ? first : rest);

		CHECK(s == at);                /* nothing lost or repeated */
		CHECK(e <= len);
		CHECK(s < e || len == 0);      /* no empty line but for empty text */
		CHECK(boundary(text, len, s) && boundary(text, len, e));
		CHECK((long)utf8_width(text + s, e - s, amb) <= (long)(avail > 0 ? avail : 0) ||
		    visible_chars(text + s, e - s, amb) <= 1);
		/* A rule gives way only when the line has no allowed break at all. */
		if (e < len && !may_break(text, len, e, amb))
			for (size_t k = s + 1; k < e; k++)
				CHECK(!boundary(text, len, k) || !may_break(text, len, k, amb));
		at = e;
	}
	CHECK(at == len);
	free(lines);
	free(text);
	return 0;
}
