/* export_yaml.c: the document as planview YAML (content/README.md describes the schema). */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

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

void
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
