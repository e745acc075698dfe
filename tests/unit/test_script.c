/* test_script.c: traditional and simplified Chinese folded as one, offsets kept. */
#include <stdlib.h>

#include "tap.h"

static void
fold_cases(void)
{
	struct golden *g;
	size_t n = golden_read("fold.txt", &g);

	for (size_t i = 0; i < n; i++) {
		char *got = script_fold_copy(g[i].in, strlen(g[i].in));

		tap_is_str(got, g[i].want, "fold.txt", (int)g[i].line, g[i].in);
		free(got);
	}
	golden_free(g, n);
}

static void
fold_offsets(void)
{
	const char *mixed = "A1 發展和改革委員會牵头, 縣區 ok; 財政局（市）\xf0\x9f\x98\x80";
	const char *wide = "𠀀𠀁 𪚥 😀 𠮷野家";
	char *f = script_fold_copy(mixed, strlen(mixed));
	const char *at = strstr(f, "财政局");

	is_int(strlen(f), strlen(mixed), "folding keeps the byte length");
	ok(at != NULL && strncmp(mixed + (at - f), "財政局", strlen("財政局")) == 0,
	    "a match in the folded text is at the same offset in the text as written");
	ok(strncmp(f, "A1 ", 3) == 0 && strstr(f, ", ") != NULL && strstr(f, " ok; ") != NULL,
	    "ASCII is unchanged");
	free(f);
	f = script_fold_copy(wide, strlen(wide));
	is_str(f, wide, "a string of 4-byte characters is unchanged");
	free(f);
	f = script_fold_copy("ab\0發", 6);
	ok(memcmp(f, "ab\0发", 7) == 0, "a NUL inside the bytes does not stop the fold");
	free(f);
}

static void
fold_chars(void)
{
	char bad[] = "\xe8\xb2\xa1\xff\xe6";

	is_int(script_fold_cp(0x8ca1), 0x8d22, "財 (U+8CA1) folds to 财 (U+8D22)");
	is_int(script_fold_cp(0x8d22), 0x8d22, "财 folds to itself");
	is_int(script_fold_cp('A'), 'A', "ASCII folds to itself");
	is_int(script_fold_cp(0x20000), 0x20000, "a supplementary character folds to itself");
	is_int(script_fold_cp(0x3000), 0x3000, "the ideographic space folds to itself");
	script_fold(bad, sizeof bad - 1);
	ok(memcmp(bad, "\xe8\xb4\xa2\xff\xe6", 5) == 0, "invalid bytes are left as they are");
	script_fold(NULL, 0);
	ok(1, "folding nothing is allowed");
}

/* Folding: the table, golden cases, offsets, single characters. */
void
test_script(void)
{
	long t0 = clock_ms();
	bool ready = script_ready();

	ok(ready, "OpenCC and its t2s data are there");
	printf("# fold table built in %ld ms\n", clock_ms() - t0);
	if (!ready)
		return;
	fold_cases();
	fold_offsets();
	fold_chars();
}
