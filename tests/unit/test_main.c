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

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_numeral();
	test_format();
	test_numbering();
	test_resp();
	test_page();
	test_utf8();
	test_registry();
	test_search();
	test_scan();
	test_consistency();
	test_state();
	test_file();
	test_export();
	test_layout();
	test_script();
	test_names();
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}
