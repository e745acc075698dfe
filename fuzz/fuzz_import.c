/*
 * fuzz_import.c: bytes as a plan's text. import_text() must return NULL (with an error) or
 * a document without crashing; every export of the document must work; the text export,
 * in the text's own encoding, must give the input back byte for byte unless a warning
 * says where it cannot; and the YAML export must load and check cleanly as the same
 * document, since `planview --import plan.txt > plan.yaml && planview --check plan.yaml`
 * is the promise.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"



FUZZ_UTF8_INITIALIZE

static char *
export(const struct document *d, enum export_format f, size_t *len)
{
	struct buf b = { 0 };

	export_document(&b, d, f);
	*len = b.len;
	return buf_detach(&b);
}

/* The text export in the document's own encoding: the bytes it came from. */
static char *
source_bytes(const struct document *d, size_t *len)
{
	size_t tlen;
	char *text = export(d, EXPORT_TEXT, &tlen), *bytes = text_encode(text, tlen, &d->src, len);

	free(text);
	return bytes;
}

/* Whether the import said where its text export differs from the input. */
static bool
said_irreproducible(const struct diags *diags)
{
	for (size_t i = 0; i < diags->n; i++)
		if (strstr(diags->v[i].msg, "byte for byte") != NULL)
			return true;
	return diags->n == MAX_DIAGS; /* only the first are kept */
}

/* The document's YAML must load without errors and be the same document. */
static void
check_yaml(const struct document *d, const uint8_t *data, size_t size, bool exact)
{
	struct diags diags = { 0 };
	struct library *lib = library_create();
	struct document *d2;
	size_t ylen, tlen;
	char *yaml = export(d, EXPORT_YAML, &ylen), *text;

	d2 = loader_read("fuzz.yaml", yaml, ylen, lib, &diags);
	if (d2 == NULL || diags_count(&diags, DIAG_ERROR) != 0) {
		diags_print(&diags, stderr);
		fprintf(stderr, "--- YAML of the imported text:\n%s\n", yaml);
		CHECK(!"the YAML of an imported text does not check cleanly");
	}
	text = source_bytes(d2, &tlen);
	if (exact && (text == NULL || tlen != size || memcmp(text, data, size) != 0)) {
		fprintf(stderr, "--- text from the YAML:\n%s\n", text);
		CHECK(!"the YAML of an imported text gives back another text");
	}
	free(text);
	free(yaml);
	document_free(d2);
	diags_free(&diags);
	library_free(lib);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags diags = { 0 };
	struct document *d;
	size_t len;

	d = import_text("fuzz.txt", (const char *)data, size, NULL, &diags);
	if (d == NULL) {
		CHECK(diags_count(&diags, DIAG_ERROR) != 0);
		diags_free(&diags);
		return 0;
	}
	for (int f = EXPORT_TEXT; f <= EXPORT_YAML; f++)
		free(export(d, (enum export_format)f, &len));
	CHECK(diags_count(&diags, DIAG_ERROR) == 0); /* a document at all: only warnings */
	{
		char *text = source_bytes(d, &len);
		bool exact = text != NULL && len == size && memcmp(text, data, size) == 0;

		if (!exact && !said_irreproducible(&diags)) {
			diags_print(&diags, stderr);
			CHECK(!"the text export differs from the input and no warning says where");
		}
		free(text);
		check_yaml(d, data, size, exact);
	}
	document_free(d);
	diags_free(&diags);
	return 0;
}
