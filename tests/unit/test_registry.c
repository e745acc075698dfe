/* test_registry.c: resolving and suggesting department names. */
#include <stdlib.h>

#include "tap.h"

static struct registry *
sample(void)
{
	static const char *const rows[][3] = {
		{ "市发展改革委", "天津市发展和改革委员会", "发改委" },
		{ "市财政局", "天津市财政局", "财政局" },
		{ "市人力社保局", "天津市人力资源和社会保障局", "人社局" },
		{ "市规划和自然资源局", "天津市规划和自然资源局", "规划局" },
	};
	struct registry *r = xcalloc(1, sizeof *r);

	r->path = xstrdup("sample");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct department d = { .name = xstrdup(rows[i][0]), .full = xstrdup(rows[i][1]) };

		strlist_add(&d.short_forms, rows[i][2]);
		registry_add(r, &d);
	}
	return r;
}

static const char *
resolved(const struct registry *r, const char *s, size_t *ncand)
{
	const struct department *cand[3], *d;

	*ncand = 3;
	d = registry_resolve(r, s, cand, ncand);
	return d != NULL ? d->name : NULL;
}

/* Many departments, past the index's first growths; a duplicate name keeps the first. */
static void
test_registry_index(void)
{
	struct registry *r = xcalloc(1, sizeof *r);
	struct department dup = { .name = xstrdup("部门00042"), .full = xstrdup("second") };
	bool all = true;

	for (int i = 0; i < 1000; i++) {
		struct department d = { .name = xasprintf("部门%05d", i) };

		all &= registry_add(r, &d);
	}
	ok(all, "1000 different names are all added");
	ok(!registry_add(r, &dup), "a name already there is a duplicate");
	is_int(r->n, 1001, "the duplicate is kept in the list, as written");
	ok(registry_find(r, "部门00042") == &r->v[42], "a duplicate name finds the first");
	all = true;
	for (size_t i = 0; i < 1000; i++)
		all &= registry_find(r, r->v[i].name) == &r->v[i];
	ok(all, "each name finds its department");
	is_str(registry_find(r, "部门01000") != NULL ? "found" : NULL, NULL, "an unknown name");
	registry_free(r);
}

void
test_registry(void)
{
	struct registry *r = sample();
	const struct department *near[3];
	size_t n;

	is_str(resolved(r, "市财政局", &n), "市财政局", "name as written");
	is_str(resolved(r, "天津市发展和改革委员会", &n), "市发展改革委", "full name");
	is_str(resolved(r, "发改委", &n), "市发展改革委", "short form");
	is_str(resolved(r, "人力", &n), "市人力社保局", "unique part of a name");
	is_str(resolved(r, "市", &n), NULL, "ambiguous part resolves to nothing");
	is_int(n, 4, "ambiguous part counts every candidate");
	is_str(resolved(r, "教委", &n), NULL, "unknown name");
	is_int(n, 0, "unknown name has no candidates");
	n = registry_suggest(r, "财政厅", near, 3);
	ok(n >= 1 && strcmp(near[0]->name, "市财政局") == 0, "财政厅 suggests 市财政局 first");
	is_int(registry_suggest(r, "quantum", near, 3), 0, "nothing near an unrelated word");
	registry_free(r);
	test_registry_index();
}
