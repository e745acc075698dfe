/* utf8.c: UTF-8 decoding, display width, and making untrusted text safe for a terminal. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/base.h"

/*
 * Decode one character from s (len > 0 bytes). Return the bytes used; an invalid,
 * overlong, surrogate or truncated sequence yields U+FFFD and consumes one byte.
 */
size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2; c = u[0] & 0x1f; min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3; c = u[0] & 0x0f; min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4; c = u[0] & 0x07; min = 0x10000;
	} else
		goto bad;
	if (n > len)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

/* Encode cp into out (at least 4 bytes); return the bytes written. */
size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *u = (unsigned char *)out;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Whether s is valid UTF-8; if not, the offset of the first bad byte goes to *bad. */
bool
utf8_validate(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

/* The number of characters in s. */
size_t
utf8_chars(const char *s, size_t len)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		n++;
	}
	return n;
}

/* The bytes of s's first max characters at most: where to cut it without splitting one. */
size_t
utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len && max-- > 0)
		i += utf8_decode(s + i, len - i, &cp);
	return i;
}

struct range {
	uint32_t lo, hi;
};

/* Characters never drawn raw: they move the cursor, reorder text or hide themselves. */
static const struct range unsafe[] = {
	{ 0x0000, 0x001f },	/* C0 controls */
	{ 0x007f, 0x009f },	/* DEL and C1 controls */
	{ 0x00ad, 0x00ad },	/* soft hyphen */
	{ 0x061c, 0x061c },	/* Arabic letter mark */
	{ 0x180e, 0x180e },	/* Mongolian vowel separator */
	{ 0x200b, 0x200f },	/* zero-width space, joiners, LRM, RLM */
	{ 0x2028, 0x202e },	/* line/paragraph separators, bidi embeddings and overrides */
	{ 0x2060, 0x206f },	/* word joiner, invisible operators, bidi isolates */
	{ 0xfeff, 0xfeff },	/* zero-width no-break space (BOM) */
	{ 0xfff9, 0xfffb },	/* interlinear annotation controls */
};

/* East Asian Ambiguous characters: one column or two depending on the terminal. */
static const struct range ambiguous[] = {
	{ 0x00a1, 0x00a1 }, { 0x00a4, 0x00a4 }, { 0x00a7, 0x00a8 }, { 0x00aa, 0x00aa },
	{ 0x00ae, 0x00ae }, { 0x00b0, 0x00b4 }, { 0x00b6, 0x00ba }, { 0x00bc, 0x00bf },
	{ 0x00c6, 0x00c6 }, { 0x00d0, 0x00d0 }, { 0x00d7, 0x00d8 }, { 0x00de, 0x00e1 },
	{ 0x00e6, 0x00e6 }, { 0x00e8, 0x00ea }, { 0x00ec, 0x00ed }, { 0x00f0, 0x00f0 },
	{ 0x00f2, 0x00f3 }, { 0x00f7, 0x00fa }, { 0x00fc, 0x00fc }, { 0x00fe, 0x00fe },
	{ 0x0391, 0x03a9 }, { 0x03b1, 0x03c9 }, { 0x0401, 0x0401 }, { 0x0410, 0x044f },
	{ 0x0451, 0x0451 }, { 0x2010, 0x2010 }, { 0x2013, 0x2016 }, { 0x2018, 0x2019 },
	{ 0x201c, 0x201d }, { 0x2020, 0x2022 }, { 0x2024, 0x2027 }, { 0x2030, 0x2030 },
	{ 0x2032, 0x2033 }, { 0x2035, 0x2035 }, { 0x203b, 0x203b }, { 0x203e, 0x203e },
	{ 0x2074, 0x2074 }, { 0x207f, 0x207f }, { 0x2081, 0x2084 }, { 0x20ac, 0x20ac },
	{ 0x2103, 0x2103 }, { 0x2105, 0x2105 }, { 0x2109, 0x2109 }, { 0x2113, 0x2113 },
	{ 0x2116, 0x2116 }, { 0x2121, 0x2122 }, { 0x2126, 0x2126 }, { 0x212b, 0x212b },
	{ 0x2153, 0x2154 }, { 0x215b, 0x215e }, { 0x2160, 0x216b }, { 0x2170, 0x2179 },
	{ 0x2189, 0x2189 }, { 0x2190, 0x2199 }, { 0x21b8, 0x21b9 }, { 0x21d2, 0x21d2 },
	{ 0x21d4, 0x21d4 }, { 0x21e7, 0x21e7 }, { 0x2200, 0x2200 }, { 0x2202, 0x2203 },
	{ 0x2207, 0x2208 }, { 0x220b, 0x220b }, { 0x220f, 0x220f }, { 0x2211, 0x2211 },
	{ 0x2215, 0x2215 }, { 0x221a, 0x221a }, { 0x221d, 0x2220 }, { 0x2223, 0x2223 },
	{ 0x2225, 0x2225 }, { 0x2227, 0x222c }, { 0x222e, 0x222e }, { 0x2234, 0x2237 },
	{ 0x223c, 0x223d }, { 0x2248, 0x2248 }, { 0x224c, 0x224c }, { 0x2252, 0x2252 },
	{ 0x2260, 0x2261 }, { 0x2264, 0x2267 }, { 0x226a, 0x226b }, { 0x226e, 0x226f },
	{ 0x2282, 0x2283 }, { 0x2286, 0x2287 }, { 0x2295, 0x2295 }, { 0x2299, 0x2299 },
	{ 0x22a5, 0x22a5 }, { 0x22bf, 0x22bf }, { 0x2312, 0x2312 }, { 0x2460, 0x24e9 },
	{ 0x24eb, 0x254b }, { 0x2550, 0x2573 }, { 0x2580, 0x258f }, { 0x2592, 0x2595 },
	{ 0x25a0, 0x25a1 }, { 0x25a3, 0x25a9 }, { 0x25b2, 0x25b3 }, { 0x25b6, 0x25b7 },
	{ 0x25bc, 0x25bd }, { 0x25c0, 0x25c1 }, { 0x25c6, 0x25c8 }, { 0x25cb, 0x25cb },
	{ 0x25ce, 0x25d1 }, { 0x25e2, 0x25e5 }, { 0x25ef, 0x25ef }, { 0x2605, 0x2606 },
	{ 0x2609, 0x2609 }, { 0x260e, 0x260f }, { 0x261c, 0x261c }, { 0x261e, 0x261e },
	{ 0x2640, 0x2640 }, { 0x2642, 0x2642 }, { 0x2660, 0x2661 }, { 0x2663, 0x2665 },
	{ 0x2667, 0x266a }, { 0x266c, 0x266d }, { 0x266f, 0x266f }, { 0x273d, 0x273d },
	{ 0x2776, 0x277f }, { 0xe000, 0xf8ff }, { 0xfffd, 0xfffd },
};

static bool
in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* Whether cp must be shown escaped rather than sent to a terminal. */
bool
cp_is_unsafe(uint32_t cp)
{
	return in_ranges(cp, unsafe, NITEMS(unsafe)) || wcwidth((wchar_t)cp) < 0;
}

/* Whether cp is East Asian Ambiguous. */
bool
cp_is_ambiguous(uint32_t cp)
{
	return in_ranges(cp, ambiguous, NITEMS(ambiguous));
}

/* Columns cp takes; ambiguous_wide says the terminal draws ambiguous characters wide. */
int
cp_width(uint32_t cp, bool ambiguous_wide)
{
	int w = wcwidth((wchar_t)cp);

	if (w < 0)
		return 0;
	if (w == 1 && ambiguous_wide && cp_is_ambiguous(cp))
		return 2;
	return w;
}

/* Columns the (safe) string s takes. */
size_t
utf8_width(const char *s, size_t len, bool ambiguous_wide)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		w += (size_t)cp_width(cp, ambiguous_wide);
	}
	return w;
}

/* Append the visible form of an unsafe character: ^X for C0 and DEL, <U+XXXX> else. */
void
utf8_escape_cp(struct buf *b, uint32_t cp)
{
	if (cp < 0x20)
		buf_printf(b, "^%c", (char)(cp + '@'));
	else if (cp == 0x7f)
		buf_puts(b, "^?");
	else
		buf_printf(b, "<U+%04X>", (unsigned)cp);
}

/* Whether s needs no escaping: no unsafe character, no invalid byte (CJK checked quickly). */
bool
utf8_is_safe(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if (c < 0x80)
			return false;
		if ((c & 0xf0) == 0xe0 && len - i >= 3 && ((unsigned char)s[i + 1] & 0xc0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xc0) == 0x80) { /* three bytes, read here: most text */
			cp = (uint32_t)(c & 0x0f) << 12 | (uint32_t)(s[i + 1] & 0x3f) << 6 |
			    (uint32_t)(s[i + 2] & 0x3f);
			if ((cp >= 0x3001 && cp <= 0x9fff) || (cp >= 0xff01 && cp <= 0xff5e)) {
				i += 3;
				continue;
			}
		}
		i += utf8_decode(s + i, len - i, &cp);
		if ((cp >= 0x3001 && cp <= 0x9fff) || (cp >= 0xff01 && cp <= 0xff5e))
			continue; /* CJK punctuation, ideographs and full-width forms */
		if (cp == 0xfffd || cp_is_unsafe(cp))
			return false;
	}
	return true;
}

/* Append s with every unsafe character or invalid byte made visible. */
void
utf8_sanitize(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, n, run = 0;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1) {
			buf_add(b, s + run, i - run);
			buf_printf(b, "<0x%02X>", (unsigned char)s[i]);
			run = i + n;
		} else if ((cp >= 0x20 && cp < 0x7f) ? false : cp_is_unsafe(cp)) {
			buf_add(b, s + run, i - run);
			utf8_escape_cp(b, cp);
			run = i + n;
		}
		i += n;
	}
	buf_add(b, s + run, len - run);
}

/* Like utf8_sanitize(), but newlines and tabs pass: for multi-line output to a terminal. */
void
utf8_sanitize_lines(struct buf *b, const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n' && s[i] != '\t')
			continue;
		utf8_sanitize(b, s + start, i - start);
		if (i < len)
			buf_putc(b, s[i]);
		start = i + 1;
	}
}

/* Write s to fp; when sanitize is set, control and invisible characters are escaped. */
void
fputs_safe(const char *s, FILE *fp, bool sanitize)
{
	struct buf b = { 0 };

	if (!sanitize) {
		fputs(s, fp);
		return;
	}
	utf8_sanitize(&b, s, strlen(s));
	fwrite(b.s, 1, b.len, fp);
	buf_free(&b);
}

/* Whether cp is a blank inside a line: space, tab, ideographic space, no-break space. */
bool
cp_is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xa0;
}

/* The bytes of blanks that begin s[0..len). */
size_t
blank_span(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!cp_is_blank(cp))
			break;
		i += n;
	}
	return i;
}

/* The length of s[0..len) without the blanks that end it. */
size_t
blank_trim(const char *s, size_t len)
{
	while (len > 0) {
		size_t at = len - 1;
		uint32_t cp;

		while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
			at--;
		utf8_decode(s + at, len - at, &cp);
		if (!cp_is_blank(cp))
			break;
		len = at;
	}
	return len;
}

/*
 * s[0..len) without the blanks around it: its first byte at *from, its length returned
 * (0, with *from at len, when it is all blanks).
 */
size_t
blank_strip(const char *s, size_t len, size_t *from)
{
	*from = blank_span(s, len);
	return blank_trim(s + *from, len - *from);
}

/* Whether the len bytes at s begin with word. */
bool
has_prefix(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && memcmp(s, word, n) == 0;
}

/* Whether the len bytes at s end with word. */
bool
has_suffix(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && memcmp(s + len - n, word, n) == 0;
}

/* Whether cp is part of a word written with spaces between words (Latin letters, digits). */
static bool
in_spaced_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	    cp == '_' || cp == '-' || cp == '\'';
}

/*
 * s[0..len) made to fit in width columns, appended to b: whole when it fits; else, with
 * keep_end, its end after "…" (a breadcrumb keeps its last part); else its start before
 * "…", cut after a word rather than inside one (Permission… not Permission deni).
 */
void
utf8_fit(struct buf *b, const char *s, size_t len, size_t width, bool keep_end, bool amb)
{
	size_t w = utf8_width(s, len, amb), ell = (size_t)cp_width(0x2026, amb), i = 0, cut;
	uint32_t cp, next = 0;

	if (w <= width) {
		buf_add(b, s, len);
		return;
	}
	if (width < ell)
		return;
	if (keep_end) {
		while (i < len && w > width - ell) {
			size_t n = utf8_decode(s + i, len - i, &cp);

			w -= (size_t)cp_width(cp, amb);
			i += n;
		}
		buf_puts(b, "…");
		buf_add(b, s + i, len - i);
		return;
	}
	for (w = 0; i < len;) {
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (w + (size_t)cp_width(cp, amb) > width - ell)
			break;
		w += (size_t)cp_width(cp, amb);
		i += n;
	}
	cut = i;
	if (cut < len)
		utf8_decode(s + cut, len - cut, &next);
	if (cut > 0 && in_spaced_word(next) && in_spaced_word((unsigned char)s[cut - 1])) {
		size_t sp = cut;

		while (sp > 0 && s[sp - 1] != ' ')
			sp--;
		if (sp > cut / 2) /* a space not too far back: cut there */
			cut = sp;
	}
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	buf_add(b, s, cut);
	buf_puts(b, "…");
}
