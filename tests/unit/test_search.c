/* test_search.c: PCRE2 compile errors, UTF-8 matching, limits and empty matches. */
#include <stdlib.h>
#include <time.h>

#include "tap.h"

static int
count(const char *pattern, int flags, const char *subject)
{
	struct search *re;
	size_t ms, me, at = 0, len = strlen(subject);
	int n = 0, rc;
	char *err;

	if ((re = search_compile(pattern, flags, &err)) == NULL) {
		free(err);
		return -2;
	}
	while ((rc = search_exec(re, subject, len, at, &ms, &me)) == 1) {
		n++;
		at = search_resume(subject, len, ms, me);
	}
	search_free(re);
	return rc < 0 ? -1 : n;
}

/* The bounds of the first match of pattern in subject, "start-end", or "none". */
static const char *
first(const char *pattern, int flags, const char *subject)
{
	static char out[32];
	struct search *re;
	size_t ms, me;
	char *err;

	if ((re = search_compile(pattern, flags, &err)) == NULL) {
		free(err);
		return "invalid";
	}
	if (search_exec(re, subject, strlen(subject), 0, &ms, &me) == 1)
		snprintf(out, sizeof out, "%zu-%zu", ms, me);
	else
		snprintf(out, sizeof out, "none");
	search_free(re);
	return out;
}

/* Traditional and simplified as one: where the text as written has the match. */
static void
fold_cases(void)
{
	const int F = SEARCH_FOLD;

	is_str(first("财政", F, "市財政局"), "3-9", "simplified finds traditional, at its bytes");
	is_str(first("財政", F, "市财政局"), "3-9", "traditional finds simplified");
	is_str(first("财政", 0, "市財政局"), "none", "without SEARCH_FOLD, only as written");
	is_str(first("[財]政", F, "市财政局"), "3-9", "a class member folds");
	is_str(first("[乳-亂]", F, "乳"), "0-3", "a range's bounds do not (亂 folded is below 乳)");
	is_str(first("\\Q財政\\E局", F, "财政局"), "0-9", "quoted text folds");
	is_str(first("\\財政", F, "财政"), "0-6", "an escaped character folds");
	is_int(count("財政", F, "財政、财政、財政"), 3, "every form, each once");
}

/* The context search_context_centred() shows of s's first "<" ">" pair's inside, in width. */
static const char *
centred(const char *s, size_t width)
{
	static char out[256];
	const char *ms = strchr(s, '<') + 1, *me = strchr(s, '>');
	struct search_window w;

	search_context_centred(s, 0, strlen(s), (size_t)(ms - s), (size_t)(me - s), width, false, &w);
	snprintf(out, sizeof out, "%s%.*s%s", w.cut_before ? "…" : "", (int)(w.end - w.start),
	    s + w.start, w.cut_after ? "…" : "");
	return out;
}

/* A match in the middle of its context, measured in columns (CJK two), cut with …. */
static void
centred_cases(void)
{
	is_str(centred("ab<c>de", 20), "ab<c>de", "a short line is shown whole");
	is_str(centred("abcdefghij<k>lmnopqrstu", 11), "…hij<k>lmn…",
	    "both sides cut: the match in the middle, each … counted");
	is_str(centred("ab<c>defghijklmnop", 10), "ab<c>defg…", "the start fits: its columns go after");
	is_str(centred("abcdefghijklmn<o>p", 10), "…jklmn<o>p", "the end fits: its columns go before");
	is_str(centred("一二三四五六<七>八九十一二三四", 13), "…六<七>八九…",
	    "CJK counts two columns each: never a half character");
	is_str(centred("first line\nsecond<x>third\nnext", 40), "second<x>third",
	    "only the match's own line");
	is_str(centred("ab<cdefghijklmnop>qr", 5), "…cdefghijklmnop…",
	    "a match wider than the width is kept whole");
}

/* pattern_literals() as a string: "局|委 <6", "-" for none, "…" for an unbounded reach. */
static const char *
literals(const char *pattern, bool caseless)
{
	static char out[96];
	struct pattern_literals pl;
	struct buf b = { 0 };

	if (!pattern_literals(pattern, caseless, &pl))
		return "-";
	strlist_join(&b, &pl.alts, "|");
	if (pl.before == PATTERN_UNBOUNDED)
		snprintf(out, sizeof out, "%s <…", b.s);
	else
		snprintf(out, sizeof out, "%s <%zu", b.s, pl.before);
	buf_free(&b);
	strlist_free(&pl.alts);
	return out;
}

/*
 * The literal a search looks for before PCRE2, and how far before it a match can start:
 * the longest text every match holds, none where the walk cannot be sure.
 */
static void
literal_cases(void)
{
	is_str(literals("\\p{Han}{2}补偿机制", true), "补偿机制 <2", "after a class and its count");
	is_str(literals("\\p{Han}{2,6}(?:局|委)", true), "局|委 <6", "a group of literal branches");
	is_str(literals("市财政局|市统计局", false), "市财政局|市统计局 <0", "an alternation of texts");
	is_str(literals("市财政局|市.局", false), "-", "an alternation with a class: none");
	is_str(literals("市(财政|统计)局长办", false), "局长办 <3", "the longer text is kept");
	is_str(literals("转移支?付", false), "转移 <0", "an optional character is left out");
	is_str(literals("ab*cd", false), "a <0", "so is one repeated none or more times; "
	    "a text a match starts near is better than a longer one");
	is_str(literals("x*转移支付", false), "转移支付 <…", "with none, the reach is unbounded");
	is_str(literals("ab+cd", false), "ab <0", "one repeated once or more ends its run");
	is_str(literals("x.{0,3}ab{0,3}c", false), "x <0", "{0,3} is optional");
	is_str(literals("abc{2}", false), "abc <0", "{2} is not");
	is_str(literals("a\\.b\\d", false), "a.b <0", "an escaped dot is a dot; \\d ends the run");
	is_str(literals("app", true), "-", "caseless: ASCII letters match other cases (k, K, U+212A)");
	is_str(literals("2024年app", true), "2024年 <0", "caseless: digits and ideographs stay");
	is_str(literals("(?i)财政局", false), "-", "an option setting: none");
	is_str(literals("\\x{8d22}政局", false), "-", "an escape it does not read: none");
	is_str(literals("[财政]局[)]", false), "局 <1", "classes, a ) among their members");
	is_str(literals("[[:alpha:]x]财政", false), "财政 <1", "a POSIX class inside a class");
	is_str(literals("(?<=市)财政局", false), "财政局 <0", "a lookbehind is as wide as nothing");
	is_str(literals("a{b", false), "-", "a { that is not a count: none");
	is_str(literals("(ab|)cd", false), "cd <2", "a group with an empty branch is not a literal");
	is_str(literals("\\X局", false), "局 <…", "a grapheme cluster has no bound");
	is_int(count("\\p{Han}{2}补偿机制", 0, "建立横向补偿机制和纵向补偿机制"), 2,
	    "a class before the literal still matches where the literal is");
	is_int(count("\\p{Han}{2,6}(?:局|委)", 0, "市财政局、市发展改革委、局"), 2,
	    "the search looks back from each literal as far as a match can reach");
	is_str(first("\\p{Han}{2,6}(?:局|委)", 0, "局市财政局"), "0-15",
	    "the first match starts before an earlier literal");
	is_int(count("支?付", 0, "交付、付款"), 2, "an optional character is not looked for");
	is_int(count("abc", SEARCH_CASELESS, "ABC"), 1, "caseless letters are not looked for");
}

/*
 * A pattern that backtracks at every start, over one long subject of short paragraphs:
 * the time budget holds inside the one search_exec() (it ran half a minute, then said
 * nothing). CPU time, which a loaded machine does not stretch.
 */
static void
budget_inside_one_call(void)
{
	const char *para = "aaaaaaaaaaaaaaaaa\n";
	size_t n = 20000, plen = strlen(para), ms, me;
	char *subject = xmalloc(n * plen + 1), *err = NULL;
	struct search *re = search_compile("(a|a)+$", 0, &err);
	clock_t t0;
	int rc;

	for (size_t i = 0; i < n; i++)
		memcpy(subject + i * plen, para, plen);
	subject[n * plen - 1] = 'b'; /* the subject ends in no paragraph: nothing matches */
	subject[n * plen] = '\0';
	t0 = clock();
	search_set_budget(re, 200);
	rc = search_exec(re, subject, n * plen, 0, &ms, &me);
	is_int(rc, -1, "a backtracking pattern over 20,000 paragraphs stops in one call");
	is_str(search_error(re), "the search ran out of time", "it says the budget ran out");
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0, "within 2 s of CPU time for a 0.2 s budget");
	search_free(re);
	free(subject);
}

void
test_search(void)
{
	char *err = NULL;
	struct search *re;
	char *big;

	is_int(count("财政", 0, "市财政局、市财政局"), 2, "literal matches twice");
	is_int(count("\\p{Han}{2}局", 0, "市财政局和市统计局"), 2, "Unicode property class");
	is_int(count("abc", SEARCH_SMARTCASE, "ABC abc"), 2, "smart case: lower is caseless");
	is_int(count("Abc", SEARCH_SMARTCASE, "ABC abc Abc"), 1, "smart case: upper is exact");
	is_int(count("x*", 0, "天津"), 3, "empty matches advance by a character");
	is_int(count("\\C", 0, "天津"), -2, "\\C is refused");
	fold_cases();
	literal_cases();
	centred_cases();
	re = search_compile("(abc", 0, &err);
	ok(re == NULL, "unbalanced parenthesis fails to compile");
	is_str(err, "missing closing parenthesis at offset 4", "message carries the offset");
	free(err);
	big = xmalloc(40001);
	memset(big, 'a', 40000);
	big[40000] = '\0';
	is_int(count("(a+)+$", 0, big), 1, "nested quantifier on a long subject ends");
	big[39999] = '!';
	is_int(count("(a+)+$", 0, big), -1, "nested quantifier blow-up stops at a limit");
	is_int(count("(a|aa)*$", 0, big), -1, "alternation blow-up stops at a limit");
	is_int(count("(?:a|aa)+b", 0, big), 0, "a required character that is absent fails fast");
	free(big);
	big = xmalloc(3 * 20000 + 1);
	for (int i = 0; i < 20000; i++)
		memcpy(big + 3 * i, i % 2 ? "财" : "政", 3);
	big[3 * 20000] = '\0';
	is_int(count("(财|政)*!", 0, big), 0, "(财|政)*! on a long paragraph: no match, at once");
	is_int(count("(*LIMIT_MATCH=10)(财+|政+)+$", 0, big), -1, "a lower limit set in the pattern holds");
	is_int(count("(*LIMIT_MATCH=100000000)(财|政)+", 0, big), 1,
	    "a pattern cannot raise the limit above planview's, and this search fits it");
	is_int(count("财政", 0, big), 9999, "every occurrence in a long paragraph");
	free(big);
	big = xmalloc(10001);
	memset(big, 'x', 10000);
	big[10000] = '\0';
	is_int(count(big, 0, "x"), 0, "a 10,000-character pattern compiles and runs");
	free(big);
	is_int(count("", 0, "天津"), 3, "the empty pattern matches between every character");
	re = search_compile("津", 0, &err);
	search_set_budget(re, 0);
	{
		size_t ms, me;

		while (search_exec(re, "天津", strlen("天津"), 0, &ms, &me) == 1)
			; /* a zero budget runs out at once (the clock moves on) */
		is_str(search_error(re), "the search ran out of time", "a spent budget stops the search");
		search_clear_budget(re);
		is_int(search_exec(re, "天津", strlen("天津"), 0, &ms, &me), 1,
		    "with the budget cleared the same search runs again");
	}
	search_free(re);
	budget_inside_one_call();
}
