/*
 * resp.c: responsibility as plans write it: （甲牵头，乙配合）, 〔责任单位：甲、乙按职责分工负责〕,
 * 牵头单位：甲 on a line of its own, in simplified or traditional characters.
 */
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"

#define MAX_NAME_CHARS 40 /* longer is a sentence, not a body's name */

enum role { ROLE_NONE, ROLE_LEAD, ROLE_RESPONSIBLE, ROLE_COOPERATE, ROLE_SUPERVISOR,
	ROLE_DEADLINE, ROLE_DIVISION };

/* Labels that open a segment: 责任单位：甲、乙. Longest first where one begins another. */
static const struct {
	const char *word;
	enum role role;
} labels[] = {
	{ "牵头责任单位", ROLE_LEAD }, { "牵头单位", ROLE_LEAD }, { "牵头部门", ROLE_LEAD },
	{ "主责单位", ROLE_LEAD }, { "主办单位", ROLE_LEAD }, { "主责部门", ROLE_LEAD },
	{ "责任单位", ROLE_RESPONSIBLE }, { "责任部门", ROLE_RESPONSIBLE },
	{ "实施单位", ROLE_RESPONSIBLE }, { "承办单位", ROLE_RESPONSIBLE },
	{ "落实单位", ROLE_RESPONSIBLE }, { "责任主体", ROLE_RESPONSIBLE },
	{ "配合单位", ROLE_COOPERATE }, { "配合部门", ROLE_COOPERATE },
	{ "协办单位", ROLE_COOPERATE }, { "参与单位", ROLE_COOPERATE },
	{ "协作单位", ROLE_COOPERATE }, { "协同单位", ROLE_COOPERATE },
	{ "牵头负责领导", ROLE_SUPERVISOR }, { "牵头责任领导", ROLE_SUPERVISOR },
	{ "协同责任单位", ROLE_COOPERATE }, { "协同负责单位", ROLE_COOPERATE },
	{ "分管领导", ROLE_SUPERVISOR }, { "责任领导", ROLE_SUPERVISOR },
	{ "牵头领导", ROLE_SUPERVISOR }, { "分管区领导", ROLE_SUPERVISOR },
	{ "分管市领导", ROLE_SUPERVISOR }, { "分管县领导", ROLE_SUPERVISOR },
	{ "包保领导", ROLE_SUPERVISOR }, { "责任人", ROLE_SUPERVISOR },
	{ "完成时限", ROLE_DEADLINE }, { "完成时间", ROLE_DEADLINE },
	{ "时间节点", ROLE_DEADLINE }, { "完成期限", ROLE_DEADLINE },
	{ "时间安排", ROLE_DEADLINE }, { "时限", ROLE_DEADLINE },
	{ "部门分工", ROLE_DIVISION }, { "责任分工", ROLE_DIVISION },
};

/* Verbs that close a segment: 甲、乙按职责分工牵头负责. Longest first. */
static const struct {
	const char *word;
	enum role role;
	bool division, separately;
} verbs[] = {
	{ "按照职责分工牵头负责", ROLE_LEAD, true, false },
	{ "按职责分工牵头负责", ROLE_LEAD, true, false },
	{ "按照职责分工牵头", ROLE_LEAD, true, false },
	{ "按职责分工牵头", ROLE_LEAD, true, false },
	{ "分别牵头负责", ROLE_LEAD, false, true },
	{ "分别牵头", ROLE_LEAD, false, true },
	{ "共同牵头", ROLE_LEAD, false, false },
	{ "牵头负责", ROLE_LEAD, false, false },
	{ "牵头落实", ROLE_LEAD, false, false },
	{ "牵头推进", ROLE_LEAD, false, false },
	{ "牵头实施", ROLE_LEAD, false, false },
	{ "为牵头单位", ROLE_LEAD, false, false },
	{ "牵头", ROLE_LEAD, false, false },
	{ "按照职责分工负责", ROLE_RESPONSIBLE, true, false },
	{ "按照职责分工落实", ROLE_RESPONSIBLE, true, false },
	{ "按照职责负责", ROLE_RESPONSIBLE, true, false },
	{ "按照职责分工", ROLE_RESPONSIBLE, true, false },
	{ "按职责分工抓好落实", ROLE_RESPONSIBLE, true, false },
	{ "按职责分工负责", ROLE_RESPONSIBLE, true, false },
	{ "按职能分工负责", ROLE_RESPONSIBLE, true, false },
	{ "按职责分工落实", ROLE_RESPONSIBLE, true, false },
	{ "按职责负责", ROLE_RESPONSIBLE, true, false },
	{ "分别负责", ROLE_RESPONSIBLE, false, true },
	{ "共同负责", ROLE_RESPONSIBLE, false, false },
	{ "负责落实", ROLE_RESPONSIBLE, false, false },
	{ "具体负责", ROLE_RESPONSIBLE, false, false },
	{ "为责任单位", ROLE_RESPONSIBLE, false, false },
	{ "负责", ROLE_RESPONSIBLE, false, false },
	{ "按照职责分工配合", ROLE_COOPERATE, true, false },
	{ "按职责分工配合", ROLE_COOPERATE, true, false },
	{ "协同配合", ROLE_COOPERATE, false, false },
	{ "积极配合", ROLE_COOPERATE, false, false },
	{ "配合落实", ROLE_COOPERATE, false, false },
	{ "共同参与", ROLE_COOPERATE, false, false },
	{ "为配合单位", ROLE_COOPERATE, false, false },
	{ "配合", ROLE_COOPERATE, false, false },
	{ "参与", ROLE_COOPERATE, false, false },
	{ "协助", ROLE_COOPERATE, false, false },
	{ "协同", ROLE_COOPERATE, false, false },
};

/*
 * Traditional characters of the words above, folded to simplified for matching. Each pair
 * has the same UTF-8 length, so offsets in the folded copy are offsets in the original.
 */
static const char *const fold_pairs[][2] = {
	{ "牽", "牵" }, { "頭", "头" }, { "負", "负" }, { "責", "责" }, { "職", "职" },
	{ "單", "单" }, { "領", "领" }, { "導", "导" }, { "時", "时" }, { "節", "节" },
	{ "協", "协" }, { "參", "参" }, { "與", "与" }, { "門", "门" }, { "實", "实" },
	{ "辦", "办" }, { "擔", "担" }, { "間", "间" }, { "應", "应" }, { "別", "别" },
	{ "點", "点" }, { "區", "区" }, { "縣", "县" }, { "務", "务" }, { "為", "为" },
	{ "現", "现" }, { "據", "据" }, { "組", "组" }, { "織", "织" }, { "關", "关" },
	{ "發", "发" }, { "體", "体" }, { "級", "级" }, { "層", "层" }, { "個", "个" },
	{ "將", "将" }, { "後", "后" }, { "際", "际" }, { "進", "进" }, { "極", "极" },
	{ "們", "们" }, { "號", "号" }, { "屬", "属" }, { "廳", "厅" }, { "會", "会" },
	{ "國", "国" }, { "規", "规" }, { "劃", "划" }, { "區", "区" }, { "於", "于" },
	{ "並", "并" }, { "內", "内" }, { "條", "条" }, { "億", "亿" }, { "萬", "万" },
};

/* A copy of s with the traditional characters of fold_pairs made simplified. */
static char *
fold(const char *s, size_t len)
{
	char *out = xstrndup(s, len);

	for (size_t i = 0; i + 3 <= len; i++) {
		if (((unsigned char)out[i] & 0xf0) != 0xe0)
			continue;
		for (size_t k = 0; k < sizeof fold_pairs / sizeof fold_pairs[0]; k++)
			if (memcmp(out + i, fold_pairs[k][0], 3) == 0) {
				memcpy(out + i, fold_pairs[k][1], 3);
				break;
			}
		i += 2;
	}
	return out;
}

static bool
has_any(const char *s, size_t len, const char *a, const char *b, const char *c,
    const char *d, const char *e)
{
	const char *words[] = { a, b, c, d, e };

	for (size_t k = 0; k < 5; k++)
		if (memmem(s, len, words[k], strlen(words[k])) != NULL)
			return true;
	return false;
}

/* Skip an ASCII or full-width colon at s[*i]. */
static bool
take_colon(const char *s, size_t len, size_t *i)
{
	if (*i < len && s[*i] == ':')
		return ++*i, true;
	if (has_prefix(s + *i, len - *i, "："))
		return *i += strlen("："), true;
	return false;
}

void
resp_free(struct resp *r)
{
	strlist_free(&r->as);
	strlist_free(&r->lead);
	strlist_free(&r->cooperate);
	strlist_free(&r->responsible);
	strlist_free(&r->notes);
	strlist_free(&r->supervisors);
	strlist_free(&r->deadlines);
	memset(r, 0, sizeof *r);
}

/* The brackets a responsibility may stand in, and where nesting is counted. */
static const char *const open_brackets[] = { "（", "(", "〔", "【", "［", "[" };
static const char *const close_brackets[] = { "）", ")", "〕", "】", "］", "]" };
#define NBRACKETS (sizeof open_brackets / sizeof open_brackets[0])

/* Whether a byte can begin a bracket of either set: ( ) [ ] or the lead byte of （）［］〔〕【】. */
static bool
bracket_lead(unsigned char c)
{
	return c == '(' || c == ')' || c == '[' || c == ']' || c == 0xef || c == 0xe3;
}

static size_t
bracket_at(const char *s, size_t len, const char *const *set)
{
	if (len == 0 || !bracket_lead((unsigned char)*s)) /* most characters: a byte decides */
		return 0;
	for (size_t k = 0; k < NBRACKETS; k++)
		if (has_prefix(s, len, set[k]))
			return strlen(set[k]);
	return 0;
}

/*
 * The length of a name without the qualifier that closes it, which goes to the notes:
 * 市财政局等有关部门, 市公安局等各有关单位, 市统计局等.
 */
static size_t
split_qualifier(struct resp *r, const char *s, size_t len)
{
	char *f = fold(s, len);
	size_t at = SIZE_MAX;

	for (size_t i = strlen("等"); i + strlen("等") <= len; i++)
		if (memcmp(f + i, "等", strlen("等")) == 0)
			at = i;
	if (at != SIZE_MAX) {
		const char *rest = f + at + strlen("等");
		size_t rl = len - at - strlen("等");

		if (rl == 0 || (utf8_chars(rest, rl) <= 8 && (strstr(rest, "部门") != NULL ||
		    strstr(rest, "单位") != NULL || strstr(rest, "机构") != NULL ||
		    strstr(rest, "企业") != NULL))) {
			strlist_add_owned(&r->notes, xstrndup(s + at, len - at));
			len = at;
		}
	}
	free(f);
	return len;
}

/* Whether a name ends like the name of a body (so 和 or 及 before it may join two names). */
static bool
body_like(const char *s, size_t len)
{
	static const char *const suffixes[] = {
		"局", "委", "办", "厅", "部", "院", "府", "会", "中心", "处", "所", "队", "司",
		"社", "行", "街道", "镇", "乡", "区", "县", "市", "公司", "单位", "部门", "集团",
		"站", "室", "组", "馆", "署", "团", "联", "协", "科", "股", "庭", "委员会",
	};
	char *f = fold(s, len);
	bool yes = false;

	for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0] && !yes; k++)
		yes = has_suffix(f, len, suffixes[k]);
	free(f);
	return yes;
}

/* Words that stand where a name should and name nobody: 待定, 另定. */
static bool
placeholder(const char *s, size_t len)
{
	static const char *const words[] = { "待定", "另定", "暂无", "无", "另行确定", "视情况确定" };

	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (len == strlen(words[k]) && memcmp(s, words[k], len) == 0)
			return true;
	return false;
}

/* Add one name (trimmed, its qualifier split off into notes) to a list. */
static void
add_name(struct resp *r, struct strlist *to, const char *s, size_t len)
{
	size_t start;

	len = blank_strip(s, len, &start);
	s += start;
	if (has_prefix(s, len, "由")) /* 由市财政局牵头 */
		s += strlen("由"), len -= strlen("由");
	len = split_qualifier(r, s, len);
	if (len == 0 || placeholder(s, len))
		return;
	if (len > strlen("领导") && memcmp(s + len - strlen("领导"), "领导", strlen("领导")) == 0)
		to = &r->supervisors; /* 县政府分管领导: a person, whatever the verb */
	strlist_add_owned(to, xstrndup(s, len));
}

/* The characters up to the next 、 (or the end), from s. */
static size_t
piece_chars(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len && !has_prefix(s + i, len - i, "、")) {
		i += (size_t)utf8_decode(s + i, len - i, &(uint32_t){ 0 });
		n++;
	}
	return n;
}

static bool
place_kind(const char *s, size_t len)
{
	return has_prefix(s, len, "区") || has_prefix(s, len, "县") || has_prefix(s, len, "市") ||
	    has_prefix(s, len, "镇") || has_prefix(s, len, "乡") || has_prefix(s, len, "街道") ||
	    has_prefix(s, len, "區") || has_prefix(s, len, "縣");
}

/*
 * Whether a 、 between two pieces of a list lies inside one collective name that lists
 * places, 各县、市、区政府 or 各区、县（市）政府: a piece is a single character, or the
 * piece is 各 and a place and the next begins with another.
 */
static bool
inside_collective(const char *piece, size_t plen, const char *next, size_t nlen)
{
	size_t b = blank_span(piece, plen), n = utf8_chars(piece + b, plen - b);

	if (n == 1 || piece_chars(next, nlen) == 1)
		return true;
	return n == 2 && has_prefix(piece + b, plen - b, "各") && place_kind(piece + b + 3, plen - b - 3) &&
	    place_kind(next, nlen);
}

/*
 * Split a list of names at 、，, and at 及 和 与 以及 where both sides are names of bodies,
 * never inside brackets: 各县（市、区）人民政府 is one name.
 */
void
resp_split_names(struct resp *r, struct strlist *to, const char *s, size_t len)
{
	static const char *const seps[] = { "、", "，", ",", "；", ";", "/", "／" };
	static const char *const joins[] = { "以及", "及", "和", "与", "會同", "会同" };
	size_t i = 0, start = 0, piece = 0, n;
	int depth = 0;

	while (i < len) {
		if ((n = bracket_at(s + i, len - i, open_brackets)) != 0) {
			depth++;
			i += n;
			continue;
		}
		if ((n = bracket_at(s + i, len - i, close_brackets)) != 0) {
			depth -= depth > 0;
			i += n;
			continue;
		}
		n = 0;
		for (size_t k = 0; depth == 0 && k < sizeof seps / sizeof seps[0] && n == 0; k++)
			if (has_prefix(s + i, len - i, seps[k]))
				n = strlen(seps[k]);
		for (size_t k = 0; depth == 0 && k < sizeof joins / sizeof joins[0] && n == 0; k++)
			if (has_prefix(s + i, len - i, joins[k]) && body_like(s + start, i - start) &&
			    i + strlen(joins[k]) < len)
				n = strlen(joins[k]);
		if (n != 0 && !(has_prefix(s + i, len - i, "、") && inside_collective(s + piece, i - piece,
		    s + i + n, len - i - n))) {
			add_name(r, to, s + start, i - start);
			i += n;
			start = piece = i;
			continue;
		}
		if (n != 0) {
			i += n; /* 各县、市、区政府: one name, the places listed in it */
			piece = i;
			continue;
		}
		i += (size_t)utf8_decode(s + i, len - i, &(uint32_t){ 0 });
	}
	add_name(r, to, s + start, len - start);
}

/* People named as supervising: 张三、李四. */
static void
split_people(struct strlist *to, const char *s, size_t len)
{
	size_t start = 0, i = 0;

	while (i <= len) {
		if (i == len || has_prefix(s + i, len - i, "、") || has_prefix(s + i, len - i, "，") ||
		    s[i] == ',') {
			size_t b, n = blank_strip(s + start, i - start, &b);

			if (n != 0)
				strlist_add_owned(to, xstrndup(s + start + b, n));
			if (i == len)
				break;
			i += s[i] == ',' ? 1 : strlen("、");
			start = i;
			continue;
		}
		i += (size_t)utf8_decode(s + i, len - i, &(uint32_t){ 0 });
	}
}

static struct strlist *
role_list(struct resp *r, enum role role)
{
	switch (role) {
	case ROLE_LEAD:
		return &r->lead;
	case ROLE_RESPONSIBLE:
		return &r->responsible;
	case ROLE_COOPERATE:
		return &r->cooperate;
	default:
		return NULL;
	}
}

/* Whether names s[0..len) look like names, not a sentence. */
static bool
names_plausible(const char *s, size_t len)
{
	if (len == 0 || utf8_chars(s, len) > 4 * MAX_NAME_CHARS)
		return false;
	for (size_t i = 0; i < len; i++)
		if (has_prefix(s + i, len - i, "。") || has_prefix(s + i, len - i, "！"))
			return false;
	return true;
}

/* A deadline phrase standing alone: 2023年底前完成, 长期坚持. */
static bool
is_deadline(const char *s, size_t len)
{
	static const char *const phrases[] = {
		"长期坚持", "持续推进", "持续实施", "长期推进", "持续开展", "长期", "持续",
	};

	for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++)
		if (len == strlen(phrases[k]) && memcmp(s, phrases[k], len) == 0)
			return true;
	return len >= 5 && s[0] >= '1' && s[0] <= '2' && strspn(s, "0123456789") == 4 &&
	    has_prefix(s + 4, len - 4, "年") && utf8_chars(s, len) <= 24 &&
	    (memmem(s, len, "前", strlen("前")) != NULL || memmem(s, len, "底", strlen("底")) ||
	    has_suffix(s, len, "完成") || has_suffix(s, len, "年"));
}

/* Whether s states the rule that the first unit named leads (列第一位的为牵头单位). */
bool
resp_states_rule(const char *s, size_t len)
{
	char *f = fold(s, len);
	bool yes = strstr(f, "牵头单位") != NULL && (strstr(f, "第一位") != NULL ||
	    strstr(f, "首位") != NULL || strstr(f, "第一个") != NULL ||
	    strstr(f, "排名第一") != NULL || strstr(f, "排第一") != NULL);

	free(f);
	return yes;
}

/* The segments of a responsibility, split at top-level ，,；;。 */
struct segment {
	size_t start, len;
};

static size_t
split_segments(const char *s, size_t len, struct segment *seg, size_t max)
{
	static const char *const seps[] = { "，", ",", "；", ";", "。" };
	size_t n = 0, i = 0, start = 0, w;
	int depth = 0;

	while (i < len && n < max) {
		if ((w = bracket_at(s + i, len - i, open_brackets)) != 0) {
			depth++;
			i += w;
			continue;
		}
		if ((w = bracket_at(s + i, len - i, close_brackets)) != 0) {
			depth -= depth > 0;
			i += w;
			continue;
		}
		w = 0;
		for (size_t k = 0; depth == 0 && k < sizeof seps / sizeof seps[0] && w == 0; k++)
			if (has_prefix(s + i, len - i, seps[k]))
				w = strlen(seps[k]);
		if (w != 0) {
			seg[n++] = (struct segment){ start, i - start };
			i += w;
			start = i;
			continue;
		}
		i += (size_t)utf8_decode(s + i, len - i, &(uint32_t){ 0 });
	}
	if (n < max && start < len)
		seg[n++] = (struct segment){ start, len - start };
	return n;
}

static void
add_text(struct strlist *to, const char *s, size_t len)
{
	size_t start;

	if ((len = blank_strip(s, len, &start)) != 0)
		strlist_add_owned(to, xstrndup(s + start, len));
}

/*
 * One segment: a label and its value (责任单位：甲、乙), names and a verb (甲牵头), a
 * deadline, the rule, or names continuing the last label's list. The role it left in
 * *current; false if it is none of these.
 */
static bool
take_segment(struct resp *r, const char *s, const char *f, size_t len, enum role *current)
{
	size_t i = blank_span(f, len);

	len = blank_trim(f, len);
	if (i >= len)
		return true; /* an empty segment: 甲牵头，，乙配合 */
	for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
		size_t at = i + strlen(labels[k].word);

		if (!has_prefix(f + i, len - i, labels[k].word))
			continue;
		if (!take_colon(f, len, &at) && labels[k].role != ROLE_DEADLINE)
			continue;
		at += blank_span(f + at, len - at);
		*current = labels[k].role;
		if (labels[k].role == ROLE_SUPERVISOR) {
			split_people(&r->supervisors, s + at, len - at);
			return true;
		}
		if (labels[k].role == ROLE_DEADLINE) {
			if (at == i + strlen(labels[k].word))
				take_colon(f, len, &at);
			add_text(&r->deadlines, s + at, len - at);
			return true;
		}
		if (labels[k].role == ROLE_DIVISION)
			return resp_parse(s + at, len - at, r);
		return take_segment(r, s + at, f + at, len - at, current) || true;
	}
	if (resp_states_rule(f + i, len - i)) {
		r->first_leads = true;
		strlist_add_owned(&r->notes, xstrndup(s + i, len - i));
		*current = ROLE_NONE; /* 列第一位的为牵头单位，下同: what follows is a note */
		return true;
	}
	for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
		size_t vl = strlen(verbs[k].word);

		if (!has_suffix(f + i, len - i, verbs[k].word))
			continue;
		if (len - i == vl) { /* the verb alone */
			if (verbs[k].role == ROLE_LEAD) /* (牵头负责,…): the source left the lead out */
				r->lead_missing = true;
			r->by_division |= verbs[k].division;
			r->separately |= verbs[k].separately;
			if (verbs[k].role == ROLE_LEAD || *current != ROLE_NONE) {
				*current = verbs[k].role;
				return true;
			}
			return false;
		}
		if (!names_plausible(f + i, len - i - vl))
			continue;
		r->by_division |= verbs[k].division;
		r->separately |= verbs[k].separately;
		resp_split_names(r, role_list(r, verbs[k].role), s + i, len - i - vl);
		*current = verbs[k].role;
		return true;
	}
	if (is_deadline(f + i, len - i)) {
		add_text(&r->deadlines, s + i, len - i);
		return true;
	}
	if (role_list(r, *current) != NULL && names_plausible(f + i, len - i)) {
		resp_split_names(r, role_list(r, *current), s + i, len - i);
		return true;
	}
	return false;
}

/* Units named responsible beside a lead work with it: 甲牵头，乙按职责分工负责 is 乙 cooperating. */
void
resp_normalize(struct resp *r)
{
	if (r->lead.n == 0 || r->responsible.n == 0)
		return;
	for (size_t i = 0; i < r->responsible.n; i++)
		strlist_add_owned(&r->cooperate, r->responsible.v[i]);
	r->responsible.n = 0;
}

/* Names met before their verb, put before the names the verb gave the same role. */
static void
take_pending(struct resp *r, struct strlist *to, const char *s, const struct segment *seg,
    size_t n)
{
	struct strlist first = { 0 };

	for (size_t k = 0; k < n; k++)
		resp_split_names(r, &first, s + seg[k].start, seg[k].len);
	for (size_t k = 0; k < to->n; k++)
		strlist_add_owned(&first, to->v[k]);
	free(to->v);
	*to = first;
}

/*
 * Read s[0..len) (inside its brackets, if it has them) as a responsibility; false if it is
 * not one. Segments the grammar does not know, after one it does, are kept as notes.
 */
bool
resp_parse(const char *s, size_t len, struct resp *r)
{
	struct segment seg[32];
	char *f = fold(s, len);
	enum role current = ROLE_NONE;
	size_t n = split_segments(f, len, seg, 32), known = 0, pending = 0;
	bool ok = true;

	for (size_t k = 0; k < n && ok; k++) {
		if (take_segment(r, s + seg[k].start, f + seg[k].start, seg[k].len, &current)) {
			known++;
			if (pending != 0 && role_list(r, current) != NULL)
				take_pending(r, role_list(r, current), s, seg + k - pending, pending);
			ok = pending == 0 || role_list(r, current) != NULL;
			pending = 0;
		} else if (known != 0)
			strlist_add_owned(&r->notes, xstrndup(s + seg[k].start, seg[k].len));
		else if (names_plausible(f + seg[k].start, seg[k].len) &&
		    body_like(f + seg[k].start, blank_trim(f + seg[k].start, seg[k].len)))
			pending++; /* 甲，乙配合: names waiting for the verb that gives their role */
		else
			ok = false;
	}
	free(f);
	resp_normalize(r);
	return ok && pending == 0 && (r->lead.n + r->responsible.n + r->cooperate.n != 0 ||
	    r->supervisors.n != 0 || (r->lead_missing && r->cooperate.n + r->responsible.n != 0) ||
	    (r->deadlines.n != 0 && current == ROLE_DEADLINE));
}

/*
 * A bracket holding names and nothing else, （市发改委、市财政局）: the units responsible,
 * when every one reads as the name of a body.
 */
static bool
resp_bare(const char *s, size_t len, struct resp *r)
{
	struct strlist names = { 0 };
	bool ok;

	resp_split_names(r, &names, s, len);
	ok = names.n != 0 && names.n <= 16 && r->notes.n <= 1;
	for (size_t k = 0; ok && k < names.n; k++) {
		size_t nl = strlen(names.v[k]), n = utf8_chars(names.v[k], nl);

		ok = n >= 3 && n <= 24 && body_like(names.v[k], nl) &&
		    !has_any(names.v[k], nl, "。", "“", "”", "《", "：");
	}
	if (!ok) {
		strlist_free(&names);
		strlist_free(&r->notes);
		return false;
	}
	r->responsible = names;
	return true;
}

/* Whether a line holds nothing but blanks and closing punctuation from s[i] on. */
static size_t
trailing_punct(const char *s, size_t len, size_t i)
{
	static const char *const punct[] = { "。", "；", "，", ".", ";", ",", " ", "\t", "　" };
	bool more = true;

	while (more && i < len) {
		more = false;
		for (size_t k = 0; k < sizeof punct / sizeof punct[0] && !more; k++)
			if (has_prefix(s + i, len - i, punct[k])) {
				i += strlen(punct[k]);
				more = true;
			}
	}
	return i;
}

/* The start of the bracket group that closes at s[close], counting nesting; SIZE_MAX if none. */
static size_t
group_start(const char *s, size_t len, size_t close)
{
	int depth = 0;

	for (size_t i = close + 1; i-- > 0;) {
		if (bracket_at(s + i, len - i, close_brackets) != 0)
			depth++;
		else if (bracket_at(s + i, len - i, open_brackets) != 0 && --depth == 0)
			return i;
	}
	return SIZE_MAX;
}

/* Parse the inside of a bracket group: a responsibility in words, or names alone. */
static bool
parse_group(const char *s, size_t len, struct resp *r)
{
	if (resp_parse(s, len, r))
		return true;
	resp_free(r);
	if (resp_bare(s, len, r))
		return true;
	resp_free(r);
	return false;
}

/* Whether only closing punctuation and closing brackets follow s[i]. */
static bool
only_closing_after(const char *s, size_t len, size_t i)
{
	size_t n;

	while ((i = trailing_punct(s, len, i)) < len)
		if ((n = bracket_at(s + i, len - i, close_brackets)) != 0)
			i += n;
		else
			return false;
	return true;
}

/*
 * A bracket group closing the line, then only closing punctuation: tried from the last
 * closing bracket back, so that a stray one (…配合））) does not hide the group.
 */
static size_t
bracket_tail(const char *s, size_t len, size_t *end, struct resp *r)
{
	size_t closes[8], n = 0;

	for (size_t i = 0; i < len; i += (size_t)utf8_decode(s + i, len - i, &(uint32_t){ 0 }))
		if (bracket_at(s + i, len - i, close_brackets) != 0 &&
		    only_closing_after(s, len, i + bracket_at(s + i, len - i, close_brackets)))
			closes[n < 8 ? n++ : 7] = i;
	while (n-- > 0) {
		size_t open = group_start(s, len, closes[n]), ow;

		if (open == SIZE_MAX)
			continue;
		ow = bracket_at(s + open, len - open, open_brackets);
		if (parse_group(s + open + ow, closes[n] - open - ow, r)) {
			*end = closes[n] + bracket_at(s + closes[n], len - closes[n], close_brackets);
			return open;
		}
	}
	return SIZE_MAX;
}

/* A bracket opened and never closed before the line ends: （区城管局牵头，各街道办事处配合 */
static size_t
unclosed_tail(const char *s, size_t len, size_t *end, struct resp *r)
{
	size_t open = SIZE_MAX, stop = len;
	int depth = 0;

	for (size_t i = 0, n; i < len; i += n) {
		n = (size_t)utf8_decode(s + i, len - i, &(uint32_t){ 0 });
		if (bracket_at(s + i, len - i, open_brackets) != 0) {
			if (depth++ == 0)
				open = i;
		} else if (bracket_at(s + i, len - i, close_brackets) != 0 && depth > 0)
			depth--;
	}
	if (depth == 0 || open == SIZE_MAX)
		return SIZE_MAX;
	while (stop > open && (has_suffix(s, stop, "。") || has_suffix(s, stop, "；")))
		stop -= strlen("。");
	if (!parse_group(s + open + bracket_at(s + open, len - open, open_brackets),
	    stop - open - bracket_at(s + open, len - open, open_brackets), r))
		return SIZE_MAX;
	*end = stop;
	return open;
}

/* The labels that may close a line's text: …。责任单位：甲、乙 */
static const char *const tail_labels[] = { "责任单位", "牵头单位", "責任單位", "牽頭單位" };

static bool
tail_label_at(const char *s, size_t len)
{
	for (size_t k = 0; k < sizeof tail_labels / sizeof tail_labels[0]; k++)
		if (has_prefix(s, len, tail_labels[k]))
			return true;
	return false;
}

/* A label opening a sentence, to the end of the line: …。责任单位：甲、乙 */
static size_t
label_tail(const char *s, size_t len, size_t *end, struct resp *r)
{
	for (size_t i = len; i-- > 1;) {
		size_t stop = len;

		if (!tail_label_at(s + i, len - i))
			continue;
		if (!has_suffix(s, i, "。") && !has_suffix(s, i, "；") && !has_suffix(s, i, " ") && !has_suffix(s, i, "　"))
			continue;
		while (stop > i && (has_suffix(s, stop, "。") || has_suffix(s, stop, "；")))
			stop -= strlen("。");
		if (resp_parse(s + i, stop - i, r)) {
			*end = stop;
			return i;
		}
		resp_free(r);
	}
	return SIZE_MAX;
}

/* Whether a responsibility could begin in s[0..len): it holds a bracket or a label's word. */
bool
resp_may_open(const char *s, size_t len)
{
	for (size_t k = 0; k < NBRACKETS; k++)
		if (memmem(s, len, open_brackets[k], strlen(open_brackets[k])) != NULL)
			return true;
	for (size_t k = 0; k < sizeof tail_labels / sizeof tail_labels[0]; k++)
		if (memmem(s, len, tail_labels[k], strlen(tail_labels[k])) != NULL)
			return true;
	return false;
}

/*
 * A responsibility closing the line s[0..len): a bracket group (then only closing
 * punctuation), a bracket the line leaves open, or a label from a sentence's start to the
 * end (…。责任单位：甲). Its start; its end in *end; SIZE_MAX when the line has none. r is
 * filled (pieces not yet in `as`).
 */
size_t
resp_tail(const char *s, size_t len, size_t *end, struct resp *r)
{
	size_t at;

	if ((at = bracket_tail(s, len, end, r)) != SIZE_MAX ||
	    (at = unclosed_tail(s, len, end, r)) != SIZE_MAX)
		return at;
	return label_tail(s, len, end, r);
}

/* Whether the line s[0..len) (indentation skipped) is a responsibility and nothing else. */
bool
resp_line(const char *s, size_t len, struct resp *r)
{
	size_t end, start;

	len = blank_trim(s, len);
	start = resp_tail(s, len, &end, r);
	if (start == 0 && trailing_punct(s, len, end) == len)
		return true;
	if (start != SIZE_MAX)
		resp_free(r);
	while (len > 0 && (has_suffix(s, len, "。") || has_suffix(s, len, "；")))
		len -= strlen("。");
	if (resp_parse(s, len, r)) {
		char *f = fold(s, len);
		bool labelled = false;

		for (size_t k = 0; k < sizeof labels / sizeof labels[0] && !labelled; k++)
			labelled = has_prefix(f, len, labels[k].word);
		free(f);
		if (labelled)
			return true; /* 牵头单位：甲 — a line of names and a verb alone is text */
	}
	resp_free(r);
	return false;
}

/* Whether the responsibility names the department (as written) in any role. */
bool
resp_names(const struct resp *r, const char *dept)
{
	return strlist_has(&r->lead, dept) || strlist_has(&r->cooperate, dept) ||
	    strlist_has(&r->responsible, dept);
}
