/* docx.c: a Word .docx file read into plan text: paragraphs, list numbers, tables (libzip, libxml2). */
#include <stdlib.h>
#include <string.h>

#include "format/docx.h"

#define TABLE_MAX_DEPTH 32 /* tables nested deeper are refused */
#define STYLE_MAX_CHAIN 20 /* w:basedOn links followed */

struct pstyle {
	char *id, *based_on;
	int num_id, ilvl; /* -1: not set */
};

struct docx {
	const char *path;
	const char *part; /* the member being read, for messages */
	struct zipread *zip;
	struct numbering nb;
	struct pstyle *styles;
	size_t nstyles;
	struct strlist *dropped;
	struct diags *diags;
	bool counting; /* false in headers and footers: their numbers are not the body's */
	bool failed;
	int table_depth;
};

static void walk_inline(struct docx *, const xmlNode *, struct buf *);
static void walk_blocks(struct docx *, const xmlNode *, struct buf *);
static void table_flat(struct docx *, const xmlNode *, struct buf *);

static int
val_int(const xmlNode *n, int dflt)
{
	const char *v = xml_attr(n, "val");

	return v != NULL ? atoi(v) : dflt;
}

/* Whether an on/off property (w:vanish, w:isLgl) is on. */
static bool
on(const xmlNode *n)
{
	const char *v = xml_attr(n, "val");

	return n != NULL && (v == NULL || (strcmp(v, "0") != 0 && strcmp(v, "false") != 0 &&
	    strcmp(v, "off") != 0));
}

static xmlDoc *
read_part(struct docx *d, const char *name, bool required)
{
	size_t len;
	char *bytes;
	xmlDoc *doc;

	if (!zipread_has(d->zip, name)) {
		if (required) {
			diag_add(d->diags, DIAG_ERROR, d->path, 0, 0,
			    "%s is missing: not a Word document", name);
			d->failed = true;
		}
		return NULL;
	}
	bytes = zipread_get(d->zip, name, &len, d->diags);
	if (bytes == NULL) {
		d->failed = true;
		return NULL;
	}
	doc = xml_parse(d->path, name, bytes, len, d->diags);
	free(bytes);
	if (doc == NULL)
		d->failed = true;
	return doc;
}

static void
read_styles(struct docx *d, const xmlNode *root)
{
	for (const xmlNode *s = root != NULL ? root->children : NULL; s != NULL; s = s->next) {
		const char *id = xml_attr(s, "styleId"), *type = xml_attr(s, "type");
		const xmlNode *numPr = xml_path(s, "pPr/numPr");
		struct pstyle *p;

		if (!xml_is(s, "style") || id == NULL || (type != NULL && strcmp(type, "paragraph") != 0))
			continue;
		d->styles = xreallocarray(d->styles, d->nstyles + 1, sizeof *d->styles);
		p = &d->styles[d->nstyles++];
		p->id = xstrdup(id);
		p->based_on = xml_attr(xml_child(s, "basedOn"), "val") != NULL ?
		    xstrdup(xml_attr(xml_child(s, "basedOn"), "val")) : NULL;
		p->num_id = val_int(xml_child(numPr, "numId"), -1);
		p->ilvl = val_int(xml_child(numPr, "ilvl"), -1);
	}
}

static const struct pstyle *
find_style(const struct docx *d, const char *id)
{
	for (size_t i = 0; id != NULL && i < d->nstyles; i++)
		if (strcmp(d->styles[i].id, id) == 0)
			return &d->styles[i];
	return NULL;
}

/* The list a paragraph style puts its paragraphs in, following w:basedOn. */
static void
style_numbering(const struct docx *d, const char *id, int *num_id, int *ilvl)
{
	const struct pstyle *s = find_style(d, id);

	for (int i = 0; s != NULL && i < STYLE_MAX_CHAIN; i++, s = find_style(d, s->based_on)) {
		if (*ilvl < 0)
			*ilvl = s->ilvl;
		if (s->num_id >= 0) {
			*num_id = s->num_id;
			return;
		}
	}
}

/* Prefix a paragraph with its list number, if it has one. */
static void
paragraph_number(struct docx *d, const xmlNode *p, struct buf *out)
{
	const xmlNode *pPr = xml_child(p, "pPr"), *numPr = xml_child(pPr, "numPr");
	int num_id = val_int(xml_child(numPr, "numId"), -1);
	int ilvl = val_int(xml_child(numPr, "ilvl"), -1);

	if (num_id < 0)
		style_numbering(d, xml_attr(xml_child(pPr, "pStyle"), "val"), &num_id, &ilvl);
	if (num_id > 0 && d->counting)
		numbering_render(&d->nb, num_id, ilvl < 0 ? 0 : ilvl, out);
}

/* A line break inside a paragraph: the paragraph stays one line; a space between Latin words. */
static void
put_break(struct buf *out)
{
	if (out->len > 0 && (unsigned char)out->s[out->len - 1] < 0x80 &&
	    out->s[out->len - 1] != ' ')
		buf_putc(out, ' ');
}

/* A text box's paragraphs are listed as dropped, not put in the text (see README). */
static void
text_box(struct docx *d, const xmlNode *content)
{
	struct buf b = { 0 };
	char *line, *save = NULL;

	walk_blocks(d, content, &b);
	for (line = strtok_r(b.s, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		format_drop(d->dropped, "text box", line);
	buf_free(&b);
}

/* Text boxes anywhere under n (a drawing or a VML picture). */
static void
find_text_boxes(struct docx *d, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (xml_is(c, "txbxContent"))
			text_box(d, c);
		else if (c->type == XML_ELEMENT_NODE)
			find_text_boxes(d, c);
	}
}

/* mc:AlternateContent: the first choice only, or the fallback; never both. */
static const xmlNode *
alternate(const xmlNode *n)
{
	const xmlNode *c = xml_child(n, "Choice");

	return c != NULL ? c : xml_child(n, "Fallback");
}

static void
walk_run(struct docx *d, const xmlNode *r, struct buf *out)
{
	if (on(xml_path(r, "rPr/vanish")))
		return; /* hidden text */
	for (const xmlNode *c = r->children; c != NULL; c = c->next) {
		if (xml_is(c, "t"))
			xml_text(out, c);
		else if (xml_is(c, "tab") || xml_is(c, "ptab"))
			buf_putc(out, '\t');
		else if (xml_is(c, "br") || xml_is(c, "cr"))
			put_break(out);
		else if (xml_is(c, "noBreakHyphen"))
			buf_putc(out, '-');
		else if (xml_is(c, "drawing") || xml_is(c, "pict"))
			find_text_boxes(d, c);
		else if (xml_is(c, "AlternateContent") && alternate(c) != NULL)
			walk_run(d, alternate(c), out);
		else if (xml_is(c, "ruby") && xml_child(c, "rubyBase") != NULL)
			walk_inline(d, xml_child(c, "rubyBase"), out);
	}
}

/* The runs of a paragraph, through hyperlinks, insertions, fields and content controls. */
static void
walk_inline(struct docx *d, const xmlNode *n, struct buf *out)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (xml_is(c, "r"))
			walk_run(d, c, out);
		else if (xml_is(c, "AlternateContent") && alternate(c) != NULL)
			walk_inline(d, alternate(c), out);
		else if (xml_is(c, "hyperlink") || xml_is(c, "ins") || xml_is(c, "smartTag") ||
		    xml_is(c, "sdt") || xml_is(c, "sdtContent") || xml_is(c, "fldSimple") ||
		    xml_is(c, "customXml") || xml_is(c, "moveTo") || xml_is(c, "dir") ||
		    xml_is(c, "bdo"))
			walk_inline(d, c, out);
	}
}

/* One paragraph: its number and its text, unfinished (no newline). */
static void
paragraph(struct docx *d, const xmlNode *p, struct buf *out)
{
	paragraph_number(d, p, out);
	walk_inline(d, p, out);
}

/* A cell's text on one line: its paragraphs joined by spaces, nested tables flattened. */
static void
cell_text(struct docx *d, const xmlNode *tc, struct buf *out)
{
	struct buf b = { 0 };

	for (const xmlNode *c = tc->children; c != NULL && !d->failed; c = c->next) {
		size_t before = b.len;
		bool sep = b.len > 0;

		if (sep)
			buf_putc(&b, ' ');
		if (xml_is(c, "p"))
			paragraph(d, c, &b);
		else if (xml_is(c, "tbl"))
			table_flat(d, c, &b);
		else if (xml_is(c, "sdt") && xml_child(c, "sdtContent") != NULL)
			cell_text(d, xml_child(c, "sdtContent"), &b);
		if (sep && b.len == before + 1)
			buf_truncate(&b, before);
	}
	for (size_t i = 0; i < b.len; i++)
		if (b.s[i] == '\t' || b.s[i] == '\n')
			b.s[i] = ' ';
	if (b.len > 0) {
		format_line(out, b.s, b.len);
		if (out->len > 0 && out->s[out->len - 1] == '\n')
			buf_truncate(out, out->len - 1);
	}
	buf_free(&b);
}

static bool
enter_table(struct docx *d, const xmlNode *tbl)
{
	char *where;

	if (++d->table_depth <= TABLE_MAX_DEPTH)
		return true;
	if (!d->failed) {
		where = xasprintf("%s(%s)", d->path, d->part);
		diag_add(d->diags, DIAG_ERROR, where, (unsigned)tbl->line, 1,
		    "tables nested more than %d deep; refused", TABLE_MAX_DEPTH);
		free(where);
	}
	d->failed = true;
	return false;
}

/* A nested table's text, flattened into its cell: cells and rows joined by spaces. */
static void
table_flat(struct docx *d, const xmlNode *tbl, struct buf *out)
{
	if (enter_table(d, tbl))
		for (const xmlNode *tr = tbl->children; tr != NULL && !d->failed; tr = tr->next)
			for (const xmlNode *tc = xml_is(tr, "tr") ? tr->children : NULL; tc != NULL;
			     tc = tc->next)
				if (xml_is(tc, "tc")) {
					if (out->len > 0 && out->s[out->len - 1] != ' ')
						buf_putc(out, ' ');
					cell_text(d, tc, out);
				}
	d->table_depth--;
}

struct grid {          /* the columns of a table, for vertically merged cells */
	char **above;  /* the text that a vMerge restart left in each column */
	size_t n;
};

static void
grid_set(struct grid *g, size_t col, const char *s)
{
	if (col >= g->n) {
		g->above = xreallocarray(g->above, col + 1, sizeof *g->above);
		memset(g->above + g->n, 0, (col + 1 - g->n) * sizeof *g->above);
		g->n = col + 1;
	}
	free(g->above[col]);
	g->above[col] = xstrdup(s);
}

static void
grid_free(struct grid *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->above[i]);
	free(g->above);
}

static void
add_cells(struct strlist *cells, int n)
{
	for (int i = 0; i < n; i++)
		strlist_add(cells, "");
}

/* One cell of a row: vMerge continues repeat the text above; gridSpan adds empty cells. */
static size_t
table_cell(struct docx *d, const xmlNode *tc, struct grid *g, size_t col, struct strlist *cells)
{
	const xmlNode *tcPr = xml_child(tc, "tcPr"), *vm = xml_child(tcPr, "vMerge");
	int span = val_int(xml_child(tcPr, "gridSpan"), 1);
	const char *how = xml_attr(vm, "val");
	struct buf b = { 0 };

	if (span < 1 || span > 64)
		span = 1;
	cell_text(d, tc, &b);
	if (vm != NULL && (how == NULL || strcmp(how, "continue") == 0))
		strlist_add(cells, col < g->n && g->above[col] != NULL ? g->above[col] : "");
	else {
		strlist_add(cells, b.s != NULL ? b.s : "");
		grid_set(g, col, vm != NULL ? (b.s != NULL ? b.s : "") : "");
	}
	add_cells(cells, span - 1);
	buf_free(&b);
	return col + (size_t)span;
}

/* One row of a table as a line of TAB-separated cells; nothing if every cell is empty. */
static void
table_row(struct docx *d, const xmlNode *tr, struct grid *g, struct buf *out)
{
	const xmlNode *trPr = xml_child(tr, "trPr");
	int before = val_int(xml_child(trPr, "gridBefore"), 0);
	struct strlist cells = { 0 };
	struct buf line = { 0 };
	size_t col = 0;
	bool empty = true;

	if (before > 0 && before <= 64) {
		add_cells(&cells, before);
		col = (size_t)before;
	}
	for (const xmlNode *c = tr->children; c != NULL && !d->failed; c = c->next) {
		if (xml_is(c, "tc"))
			col = table_cell(d, c, g, col, &cells);
		else if ((xml_is(c, "sdt") || xml_is(c, "customXml")) && xml_child(c, "sdtContent"))
			for (const xmlNode *t = xml_child(c, "sdtContent")->children; t; t = t->next)
				if (xml_is(t, "tc"))
					col = table_cell(d, t, g, col, &cells);
	}
	for (size_t i = 0; i < cells.n; i++)
		empty = empty && cells.v[i][0] == '\0';
	if (!empty) {
		strlist_join(&line, &cells, "\t");
		buf_add(out, line.s, line.len);
		buf_putc(out, '\n');
	}
	buf_free(&line);
	strlist_free(&cells);
}

/* A table: a line per row, its header row first (as written). */
static void
table(struct docx *d, const xmlNode *tbl, struct buf *out)
{
	struct grid g = { 0 };

	if (enter_table(d, tbl))
		for (const xmlNode *c = tbl->children; c != NULL && !d->failed; c = c->next)
			if (xml_is(c, "tr"))
				table_row(d, c, &g, out);
	d->table_depth--;
	grid_free(&g);
}

/* Block content (a body, a cell, a text box, a header): a line per paragraph, tables as rows. */
static void
walk_blocks(struct docx *d, const xmlNode *n, struct buf *out)
{
	for (const xmlNode *c = n->children; c != NULL && !d->failed; c = c->next) {
		if (xml_is(c, "p")) {
			struct buf p = { 0 };

			paragraph(d, c, &p);
			format_line(out, p.s != NULL ? p.s : "", p.len);
			buf_free(&p);
		} else if (xml_is(c, "tbl"))
			table(d, c, out);
		else if (xml_is(c, "sdt") && xml_child(c, "sdtContent") != NULL)
			walk_blocks(d, xml_child(c, "sdtContent"), out);
		else if (xml_is(c, "customXml") || xml_is(c, "ins") || xml_is(c, "moveTo"))
			walk_blocks(d, c, out);
		else if (xml_is(c, "AlternateContent") && alternate(c) != NULL)
			walk_blocks(d, alternate(c), out);
	}
}

static bool
part_is(const char *name, const char *prefix)
{
	size_t n = strlen(name), k = strlen(prefix);

	return n > k + 4 && strncmp(name, prefix, k) == 0 && strcmp(name + n - 4, ".xml") == 0 &&
	    strchr(name + k, '/') == NULL;
}

/* Drop each line of a part's text as furniture of that kind. */
static void
drop_part(struct docx *d, const char *name, const char *kind, const char *note_tag)
{
	xmlDoc *doc = read_part(d, name, false);
	const xmlNode *root = doc != NULL ? xml_root(doc) : NULL;
	struct buf b = { 0 };
	char *line, *save = NULL;

	if (root == NULL)
		return;
	d->part = name;
	if (note_tag == NULL)
		walk_blocks(d, root, &b);
	else
		for (const xmlNode *c = root->children; c != NULL; c = c->next) {
			const char *type = xml_attr(c, "type");

			if (xml_is(c, note_tag) && (type == NULL || strcmp(type, "normal") == 0))
				walk_blocks(d, c, &b);
		}
	for (line = strtok_r(b.s, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		format_drop(d->dropped, kind, line);
	buf_free(&b);
	xml_free(doc);
}

/* Headers, footers, footnotes and endnotes: listed as dropped. */
static void
drop_furniture(struct docx *d)
{
	d->counting = false;
	for (size_t i = 0; i < zipread_count(d->zip) && !d->failed; i++) {
		const char *name = zipread_name(d->zip, i);

		if (part_is(name, "word/header"))
			drop_part(d, name, "header", NULL);
		else if (part_is(name, "word/footer"))
			drop_part(d, name, "footer", NULL);
	}
	if (!d->failed)
		drop_part(d, "word/footnotes.xml", "footnote", "footnote");
	if (!d->failed)
		drop_part(d, "word/endnotes.xml", "endnote", "endnote");
}

static void
read_meta(struct docx *d, struct format_meta *meta)
{
	xmlDoc *doc = meta != NULL ? read_part(d, "docProps/core.xml", false) : NULL;
	const xmlNode *title = doc != NULL ? xml_child(xml_root(doc), "title") : NULL;
	struct buf b = { 0 }, t = { 0 };

	if (title != NULL) {
		xml_text(&b, title);
		format_line(&t, b.s != NULL ? b.s : "", b.len);
		if (t.len > 0) {
			buf_truncate(&t, t.len - 1);
			meta->title = buf_detach(&t);
		}
	}
	buf_free(&b);
	buf_free(&t);
	xml_free(doc);
}

static void
read_lists(struct docx *d)
{
	xmlDoc *num = read_part(d, "word/numbering.xml", false);
	xmlDoc *sty = d->failed ? NULL : read_part(d, "word/styles.xml", false);

	numbering_read(&d->nb, num != NULL ? xml_root(num) : NULL);
	read_styles(d, sty != NULL ? xml_root(sty) : NULL);
	xml_free(num);
	xml_free(sty);
}

static void
docx_free(struct docx *d)
{
	for (size_t i = 0; i < d->nstyles; i++) {
		free(d->styles[i].id);
		free(d->styles[i].based_on);
	}
	free(d->styles);
	numbering_free(&d->nb);
	zipread_close(d->zip);
}

/* The plan text of a .docx file. */
char *
format_docx_text(const char *path, const char *bytes, size_t len, struct format_meta *meta,
    struct strlist *dropped, struct diags *diags)
{
	struct docx d = { .path = path, .dropped = dropped, .diags = diags, .counting = true };
	struct buf out = { 0 };
	xmlDoc *doc = NULL;
	const xmlNode *body;

	d.zip = zipread_open(path, bytes, len, diags);
	if (d.zip == NULL)
		return NULL;
	read_lists(&d);
	if (!d.failed)
		doc = read_part(&d, "word/document.xml", true);
	body = doc != NULL ? xml_child(xml_root(doc), "body") : NULL;
	d.part = "word/document.xml";
	buf_puts(&out, "");
	if (body != NULL)
		walk_blocks(&d, body, &out);
	xml_free(doc);
	if (!d.failed)
		drop_furniture(&d);
	if (!d.failed)
		read_meta(&d, meta);
	docx_free(&d);
	if (d.failed) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}
