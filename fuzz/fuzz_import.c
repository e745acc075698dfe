/*
 * fuzz_import.c: bytes as a plan's plain text. import_text() must return NULL or a
 * document (with diagnostics) without crashing; every export of the document must work;
 * and when the import reports no error, the text export must give the input back byte for
 * byte and the YAML export must load and check cleanly as the same document, since
 * `planview --import plan.txt > plan.yaml && planview --check plan.yaml` is the promise.
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

/* The document's YAML must load without errors and be the same document. */
static void
check_yaml(const struct document *d, const uint8_t *data, size_t size)
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
	text = export(d2, EXPORT_TEXT, &tlen);
	if (tlen != size || memcmp(text, data, size) != 0) {
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

	d = import_text("fuzz.txt", (const char *)data, size, &diags);
	if (d == NULL) {
		CHECK(diags_count(&diags, DIAG_ERROR) != 0);
		diags_free(&diags);
		return 0;
	}
	for (int f = EXPORT_TEXT; f <= EXPORT_YAML; f++)
		free(export(d, (enum export_format)f, &len));
	if (diags_count(&diags, DIAG_ERROR) == 0) {
		char *text = export(d, EXPORT_TEXT, &len);

		CHECK(len == size && memcmp(text, data, size) == 0);
		free(text);
		check_yaml(d, data, size);
	}
	document_free(d);
	diags_free(&diags);
	return 0;
}
