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
	r->n = sizeof rows / sizeof rows[0];
	r->v = xcalloc(r->n, sizeof *r->v);
	for (size_t i = 0; i < r->n; i++) {
		r->v[i].name = xstrdup(rows[i][0]);
		r->v[i].full = xstrdup(rows[i][1]);
		strlist_add(&r->v[i].short_forms, rows[i][2]);
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
}
