/*
 * loader.c: loading documents: a slice at a time while the reader shows what has come
 * (loader_*), whole (loader_read()), or into a library (library_load(), and
 * library_load_for() for a time, the rest left to go on with).
 */
#include <stdlib.h>
#include <string.h>

#include "format/format.h"
#include "plan/plan_int.h"

/* A document being loaded a slice at a time, readable as it grows. */
struct loader {
	struct schema *s;
	struct diags found; /* the schema's, kept apart until the YAML proves sound */
	struct diags *diags;
	struct yaml_stream *y;
	struct document *doc; /* the whole document from its snapshot (then no s nor y) */
	struct snapshot_key key; /* the snapshot to write once loaded, if key.file */
	struct library *lib;  /* the library it loads for, or NULL */
	char *path;
	size_t problems;      /* in diags when the load began */
};

/* Problems of either level so far. */
static size_t
problems(const struct diags *diags)
{
	return diags_count(diags, DIAG_ERROR) + diags_count(diags, DIAG_WARNING);
}

/*
 * The document from its snapshot, when the library caches and one was built from the file
 * as it is: then it is the loader's whole document. Else the key to write one under once
 * the document is loaded (none for a buffer, standard input, or without a cache).
 */
static bool
from_snapshot(struct loader *l, const char *path, const char *data, struct library *lib)
{
	if (lib == NULL || lib->no_cache || data != NULL || !snapshot_key(path, &l->key))
		return false;
	if ((l->doc = pack_document(&l->key, path, lib)) == NULL &&
	    (l->doc = snapshot_open(&l->key, path, lib)) == NULL)
		return false;
	l->doc->names = lib->names;
	snapshot_key_free(&l->key);
	return true;
}

/*
 * Write the snapshot of a document loaded whole and without a problem, from a file that
 * did not change while it loaded; or, for a library that writes them later (the
 * reader's), leave it to library_save_snapshots(). A document with diagnostics is not
 * kept: they would be lost, and a warm load would differ from a cold one.
 */
static void
keep_snapshot(struct loader *l, const struct document *doc)
{
	struct library *lib = l->lib;

	if (l->key.file == NULL || doc == NULL || problems(l->diags) != l->problems ||
	    !snapshot_unchanged(l->path, &l->key))
		return;
	if (lib == NULL || !lib->snapshots_later) {
		snapshot_save(&l->key, doc);
		return;
	}
	lib->later = xgrow(lib->later, lib->nlater, sizeof *lib->later);
	lib->later[lib->nlater++] = (struct later_snapshot){ l->key, doc };
	memset(&l->key, 0, sizeof l->key); /* the library's now */
}

/*
 * Write the snapshots waiting, of the documents still in the library (the reader calls
 * it once its screen is drawn, and as it quits): the first load of a plan, and the fold
 * table the first snapshot needs (OpenCC's, about 25 ms), no longer delay its first
 * screen.
 */
void
library_save_snapshots(struct library *lib)
{
	for (size_t i = 0; i < lib->nlater; i++)
		for (size_t d = 0; d < lib->ndocs; d++)
			if (lib->docs[d] == lib->later[i].doc) {
				snapshot_save(&lib->later[i].key, lib->later[i].doc);
				break;
			}
	library_forget_snapshots(lib);
}

/* Free the loader itself. */
static void
loader_free(struct loader *l)
{
	snapshot_key_free(&l->key);
	free(l->path);
	free(l);
}

/*
 * Start loading a document from the file at path (or, when data is given, from len bytes
 * there), walking each item of its list (chapters, or the body's nodes) into the model as soon as it is parsed, so that the whole
 * tree never exists at once. NULL after diagnostics if the file cannot be read at all.
 */
struct loader *
loader_open(const char *path, const char *data, size_t len, struct library *lib,
    struct diags *diags)
{
	struct loader *l = xcalloc(1, sizeof *l);

	l->diags = diags;
	l->lib = lib;
	if (from_snapshot(l, path, data, lib))
		return l;
	l->path = xstrdup(path);
	l->problems = problems(diags);
	l->s = schema_start(path, lib, &l->found);
	l->y = data != NULL ?
	    yaml_open_buffer(path, data, len, "chapters|body", schema_item, l->s, diags) :
	    yaml_open(path, "chapters|body", schema_item, l->s, diags);
	if (l->y != NULL)
		yaml_on_restart(l->y, schema_restart);
	if (l->y == NULL) {
		document_free(schema_walked(l->s));
		schema_abandon(l->s);
		loader_free(l);
		return NULL;
	}
	return l;
}

/* Load on for about ms milliseconds (to the end if ms < 0); whether there is more. */
bool
loader_step(struct loader *l, long ms)
{
	return l->y != NULL && yaml_step(l->y, ms);
}

/* How much of the file is loaded, from 0 to 1. */
double
loader_progress(const struct loader *l)
{
	return l->y != NULL ? yaml_progress(l->y) : 1;
}

/* The document as far as it is loaded: its nodes grow with each step. */
struct document *
loader_document(const struct loader *l)
{
	return l->doc != NULL ? l->doc : schema_walked(l->s);
}

/*
 * Load the rest and check the whole; frees the loader. The document, or NULL after
 * diagnostics if the YAML could not be read to the end; with keep_partial, a document
 * cut short by such an error is returned as far as it got (it is being shown). *late
 * tells whether keys of the document's heading came after its chapters.
 */
struct document *
loader_finish(struct loader *l, bool keep_partial, bool *late)
{
	struct ynode *root;
	struct document *doc;

	if (late != NULL)
		*late = false;
	if (l->doc != NULL) {
		doc = l->doc;
		loader_free(l);
		return doc;
	}
	root = yaml_close(l->y);
	doc = schema_walked(l->s);
	if (root == NULL) {
		diags_free(&l->found); /* consequences of the syntax error, not news */
		schema_abandon(l->s);
		if (!keep_partial) {
			document_free(doc);
			doc = NULL;
		}
	} else {
		doc = schema_finish(l->s, root, late);
		diags_merge(l->diags, &l->found);
		ynode_free(root);
		keep_snapshot(l, doc);
	}
	loader_free(l);
	return doc;
}

/* Stop loading: the document stays as far as it got, and its owner frees it. */
void
loader_cancel(struct loader *l)
{
	if (l->y != NULL) {
		yaml_abandon(l->y);
		diags_free(&l->found);
		schema_abandon(l->s);
	}
	loader_free(l);
}

/* Load a whole document at once (see loader_open()); NULL after diagnostics. */
struct document *
loader_read(const char *path, const char *data, size_t len, struct library *lib,
    struct diags *diags)
{
	struct loader *l = loader_open(path, data, len, lib, diags);

	return l != NULL ? loader_finish(l, false, NULL) : NULL;
}

/* Whether a file is named as a planview YAML document: .yaml or .yml. */
bool
loader_is_yaml(const char *path)
{
	return (strlen(path) > 5 && strcmp(path + strlen(path) - 5, ".yaml") == 0) ||
	    (strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".yml") == 0);
}

/* Whether bytes begin as a planview YAML document: "planview:", "%YAML" or "---" first. */
static bool
yaml_content(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t end = i;

		while (end < len && s[end] != '\n')
			end++;
		if (s[i] != '#' && blank_span(s + i, end - i) != end - i)
			return (end - i >= 9 && memcmp(s + i, "planview:", 9) == 0) ||
			    (end - i >= 5 && memcmp(s + i, "%YAML", 5) == 0) ||
			    (end - i >= 3 && memcmp(s + i, "---", 3) == 0);
		i = end + 1;
	}
	return false;
}

/* What a published file states of itself fills what its text did not say. */
static void
take_meta(struct document *doc, struct format_meta *meta)
{
	char **field[][2] = {
		{ &doc->title, &meta->title }, { &doc->issuer, &meta->issuer },
		{ &doc->doc_number, &meta->doc_number }, { &doc->published, &meta->published },
	};

	for (size_t i = 0; i < sizeof field / sizeof field[0]; i++)
		if (*field[i][0] == NULL && *field[i][1] != NULL) {
			*field[i][0] = *field[i][1];
			*field[i][1] = NULL;
		}
}

/*
 * A plan's text (in encoding, or detected when NULL) imported into a new document; or a
 * published file (Word, PDF, a web page, OFD: told from its content) read into text by the
 * format layer, then imported the same way. The page furniture its reader left out is kept
 * in the document's dropped lines, for --check. NULL after diagnostics.
 */
struct document *
loader_import(const char *path, const char *data, size_t len, const char *encoding,
    struct diags *diags)
{
	enum doc_format f = format_sniff(path, data, len);
	struct format_meta meta;
	struct strlist dropped = { 0 };
	struct document *doc = NULL;
	char *text;

	if (f == FORMAT_TEXT || f == FORMAT_YAML)
		return import_text(path, data, len, encoding, diags);
	if ((text = format_to_text(f, path, data, len, &meta, &dropped, diags)) != NULL) {
		doc = import_text(path, text, strlen(text), "utf-8", diags);
		free(text);
	}
	if (doc != NULL) {
		take_meta(doc, &meta);
		doc->format = format_name(f);
		doc->dropped = dropped;
	} else {
		strlist_free(&dropped);
	}
	format_meta_free(&meta);
	return doc;
}

/*
 * A document from a file: a planview YAML document loaded, or a plan's text or a published
 * file imported (its structure judged, any guesses said as warnings). NULL after diagnostics.
 */
struct document *
loader_read_any(const char *path, struct library *lib, struct diags *diags)
{
	struct document *doc;
	size_t len;
	char *data, *why;

	if (loader_is_yaml(path)) /* streamed from the file: the whole never in memory at once */
		return loader_read(path, NULL, 0, lib, diags);
	if ((data = file_read(path, MAX_INPUT_BYTES, &len, &why)) == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s", why);
		free(why);
		return NULL;
	}
	doc = yaml_content(data, len) ?
	    loader_read(path, data, len, lib, diags) : loader_import(path, data, len,
	    lib != NULL ? lib->encoding : NULL, diags);
	free(data);
	return doc;
}

/*
 * Whether the document loading joins the library now: once it has a node to show (its
 * heading keys, which come first, are read by then), or when nothing more is coming. If
 * so it joins: the library owns it from then on, and the loader goes on filling it.
 */
bool
loader_adopt(struct loader *l, struct library *lib, bool more)
{
	if (more && loader_document(l)->nnodes == 0)
		return false;
	library_add(lib, loader_document(l));
	return true;
}

/* Load a document (YAML, or a plan's text) into the library; -1 if it has errors (all reported in diags). */
int
library_load(struct library *lib, const char *path, struct diags *diags)
{
	struct document *doc;
	size_t before = diags_count(diags, DIAG_ERROR);

	doc = loader_read_any(path, lib, diags);
	if (doc == NULL || diags_count(diags, DIAG_ERROR) != before) {
		document_free(doc);
		return -1;
	}
	library_add(lib, doc);
	return 0;
}

/*
 * Load the files into the library in order, for about ms milliseconds: the documents
 * loaded whole join it; when the time is up, the one under way joins it as far as it has
 * got (loader_adopt()) and its loader is returned, to go on with, then the files from
 * *next on. Loading stops at the first error (reported in diags); NULL when no document
 * is left under way.
 */
struct loader *
library_load_for(struct library *lib, char *const *files, size_t nfiles, size_t *next,
    long ms, struct diags *diags)
{
	long t0 = clock_ms();

	for (*next = 0; *next < nfiles;) {
		size_t errors = diags_count(diags, DIAG_ERROR);
		struct loader *l;
		struct document *doc;

		if (!loader_is_yaml(files[*next])) { /* a plan's text: imported whole */
			if (library_load(lib, files[(*next)++], diags) == -1)
				return NULL;
			continue;
		}
		l = loader_open(files[*next], NULL, 0, lib, diags);
		(*next)++;
		if (l == NULL)
			return NULL;
		while (loader_step(l, 5))
			if (clock_ms() - t0 >= ms && loader_adopt(l, lib, true))
				return l;
		doc = loader_finish(l, false, NULL);
		if (doc == NULL || diags_count(diags, DIAG_ERROR) != errors) {
			document_free(doc);
			return NULL;
		}
		library_add(lib, doc);
		if (clock_ms() - t0 >= ms)
			break;
	}
	return NULL;
}
