/*
 * test_yaml.c: the subset of YAML read without libyaml (yamlfast.c) builds libyaml's tree,
 * node for node, or stops; a stop part way through a streamed load starts it over with
 * libyaml, on one thread or two, and the document is the same.
 */
#include <stdlib.h>

#include "plan/plan_int.h"
#include "tap.h"

/* Inputs the subset reads: their trees must be libyaml's, lines and columns too. */
static const char *const read_cases[] = {
	"a:\nb: x\n",
	"a:\n  - \n  -\n  - x\nb:\n",
	"a: \"q\\\"\\\\\\n\\t\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\e\\0\\/\\ \" # c\nb: 'it''s'\n",
	"c: []\nd:\n  - []\n  - k: v\n    l:\n    m: [] # x\n",
	"a: x # c\nb: x#y\nc: -5\nd: ?x\ne: :x\nf: a:b\ng: http://x\nh: x  \n",
	"a:\n  b:\n    - c: 1\n      d:\n        - e\n  f: g\n",
	"a:   \n  # c\n  b: 1\n",
	"a: [农业农村, x, \"引号\", '单']\nb: [ 甲 ,乙]\nc: [a b, \"c\"  , d] # 注\n",
	"title: 天津市 (征求意见稿)\nlead:\n  -   市财政局\n  - \"市发展改革委\"\n",
	"a: 1\n\n\n# end",
};

/* Inputs the subset leaves to libyaml, which reads them or says what is wrong. */
static const char *const stop_cases[] = {
	"a: x\n  y\n",                /* a plain scalar on two lines */
	"a:\n- x\n",                  /* a list as deep as its key */
	"a:\tx\n",                    /* a tab */
	"a: x\r\nb: y\r\n",           /* CRLF */
	"\xef\xbb\xbf" "a: x\n",      /* a byte-order mark */
	"a: &x y\nb: *x\n",           /* an anchor and its alias */
	"a: {b: c}\n",                /* a flow mapping */
	"a: |\n  x\n",                /* a block scalar */
	"a: [x, ]\n",                 /* a trailing comma */
	"a: [x,\n  y]\n",             /* a flow list on two lines */
	"a: \"x\n  y\"\n",            /* a quoted scalar on two lines */
	"a: x\xc2\x85y\n",            /* NEL, a line break to libyaml */
	"a: x\xe2\x80\xa8y\n",        /* LINE SEPARATOR, another */
	"a: \"x\" y\n",               /* text after a quoted scalar */
	"a: b: c\n",                  /* a mapping in a value */
	"---\na: x\n",                /* a document marker */
	"# nothing but a comment\n",
	"a: \"\\q\"\n",               /* an escape libyaml refuses */
	"a: \"\\'\"\n",               /* \' is no escape either */
	"a: x\n b: y\n",              /* a key deeper than its mapping */
	"? a\n: b\n",                 /* a complex key */
	"- a\n- b\n",                 /* a list at the top */
	"-a: x\n",                    /* a key that is not a name */
};

/* The tree one reader makes of len bytes at s, its diagnostics as one string in *said. */
static struct ynode *
tree_by(enum yaml_reader how, const char *s, size_t len, char **said)
{
	struct diags diags = { 0 };
	struct buf b = { 0 };
	struct ynode *tree;

	yaml_reader = how;
	tree = yaml_load_buffer("t.yaml", s, len, NULL, NULL, NULL, &diags);
	yaml_reader = YAML_SUBSET_FIRST;
	for (size_t i = 0; i < diags.n; i++)
		buf_printf(&b, "%u:%u: %s\n", diags.v[i].line, diags.v[i].col, diags.v[i].msg);
	*said = buf_detach(&b);
	diags_free(&diags);
	return tree;
}

/* Read by the subset, the same tree as libyaml's. */
static bool
subset_reads(const char *s, size_t len)
{
	char *said1, *said2;
	struct ynode *fast = tree_by(YAML_SUBSET_ONLY, s, len, &said1);
	struct ynode *slow = tree_by(YAML_LIBYAML_ONLY, s, len, &said2);
	bool same = fast != NULL && slow != NULL && ynode_same(fast, slow);

	ynode_free(fast);
	ynode_free(slow);
	free(said1);
	free(said2);
	return same;
}

/* Not read by the subset; read by default exactly as by libyaml alone, diagnostics too. */
static bool
subset_stops(const char *s)
{
	char *said1, *said2, *said3;
	struct ynode *fast = tree_by(YAML_SUBSET_ONLY, s, strlen(s), &said1);
	struct ynode *both = tree_by(YAML_SUBSET_FIRST, s, strlen(s), &said2);
	struct ynode *slow = tree_by(YAML_LIBYAML_ONLY, s, strlen(s), &said3);
	bool stops = fast == NULL && (both == NULL) == (slow == NULL) &&
	    (both == NULL || ynode_same(both, slow)) && strcmp(said2, said3) == 0;

	ynode_free(fast);
	ynode_free(both);
	ynode_free(slow);
	free(said1);
	free(said2);
	free(said3);
	return stops;
}

/* A document's YAML export and diagnostics, loaded from len bytes at s as told. */
static char *
loaded_yaml(const char *s, size_t len, size_t two_threads_min, enum yaml_reader how)
{
	struct diags diags = { 0 };
	struct library *lib = library_create();
	size_t min = yaml_two_threads_min;
	struct document *d;
	struct buf b = { 0 };

	yaml_two_threads_min = two_threads_min;
	yaml_reader = how;
	d = loader_read(NAMES_DATA, s, len, lib, &diags); /* relative names resolve in content/ */
	yaml_reader = YAML_SUBSET_FIRST;
	yaml_two_threads_min = min;
	if (d != NULL && diags_count(&diags, DIAG_ERROR) == 0)
		export_document(&b, d, EXPORT_YAML);
	for (size_t i = 0; i < diags.n; i++)
		buf_printf(&b, "%u:%u: %s\n", diags.v[i].line, diags.v[i].col, diags.v[i].msg);
	document_free(d);
	diags_free(&diags);
	library_free(lib);
	return buf_detach(&b);
}

/* The bundled plan's text, with tail after it. */
static char *
bundled(const char *tail, size_t *len)
{
	char *dir = xstrdup(NAMES_DATA), *slash = strrchr(dir, '/'), *path, *why, *s, *all;
	size_t n;

	if (slash != NULL)
		*slash = '\0';
	path = xasprintf("%s/tianjin-regional-coordination-2.yaml", slash != NULL ? dir : ".");
	if ((s = file_read(path, 1 << 24, &n, &why)) == NULL) {
		free(why);
		s = xstrdup("");
		n = 0;
	}
	all = xasprintf("%.*s%s", (int)n, s, tail);
	*len = strlen(all);
	free(s);
	free(path);
	free(dir);
	return all;
}

/*
 * Loads of one plan, with tail after it, every way: the subset or libyaml, on one thread or
 * two; they must all load it, or all say want.
 */
static void
loads_agree(const char *tail, const char *want, const char *what)
{
	size_t len;
	char *plan = bundled(tail, &len);
	char *slow = loaded_yaml(plan, len, SIZE_MAX, YAML_LIBYAML_ONLY);
	char *one = loaded_yaml(plan, len, SIZE_MAX, YAML_SUBSET_FIRST);
	char *two = loaded_yaml(plan, len, 0, YAML_SUBSET_FIRST);
	char *slow_two = loaded_yaml(plan, len, 0, YAML_LIBYAML_ONLY);

	if (want == NULL)
		ok(strlen(slow) > 1000, "%s: libyaml loads it", what);
	else
		is_str(slow, want, "... libyaml says why it does not load");
	is_str(one, slow, what);
	is_str(two, slow, "... and on two threads");
	is_str(slow_two, slow, "... and libyaml alone on two threads");
	free(plan);
	free(slow);
	free(one);
	free(two);
	free(slow_two);
}

void
test_yaml(void)
{
	size_t len;
	char *plan = bundled("", &len);

	for (size_t i = 0; i < sizeof read_cases / sizeof *read_cases; i++)
		ok(subset_reads(read_cases[i], strlen(read_cases[i])),
		    "the subset reads case %zu as libyaml does", i + 1);
	for (size_t i = 0; i < sizeof stop_cases / sizeof *stop_cases; i++)
		ok(subset_stops(stop_cases[i]), "the subset leaves case %zu to libyaml", i + 1);
	ok(subset_reads(plan, len), "the subset reads the bundled plan as libyaml does");
	free(plan);
	loads_agree("", NULL, "the bundled plan loads the same every way");
	loads_agree("\nnote: |\n  a block scalar after the items\n", NULL,
	    "a plan the subset stops in after its items, started over with libyaml");
	loads_agree("\nnote: a\n\tb\n", "166:1: found a tab character that violates indentation "
	    "while scanning a plain scalar that began on line 165\n",
	    "a plan with a tab after its items: the same error every way");
}
