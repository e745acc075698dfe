/*
 * fuzz_search.c: the first line of the input is a pattern, the rest a subject. The pattern
 * is compiled as the reader compiles it (smart case, traditional and simplified folded); then
 * every match is found
 * as query_grep() walks them, with search_exec() and search_resume(). Each match must lie
 * inside the subject on character boundaries, and the walk must always move forward.
 * Subjects are valid UTF-8, as the loader guarantees for every document string.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nl = memchr(in, '\n', size);
	size_t plen = nl != NULL ? (size_t)(nl - in) : size;
	const char *subject = nl != NULL ? nl + 1 : in + size;
	size_t len = size - (size_t)(subject - in), at = 0, ms, me, next, matches = 0;
	char *pattern, *subj, *error = NULL;
	struct search *s;
	int rc;

	if (!utf8_validate(subject, len, NULL))
		return 0;
	pattern = xstrndup(in, plen); /* a NUL in it ends it, as in a C string from the prompt */
	s = search_compile(pattern, SEARCH_SMARTCASE | SEARCH_FOLD, &error);
	if (s == NULL) {
		CHECK(error != NULL);
		free(error);
		free(pattern);
		return 0;
	}
	subj = xstrndup(subject, len); /* its own allocation, so overreads are caught */
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
		matches++;
		CHECK(matches <= len + 1);
	}
	search_free(s);
	free(subj);
	free(pattern);
	return 0;
}
