/* buf.c: a growable, always NUL-terminated byte string. */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define BUF_TAIL 128 /* bytes past the end kept defined */

/*
 * Room for more bytes and the NUL, which buf_add() writes at once. PCRE2's JIT reads a few bytes past a subject's end: the
 * BUF_TAIL bytes past the NUL are kept defined (zeroed the first time they are reached),
 * without zeroing the whole of a large buffer's new capacity (a 100 MB snapshot's).
 */
static void
buf_reserve(struct buf *b, size_t more)
{
	size_t want, tail;

	if (more > SIZE_MAX - b->len - 1)
		fatal("string too long");
	want = b->len + more + 1;
	if (want > b->cap) {
		if (b->cap == 0)
			b->cap = 64;
		while (b->cap < want)
			b->cap = b->cap > SIZE_MAX / 2 ? want : b->cap * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	tail = b->cap - want > BUF_TAIL ? want + BUF_TAIL : b->cap;
	if (tail > b->defined) { /* the bytes up to want are about to be written (buf_add()) */
		size_t from = b->defined > want ? b->defined : want;

		memset(b->s + from, 0, tail - from);
		b->defined = tail;
	}
}

/* Give the buffer's whole lines to its spill function; they leave it. */
static void
buf_spill(struct buf *b)
{
	const char *nl = memrchr(b->s, '\n', b->len);
	size_t n;

	if (nl == NULL)
		return;
	n = (size_t)(nl - b->s) + 1;
	b->spill(b->spill_arg, b->s, n);
	memmove(b->s, b->s + n, b->len - n);
	b->len -= n;
	b->s[b->len] = '\0';
}

/* Append len bytes (and, past BUF_SPILL, spill whole lines if the buffer streams). */
void
buf_add(struct buf *b, const void *p, size_t len)
{
	buf_reserve(b, len);
	if (len != 0)
		memcpy(b->s + b->len, p, len);
	b->len += len;
	b->s[b->len] = '\0';
	if (b->spill != NULL && b->len >= BUF_SPILL)
		buf_spill(b);
}

/* Append a C string. */
void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append one byte. */
void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

/* Append formatted text. */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_puts(b, s);
	free(s);
}

/* Shorten to len bytes. */
void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

/* Hand the string to the caller (never NULL) and empty the buffer. */
char *
buf_detach(struct buf *b)
{
	char *s = b->s != NULL ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = b->defined = 0;
	return s;
}

/* Release the storage. */
void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = b->defined = 0;
}
