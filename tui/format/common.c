/* common.c: what the format readers share: lines of text, dropped furniture, dates, extensions. */
#include <stdlib.h>
#include <string.h>

#include "format/format_int.h"

/* The extension of a path after its last dot, or "". */
const char *
format_ext(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	if (dot == NULL || (slash != NULL && dot < slash))
		return "";
	return dot + 1;
}

/* Whether cp is a CJK character or full-width punctuation (no spaces between such). */
bool
format_is_cjk(uint32_t cp)
{
	return (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xffef) ||
	    (cp >= 0x2460 && cp <= 0x24ff) || (cp >= 0x2018 && cp <= 0x201f) ||
	    (cp >= 0x20000 && cp <= 0x3134f);
}

/* Whether cp is white space in a line: ASCII blanks, no-break and ideographic spaces. */
bool
format_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' ||
	    cp == '\v' || cp == 0xa0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200b) ||
	    cp == 0xfeff;
}

/* Append one line: without blanks at its ends, control characters dropped; nothing if empty. */
void
format_line(struct buf *out, const char *s, size_t len)
{
	size_t start = out->len, end;
	uint32_t cp;

	for (size_t i = 0, n; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '\t')
			buf_putc(out, '\t');
		else if (format_is_space(cp)) {
			if (out->len > start && out->s[out->len - 1] != ' ' &&
			    out->s[out->len - 1] != '\t')
				buf_putc(out, ' ');
		} else if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0)) {
			char enc[4]; /* encoded again: an invalid byte decodes as U+FFFD */

			buf_add(out, enc, utf8_encode(cp, enc));
		}
	}
	end = out->len;
	while (end > start && out->s[end - 1] == ' ')
		end--;
	buf_truncate(out, end);
	if (out->len > start && out->s[start] == ' ') {
		memmove(out->s + start, out->s + start + 1, out->len - start - 1);
		buf_truncate(out, out->len - 1);
	}
	if (out->len > start)
		buf_putc(out, '\n');
}

/* Note a piece of furniture left out: "KIND: TEXT", blanks collapsed, shortened, once. */
void
format_drop(struct strlist *dropped, const char *kind, const char *text)
{
	struct buf line = { 0 }, b = { 0 };
	size_t chars = 0, i, n;
	uint32_t cp;

	format_line(&line, text, strlen(text));
	if (line.len == 0) {
		buf_free(&line);
		return;
	}
	buf_printf(&b, "%s: ", kind);
	for (i = 0; i < line.len - 1 && chars < FORMAT_DROP_CHARS; i += n, chars++) {
		n = utf8_decode(line.s + i, line.len - 1 - i, &cp);
		buf_add(&b, cp == '\t' ? " " : line.s + i, cp == '\t' ? 1 : n);
	}
	if (i < line.len - 1)
		buf_puts(&b, "…");
	if (!strlist_has(dropped, b.s))
		strlist_add(dropped, b.s);
	buf_free(&line);
	buf_free(&b);
}

/* Read up to max digits; the number, or -1. */
static int
take_number(const char **s, int max)
{
	int v = 0, n = 0;

	while (**s == ' ')
		(*s)++;
	while (**s >= '0' && **s <= '9' && n < max) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n == 0 ? -1 : v;
}

/* Skip a date separator: - / . 年 月 (and their full-width forms). */
static bool
take_sep(const char **s)
{
	static const char *const seps[] = { "-", "/", ".", "年", "月", "－", "／", "．" };

	while (**s == ' ')
		(*s)++;
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		if (strncmp(*s, seps[i], strlen(seps[i])) == 0) {
			*s += strlen(seps[i]);
			return true;
		}
	return false;
}

/* The first date in s (2024-03-01, 2024年3月1日, 2024/3/1, 2024.03.01) as YYYY-MM-DD, or NULL. */
char *
format_date(const char *text)
{
	for (const char *s = text; *s != '\0'; s++) {
		const char *p = s;
		int y, m, d;

		if (*p < '0' || *p > '9' || (s > text && s[-1] >= '0' && s[-1] <= '9'))
			continue;
		y = take_number(&p, 4);
		if (y < 1900 || y > 2199 || !take_sep(&p))
			continue;
		m = take_number(&p, 2);
		if (m < 1 || m > 12 || !take_sep(&p))
			continue;
		d = take_number(&p, 2);
		if (d < 1 || d > 31)
			continue;
		return xasprintf("%04d-%02d-%02d", y, m, d);
	}
	return NULL;
}

/*
 * Load a shared library on its first use and resolve its functions into fns (dl_load()):
 * libxml2 (with ICU), libzip and poppler (with glib, cairo and NSS) cost tens of
 * milliseconds and of megabytes at every start, so planview maps them only when a
 * published file is read. False, with an error naming the library, when it cannot be
 * loaded.
 */
bool
format_dlopen(void **handle, const char *soname, const char *const *names, size_t n,
    void **fns, const char *path, struct diags *diags)
{
	char *why = NULL;

	if (dl_load(handle, soname, names, n, fns, &why))
		return true;
	if (diags != NULL)
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s", why);
	free(why);
	return false;
}
