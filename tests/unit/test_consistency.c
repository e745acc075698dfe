/*
 * test_consistency.c: one text for every search. Patterns run through the reader's find
 * engine over the page and through --grep must find the same items, each with the same
 * number of matches, in the bundled plan and in every plan of the import corpus.
 */
#include <dirent.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "tap.h"

/*
 * Plain words, the plans' own wording of responsibility, character classes, and case
 * folding (smart case in the reader is -i on the command line for a lower-case pattern;
 * traditional and simplified as one in both, their default).
 * None matches an empty string: the reader steps over those, grep counts them.
 */
static const char *const patterns[] = {
	"转移支付", "牵头负责", "牵头：", "负责", "配合", "市财政局", "市相关部门配合",
	"（市[^）]*牵头", "\\(市[^)]*牵头", "按职责分工", "分工。", "。（", "[一二三四五]、",
	"\\p{Han}{2,4}局", "\\d+年", "[,，]市", "^（", "）$", "gdp", "GDP", "pm2\\.5", "a",
};

/* An item's label as --grep prints it, or a part of the matter's. */
static void
label(struct buf *b, const struct document *d, size_t node)
{
	if (d->nodes[node].kind == NODE_MATTER)
		buf_printf(b, "[%s]", matter_name(d->nodes[node].matter));
	else
		node_label(b, &d->nodes[node]);
}

/* The reader's matches, one line per node with any: "LABEL N". */
static void
reader_counts(struct buf *out, const struct document *d, const char *pattern)
{
	struct page p = { 0 };
	struct scan s = { 0 };
	char *error;

	page_build(&p, d, NULL);
	page_layout(&p, 80, false);
	if (scan_compile(&s, pattern, document_search_flags(d, SEARCH_SMARTCASE | SEARCH_FOLD),
	    &error)) {
		scan_start(&s, p.nblocks, 0);
		while (scan_step(&s, &p, 1000, NULL) == SCAN_RUNNING)
			;
	}
	free(error);
	for (size_t m = 0; m < s.nmatches;) {
		size_t node = p.blocks[s.matches[m].block].node, n = 0;

		while (m < s.nmatches && p.blocks[s.matches[m].block].node == node) {
			n++;
			m++;
		}
		label(out, d, node);
		buf_printf(out, " %zu\n", n);
	}
	scan_free(&s);
	page_free(&p);
}

/* --grep's lines, "LABEL: CONTEXT  (+N)", as "LABEL N+1". */
static void
grep_counts(struct buf *out, const struct document *d, const char *pattern)
{
	char *text = NULL, *line, *next;
	size_t len = 0;
	struct query_out o = { 0 };
	bool upper = false;

	for (const char *c = pattern; *c != '\0'; c++)
		upper |= *c >= 'A' && *c <= 'Z' && (c == pattern || c[-1] != '\\');
	o.fp = open_memstream(&text, &len);
	query_grep(d, pattern, SEARCH_FOLD | (upper ? 0 : SEARCH_CASELESS), NULL, &o);
	fclose(o.fp);
	for (line = text; line != NULL && *line != '\0'; line = next) {
		char *sep = strstr(line, ": "), *more;
		long n = 1;

		next = strchr(line, '\n');
		*next++ = '\0';
		if ((more = strrchr(line, '(')) != NULL && more - line >= 2 &&
		    strncmp(more - 2, "  (+", 4) == 0)
			n += strtol(more + 2, NULL, 10);
		buf_add(out, line, sep != NULL ? (size_t)(sep - line) : strlen(line));
		buf_printf(out, " %ld\n", n);
	}
	free(text);
}

static void
check_document(const char *path)
{
	struct library *lib = library_create();
	struct diags diags = { 0 };
	struct document *d = loader_read_any(path, lib, &diags);
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	bool same = d != NULL;

	for (size_t i = 0; same && i < sizeof patterns / sizeof patterns[0]; i++) {
		struct buf want = { 0 }, got = { 0 };

		grep_counts(&want, d, patterns[i]);
		reader_counts(&got, d, patterns[i]);
		if ((same = (want.s == NULL) == (got.s == NULL) &&
		    (want.s == NULL || strcmp(want.s, got.s) == 0)) == false)
			printf("# %s, /%s/\n# --grep:\n%s# reader:\n%s", base, patterns[i],
			    want.s != NULL ? want.s : "", got.s != NULL ? got.s : "");
		buf_free(&want);
		buf_free(&got);
	}
	ok(same, "%s: the reader and --grep find the same items, as often", base);
	if (d != NULL)
		library_add(lib, d);
	library_free(lib);
	diags_free(&diags);
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_text(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0;
}

void
test_consistency(void)
{
	const char *top = getenv("top_srcdir") != NULL ? getenv("top_srcdir") : ".";
	struct dirent **v;
	struct buf path = { 0 };
	int n;

	buf_printf(&path, "%s/content/tianjin-regional-coordination-2.yaml", top);
	check_document(path.s);
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/tests/import", top);
	n = scandir(path.s, &v, is_text, by_name);
	ok(n > 0, "the import corpus is there");
	for (int i = 0; i < n; i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/tests/import/%s", top, v[i]->d_name);
		check_document(path.s);
		free(v[i]);
	}
	free(v);
	buf_free(&path);
}
