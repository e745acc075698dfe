/*
 * layout.c: positioned glyphs (from PDF and OFD pages) into plan text: lines by
 * position, page furniture found and dropped, task tables recovered from column bands, and
 * lines joined back into paragraphs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format/format_int.h"

#define ZONE 0.10         /* top and bottom share of a page where furniture sits */
#define FRAG_GAP 0.8      /* a gap wider than this many ems splits a line into fragments */
#define WORD_GAP 0.25     /* a gap wider than this many ems is a space between Latin words */
#define RUN_GAP 0.5       /* glyphs closer than this many ems are one run of text */
#define MAX_COLS 12

struct frag {
	double x0, x1;
	char *text;
};

struct line {
	unsigned page;
	double x0, y0, x1, y1, em;
	size_t first, n; /* glyphs, in the sorted order */
	char *text;
	struct frag *frags;
	size_t nfrags;
	bool dropped;
	size_t table; /* 1 + the index of the table it belongs to, or 0 */
};

struct table;

struct layout {
	struct glyphs *g;
	size_t *order;   /* glyph indices: by page, line, then x */
	struct line *lines;
	size_t nlines;
	double *page_h;  /* the lowest glyph of each page, standing in for its height */
	double left, right, em, pitch; /* the body text's edges, size and line spacing */
	bool indented;   /* paragraphs begin indented: a line at the left edge goes on */
	struct table *tables;
	size_t ntables;
	struct strlist *dropped;
};

/* Add one glyph: its page (0-based), box (y grows downwards) and character. */
void
glyphs_add(struct glyphs *g, unsigned page, double x0, double y0, double x1, double y1,
    uint32_t cp)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->v = xreallocarray(g->v, g->cap, sizeof *g->v);
	}
	g->v[g->n++] = (struct glyph){ page, x0, y0, x1, y1, cp };
	if (page + 1 > g->pages)
		g->pages = page + 1;
}

/* Free the glyphs. */
void
glyphs_free(struct glyphs *g)
{
	free(g->v);
	memset(g, 0, sizeof *g);
}

static const struct glyph *
gl(const struct layout *L, size_t k)
{
	return &L->g->v[L->order[k]];
}

static double
yc(const struct glyph *x)
{
	return (x->y0 + x->y1) / 2;
}

static const struct glyph *sort_base;

static int
by_page_y(const void *a, const void *b)
{
	const struct glyph *p = &sort_base[*(const size_t *)a], *q = &sort_base[*(const size_t *)b];

	if (p->page != q->page)
		return p->page < q->page ? -1 : 1;
	if (yc(p) != yc(q))
		return yc(p) < yc(q) ? -1 : 1;
	return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

static int
by_x(const void *a, const void *b)
{
	const struct glyph *p = &sort_base[*(const size_t *)a], *q = &sort_base[*(const size_t *)b];

	return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

static int
by_double(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;

	return p < q ? -1 : p > q;
}

static double
median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, by_double);
	return v[n / 2];
}

static void
put_cp(struct buf *b, uint32_t cp)
{
	char u[4];

	buf_add(b, u, utf8_encode(cp, u));
}

static uint32_t
last_cp(const struct buf *b)
{
	size_t at;
	uint32_t cp;

	if (b->len == 0)
		return 0;
	at = b->len - 1;
	while (at > 0 && ((unsigned char)b->s[at] & 0xc0) == 0x80)
		at--;
	utf8_decode(b->s + at, b->len - at, &cp);
	return cp;
}

static uint32_t
text_last_cp(const char *s)
{
	struct buf b = { .s = (char *)s, .len = strlen(s) };

	return last_cp(&b);
}

static uint32_t
first_cp(const char *s)
{
	uint32_t cp = 0;

	if (*s != '\0')
		utf8_decode(s, strlen(s), &cp);
	return cp;
}

/* Join b and s as text flows: nothing between CJK characters, a space between words. */
static void
join_text(struct buf *b, const char *s)
{
	uint32_t a = last_cp(b), c = first_cp(s);

	if (b->len > 0 && *s != '\0' && a != ' ' && !format_is_cjk(a) && !format_is_cjk(c) &&
	    a != '-')
		buf_putc(b, ' ');
	buf_puts(b, s);
}

/* The text of glyphs [from, to) of a line, spaces put back where the gaps are. */
static char *
span_text(const struct layout *L, size_t from, size_t to, double em)
{
	struct buf b = { 0 };

	buf_puts(&b, "");
	for (size_t k = from; k < to; k++) {
		const struct glyph *x = gl(L, k);

		if (k > from) {
			const struct glyph *p = gl(L, k - 1);
			double gap = x->x0 - p->x1;

			if (gap > FRAG_GAP * em ||
			    (gap > WORD_GAP * em && !format_is_cjk(p->cp) && !format_is_cjk(x->cp)))
				buf_putc(&b, ' ');
		}
		put_cp(&b, x->cp);
	}
	return buf_detach(&b);
}

/* Split a line into fragments where the gaps are wide (table cells, spread-out items). */
static void
line_frags(struct layout *L, struct line *ln)
{
	size_t start = ln->first, end = ln->first + ln->n;

	for (size_t k = ln->first; k <= end; k++) {
		struct frag *f;

		if (k < end && (k == start || gl(L, k)->x0 - gl(L, k - 1)->x1 <= FRAG_GAP * ln->em))
			continue;
		ln->frags = xreallocarray(ln->frags, ln->nfrags + 1, sizeof *ln->frags);
		f = &ln->frags[ln->nfrags++];
		f->x0 = gl(L, start)->x0;
		f->x1 = gl(L, k - 1)->x1;
		f->text = span_text(L, start, k, ln->em);
		start = k;
	}
}

static void
line_finish(struct layout *L, struct line *ln)
{
	double *h = xreallocarray(NULL, ln->n, sizeof *h);

	sort_base = L->g->v;
	qsort(L->order + ln->first, ln->n, sizeof *L->order, by_x);
	ln->x0 = gl(L, ln->first)->x0;
	ln->x1 = gl(L, ln->first + ln->n - 1)->x1;
	ln->y0 = INFINITY;
	ln->y1 = -INFINITY;
	for (size_t k = ln->first; k < ln->first + ln->n; k++) {
		ln->y0 = fmin(ln->y0, gl(L, k)->y0);
		ln->y1 = fmax(ln->y1, gl(L, k)->y1);
		h[k - ln->first] = gl(L, k)->y1 - gl(L, k)->y0;
	}
	ln->em = median(h, ln->n);
	if (ln->em <= 0)
		ln->em = 1;
	free(h);
	ln->text = span_text(L, ln->first, ln->first + ln->n, ln->em);
	line_frags(L, ln);
}

static struct line *
new_line(struct layout *L, unsigned page, size_t first)
{
	struct line *ln;

	L->lines = xreallocarray(L->lines, L->nlines + 1, sizeof *L->lines);
	ln = &L->lines[L->nlines++];
	memset(ln, 0, sizeof *ln);
	ln->page = page;
	ln->first = first;
	return ln;
}

/* Group the glyphs of each page into lines: near-equal vertical centres, then left to right. */
static void
make_lines(struct layout *L)
{
	size_t n = 0;
	struct line *ln = NULL;
	double line_yc = 0, line_h = 0;

	L->order = xreallocarray(NULL, L->g->n + 1, sizeof *L->order);
	for (size_t i = 0; i < L->g->n; i++)
		if (!format_is_space(L->g->v[i].cp) && L->g->v[i].cp >= 0x20)
			L->order[n++] = i;
	sort_base = L->g->v;
	qsort(L->order, n, sizeof *L->order, by_page_y);
	for (size_t k = 0; k < n; k++) {
		const struct glyph *x = gl(L, k);
		double h = x->y1 - x->y0;

		if (ln == NULL || x->page != ln->page ||
		    fabs(yc(x) - line_yc) > 0.5 * fmin(h > 0 ? h : 1, line_h)) {
			ln = new_line(L, x->page, k);
			line_yc = yc(x);
			line_h = h > 0 ? h : 1;
		}
		ln->n++;
	}
	for (size_t i = 0; i < L->nlines; i++)
		line_finish(L, &L->lines[i]);
}

static void
measure_pages(struct layout *L)
{
	L->page_h = xcalloc(L->g->pages + 1, sizeof *L->page_h);
	for (size_t i = 0; i < L->nlines; i++)
		L->page_h[L->lines[i].page] = fmax(L->page_h[L->lines[i].page], L->lines[i].y1);
}

/* The text with digits and blanks left out: page numbers and dates compare equal. */
static char *
shape_of(const char *s)
{
	struct buf b = { 0 };

	buf_puts(&b, "");
	for (; *s != '\0'; s++)
		if (*s == ' ')
			continue;
		else
			buf_putc(&b, *s >= '0' && *s <= '9' ? '#' : *s);
	return buf_detach(&b);
}

static bool
skip_str(const char **s, const char *const *alts)
{
	for (; *alts != NULL; alts++)
		if (strncmp(*s, *alts, strlen(*alts)) == 0) {
			*s += strlen(*alts);
			return true;
		}
	return false;
}

static bool
skip_digits(const char **s)
{
	const char *start = *s;

	while (**s >= '0' && **s <= '9')
		(*s)++;
	return *s > start;
}

/* Whether a line is a page number: 3, - 3 -, — 3 —, 一 3 一, 第3页, 第3页 共9页, 3/9, ·3·. */
static bool
is_page_number(const char *text)
{
	static const char *const dash[] = { "-", "－", "—", "–", "·", "―", "一", NULL };
	char *s = shape_of(text), *t = s;
	const char *p;
	bool yes;

	for (t = s; *t != '\0'; t++)
		if (*t == '#')
			*t = '0';
	p = s;
	skip_str(&p, dash);
	skip_str(&p, dash);
	if (strncmp(p, "第", 3) == 0) {
		p += 3;
		yes = skip_digits(&p) && skip_str(&p, (const char *const[]){ "页", NULL });
		if (yes && skip_str(&p, (const char *const[]){ "共", "/", NULL }))
			yes = skip_digits(&p) && skip_str(&p, (const char *const[]){ "页", NULL });
	} else {
		yes = skip_digits(&p);
		if (yes && skip_str(&p, (const char *const[]){ "/", "／", NULL }))
			yes = skip_digits(&p);
		skip_str(&p, dash);
		skip_str(&p, dash);
	}
	yes = yes && *p == '\0';
	free(s);
	return yes;
}

/* How many pages have a line of the same shape near the same height as line i. */
static unsigned
repeats(const struct layout *L, size_t i)
{
	const struct line *a = &L->lines[i];
	char *shape = shape_of(a->text);
	unsigned n = 0, last = (unsigned)-1;

	for (size_t j = 0; j < L->nlines; j++) {
		const struct line *b = &L->lines[j];
		char *other;

		if (b->page == last || fabs(b->y0 - a->y0) > 0.02 * L->page_h[a->page])
			continue;
		other = shape_of(b->text);
		if (strcmp(other, shape) == 0) {
			n++;
			last = b->page;
		}
		free(other);
	}
	free(shape);
	return n;
}

/* Whether line i, at the top or bottom of its page, is furniture; which kind. */
static const char *
furniture_kind(const struct layout *L, size_t i, bool top)
{
	const struct line *ln = &L->lines[i];
	double h = L->page_h[ln->page];
	unsigned pages = L->g->pages;

	if (top ? ln->y1 > ZONE * h * 1.5 : ln->y0 < (1 - ZONE) * h * 0.95)
		return NULL;
	if (is_page_number(ln->text))
		return "page number";
	if (pages >= 2 && ln->nfrags < 3 && repeats(L, i) * 2 > pages)
		return top ? "header" : "footer";
	return NULL;
}

/* Drop the headers, footers and page numbers: lines at a page's edges, repeated or numbered. */
static void
drop_furniture(struct layout *L)
{
	size_t first = 0;

	while (first < L->nlines) {
		size_t end = first, a, b;
		const char *kind;

		while (end < L->nlines && L->lines[end].page == L->lines[first].page)
			end++;
		for (a = first; a < end && (kind = furniture_kind(L, a, true)) != NULL; a++) {
			L->lines[a].dropped = true;
			format_drop(L->dropped, kind, L->lines[a].text);
		}
		for (b = end; b > a && (kind = furniture_kind(L, b - 1, false)) != NULL; b--) {
			L->lines[b - 1].dropped = true;
			format_drop(L->dropped, kind, L->lines[b - 1].text);
		}
		first = end;
	}
}

/* Whether a tenth of the lines or more begin some two ems in: paragraphs' first lines. */
static bool
indented_share(const double *x0, size_t n, double left, double em)
{
	size_t in = 0;

	for (size_t i = 0; i < n; i++)
		if (x0[i] - left > 1.5 * em && x0[i] - left < 2.5 * em)
			in++;
	return n > 0 && in * 10 >= n;
}

/* The body text's left and right edges, size and line pitch, from lines not dropped. */
static void
measure_body(struct layout *L)
{
	double *x0 = xcalloc(L->nlines + 1, sizeof *x0), *x1 = xcalloc(L->nlines + 1, sizeof *x1);
	double *em = xcalloc(L->nlines + 1, sizeof *em), *pitch = xcalloc(L->nlines + 1, sizeof *pitch);
	size_t n = 0, np = 0;
	const struct line *prev = NULL;

	for (size_t i = 0; i < L->nlines; i++) {
		const struct line *ln = &L->lines[i];

		if (ln->dropped || ln->table != 0)
			continue;
		x0[n] = round(ln->x0);
		x1[n] = ln->x1;
		em[n++] = ln->em;
		if (prev != NULL && prev->page == ln->page && ln->y0 > prev->y1)
			pitch[np++] = ln->y0 - prev->y0;
		prev = ln;
	}
	L->em = median(em, n);
	L->pitch = np > 0 ? median(pitch, np) : 1.5 * L->em;
	qsort(x1, n, sizeof *x1, by_double);
	L->right = n > 0 ? x1[n - 1 - n / 20] : 0;
	qsort(x0, n, sizeof *x0, by_double);
	L->left = n > 0 ? x0[0] : 0;
	for (size_t i = 0, best = 0, run = 0; i < n; i++) { /* the most frequent left edge */
		run = i > 0 && fabs(x0[i] - x0[i - 1]) < 1.5 ? run + 1 : 1;
		if (run > best) {
			best = run;
			L->left = x0[i];
		}
	}
	L->indented = indented_share(x0, n, L->left, L->em);
	free(x0);
	free(x1);
	free(em);
	free(pitch);
}

/* ---- tables ---- */

struct tline {          /* one line of a table, its text split into the columns */
	const struct line *ln;
	char *cell[MAX_COLS];
	double gap;     /* clear space above it */
	bool new_page;  /* the first of the table's lines on its page */
};

struct table {
	size_t ncols;
	double lo[MAX_COLS], hi[MAX_COLS]; /* where boundary i can be: no glyph crosses it */
	double bound[MAX_COLS];            /* boundary i: the left edge of column i+1 */
	char *head[MAX_COLS];
	double em;                         /* the size of its body text */
	bool numbered;                     /* the first column is 序号: rows begin at a number */
	struct tline *lines;
	size_t nlines;
};

static const char *const header_words[] = { "序号", "任务", "单位", "时限", "时间", "措施",
	"内容", "牵头", "配合", "责任", "部门", "备注", "目标", "名称", "事项", "指标", "进度",
	"分工", "要求", "类别", "编号", NULL };

static bool
is_header_word(const char *s)
{
	for (size_t i = 0; header_words[i] != NULL; i++)
		if (strstr(s, header_words[i]) != NULL)
			return true;
	return false;
}

/* Whether a line is a table's header row: three or more short cells, naming table columns. */
static bool
is_table_header(const struct line *ln)
{
	int words = 0;

	if (ln->nfrags < 3 || ln->nfrags > MAX_COLS)
		return false;
	for (size_t i = 0; i < ln->nfrags; i++) {
		if (utf8_chars(ln->frags[i].text, strlen(ln->frags[i].text)) > 8)
			return false;
		words += is_header_word(ln->frags[i].text);
	}
	return words >= 2 && words * 2 >= (int)ln->nfrags;
}

static struct table *
table_start(struct layout *L, const struct line *ln)
{
	struct table *t;

	L->tables = xreallocarray(L->tables, L->ntables + 1, sizeof *L->tables);
	t = &L->tables[L->ntables++];
	memset(t, 0, sizeof *t);
	t->ncols = ln->nfrags;
	for (size_t i = 0; i < ln->nfrags; i++) {
		t->head[i] = xstrdup(ln->frags[i].text);
		if (i + 1 < ln->nfrags) {
			t->lo[i] = ln->frags[i].x1;
			t->hi[i] = ln->frags[i + 1].x0;
		}
	}
	t->numbered = strstr(t->head[0], "序号") != NULL || strstr(t->head[0], "编号") != NULL;
	return t;
}

/* Take [x0, x1] out of the interval [*lo, *hi], keeping the larger piece left. */
static void
carve(double *lo, double *hi, double x0, double x1)
{
	if (x1 <= *lo || x0 >= *hi)
		return;
	if (x0 - *lo >= *hi - x1)
		*hi = fmax(*lo, x0);
	else
		*lo = fmin(*hi, x1);
}

/* Whether a line keeps to the table's columns: a gap is left for every boundary. Narrows them. */
static bool
fits_columns(const struct layout *L, struct table *t, const struct line *ln)
{
	double lo[MAX_COLS], hi[MAX_COLS];

	memcpy(lo, t->lo, sizeof lo);
	memcpy(hi, t->hi, sizeof hi);
	for (size_t k = ln->first, start = k; k < ln->first + ln->n; k++) {
		if (k + 1 < ln->first + ln->n && gl(L, k + 1)->x0 - gl(L, k)->x1 < RUN_GAP * ln->em)
			continue; /* the run of touching glyphs goes on */
		for (size_t c = 0; c + 1 < t->ncols; c++)
			carve(&lo[c], &hi[c], gl(L, start)->x0, gl(L, k)->x1);
		start = k + 1;
	}
	for (size_t c = 0; c + 1 < t->ncols; c++)
		if (hi[c] - lo[c] < 0.1 * ln->em)
			return false;
	memcpy(t->lo, lo, sizeof lo);
	memcpy(t->hi, hi, sizeof hi);
	return true;
}

static bool
same_as_header(const struct table *t, const struct line *ln)
{
	if (ln->nfrags != t->ncols)
		return false;
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(ln->frags[i].text, t->head[i]) != 0)
			return false;
	return true;
}

/* The column a glyph falls in, by its centre. */
static size_t
column_of(const struct table *t, const struct glyph *x)
{
	size_t c = 0;

	while (c + 1 < t->ncols && (x->x0 + x->x1) / 2 >= t->bound[c])
		c++;
	return c;
}

/* Split a table line's glyphs into its columns. */
static void
split_cells(const struct layout *L, const struct table *t, struct tline *tl)
{
	const struct line *ln = tl->ln;

	for (size_t k = ln->first, start = ln->first; k <= ln->first + ln->n; k++) {
		size_t cs = column_of(t, gl(L, start));

		if (k < ln->first + ln->n && column_of(t, gl(L, k)) == cs)
			continue;
		tl->cell[cs] = span_text(L, start, k, ln->em);
		start = k;
	}
}

/* Whether line ln goes on the table: the same size of text, near enough, in the columns. */
static bool
table_takes(const struct layout *L, struct table *t, const struct line *ln, const struct line *last)
{
	if (t->em > 0 && fabs(ln->em - t->em) > 0.1 * t->em)
		return false;
	if (last->page == ln->page && ln->y0 - last->y1 > 3 * L->pitch)
		return false;
	return fits_columns(L, t, ln);
}

static void
table_add(struct table *t, const struct line *ln)
{
	t->lines = xreallocarray(t->lines, t->nlines + 1, sizeof *t->lines);
	memset(&t->lines[t->nlines], 0, sizeof t->lines[t->nlines]);
	t->lines[t->nlines++].ln = ln;
	if (t->em == 0)
		t->em = ln->em;
}

/* The boundaries settled, each table line's cells. */
static void
table_finish(const struct layout *L, struct table *t)
{
	for (size_t c = 0; c + 1 < t->ncols; c++)
		t->bound[c] = (t->lo[c] + t->hi[c]) / 2;
	for (size_t i = 0; i < t->nlines; i++)
		split_cells(L, t, &t->lines[i]);
}

/* Find the tables: a header row, then the lines that keep to its columns (on later pages too). */
static void
find_tables(struct layout *L)
{
	struct table *t = NULL;
	const struct line *last = NULL;

	for (size_t i = 0; i < L->nlines; i++) {
		struct line *ln = &L->lines[i];

		if (ln->dropped)
			continue;
		if (t != NULL && same_as_header(t, ln)) {
			ln->table = L->ntables;
			continue;
		}
		if (t != NULL && table_takes(L, t, ln, last)) {
			ln->table = L->ntables;
			table_add(t, ln);
			last = ln;
			continue;
		}
		if (t != NULL)
			table_finish(L, t);
		t = NULL;
		if (is_table_header(ln)) {
			t = table_start(L, ln);
			ln->table = L->ntables;
			last = ln;
		}
	}
	if (t != NULL)
		table_finish(L, t);
}

/* Whether a key column's text starts a row: a number in a 序号 column, any text otherwise. */
static bool
is_key(const struct table *t, const struct tline *tl)
{
	const char *s = tl->cell[0];

	if (s == NULL)
		return false;
	if (!t->numbered)
		return true;
	return numeral_parse(s, strlen(s)) > 0 || (s[0] >= '0' && s[0] <= '9');
}

/* Each table line's clear gap above it: from the lowest of the lines before it on its page. */
static void
measure_gaps(struct table *t)
{
	double bottom = 0;

	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *ln = t->lines[i].ln;

		t->lines[i].new_page = i == 0 || t->lines[i - 1].ln->page != ln->page;
		if (t->lines[i].new_page)
			bottom = ln->y0;
		t->lines[i].gap = ln->y0 - bottom;
		bottom = fmax(bottom, ln->y1);
	}
}

/*
 * Where the row that key line `from` opens ends, before key line `to`: at the widest gap when
 * the table's gaps tell rows apart, else at a page break, else halfway between the keys.
 */
static size_t
row_split(const struct table *t, size_t from, size_t to, double row_gap)
{
	size_t best = to, page_break = 0;
	double widest = -INFINITY;

	for (size_t i = from + 1; i <= to; i++) {
		if (t->lines[i].new_page) {
			if (page_break == 0)
				page_break = i;
		} else if (t->lines[i].gap > widest) {
			widest = t->lines[i].gap;
			best = i;
		}
	}
	if (widest >= row_gap)
		return best;
	if (page_break != 0)
		return page_break;
	return from + (to - from + 1) / 2;
}

/* The gap that separates rows: clearly wider than the gaps between lines of one cell. */
static double
row_gap_of(const struct table *t)
{
	double lo = INFINITY, hi = -INFINITY;

	for (size_t i = 1; i < t->nlines; i++)
		if (!t->lines[i].new_page) {
			lo = fmin(lo, t->lines[i].gap);
			hi = fmax(hi, t->lines[i].gap);
		}
	if (hi == -INFINITY || hi - lo < 0.25 * t->em)
		return INFINITY; /* the gaps are all alike: they tell nothing */
	return (lo + hi) / 2;
}

static void
emit_row(struct buf *out, char *const *cells, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c > 0)
			buf_putc(out, '\t');
		if (cells[c] != NULL)
			buf_puts(out, cells[c]);
	}
	buf_putc(out, '\n');
}

/* Table lines [from, to) as one row: each column's text in order, wrapped lines joined. */
static void
emit_lines(struct buf *out, const struct table *t, size_t from, size_t to)
{
	struct buf cell[MAX_COLS];
	char *cells[MAX_COLS] = { 0 };

	memset(cell, 0, sizeof cell);
	for (size_t i = from; i < to; i++)
		for (size_t c = 0; c < t->ncols; c++)
			if (t->lines[i].cell[c] != NULL)
				join_text(&cell[c], t->lines[i].cell[c]);
	for (size_t c = 0; c < t->ncols; c++)
		cells[c] = cell[c].s != NULL ? cell[c].s : "";
	emit_row(out, cells, t->ncols);
	for (size_t c = 0; c < t->ncols; c++)
		buf_free(&cell[c]);
}

/* A table: its header row, then its lines grouped into rows at the key column. */
static void
table_emit(struct buf *out, struct table *t)
{
	size_t *keys = xcalloc(t->nlines + 1, sizeof *keys), nkeys = 0, start = 0;
	double row_gap;

	measure_gaps(t);
	row_gap = row_gap_of(t);
	emit_row(out, t->head, t->ncols);
	for (size_t i = 0; i < t->nlines; i++)
		if (is_key(t, &t->lines[i]))
			keys[nkeys++] = i;
	if (nkeys == 0 || keys[0] > 2) { /* no key column: a row per line */
		for (size_t i = 0; i < t->nlines; i++)
			emit_lines(out, t, i, i + 1);
	} else
		for (size_t k = 0; k < nkeys; k++) {
			size_t end = k + 1 < nkeys ? row_split(t, keys[k], keys[k + 1], row_gap) :
			    t->nlines;

			emit_lines(out, t, start, end);
			start = end;
		}
	free(keys);
}

static void
tables_free(struct layout *L)
{
	for (size_t n = 0; n < L->ntables; n++) {
		struct table *t = &L->tables[n];

		for (size_t i = 0; i < t->nlines; i++)
			for (size_t c = 0; c < MAX_COLS; c++)
				free(t->lines[i].cell[c]);
		for (size_t c = 0; c < MAX_COLS; c++)
			free(t->head[c]);
		free(t->lines);
	}
	free(L->tables);
}

/* ---- paragraphs ---- */

/* Whether a line ending in cp ends its paragraph: 。！？：；or a closing bracket. */
static bool
ends_paragraph(uint32_t cp)
{
	static const uint32_t ends[] = { 0x3002, 0xff01, 0xff1f, 0xff1a, 0xff1b, '!', '?', ':', ';',
		')', ']', 0xff09, 0xff3d, 0x3011, 0x300b, 0x3009, 0x300d, 0x300f, 0x3015, 0x3017 };

	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
		if (cp == ends[i])
			return true;
	return false;
}

/* Whether s opens with a numeral and 章, 节, 条, 部分 or 篇 (after 第). */
static bool
is_ordinal(const char *s)
{
	static const char *const units[] = { "章", "节", "条", "部分", "篇", NULL };
	size_t n = 0, len = strlen(s);
	uint32_t cp;

	while (n < len) {
		size_t k = utf8_decode(s + n, len - n, &cp);

		if (numeral_parse(s + n, k) <= 0 && !(cp >= '0' && cp <= '9'))
			break;
		n += k;
	}
	s += n;
	return n > 0 && skip_str(&s, units);
}

/* Whether a line opens with a heading or list number: 一、 （一） 1. 1、 （1） ① 第一章 附件. */
static bool
starts_numbered(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	bool paren = false, digits = false;

	if (strncmp(s, "附件", strlen("附件")) == 0)
		return true;
	if (strncmp(s, "第", strlen("第")) == 0)
		return is_ordinal(s + strlen("第"));
	n = utf8_decode(s, len, &cp);
	if (cp >= 0x2460 && cp <= 0x249b)
		return true; /* ① ⑴ ⒈ */
	if (cp == '(' || cp == 0xff08) {
		paren = true;
		i = n;
	}
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!((cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19) ||
		    numeral_parse(s + i, n) > 0))
			break;
		digits = true;
		i += n;
	}
	if (!digits || i >= len)
		return false;
	utf8_decode(s + i, len - i, &cp);
	if (paren)
		return cp == ')' || cp == 0xff09;
	return cp == 0x3001 || cp == '.' || cp == 0xff0e;
}

/* Whether a line is centred between the body's edges. */
static bool
centred(const struct layout *L, const struct line *ln)
{
	return fabs((ln->x0 - L->left) - (L->right - ln->x1)) < ln->em;
}

/* Whether line b goes on a title: both centred, right under it, of its size, above the body's. */
static bool
title_goes_on(const struct layout *L, const struct line *a, const struct line *b)
{
	return a->page == b->page && a->em > 1.2 * L->em && fabs(a->em - b->em) < 0.05 * a->em &&
	    centred(L, a) && centred(L, b) && b->y0 - a->y1 < a->em;
}

/* Whether line b begins a new paragraph after line a. */
static bool
new_paragraph(const struct layout *L, const struct line *a, const struct line *b)
{
	double em = L->em > 0 ? L->em : b->em;

	if (a == NULL)
		return true;
	if (title_goes_on(L, a, b))
		return false;
	if (ends_paragraph(text_last_cp(a->text)) && !(L->indented && b->x0 <= L->left + 0.9 * em &&
	    a->x1 >= L->right - 1.5 * em))
		return true; /* unless a full line goes on at the left edge, where none begins */
	if (b->x0 > L->left + 0.9 * em || starts_numbered(b->text))
		return true;
	if (a->x1 < L->right - 1.5 * em)
		return true; /* the line before stopped short */
	if (fabs(a->em - b->em) > 0.15 * fmax(a->em, b->em))
		return true;
	if (a->page == b->page && b->y0 - a->y0 > 1.8 * L->pitch)
		return true;
	return false;
}

static void
flush_paragraph(struct buf *out, struct buf *para)
{
	if (para->len > 0)
		format_line(out, para->s, para->len);
	buf_truncate(para, 0);
}

/* Lines into paragraphs and tables, in order. */
static void
compose(struct layout *L, struct buf *out)
{
	struct buf para = { 0 };
	const struct line *prev = NULL;
	size_t table = 0;

	for (size_t i = 0; i < L->nlines; i++) {
		const struct line *ln = &L->lines[i];

		if (ln->dropped)
			continue;
		if (ln->table != 0) {
			if (ln->table != table) {
				flush_paragraph(out, &para);
				table_emit(out, &L->tables[ln->table - 1]);
				table = ln->table;
			}
			prev = NULL;
			continue;
		}
		if (new_paragraph(L, prev, ln))
			flush_paragraph(out, &para);
		join_text(&para, ln->text);
		prev = ln;
	}
	flush_paragraph(out, &para);
	buf_free(&para);
}

/* The plan text of positioned glyphs; the furniture left out goes to dropped. */
char *
glyphs_text(struct glyphs *g, struct strlist *dropped)
{
	struct layout L = { .g = g, .dropped = dropped };
	struct buf out = { 0 };

	buf_puts(&out, "");
	make_lines(&L);
	measure_pages(&L);
	drop_furniture(&L);
	measure_body(&L); /* a first measure, for the gaps that end tables */
	find_tables(&L);
	measure_body(&L);
	compose(&L, &out);
	tables_free(&L);
	for (size_t i = 0; i < L.nlines; i++) {
		free(L.lines[i].text);
		for (size_t f = 0; f < L.lines[i].nfrags; f++)
			free(L.lines[i].frags[f].text);
		free(L.lines[i].frags);
	}
	free(L.lines);
	free(L.order);
	free(L.page_h);
	return buf_detach(&out);
}
