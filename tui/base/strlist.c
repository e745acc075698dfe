/* strlist.c: a growable list of owned strings. */
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
