/* format.c: which format a published file is in, and the reader for it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format/format_int.h"

static const char *const names[] = {
	[FORMAT_TEXT] = "text", [FORMAT_YAML] = "YAML", [FORMAT_DOCX] = "Word (.docx)",
	[FORMAT_DOC] = "Word 97-2003 (.doc)", [FORMAT_WPS] = "WPS (.wps)", [FORMAT_PDF] = "PDF",
	[FORMAT_HTML] = "web page (HTML)", [FORMAT_OFD] = "OFD",
};

/* The name of a format, for messages. */
const char *
format_name(enum doc_format f)
{
	if ((unsigned)f >= sizeof names / sizeof names[0])
		return "unknown";
	return names[f];
}

static bool
starts_with(const char *bytes, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(bytes, magic, n) == 0;
}

/* Whether the text after a BOM and blanks begins with prefix, ignoring case. */
static bool
text_begins(const char *bytes, size_t len, const char *prefix)
{
	size_t i = 0, n = strlen(prefix);

	if (starts_with(bytes, len, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && strchr(" \t\r\n\f", bytes[i]) != NULL)
		i++;
	return len - i >= n && strncasecmp(bytes + i, prefix, n) == 0;
}

/* Whether a page begins with an HTML tag, after an XML declaration and comments if any. */
static bool
looks_html(const char *bytes, size_t len)
{
	size_t cap = len < 4096 ? len : 4096;
	char *head = xstrndup(bytes, cap);
	bool html;

	for (char *p = head; *p != '\0'; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	html = text_begins(head, strlen(head), "<html") ||
	    text_begins(head, strlen(head), "<!doctype html") ||
	    ((text_begins(head, strlen(head), "<?xml") || text_begins(head, strlen(head), "<!--")) &&
		(strstr(head, "<html") != NULL));
	free(head);
	return html;
}

static enum doc_format
sniff_name(const char *path)
{
	const char *ext = format_ext(path);

	if (strcasecmp(ext, "docx") == 0)
		return FORMAT_DOCX;
	if (strcasecmp(ext, "doc") == 0)
		return FORMAT_DOC;
	if (strcasecmp(ext, "wps") == 0)
		return FORMAT_WPS;
	if (strcasecmp(ext, "pdf") == 0)
		return FORMAT_PDF;
	if (strcasecmp(ext, "html") == 0 || strcasecmp(ext, "htm") == 0 ||
	    strcasecmp(ext, "shtml") == 0)
		return FORMAT_HTML;
	if (strcasecmp(ext, "ofd") == 0)
		return FORMAT_OFD;
	if (strcasecmp(ext, "yaml") == 0 || strcasecmp(ext, "yml") == 0)
		return FORMAT_YAML;
	return FORMAT_TEXT;
}

/* Whether a file's name says it is a published file a reader here reads: .docx, .pdf... */
bool
format_named(const char *path)
{
	enum doc_format f = sniff_name(path);

	return f != FORMAT_TEXT && f != FORMAT_YAML;
}

/* The format of a file, from its content (magic bytes; a zip's members), then its name. */
enum doc_format
format_sniff(const char *path, const char *bytes, size_t len)
{
	enum doc_format by_name = sniff_name(path);

	if (starts_with(bytes, len, "%PDF-", 5))
		return FORMAT_PDF;
	if (starts_with(bytes, len, "PK\x03\x04", 4)) {
		if (zip_has_member(bytes, len, "word/document.xml"))
			return FORMAT_DOCX;
		if (zip_has_member(bytes, len, "OFD.xml"))
			return FORMAT_OFD;
		return by_name == FORMAT_DOCX || by_name == FORMAT_OFD ? by_name : FORMAT_DOCX;
	}
	if (starts_with(bytes, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return by_name == FORMAT_WPS ? FORMAT_WPS : FORMAT_DOC;
	if (looks_html(bytes, len))
		return FORMAT_HTML;
	if (text_begins(bytes, len, "%YAML") || starts_with(bytes, len, "planview:", 9) ||
	    starts_with(bytes, len, "\xef\xbb\xbfplanview:", 12))
		return FORMAT_YAML;
	return by_name; /* no signature: the name decides (a damaged .pdf goes to the PDF reader) */
}

/* The plan text of a published file (see format.h). */
char *
format_to_text(enum doc_format f, const char *path, const char *bytes, size_t len,
    struct format_meta *meta, struct strlist *dropped, struct diags *diags)
{
	struct strlist scratch = { 0 };
	char *text = NULL;

	if (meta != NULL)
		memset(meta, 0, sizeof *meta);
	if (dropped == NULL)
		dropped = &scratch;
	if (len == 0 && f != FORMAT_TEXT && f != FORMAT_YAML) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "the file is empty");
		return NULL;
	}
	switch (f) {
	case FORMAT_TEXT:
	case FORMAT_YAML:
		text = xstrndup(bytes, len); /* the project's own loaders decode these */
		break;
	case FORMAT_DOCX:
		text = format_docx_text(path, bytes, len, meta, dropped, diags);
		break;
	case FORMAT_DOC:
	case FORMAT_WPS:
		text = format_word_text(f, path, bytes, len, meta, dropped, diags);
		break;
	case FORMAT_PDF:
		text = format_pdf_text(path, bytes, len, meta, dropped, diags);
		break;
	case FORMAT_HTML:
		text = format_html_text(path, bytes, len, meta, dropped, diags);
		break;
	case FORMAT_OFD:
		text = format_ofd_text(path, bytes, len, meta, dropped, diags);
		break;
	default:
		diag_add(diags, DIAG_ERROR, path, 0, 0, "unknown format %d", (int)f);
	}
	strlist_free(&scratch);
	if (text == NULL && meta != NULL)
		format_meta_free(meta);
	return text;
}

/* Free the strings of a format_meta (not the struct itself). */
void
format_meta_free(struct format_meta *m)
{
	if (m == NULL)
		return;
	free(m->title);
	free(m->issuer);
	free(m->doc_number);
	free(m->published);
	memset(m, 0, sizeof *m);
}
