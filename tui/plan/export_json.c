/* export_json.c: JSON, whole or a view. */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

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
void
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

		if (!export_chapter_chosen(ch, sel))
			continue;
		for (size_t j = ch->first; j < end; j++)
			if (export_chosen(sel, j))
				last = j;
		buf_puts(b, first_chapter ? "    {\n" : ",\n    {\n");
		first_chapter = false;
		json_field(b, 6, "number", ch->numeral, true);
		buf_printf(b, "      \"value\": %d,\n", ch->number);
		json_field(b, 6, "title", ch->title, true);
		buf_puts(b, last != end ? "      \"clauses\": [\n" : "      \"clauses\": [");
		for (size_t j = ch->first; j < end; j++)
			if (export_chosen(sel, j))
				json_clause(b, &d->clauses[j], j == last);
		buf_puts(b, last != end ? "      ]\n" : "]\n");
		buf_puts(b, "    }");
	}
	buf_puts(b, first_chapter ? "  ]\n}\n" : "\n  ]\n}\n");
}
