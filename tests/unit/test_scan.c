/* test_scan.c: the find engine: slices of time, the order round the page, where it stops. */
#include <stdlib.h>

#include "tap.h"

#define READER_FLAGS (SEARCH_SMARTCASE | SEARCH_FOLD) /* a parsed plan's, in the reader */

/*
 * A plan of n clauses in one chapter, each a heading line and a paragraph; clause i's
 * paragraph names 转移支付 when i is a multiple of every. On its page, block 0 is the chapter heading and clause i has blocks
 * 3i - 2 (its heading), 3i - 1 (the paragraph) and 3i (no responsibility).
 */
static struct document *
plan(int n, int every)
{
	struct buf text = { 0 };
	struct diags diags = { 0 };
	struct document *d;

	buf_puts(&text, "一、任务\n");
	for (int i = 1; i <= n; i++) {
		char *num = numeral_format(i);

		buf_printf(&text, "（%s）条款\n本项编号%d，%s。\n", num, i,
		    i % every == 0 ? "完善转移支付制度" : "其他");
		free(num);
	}
	d = import_text("plan.txt", text.s, text.len, NULL, &diags);
	buf_free(&text);
	diags_free(&diags);
	return d;
}

static size_t
para_block(int clause)
{
	return 3 * (size_t)clause - 1;
}

/* Step until the scan is over; the state it ended in. */
static enum scan_state
run(struct scan *s, const struct page *p, bool (*stop)(void))
{
	enum scan_state st;

	while ((st = scan_step(s, p, 0, stop)) == SCAN_RUNNING)
		;
	return st;
}

static bool
in_page_order(const struct scan *s)
{
	for (size_t i = 1; i < s->nmatches; i++)
		if (s->matches[i - 1].block > s->matches[i].block ||
		    (s->matches[i - 1].block == s->matches[i].block &&
		    s->matches[i - 1].start >= s->matches[i].start))
			return false;
	return true;
}

static int stops_left;

static bool
stop_soon(void)
{
	return stops_left-- <= 0;
}

static void
test_whole(struct page *p)
{
	struct scan s = { 0 };
	char *error, *hit;
	size_t m0, m1;

	ok(scan_compile(&s, "转移支付", READER_FLAGS, &error) && error == NULL, "a pattern compiles");
	ok(!scan_running(&s) && scan_next_known(&s), "compiled, nothing is searched yet");
	scan_start(&s, p->nblocks, 0);
	ok(scan_running(&s), "a scan from the top is under way");
	is_int(run(&s, p, NULL), SCAN_DONE, "it ends done");
	is_int(s.nmatches, 10, "every tenth clause of a hundred matches");
	ok(in_page_order(&s), "in page order");
	is_int(s.matches[0].block, para_block(10), "the first in clause 10's paragraph");
	hit = xstrndup(p->blocks[s.matches[0].block].text + s.matches[0].start,
	    s.matches[0].end - s.matches[0].start);
	is_str(hit, "转移支付", "the match's bytes");
	free(hit);
	scan_block_matches(&s, para_block(20), &m0, &m1);
	ok(m0 == 1 && m1 == 2, "clause 20's paragraph holds the second match");
	scan_block_matches(&s, para_block(21), &m0, &m1);
	ok(m0 == m1 && m0 == 2, "clause 21's holds none, before the third");
	is_int(scan_match_from(&s, p, page_block_start(p, para_block(15)), false), 1,
	    "forward from clause 15: the match in clause 20");
	is_int(scan_match_from(&s, p, page_block_start(p, para_block(15)), true), 0,
	    "backward from clause 15: the match in clause 10");
	is_int(scan_match_from(&s, p, page_block_start(p, para_block(100) + 1), false),
	    SIZE_MAX, "forward from the end: none");
	scan_free(&s);
}

static void
test_slices(struct page *p)
{
	struct scan s = { 0 };
	char *error;
	size_t origin = para_block(40), first;

	scan_compile(&s, "转移支付", READER_FLAGS, &error);
	scan_start(&s, p->nblocks, origin);
	is_int(scan_step(&s, p, 0, NULL), SCAN_RUNNING,
	    "a slice of no time stops at the next block numbered a multiple of 32");
	is_int(s.next, 128, "block 128, from the origin at 119");
	is_int(s.nmatches, 1, "having found clause 40");
	scan_select(&s, 0);
	first = s.matches[0].block;
	ok(!scan_next_known(&s), "the match after clause 40 is not known yet");
	scan_step(&s, p, 0, NULL);
	ok(s.next == 160 && s.nmatches == 2, "the next slice finds clause 50");
	ok(scan_next_known(&s), "so the match after clause 40 is known");
	while (s.next >= origin && scan_step(&s, p, 0, NULL) == SCAN_RUNNING)
		;
	ok(scan_running(&s) && s.next == 0, "past the end, the scan goes on from the top");
	ok(s.nmatches == 7 && s.nwrapped == 0, "clauses 40 to 100 found");
	scan_step(&s, p, 0, NULL);
	ok(s.nmatches == 7 && s.nwrapped == 1, "clause 10, before the origin, waits apart");
	is_int(run(&s, p, NULL), SCAN_DONE, "the scan ends at the origin");
	is_int(s.nmatches, 10, "every match is found once");
	is_int(s.nwrapped, 0, "those found second now come first");
	ok(in_page_order(&s), "in page order");
	ok(s.has_cur && s.cur == 3 && s.matches[s.cur].block == first,
	    "the current match is the same one, three further on");
	scan_free(&s);
}

static void
test_stops(struct page *p)
{
	struct scan s = { 0 };
	struct page big = { 0 };
	struct document *d;
	char *error, *text;

	scan_compile(&s, "转移支付", READER_FLAGS, &error);
	scan_start(&s, p->nblocks, 0);
	stops_left = 40;
	is_int(run(&s, p, stop_soon), SCAN_STOPPED, "stop() ends the scan where it is");
	ok(!scan_running(&s) && s.nmatches == 1, "with the matches found so far");
	ok(!scan_compile(&s, "", READER_FLAGS, &error) && error == NULL, "an empty pattern is no search");
	ok(!scan_compile(&s, "(转移", READER_FLAGS, &error) && error != NULL, "an invalid one says why");
	free(error);
	scan_start(&s, p->nblocks, 0);
	ok(!scan_running(&s), "without a search nothing is scanned");

	d = plan(1, 2);
	text = xmalloc(SCAN_MAX_MATCHES + 2);
	memset(text, 'x', SCAN_MAX_MATCHES + 1);
	text[SCAN_MAX_MATCHES + 1] = '\0';
	strlist_add_owned(&d->nodes[1].text, text); /* the first clause's second paragraph */
	page_build(&big, d, NULL);
	page_layout(&big, 80, false);
	scan_compile(&s, "x", READER_FLAGS, &error);
	scan_start(&s, big.nblocks, 0);
	is_int(run(&s, &big, NULL), SCAN_TOO_MANY, "more than the most matches stops the scan");
	is_int(s.nmatches, SCAN_MAX_MATCHES, "keeping the most");
	scan_compile(&s, "y*", READER_FLAGS, &error);
	scan_start(&s, big.nblocks, 0);
	is_int(run(&s, &big, NULL), SCAN_DONE, "empty matches are searched through");
	is_int(s.nmatches, 0, "and not kept");
	big.blocks[big.nblocks - 2].text[SCAN_MAX_MATCHES] = '!';
	scan_compile(&s, "(x+)+$", READER_FLAGS, &error);
	scan_start(&s, big.nblocks, 0);
	is_int(run(&s, &big, NULL), SCAN_FAILED, "a search that fails stops the scan");
	ok(search_error(s.re) != NULL, "search_error() says why");
	scan_free(&s);
	page_free(&big);
	document_free(d);
}

void
test_scan(void)
{
	struct document *d = plan(100, 10);
	struct page p;

	page_build(&p, d, NULL);
	page_layout(&p, 60, false);
	is_int(p.nblocks, 301, "the plan's page has a heading and three blocks a clause");
	test_whole(&p);
	test_slices(&p);
	test_stops(&p);
	page_free(&p);
	document_free(d);
}
