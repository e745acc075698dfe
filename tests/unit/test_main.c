/* test_main.c: runs every unit-test group and prints the TAP plan. */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>

#include "tap.h"

int tap_count, tap_failed;

/* Report one test. */
void
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass) {
		tap_failed++;
		printf("#   at %s:%d\n", file, line);
	}
}

/* Report a string comparison, showing both sides on failure. */
void
tap_is_str(const char *got, const char *want, const char *file, int line, const char *name)
{
	int pass = got != NULL && want != NULL ? strcmp(got, want) == 0 : got == want;

	tap_ok(pass, file, line, "%s", name);
	if (!pass)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		    want ? want : "(null)");
}

/* Report an integer comparison. */
void
tap_is_int(long got, long want, const char *file, int line, const char *name)
{
	tap_ok(got == want, file, line, "%s", name);
	if (got != want)
		printf("#   got:  %ld\n#   want: %ld\n", got, want);
}

/*
 * A cache of the run's own, as the shell drivers have (tests/setup): the groups that load
 * a plan write its snapshot there, never into the user's ~/.cache.
 */
static char *
own_cache(void)
{
	static char dir[] = "/tmp/planview-unit.XXXXXX";

	if (mkdtemp(dir) == NULL)
		return NULL;
	setenv("XDG_CACHE_HOME", dir, 1);
	unsetenv("PLANVIEW_CACHE_DIR");
	unsetenv("PLANVIEW_CACHE_MAX");
	return dir;
}

int
main(void)
{
	char *cache = own_cache(), *rm;

	setlocale(LC_ALL, "C.UTF-8");
	ok(cache != NULL, "a cache directory of the run's own");
	test_numeral();
	test_format();
	test_numbering();
	test_resp();
	test_page();
	test_utf8();
	test_registry();
	test_search();
	test_snapshot();
	test_scan();
	test_consistency();
	test_state();
	test_file();
	test_export();
	test_layout();
	test_script();
	test_names();
	test_yaml();
	if (cache != NULL) {
		rm = xasprintf("rm -rf '%s'", cache);
		ok(system(rm) == 0, "the run's cache removed");
		free(rm);
	}
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}
