/* export_yaml.c: the document as a planview YAML document of the current schema (content/README.md). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* A YAML scalar that reads back as s: plain where it can be, else double-quoted. */
void
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
yaml_key(struct buf *b, int in, const char *key, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(b, "%*s%s: ", in, "", key);
	yaml_scalar(b, value);
	buf_putc(b, '\n');
}

/* "key:" and a block list under it; nothing for an empty list. */
static void
yaml_list(struct buf *b, int in, const char *key, const struct strlist *l)
{
	if (l->n == 0)
		return;
	buf_printf(b, "%*s%s:\n", in, "", key);
	for (size_t i = 0; i < l->n; i++) {
		buf_printf(b, "%*s  - ", in, "");
		yaml_scalar(b, l->v[i]);
		buf_putc(b, '\n');
	}
}

static void
yaml_flag(struct buf *b, int in, const char *key, bool on, const char *comment)
{
	if (on)
		buf_printf(b, "%*s%s: true%s%s\n", in, "", key, comment ? "  # " : "",
		    comment ? comment : "");
}

static void
yaml_resp(struct buf *b, int in, const struct resp *r)
{
	if (r->as.n == 1) {
		buf_printf(b, "%*s- as: ", in, "");
		yaml_scalar(b, r->as.v[0]);
		buf_putc(b, '\n');
	} else {
		buf_printf(b, "%*s- as:\n", in, "");
		for (size_t i = 0; i < r->as.n; i++) {
			buf_printf(b, "%*s    - ", in, "");
			yaml_scalar(b, r->as.v[i]);
			buf_putc(b, '\n');
		}
	}
	in += 2;
	yaml_list(b, in, "lead", &r->lead);
	yaml_flag(b, in, "lead_missing", r->lead_missing, "source quirk: 牵头 with no department");
	yaml_flag(b, in, "by_division", r->by_division, NULL);
	yaml_flag(b, in, "separately", r->separately, NULL);
	yaml_flag(b, in, "first_leads", r->first_leads, "by the document's rule: the first "
	    "unit named leads");
	yaml_list(b, in, "cooperate", &r->cooperate);
	yaml_list(b, in, "responsible", &r->responsible);
	yaml_list(b, in, "supervisors", &r->supervisors);
	yaml_list(b, in, "deadlines", &r->deadlines);
	yaml_list(b, in, "notes", &r->notes);
}

/* Whether the loader would derive the item's title from its heading as it stands. */
static bool
title_derived(const struct node *nd)
{
	char *t;
	bool same;

	if (nd->heading == NULL || nd->num.style == NUM_NONE)
		return false;
	t = item_title(nd->heading, &nd->num, &nd->text);
	same = nd->title != NULL && strcmp(t, nd->title) == 0;
	free(t);
	return same;
}

static void yaml_node(struct buf *, const struct document *, size_t, int);

/* The items directly under parent, within [from, to). */
static void
yaml_children(struct buf *b, const struct document *d, size_t parent, size_t from, size_t to,
    int in)
{
	bool any = false;

	for (size_t i = from; i < to; i++) {
		if (d->nodes[i].parent != parent)
			continue;
		if (!any)
			buf_printf(b, "%*sitems:\n", in, "");
		any = true;
		yaml_node(b, d, i, in + 2);
	}
}

static void
yaml_node(struct buf *b, const struct document *d, size_t i, int in)
{
	const struct node *nd = &d->nodes[i];
	const char *dash = "- ";

	if (nd->kind == NODE_MATTER) {
		buf_printf(b, "%*s- matter: %s\n", in, "", matter_name(nd->matter));
		yaml_list(b, in + 2, "text", &nd->text);
		return;
	}
	if (nd->kind == NODE_GROUP) {
		buf_printf(b, "%*s- group: ", in, "");
		yaml_scalar(b, nd->title != NULL ? nd->title : "");
		buf_putc(b, '\n');
	} else {
		if (nd->num.style == NUM_NONE) {
			buf_printf(b, "%*s- number: ", in, "");
			yaml_scalar(b, nd->number != NULL ? nd->number : "");
			buf_putc(b, '\n');
			dash = "  ";
		}
		buf_printf(b, "%*s%sheading: ", in, "", dash);
		yaml_scalar(b, nd->heading != NULL ? nd->heading : "");
		buf_putc(b, '\n');
		if (!title_derived(nd))
			yaml_key(b, in + 2, "title", nd->title != NULL ? nd->title : "");
	}
	yaml_list(b, in + 2, "text", &nd->text);
	if (nd->nresp != 0)
		buf_printf(b, "%*sresponsibility:\n", in + 2, "");
	for (size_t k = 0; k < nd->nresp; k++)
		yaml_resp(b, in + 4, &nd->resp[k]);
	if (nd->fields.n != 0)
		buf_printf(b, "%*sfields:\n", in + 2, "");
	for (size_t k = 0; k + 1 < nd->fields.n; k += 2) {
		buf_printf(b, "%*s- name: ", in + 4, "");
		yaml_scalar(b, nd->fields.v[k]);
		buf_printf(b, "\n%*svalue: ", in + 6, "");
		yaml_scalar(b, nd->fields.v[k + 1]);
		buf_putc(b, '\n');
	}
	yaml_children(b, d, i, i + 1, nd->end, in + 2);
}

static void
yaml_source(struct buf *b, const struct source_form *src)
{
	bool utf8 = src->encoding == NULL || strcmp(src->encoding, "utf-8") == 0;

	if (utf8 && !src->bom && !src->crlf && src->final_newline && !src->blank_between)
		return;
	buf_puts(b, "source:\n");
	if (!utf8)
		yaml_key(b, 2, "encoding", src->encoding);
	if (src->bom)
		buf_puts(b, "  bom: true\n");
	if (src->crlf)
		buf_puts(b, "  newline: crlf\n");
	if (!src->final_newline)
		buf_puts(b, "  final_newline: false\n");
	if (src->blank_between)
		buf_puts(b, "  blank_lines: between  # every two lines of the text have a blank "
		    "line between them\n");
}

/* The whole document as YAML. */
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
	yaml_key(b, 0, "doc_number", d->doc_number);
	yaml_key(b, 0, "departments", d->departments);
	if (d->lead_rule == LEAD_RULE_FIRST)
		buf_puts(b, "lead_rule: first-listed  # the document says the first unit named "
		    "leads\n");
	yaml_source(b, &d->src);
	buf_puts(b, d->nnodes == 0 ? "body: []\n" : "body:\n");
	for (size_t i = 0; i < d->nnodes; i++)
		if (d->nodes[i].parent == SIZE_MAX)
			yaml_node(b, d, i, 2);
}

/* Whether a name stands for several bodies (各区人民政府, 市相关部门, 有关单位), not one. */
static bool
collective_name(const char *name)
{
	return strncmp(name, "各", strlen("各")) == 0 || strstr(name, "相关") != NULL ||
	    strstr(name, "有关") != NULL;
}

/*
 * A starter registry for a document: every department it names, as written, to be
 * completed by hand (full names, short forms); collectives marked generic.
 */
void
export_registry(struct buf *b, const struct document *d)
{
	struct strlist names = { 0 };

	buf_puts(b, "# The departments the plan names, as written: add each one's full name\n"
	    "# and the short forms people type. Schema: content/README.md, Department registry.\n"
	    "planview: 1\ndepartments:\n");
	document_departments(&names, d);
	for (size_t i = 0; i < names.n; i++) {
		yaml_key(b, 2, "- name", names.v[i]);
		if (collective_name(names.v[i]))
			buf_puts(b, "    generic: true\n");
	}
	if (names.n == 0)
		buf_puts(b, "  []\n");
	strlist_free(&names);
}
