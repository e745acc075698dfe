/* strlist.c: a growable list of owned strings, and such a list with a hash index. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/* Append a copy of s. */
void
strlist_add(struct strlist *l, const char *s)
{
	strlist_add_owned(l, xstrdup(s));
}

/* Append s, taking ownership. */
void
strlist_add_owned(struct strlist *l, char *s)
{
	l->v = xgrow(l->v, l->n, sizeof *l->v);
	l->v[l->n++] = s;
}

/* Whether the list holds s. */
bool
strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* Append the items to b, separated by sep. */
void
strlist_join(struct buf *b, const struct strlist *l, const char *sep)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i != 0)
			buf_puts(b, sep);
		buf_puts(b, l->v[i]);
	}
}

/* Free the items and the list. */
void
strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* FNV-1a of a string: the hash of the tables that look names up. */
size_t
str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		h = (h ^ *p) * 0x100000001b3u;
	return (size_t)(h ^ (h >> 32));
}

/* The slot holding s, or the empty slot where it would go (open addressing). */
static size_t *
strindex_slot(const struct strindex *x, const char *s)
{
	size_t mask = x->nslots - 1;

	for (size_t i = str_hash(s) & mask;; i = (i + 1) & mask)
		if (x->slots[i] == 0 || strcmp(x->list.v[x->slots[i] - 1], s) == 0)
			return &x->slots[i];
}

static void
strindex_grow(struct strindex *x)
{
	size_t *old = x->slots, nold = x->nslots;

	x->nslots = nold != 0 ? 2 * nold : 64;
	x->slots = xcalloc(x->nslots, sizeof *x->slots);
	for (size_t i = 0; i < nold; i++)
		if (old[i] != 0)
			*strindex_slot(x, x->list.v[old[i] - 1]) = old[i];
	free(old);
}

/* The position of s in the index's list, a copy of it added at the end if it was not there. */
size_t
strindex_put(struct strindex *x, const char *s)
{
	size_t *slot;

	if (2 * (x->list.n + 1) > x->nslots)
		strindex_grow(x);
	if (*(slot = strindex_slot(x, s)) == 0) {
		strlist_add(&x->list, s);
		*slot = x->list.n;
	}
	return *slot - 1;
}

/* The position of s in the index's list, or SIZE_MAX. */
size_t
strindex_get(const struct strindex *x, const char *s)
{
	size_t *slot;

	if (x->list.n <= 8) { /* a few: comparing stops at a first byte sooner than hashing */
		for (size_t i = 0; i < x->list.n; i++)
			if (strcmp(x->list.v[i], s) == 0)
				return i;
		return SIZE_MAX;
	}
	if (x->nslots == 0 || *(slot = strindex_slot(x, s)) == 0)
		return SIZE_MAX;
	return *slot - 1;
}

void
strindex_free(struct strindex *x)
{
	strlist_free(&x->list);
	free(x->slots);
	*x = (struct strindex){ 0 };
}
