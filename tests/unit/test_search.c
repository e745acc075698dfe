/* test_search.c: PCRE2 compile errors, UTF-8 matching, limits and empty matches. */
#include <stdlib.h>

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
}
