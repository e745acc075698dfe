/* test_nodata.c: without OpenCC's data, folding is the identity and names still resolve. */
#include <stdlib.h>

#include "tap.h"

int tap_count, tap_failed;

static void
check(int pass, const char *name)
{
	printf("%s %d - %s\n", pass ? "ok" : "not ok", ++tap_count, name);
	tap_failed += !pass;
}

int
main(void)
{
	struct diags d = { 0 };
	struct name_forms *nf;
	struct body_match m[4];
	char *f;

	check(!script_ready(), "script_ready() is false when t2s.json cannot be opened");
	check(!script_ready(), "and stays false (tried once)");
	check(script_fold_cp(0x8ca1) == 0x8ca1, "a character folds to itself");
	f = script_fold_copy("市財政局", strlen("市財政局"));
	check(strcmp(f, "市財政局") == 0, "a string folds to itself");
	free(f);
	nf = names_load(NAMES_DATA, &d);
	check(nf != NULL, "the name forms load");
	check(names_resolve(nf, "市财政局", m, 4) == 1 && strcmp(m[0].id, "finance") == 0,
	    "simplified names resolve");
	check(names_resolve(nf, "市財政局", m, 4) == 0, "traditional ones do not");
	names_free(nf);
	diags_free(&d);
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}
