/*
 * fuzz_format.c: bytes as a published file. Byte 0 names it (.docx, .html, .ofd or .pdf;
 * the content still decides, as in planview); the rest is the file. The format layer must
 * return text or an error, never both or neither; its text and its dropped lines are valid
 * UTF-8 without NUL (the importer reads them as such); and the text imports into a
 * document (loader_import(), as planview does) or an error says why. Files sniffed as
 * .doc/.wps (a converter would be run) are skipped; PDFs go through poppler, as planview
 * reads them, up to FUZZ_PDF_MAX bytes: poppler is slow per input, and what is tested is
 * what pdf.c and layout.c make of what poppler gives.
 */
#include "format/format.h"
#include "fuzz.h"

FUZZ_UTF8_INITIALIZE

static const char *const names[] = { "fuzz.docx", "fuzz.html", "fuzz.ofd", "fuzz.pdf" };
#define NNAMES (sizeof names / sizeof names[0])
#define FUZZ_PDF_MAX (64 * 1024) /* larger PDFs are skipped */

/* Whether planview reads this format here: no converter run, no PDF too big to fuzz fast. */
static bool
fuzzed(enum doc_format f, size_t len)
{
	return f == FORMAT_DOCX || f == FORMAT_HTML || f == FORMAT_OFD ||
	    (f == FORMAT_PDF && len <= FUZZ_PDF_MAX);
}

/* Whether s is valid UTF-8 without a NUL. */
static bool
clean_utf8(const char *s, size_t len)
{
	size_t bad;

	return utf8_validate(s, len, &bad) && memchr(s, '\0', len) == NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags diags = { 0 };
	struct format_meta meta;
	struct strlist dropped = { 0 };
	const char *name, *bytes = (const char *)data + 1;
	enum doc_format f;
	char *text;

	if (size < 1)
		return 0;
	name = names[data[0] % NNAMES];
	f = format_sniff(name, bytes, size - 1);
	if (!fuzzed(f, size - 1))
		return 0;
	text = format_to_text(f, name, bytes, size - 1, &meta, &dropped, &diags);
	CHECK((text == NULL) == (diags_count(&diags, DIAG_ERROR) != 0));
	if (text != NULL) {
		CHECK(clean_utf8(text, strlen(text)));
		for (size_t i = 0; i < dropped.n; i++)
			CHECK(clean_utf8(dropped.v[i], strlen(dropped.v[i])));
		document_free(loader_import(name, bytes, size - 1, NULL, &diags));
	}
	free(text);
	format_meta_free(&meta);
	strlist_free(&dropped);
	diags_free(&diags);
	return 0;
}
