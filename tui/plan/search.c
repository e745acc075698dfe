/*
 * search.c: regular-expression search with PCRE2 (the only file that sees <pcre2.h>), and
 * the one rule for the context a match is shown in. With SEARCH_FOLD, traditional and
 * simplified characters match as one: the pattern's characters and the subject are both
 * folded to simplified (script.c), which keeps every byte offset, so a match in the folded
 * subject is at the same bytes of the subject as written.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "plan/plan.h"

#define MATCH_LIMIT 1000000u      /* backtracking steps per call: a few ms at worst */
#define DEPTH_LIMIT 10000u        /* backtracking depth */
#define HEAP_LIMIT (64u * 1024)   /* KiB of heap for backtracking */
/*
 * One call tries the start positions of a window of the subject (an offset limit), and
 * the time budget is checked between windows: a pattern that backtracks at every start
 * (`(a|a)+$`) would otherwise spend minutes inside one call over a long clause. A window
 * that took over WINDOW_SLOW_NS shrinks to the least; a quick one doubles.
 */
#define WINDOW_MIN 16u
#define WINDOW_MAX 1024u
#define WINDOW_SLOW_NS 2000000L
#define OUT_OF_TIME (-10000)      /* no PCRE2 error code */

struct search {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	bool jit;
	size_t window;            /* start positions tried per call */
	struct timespec deadline; /* tv_sec 0: none */
	char error[256];
	bool fold;                /* SEARCH_FOLD without SEARCH_FOLDED: fold each subject */
	struct buf folded;        /* the last subject, folded */
	const char *folded_of;    /* ... and where it was */
	struct pattern_literals lits; /* what every match holds (literal.c), if alts.n */
	size_t lit_len[PATTERN_ALTERNATIVES_MAX];
};

static struct timespec
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

/*
 * The clock the budget is kept by: a few milliseconds coarse where the system has one,
 * read without a system call, since it is asked before every subject a search looks at.
 */
static struct timespec
now_coarse(void)
{
#ifdef CLOCK_MONOTONIC_COARSE
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts;
#else
	return now();
#endif
}

/* Give the searches from now on `ms` milliseconds in all; past that search_exec fails. */
void
search_set_budget(struct search *s, unsigned ms)
{
	s->deadline = now_coarse();
	s->deadline.tv_sec += ms / 1000;
	s->deadline.tv_nsec += (long)(ms % 1000) * 1000000;
	if (s->deadline.tv_nsec >= 1000000000) {
		s->deadline.tv_sec++;
		s->deadline.tv_nsec -= 1000000000;
	}
}

/* No time budget any more: searches run until their own limits stop them. */
void
search_clear_budget(struct search *s)
{
	s->deadline.tv_sec = 0;
	s->deadline.tv_nsec = 0;
}

static bool
past_deadline(const struct search *s)
{
	struct timespec t;

	if (s->deadline.tv_sec == 0)
		return false;
	t = now_coarse();
	return t.tv_sec > s->deadline.tv_sec ||
	    (t.tv_sec == s->deadline.tv_sec && t.tv_nsec > s->deadline.tv_nsec);
}

/* Whether the pattern has an upper-case letter outside an escape (smart case). */
static bool
has_upper(const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p >= 'A' && *p <= 'Z')
			return true;
	}
	return false;
}

/* Where \\Q's literal text ends: at its \\E, or at the end of the pattern. */
static size_t
quoted_end(const char *p, size_t i, size_t len)
{
	const char *e = strstr(p + i, "\\E");

	return e != NULL ? (size_t)(e - p) : len;
}

/*
 * Fold the characters of a pattern as the subjects are folded, but not those beside a -
 * in a character class: [一-龥] keeps the bounds of its range as written.
 */
static void
fold_pattern(char *p)
{
	size_t len = strlen(p), i = 0, n;
	bool in_class = false;
	const char *end;
	uint32_t cp;

	while (i < len) {
		if (p[i] == '\\' && p[i + 1] == 'Q') {
			n = quoted_end(p, i + 2, len);
			script_fold(p + i, n - i);
			i = n;
		} else if (p[i] == '\\' && p[i + 1] != '\0') {
			i++; /* an escaped character folds as itself: \財 is 財 */
			n = utf8_decode(p + i, len - i, &cp);
			if (!in_class)
				script_fold(p + i, n);
			i += n;
		} else if (!in_class && p[i] == '[') {
			in_class = true;
			i += p[i + 1] == '^' ? 2 : 1;
			i += p[i] == ']'; /* a ] first in a class is a member */
		} else if (in_class && p[i] == '[' && p[i + 1] == ':' &&
		    (end = strstr(p + i + 2, ":]")) != NULL) {
			i = (size_t)(end + 2 - p); /* [:alpha:] */
		} else if (in_class && p[i] == ']') {
			in_class = false;
			i++;
		} else {
			n = utf8_decode(p + i, len - i, &cp);
			if (!in_class || (p[i + n] != '-' && (i == 0 || p[i - 1] != '-')))
				script_fold(p + i, n);
			i += n;
		}
	}
}

/*
 * Compile pattern (UTF-8, Unicode properties). On a bad pattern return NULL and set
 * *error to PCRE2's message with the offset.
 */
struct search *
search_compile(const char *pattern, int flags, char **error)
{
	uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C |
	    PCRE2_USE_OFFSET_LIMIT;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE offset;
	struct search *s;
	char *folded;
	int code;

	if ((flags & SEARCH_CASELESS) || ((flags & SEARCH_SMARTCASE) && !has_upper(pattern)))
		options |= PCRE2_CASELESS;
	s = xcalloc(1, sizeof *s);
	s->window = WINDOW_MIN;
	s->fold = (flags & (SEARCH_FOLD | SEARCH_FOLDED)) == SEARCH_FOLD;
	folded = xstrdup(pattern);
	if (flags & SEARCH_FOLD)
		fold_pattern(folded);
	s->code = pcre2_compile((PCRE2_SPTR)folded, PCRE2_ZERO_TERMINATED, options, &code,
	    &offset, NULL);
	if (s->code == NULL) {
		pcre2_get_error_message(code, msg, sizeof msg);
		*error = xasprintf("%s at offset %zu", (char *)msg,
		    utf8_chars(pattern, (size_t)offset)); /* characters, as the user counts */
		free(folded);
		free(s);
		return NULL;
	}
	/*
	 * A pattern whose matches start with its literal is left to PCRE2, which looks for
	 * the first characters of a match itself (as fast, in the runs measured, and faster
	 * for an alternation than one memmem() for each branch).
	 */
	if (!(flags & SEARCH_EVERY_START) &&
	    pattern_literals(folded, (options & PCRE2_CASELESS) != 0, &s->lits) &&
	    s->lits.before == 0)
		strlist_free(&s->lits.alts);
	for (size_t k = 0; k < s->lits.alts.n; k++)
		s->lit_len[k] = strlen(s->lits.alts.v[k]);
	free(folded);
	s->md = pcre2_match_data_create_from_pattern(s->code, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	if (s->md == NULL || s->mctx == NULL)
		fatal("pcre2: out of memory");
	pcre2_set_match_limit(s->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mctx, HEAP_LIMIT);
	/*
	 * The JIT reads subjects in aligned 16-byte blocks, a few bytes past their ends:
	 * harmless, but valgrind reports it, so PLANVIEW_NO_JIT=1 turns it off for such runs.
	 */
	if ((getenv("PLANVIEW_NO_JIT") == NULL || *getenv("PLANVIEW_NO_JIT") == '\0') &&
	    pcre2_jit_compile(s->code, PCRE2_JIT_COMPLETE) == 0) {
		s->jit = true;
		s->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
		if (s->jit_stack != NULL)
			pcre2_jit_stack_assign(s->mctx, NULL, s->jit_stack);
	}
	return s;
}

/* One match attempt; the JIT's own entry point skips pcre2_match()'s checks, block by block. */
static int
match(struct search *s, const char *subject, size_t len, size_t start, uint32_t options)
{
	if (s->jit && !(options & PCRE2_NO_JIT))
		return pcre2_jit_match(s->code, (PCRE2_SPTR)subject, len, start, 0, s->md,
		    s->mctx);
	return pcre2_match(s->code, (PCRE2_SPTR)subject, len, start, options, s->md, s->mctx);
}

static long
elapsed_ns(struct timespec from)
{
	struct timespec t = now();

	return (long)(t.tv_sec - from.tv_sec) * 1000000000L + (t.tv_nsec - from.tv_nsec);
}

/* One call over the start positions [start, limit] (PCRE2_UNSET: to the end). */
static int
match_window(struct search *s, const char *subject, size_t len, size_t start, size_t limit)
{
	int rc;

	pcre2_set_offset_limit(s->mctx, limit);
	rc = match(s, subject, len, start, PCRE2_NO_UTF_CHECK);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = match(s, subject, len, start, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT);
	return rc;
}

/*
 * The first match at or after start, a window of start positions at a time, the budget
 * checked before each: PCRE2's result, or OUT_OF_TIME.
 */
static int
match_windows(struct search *s, const char *subject, size_t len, size_t start)
{
	struct timespec t0;
	size_t limit;
	int rc;

	for (;;) {
		if (past_deadline(s))
			return OUT_OF_TIME;
		limit = len - start > s->window ? start + s->window : PCRE2_UNSET;
		if (limit == PCRE2_UNSET) /* the last window: nothing to time */
			return match_window(s, subject, len, start, limit);
		t0 = now();
		rc = match_window(s, subject, len, start, limit);
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc;
		if (elapsed_ns(t0) > WINDOW_SLOW_NS)
			s->window = WINDOW_MIN;
		else if (s->window < WINDOW_MAX)
			s->window *= 2;
		start = limit + 1; /* the positions up to limit are tried: on from the next character */
		while (start < len && ((unsigned char)subject[start] & 0xC0) == 0x80)
			start++;
	}
}

/*
 * Where the nearest of the search's literals is at or after byte `from`, or len when none
 * is. next[] keeps where each one was found (SIZE_MAX: not looked for yet), so a literal
 * is looked for again only once the search has passed it.
 */
static size_t
next_literal(const struct search *s, const char *subject, size_t len, size_t from,
    size_t *next)
{
	size_t nearest = len;
	const char *at;

	for (size_t k = 0; k < s->lits.alts.n; k++) {
		if (next[k] == SIZE_MAX || next[k] < from) {
			at = memmem(subject + from, len - from, s->lits.alts.v[k], s->lit_len[k]);
			next[k] = at != NULL ? (size_t)(at - subject) : len;
		}
		nearest = next[k] < nearest ? next[k] : nearest;
	}
	return nearest;
}

/* The character boundary n characters before byte `at`, but not before `floor`. */
static size_t
chars_back(const char *subject, size_t at, size_t n, size_t floor)
{
	for (; n > 0 && at > floor; n--)
		while (--at > floor && ((unsigned char)subject[at] & 0xC0) == 0x80)
			;
	return at;
}

/*
 * The first match at or after start when every match holds one of the search's literals
 * with at most lits.before characters before it: PCRE2 tries only the start positions
 * within reach of each place a literal is, in order, so the first match it finds is the
 * first there is.
 */
static int
match_near_literals(struct search *s, const char *subject, size_t len, size_t start)
{
	size_t next[PATTERN_ALTERNATIVES_MAX], from = start, at;
	int rc;

	for (size_t k = 0; k < s->lits.alts.n; k++)
		next[k] = SIZE_MAX;
	while ((at = next_literal(s, subject, len, from, next)) < len) {
		if (past_deadline(s))
			return OUT_OF_TIME;
		rc = match_window(s, subject, len, chars_back(subject, at, s->lits.before, from),
		    at);
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc;
		from = at + 1; /* the positions up to the literal are tried */
		while (from < len && ((unsigned char)subject[from] & 0xC0) == 0x80)
			from++;
	}
	return PCRE2_ERROR_NOMATCH;
}

/* The first match at or after start: near the literals where it can, else window by window. */
static int
match_first(struct search *s, const char *subject, size_t len, size_t start)
{
	size_t next[PATTERN_ALTERNATIVES_MAX];

	if (s->lits.alts.n == 0)
		return match_windows(s, subject, len, start);
	if (s->lits.before != PATTERN_UNBOUNDED)
		return match_near_literals(s, subject, len, start);
	for (size_t k = 0; k < s->lits.alts.n; k++)
		next[k] = SIZE_MAX;
	if (next_literal(s, subject, len, start, next) == len)
		return PCRE2_ERROR_NOMATCH; /* every match holds one: none can be here */
	return match_windows(s, subject, len, start);
}

/*
 * The subject folded: folded anew at start 0 or for another subject, and kept for the
 * searches on from a match in it, so a subject of many matches is folded once.
 */
static const char *
fold_subject(struct search *s, const char *subject, size_t len, size_t start)
{
	if (start == 0 || subject != s->folded_of || len != s->folded.len) {
		buf_truncate(&s->folded, 0);
		buf_add(&s->folded, subject, len);
		buf_putc(&s->folded, '\0');
		buf_truncate(&s->folded, len);
		script_fold(s->folded.s, len);
		s->folded_of = subject;
	}
	return s->folded.s;
}

/*
 * Find the first match in subject[0..len) at or after byte start: 1 and its bounds in
 * *ms and *me, 0 for none, -1 when a limit stopped the search (search_error() says which).
 */
int
search_exec(struct search *s, const char *subject, size_t len, size_t start, size_t *ms,
    size_t *me)
{
	PCRE2_SIZE *ov;
	int rc;

	if (start > len)
		return 0;
	if (s->fold)
		subject = fold_subject(s, subject, len, start);
	rc = match_first(s, subject, len, start);
	if (rc == OUT_OF_TIME) {
		snprintf(s->error, sizeof s->error, "the search ran out of time");
		return -1;
	}
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		pcre2_get_error_message(rc, (PCRE2_UCHAR *)s->error, sizeof s->error);
		return -1;
	}
	ov = pcre2_get_ovector_pointer(s->md);
	*ms = ov[0];
	*me = ov[1];
	if (*me < *ms) /* \K in a lookahead can do this; treat it as empty at the end */
		*ms = *me;
	return 1;
}

/* Where to look for the next match after [ms, me): past an empty match by one character. */
size_t
search_resume(const char *subject, size_t len, size_t ms, size_t me)
{
	uint32_t cp;

	if (me > ms || me >= len)
		return me > ms ? me : len + 1;
	return me + utf8_decode(subject + me, len - me, &cp);
}

/* Why the last search_exec() returned -1. */
const char *
search_error(const struct search *s)
{
	return s->error;
}

/* Free a compiled search. */
void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	pcre2_jit_stack_free(s->jit_stack);
	pcre2_match_context_free(s->mctx);
	pcre2_match_data_free(s->md);
	pcre2_code_free(s->code);
	buf_free(&s->folded);
	strlist_free(&s->lits.alts);
	free(s);
}

/* What search_exec() looks for before it asks PCRE2, or NULL. */
const struct pattern_literals *
search_literals(const struct search *s)
{
	return s->lits.alts.n != 0 ? &s->lits : NULL;
}

/*
 * Where the context shown before a match at byte `at` of s starts: up to SEARCH_CONTEXT
 * characters back, not before byte `from` nor across a line break. *cut tells whether it
 * stops short of both, and is then shown after SEARCH_ELLIPSIS.
 */
size_t
search_context_before(const char *s, size_t from, size_t at, bool *cut)
{
	size_t i = at;

	for (int n = 0; i > from && n < SEARCH_CONTEXT; n++) {
		do
			i--;
		while (i > from && ((unsigned char)s[i] & 0xc0) == 0x80);
		if (s[i] == '\n') {
			i++;
			break;
		}
	}
	*cut = i > from && s[i - 1] != '\n';
	return i;
}

/*
 * Where the context shown after a match ending at byte `at` of s ends: up to
 * SEARCH_CONTEXT characters on, not past byte `to` nor a line break. *cut tells whether
 * it stops short of both, and is then followed by SEARCH_ELLIPSIS.
 */
size_t
search_context_after(const char *s, size_t at, size_t to, bool *cut)
{
	size_t i = at;
	uint32_t cp;

	for (int n = 0; i < to && n < SEARCH_CONTEXT; n++) {
		if (s[i] == '\n')
			break;
		i += utf8_decode(s + i, to - i, &cp);
	}
	*cut = i < to && s[i] != '\n';
	return i;
}

/* The columns of s[from, to): the line's characters as a terminal draws them. */
static size_t
span_width(const char *s, size_t from, size_t to, bool amb)
{
	return utf8_width(s + from, to - from, amb);
}

/* Back from byte at while the characters fit in width columns, not before from. */
static size_t
fit_back(const char *s, size_t from, size_t at, size_t width, bool amb)
{
	size_t i = at, w = 0;
	uint32_t cp;

	while (i > from) {
		size_t p = i;

		do
			p--;
		while (p > from && ((unsigned char)s[p] & 0xc0) == 0x80);
		utf8_decode(s + p, i - p, &cp);
		if (w + (size_t)cp_width(cp, amb) > width)
			break;
		w += (size_t)cp_width(cp, amb);
		i = p;
	}
	return i;
}

/* On from byte at while the characters fit in width columns, not past to. */
static size_t
fit_on(const char *s, size_t at, size_t to, size_t width, bool amb)
{
	size_t i = at, w = 0, n;
	uint32_t cp;

	while (i < to) {
		n = utf8_decode(s + i, to - i, &cp);
		if (w + (size_t)cp_width(cp, amb) > width)
			break;
		w += (size_t)cp_width(cp, amb);
		i += n;
	}
	return i;
}

/*
 * The context of a match s[ms, me) in its line within s[from, to), to show in width
 * columns with the match in the middle: the columns one side does not need go to the other,
 * and where the line is cut SEARCH_ELLIPSIS takes its place (its width counted): the
 * bytes shown and where an ellipsis goes, into win.
 */
void
search_context_centred(const char *s, size_t from, size_t to, size_t ms, size_t me,
    size_t width, bool amb, struct search_window *win)
{
	size_t line = ms, end = me, ell = (size_t)cp_width(0x2026, amb), mw, left, right, lw, rw;

	while (line > from && s[line - 1] != '\n')
		line--;
	while (end < to && s[end] != '\n')
		end++;
	mw = span_width(s, ms, me, amb);
	lw = span_width(s, line, ms, amb);
	rw = span_width(s, me, end, amb);
	left = width > mw ? (width - mw) / 2 : 0;
	right = width > mw ? width - mw - left : 0;
	if (lw <= left) { /* the line's start fits: the columns left go after the match */
		right += left - lw;
		left = lw;
	} else if (rw <= right) {
		left += right - rw;
		right = rw;
	}
	win->cut_before = lw > left;
	win->cut_after = rw > right;
	win->start = fit_back(s, line, ms, win->cut_before && left >= ell ? left - ell : left, amb);
	win->end = fit_on(s, me, end, win->cut_after && right >= ell ? right - ell : right, amb);
}
