/* tap.h: a minimal TAP producer for the C unit tests. */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

#include "plan/plan.h"
#include "reader/reader.h"

extern int tap_count, tap_failed;

void tap_ok(int, const char *, int, const char *, ...) __attribute__((format(printf, 4, 5)));
void tap_is_str(const char *, const char *, const char *, int, const char *);
void tap_is_int(long, long, const char *, int, const char *);

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, name) tap_is_str(got, want, __FILE__, __LINE__, name)
#define is_int(got, want, name) tap_is_int((long)(got), (long)(want), __FILE__, __LINE__, name)

/* Where the golden files and the name forms are: set by Makefile.am. */
#ifndef NAMES_TESTDIR
#define NAMES_TESTDIR "tests/names"
#endif
#ifndef NAMES_DATA
#define NAMES_DATA "content/name-forms.yaml"
#endif

/* golden.c */
struct golden {
	char *in, *want;
	unsigned line;
};
size_t golden_read(const char *, struct golden **);
void golden_free(struct golden *, size_t);
size_t golden_fields(char *, char **, size_t);

void test_consistency(void);
void test_export(void);
void test_file(void);
void test_snapshot(void);
void test_format(void);
void test_layout(void);
void test_names(void);
void test_numbering(void);
void test_numeral(void);
void test_page(void);
void test_registry(void);
void test_resp(void);
void test_scan(void);
void test_yaml(void);
void test_script(void);
void test_search(void);
void test_state(void);
void test_utf8(void);

#endif
