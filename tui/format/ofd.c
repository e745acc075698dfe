/* ofd.c: an OFD file (GB/T 33190, a zip of XML) read into plan text through its text objects. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format/xml.h"

#define OFD_MAX_PAGES 2000
#define OFD_MAX_DELTAS 100000 /* DeltaX values kept for one text code */

struct ofd {
	const char *path;
	struct zipread *zip;
	struct glyphs g;
	struct strlist *dropped;
	struct diags *diags;
	bool failed;
};

/* A member's path from a reference in file `from`: relative to its folder, or from the root. */
static char *
resolve(const char *from, const char *ref)
{
	struct buf b = { 0 };
	const char *slash = strrchr(from, '/');
	char *joined, *out, *save = NULL;
	struct strlist parts = { 0 };

	if (ref[0] == '/')
		joined = xstrdup(ref + 1);
	else if (slash != NULL)
		joined = xasprintf("%.*s/%s", (int)(slash - from), from, ref);
	else
		joined = xstrdup(ref);
	for (char *p = strtok_r(joined, "/\\", &save); p != NULL; p = strtok_r(NULL, "/\\", &save)) {
		if (strcmp(p, ".") == 0)
			continue;
		if (strcmp(p, "..") == 0) {
			if (parts.n > 0)
				free(parts.v[--parts.n]);
			continue;
		}
		strlist_add(&parts, p);
	}
	strlist_join(&b, &parts, "/");
	buf_puts(&b, "");
	out = buf_detach(&b);
	strlist_free(&parts);
	free(joined);
	return out;
}

static xmlDoc *
read_xml(struct ofd *o, const char *name)
{
	size_t len;
	char *bytes = zipread_get(o->zip, name, &len, o->diags);
	xmlDoc *doc;

	if (bytes == NULL) {
		o->failed = true;
		return NULL;
	}
	doc = xml_parse(o->path, name, bytes, len, o->diags);
	free(bytes);
	if (doc == NULL)
		o->failed = true;
	return doc;
}

/* Numbers separated by blanks: "x y w h", "a b c d e f". */
static size_t
numbers(const char *s, double *v, size_t max)
{
	size_t n = 0;
	char *end;

	while (s != NULL && n < max) {
		double d = strtod(s, &end);

		if (end == s)
			break;
		v[n++] = d;
		s = end;
	}
	return n;
}

/* DeltaX or DeltaY: numbers, "g N D" standing for N times D. */
static size_t
deltas(const char *s, double *v, size_t max)
{
	size_t n = 0;
	char *end;

	while (s != NULL && *s != '\0' && n < max) {
		s += strspn(s, " \t\r\n");
		if (*s == 'g') {
			long times = strtol(s + 1, &end, 10);
			double d = strtod(end, &end);

			for (long i = 0; i < times && n < max; i++)
				v[n++] = d;
			s = end;
			continue;
		}
		v[n] = strtod(s, &end);
		if (end == s)
			break;
		n++;
		s = end;
	}
	return n;
}

struct textobj {
	unsigned page;
	double bx, by, size;
	double ctm[6];
	double x, y; /* where the next text code starts, if it gives no X and Y */
};

static void
put_glyph(struct ofd *o, const struct textobj *t, double x, double y, double w, uint32_t cp)
{
	const double *m = t->ctm;
	double x0 = m[0] * x + m[2] * (y - t->size) + m[4], y0 = m[1] * x + m[3] * (y - t->size) + m[5];
	double x1 = m[0] * (x + w) + m[2] * y + m[4], y1 = m[1] * (x + w) + m[3] * y + m[5];

	glyphs_add(&o->g, t->page, t->bx + fmin(x0, x1), t->by + fmin(y0, y1),
	    t->bx + fmax(x0, x1), t->by + fmax(y0, y1), cp);
}

/* One TextCode: its characters placed from X, Y and DeltaX. */
static void
text_code(struct ofd *o, struct textobj *t, const xmlNode *tc)
{
	const char *xs = xml_attr(tc, "X"), *ys = xml_attr(tc, "Y");
	struct buf text = { 0 };
	double x = xs != NULL ? strtod(xs, NULL) : t->x, y = ys != NULL ? strtod(ys, NULL) : t->y;
	size_t len, chars, ndx, i = 0;
	double *dx;

	xml_text(&text, tc);
	len = text.len;
	chars = utf8_chars(text.s != NULL ? text.s : "", len);
	chars = chars < OFD_MAX_DELTAS ? chars : OFD_MAX_DELTAS;
	dx = xcalloc(chars + 1, sizeof *dx);
	ndx = deltas(xml_attr(tc, "DeltaX"), dx, chars);
	for (size_t at = 0, k; at < len; at += k, i++) {
		uint32_t cp;
		double w;

		k = utf8_decode(text.s + at, len - at, &cp);
		w = i < ndx ? dx[i] : (cp < 0x80 ? t->size / 2 : t->size);
		if (!format_is_space(cp) && cp >= 0x20)
			put_glyph(o, t, x, y, i < ndx ? fmin(w, t->size) : w, cp);
		x += w;
	}
	t->x = x;
	t->y = y;
	free(dx);
	buf_free(&text);
}

static void
text_object(struct ofd *o, unsigned page, const xmlNode *n)
{
	double box[4] = { 0 };
	struct textobj t = { .page = page, .ctm = { 1, 0, 0, 1, 0, 0 } };
	const char *size = xml_attr(n, "Size");

	numbers(xml_attr(n, "Boundary"), box, 4);
	t.bx = box[0];
	t.by = box[1];
	t.size = size != NULL && strtod(size, NULL) > 0 ? strtod(size, NULL) : 3.5;
	if (numbers(xml_attr(n, "CTM"), t.ctm, 6) != 6) {
		double id[6] = { 1, 0, 0, 1, 0, 0 };

		memcpy(t.ctm, id, sizeof id);
	}
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (xml_is(c, "TextCode"))
			text_code(o, &t, c);
}

/* Every TextObject under n, in document order (layers, page blocks, composite objects). */
static void
walk_content(struct ofd *o, unsigned page, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (xml_is(c, "TextObject"))
			text_object(o, page, c);
		else if (c->type == XML_ELEMENT_NODE)
			walk_content(o, page, c);
	}
}

/* A template page's text is furniture: each of its lines goes to dropped. */
static void
drop_template(struct ofd *o, const char *loc)
{
	xmlDoc *doc = read_xml(o, loc);
	struct glyphs keep = o->g;
	char *text, *save = NULL;

	if (doc == NULL)
		return;
	memset(&o->g, 0, sizeof o->g);
	walk_content(o, 0, xml_root(doc));
	text = glyphs_text(&o->g, o->dropped);
	for (char *l = strtok_r(text, "\n", &save); l != NULL; l = strtok_r(NULL, "\n", &save))
		format_drop(o->dropped, "template", l);
	free(text);
	glyphs_free(&o->g);
	o->g = keep;
	xml_free(doc);
}

static void
read_templates(struct ofd *o, const char *docpath, const xmlNode *common)
{
	for (const xmlNode *c = common != NULL ? common->children : NULL; c != NULL && !o->failed;
	     c = c->next) {
		const char *loc = xml_attr(c, "BaseLoc");

		if (xml_is(c, "TemplatePage") && loc != NULL) {
			char *name = resolve(docpath, loc);

			drop_template(o, name);
			free(name);
		}
	}
}

static void
read_pages(struct ofd *o, const char *docpath, const xmlNode *pages)
{
	unsigned n = 0;

	for (const xmlNode *c = pages != NULL ? pages->children : NULL; c != NULL && !o->failed;
	     c = c->next) {
		const char *loc = xml_attr(c, "BaseLoc");
		char *name;
		xmlDoc *doc;

		if (!xml_is(c, "Page") || loc == NULL)
			continue;
		if (++n > OFD_MAX_PAGES) {
			diag_add(o->diags, DIAG_ERROR, o->path, 0, 0,
			    "more than %d pages; refused", OFD_MAX_PAGES);
			o->failed = true;
			return;
		}
		name = resolve(docpath, loc);
		doc = read_xml(o, name);
		free(name);
		if (doc != NULL)
			walk_content(o, n - 1, xml_child(xml_root(doc), "Content"));
		xml_free(doc);
	}
}

static char *
element_line(const xmlNode *n)
{
	struct buf b = { 0 }, t = { 0 };

	if (n == NULL)
		return NULL;
	xml_text(&b, n);
	format_line(&t, b.s != NULL ? b.s : "", b.len);
	buf_free(&b);
	if (t.len == 0)
		return NULL;
	buf_truncate(&t, t.len - 1);
	return buf_detach(&t);
}

/* The title and, where custom data names them, issuer, number and date. */
static void
read_docinfo(const xmlNode *info, struct format_meta *meta)
{
	const xmlNode *custom = xml_child(info, "CustomDatas");

	if (meta == NULL || info == NULL)
		return;
	meta->title = element_line(xml_child(info, "Title"));
	for (const xmlNode *c = custom != NULL ? custom->children : NULL; c != NULL; c = c->next) {
		const char *name = xml_attr(c, "Name");
		char *v;

		if (!xml_is(c, "CustomData") || name == NULL || (v = element_line(c)) == NULL)
			continue;
		if ((strcmp(name, "发文机关") == 0 || strcmp(name, "发布机构") == 0) && !meta->issuer)
			meta->issuer = v;
		else if ((strcmp(name, "文号") == 0 || strcmp(name, "发文字号") == 0) &&
		    !meta->doc_number)
			meta->doc_number = v;
		else if ((strcmp(name, "发布日期") == 0 || strcmp(name, "成文日期") == 0) &&
		    !meta->published) {
			meta->published = format_date(v);
			free(v);
		} else
			free(v);
	}
}

/* The document's Document.xml, through OFD.xml's first DocBody. */
static char *
doc_root(struct ofd *o, struct format_meta *meta)
{
	xmlDoc *ofd = read_xml(o, "OFD.xml");
	const xmlNode *body = ofd != NULL ? xml_child(xml_root(ofd), "DocBody") : NULL;
	char *root = body != NULL ? element_line(xml_child(body, "DocRoot")) : NULL, *name = NULL;

	if (ofd != NULL && root == NULL) {
		diag_add(o->diags, DIAG_ERROR, o->path, 0, 0, "OFD.xml names no DocBody/DocRoot");
		o->failed = true;
	}
	if (root != NULL) {
		name = resolve("OFD.xml", root);
		read_docinfo(xml_child(body, "DocInfo"), meta);
	}
	free(root);
	xml_free(ofd);
	return name;
}

/* The plan text of an OFD file. */
char *
format_ofd_text(const char *path, const char *bytes, size_t len, struct format_meta *meta,
    struct strlist *dropped, struct diags *diags)
{
	struct ofd o = { .path = path, .dropped = dropped, .diags = diags };
	char *docpath, *text = NULL;
	xmlDoc *doc = NULL;
	const xmlNode *root;

	if ((o.zip = zipread_open(path, bytes, len, diags)) == NULL)
		return NULL;
	docpath = doc_root(&o, meta);
	if (docpath != NULL)
		doc = read_xml(&o, docpath);
	root = doc != NULL ? xml_root(doc) : NULL;
	if (root != NULL) {
		read_templates(&o, docpath, xml_child(root, "CommonData"));
		read_pages(&o, docpath, xml_child(root, "Pages"));
	}
	if (!o.failed && o.g.n == 0)
		diag_add(diags, DIAG_ERROR, path, 0, 0,
		    "no text: the OFD's pages hold only images; OCR it first");
	else if (!o.failed)
		text = glyphs_text(&o.g, dropped);
	glyphs_free(&o.g);
	xml_free(doc);
	free(docpath);
	zipread_close(o.zip);
	return text;
}
