/* format.h: published files (Word, PDF, web pages, OFD) read into a plan's text. */
#ifndef PLANVIEW_FORMAT_H
#define PLANVIEW_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include "base/base.h"

enum doc_format { FORMAT_TEXT, FORMAT_YAML, FORMAT_DOCX, FORMAT_DOC, FORMAT_WPS, FORMAT_PDF,
	FORMAT_HTML, FORMAT_OFD };
struct format_meta {       /* what the file itself states, or NULL */
	char *title, *issuer, *doc_number, *published; /* published: YYYY-MM-DD */
};
/* The format of a file, from its content (magic bytes; a zip's members), then its name. */
enum doc_format format_sniff(const char *path, const char *bytes, size_t len);
const char *format_name(enum doc_format);
bool format_named(const char *);
/*
 * The plan text of a published file: UTF-8, lines ended by \n, one paragraph per line;
 * a table as one line per row, cells separated by TAB, its header row first. Page
 * furniture left out (headers, footers, page numbers, site navigation) goes to *dropped,
 * a line each, so `planview --check` can list it. NULL, with an error in diags
 * (FILE:LINE:COL where there is a position, else FILE), when the file cannot be read.
 */
char *format_to_text(enum doc_format, const char *path, const char *bytes, size_t len,
    struct format_meta *, struct strlist *dropped, struct diags *);
void format_meta_free(struct format_meta *);

#endif
