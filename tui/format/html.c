/*
 * html.c: a web page read into plan text (libxml2's HTML parser): its encoding found,
 * the document's text told from the site's chrome by readability-style scores, tables as
 * TAB rows, and the title and publication data the page states.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format/xml.h"

#define MIN_PARAGRAPH 20   /* characters a block needs to count as a paragraph */
#define HTML_MAX_COLS 64

struct score {
	double score;
	size_t text, links, punct; /* characters: all, inside <a>, Chinese punctuation */
};

struct page {
	const char *path;
	xmlNode *body, *best;
	struct score *scores;      /* by element, through node->_private */
	size_t nscores;
	struct strlist *dropped;
};

static const char *const skipped[] = { "script", "style", "noscript", "iframe", "object",
	"embed", "svg", "canvas", "template", "head", "select", "button", "input", "textarea",
	"map", NULL };
static const char *const blocks[] = { "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li",
	"ul", "ol", "table", "tr", "section", "article", "blockquote", "pre", "center", "dl", "dt",
	"dd", "address", "form", "hr", "main", "figure", "figcaption", "header", "footer", "nav",
	"aside", "tbody", "thead", "tfoot", "caption", "body", "font", NULL };
static const char *const bad_names[] = { "nav", "menu", "header", "footer", "foot", "sidebar",
	"share", "related", "relate", "breadcrumb", "crumb", "copyright", "banner", "toolbar",
	"login", "search", "comment", "links", "friend", "xgxx", "xglj", "position", "location",
	"dqwz", "fenxiang", "bottom", "top", NULL };
static const char *const good_names[] = { "content", "article", "text", "main", "zoom",
	"detail", "trs_editor", "pages_content", "zw", "body", "conent", "view", NULL };

static bool
in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcasecmp(name, *list) == 0)
			return true;
	return false;
}

static bool
is_el(const xmlNode *n, const char *const *list)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && in_list((const char *)n->name, list);
}

/* Whether the class or id of n contains one of the words (case ignored). */
static bool
named(const xmlNode *n, const char *const *words)
{
	const char *attrs[] = { xml_attr(n, "class"), xml_attr(n, "id") };

	for (size_t a = 0; a < 2; a++)
		for (size_t i = 0; attrs[a] != NULL && words[i] != NULL; i++)
			if (strcasestr(attrs[a], words[i]) != NULL)
				return true;
	return false;
}

/* Whether n is the site's chrome by its tag or its name: navigation, header, footer, links. */
static bool
is_chrome(const xmlNode *n)
{
	static const char *const tags[] = { "nav", "header", "footer", "aside", NULL };

	return is_el(n, tags) || (named(n, bad_names) && !named(n, good_names));
}

/* ---- encoding ---- */

static char *
lower_copy(const char *s, size_t len)
{
	char *c = xstrndup(s, len);

	for (char *p = c; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return c;
}

/* The charset a <meta> in the page's head declares, or NULL. */
static char *
declared_charset(const char *bytes, size_t len)
{
	char *head = lower_copy(bytes, len < 4096 ? len : 4096), *p, *out = NULL;

	for (p = head; (p = strstr(p, "charset")) != NULL; p += 7) {
		char *v = p + 7;
		size_t n;

		v += strspn(v, " \t\r\n");
		if (*v != '=')
			continue;
		v++;
		v += strspn(v, " \t\r\n\"'");
		n = strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-_:.");
		if (n > 0 && n < 40) {
			out = xstrndup(v, n);
			break;
		}
	}
	free(head);
	return out;
}

/* The iconv name for a declared charset: GBK and GB2312 are read as GB18030, their superset. */
static const char *
charset_name(const char *cs)
{
	if (strstr(cs, "gb") == cs || strcmp(cs, "cp936") == 0 || strcmp(cs, "x-gbk") == 0 ||
	    strcmp(cs, "euc-cn") == 0)
		return "GB18030";
	if (strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0)
		return "UTF-8";
	if (strcmp(cs, "big5") == 0 || strcmp(cs, "big5-hkscs") == 0)
		return "BIG5-HKSCS";
	return NULL;
}

/* Convert to UTF-8; a byte that does not convert becomes U+FFFD. NULL if iconv lacks it. */
static char *
to_utf8(const char *from, const char *bytes, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", from);
	struct buf b = { 0 };
	char chunk[8192], *ip = (char *)bytes;
	size_t left = len;

	if (cd == (iconv_t)-1)
		return NULL;
	buf_puts(&b, "");
	while (left > 0) {
		char *op = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &ip, &left, &op, &room);

		buf_add(&b, chunk, (size_t)(op - chunk));
		if (r == (size_t)-1 && errno != E2BIG) {
			buf_puts(&b, "\xef\xbf\xbd");
			ip++;
			left--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	iconv_close(cd);
	*outlen = b.len;
	return buf_detach(&b);
}

/* The page as UTF-8: from its BOM, its <meta> charset, else UTF-8 if valid, else GB18030. */
static char *
page_utf8(const char *bytes, size_t len, size_t *outlen)
{
	char *cs, *out;
	const char *enc = NULL;

	if (len >= 3 && memcmp(bytes, "\xef\xbb\xbf", 3) == 0)
		return to_utf8("UTF-8", bytes + 3, len - 3, outlen);
	if (len >= 2 && memcmp(bytes, "\xff\xfe", 2) == 0)
		return to_utf8("UTF-16LE", bytes + 2, len - 2, outlen);
	if (len >= 2 && memcmp(bytes, "\xfe\xff", 2) == 0)
		return to_utf8("UTF-16BE", bytes + 2, len - 2, outlen);
	cs = declared_charset(bytes, len);
	if (cs != NULL)
		enc = charset_name(cs);
	if (enc == NULL && cs != NULL) {
		out = to_utf8(cs, bytes, len, outlen);
		free(cs);
		if (out != NULL)
			return out;
	} else
		free(cs);
	if (enc == NULL || strcmp(enc, "UTF-8") == 0) /* declared UTF-8 but is not: GB18030 */
		enc = utf8_validate(bytes, len, NULL) ? "UTF-8" : "GB18030";
	return to_utf8(enc, bytes, len, outlen);
}

/* ---- text ---- */

/* Append text with HTML white space collapsed to single spaces. */
static void
put_collapsed(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		bool space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f';

		if (!space)
			buf_putc(b, *s);
		else if (b->len > 0 && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '\n' &&
		    b->s[b->len - 1] != '\t')
			buf_putc(b, ' ');
	}
}

/* Text of a subtree on one line, skipping scripts and the like. */
static void
inline_text(struct buf *b, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL)
			put_collapsed(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE && !is_el(c, skipped)) {
			if (is_el(c, blocks) || xml_is(c, "br") || xml_is(c, "td") || xml_is(c, "th"))
				put_collapsed(b, " ");
			inline_text(b, c);
		}
	}
}

/* Drop the spaces that white space in the page's source left between two CJK characters. */
static void
tidy_line(struct buf *b)
{
	size_t w = 0;

	for (size_t i = 0; i < b->len; i++) {
		if (b->s[i] == ' ' && w > 0 && i + 1 < b->len) {
			size_t at = w - 1;
			uint32_t before, after;

			while (at > 0 && ((unsigned char)b->s[at] & 0xc0) == 0x80)
				at--;
			utf8_decode(b->s + at, w - at, &before);
			utf8_decode(b->s + i + 1, b->len - i - 1, &after);
			if (format_is_cjk(before) && format_is_cjk(after))
				continue;
		}
		b->s[w++] = b->s[i];
	}
	buf_truncate(b, w);
}

/* The text of a subtree on one line, trimmed; the caller frees it. */
static char *
node_line(const xmlNode *n)
{
	struct buf raw = { 0 }, out = { 0 };

	inline_text(&raw, n);
	tidy_line(&raw);
	format_line(&out, raw.s != NULL ? raw.s : "", raw.len);
	buf_free(&raw);
	if (out.len > 0 && out.s[out.len - 1] == '\n')
		buf_truncate(&out, out.len - 1);
	buf_puts(&out, "");
	return buf_detach(&out);
}

/* ---- scores ---- */

static struct score *
score_of(struct page *pg, xmlNode *n)
{
	size_t i = (size_t)(uintptr_t)n->_private;

	if (i == 0) {
		pg->scores = xreallocarray(pg->scores, pg->nscores + 1, sizeof *pg->scores);
		memset(&pg->scores[pg->nscores], 0, sizeof *pg->scores);
		i = ++pg->nscores;
		n->_private = (void *)(uintptr_t)i;
	}
	return &pg->scores[i - 1];
}

static bool
is_cjk_punct(uint32_t cp)
{
	return cp == 0xff0c || cp == 0x3002 || cp == 0x3001 || cp == 0xff1b || cp == 0xff1a ||
	    cp == ',';
}

/* Count characters, link characters and punctuation of every element, bottom up. */
static void
count_text(struct page *pg, xmlNode *n, bool in_link)
{
	struct score *s = score_of(pg, n);

	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL) {
			const char *t = (const char *)c->content;
			size_t len = strlen(t);
			uint32_t cp;

			for (size_t i = 0, k; i < len; i += k) {
				k = utf8_decode(t + i, len - i, &cp);
				if (format_is_space(cp))
					continue;
				s->text++;
				s->links += in_link;
				s->punct += is_cjk_punct(cp);
			}
		} else if (c->type == XML_ELEMENT_NODE && !is_el(c, skipped)) {
			struct score *cs;

			count_text(pg, c, in_link || xml_is(c, "a"));
			cs = score_of(pg, c);
			s = score_of(pg, n); /* the array may have moved */
			s->text += cs->text;
			s->links += cs->links;
			s->punct += cs->punct;
		}
	}
}

/* Whether n holds paragraphs of its own: a p, a td, or a div without block children. */
static bool
is_paragraph(const xmlNode *n)
{
	static const char *const para[] = { "p", "td", "pre", "li", "div", "section", NULL };

	if (!is_el(n, para))
		return false;
	if (!xml_is(n, "div") && !xml_is(n, "section"))
		return true;
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is_el(c, blocks) && !xml_is(c, "font"))
			return false;
	return true;
}

/* Give each paragraph's score to its parent and, halved, to its grandparent. */
static void
score_paragraphs(struct page *pg, xmlNode *n)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		struct score *s;
		double v;

		if (c->type != XML_ELEMENT_NODE || is_el(c, skipped))
			continue;
		score_paragraphs(pg, c);
		s = score_of(pg, c);
		if (!is_paragraph(c) || s->text < MIN_PARAGRAPH || is_chrome(c))
			continue;
		v = 1 + (double)s->punct + (s->text / 100 < 3 ? (double)(s->text / 100) : 3);
		if (c->parent != NULL && c->parent->type == XML_ELEMENT_NODE)
			score_of(pg, c->parent)->score += v;
		if (c->parent != NULL && c->parent->parent != NULL &&
		    c->parent->parent->type == XML_ELEMENT_NODE)
			score_of(pg, c->parent->parent)->score += v / 2;
	}
}

/* The element with the best score less its link density, its name weighed in. */
static void
pick_best(struct page *pg, xmlNode *n, double *best)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		const struct score *s;
		double v;

		if (c->type != XML_ELEMENT_NODE || is_el(c, skipped) || is_chrome(c))
			continue;
		s = score_of(pg, c);
		v = s->score * (1 - (s->text > 0 ? (double)s->links / (double)s->text : 0));
		if (named(c, good_names))
			v *= 1.25;
		if (v > *best) {
			*best = v;
			pg->best = c;
		}
		pick_best(pg, c, best);
	}
}

/* ---- the document's text ---- */

struct out {
	struct buf *text;
	struct buf line;
	struct page *pg;
	bool plain; /* every block, chrome included, nothing dropped */
};

static void
flush(struct out *o)
{
	if (o->line.len > 0) {
		struct buf b = { 0 };

		tidy_line(&o->line);
		format_line(&b, o->line.s, o->line.len);
		buf_add(o->text, b.s != NULL ? b.s : "", b.len);
		buf_free(&b);
	}
	buf_truncate(&o->line, 0);
}

static void walk(struct out *, xmlNode *);

static int
attr_int(const xmlNode *n, const char *name)
{
	const char *v = xml_attr(n, name);
	int k = v != NULL ? atoi(v) : 1;

	return k < 1 ? 1 : k > HTML_MAX_COLS ? HTML_MAX_COLS : k;
}

struct rowspan {
	char *text;
	int rows; /* further rows it covers */
};

/* One row: its cells, with colspans as empty cells and rowspans repeating the text above. */
static void
table_row(struct out *o, xmlNode *tr, struct rowspan *span)
{
	struct strlist cells = { 0 };
	struct buf line = { 0 };
	size_t col = 0;
	bool any = false;

	for (xmlNode *c = tr->children; c != NULL || (col < HTML_MAX_COLS && span[col].rows > 0);) {
		char *text;
		int cs, rs;

		if (col < HTML_MAX_COLS && span[col].rows > 0) {
			strlist_add(&cells, span[col].text);
			span[col].rows--;
			col++;
			continue;
		}
		if (c == NULL)
			break;
		if (!xml_is(c, "td") && !xml_is(c, "th")) {
			c = c->next;
			continue;
		}
		text = node_line(c);
		any = any || text[0] != '\0';
		cs = attr_int(c, "colspan");
		rs = attr_int(c, "rowspan");
		if (col < HTML_MAX_COLS && rs > 1) {
			free(span[col].text);
			span[col].text = xstrdup(text);
			span[col].rows = rs - 1;
		}
		strlist_add_owned(&cells, text);
		for (int i = 1; i < cs; i++)
			strlist_add(&cells, "");
		col += (size_t)cs;
		c = c->next;
	}
	if (any) {
		for (size_t i = 0; i < cells.n; i++)
			for (char *p = cells.v[i]; *p != '\0'; p++)
				if (*p == '\t')
					*p = ' ';
		strlist_join(&line, &cells, "\t");
		buf_add(o->text, line.s, line.len);
		buf_putc(o->text, '\n');
	}
	buf_free(&line);
	strlist_free(&cells);
}

static void
collect_rows(xmlNode *n, xmlNode ***rows, size_t *nrows, size_t *maxcells)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		if (xml_is(c, "tr")) {
			size_t cells = 0;

			for (xmlNode *d = c->children; d != NULL; d = d->next)
				cells += xml_is(d, "td") || xml_is(d, "th");
			*maxcells = cells > *maxcells ? cells : *maxcells;
			*rows = xreallocarray(*rows, *nrows + 1, sizeof **rows);
			(*rows)[(*nrows)++] = c;
		} else if (xml_is(c, "tbody") || xml_is(c, "thead") || xml_is(c, "tfoot"))
			collect_rows(c, rows, nrows, maxcells);
	}
}

/* A table: rows as TAB lines; a one-column table (layout) as its blocks. */
static void
table(struct out *o, xmlNode *t)
{
	xmlNode **rows = NULL;
	size_t nrows = 0, maxcells = 0;
	struct rowspan span[HTML_MAX_COLS];

	collect_rows(t, &rows, &nrows, &maxcells);
	flush(o);
	if (maxcells <= 1) {
		for (size_t i = 0; i < nrows; i++)
			walk(o, rows[i]);
	} else {
		memset(span, 0, sizeof span);
		for (size_t i = 0; i < nrows; i++)
			table_row(o, rows[i], span);
		for (size_t i = 0; i < HTML_MAX_COLS; i++)
			free(span[i].text);
	}
	free(rows);
}

static bool
link_dense(struct page *pg, xmlNode *n)
{
	const struct score *s = score_of(pg, n);

	return s->text > 0 && s->links * 2 > s->text && !xml_is(n, "a") && !xml_is(n, "p");
}

static void
drop_block(struct page *pg, xmlNode *n, const char *kind)
{
	char *text = node_line(n);

	format_drop(pg->dropped, kind, text);
	free(text);
}

/* The kind of chrome a block is, for the dropped list. */
static const char *
chrome_kind(const xmlNode *n)
{
	static const struct { const char *word, *kind; } kinds[] = {
		{ "nav", "navigation" }, { "menu", "navigation" }, { "crumb", "navigation" },
		{ "position", "navigation" }, { "location", "navigation" }, { "share", "share" },
		{ "fenxiang", "share" }, { "relat", "related links" }, { "xglj", "related links" }, { "xgxx", "related links" },
		{ "friend", "related links" }, { "links", "related links" }, { "foot", "footer" },
		{ "bottom", "footer" }, { "copyright", "footer" }, { "head", "header" },
		{ "top", "header" }, { "banner", "header" }, { "search", "header" },
		{ "login", "header" },
	};

	if (xml_is(n, "nav"))
		return "navigation";
	if (xml_is(n, "header") || xml_is(n, "footer"))
		return (const char *)n->name;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (named(n, (const char *const[]){ kinds[i].word, NULL }))
			return kinds[i].kind;
	return "page";
}

/* Walk the chosen container: a line per block, br and tables as they come. */
static void
walk(struct out *o, xmlNode *n)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL)
			put_collapsed(&o->line, (const char *)c->content);
		if (c->type != XML_ELEMENT_NODE || is_el(c, skipped))
			continue;
		if (!o->plain && (is_chrome(c) || link_dense(o->pg, c))) {
			flush(o);
			drop_block(o->pg, c, is_chrome(c) ? chrome_kind(c) : "related links");
		} else if (xml_is(c, "br")) {
			flush(o);
		} else if (xml_is(c, "table")) {
			table(o, c);
		} else if (is_el(c, blocks) && !xml_is(c, "font")) {
			flush(o);
			walk(o, c);
			flush(o);
		} else
			walk(o, c);
	}
}

/* Everything outside the container, block by block beside the path to it, is dropped. */
static void
drop_outside(struct page *pg, xmlNode *inner)
{
	for (xmlNode *at = inner; at != NULL && at != pg->body->parent; at = at->parent)
		for (xmlNode *c = at->parent != NULL ? at->parent->children : NULL;
		     c != NULL && at != pg->body; c = c->next)
			if (c != at && c->type == XML_ELEMENT_NODE && !is_el(c, skipped))
				drop_block(pg, c, chrome_kind(c));
}

/* ---- title and publication data ---- */

struct label {
	const char *word;
	int field;    /* 0 title, 1 issuer, 2 doc_number, 3 published */
	int rank;     /* lower wins */
};

static const struct label labels[] = {
	{ "文件名称", 0, 0 }, { "标题", 0, 1 }, { "名称", 0, 2 },
	{ "发文机关", 1, 0 }, { "发布机构", 1, 1 }, { "发文单位", 1, 2 }, { "发布单位", 1, 3 },
	{ "信息来源", 1, 5 }, { "来源", 1, 6 },
	{ "发文字号", 2, 0 }, { "文号", 2, 1 },
	{ "发布日期", 3, 0 }, { "发文日期", 3, 1 }, { "发布时间", 3, 2 }, { "成文日期", 3, 3 },
	{ "日期", 3, 4 },
};

struct found {
	char *value[4];
	int rank[4];
};

/* Where a value that follows a label ends: a TAB, two spaces, or " 另一标签：". */
static size_t
value_end(const char *v)
{
	size_t i = 0;

	for (; v[i] != '\0' && v[i] != '\t' && v[i] != '\n'; i++) {
		if (v[i] != ' ')
			continue;
		if (v[i + 1] == ' ')
			break;
		{
			const char *w = v + i + 1;
			size_t k = strcspn(w, " \t\n:：");

			if (k > 0 && k <= 18 && (w[k] == ':' || strncmp(w + k, "：", 3) == 0))
				break;
		}
	}
	return i;
}

static void
keep(struct found *f, const struct label *l, const char *v, size_t n)
{
	struct buf b = { 0 };
	char *value;

	format_line(&b, v, n);
	if (b.len == 0 || f->rank[l->field] <= l->rank || utf8_chars(b.s, b.len) > 80) {
		buf_free(&b);
		return;
	}
	buf_truncate(&b, b.len - 1);
	value = buf_detach(&b);
	if (l->field == 3) {
		char *date = format_date(value);

		free(value);
		if (date == NULL)
			return;
		value = date;
	}
	free(f->value[l->field]);
	f->value[l->field] = value;
	f->rank[l->field] = l->rank;
}

/* The text after a label at s, spaces inside the label allowed (文　　号); NULL if none. */
static const char *
match_label(const char *s, const char *word)
{
	for (size_t k = strlen("标"); *word != '\0'; word += k) {
		if (strncmp(s, word, k) != 0)
			return NULL;
		s += k;
		if (word[k] != '\0')
			s += strspn(s, " ");
	}
	return s;
}

/* Whether position i of s begins the line or follows a blank, TAB, |, [, 】 or ｜. */
static bool
after_separator(const char *s, size_t i)
{
	if (i == 0 || strchr(" \t|[", s[i - 1]) != NULL)
		return true;
	return i >= 3 && (strncmp(s + i - 3, "】", 3) == 0 || strncmp(s + i - 3, "｜", 3) == 0);
}

/* Find "标签：值" and "标签<TAB>值" in one line of the page. */
static void
scan_line(struct found *f, const char *s)
{
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (!after_separator(s, i))
			continue;
		for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
			const char *v = match_label(s + i, labels[k].word);

			if (v == NULL)
				continue;
			v += strspn(v, " ");
			if (strncmp(v, "：", 3) == 0)
				v += 3;
			else if (*v == ':' || *v == '\t')
				v++;
			else
				continue;
			v += strspn(v, " \t");
			keep(f, &labels[k], v, value_end(v));
			break;
		}
	}
}

/* Lines of the whole page, chrome included, for the labelled data. */
static void
scan_page(struct found *f, struct page *pg)
{
	struct buf text = { 0 };
	struct out o = { .text = &text, .pg = pg, .plain = true };
	char *save = NULL;

	buf_puts(&text, "");
	walk(&o, pg->body);
	flush(&o);
	for (char *l = strtok_r(text.s, "\n", &save); l != NULL; l = strtok_r(NULL, "\n", &save))
		scan_line(f, l);
	buf_free(&o.line);
	buf_free(&text);
}

/* The content of <meta name=NAME> in the head, or NULL (borrowed). */
static const char *
head_meta(xmlNode *root, const char *name)
{
	xmlNode *head = xml_child(root, "head");

	for (xmlNode *c = head != NULL ? head->children : NULL; c != NULL; c = c->next) {
		const char *n = xml_attr(c, "name");

		if (xml_is(c, "meta") && n != NULL && strcasecmp(n, name) == 0)
			return xml_attr(c, "content");
	}
	return NULL;
}

/* The first h1 with text outside the site's chrome, or NULL. */
static xmlNode *
find_h1(xmlNode *n)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		xmlNode *h;

		if (c->type != XML_ELEMENT_NODE || is_el(c, skipped) || is_chrome(c))
			continue;
		if (xml_is(c, "h1")) {
			char *t = node_line(c);
			bool ok = utf8_chars(t, strlen(t)) >= 4;

			free(t);
			if (ok)
				return c;
		}
		if ((h = find_h1(c)) != NULL)
			return h;
	}
	return NULL;
}

/* <title> less the site's name after " - ", "_", "|" or "－". */
static char *
title_less_site(xmlNode *root)
{
	static const char *const seps[] = { " - ", "_", "|", "－", "—", " -", NULL };
	xmlNode *t = xml_path(root, "head/title");
	char *s = t != NULL ? node_line(t) : NULL;

	for (size_t i = 0; s != NULL && seps[i] != NULL; i++) {
		char *at = strstr(s, seps[i]);

		if (at != NULL && at > s)
			*at = '\0';
	}
	if (s != NULL && s[0] == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

static char *
clean_value(const char *v)
{
	struct buf b = { 0 };

	if (v == NULL)
		return NULL;
	format_line(&b, v, strlen(v));
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	buf_truncate(&b, b.len - 1);
	return buf_detach(&b);
}

/* The page's title: a labelled 标题, its h1, the ArticleTitle meta, else <title>. */
static char *
page_title(struct found *f, xmlNode *root, xmlNode *body)
{
	xmlNode *h1 = find_h1(body);
	char *t;

	if (f->value[0] != NULL) {
		t = f->value[0];
		f->value[0] = NULL;
		return t;
	}
	if (h1 != NULL)
		return node_line(h1);
	if ((t = clean_value(head_meta(root, "ArticleTitle"))) != NULL)
		return t;
	return title_less_site(root);
}

static void
read_meta(struct page *pg, xmlNode *root, struct format_meta *meta, char **title)
{
	struct found f = { .rank = { 99, 99, 99, 99 } };

	scan_page(&f, pg);
	*title = page_title(&f, root, pg->body);
	if (f.value[1] == NULL)
		f.value[1] = clean_value(head_meta(root, "ContentSource"));
	if (f.value[3] == NULL && head_meta(root, "PubDate") != NULL)
		f.value[3] = format_date(head_meta(root, "PubDate"));
	if (meta != NULL) {
		meta->title = *title != NULL ? xstrdup(*title) : NULL;
		meta->issuer = f.value[1];
		meta->doc_number = f.value[2];
		meta->published = f.value[3];
	} else
		for (int i = 1; i < 4; i++)
			free(f.value[i]);
	free(f.value[0]);
}

/* The title first, unless the text begins with it already. */
static char *
with_title(char *title, struct buf *text)
{
	struct buf out = { 0 };
	size_t n = title != NULL ? strlen(title) : 0;

	if (n == 0 || (text->len > n && strncmp(text->s, title, n) == 0 && text->s[n] == '\n'))
		return buf_detach(text);
	buf_puts(&out, title);
	buf_putc(&out, '\n');
	buf_add(&out, text->s, text->len);
	buf_free(text);
	return buf_detach(&out);
}

static xmlDoc *
parse_page(const char *path, const char *bytes, size_t len, struct diags *diags)
{
	size_t ulen = 0;
	char *u = page_utf8(bytes, len, &ulen);
	xmlDoc *doc = NULL;

	if (u == NULL)
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot read the page's encoding");
	else
		doc = xml_parse_html(path, u, ulen, diags);
	free(u);
	return doc;
}

/* The plan text of a web page. */
char *
format_html_text(const char *path, const char *bytes, size_t len, struct format_meta *meta,
    struct strlist *dropped, struct diags *diags)
{
	struct page pg = { .path = path, .dropped = dropped };
	struct buf text = { 0 };
	struct out o = { .text = &text, .pg = &pg };
	xmlDoc *doc = parse_page(path, bytes, len, diags);
	xmlNode *root = doc != NULL ? xml_root(doc) : NULL;
	char *title = NULL, *out;
	double best = 0;

	if (root == NULL) {
		if (doc != NULL)
			diag_add(diags, DIAG_ERROR, path, 0, 0, "the page is empty");
		xml_free(doc);
		return NULL;
	}
	pg.body = xml_child(root, "body") != NULL ? xml_child(root, "body") : root;
	count_text(&pg, pg.body, false);
	score_paragraphs(&pg, pg.body);
	pick_best(&pg, pg.body, &best);
	if (pg.best == NULL)
		pg.best = pg.body;
	buf_puts(&text, "");
	walk(&o, pg.best);
	flush(&o);
	buf_free(&o.line);
	drop_outside(&pg, pg.best);
	read_meta(&pg, root, meta, &title);
	out = with_title(title, &text);
	free(title);
	free(pg.scores);
	xml_free(doc);
	return out;
}
