/*
 * fuzz_yaml.c: bytes as a YAML document, loaded both ways the code can: streamed, as
 * planview loads documents (loader_read(), each item of its list walked as soon as it is parsed),
 * and as a whole tree (yaml_load_buffer() without a stream key, then schema_document() and
 * schema_registry(), as registries are loaded). The tree must be well formed; the two ways
 * must agree on whether there are errors and, when there are none, on the document and its
 * warnings. A document without errors must satisfy the model's invariants, survive every
 * export, the reader's page layout and the queries, and come back unchanged when its YAML
 * export is loaded again. Where the subset of YAML read without libyaml reads the input,
 * its tree is libyaml's; and a load on two threads is the load on one.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Relative registry names resolve against the bundled content, so documents can name one. */
#define DOC_NAME FUZZ_CONTENT_DIR "/fuzz.yaml"

FUZZ_DEVNULL_INITIALIZE

/* A tree as the loader promises it: bounded depth, paired maps, valid UTF-8 scalars. */
static void
check_tree(const struct ynode *n, unsigned depth)
{
	CHECK(depth <= MAX_YAML_DEPTH);
	CHECK(n->line >= 1 && n->col >= 1);
	CHECK(!n->streamed); /* no stream key: every node in the tree */
	CHECK(n->root == (depth == 0)); /* the root owns the tree's pool */
	switch (n->type) {
	case YNODE_SCALAR:
		CHECK(n->str != NULL && n->str[n->len] == '\0' && n->n == 0);
		CHECK(utf8_validate(n->str, n->len, NULL));
		break;
	case YNODE_MAP:
		CHECK(n->n % 2 == 0);
		/* fall through */
	case YNODE_SEQ:
		CHECK(n->str == NULL && (n->n == 0 || n->kids != NULL));
		for (size_t i = 0; i < n->n; i++)
			check_tree(n->kids[i], depth + 1);
		break;
	default:
		CHECK(!"node type");
	}
}

static void
check_string(const char *s)
{
	CHECK(s != NULL);
	CHECK(utf8_validate(s, strlen(s), NULL));
}

static void
check_strlist(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		check_string(l->v[i]);
}

/* The model's invariants for a document that loaded without errors. */
static void
check_document(const struct document *d)
{
	if (d->title != NULL)
		check_string(d->title);
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		CHECK(nd->end > i && nd->end <= d->nnodes);
		CHECK(nd->parent == SIZE_MAX ? nd->depth == 0 :
		    nd->parent < i && nd->depth == d->nodes[nd->parent].depth + 1 &&
		    d->nodes[nd->parent].end >= nd->end);
		CHECK(nd->kind != NODE_MATTER || nd->parent == SIZE_MAX);
		if (nd->kind == NODE_ITEM)
			check_string(nd->heading);
		if (nd->kind != NODE_MATTER) {
			check_string(nd->number);
			check_string(nd->title);
		}
		check_strlist(&nd->text);
		for (size_t k = 0; k < nd->nresp; k++) {
			check_strlist(&nd->resp[k].as);
			check_strlist(&nd->resp[k].lead);
			check_strlist(&nd->resp[k].cooperate);
			check_strlist(&nd->resp[k].responsible);
		}
	}
}

/* Everything the program does with a valid document, output thrown away. */
static void
exercise(const struct document *d)
{
	struct query_out out = { .fp = devnull, .tty = true, .color = true };
	struct page page;

	page_build(&page, d, NULL);
	page_layout(&page, 80, false);
	page_count(&page, -1);
	page_layout(&page, 7, true);
	page_count(&page, -1);
	page_free(&page);
	for (size_t i = 0; i < d->nnodes; i++)
		if (d->nodes[i].nresp != 0 && d->nodes[i].resp[0].lead.n != 0) {
			const char *dept = d->nodes[i].resp[0].lead.v[0];
			struct strlist depts = { (char **)&dept, 1 };

			page_build(&page, d, &(struct page_filter){ &depts, NULL });
			page_layout(&page, 30, false);
			page_free(&page);
			query_dept(d, &depts, SEARCH_FOLD, &out);
			query_grep(d, "\\p{Han}", SEARCH_FOLD, &depts, &out);
			break;
		}
	if (document_last_item(d) != SIZE_MAX) {
		struct buf path = { 0 };

		node_path(&path, d, document_last_item(d));
		query_show(d, path.s != NULL ? path.s : "", &out);
		buf_free(&path);
	}
	query_outline(d, &out);
	query_grep(d, "局|\\p{Han}{2}", SEARCH_SMARTCASE, NULL, &out);
	query_departments(d, &out);
	out.tty = false;
	query_outline(d, &out);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
export(const struct document *d, enum export_format f)
{
	struct buf b = { 0 };

	export_document(&b, d, f);
	return buf_detach(&b);
}

/* The diagnostics of one level, one per line, sorted: the same set whatever the order. */
static char *
diag_set(const struct diags *d, enum diag_level level)
{
	struct strlist l = { 0 };
	struct buf b = { 0 };

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == level)
			strlist_add_owned(&l, xasprintf("%u:%u: %s", d->v[i].line, d->v[i].col,
			    d->v[i].msg));
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, cmp_str);
	strlist_join(&b, &l, "\n");
	strlist_free(&l);
	return buf_detach(&b);
}

static void
same_string(const char *what, char *a, char *b)
{
	if (strcmp(a, b) != 0) {
		fprintf(stderr, "--- %s, streamed:\n%s\n--- %s, from the whole tree:\n%s\n",
		    what, a, what, b);
		CHECK(!"the streamed and the whole-tree loads disagree");
	}
	free(a);
	free(b);
}

/*
 * The bytes as a whole tree: well formed, and as a document the same as the streamed load
 * (d, with diagnostics diags); then as a department registry.
 */
static void
whole_tree(const uint8_t *data, size_t size, const struct document *d,
    const struct diags *diags)
{
	struct diags tdiags = { 0 }, rdiags = { 0 };
	struct library *lib = library_create();
	struct document *td;
	struct registry *reg;
	struct ynode *tree;

	tree = yaml_load_buffer(DOC_NAME, (const char *)data, size, NULL, NULL, NULL, &tdiags);
	CHECK((tree == NULL) == (d == NULL));
	if (tree == NULL)
		goto out;
	check_tree(tree, 0);
	td = schema_document(tree, DOC_NAME, lib, &tdiags);
	if ((diags_count(&tdiags, DIAG_ERROR) != 0) != (diags_count(diags, DIAG_ERROR) != 0)) {
		fprintf(stderr, "--- streamed:\n");
		diags_print(diags, stderr);
		fprintf(stderr, "--- from the whole tree:\n");
		diags_print(&tdiags, stderr);
		CHECK(!"the streamed and the whole-tree loads disagree on errors");
	}
	if (diags_count(diags, DIAG_ERROR) == 0) {
		same_string("warnings", diag_set(diags, DIAG_WARNING),
		    diag_set(&tdiags, DIAG_WARNING));
		same_string("YAML", export(d, EXPORT_YAML), export(td, EXPORT_YAML));
		same_string("JSON", export(d, EXPORT_JSON), export(td, EXPORT_JSON));
	}
	document_free(td);

	if ((reg = schema_registry(tree, DOC_NAME, &rdiags)) != NULL) {
		for (size_t i = 0; i < reg->n; i++) {
			const struct department *out[4];
			size_t nout = 4;

			check_string(reg->v[i].name);
			CHECK(registry_find(reg, reg->v[i].name) != NULL);
			registry_resolve(reg, reg->v[i].name, out, &nout);
			registry_suggest(reg, reg->v[i].name, out, 4);
		}
		registry_free(reg);
	}
	ynode_free(tree);
out:
	diags_free(&tdiags);
	diags_free(&rdiags);
	library_free(lib);
}

/* The whole tree read by one reader (enum yaml_reader), or NULL. */
static struct ynode *
tree_by(enum yaml_reader how, const uint8_t *data, size_t size)
{
	struct diags ignored = { 0 };
	struct ynode *tree;

	yaml_reader = how;
	tree = yaml_load_buffer(DOC_NAME, (const char *)data, size, NULL, NULL, NULL, &ignored);
	yaml_reader = YAML_SUBSET_FIRST;
	diags_free(&ignored);
	return tree;
}

/*
 * Where the subset's reader (yamlfast.c) reads the input at all, it reads what libyaml
 * reads: the same tree, node for node. And a streamed load on two threads, whatever its
 * size, gives the same verdict and document as the load on one.
 */
static void
subset_agrees(const uint8_t *data, size_t size, const struct document *d,
    const struct diags *diags)
{
	struct ynode *fast = tree_by(YAML_SUBSET_ONLY, data, size);
	struct ynode *slow = tree_by(YAML_LIBYAML_ONLY, data, size);
	struct diags tdiags = { 0 };
	struct library *lib = library_create();
	struct document *td;
	size_t min = yaml_two_threads_min;

	if (fast != NULL)
		CHECK(slow != NULL && ynode_same(fast, slow));
	ynode_free(fast);
	ynode_free(slow);
	yaml_two_threads_min = 0;
	td = loader_read(DOC_NAME, (const char *)data, size, lib, &tdiags);
	yaml_two_threads_min = min;
	CHECK((td == NULL) == (d == NULL));
	CHECK((diags_count(&tdiags, DIAG_ERROR) != 0) == (diags_count(diags, DIAG_ERROR) != 0));
	if (td != NULL && diags_count(diags, DIAG_ERROR) == 0)
		same_string("YAML on two threads", export(d, EXPORT_YAML), export(td, EXPORT_YAML));
	document_free(td);
	diags_free(&tdiags);
	library_free(lib);
}

/* What the reader draws of a document still loading: its title line, outline and breadcrumbs. */
static void
draw_partial(const struct document *d)
{
	struct buf t = { 0 };

	text_title_line(&t, d);
	for (size_t i = 0; i < d->nnodes; i++) {
		if (d->nodes[i].kind == NODE_MATTER)
			continue;
		node_label(&t, &d->nodes[i]);
		node_path(&t, d, i);
	}
	check_string(t.s != NULL ? t.s : "");
	buf_free(&t);
}

/*
 * The same input loaded one YAML event at a time, as the reader loads a large plan, the
 * page growing by the nodes that have arrived: the same verdict, the same document,
 * the same blocks as a page built once at the end. And a load given up halfway.
 */
static void
in_steps(const uint8_t *data, size_t size, const struct document *d,
    const struct diags *diags)
{
	struct diags sdiags = { 0 };
	struct library *lib = library_create();
	struct loader *l = loader_open(DOC_NAME, (const char *)data, size, lib, &sdiags);
	struct document *sd;
	struct page grown, whole;
	size_t paged = 0, steps = 0;
	bool late = false, shown = false;

	if (l == NULL) { /* it could not even start: UTF-16 */
		CHECK(d == NULL);
		goto out;
	}
	while (loader_step(l, 0)) {
		if (++steps == size / 2 + 1) { /* a second load, given up about here */
			struct diags cdiags = { 0 };
			struct loader *c = loader_open(DOC_NAME, (const char *)data, size, lib, &cdiags);

			for (size_t i = 0; c != NULL && i < steps && loader_step(c, 0); i++)
				;
			if (c != NULL) {
				struct document *partial = loader_document(c);

				loader_cancel(c);
				document_free(partial);
			}
			diags_free(&cdiags);
		}
		if (loader_document(l)->nnodes != paged)
			draw_partial(loader_document(l));
		if (!shown && loader_document(l)->nnodes > 0) { /* as the reader starts */
			page_build(&grown, loader_document(l), NULL);
			shown = true;
		} else if (shown) {
			page_add_nodes(&grown, loader_document(l), paged, NULL);
		}
		paged = loader_document(l)->nnodes;
	}
	sd = loader_finish(l, true, &late);
	if (!shown)
		page_build(&grown, sd, NULL);
	else
		page_add_nodes(&grown, sd, paged, NULL);
	CHECK((diags_count(&sdiags, DIAG_ERROR) != 0) == (diags_count(diags, DIAG_ERROR) != 0));
	if (diags_count(diags, DIAG_ERROR) == 0) {
		same_string("YAML in steps", export(d, EXPORT_YAML), export(sd, EXPORT_YAML));
		page_build(&whole, sd, NULL);
		if (!late)
			CHECK(grown.nblocks == whole.nblocks && grown.bytes == whole.bytes);
		page_free(&whole);
	}
	page_free(&grown);
	document_free(sd);
out:
	diags_free(&sdiags);
	library_free(lib);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags diags = { 0 }, again = { 0 };
	struct library *lib = library_create();
	struct document *d, *d2;
	char *yaml, *yaml2, *text, *text2;

	d = loader_read(DOC_NAME, (const char *)data, size, lib, &diags);
	for (size_t i = 0; i < diags.n; i++)
		CHECK(diags.v[i].msg != NULL && diags.v[i].file != NULL);
	CHECK(d != NULL || diags_count(&diags, DIAG_ERROR) != 0);
	whole_tree(data, size, d, &diags);
	in_steps(data, size, d, &diags);
	subset_agrees(data, size, d, &diags);
	if (d == NULL || diags_count(&diags, DIAG_ERROR) != 0)
		goto out;
	check_document(d);
	exercise(d);
	for (int f = EXPORT_TEXT; f <= EXPORT_YAML; f++)
		free(export(d, (enum export_format)f));

	/* Its YAML export is a document too, the same one. */
	yaml = export(d, EXPORT_YAML);
	d2 = loader_read(DOC_NAME, yaml, strlen(yaml), lib, &again);
	if (d2 == NULL || diags_count(&again, DIAG_ERROR) != 0) {
		diags_print(&again, stderr);
		fprintf(stderr, "--- exported YAML:\n%s\n", yaml);
		CHECK(!"the YAML export of a valid document does not load");
	}
	yaml2 = export(d2, EXPORT_YAML);
	text = export(d, EXPORT_TEXT);
	text2 = export(d2, EXPORT_TEXT);
	CHECK(strcmp(yaml, yaml2) == 0);
	CHECK(strcmp(text, text2) == 0);
	free(yaml);
	free(yaml2);
	free(text);
	free(text2);
	document_free(d2);
out:
	document_free(d);
	diags_free(&diags);
	diags_free(&again);
	library_free(lib);
	return 0;
}
