/*
 * export.c: the model written out in a format (one file each: export_text.c,
 * export_markdown.c, export_json.c, export_csv.c, export_yaml.c), whole or as a view (a
 * selection of items, under their headings).
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

static const char *const format_names[] = {
	[EXPORT_TEXT] = "text",
	[EXPORT_MARKDOWN] = "markdown",
	[EXPORT_JSON] = "json",
	[EXPORT_CSV] = "csv",
	[EXPORT_YAML] = "yaml",
};

/* The export format called name (md for markdown, as a file's extension says), or -1. */
int
export_format_parse(const char *name)
{
	if (strcmp(name, "md") == 0)
		return EXPORT_MARKDOWN;
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(format_names[i], name) == 0)
			return (int)i;
	return -1;
}

/*
 * A view of the document in the given format: the items sel marks (a bool per node),
 * under the headings of the items above them, after the title but not the rest of the
 * matter; sel NULL is the whole document. YAML, being the document itself, has no view.
 */
void
export_view(struct buf *b, const struct document *d, enum export_format format,
    const bool *sel)
{
	document_need_text(d, "export_view");
	switch (format) {
	case EXPORT_TEXT:
		export_text(b, d, sel);
		break;
	case EXPORT_MARKDOWN:
		export_markdown(b, d, sel);
		break;
	case EXPORT_JSON:
		export_json(b, d, sel);
		break;
	case EXPORT_CSV:
		export_csv(b, d, sel);
		break;
	case EXPORT_YAML:
		if (sel != NULL)
			fatal("export_view: YAML has no view");
		export_yaml(b, d);
		break;
	}
}

/* The whole document in the given format. */
void
export_document(struct buf *b, const struct document *d, enum export_format format)
{
	export_view(b, d, format, NULL);
}
