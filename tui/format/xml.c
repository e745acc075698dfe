/*
 * xml.c: XML parts of DOCX and OFD files, and web pages, parsed safely, and helpers to walk
 * them: the one file that calls libxml2, loaded when first needed.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "format/xml.h"

#define XML_FUNCTIONS(X) \
	X(htmlReadMemory) \
	X(xmlCtxtGetLastError) \
	X(xmlCtxtReadMemory) \
	X(xmlFreeDoc) \
	X(xmlFreeParserCtxt) \
	X(xmlInitParser) \
	X(xmlNewParserCtxt)
LIBRARY_API(XML_FUNCTIONS, xl);
static void *xl_handle;

/* Whether the prolog (before the root element) declares a document type. */
static bool
has_doctype(const char *bytes, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (bytes[i] != '<')
			continue;
		if (bytes[i + 1] == '!' && len - i >= 9 && memcmp(bytes + i, "<!DOCTYPE", 9) == 0)
			return true;
		if (bytes[i + 1] != '?' && bytes[i + 1] != '!')
			return false; /* the root element: the prolog is over */
	}
	return false;
}

/* An error of libxml2's said plainly, at the position it gives. */
static void
report(const xmlError *e, const char *where, struct diags *diags)
{
	char *msg;

	if (e == NULL) {
		diag_add(diags, DIAG_ERROR, where, 0, 0, "malformed XML");
		return;
	}
	msg = xstrdup(e->message != NULL ? e->message : "malformed XML");
	msg[strcspn(msg, "\n")] = '\0';
	if (strstr(msg, "Excessive depth") != NULL)
		diag_add(diags, DIAG_ERROR, where, (unsigned)e->line, (unsigned)e->int2,
		    "elements nested more than %d deep (deeply nested tables?); refused",
		    XML_MAX_DEPTH);
	else
		diag_add(diags, DIAG_ERROR, where, (unsigned)e->line, (unsigned)e->int2,
		    "malformed XML: %s", msg);
	free(msg);
}

/*
 * Parse one XML member of path: no network, no DTD loaded, no entity substituted, nesting
 * within libxml2's limit; a document type declaration is refused (OOXML and OFD have none).
 */
xmlDoc *
xml_parse(const char *path, const char *member, const char *bytes, size_t len,
    struct diags *diags)
{
	char *where = xasprintf("%s(%s)", path, member);
	xmlParserCtxt *ctxt;
	xmlDoc *doc = NULL;

	if (has_doctype(bytes, len)) {
		diag_add(diags, DIAG_ERROR, where, 0, 0,
		    "has a document type declaration (entity expansion?); refused");
		free(where);
		return NULL;
	}
	if (!LIBRARY_LOAD(xl_handle, LIBXML_SONAME, xl, where, diags)) {
		free(where);
		return NULL;
	}
	xl.xmlInitParser();
	ctxt = xl.xmlNewParserCtxt();
	if (ctxt == NULL)
		fatal("out of memory");
	if (len <= (size_t)INT32_MAX)
		doc = xl.xmlCtxtReadMemory(ctxt, bytes, (int)len, member, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (doc == NULL || xml_root(doc) == NULL) {
		report(xl.xmlCtxtGetLastError(ctxt), where, diags);
		xl.xmlFreeDoc(doc);
		doc = NULL;
	}
	xl.xmlFreeParserCtxt(ctxt);
	free(where);
	return doc;
}

/*
 * Parse a web page, in UTF-8, with libxml2's HTML parser: nothing fetched, errors
 * repaired as browsers do. NULL with an error when there is no page.
 */
xmlDoc *
xml_parse_html(const char *path, const char *utf8, size_t len, struct diags *diags)
{
	xmlDoc *doc = NULL;

	if (!LIBRARY_LOAD(xl_handle, LIBXML_SONAME, xl, path, diags))
		return NULL;
	if (len <= (size_t)INT32_MAX)
		doc = xl.htmlReadMemory(utf8, (int)len, NULL, "UTF-8", HTML_PARSE_NONET |
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
		    HTML_PARSE_IGNORE_ENC);
	if (doc == NULL)
		diag_add(diags, DIAG_ERROR, path, 0, 0, "not a readable web page");
	return doc;
}

/* Free a parsed document (NULL is nothing). */
void
xml_free(xmlDoc *doc)
{
	if (doc != NULL)
		xl.xmlFreeDoc(doc);
}

/* A document's root element, or NULL. */
xmlNode *
xml_root(const xmlDoc *doc)
{
	for (xmlNode *c = doc != NULL ? doc->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

/* Whether n is an element of that local name (any namespace). */
bool
xml_is(const xmlNode *n, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* The value of n's attribute of that local name (borrowed), or NULL. */
const char *
xml_attr(const xmlNode *n, const char *local)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, local) == 0)
			return a->children != NULL && a->children->content != NULL ?
			    (const char *)a->children->content : "";
	return NULL;
}

/* n's first child element of that local name, or NULL. */
xmlNode *
xml_child(const xmlNode *n, const char *local)
{
	if (n == NULL)
		return NULL;
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if (xml_is(c, local))
			return c;
	return NULL;
}

/* The element down a path of local names separated by '/', from n; NULL if absent. */
xmlNode *
xml_path(const xmlNode *n, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;
	xmlNode *at = (xmlNode *)n;

	for (char *step = strtok_r(copy, "/", &save); step != NULL && at != NULL;
	     step = strtok_r(NULL, "/", &save))
		at = xml_child(at, step);
	free(copy);
	return at;
}

/* Append the text of every text node under n, in document order. */
void
xml_text(struct buf *b, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL)
			buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			xml_text(b, c);
	}
}
