/* test_names.c: the name forms loaded, names resolved, shown, and places told. */
#include <glob.h>
#include <stdlib.h>

#include "tap.h"

static const char *const level_names[] = { "-", "province", "city", "county", "municipality" };

static enum name_level
level_parse(const char *s)
{
	for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
		if (s != NULL && strcmp(s, level_names[i]) == 0)
			return (enum name_level)i;
	return LEVEL_NONE;
}

/* A resolution as resolve.txt writes it: "id [level] form (former)", "ambiguous: a, b [level]". */
static char *
resolution(const struct name_forms *nf, const char *written)
{
	struct body_match m[8];
	size_t n = names_resolve(nf, written, m, 8);
	struct buf b = { 0 };

	if (n == 0)
		return xstrdup("no match");
	if (n == 1) {
		buf_printf(&b, "%s [%s] %s%s", m[0].id, level_names[m[0].level], m[0].form,
		    m[0].former ? " (former)" : "");
		return buf_detach(&b);
	}
	buf_puts(&b, "ambiguous: ");
	for (size_t i = 0; i < n && i < 8; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", m[i].id);
	buf_printf(&b, " [%s]", level_names[m[0].level]);
	return buf_detach(&b);
}

static void
resolve_cases(const struct name_forms *nf)
{
	struct golden *g;
	size_t n = golden_read("resolve.txt", &g);

	for (size_t i = 0; i < n; i++) {
		char *got = resolution(nf, g[i].in);

		tap_is_str(got, g[i].want, "resolve.txt", (int)g[i].line, g[i].in);
		free(got);
	}
	golden_free(g, n);
}

/* display.txt: "id | level | place -> name". */
static void
display_cases(const struct name_forms *nf)
{
	struct golden *g;
	size_t n = golden_read("display.txt", &g);
	char *f[3], *got;

	for (size_t i = 0; i < n; i++) {
		char *name = xstrdup(g[i].in);

		golden_fields(g[i].in, f, 3);
		got = names_display(nf, f[0], level_parse(f[1]), f[2]);
		tap_is_str(got != NULL ? got : "none", g[i].want, "display.txt", (int)g[i].line,
		    name);
		free(got);
		free(name);
	}
	golden_free(g, n);
}

/* prefix.txt: "name -> place | level | stem". */
static void
prefix_cases(void)
{
	struct golden *g;
	size_t n = golden_read("prefix.txt", &g), at;
	struct buf b = { 0 };
	enum name_level level;
	char *place;

	for (size_t i = 0; i < n; i++) {
		level = names_prefix(g[i].in, &place, &at);
		buf_truncate(&b, 0);
		buf_printf(&b, "%s | %s | %s", place != NULL ? place : "-", level_names[level],
		    g[i].in + at);
		tap_is_str(b.s, g[i].want, "prefix.txt", (int)g[i].line, g[i].in);
		free(place);
	}
	buf_free(&b);
	golden_free(g, n);
}

/* jurisdiction.txt: "title | red-header line | issuer -> place" ("none" when none). */
static void
jurisdiction_cases(void)
{
	struct golden *g;
	size_t n = golden_read("jurisdiction.txt", &g);
	char *f[3], *got;

	for (size_t i = 0; i < n; i++) {
		char *name = xstrdup(g[i].in);

		f[1] = f[2] = NULL;
		golden_fields(g[i].in, f, 3);
		got = names_jurisdiction(f[0], f[1], f[2]);
		tap_is_str(got != NULL ? got : "none", g[i].want, "jurisdiction.txt",
		    (int)g[i].line, name);
		free(got);
		free(name);
	}
	golden_free(g, n);
}

static char *
diags_text(const struct diags *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	diags_print(d, fp);
	fclose(fp);
	return text;
}

static char *
slurp(const char *path)
{
	char *s, *why = NULL;
	size_t len;

	if ((s = file_read(path, 1 << 20, &len, &why)) == NULL) {
		s = xasprintf("(%s: %s)", path, why);
		free(why);
	}
	return s;
}

/* Diagnostics as the .err files write them: paths from the source tree's top. */
static char *
diags_from_top(const struct diags *d)
{
	char *text = diags_text(d), *at;
	const char *dir = NAMES_TESTDIR "/";
	struct buf b = { 0 };
	const char *s = text;

	while ((at = strstr(s, dir)) != NULL) {
		buf_add(&b, s, (size_t)(at - s));
		buf_puts(&b, "tests/names/");
		s = at + strlen(dir);
	}
	buf_puts(&b, s);
	free(text);
	return b.s != NULL ? b.s : xstrdup("");
}

/* load/NAME.yaml beside load/NAME.err: the exact diagnostics; NULL forms if any is an error. */
static void
bad_files(void)
{
	char *pattern = xasprintf("%s/load/*.yaml", NAMES_TESTDIR);
	glob_t gl;

	if (glob(pattern, 0, NULL, &gl) != 0)
		fatal("%s: no files", pattern);
	for (size_t i = 0; i < gl.gl_pathc; i++) {
		const char *path = gl.gl_pathv[i];
		char *errpath = xasprintf("%.*s.err", (int)(strlen(path) - 5), path);
		struct diags d = { 0 };
		struct name_forms *nf = names_load(path, &d);
		char *got = diags_from_top(&d), *want = slurp(errpath);

		is_str(got, want, path);
		ok((nf == NULL) == (diags_count(&d, DIAG_ERROR) > 0),
		    "%s: no forms if and only if there are errors", path);
		names_free(nf);
		diags_free(&d);
		free(got);
		free(want);
		free(errpath);
	}
	globfree(&gl);
	free(pattern);
}

/* A stem under two bodies (a warning) lists both; a file that is not there is one error. */
static void
load_edges(void)
{
	char *path = xasprintf("%s/load/clash.yaml", NAMES_TESTDIR);
	struct diags d = { 0 };
	struct name_forms *nf = names_load(path, &d);
	struct body_match m[4];

	ok(nf != NULL && names_resolve(nf, "市财审", m, 4) == 2 &&
	    strcmp(m[0].id, "audit") == 0 && strcmp(m[1].id, "finance") == 0 &&
	    m[0].level == LEVEL_CITY, "a stem under two bodies lists both");
	ok(nf != NULL && names_resolve(nf, "審計局", m, 4) == 2,
	    "an ambiguous form that is also a body's stem lists every body");
	names_free(nf);
	diags_free(&d);
	free(path);
	ok(names_load("/nonexistent/name-forms.yaml", &d) == NULL && d.n == 1 &&
	    d.v[0].line == 0 && strcmp(d.v[0].file, "/nonexistent/name-forms.yaml") == 0,
	    "a missing file is one diagnostic without a position");
	diags_free(&d);
}

static void
resolve_api(const struct name_forms *nf)
{
	struct body_match m[1];
	char big[4096];

	is_int(names_resolve(nf, "金融", m, 1), 4, "the count is every candidate, past max");
	is_str(m[0].id, "finance-commission-office", "the first max are filled, sorted by id");
	is_int(names_resolve(nf, "市委办", NULL, 0), 1, "max 0 only counts");
	is_int(names_resolve(nf, "", m, 1), 0, "an empty name is no match");
	is_int(names_resolve(nf, "   ", m, 1), 0, "a blank name is no match");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	is_int(names_resolve(nf, big, m, 1), 0, "a long name that is no body");
	is_int(names_resolve(nf, "\xff\xfe市财政局", m, 1), 1, "invalid bytes do not stop it");
	ok(names_display(nf, "no-such-body", LEVEL_CITY, NULL) == NULL, "unknown id shows NULL");
}

/* Resolving 100,000 names takes well under a second (skipped under valgrind). */
static void
resolve_speed(const struct name_forms *nf)
{
	static const char *const names[] = {
		"市发改委", "天津市财政局", "武汉市蔡甸区人力资源和社会保障局", "县委编办",
		"市場監管局", "浙江金融监管局", "社保局", "自治区党委宣传部", "市食药监局",
		"中共天津市委组织部",
	};
	struct body_match m[8];
	size_t hits = 0;
	const char *san = getenv("PLANVIEW_SANITIZED");
	long t0, bound = san != NULL && *san != '\0' ? 2500 : 500; /* a sanitizer: 5 times */

	if (getenv("NAMES_NO_TIMING") != NULL) {
		ok(1, "# SKIP timing under valgrind");
		return;
	}
	t0 = clock_ms();
	for (int i = 0; i < 100000; i++)
		hits += names_resolve(nf, names[i % 10], m, 8) > 0;
	t0 = clock_ms() - t0;
	printf("# 100000 names resolved in %ld ms\n", t0);
	ok(t0 < bound && hits == 90000, "100,000 names in under half a second (a sanitizer: 2.5)");
}

/* The name forms: loading, resolving, showing, places; malformed files. */
void
test_names(void)
{
	struct diags d = { 0 };
	struct name_forms *nf = names_load(NAMES_DATA, &d);

	ok(nf != NULL, "the name forms load");
	is_int(d.n, 0, "the name forms load without a diagnostic");
	diags_print(&d, stdout);
	diags_free(&d);
	if (nf != NULL) {
		resolve_cases(nf);
		display_cases(nf);
		resolve_api(nf);
		resolve_speed(nf);
	}
	prefix_cases();
	jurisdiction_cases();
	bad_files();
	load_edges();
	names_free(nf);
}
