/* test_layout.c: wrapping keeps every character, fits the width, and obeys the line-breaking rules. */
#include <stdlib.h>

#include "tap.h"

static uint32_t
first_cp(const char *s, size_t len)
{
	uint32_t cp = 0;

	if (len > 0)
		utf8_decode(s, len, &cp);
	return cp;
}

static uint32_t
last_cp(const char *s, size_t len)
{
	size_t i = len;
	uint32_t cp = 0;

	if (len == 0)
		return 0;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	utf8_decode(s + i - 1, len - i + 1, &cp);
	return cp;
}

/* Wrap s at every width from min to max; count lines breaking a rule. */
static void
check_text(const char *s, int min, int max, int *lost, int *overflow, int *bad_start,
    int *bad_end)
{
	size_t len = strlen(s);

	for (int w = min; w <= max; w++) {
		struct wrapline *lines;
		size_t n = layout_wrap(s, len, w, 4, 0, false, &lines), at = 0;

		for (size_t i = 0; i < n; i++) {
			const char *p = s + lines[i].start;
			size_t l = lines[i].end - lines[i].start;
			int avail = w - (i == 0 ? 4 : 0);

			*lost += lines[i].start != at;
			at = lines[i].end;
			*overflow += (int)utf8_width(p, l, false) > avail;
			*bad_start += i > 0 && layout_is_closing(first_cp(p, l));
			*bad_end += i + 1 < n && layout_is_opening(last_cp(p, l));
		}
		*lost += at != len;
		free(lines);
	}
}

void
test_layout(void)
{
	static const char sample[] = "稳定实现“两不愁三保障”。深入开展产业帮扶,组织企业(含支援新疆"
	    "生产建设兵团十一师)、西藏昌都。按照“政府推动,市场运作”的原则,39个贫困县2019年。";
	const char *dir = getenv("PLANVIEW_DATADIR");
	struct library *lib = library_create();
	struct diags diags = { 0 };
	struct wrapline *lines;
	int lost = 0, overflow = 0, bad_start = 0, bad_end = 0;
	char *path;
	size_t n;

	n = layout_wrap("市财政局牵头负责，市相关部门配合", strlen("市财政局牵头负责，市相关部门配合"),
	    8, 0, 0, false, &lines);
	is_int(n, 5, "eight columns hold four ideographs a line");
	ok(lines[1].end - lines[1].start == strlen("牵头负"),
	    "a comma never starts a line: the character before it moves down with it");
	free(lines);
	n = layout_wrap("贫困县39个", strlen("贫困县39个"), 7, 0, 0, false, &lines);
	ok(n == 2 && lines[0].end == strlen("贫困县"), "digits are not split");
	free(lines);
	n = layout_wrap("", 0, 10, 0, 0, false, &lines);
	ok(n == 1 && lines[0].start == 0 && lines[0].end == 0, "empty text is one empty line");
	free(lines);
	n = layout_wrap("天津", strlen("天津"), 1, 0, 0, false, &lines);
	is_int(n, 2, "a width narrower than a character still makes progress");
	free(lines);
	check_text(sample, 8, 80, &lost, &overflow, &bad_start, &bad_end);
	if (dir != NULL) {
		path = xasprintf("%s/content/tianjin-regional-coordination-2.yaml", dir);
		library_load(lib, path, &diags);
		free(path);
	}
	ok(lib->ndocs == 1, "the bundled plan loads");
	for (size_t i = 0; lib->ndocs == 1 && i < lib->docs[0]->nnodes; i++) {
		struct strlist paras = { 0 };

		text_item_paragraphs(&paras, &lib->docs[0]->nodes[i]);
		for (size_t j = 0; j < paras.n; j++)
			check_text(paras.v[j], 10, 120, &lost, &overflow, &bad_start, &bad_end);
		strlist_free(&paras);
	}
	is_int(lost, 0, "no character is lost or repeated, at any width");
	is_int(overflow, 0, "no line is wider than the width");
	is_int(bad_start, 0, "no line begins with closing punctuation");
	is_int(bad_end, 0, "no line ends with opening punctuation");
	diags_free(&diags);
	library_free(lib);
}
