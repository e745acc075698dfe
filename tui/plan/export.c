/*
 * export.c: the model written back out as source text, Markdown, JSON, CSV or YAML, whole
 * or as a view (a selection of clauses); and the responsibility matrix.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

struct punct {
	const char *open, *close, *comma, *colon;
};

static const struct punct puncts[] = {
	[PUNCT_FULLWIDTH] = { "（", "）", "，", "：" },
	[PUNCT_HALFWIDTH] = { "(", ")", ",", ":" },
};

static const char *const format_names[] = {
	[EXPORT_TEXT] = "text",
	[EXPORT_MARKDOWN] = "markdown",
	[EXPORT_JSON] = "json",
	[EXPORT_CSV] = "csv",
	[EXPORT_YAML] = "yaml",
};

/* The export format called name, or -1. */
int
export_format_parse(const char *name)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(format_names[i], name) == 0)
			return (int)i;
	return -1;
}

/* Whether clause i is in the view; sel NULL is the whole document. */
static bool
chosen(const bool *sel, size_t i)
{
	return sel == NULL || sel[i];
}

/* Whether a chapter is in the view: always in the whole document, else when it has a chosen clause. */
static bool
chapter_chosen(const struct chapter *ch, const bool *sel)
{
	if (sel == NULL)
		return true;
	for (size_t j = ch->first; j < ch->first + ch->count; j++)
		if (sel[j])
			return true;
	return false;
}

/* A clause number as printed in the document: (十五). */
void
export_clause_number(struct buf *b, const struct document *d, const struct clause *c)
{
	buf_printf(b, "%s%s%s", puncts[d->punct].open, c->numeral, puncts[d->punct].close);
}

/* A chapter heading as printed: 五、优化区域互助机制. */
void
export_chapter_heading(struct buf *b, const struct document *d, const struct chapter *ch)
{
	(void)d;
	buf_printf(b, "%s、%s", ch->numeral, ch->title);
}

/* An attribution as printed: (市财政局牵头负责,市相关部门配合). */
void
export_attribution(struct buf *b, const struct document *d, const struct attribution *a)
{
	const struct punct *p = &puncts[d->punct];

	buf_puts(b, p->open);
	strlist_join(b, &a->lead, "、");
	if (a->by_division)
		buf_puts(b, "按职责分工");
	buf_puts(b, "牵头负责");
	if (a->cooperate.n != 0) {
		buf_puts(b, p->comma);
		strlist_join(b, &a->cooperate, "、");
		buf_puts(b, "配合");
	}
	buf_puts(b, p->close);
}

/* An attribution for readers: 牵头：A、B（按职责分工）；配合：C, a missing lead said so. */
void
export_responsibility(struct buf *b, const struct attribution *a)
{
	buf_puts(b, "牵头：");
	if (a->lead.n == 0)
		buf_puts(b, "（原文缺失）");
	strlist_join(b, &a->lead, "、");
	if (a->by_division)
		buf_puts(b, "（按职责分工）");
	if (a->cooperate.n != 0) {
		buf_puts(b, "；配合：");
		strlist_join(b, &a->cooperate, "、");
	}
}

/* Append the paragraphs of a clause, as in the source, each ending in '\n'. */
static void
clause_paragraphs(struct strlist *out, const struct document *d, const struct clause *c)
{
	struct buf b = { 0 };

	export_clause_number(&b, d, c);
	buf_puts(&b, c->title);
	if (c->title_alone) {
		strlist_add_owned(out, buf_detach(&b));
		for (size_t i = 0; i < c->text.n; i++)
			strlist_add(out, c->text.v[i]);
	} else {
		buf_puts(&b, "。");
		if (c->text.n != 0)
			buf_puts(&b, c->text.v[0]);
		strlist_add_owned(out, buf_detach(&b));
		for (size_t i = 1; i < c->text.n; i++)
			strlist_add(out, c->text.v[i]);
	}
	for (size_t i = 0; i < c->nresp; i++) {
		const struct attribution *a = &c->resp[i];

		if (a->own_line) {
			export_attribution(&b, d, a);
			strlist_add_owned(out, buf_detach(&b));
		} else {
			buf_puts(&b, out->v[out->n - 1]);
			export_attribution(&b, d, a);
			free(out->v[out->n - 1]);
			out->v[out->n - 1] = buf_detach(&b);
		}
	}
}

static void
date_text(struct buf *b, const char *published)
{
	buf_printf(b, "%.4s年%d月%d日", published, atoi(published + 5), atoi(published + 8));
	if (strlen(published) > 10)
		buf_puts(b, published + 11);
}

/* The title line as printed: title(status)(part). */
void
export_title_line(struct buf *b, const struct document *d)
{
	const struct punct *p = &puncts[d->punct];

	if (d->title != NULL) /* unknown while a document whose title comes last loads */
		buf_puts(b, d->title);
	if (d->status != NULL)
		buf_printf(b, "%s%s%s", p->open, d->status, p->close);
	if (d->part != NULL)
		buf_printf(b, "%s%s%s", p->open, d->part, p->close);
}

/* The heading paragraphs: title line, byline and, with the preamble, the preamble. */
static void
heading_paragraphs(struct strlist *out, const struct document *d, bool preamble)
{
	const struct punct *p = &puncts[d->punct];
	struct buf b = { 0 };

	export_title_line(&b, d);
	strlist_add_owned(out, buf_detach(&b));
	if (d->issuer != NULL || d->published != NULL || d->category != NULL) {
		if (d->issuer != NULL)
			buf_puts(&b, d->issuer);
		if (d->published != NULL)
			date_text(&b, d->published);
		if (d->category != NULL)
			buf_printf(&b, "分类%s%s", p->colon, d->category);
		strlist_add_owned(out, buf_detach(&b));
	}
	for (size_t i = 0; preamble && i < d->preamble.n; i++)
		strlist_add(out, d->preamble.v[i]);
}

static void
join_paragraphs(struct buf *b, const struct strlist *paras)
{
	strlist_join(b, paras, "\n\n");
}

/* One clause as in the source text, ending with a newline. */
void
export_clause_text(struct buf *b, const struct document *d, const struct clause *c)
{
	struct strlist paras = { 0 };

	clause_paragraphs(&paras, d, c);
	join_paragraphs(b, &paras);
	buf_putc(b, '\n');
	strlist_free(&paras);
}

/* The source text; a view always ends with a newline, whatever the source did. */
static void
export_text(struct buf *b, const struct document *d, const bool *sel)
{
	struct strlist paras = { 0 };

	heading_paragraphs(&paras, d, sel == NULL);
	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];
		struct buf h = { 0 };

		if (!chapter_chosen(ch, sel))
			continue;
		export_chapter_heading(&h, d, ch);
		strlist_add_owned(&paras, buf_detach(&h));
		for (size_t j = ch->first; j < ch->first + ch->count; j++)
			if (chosen(sel, j))
				clause_paragraphs(&paras, d, &d->clauses[j]);
	}
	join_paragraphs(b, &paras);
	if (d->final_newline || sel != NULL)
		buf_putc(b, '\n');
	strlist_free(&paras);
}

/* Markdown text with the characters that would start markup escaped. */
static void
md_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>#|", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

static void
md_field(struct buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, "- %s：", name);
	md_escape(b, value);
	buf_putc(b, '\n');
}

static void
md_clause(struct buf *b, const struct document *d, const struct clause *c)
{
	struct buf t = { 0 };

	export_clause_number(&t, d, c);
	buf_puts(&t, c->title);
	buf_puts(b, "### ");
	md_escape(b, t.s);
	buf_puts(b, "\n\n");
	for (size_t i = 0; i < c->text.n; i++) {
		md_escape(b, c->text.v[i]);
		buf_puts(b, "\n\n");
	}
	for (size_t i = 0; i < c->nresp; i++) {
		buf_truncate(&t, 0);
		export_responsibility(&t, &c->resp[i]);
		buf_puts(b, "> ");
		md_escape(b, t.s);
		buf_puts(b, "\n\n");
	}
	if (c->nresp == 0)
		buf_puts(b, "> 原文未列明责任单位\n\n");
	buf_free(&t);
}

static void
export_markdown(struct buf *b, const struct document *d, const bool *sel)
{
	struct buf title = { 0 };

	export_title_line(&title, d);
	buf_puts(b, "# ");
	md_escape(b, title.s);
	buf_puts(b, "\n\n");
	buf_free(&title);
	md_field(b, "发布单位", d->issuer);
	md_field(b, "发布时间", d->published);
	md_field(b, "分类", d->category);
	md_field(b, "状态", d->status);
	md_field(b, "部分", d->part);
	buf_putc(b, '\n');
	for (size_t i = 0; sel == NULL && i < d->preamble.n; i++) {
		md_escape(b, d->preamble.v[i]);
		buf_puts(b, "\n\n");
	}
	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];

		if (!chapter_chosen(ch, sel))
			continue;
		buf_printf(b, "## %s、", ch->numeral);
		md_escape(b, ch->title);
		buf_puts(b, "\n\n");
		for (size_t j = ch->first; j < ch->first + ch->count; j++)
			if (chosen(sel, j))
				md_clause(b, d, &d->clauses[j]);
	}
	buf_truncate(b, b->len - 1);
}

static void
json_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

static void
json_field(struct buf *b, int indent, const char *key, const char *value, bool comma)
{
	buf_printf(b, "%*s\"%s\": ", indent, "", key);
	if (value == NULL)
		buf_puts(b, "null");
	else
		json_string(b, value);
	buf_puts(b, comma ? ",\n" : "\n");
}

static void
json_list(struct buf *b, int indent, const char *key, const struct strlist *l, bool comma)
{
	buf_printf(b, "%*s\"%s\": [", indent, "", key);
	for (size_t i = 0; i < l->n; i++) {
		if (i != 0)
			buf_puts(b, ", ");
		json_string(b, l->v[i]);
	}
	buf_puts(b, comma ? "],\n" : "]\n");
}

static void
json_clause(struct buf *b, const struct clause *c, bool last)
{
	buf_puts(b, "        {\n");
	json_field(b, 10, "number", c->numeral, true);
	buf_printf(b, "          \"value\": %d,\n", c->number);
	json_field(b, 10, "title", c->title, true);
	buf_printf(b, "          \"title_alone\": %s,\n", c->title_alone ? "true" : "false");
	json_list(b, 10, "text", &c->text, true);
	buf_puts(b, "          \"responsibility\": [");
	for (size_t i = 0; i < c->nresp; i++) {
		const struct attribution *a = &c->resp[i];

		buf_puts(b, i == 0 ? "\n" : ",\n");
		buf_puts(b, "            {\n");
		json_list(b, 14, "lead", &a->lead, true);
		buf_printf(b, "              \"by_division\": %s,\n",
		    a->by_division ? "true" : "false");
		json_list(b, 14, "cooperate", &a->cooperate, true);
		buf_printf(b, "              \"own_line\": %s\n", a->own_line ? "true" : "false");
		buf_puts(b, "            }");
	}
	buf_puts(b, c->nresp != 0 ? "\n          ]\n" : "]\n");
	buf_puts(b, last ? "        }\n" : "        },\n");
}

/* The JSON object; a view has the same shape, without the preamble and the unchosen. */
static void
export_json(struct buf *b, const struct document *d, const bool *sel)
{
	static const struct strlist none;
	bool first_chapter = true;

	buf_puts(b, "{\n");
	json_field(b, 2, "title", d->title, true);
	json_field(b, 2, "status", d->status, true);
	json_field(b, 2, "part", d->part, true);
	json_field(b, 2, "issuer", d->issuer, true);
	json_field(b, 2, "published", d->published, true);
	json_field(b, 2, "category", d->category, true);
	json_list(b, 2, "preamble", sel == NULL ? &d->preamble : &none, true);
	buf_puts(b, "  \"chapters\": [\n");
	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];
		size_t end = ch->first + ch->count, last = end;

		if (!chapter_chosen(ch, sel))
			continue;
		for (size_t j = ch->first; j < end; j++)
			if (chosen(sel, j))
				last = j;
		buf_puts(b, first_chapter ? "    {\n" : ",\n    {\n");
		first_chapter = false;
		json_field(b, 6, "number", ch->numeral, true);
		buf_printf(b, "      \"value\": %d,\n", ch->number);
		json_field(b, 6, "title", ch->title, true);
		buf_puts(b, last != end ? "      \"clauses\": [\n" : "      \"clauses\": [");
		for (size_t j = ch->first; j < end; j++)
			if (chosen(sel, j))
				json_clause(b, &d->clauses[j], j == last);
		buf_puts(b, last != end ? "      ]\n" : "]\n");
		buf_puts(b, "    }");
	}
	buf_puts(b, first_chapter ? "  ]\n}\n" : "\n  ]\n}\n");
}

static void
csv_field(struct buf *b, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n") != NULL) {
		buf_putc(b, '"');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				buf_putc(b, '"');
			buf_putc(b, *s);
		}
		buf_putc(b, '"');
	} else
		buf_puts(b, s);
	buf_putc(b, last ? '\n' : ',');
}

static void
csv_row(struct buf *b, const struct document *d, const struct clause *c,
    const struct attribution *a)
{
	struct buf t = { 0 };

	export_clause_number(&t, d, c);
	csv_field(b, t.s, false);
	csv_field(b, c->title, false);
	buf_truncate(&t, 0);
	if (a != NULL)
		strlist_join(&t, &a->lead, "、");
	csv_field(b, t.s, false);
	csv_field(b, a == NULL ? "" : a->by_division ? "true" : "false", false);
	buf_truncate(&t, 0);
	if (a != NULL)
		strlist_join(&t, &a->cooperate, "、");
	csv_field(b, t.s, true);
	buf_free(&t);
}

/* The task-division table: one row per attribution; a clause without one gets an empty row. */
static void
export_csv(struct buf *b, const struct document *d, const bool *sel)
{
	buf_puts(b, "clause,title,lead,by_division,cooperate\n");
	for (size_t i = 0; i < d->nclauses; i++) {
		const struct clause *c = &d->clauses[i];

		if (!chosen(sel, i))
			continue;
		for (size_t j = 0; j < c->nresp; j++)
			csv_row(b, d, c, &c->resp[j]);
		if (c->nresp == 0)
			csv_row(b, d, c, NULL);
	}
}

/* Whether s can be written as a plain YAML scalar and read back as the same string. */
static bool
yaml_plain_ok(const char *s)
{
	static const char *const special[] = {
		"~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
	};
	size_t len = strlen(s), i = 0;
	uint32_t cp;

	if (len == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t0123456789+.", s[0]) != NULL)
		return false;
	if (s[len - 1] == ' ' || s[len - 1] == ':' || strstr(s, ": ") != NULL ||
	    strstr(s, " #") != NULL)
		return false;
	for (size_t k = 0; k < sizeof special / sizeof special[0]; k++)
		if (strcasecmp(s, special[k]) == 0)
			return false;
	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		if (cp == '\t' || (cp >= 0x80 || cp < 0x20 || cp == 0x7f ? cp_is_unsafe(cp) : false))
			return false;
	}
	return true;
}

static void
yaml_scalar(struct buf *b, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	if (yaml_plain_ok(s)) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '"' || cp == '\\')
			buf_printf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			buf_puts(b, "\\n");
		else if (cp == '\t')
			buf_puts(b, "\\t");
		else if (cp < 0x20 || cp == 0x7f)
			buf_printf(b, "\\x%02x", (unsigned)cp);
		else if (cp >= 0x80 && cp_is_unsafe(cp))
			buf_printf(b, cp > 0xffff ? "\\U%08x" : "\\u%04x", (unsigned)cp);
		else
			buf_add(b, s + i, n);
		i += n;
	}
	buf_putc(b, '"');
}

static void
yaml_key(struct buf *b, int indent, const char *key, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, "%*s%s: ", indent, "", key);
	yaml_scalar(b, value);
	buf_putc(b, '\n');
}

static void
yaml_items(struct buf *b, int indent, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		buf_printf(b, "%*s- ", indent, "");
		yaml_scalar(b, l->v[i]);
		buf_putc(b, '\n');
	}
}

/* "key:" and a block list under it, or "key: []" and a note saying why it is empty. */
static void
yaml_list(struct buf *b, int indent, const char *lead_in, const char *key,
    const struct strlist *l, const char *empty_note)
{
	buf_printf(b, "%*s%s%s:", indent, "", lead_in, key);
	if (l->n == 0) {
		buf_printf(b, " []%s%s\n", empty_note ? "  # " : "", empty_note ? empty_note : "");
		return;
	}
	buf_putc(b, '\n');
	yaml_items(b, indent + (int)strlen(lead_in) + 2, l);
}

static void
yaml_clause(struct buf *b, const struct clause *c)
{
	buf_printf(b, "      - number: %s\n", c->numeral);
	yaml_key(b, 8, "title", c->title);
	if (c->title_alone)
		buf_puts(b, "        title_alone: true  # source quirk: the title stands on its "
		    "own line, without 。\n");
	if (c->text.n != 0)
		yaml_list(b, 8, "", "text", &c->text, NULL);
	if (c->nresp == 0)
		buf_puts(b, "        responsibility: []  # the source names no responsible "
		    "department\n");
	else
		buf_puts(b, "        responsibility:\n");
	for (size_t i = 0; i < c->nresp; i++) {
		const struct attribution *a = &c->resp[i];

		yaml_list(b, 10, "- ", "lead", &a->lead,
		    "source quirk: the lead department is missing in the source");
		if (a->by_division)
			buf_puts(b, "            by_division: true\n");
		if (a->cooperate.n != 0)
			yaml_list(b, 12, "", "cooperate", &a->cooperate, NULL);
		if (a->own_line)
			buf_puts(b, "            own_line: true\n");
	}
}

static void
export_yaml(struct buf *b, const struct document *d)
{
	buf_puts(b, "# A planview document; its schema is described in content/README.md.\n");
	buf_printf(b, "planview: %d\n", PLANVIEW_SCHEMA);
	yaml_key(b, 0, "title", d->title);
	yaml_key(b, 0, "status", d->status);
	yaml_key(b, 0, "part", d->part);
	yaml_key(b, 0, "issuer", d->issuer);
	yaml_key(b, 0, "published", d->published);
	yaml_key(b, 0, "category", d->category);
	yaml_key(b, 0, "departments", d->departments);
	if (d->preamble.n != 0)
		yaml_list(b, 0, "", "preamble", &d->preamble, NULL);
	buf_puts(b, "source:\n");
	buf_printf(b, "  punctuation: %s\n",
	    d->punct == PUNCT_HALFWIDTH ? "half-width" : "full-width");
	buf_printf(b, "  final_newline: %s\n", d->final_newline ? "true" : "false");
	buf_puts(b, d->nchapters == 0 ? "chapters: []\n" : "chapters:\n");
	for (size_t i = 0; i < d->nchapters; i++) {
		const struct chapter *ch = &d->chapters[i];

		buf_printf(b, "  - number: %s\n", ch->numeral);
		yaml_key(b, 4, "title", ch->title);
		buf_puts(b, ch->count == 0 ? "    clauses: []\n" : "    clauses:\n");
		for (size_t j = ch->first; j < ch->first + ch->count; j++)
			yaml_clause(b, &d->clauses[j]);
	}
}

/*
 * A view of the document in the given format: the clauses sel marks (a bool per clause),
 * under the headings of their chapters, after the title and byline but not the preamble;
 * sel NULL is the whole document. YAML, being the document itself, has no view.
 */
void
export_view(struct buf *b, const struct document *d, enum export_format format,
    const bool *sel)
{
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

static void
add_department(struct strlist *out, const char *name)
{
	if (!strlist_has(out, name))
		strlist_add(out, name);
}

/*
 * Every department of a document, as written: the registry's in its order, then any others
 * the document names as leads or cooperating, in the order it names them.
 */
void
export_departments(struct strlist *out, const struct document *d)
{
	for (size_t i = 0; d->registry != NULL && i < d->registry->n; i++)
		add_department(out, d->registry->v[i].name);
	for (size_t i = 0; i < d->nclauses; i++)
		for (size_t j = 0; j < d->clauses[i].nresp; j++) {
			const struct attribution *a = &d->clauses[i].resp[j];

			for (size_t k = 0; k < a->lead.n; k++)
				add_department(out, a->lead.v[k]);
			for (size_t k = 0; k < a->cooperate.n; k++)
				add_department(out, a->cooperate.v[k]);
		}
}

/*
 * The responsibility matrix as CSV: a column per department (export_departments' order),
 * a row per clause, each cell lead, cooperate, lead+cooperate or empty.
 */
void
export_matrix(struct buf *b, const struct document *d)
{
	struct strlist depts = { 0 };
	struct buf t = { 0 };

	export_departments(&depts, d);
	csv_field(b, "clause", false);
	csv_field(b, "title", depts.n == 0);
	for (size_t k = 0; k < depts.n; k++)
		csv_field(b, depts.v[k], k + 1 == depts.n);
	for (size_t i = 0; i < d->nclauses; i++) {
		const struct clause *c = &d->clauses[i];

		buf_truncate(&t, 0);
		export_clause_number(&t, d, c);
		csv_field(b, t.s, false);
		csv_field(b, c->title, depts.n == 0);
		for (size_t k = 0; k < depts.n; k++) {
			bool lead = clause_leads(c, depts.v[k]);
			bool coop = clause_cooperates(c, depts.v[k]);

			csv_field(b, lead && coop ? "lead+cooperate" : lead ? "lead" :
			    coop ? "cooperate" : "", k + 1 == depts.n);
		}
	}
	buf_free(&t);
	strlist_free(&depts);
}
