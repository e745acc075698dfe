/* registry.c: departments, their official names and the short forms people type. */
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

/* Free a registry. */
void
registry_free(struct registry *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].full);
		strlist_free(&r->v[i].short_forms);
	}
	free(r->v);
	strindex_free(&r->names);
	free(r->first);
	free(r->path);
	free(r);
}

/*
 * Add a department (its strings now belong to the registry; its name must be set). False
 * if one of that name was there already: that one keeps the name for registry_find().
 * Names are indexed by hash: a registry of 300,000 departments is checked for duplicates,
 * and each of a document's leads looked up in it, in constant time each.
 */
bool
registry_add(struct registry *r, struct department *d)
{
	size_t had = r->names.list.n, at;

	r->v = xgrow(r->v, r->n, sizeof *r->v);
	r->v[r->n++] = *d;
	if ((at = strindex_put(&r->names, d->name)) < had)
		return false;
	r->first = xgrow(r->first, at, sizeof *r->first);
	r->first[at] = r->n - 1;
	return true;
}

/* The department written exactly as name, or NULL. */
const struct department *
registry_find(const struct registry *r, const char *name)
{
	size_t at;

	if (r == NULL || (at = strindex_get(&r->names, name)) == SIZE_MAX)
		return NULL;
	return &r->v[r->first[at]];
}

static bool
dept_is_called(const struct department *d, const char *s)
{
	return strcmp(d->name, s) == 0 || (d->full != NULL && strcmp(d->full, s) == 0) ||
	    strlist_has(&d->short_forms, s);
}

static bool
dept_contains(const struct department *d, const char *s)
{
	if (strstr(d->name, s) != NULL || (d->full != NULL && strstr(d->full, s) != NULL))
		return true;
	for (size_t i = 0; i < d->short_forms.n; i++)
		if (strstr(d->short_forms.v[i], s) != NULL)
			return true;
	return false;
}

/*
 * The department a user means by s: its name as written, its full name or a short form,
 * or else the one department whose names contain s. When s matches several departments,
 * return NULL, list the first (up to *nout of them) in out and set *nout to how many
 * matched in all.
 */
const struct department *
registry_resolve(const struct registry *r, const char *s, const struct department **out,
    size_t *nout)
{
	const struct department *only = NULL;
	size_t n = 0, max = *nout;

	*nout = 0;
	if (r == NULL || *s == '\0')
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (dept_is_called(&r->v[i], s))
			return &r->v[i];
	for (size_t i = 0; i < r->n; i++) {
		if (!dept_contains(&r->v[i], s))
			continue;
		only = &r->v[i];
		if (n < max)
			out[n] = only;
		n++;
	}
	if (n == 1)
		return only;
	*nout = n;
	return NULL;
}

/* Edit distance between two strings, counted in characters. */
static size_t
edit_distance(const char *a, const char *b)
{
	uint32_t ca[64], cb[64];
	size_t na = 0, nb = 0, row[65], i, j, diag, up;

	for (size_t k = 0, len = strlen(a); k < len && na < 64; na++)
		k += utf8_decode(a + k, len - k, &ca[na]);
	for (size_t k = 0, len = strlen(b); k < len && nb < 64; nb++)
		k += utf8_decode(b + k, len - k, &cb[nb]);
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			up = row[j];
			row[j] = diag + (ca[i - 1] != cb[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[nb];
}

static size_t
dept_distance(const struct department *d, const char *s)
{
	size_t best = edit_distance(d->name, s), x;

	if (d->full != NULL && (x = edit_distance(d->full, s)) < best)
		best = x;
	for (size_t i = 0; i < d->short_forms.n; i++)
		if ((x = edit_distance(d->short_forms.v[i], s)) < best)
			best = x;
	return best;
}

/*
 * The departments closest to s by edit distance over all their names, best first, at
 * most max of them, and only those close enough to be plausible; returns how many.
 */
size_t
registry_suggest(const struct registry *r, const char *s, const struct department **out,
    size_t max)
{
	size_t n = 0, limit, dist[16];

	if (r == NULL || max == 0)
		return 0;
	if (max > 16)
		max = 16;
	limit = utf8_chars(s, strlen(s)) / 2 + 1;
	for (size_t i = 0; i < r->n; i++) {
		size_t d = dept_distance(&r->v[i], s), k;

		if (d > limit || r->v[i].generic)
			continue;
		for (k = n; k > 0 && dist[k - 1] > d; k--) {
			if (k < max) {
				out[k] = out[k - 1];
				dist[k] = dist[k - 1];
			}
		}
		if (k < max) {
			out[k] = &r->v[i];
			dist[k] = d;
			if (n < max)
				n++;
		}
	}
	return n;
}
