/* import.c: a plan's plain text (chapters 五、…, clauses (十五)…, attributions) into the model. */
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

struct para {
	char *s;
	unsigned line;
};

struct importer {
	const char *path;
	struct diags *diags;
	struct document *doc;
	bool punct_known;
};

static bool
take_prefix(const char **s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*s, prefix, n) != 0)
		return false;
	*s += n;
	return true;
}

static bool
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Note which punctuation the text uses, from the first bracket it opens. */
static void
see_bracket(struct importer *im, const char *open)
{
	if (im->punct_known)
		return;
	im->doc->punct = open[0] == '(' ? PUNCT_HALFWIDTH : PUNCT_FULLWIDTH;
	im->punct_known = true;
}

/* Skip an opening bracket of either width; which one goes to *open. */
static bool
take_open(const char **s, const char **open)
{
	*open = *s;
	return take_prefix(s, "(") || take_prefix(s, "（");
}

/* The length of a closing bracket of either width ending s[0..len), or 0. */
static size_t
close_len(const char *s, size_t len)
{
	if (ends_with(s, len, ")"))
		return 1;
	if (ends_with(s, len, "）"))
		return strlen("）");
	return 0;
}

static void
split_names(struct strlist *out, const char *s, size_t len)
{
	const char *end = s + len, *sep;

	while (s < end) {
		sep = strstr(s, "、");
		if (sep == NULL || sep > end)
			sep = end;
		strlist_add_owned(out, xstrndup(s, (size_t)(sep - s)));
		s = sep == end ? end : sep + strlen("、");
	}
}

/*
 * Parse the inside of an attribution, "A、B按职责分工牵头负责,C配合", into a; false if
 * the text is not one.
 */
static bool
parse_attribution(const char *s, size_t len, struct attribution *a)
{
	const char *lead = s, *mark, *rest, *end = s + len;
	size_t lead_len;

	mark = strstr(s, "牵头负责");
	if (mark == NULL || mark >= end)
		return false;
	rest = mark + strlen("牵头负责");
	lead_len = (size_t)(mark - lead);
	if (ends_with(lead, lead_len, "按职责分工")) {
		a->by_division = true;
		lead_len -= strlen("按职责分工");
	}
	if (rest < end) {
		if (!take_prefix(&rest, ",") && !take_prefix(&rest, "，"))
			return false;
		if (!ends_with(rest, (size_t)(end - rest), "配合") || rest + strlen("配合") >= end)
			return false;
		split_names(&a->cooperate, rest, (size_t)(end - rest) - strlen("配合"));
	}
	split_names(&a->lead, lead, lead_len);
	return true;
}

/*
 * If paragraph p (of length *len) ends with a bracketed attribution, add it to c,
 * shorten *len to cut it off and return true.
 */
static bool
take_attribution(struct importer *im, struct clause *c, const char *p, size_t *len,
    bool own_line)
{
	size_t cl = close_len(p, *len), open_at = SIZE_MAX;
	struct attribution a = { 0 };

	if (cl == 0)
		return false;
	for (size_t i = 0; i + cl < *len; i++)
		if (p[i] == '(' || strncmp(p + i, "（", strlen("（")) == 0)
			open_at = i;
		else if (p[i] == ')' || strncmp(p + i, "）", strlen("）")) == 0)
			open_at = SIZE_MAX;
	if (open_at == SIZE_MAX || (own_line && open_at != 0))
		return false;
	{
		size_t ol = p[open_at] == '(' ? 1 : strlen("（");
		const char *in = p + open_at + ol;

		if (!parse_attribution(in, *len - cl - open_at - ol, &a)) {
			strlist_free(&a.lead);
			strlist_free(&a.cooperate);
			return false;
		}
	}
	see_bracket(im, p + open_at);
	a.own_line = own_line;
	*clause_add_attribution(c) = a;
	*len = open_at;
	return true;
}

/*
 * The chapter or clause just added must not reuse a number, as the schema checker would
 * report in the YAML: the import must not succeed where `planview --check` then fails.
 */
static void
check_duplicate(struct importer *im, bool chapter)
{
	const struct document *d = im->doc;
	size_t n = chapter ? d->nchapters - 1 : d->nclauses - 1;
	int number = chapter ? d->chapters[n].number : d->clauses[n].number;

	for (size_t i = 0; i < n; i++) {
		unsigned first = chapter ? d->chapters[i].line : d->clauses[i].line;

		if ((chapter ? d->chapters[i].number : d->clauses[i].number) != number)
			continue;
		diag_add(im->diags, DIAG_ERROR, im->path,
		    chapter ? d->chapters[n].line : d->clauses[n].line, chapter ? 1 : 2,
		    "duplicate %s number %s (first at line %u)", chapter ? "chapter" : "clause",
		    chapter ? d->chapters[n].numeral : d->clauses[n].numeral, first);
		return;
	}
}

/* "五、title": a chapter heading. */
static bool
try_chapter(struct importer *im, const struct para *p)
{
	const char *sep = strstr(p->s, "、");
	struct chapter *ch;
	int n;

	if (sep == NULL || (n = numeral_parse(p->s, (size_t)(sep - p->s))) <= 0 ||
	    !(p->s[0] & 0x80))
		return false;
	ch = document_add_chapter(im->doc);
	ch->number = n;
	ch->numeral = xstrndup(p->s, (size_t)(sep - p->s));
	ch->title = xstrdup(sep + strlen("、"));
	ch->line = p->line;
	ch->col = 1;
	check_duplicate(im, true);
	return true;
}

/* "(十五)title。text(attribution)": a clause. */
static bool
try_clause(struct importer *im, const struct para *p)
{
	const char *s = p->s, *open, *num, *dot;
	struct clause *c;
	size_t numlen, len;
	int n;

	if (!take_open(&s, &open))
		return false;
	num = s;
	while (*s != '\0' && *s != ')' && strncmp(s, "）", strlen("）")) != 0)
		s++;
	numlen = (size_t)(s - num);
	if (*s == '\0' || (n = numeral_parse(num, numlen)) <= 0 || im->doc->nchapters == 0)
		return false;
	s += *s == ')' ? 1 : strlen("）");
	see_bracket(im, open);
	c = document_add_clause(im->doc);
	c->number = n;
	c->numeral = xstrndup(num, numlen);
	c->line = p->line;
	c->col = 1;
	check_duplicate(im, false);
	len = strlen(s);
	take_attribution(im, c, s, &len, false);
	if ((dot = strstr(s, "。")) == NULL || dot >= s + len) {
		c->title_alone = true;
		c->title = xstrndup(s, len);
		return true;
	}
	c->title = xstrndup(s, (size_t)(dot - s));
	dot += strlen("。");
	if (dot < s + len)
		strlist_add_owned(&c->text, xstrndup(dot, len - (size_t)(dot - s)));
	return true;
}

/* A paragraph inside a clause: more text, or an attribution standing on its own. */
static void
clause_paragraph(struct importer *im, const struct para *p)
{
	struct clause *c = &im->doc->clauses[im->doc->nclauses - 1];
	size_t len = strlen(p->s);

	if (take_attribution(im, c, p->s, &len, true) && len == 0)
		return;
	len = strlen(p->s);
	take_attribution(im, c, p->s, &len, false);
	strlist_add_owned(&c->text, xstrndup(p->s, len));
}

/* Strip a trailing "(…)" from s[0..*len) into *out; false if there is none. */
static bool
take_trailing_group(struct importer *im, const char *s, size_t *len, char **out)
{
	size_t cl = close_len(s, *len), i;

	if (cl == 0)
		return false;
	for (i = *len - cl; i > 0; i--) {
		const char *o = s + i - 1;

		if (*o == '(') {
			i -= 1;
			break;
		}
		if (i >= strlen("（") && strncmp(s + i - strlen("（"), "（", strlen("（")) == 0) {
			i -= strlen("（");
			break;
		}
		if (*o == ')')
			return false;
	}
	if (i == 0)
		return false;
	see_bracket(im, s + i);
	{
		size_t ol = s[i] == '(' ? 1 : strlen("（");

		*out = xstrndup(s + i + ol, *len - cl - i - ol);
	}
	*len = i;
	return true;
}

/* The title line: title(status)(part). */
static void
parse_title_line(struct importer *im, const char *s)
{
	struct document *d = im->doc;
	size_t len = strlen(s);
	char *group;

	if (take_trailing_group(im, s, &len, &group)) {
		if (group[0] != '\0' && strspn(group, "0123456789") == strlen(group))
			d->part = group;
		else
			d->status = group;
		if (d->part != NULL && d->status == NULL && take_trailing_group(im, s, &len, &group))
			d->status = group;
	}
	d->title = xstrndup(s, len);
}

static int
digits(const char **s, int min, int max)
{
	int v = 0, n = 0;

	while (**s >= '0' && **s <= '9' && n < max) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n >= min ? v : -1;
}

/* The byline: issuer, 2019年11月26日, 10:29, 分类:category. False if s is not one. */
static bool
parse_byline(struct importer *im, const char *s)
{
	const char *p, *date = NULL;
	int y = -1, mo = -1, da = -1, h = -1, mi = -1;
	struct buf pub = { 0 };

	for (p = s; *p != '\0' && date == NULL; p++) {
		const char *q = p;

		if ((y = digits(&q, 4, 4)) >= 0 && take_prefix(&q, "年") &&
		    (mo = digits(&q, 1, 2)) >= 0 && take_prefix(&q, "月") &&
		    (da = digits(&q, 1, 2)) >= 0 && take_prefix(&q, "日")) {
			date = p;
			p = q;
			break;
		}
	}
	if (date == NULL || mo < 1 || mo > 12 || da < 1 || da > 31)
		return false; /* not a date the schema accepts in published: */
	{
		const char *q = p;

		if ((h = digits(&q, 1, 2)) >= 0 && take_prefix(&q, ":") &&
		    (mi = digits(&q, 2, 2)) >= 0 && h < 24 && mi < 60)
			p = q;
		else
			h = -1;
	}
	buf_printf(&pub, "%04d-%02d-%02d", y, mo, da);
	if (h >= 0)
		buf_printf(&pub, " %02d:%02d", h, mi);
	if (*p != '\0') {
		if (!take_prefix(&p, "分类:") && !take_prefix(&p, "分类：")) {
			buf_free(&pub);
			return false;
		}
		im->doc->category = xstrdup(p);
	}
	if (date != s)
		im->doc->issuer = xstrndup(s, (size_t)(date - s));
	im->doc->published = buf_detach(&pub);
	return true;
}

static void
heading_paragraph(struct importer *im, const struct para *p, size_t index)
{
	if (index == 0)
		parse_title_line(im, p->s);
	else if (index == 1 && im->doc->preamble.n == 0 && parse_byline(im, p->s))
		return;
	else
		strlist_add(&im->doc->preamble, p->s);
}

/* Split text into non-empty lines, each a paragraph, noting where each starts. */
static struct para *
split_paragraphs(const char *text, size_t len, size_t *np)
{
	struct para *v = NULL;
	size_t n = 0, start = 0;
	unsigned line = 1;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (i > start) {
			v = xgrow(v, n, sizeof *v);
			v[n].s = xstrndup(text + start, i - start);
			v[n++].line = line;
		}
		line++;
		start = i + 1;
	}
	*np = n;
	return v;
}

/* Report where export of the imported model first differs from the input text. */
static void
verify_round_trip(struct importer *im, const char *text, size_t len)
{
	struct buf out = { 0 };
	size_t i = 0, start = 0;
	unsigned line = 1;

	export_document(&out, im->doc, EXPORT_TEXT);
	while (i < len && i < out.len && text[i] == out.s[i]) {
		if (text[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	if (i != len || i != out.len) {
		struct buf want = { 0 };
		size_t end = i;
		uint32_t cp;

		while (i > start && ((unsigned char)text[i] & 0xc0) == 0x80)
			i--; /* report from the start of the character that differs */
		for (int n = 0; end < out.len && n < 12; n++)
			end += utf8_decode(out.s + end, out.len - end, &cp);
		for (size_t k = i; k < end && k < out.len; k++)
			buf_puts(&want, out.s[k] == '\n' ? "\\n" : (char[2]){ out.s[k], 0 });
		diag_add(im->diags, DIAG_ERROR, im->path, line,
		    1 + (unsigned)utf8_chars(text + start, i - start),
		    "not in a shape planview reproduces byte for byte: from here the YAML "
		    "would give back %s%s%s", i < out.len ? "\"" : "the end of the text",
		    want.s != NULL ? want.s : "", i < out.len ? "\"" : "");
		buf_free(&want);
	}
	buf_free(&out);
}

static bool
check_text(struct importer *im, const char *text, size_t len)
{
	size_t bad;
	unsigned line = 1, col = 1;

	if (utf8_validate(text, len, &bad) && memchr(text, '\0', len) == NULL &&
	    memchr(text, '\r', len) == NULL)
		return true;
	if (utf8_validate(text, len, &bad)) {
		const char *nul = memchr(text, '\0', len);
		const char *cr = memchr(text, '\r', len);

		bad = (size_t)((nul != NULL && (cr == NULL || nul < cr) ? nul : cr) - text);
	}
	for (size_t i = 0; i < bad; i++)
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80)
			col++;
	diag_add(im->diags, DIAG_ERROR, im->path, line, col, "%s",
	    text[bad] == '\0' ? "NUL byte in the text" :
	    text[bad] == '\r' ? "carriage return (CRLF line ends); convert the text to LF" :
	    "invalid UTF-8");
	return false;
}

/*
 * Import a plan's text (len bytes, not necessarily NUL-terminated, named path in
 * diagnostics) into a new document. The result is NULL only when the text is unusable;
 * when it cannot be reproduced exactly the document is returned with an error in diags
 * saying where it differs.
 */
struct document *
import_text(const char *path, const char *text, size_t len, struct diags *diags)
{
	struct importer im = { .path = path, .diags = diags };
	struct para *paras;
	size_t n, heading = 0;

	if (!check_text(&im, text, len))
		return NULL;
	im.doc = document_create();
	im.doc->path = xstrdup(path);
	im.doc->final_newline = len > 0 && text[len - 1] == '\n';
	paras = split_paragraphs(text, len, &n);
	for (size_t i = 0; i < n; i++) {
		if (try_chapter(&im, &paras[i]) || try_clause(&im, &paras[i]))
			continue;
		if (im.doc->nclauses != 0)
			clause_paragraph(&im, &paras[i]);
		else if (im.doc->nchapters == 0)
			heading_paragraph(&im, &paras[i], heading++);
		else
			diag_add(diags, DIAG_ERROR, path, paras[i].line, 1,
			    "text between a chapter heading and its first clause");
	}
	for (size_t i = 0; i < n; i++)
		free(paras[i].s);
	free(paras);
	if (im.doc->title == NULL) {
		diag_add(diags, DIAG_ERROR, path, 1, 1, "no title line before the first chapter");
		im.doc->title = xstrdup("");
	}
	verify_round_trip(&im, text, len);
	return im.doc;
}
