/*
 * fuzz_yamlfast.c: bytes read as YAML by the subset's reader (plan/yamlfast.c) and by
 * libyaml alone. Where the subset reads them at all, the trees are the same, node for
 * node: kinds, strings, plain or quoted, lines and columns. Where it stops, the default
 * reading (the subset first, libyaml from the start after the stop) gives exactly what
 * libyaml alone gives: the same tree or none, and the same diagnostics. No schema, no
 * exports: some 400 inputs a second (sanitized; fuzz_yaml manages 60), all spent on the
 * two readers (fuzz_yaml checks the same on whole loads).
 */
#include "fuzz.h"

FUZZ_UTF8_INITIALIZE

/* The tree one reader makes of the bytes, its diagnostics in *diags. */
static struct ynode *
tree_by(enum yaml_reader how, const uint8_t *data, size_t size, struct diags *diags)
{
	struct ynode *tree;

	yaml_reader = how;
	tree = yaml_load_buffer("fuzz.yaml", (const char *)data, size, NULL, NULL, NULL, diags);
	yaml_reader = YAML_SUBSET_FIRST;
	return tree;
}

static bool
same_diags(const struct diags *a, const struct diags *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].level != b->v[i].level || a->v[i].line != b->v[i].line ||
		    a->v[i].col != b->v[i].col || strcmp(a->v[i].msg, b->v[i].msg) != 0)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags fd = { 0 }, dd = { 0 }, ld = { 0 };
	struct ynode *fast = tree_by(YAML_SUBSET_ONLY, data, size, &fd);
	struct ynode *both = tree_by(YAML_SUBSET_FIRST, data, size, &dd);
	struct ynode *slow = tree_by(YAML_LIBYAML_ONLY, data, size, &ld);

	if (fast != NULL) {
		CHECK(fd.n == 0);
		CHECK(slow != NULL && ynode_same(fast, slow));
	}
	CHECK((both == NULL) == (slow == NULL));
	CHECK(both == NULL || ynode_same(both, slow));
	CHECK(same_diags(&dd, &ld));
	ynode_free(fast);
	ynode_free(both);
	ynode_free(slow);
	diags_free(&fd);
	diags_free(&dd);
	diags_free(&ld);
	return 0;
}
