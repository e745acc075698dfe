/*
 * literal.c: the literal text every match of a regular expression must hold, and how far
 * before it a match can start, so that a search looks for the text with memmem() and
 * asks PCRE2 only near it, as ripgrep and GNU grep do. The walk knows only the syntax it
 * needs: literal characters, classes, groups and alternatives, the escapes that stand for
 * a class or an assertion, and quantifiers. Anything else (an option setting, a verb, a
 * back-reference, an escape it does not know) gives no literal at all: a wrong literal
 * would lose matches, and none only costs time.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

#define WIDTH_MAX 100000     /* characters: any wider counts as unbounded */

struct walk {
	const char *p;
	size_t i;
	bool caseless;
	bool failed;         /* syntax the walk does not know: no literal */
};

struct atom {
	size_t width;        /* characters it matches at most (PATTERN_UNBOUNDED) */
	const char *lit;     /* a literal character, its bytes */
	size_t lit_len;
	struct strlist alts; /* a group whose branches are all literal text */
};

static size_t sequence(struct walk *, struct buf *, bool *);

static size_t
add_width(size_t a, size_t b)
{
	if (a == PATTERN_UNBOUNDED || b == PATTERN_UNBOUNDED || a + b > WIDTH_MAX)
		return PATTERN_UNBOUNDED;
	return a + b;
}

static size_t
times_width(size_t a, size_t n)
{
	if (a == 0 || n == 0)
		return 0;
	if (a == PATTERN_UNBOUNDED || n == PATTERN_UNBOUNDED || a > WIDTH_MAX / n)
		return PATTERN_UNBOUNDED;
	return a * n;
}

static bool
fail(struct walk *w)
{
	w->failed = true;
	return false;
}

/* A POSIX class inside a class at p[i] ("[:alpha:]", "[:^digit:]"): its length, or 0. */
static size_t
posix_class(const char *p, size_t i)
{
	size_t j = i + 2;

	if (p[i] != '[' || p[i + 1] != ':')
		return 0;
	j += p[j] == '^';
	while ((p[j] | 0x20) >= 'a' && (p[j] | 0x20) <= 'z')
		j++;
	return p[j] == ':' && p[j + 1] == ']' ? j + 2 - i : 0;
}

/* Past a character class that starts at w->i ('['). */
static bool
skip_class(struct walk *w)
{
	const char *p = w->p;
	size_t i = w->i + 1, n;

	i += p[i] == '^';
	i += p[i] == ']'; /* a ] first in a class is a member */
	for (; p[i] != '\0'; i++) {
		if (p[i] == '\\' && (p[i + 1] == 'Q' || p[i + 1] == 'E'))
			return fail(w);
		if (p[i] == '\\' && p[i + 1] != '\0')
			i++;
		else if ((n = posix_class(p, i)) != 0)
			i += n - 1;
		else if (p[i] == '[' && (p[i + 1] == '.' || p[i + 1] == '='))
			return fail(w); /* [.ch.] and [=e=] are errors in PCRE2; be sure */
		else if (p[i] == ']') {
			w->i = i + 1;
			return true;
		}
	}
	return fail(w);
}

/* The decimal number at p[i] into *n (held at WIDTH_MAX and over); where its digits end. */
static size_t
count_at(const char *p, size_t i, size_t *n)
{
	for (*n = 0; p[i] >= '0' && p[i] <= '9'; i++)
		*n = *n > WIDTH_MAX ? *n : *n * 10 + (size_t)(p[i] - '0');
	return i;
}

/*
 * A quantifier at w->i, with its lazy or possessive mark, read into *min and *max (1 and
 * 1 for none). A { that does not start a count fails the walk: PCRE2 reads some of those as
 * literal text, and the walk does not try to tell which.
 */
static bool
quantifier(struct walk *w, size_t *min, size_t *max)
{
	const char *p = w->p;
	size_t i = w->i, lo, hi = 0, lo_at, hi_at;
	bool comma;

	*min = *max = 1;
	if (p[i] == '?')
		*min = 0;
	else if (p[i] == '*')
		*min = 0, *max = PATTERN_UNBOUNDED;
	else if (p[i] == '+')
		*max = PATTERN_UNBOUNDED;
	else if (p[i] == '{') {
		lo_at = ++i;
		i = count_at(p, i, &lo);
		comma = p[i] == ',';
		hi_at = i += comma;
		if (comma)
			i = count_at(p, i, &hi);
		if (p[i] != '}' || (i == lo_at + comma))
			return fail(w); /* no digit at all: {} or {,} */
		*min = lo;
		*max = !comma ? lo : i > hi_at ? hi : PATTERN_UNBOUNDED;
	} else
		return true;
	i++;
	if (p[i] == '?' || p[i] == '+')
		i++;
	w->i = i;
	return true;
}

/*
 * Whether a character matches only itself under PCRE2_CASELESS with PCRE2_UCP: digits,
 * ASCII punctuation, CJK ideographs and punctuation. Not ASCII letters: k matches the
 * Kelvin sign and s the long s.
 */
static bool
caseless_safe(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	return (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xff01 && cp <= 0xff20) || (cp >= 0xff3b && cp <= 0xff40) ||
	    (cp >= 0xff5b && cp <= 0xff65) || (cp >= 0x20000 && cp <= 0x3ffff);
}

static bool
text_caseless_safe(const char *s, size_t len)
{
	uint32_t cp;

	for (size_t n; len > 0; s += n, len -= n)
		if ((n = utf8_decode(s, len, &cp)) == 0 || !caseless_safe(cp))
			return false;
	return true;
}

static bool
alts_caseless_safe(const struct strlist *alts)
{
	for (size_t k = 0; k < alts->n; k++)
		if (!text_caseless_safe(alts->v[k], strlen(alts->v[k])))
			return false;
	return true;
}

/*
 * An escape at w->i that stands for a class or an assertion, not a character: \d, \b,
 * \p{Han}. Its width in *width; false for any other escape.
 */
static bool
class_escape(struct walk *w, size_t *width)
{
	const char *p = w->p + w->i, *close;
	char c = p[1];

	if (c == '\0')
		return false;
	if (strchr("bBAzZGK", c) != NULL)
		*width = 0;
	else if (strchr("dDsSwWhHvVN", c) != NULL && !(c == 'N' && p[2] == '{'))
		*width = 1;
	else if (c == 'R')
		*width = 2; /* \r\n */
	else if (c == 'X')
		*width = PATTERN_UNBOUNDED; /* a grapheme cluster */
	else if ((c == 'p' || c == 'P') && p[2] == '{' && (close = strchr(p + 3, '}')) != NULL) {
		w->i += (size_t)(close + 1 - p);
		*width = 1;
		return true;
	} else if ((c == 'p' || c == 'P') && (p[2] | 0x20) >= 'a' && (p[2] | 0x20) <= 'z') {
		w->i += 3;
		*width = 1;
		return true;
	} else
		return false;
	w->i += 2;
	return true;
}

/*
 * A group at w->i: its width, the widest of its branches; a lookaround's is 0. A group
 * of branches that are all literal text gives them in a->alts.
 */
static bool
group(struct walk *w, struct atom *a)
{
	const char *p = w->p;
	struct buf branch = { 0 };
	bool look = false, pure = true, more;
	size_t width = 0;

	if (p[w->i + 1] == '*')
		return fail(w); /* a verb: (*UTF), (*SKIP) */
	if (p[w->i + 1] == '?') {
		char c = p[w->i + 2];

		if (c == ':' || c == '>' || c == '|' || c == '=' || c == '!')
			look = c == '=' || c == '!', w->i += 3;
		else if (c == '<' && (p[w->i + 3] == '=' || p[w->i + 3] == '!'))
			look = true, w->i += 4;
		else if (c == '<' && strchr(p + w->i, '>') != NULL)
			w->i = (size_t)(strchr(p + w->i, '>') + 1 - p); /* (?<name> */
		else
			return fail(w); /* an option setting, a comment, a recursion */
	} else
		w->i++;
	do {
		size_t wb;

		buf_truncate(&branch, 0);
		wb = sequence(w, &branch, &pure);
		if (w->failed)
			break;
		width = wb > width ? wb : width; /* PATTERN_UNBOUNDED is the greatest */
		if (pure && branch.len != 0 && a->alts.n < PATTERN_ALTERNATIVES_MAX)
			strlist_add_owned(&a->alts, xstrndup(branch.s, branch.len));
		else
			pure = false;
		more = p[w->i] == '|';
		w->i += more;
	} while (more);
	buf_free(&branch);
	if (w->failed || p[w->i] != ')')
		return fail(w);
	w->i++;
	if (!pure || look)
		strlist_free(&a->alts);
	a->width = look ? 0 : width;
	return true;
}

/* One item at w->i, without its quantifier. */
static bool
atom(struct walk *w, struct atom *a)
{
	const char *p = w->p + w->i;
	uint32_t cp;

	memset(a, 0, sizeof *a);
	a->width = 1;
	if (*p == '(')
		return group(w, a);
	if (*p == '[')
		return skip_class(w);
	if (*p == '.' || *p == '^' || *p == '$') {
		a->width = *p == '.';
		w->i++;
		return true;
	}
	if (strchr("?*+{", *p) != NULL)
		return fail(w); /* a quantifier with nothing to repeat */
	if (*p == '\\') {
		if (p[1] != '\0' && (unsigned char)p[1] < 0x80 && !(p[1] >= '0' && p[1] <= '9') &&
		    !((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z')) {
			a->lit = p + 1; /* \. is a dot */
			a->lit_len = 1;
			w->i += 2;
			return true;
		}
		return class_escape(w, &a->width) || fail(w);
	}
	a->lit = p;
	a->lit_len = utf8_decode(p, strlen(p), &cp);
	w->i += a->lit_len;
	return true;
}

/*
 * The candidates for the literal a search looks for: a run of literal characters, or a
 * group of literal branches, each with the width of what comes before it.
 */
struct candidates {
	struct buf run;           /* the run being read */
	size_t run_before;        /* ... and the width before it */
	struct pattern_literals best;
};

/* The better of two literals: one a search can stay near, then the longer shortest text. */
static bool
better(const struct strlist *alts, size_t before, const struct pattern_literals *than)
{
	size_t shortest = SIZE_MAX, than_shortest = SIZE_MAX;

	if (than->alts.n == 0)
		return true;
	if ((before == PATTERN_UNBOUNDED) != (than->before == PATTERN_UNBOUNDED))
		return before != PATTERN_UNBOUNDED;
	for (size_t k = 0; k < alts->n; k++)
		shortest = strlen(alts->v[k]) < shortest ? strlen(alts->v[k]) : shortest;
	for (size_t k = 0; k < than->alts.n; k++)
		if (strlen(than->alts.v[k]) < than_shortest)
			than_shortest = strlen(than->alts.v[k]);
	return shortest > than_shortest;
}

static void
offer(struct candidates *c, struct strlist *alts, size_t before)
{
	if (!better(alts, before, &c->best)) {
		strlist_free(alts);
		return;
	}
	strlist_free(&c->best.alts);
	c->best.alts = *alts;
	c->best.before = before;
	memset(alts, 0, sizeof *alts);
}

static void
end_run(struct candidates *c)
{
	struct strlist one = { 0 };

	if (c->run.len == 0)
		return;
	strlist_add_owned(&one, xstrndup(c->run.s, c->run.len));
	offer(c, &one, c->run_before);
	buf_truncate(&c->run, 0);
}

/*
 * A sequence of items up to a |, a ) or the end: its width. Its literal text goes in
 * *text while *pure (every item a literal character, none repeated). At the top (with c),
 * the candidates are offered as the walk passes them.
 */
static size_t
sequence_at(struct walk *w, struct buf *text, bool *pure, struct candidates *c)
{
	size_t width = 0, min, max;
	struct atom a;

	while (!w->failed && w->p[w->i] != '\0' && w->p[w->i] != '|' && w->p[w->i] != ')') {
		if (!atom(w, &a) || !quantifier(w, &min, &max)) {
			strlist_free(&a.alts);
			break;
		}
		if (a.lit == NULL || min != 1 || max != 1)
			*pure = false;
		else if (text != NULL)
			buf_add(text, a.lit, a.lit_len);
		if (c != NULL) {
			if (a.lit != NULL && min >= 1 && (!w->caseless || text_caseless_safe(a.lit,
			    a.lit_len))) {
				if (c->run.len == 0)
					c->run_before = width;
				buf_add(&c->run, a.lit, a.lit_len);
				if (max != 1)
					end_run(c); /* a repeated character is the last of its run */
			} else {
				end_run(c);
				if (a.alts.n != 0 && min == 1 && max == 1 && (!w->caseless ||
				    alts_caseless_safe(&a.alts)))
					offer(c, &a.alts, width);
			}
		}
		strlist_free(&a.alts);
		width = add_width(width, times_width(a.width, max));
	}
	return width;
}

static size_t
sequence(struct walk *w, struct buf *text, bool *pure)
{
	return sequence_at(w, text, pure, NULL);
}

/*
 * A top-level alternation: a literal only when every branch is literal text, which a match
 * can hold at its very start (before 0).
 */
static void
alternation(struct walk *w, struct buf *text, bool pure, struct candidates *c)
{
	struct strlist branches = { 0 };

	strlist_free(&c->best.alts);
	strlist_add_owned(&branches, xstrndup(text->s != NULL ? text->s : "", text->len));
	while (!w->failed && w->p[w->i] == '|') {
		w->i++;
		buf_truncate(text, 0);
		sequence(w, text, &pure);
		strlist_add_owned(&branches, xstrndup(text->s != NULL ? text->s : "", text->len));
		pure = pure && text->len != 0;
	}
	if (pure && branches.n <= PATTERN_ALTERNATIVES_MAX && (!w->caseless ||
	    alts_caseless_safe(&branches))) {
		c->best.alts = branches;
		c->best.before = 0;
	} else
		strlist_free(&branches);
}

/*
 * What every match of pattern (as PCRE2 compiles it, with caseless when PCRE2_CASELESS)
 * holds: one of out->alts, and at most out->before characters of the match before it
 * (PATTERN_UNBOUNDED when the walk cannot bound them). False, with nothing in *out, when
 * there is no such literal or the walk cannot be sure of one. With caseless, only
 * characters that have no other case count.
 */
bool
pattern_literals(const char *pattern, bool caseless, struct pattern_literals *out)
{
	struct walk w = { pattern, 0, caseless, false };
	struct candidates c = { .best = { .before = PATTERN_UNBOUNDED } };
	struct buf text = { 0 };
	bool pure = true;

	sequence_at(&w, &text, &pure, &c);
	end_run(&c);
	if (!w.failed && pattern[w.i] == '|')
		alternation(&w, &text, pure && text.len != 0, &c);
	if (!w.failed && pattern[w.i] != '\0')
		w.failed = true; /* a ) with no ( */
	buf_free(&text);
	buf_free(&c.run);
	if (w.failed || c.best.alts.n == 0) {
		strlist_free(&c.best.alts);
		memset(out, 0, sizeof *out);
		return false;
	}
	*out = c.best;
	return true;
}
