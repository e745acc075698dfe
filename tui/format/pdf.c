/* pdf.c: a PDF's text layer read into plan text: glyphs and boxes from poppler-glib, loaded when needed. */
#include <stdlib.h>
#include <string.h>
#include <poppler.h>

#include "format/format_int.h"

#define POPPLER_FUNCTIONS(X) \
	X(g_bytes_new_static) \
	X(g_bytes_unref) \
	X(g_clear_error) \
	X(g_free) \
	X(g_object_unref) \
	X(poppler_document_get_n_pages) \
	X(poppler_document_get_page) \
	X(poppler_document_get_title) \
	X(poppler_document_new_from_bytes) \
	X(poppler_page_get_text) \
	X(poppler_page_get_text_layout)
LIBRARY_API(POPPLER_FUNCTIONS, pl);
static void *pl_handle;

#define PDF_MAX_PAGES 2000   /* more pages are refused */
#define PDF_MAX_MS 60000     /* reading stops after this long */
#define PDF_EOF_WINDOW 1024  /* %%EOF must be this close to the end */

/* Whether the file ends as a PDF does, with %%EOF near its end (else it was cut short). */
static bool
has_eof(const char *bytes, size_t len)
{
	size_t from = len > PDF_EOF_WINDOW ? len - PDF_EOF_WINDOW : 0;

	for (size_t i = len >= 5 ? len - 5 + 1 : 0; i-- > from;)
		if (memcmp(bytes + i, "%%EOF", 5) == 0)
			return true;
	return false;
}

/* Add one page's characters with their boxes; false when the page has no text layer. */
static bool
read_page(PopplerPage *page, unsigned no, struct glyphs *g)
{
	char *text = pl.poppler_page_get_text(page);
	PopplerRectangle *r = NULL;
	guint nr = 0;
	bool any = false;
	const char *s = text;

	if (text != NULL && pl.poppler_page_get_text_layout(page, &r, &nr)) {
		size_t len = strlen(text);

		for (guint i = 0; i < nr && s < text + len; i++) {
			uint32_t cp;

			s += utf8_decode(s, (size_t)(text + len - s), &cp);
			if (!format_is_space(cp) && cp >= 0x20 && cp != 0xfffd) {
				glyphs_add(g, no, r[i].x1, r[i].y1, r[i].x2, r[i].y2, cp);
				any = true;
			}
		}
	}
	pl.g_free(r);
	pl.g_free(text);
	return any;
}

/* The title the file states, less Word's "Microsoft Word - " and a file extension. */
static char *
pdf_title(PopplerDocument *doc)
{
	char *t = pl.poppler_document_get_title(doc), *s, *dot;
	struct buf b = { 0 };

	if (t == NULL)
		return NULL;
	s = t;
	if (strncmp(s, "Microsoft Word - ", 17) == 0)
		s += 17;
	dot = strrchr(s, '.');
	if (dot != NULL && (strcmp(dot, ".doc") == 0 || strcmp(dot, ".docx") == 0 ||
	    strcmp(dot, ".wps") == 0))
		*dot = '\0';
	format_line(&b, s, strlen(s));
	pl.g_free(t);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	buf_truncate(&b, b.len - 1);
	return buf_detach(&b);
}

static PopplerDocument *
open_pdf(const char *path, const char *bytes, size_t len, GBytes **gb, struct diags *diags)
{
	GError *err = NULL;
	PopplerDocument *doc;

	if (!LIBRARY_LOAD(pl_handle, POPPLER_SONAME, pl, path, diags))
		return NULL;
	if (!has_eof(bytes, len)) {
		diag_add(diags, DIAG_ERROR, path, 0, 0,
		    "truncated: the PDF does not end with %%%%EOF (was the download cut short?)");
		return NULL;
	}
	*gb = pl.g_bytes_new_static(bytes, len);
	doc = pl.poppler_document_new_from_bytes(*gb, NULL, &err);
	if (doc == NULL) {
		if (err != NULL && err->code == POPPLER_ERROR_ENCRYPTED)
			diag_add(diags, DIAG_ERROR, path, 0, 0, "the PDF is encrypted with a password");
		else
			diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot read the PDF: %s",
			    err != NULL ? err->message : "unknown error");
		pl.g_clear_error(&err);
		pl.g_bytes_unref(*gb);
		*gb = NULL;
	}
	return doc;
}

/* Every page's glyphs; false with an error when there are too many pages or it takes too long. */
static bool
read_pages(PopplerDocument *doc, const char *path, struct glyphs *g, bool *any,
    struct diags *diags)
{
	int n = pl.poppler_document_get_n_pages(doc);
	long start = clock_ms();

	if (n > PDF_MAX_PAGES) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%d pages (at most %d); refused", n,
		    PDF_MAX_PAGES);
		return false;
	}
	for (int i = 0; i < n; i++) {
		PopplerPage *page = pl.poppler_document_get_page(doc, i);

		if (clock_ms() - start > PDF_MAX_MS) {
			diag_add(diags, DIAG_ERROR, path, 0, 0,
			    "reading took more than %d s (stopped at page %d of %d); refused",
			    PDF_MAX_MS / 1000, i + 1, n);
			if (page != NULL)
				pl.g_object_unref(page);
			return false;
		}
		if (page == NULL)
			continue;
		*any = read_page(page, (unsigned)i, g) || *any;
		pl.g_object_unref(page);
	}
	return true;
}

/* The plan text of a PDF file. */
char *
format_pdf_text(const char *path, const char *bytes, size_t len, struct format_meta *meta,
    struct strlist *dropped, struct diags *diags)
{
	struct glyphs g = { 0 };
	GBytes *gb = NULL;
	PopplerDocument *doc = open_pdf(path, bytes, len, &gb, diags);
	char *text = NULL;
	bool any = false;

	if (doc == NULL)
		return NULL;
	if (read_pages(doc, path, &g, &any, diags)) {
		if (!any)
			diag_add(diags, DIAG_ERROR, path, 0, 0,
			    "no text layer: this PDF is scanned images; OCR it first");
		else {
			text = glyphs_text(&g, dropped);
			if (meta != NULL)
				meta->title = pdf_title(doc);
		}
	}
	glyphs_free(&g);
	pl.g_object_unref(doc);
	pl.g_bytes_unref(gb);
	return text;
}
