/* nopdf.c: the PDF reader of a build configured --without-pdf: a message saying so. */
#include "format/format_int.h"

/* No PDF reader in this build: an error that says how to get one. */
char *
format_pdf_text(const char *path, const char *bytes, size_t len, struct format_meta *meta,
    struct strlist *dropped, struct diags *diags)
{
	(void)bytes, (void)len, (void)meta, (void)dropped;
	diag_add(diags, DIAG_ERROR, path, 0, 0, "planview was built without PDF support "
	    "(poppler-glib): install libpoppler-glib-dev and build it again");
	return NULL;
}
