/*
 * fuzz_search.c: the first line of the input is a pattern, the rest a subject. The pattern
 * is compiled as the reader compiles it (smart case, traditional and simplified folded); then
 * every match is found
 * as query_grep() walks them, with search_exec() and search_resume(). Each match must lie
 * inside the subject on character boundaries, and the walk must always move forward.
 * Subjects are valid UTF-8, as the loader guarantees for every document string. The same
 * walk with SEARCH_EVERY_START must find the same matches: the literal a search looks for
 * first may leave out only subjects that cannot match.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"



FUZZ_UTF8_INITIALIZE

static bool
boundary(const char *s, size_t len, size_t at)
{
	return at == len || ((unsigned char)s[at] & 0xc0) != 0x80;
}

/*
 * Every match of s in subj, walked as query_grep() walks them, into *found as (start, end)
 * pairs; the walk's last return.
 */
static int
walk(struct search *s, const char *subj, size_t len, size_t *found, size_t *nfound)
{
	size_t at = 0, ms, me, next;
	int rc = 0;

	*nfound = 0;
	while (at <= len) {
		rc = search_exec(s, subj, len, at, &ms, &me);
		CHECK(rc >= -1 && rc <= 1);
		if (rc == -1)
			CHECK(search_error(s)[0] != '\0');
		if (rc != 1)
			break;
		CHECK(ms <= me && me <= len);
		CHECK(boundary(subj, len, ms) && boundary(subj, len, me));
		next = search_resume(subj, len, ms, me);
		CHECK(next > at);
		CHECK(next == len + 1 || (next <= len && boundary(subj, len, next)));
		at = next;
		CHECK(*nfound < len + 1);
		found[2 * *nfound] = ms;
		found[2 * *nfound + 1] = me;
		++*nfound;
	}
	return rc;
}

/*
 * A pattern's required literal (literal.c) only saves time: the matches with it are the
 * matches PCRE2 finds trying every subject, unless a search limit stopped either walk.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nl = memchr(in, '\n', size);
	size_t plen = nl != NULL ? (size_t)(nl - in) : size;
	const char *subject = nl != NULL ? nl + 1 : in + size;
	size_t len = size - (size_t)(subject - in), n1, n2, *m1, *m2;
	const int flags = SEARCH_SMARTCASE | SEARCH_FOLD;
	char *pattern, *subj, *error = NULL;
	struct search *s, *every;
	int rc1, rc2;

	if (!utf8_validate(subject, len, NULL))
		return 0;
	pattern = xstrndup(in, plen); /* a NUL in it ends it, as in a C string from the prompt */
	s = search_compile(pattern, flags, &error);
	if (s == NULL) {
		CHECK(error != NULL);
		free(error);
		free(pattern);
		return 0;
	}
	every = search_compile(pattern, flags | SEARCH_EVERY_START, &error);
	CHECK(every != NULL && search_literals(every) == NULL);
	subj = xstrndup(subject, len); /* its own allocation, so overreads are caught */
	m1 = xcalloc(2 * (len + 1), sizeof *m1);
	m2 = xcalloc(2 * (len + 1), sizeof *m2);
	rc1 = walk(s, subj, len, m1, &n1);
	rc2 = walk(every, subj, len, m2, &n2);
	if (rc1 != -1 && rc2 != -1) {
		CHECK(n1 == n2);
		CHECK(memcmp(m1, m2, 2 * n1 * sizeof *m1) == 0);
	}
	free(m1);
	free(m2);
	search_free(every);
	search_free(s);
	free(subj);
	free(pattern);
	return 0;
}
