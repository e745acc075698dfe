/* layout.c: wrapping text to a width, with CJK display widths and Chinese line-breaking rules. */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* Characters that may not begin a line (closing punctuation). */
static const uint32_t no_line_start[] = {
	'!', '%', ')', ',', '.', ':', ';', '?', ']', '}',
	0x2019, 0x201d, 0x2026, 0x3001, 0x3002, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011,
	0x3015, 0x3017, 0xff01, 0xff05, 0xff09, 0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f,
	0xff3d, 0xff5d,
};

/* Characters that may not end a line (opening punctuation). */
static const uint32_t no_line_end[] = {
	'(', '[', '{',
	0x2018, 0x201c, 0x3008, 0x300a, 0x300c, 0x300e, 0x3010, 0x3014, 0x3016, 0xff08,
	0xff3b, 0xff5b,
};

static bool
in_set(uint32_t cp, const uint32_t *set, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (set[mid] == cp)
			return true;
		if (set[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Whether cp may not begin a line. */
bool
layout_is_closing(uint32_t cp)
{
	return in_set(cp, no_line_start, sizeof no_line_start / sizeof no_line_start[0]);
}

/* Whether cp may not end a line. */
bool
layout_is_opening(uint32_t cp)
{
	return in_set(cp, no_line_end, sizeof no_line_end / sizeof no_line_end[0]);
}

static bool
is_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

struct glyph {
	size_t at;    /* byte offset */
	uint32_t cp;
	int width;
};

/* Whether a line may break between glyphs g[i - 1] and g[i]. */
static bool
can_break(const struct glyph *g, size_t i)
{
	if (g[i].width == 0)
		return false; /* a combining mark stays with its base */
	if (layout_is_closing(g[i].cp) || layout_is_opening(g[i - 1].cp))
		return false;
	if (is_word(g[i].cp) && is_word(g[i - 1].cp))
		return false;
	return true;
}

static struct glyph *
decode_glyphs(const char *s, size_t len, bool amb, size_t *n)
{
	struct glyph *g = xreallocarray(NULL, len + 1, sizeof *g);
	size_t i = 0;

	*n = 0;
	while (i < len) {
		g[*n].at = i;
		i += utf8_decode(s + i, len - i, &g[*n].cp);
		g[*n].width = cp_width(g[*n].cp, amb);
		(*n)++;
	}
	g[*n].at = len;
	return g;
}

static void
add_line(struct wrapline **out, size_t *n, size_t start, size_t end)
{
	*out = xgrow(*out, *n, sizeof **out);
	(*out)[*n].start = start;
	(*out)[*n].end = end;
	(*n)++;
}

/*
 * Wrap s[0..len) into lines of at most `width` columns, the first line `first` columns
 * narrower and the others `rest` columns narrower (indents). No line begins with closing
 * punctuation or ends with opening punctuation, ASCII words are not split, and a wide
 * character is never cut; these rules give way only when a line would otherwise be
 * empty. Returns the number of lines (at least 1), their byte ranges in *out.
 */
size_t
layout_wrap(const char *s, size_t len, int width, int first, int rest, bool amb,
    struct wrapline **out)
{
	size_t n, nlines = 0, start = 0, i;
	struct glyph *g = decode_glyphs(s, len, amb, &n);

	*out = NULL;
	while (start < n) {
		int avail = width - (nlines == 0 ? first : rest), used = 0;
		size_t bp;

		for (i = start; i < n && used + g[i].width <= avail; i++)
			used += g[i].width;
		while (i < n && g[i].width == 0)
			i++; /* zero-width marks ride along */
		if (i == start)
			i = start + 1; /* nothing fits: one glyph per line beats no progress */
		if (i == n) {
			add_line(out, &nlines, g[start].at, len);
			break;
		}
		for (bp = i; bp > start + 1 && !can_break(g, bp); bp--)
			;
		if (bp == start + 1 && !can_break(g, bp))
			bp = i;
		add_line(out, &nlines, g[start].at, g[bp].at);
		start = bp;
	}
	if (nlines == 0)
		add_line(out, &nlines, 0, 0);
	free(g);
	return nlines;
}
