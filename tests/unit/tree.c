/* tree.c: a plan text imported, its tree printed one line per heading or item in the
 * format of the corpus oracles (tests/import/README.md), for tests/import.test. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "plan/plan.h"

/* KEY=name|name after a tab, when the list has names. */
static void
put_list(struct buf *b, const char *key, const struct strlist *l)
{
	if (l->n == 0)
		return;
	buf_printf(b, "\t%s=", key);
	strlist_join(b, l, "|");
}

static void
put_resp(struct buf *b, const struct resp *r)
{
	put_list(b, "lead", &r->lead);
	put_list(b, "cooperate", &r->cooperate);
	put_list(b, "responsible", &r->responsible);
	if (r->by_division)
		buf_puts(b, "\tdivision=yes");
	if (r->separately)
		buf_puts(b, "\tseparately=yes");
	put_list(b, "supervisor", &r->supervisors);
	put_list(b, "deadline", &r->deadlines);
}

static void
put_tree(const struct document *doc)
{
	for (size_t i = 0; i < doc->nnodes; i++) {
		const struct node *nd = &doc->nodes[i];
		struct buf b = { 0 };

		if (nd->kind == NODE_MATTER)
			continue;
		node_path(&b, doc, i);
		buf_printf(&b, "\t%s", nd->title != NULL && nd->title[0] != '\0' ? nd->title : "-");
		for (size_t k = 0; k < nd->nresp; k++)
			put_resp(&b, &nd->resp[k]);
		printf("%s\n", b.s);
		buf_free(&b);
	}
}

int
main(int argc, char **argv)
{
	struct diags diags = { 0 };
	struct document *doc;
	size_t len;
	char *why, *bytes;

	setlocale(LC_ALL, "C.UTF-8");
	if (argc != 2) {
		fprintf(stderr, "usage: tree TEXTFILE\n");
		return 2;
	}
	if ((bytes = file_read(argv[1], (size_t)1 << 28, &len, &why)) == NULL) {
		fprintf(stderr, "tree: %s: %s\n", argv[1], why);
		return 2;
	}
	doc = import_text(argv[1], bytes, len, NULL, &diags);
	diags_print(&diags, stderr);
	if (doc != NULL)
		put_tree(doc);
	document_free(doc);
	diags_free(&diags);
	free(bytes);
	return doc != NULL ? 0 : 2;
}
