/* xml.h: XML parts read safely (no network, no DTD, no entities), and walking them; libxml2. */
#ifndef PLANVIEW_FORMAT_XML_H
#define PLANVIEW_FORMAT_XML_H

#include <libxml/tree.h>

#include "format/format_int.h"

#define XML_MAX_DEPTH 256 /* libxml2's own limit without XML_PARSE_HUGE */

xmlDoc *xml_parse(const char *, const char *, const char *, size_t, struct diags *);
xmlDoc *xml_parse_html(const char *, const char *, size_t, struct diags *);
void xml_free(xmlDoc *);
xmlNode *xml_root(const xmlDoc *);
bool xml_is(const xmlNode *, const char *);
const char *xml_attr(const xmlNode *, const char *);
xmlNode *xml_child(const xmlNode *, const char *);
xmlNode *xml_path(const xmlNode *, const char *);
void xml_text(struct buf *, const xmlNode *);

#endif
