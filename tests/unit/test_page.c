/* test_page.c: the page wrapped lazily has the same rows as every block wrapped at once. */
#include <stdlib.h>

#include "tap.h"

/* The rows the page must have: each block's wrapped lines, after a blank line where one goes. */
struct ref_row {
	size_t block, start, end;
};

static size_t
reference_rows(const struct page *p, int width, struct ref_row **out)
{
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < p->nblocks; i++) {
		const struct block *b = &p->blocks[i];
		bool resp = b->kind == BLOCK_RESP || b->kind == BLOCK_NORESP;
		int first = b->kind == BLOCK_PARA ? 4 : resp ? 2 : 0, rest = resp ? 2 : 0;
		struct wrapline *w;
		size_t k = layout_wrap(b->text, b->len, width, first, rest, false, &w);

		if (i > 0 && !(resp && p->blocks[i - 1].kind == BLOCK_RESP)) {
			*out = xgrow(*out, n, sizeof **out);
			(*out)[n++] = (struct ref_row){ SIZE_MAX, 0, 0 };
		}
		for (size_t j = 0; j < k; j++) {
			*out = xgrow(*out, n, sizeof **out);
			(*out)[n++] = (struct ref_row){ i, w[j].start, w[j].end };
		}
		free(w);
	}
	return n;
}

/* Walk the page row by row from the top; count rows that differ from the reference. */
static int
walk_differs(struct page *p, const struct ref_row *ref, size_t nref, size_t *walked)
{
	struct pos at = { 0, 0 };
	struct vline l;
	int bad = 0;

	*walked = 0;
	for (;;) {
		if (!page_row(p, at, &l) || *walked >= nref)
			return bad + 1;
		bad += l.block != ref[*walked].block || l.start != ref[*walked].start ||
		    l.end != ref[*walked].end;
		bad += page_index(p, at) != SIZE_MAX && page_index(p, at) != *walked;
		(*walked)++;
		if (page_step(p, &at, 1) == 0)
			return bad;
	}
}

static void
check_width(struct page *p, int width)
{
	struct ref_row *ref;
	size_t nref = reference_rows(p, width, &ref), walked, moved, lookups = 0;
	struct pos at, back;
	int bad;

	page_layout(p, width, false);
	ok(page_total_rows(p) == SIZE_MAX && page_index(p, (struct pos){ 0, 0 }) == SIZE_MAX,
	    "width %d: nothing is counted before it is asked for", width);
	bad = walk_differs(p, ref, nref, &walked);
	ok(bad == 0 && walked == nref, "width %d: walking down gives the %zu rows of wrapping "
	    "every block at once (%d differ)", width, nref, bad);
	page_layout(p, width, false);
	page_count(p, -1);
	is_int(page_total_rows(p), nref, "counted in the background, the rows add up");
	bad = walk_differs(p, ref, nref, &walked);
	is_int(bad, 0, "and every row has its number");
	at = page_last(p);
	is_int(page_index(p, at), nref - 1, "the last row is the last");
	back = at;
	moved = page_step(p, &back, -(long)nref * 2);
	ok(moved == nref - 1 && back.block == 0 && back.row == 0,
	    "stepping back further than the top stops there");
	moved = page_step(p, &back, 7);
	is_int(page_distance(p, (struct pos){ 0, 0 }, back, nref), 7, "distance counts rows");
	is_int(page_distance(p, back, (struct pos){ 0, 0 }, 50), 50,
	    "a row behind is out of reach");
	bad = 0;
	for (size_t i = 0; i < nref; i++)
		if (ref[i].block != SIZE_MAX) {
			struct pos pos = page_pos_of(p, ref[i].block, ref[i].start);

			bad += page_index(p, pos) != i;
			lookups++;
		}
	ok(bad == 0 && lookups > 0, "width %d: the row of each line's first byte is that line",
	    width);
	free(ref);
}

void
test_page(void)
{
	const char *dir = getenv("PLANVIEW_DATADIR");
	struct library *lib = library_create();
	struct diags diags = { 0 };
	struct page p, grown;
	size_t half;
	char *path;

	if (dir != NULL) {
		path = xasprintf("%s/content/tianjin-regional-coordination-2.yaml", dir);
		library_load(lib, path, &diags);
		free(path);
	}
	ok(lib->ndocs == 1, "the bundled plan loads");
	if (lib->ndocs != 1)
		return;
	page_build(&p, lib->docs[0], NULL);
	check_width(&p, 83);
	check_width(&p, 20);
	check_width(&p, 3);

	/* blocks added after the layout (a plan still loading) are wrapped like the rest */
	page_build(&grown, lib->docs[0], NULL);
	half = grown.nblocks / 2;
	grown.nblocks = half;
	page_layout(&grown, 40, false);
	page_count(&grown, -1);
	ok(page_total_rows(&grown) != SIZE_MAX, "half the blocks are counted");
	grown.nblocks = p.nblocks;
	ok(page_total_rows(&grown) == SIZE_MAX, "blocks added later are not counted yet");
	page_count(&grown, -1);
	page_layout(&p, 40, false);
	page_count(&p, -1);
	is_int(page_total_rows(&grown), page_total_rows(&p),
	    "once counted, the grown page has the rows of the whole");
	page_free(&grown);
	page_free(&p);
	diags_free(&diags);
	library_free(lib);
}
