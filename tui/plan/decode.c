/*
 * decode.c: a plan's bytes as UTF-8 lines, and back: the encoding (UTF-8, with or without
 * a BOM, UTF-16 with one, GB18030 and its GBK subset), the line ends and the final newline.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

#define UTF8_BOM "\xef\xbb\xbf"

/* Convert len bytes from one encoding to another; NULL if they do not convert, *bad then the offset. */
static char *
convert(const char *from, const char *to, const char *in, size_t len, size_t *outlen,
    size_t *bad)
{
	iconv_t cd = iconv_open(to, from);
	size_t cap = len * 2 + 16, left = len, room;
	char *out, *ip = (char *)in, *op;

	if (cd == (iconv_t)-1) {
		*bad = SIZE_MAX; /* no such encoding */
		return NULL;
	}
	out = xmalloc(cap + 1);
	op = out;
	room = cap;
	while (left > 0) {
		if (iconv(cd, &ip, &left, &op, &room) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - out);

			cap *= 2;
			out = xreallocarray(out, cap + 1, 1);
			op = out + used;
			room = cap - used;
			continue;
		}
		*bad = (size_t)(ip - in);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	out[*outlen] = '\0';
	return out;
}

/* Line and column (in characters of the decoded prefix, counted on the raw bytes) of an offset. */
static void
position_of(const char *s, size_t at, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++)
		if (s[i] == '\n')
			(*line)++, *col = 1;
		else if (((unsigned char)s[i] & 0xc0) != 0x80)
			(*col)++;
}

/* Whether decoded text reads as Chinese or plain text rather than mojibake or binary. */
static bool
plausible(const char *s, size_t len)
{
	size_t good = 0, all = 0, i = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		all++;
		if ((cp >= 0x20 && cp < 0x7f) || cp == '\n' || cp == '\r' || cp == '\t' ||
		    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3000 && cp <= 0x303f) ||
		    (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x2000 && cp <= 0x206f))
			good++;
	}
	return all == 0 || good * 10 >= all * 9;
}

/*
 * Decode a plan's bytes into UTF-8, noting in *form what it took (encoding, BOM), or with
 * encoding given, that one. NULL, with an error in diags, when they cannot be read as text.
 */
char *
text_decode(const char *path, const char *bytes, size_t len, const char *encoding,
    struct source_form *form, size_t *outlen, struct diags *diags)
{
	const char *nul = memchr(bytes, '\0', len);
	size_t bad = 0, skip = 0;
	unsigned line, col;
	char *out;

	memset(form, 0, sizeof *form);
	if (encoding == NULL && len >= 2 && ((bytes[0] == '\xff' && bytes[1] == '\xfe') ||
	    (bytes[0] == '\xfe' && bytes[1] == '\xff'))) {
		encoding = bytes[0] == '\xff' ? "UTF-16LE" : "UTF-16BE";
		form->bom = true;
		skip = 2;
	} else if (len >= 3 && memcmp(bytes, UTF8_BOM, 3) == 0 &&
	    (encoding == NULL || strcasecmp(encoding, "utf-8") == 0)) {
		form->bom = true;
		skip = 3;
	}
	bytes += skip;
	len -= skip;
	if (encoding == NULL && nul != NULL) {
		position_of(bytes, (size_t)(nul - bytes), &line, &col);
		diag_add(diags, DIAG_ERROR, path, line, col,
		    "NUL byte: binary data, not the text of a plan");
		return NULL;
	}
	if (encoding == NULL && utf8_validate(bytes, len, &bad)) {
		form->encoding = xstrdup("utf-8");
		*outlen = len;
		return xstrndup(bytes, len);
	}
	if (encoding != NULL && strcasecmp(encoding, "utf-8") == 0) {
		if (utf8_validate(bytes, len, &bad) && memchr(bytes, '\0', len) == NULL) {
			form->encoding = xstrdup("utf-8");
			*outlen = len;
			return xstrndup(bytes, len);
		}
		position_of(bytes, bad, &line, &col);
		diag_add(diags, DIAG_ERROR, path, line, col, "invalid UTF-8 (byte 0x%02X)",
		    (unsigned char)bytes[bad]);
		return NULL;
	}
	out = convert(encoding != NULL ? encoding : "GB18030", "UTF-8", bytes, len, outlen, &bad);
	if (out == NULL && bad == SIZE_MAX) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "unknown encoding '%s' (iconv -l lists them)",
		    encoding);
		return NULL;
	}
	if (out == NULL) {
		position_of(bytes, bad, &line, &col);
		if (encoding != NULL)
			diag_add(diags, DIAG_ERROR, path, line, col,
			    "not %s: the byte 0x%02X does not decode", encoding,
			    (unsigned char)bytes[bad]);
		else
			diag_add(diags, DIAG_ERROR, path, line, col, "neither UTF-8 nor GB18030 (the "
			    "byte 0x%02X does not decode); give the encoding with --encoding",
			    (unsigned char)bytes[bad]);
		return NULL;
	}
	if (encoding == NULL && !plausible(out, *outlen)) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "the text's encoding cannot be told (it is "
		    "not UTF-8, and as GB18030 it is not Chinese); give it with --encoding");
		free(out);
		return NULL;
	}
	if (memchr(out, '\0', *outlen) != NULL) {
		position_of(out, (size_t)((char *)memchr(out, '\0', *outlen) - out), &line, &col);
		diag_add(diags, DIAG_ERROR, path, line, col, "NUL character in the text");
		free(out);
		return NULL;
	}
	form->encoding = xstrdup(encoding != NULL ? encoding : "gb18030");
	for (char *p = form->encoding; *p != '\0'; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	return out;
}

/* UTF-8 text in the encoding a plan came in, with its BOM; NULL if it does not convert. */
char *
text_encode(const char *s, size_t len, const struct source_form *form, size_t *outlen)
{
	struct buf b = { 0 };
	size_t bad;
	char *out;

	if (form->encoding == NULL || strcmp(form->encoding, "utf-8") == 0) {
		if (form->bom)
			buf_puts(&b, UTF8_BOM);
		buf_add(&b, s, len);
		*outlen = b.len;
		return b.s != NULL ? buf_detach(&b) : xstrdup("");
	}
	if ((out = convert("UTF-8", form->encoding, s, len, outlen, &bad)) == NULL)
		return NULL;
	if (strncmp(form->encoding, "utf-16", 6) == 0 && form->bom) {
		bool le = strcmp(form->encoding, "utf-16le") == 0;

		buf_add(&b, le ? "\xff\xfe" : "\xfe\xff", 2);
		buf_add(&b, out, *outlen);
		free(out);
		*outlen = b.len;
		return buf_detach(&b);
	}
	return out;
}
