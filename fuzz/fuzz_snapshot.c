/*
 * fuzz_snapshot.c: bytes as a snapshot file (snapshot_decode()), sealed first (their size
 * and checksum made to match, snapshot_seal()) so that the fuzzer reaches the checks of the
 * records behind them. Whatever the bytes, the reader must not read outside them nor leak;
 * a document it accepts must keep the model's tree invariants, and, when its strings and
 * its kept lines are valid UTF-8 (planview writes only those, and trusts a sound checksum
 * for it), go through the queries and every export.
 */
#include "fuzz.h"

FUZZ_DEVNULL_INITIALIZE

static bool
valid_list(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == NULL || !utf8_validate(l->v[i], strlen(l->v[i]), NULL))
			return false;
	return true;
}

static bool
valid_str(const char *s)
{
	return s == NULL || utf8_validate(s, strlen(s), NULL);
}

/* The tree as the model's walks need it; whether every string is valid UTF-8. */
static bool
check_document(const struct document *d)
{
	bool valid = valid_str(d->title) && valid_str(d->status) && valid_str(d->part) &&
	    valid_str(d->issuer) && valid_str(d->published) && valid_str(d->category) &&
	    valid_str(d->doc_number) && valid_str(d->departments) && valid_str(d->src.encoding);

	for (size_t i = 0; d->kept_items != NULL && i < d->nnodes; i++) {
		const struct kept_item *it = &d->kept_items[i];

		for (size_t k = it->first; k < (size_t)it->first + it->n; k++)
			valid = valid && utf8_validate(d->kept_text + d->kept_lines[k].at,
			    d->kept_lines[k].len, NULL);
	}
	for (size_t i = 0; i < d->nnodes; i++) {
		const struct node *nd = &d->nodes[i];

		CHECK(nd->end > i && nd->end <= d->nnodes);
		CHECK(nd->parent == SIZE_MAX || (nd->parent < i && d->nodes[nd->parent].end >= nd->end));
		valid = valid && valid_str(nd->heading) && valid_str(nd->number) &&
		    valid_str(nd->title) && valid_list(&nd->text) && valid_list(&nd->fields);
		for (size_t k = 0; k < nd->nresp; k++) {
			const struct resp *r = &nd->resp[k];

			valid = valid && valid_list(&r->as) && valid_list(&r->lead) &&
			    valid_list(&r->cooperate) && valid_list(&r->responsible) &&
			    valid_list(&r->notes) && valid_list(&r->supervisors) &&
			    valid_list(&r->deadlines);
		}
	}
	return valid;
}

/* The queries and exports (those that print items' text, when it was read), output thrown away. */
static void
exercise(const struct document *d)
{
	struct query_out out = { .fp = devnull, .tty = true };
	struct strlist depts = { (char *[]){ "市财政局" }, 1 };
	struct buf b = { 0 };

	query_outline(d, &out);
	query_departments(d, &out);
	query_dept(d, &depts, 0, &(struct query_out){ .fp = devnull, .prefix = "f" }); /* quiet */
	if (d->heads_only) {
		CHECK(d->map != NULL);
		return;
	}
	query_grep(d, "局|\\p{Han}{2}", SEARCH_SMARTCASE, NULL, &out);
	for (int f = EXPORT_TEXT; f <= EXPORT_YAML; f++) {
		export_document(&b, d, (enum export_format)f);
		buf_truncate(&b, 0);
	}
	buf_free(&b);
}

/*
 * The bytes decoded whole, their head alone (as --dept reads them), or with their nodes
 * made on demand (as the reader reveals a large plan: half of them, then the rest), by
 * the caller or by a maker thread (started after the decode, or by it: DECODE_MAKER).
 */
static void
decode(const uint8_t *data, size_t size, unsigned how, bool maker)
{
	struct snapshot_meta meta;
	struct document *d;
	const char *why = NULL;
	void *map = fuzz_mapped_copy(data, size, snapshot_seal);

	if ((d = snapshot_decode(map, size, how, &meta, &why)) == NULL) {
		CHECK(why != NULL);
		munmap(map, size);
		return;
	}
	if (maker)
		snapshot_start_maker(d);
	if (how & DECODE_ON_DEMAND) {
		snapshot_make_nodes(d, d->nnodes / 2);
		snapshot_make_nodes(d, SIZE_MAX);
		CHECK(d->rest == NULL);
	}
	CHECK(meta.reg_path == NULL || strlen(meta.reg_path) < size);
	if (check_document(d))
		exercise(d);
	document_free(d); /* and the mapping with it */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	decode(data, size, 0, false);
	decode(data, size, DECODE_HEADS, false);
	decode(data, size, DECODE_ON_DEMAND, false);
	decode(data, size, DECODE_ON_DEMAND, true);
	decode(data, size, DECODE_ON_DEMAND | DECODE_MAKER, false);
	return 0;
}
