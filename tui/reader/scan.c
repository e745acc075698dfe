/*
 * scan.c: the find engine: a regular expression's matches over the page, found a slice
 * of time at a time from an origin block to the end of the page and then from its start
 * round to the origin, and kept in page order. It draws nothing: find.c and results.c
 * show what it finds, and the unit tests drive it without a terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "reader/reader.h"

/* Forget the matches and the scan (the pattern stays). */
void
scan_clear(struct scan *s)
{
	free(s->matches);
	free(s->wrapped);
	s->matches = s->wrapped = NULL;
	s->nmatches = s->nwrapped = s->matches_cap = s->wrapped_cap = 0;
	s->has_cur = false;
	s->next = SIZE_MAX;
}

/* Search for pattern (a copy; NULL: no search), not yet compiled. */
void
scan_set(struct scan *s, const char *pattern)
{
	free(s->pattern);
	search_free(s->re);
	s->pattern = pattern != NULL ? xstrdup(pattern) : NULL;
	s->re = NULL;
	scan_clear(s);
}

/*
 * Search for pattern, compiled with the search flags given (find_search_flags()'s). False
 * when it is empty, or does not compile (then *error says why, for the caller to free).
 */
bool
scan_compile(struct scan *s, const char *pattern, int flags, char **error)
{
	*error = NULL;
	scan_set(s, pattern);
	if (*pattern == '\0')
		return false;
	return (s->re = search_compile(pattern, flags, error)) != NULL;
}

static void
add_match(struct match **v, size_t *n, size_t *cap, struct match m)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = m;
}

/*
 * Search one block, appending its matches; SCAN_RUNNING, or why the scan must stop. The
 * reader's own notes (a document's title line, "no responsibility named") are not the
 * document's text, which --grep searches too, and are passed over.
 */
static enum scan_state
scan_block(struct scan *s, const struct page *p, size_t b)
{
	const struct block *blk = &p->blocks[b];
	bool before = b < s->origin;
	size_t at = 0, ms, me;
	int rc;

	if (blk->kind == BLOCK_NORESP || blk->kind == BLOCK_DOCTITLE)
		return SCAN_RUNNING;

	while ((rc = search_exec(s->re, blk->text, blk->len, at, &ms, &me)) == 1) {
		at = search_resume(blk->text, blk->len, ms, me);
		if (me == ms)
			continue; /* nothing to highlight or step to */
		if (s->nmatches + s->nwrapped == SCAN_MAX_MATCHES)
			return SCAN_TOO_MANY;
		if (before)
			add_match(&s->wrapped, &s->nwrapped, &s->wrapped_cap, (struct match){ b, ms, me });
		else
			add_match(&s->matches, &s->nmatches, &s->matches_cap, (struct match){ b, ms, me });
	}
	return rc < 0 ? SCAN_FAILED : SCAN_RUNNING;
}

/* The scan is complete: the matches before the origin go in front, as they stand. */
static void
finish(struct scan *s)
{
	if (s->nwrapped != 0) {
		struct match *all = xreallocarray(NULL, s->nwrapped + s->nmatches, sizeof *all);

		memcpy(all, s->wrapped, s->nwrapped * sizeof *all);
		if (s->nmatches != 0)
			memcpy(all + s->nwrapped, s->matches, s->nmatches * sizeof *all);
		free(s->matches);
		s->matches = all;
		s->cur += s->has_cur ? s->nwrapped : 0;
		s->nmatches += s->nwrapped;
		s->matches_cap = s->nmatches;
	}
	free(s->wrapped);
	s->wrapped = NULL;
	s->nwrapped = s->wrapped_cap = 0;
	s->next = SIZE_MAX;
}

/* Start searching the page's nblocks blocks anew from block origin (nothing to search: done). */
void
scan_start(struct scan *s, size_t nblocks, size_t origin)
{
	scan_clear(s);
	if (s->re == NULL || nblocks == 0)
		return;
	s->origin = s->next = origin;
}

/*
 * Search on for about ms milliseconds, looking at the clock every 32 blocks: from the
 * origin to the end of the page, then from its start to the origin; stop(), when it
 * returns true, ends the scan where it is. SCAN_RUNNING while blocks are left, SCAN_DONE
 * once all are searched, or why the scan stopped short (it is then over, with the matches
 * found so far): SCAN_TOO_MANY after SCAN_MAX_MATCHES, SCAN_FAILED when the search
 * failed (search_error() says why), SCAN_STOPPED when stop() said so.
 */
enum scan_state
scan_step(struct scan *s, const struct page *p, long ms, bool (*stop)(void))
{
	long t0 = clock_ms();
	enum scan_state st;

	while (scan_running(s)) {
		if (stop != NULL && stop()) {
			finish(s);
			return SCAN_STOPPED;
		}
		if ((st = scan_block(s, p, s->next)) != SCAN_RUNNING) {
			finish(s);
			return st;
		}
		if (++s->next == p->nblocks)
			s->next = s->origin == 0 ? SIZE_MAX : 0;
		if (s->next == s->origin)
			s->next = SIZE_MAX;
		if (s->next == SIZE_MAX)
			finish(s);
		else if ((s->next & 31) == 0 && clock_ms() - t0 >= ms)
			break;
	}
	return scan_running(s) ? SCAN_RUNNING : SCAN_DONE;
}

/* Whether the search still has blocks to look through. */
bool
scan_running(const struct scan *s)
{
	return s->re != NULL && s->next != SIZE_MAX;
}

/* Whether the match after the current one is found, or cannot be without a wrap. */
bool
scan_next_known(const struct scan *s)
{
	return !scan_running(s) || s->next < s->origin || s->nmatches > s->cur + 1;
}

/* The range [*m0, *m1) of matches in a block (none yet where the scan has not been). */
void
scan_block_matches(const struct scan *s, size_t block, size_t *m0, size_t *m1)
{
	size_t lo = 0, hi = s->nmatches;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->matches[mid].block < block)
			lo = mid + 1;
		else
			hi = mid;
	}
	*m0 = *m1 = lo;
	while (*m1 < s->nmatches && s->matches[*m1].block == block)
		(*m1)++;
}

/* The row a match begins on. */
struct pos
scan_match_pos(const struct scan *s, struct page *p, size_t m)
{
	return page_pos_of(p, s->matches[m].block, s->matches[m].start);
}

/*
 * The first match on or after row `at` (backward: the last on or before it); SIZE_MAX if
 * none. Only the matches in at's own block need their rows.
 */
size_t
scan_match_from(const struct scan *s, struct page *p, struct pos at, bool backward)
{
	size_t m0, m1, m;

	scan_block_matches(s, at.block, &m0, &m1);
	if (!backward) {
		for (m = m0; m < m1; m++)
			if (pos_cmp(scan_match_pos(s, p, m), at) >= 0)
				return m;
		return m1 < s->nmatches ? m1 : SIZE_MAX;
	}
	for (m = m1; m > m0; m--)
		if (pos_cmp(scan_match_pos(s, p, m - 1), at) <= 0)
			return m - 1;
	return m0 > 0 ? m0 - 1 : SIZE_MAX;
}

/* Make match m the current one. */
void
scan_select(struct scan *s, size_t m)
{
	s->cur = m;
	s->has_cur = true;
}

/* Free the search and its matches. */
void
scan_free(struct scan *s)
{
	scan_set(s, NULL);
}
