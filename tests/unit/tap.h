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

void test_consistency(void);
void test_export(void);
void test_file(void);
void test_format(void);
void test_layout(void);
void test_numbering(void);
void test_numeral(void);
void test_page(void);
void test_registry(void);
void test_resp(void);
void test_scan(void);
void test_search(void);
void test_state(void);
void test_utf8(void);

#endif
