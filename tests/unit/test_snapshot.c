/* test_snapshot.c: a document through its snapshot comes back the same; damaged snapshots are refused with their reason. */
#include <sys/mman.h>

#include <stdlib.h>
#include <unistd.h>

#include "plan/plan_int.h"
#include "tap.h"

/* The bundled plan, beside the name forms (NAMES_DATA): it names its registry. */
static char *
bundled_plan(void)
{
	char *p = xstrdup(NAMES_DATA), *slash = strrchr(p, '/'), *path;

	if (slash != NULL)
		*slash = '\0';
	path = xasprintf("%s/tianjin-regional-coordination-2.yaml", slash != NULL ? p : ".");
	free(p);
	return path;
}

static char *
export(const struct document *d, enum export_format f)
{
	struct buf b = { 0 };

	export_document(&b, d, f);
	return b.s != NULL ? buf_detach(&b) : xstrdup("");
}

/* Load path into a fresh library (with the cache); its first document, or NULL. */
static struct document *
load(struct library **lib, const char *path)
{
	struct diags diags = { 0 };

	*lib = library_create();
	library_load(*lib, path, &diags);
	diags_free(&diags);
	return (*lib)->ndocs == 1 ? (*lib)->docs[0] : NULL;
}

/* snapshot_decode() of the bytes (copied into a mapping): its reason, or NULL if accepted. */
static const char *
decode(const char *bytes, size_t len, bool seal)
{
	struct snapshot_meta meta;
	struct document *d;
	const char *why = NULL;
	void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memcpy(map, bytes, len);
	if (seal)
		snapshot_seal(map, len);
	if ((d = snapshot_decode(map, len, &meta, &why)) == NULL)
		munmap(map, len);
	document_free(d);
	return why;
}

static void
refusals(const char *file)
{
	size_t len;
	char *why, *s = file_read(file, 1 << 20, &len, &why), *c;

	if (s == NULL) {
		ok(0, "the snapshot reads back: %s", why);
		free(why);
		return;
	}
	is_str(decode(s, len, false), NULL, "the snapshot as written is accepted");
	is_str(decode(s, len - 1, false), "truncated", "a byte short: truncated");
	is_str(decode(s, 100, false), "truncated", "cut inside the header: truncated");
	c = xstrndup(s, len);
	memcpy(c, "PLANVSNX", 8);
	is_str(decode(c, len, false), "not a planview snapshot", "another magic");
	memcpy(c, s, len);
	c[8] = 99;
	is_str(decode(c, len, true), "written by another version of planview", "another version");
	memcpy(c, s, len);
	c[12] = 1, c[13] = 2, c[14] = 3, c[15] = 4;
	is_str(decode(c, len, true), "written on a machine of the other byte order", "the other byte order");
	memcpy(c, s, len);
	c[len - 2] ^= 0x40;
	is_str(decode(c, len, false), "damaged: its checksum does not match", "a byte flipped");
	free(c);
	free(s);
}

void
test_snapshot(void)
{
	char dir[] = "/tmp/planview-snapshot.XXXXXX", *path, *cache, *a, *b;
	struct library *lib1, *lib2;
	struct document *d1, *d2;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	path = bundled_plan();
	cache = xasprintf("%s/cache", dir);
	setenv("PLANVIEW_CACHE_DIR", cache, 1);
	d1 = load(&lib1, path);
	d2 = load(&lib2, path);
	ok(d1 != NULL && d1->map == NULL, "the first load parses");
	ok(d2 != NULL && d2->map != NULL, "the second maps the snapshot");
	for (int f = EXPORT_TEXT; d1 != NULL && d2 != NULL && f <= EXPORT_YAML; f++) {
		is_str(a = export(d2, (enum export_format)f), b = export(d1, (enum export_format)f),
		    "the snapshot exports as the parse does");
		free(a);
		free(b);
	}
	if (d2 != NULL) {
		struct snapshot_key k;

		ok(snapshot_key(path, &k), "the document has a key");
		refusals(k.file);
		snapshot_key_free(&k);
	}
	library_free(lib1);
	library_free(lib2);
	unsetenv("PLANVIEW_CACHE_DIR");
	free(path);
	path = xasprintf("rm -rf '%s'", dir);
	ok(system(path) == 0, "the temporary directory removed");
	free(path);
	free(cache);
}
