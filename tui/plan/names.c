/* names.c: the standard forms of the names of government bodies (content/name-forms.yaml) */
#include <stdlib.h>
#include <string.h>

#include "plan/plan_int.h"

#define NAMES_SCHEMA 1

/* How a stem names its body, in order of preference when a body lists a stem twice. */
enum stem_kind { STEM_FORM, STEM_SHORT, STEM_ABBREV, STEM_FORMER, STEM_AMBIGUOUS };

/* A stem with the level inside it (团市委): shown instead of prefix + form at that level. */
struct inner {
	const char *stem; /* borrowed from its entry */
	uint32_t cp;      /* the level character inside it */
};

struct body {
	char *id;
	char *forms[LEVEL_MUNICIPALITY + 1]; /* by level; NULL where the level has none */
	enum name_level first;                    /* the level of the first form written */
	bool party;                          /* prefixed 省委/市委... when shown */
	struct inner *inner;
	size_t ninner;
	unsigned line; /* of its id */
};

/* One candidate of a stem: a body, and how the stem names it. */
struct cand {
	size_t body;
	enum stem_kind kind;
};

/* A distinct stem, folded; its candidates are cands[first .. first + n), sorted by id. */
struct entry {
	char *key;  /* folded */
	char *text; /* as the file first writes it */
	size_t len;
	size_t first, n;
	bool generic; /* matched only after a Party prefix (市委办, not 办公室 alone) */
};

struct name_forms {
	struct body *bodies; /* sorted by id */
	size_t nbodies;
	struct entry *entries;
	size_t nentries;
	struct cand *cands;
	size_t ncands;
	uint32_t *slots;   /* open-addressing hash: entry index + 1, 0 when free */
	size_t nslots;
};

/* A stem as the file lists it, before the stems are grouped. */
struct row {
	char *text; /* as written */
	char *key;  /* folded */
	char *id;   /* the body's id; for an ambiguous form, one of its ids */
	size_t body;
	enum stem_kind kind;
	unsigned line, col;   /* the stem's place in the file */
	unsigned iline, icol; /* an ambiguous form's id's place */
	size_t seq;           /* order in the file */
};

/* What a load collects as it walks the tree. */
struct load {
	const char *path;
	struct diags *diags;
	struct body *bodies;
	size_t nbodies;
	struct row *rows;
	size_t nrows;
};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* A level word: a prefix of a name (市委, 县) or the end of a place's name (自治州, 市). */
struct affix {
	const char *s;
	enum name_level level;
	bool party;
};

/* The level prefixes a name may carry after its place, longest first (rule 2 of the data). */
static const struct affix prefixes[] = {
	{ "自治区党委", LEVEL_PROVINCE, true },
	{ "区党委", LEVEL_PROVINCE, true }, /* an autonomous region's, written short */
	{ "自治区", LEVEL_PROVINCE, false },
	{ "县委", LEVEL_COUNTY, true },
	{ "地区", LEVEL_CITY, false }, /* a prefecture (喀什地区): before 区 */
	{ "地委", LEVEL_CITY, true }, /* a prefecture's */
	{ "区委", LEVEL_COUNTY, true },
	{ "州委", LEVEL_CITY, true },
	{ "市委", LEVEL_CITY, true },
	{ "旗委", LEVEL_COUNTY, true },
	{ "盟委", LEVEL_CITY, true },
	{ "省委", LEVEL_PROVINCE, true },
	{ "县", LEVEL_COUNTY, false },
	{ "区", LEVEL_COUNTY, false },
	{ "州", LEVEL_CITY, false },
	{ "市", LEVEL_CITY, false },
	{ "旗", LEVEL_COUNTY, false },
	{ "盟", LEVEL_CITY, false },
	{ "省", LEVEL_PROVINCE, false },
};

/* What a place name ends with, longest first. */
static const struct affix suffixes[] = {
	{ "自治区", LEVEL_PROVINCE, false },
	{ "自治县", LEVEL_COUNTY, false },
	{ "自治州", LEVEL_CITY, false },
	{ "自治旗", LEVEL_COUNTY, false },
	{ "地区", LEVEL_CITY, false }, /* a prefecture (喀什地区) */
	{ "县", LEVEL_COUNTY, false },
	{ "区", LEVEL_COUNTY, false },
	{ "州", LEVEL_CITY, false },
	{ "市", LEVEL_CITY, false },
	{ "旗", LEVEL_COUNTY, false },
	{ "盟", LEVEL_CITY, false },
	{ "省", LEVEL_PROVINCE, false },
};

/* The four municipalities: a 市 after one of them is LEVEL_MUNICIPALITY. */
static const char *const municipalities[] = { "上海", "北京", "天津", "重庆" };

/* Stems too general to stand alone: only after a Party prefix (rule 6 of the data). */
static const char *const generic_stems[] = { "办公厅", "办公室" };

/* Words that begin with a level character, which is then no prefix (市场监管局). */
static const char *const level_words[] = { "区域", "县域", "市场", "市容", "市民" };

/* A place name's last character and its suffix that make a common word instead (城市). */
static const char *const not_place_pairs[] = {
	"上市", "园区", "城区", "城市", "市区", "景区", "湾区", "片区", "社区", "老区",
	"街区", "超市", "郊区", "都市",
};

/* Endings of words before a suffix that are no place (示范区, 贫困地区, 全市). */
static const char *const not_place_tails[] = {
	"保护", "先行", "全", "农村", "功能", "发达", "各", "大湾", "开发", "我", "本", "每",
	"民族", "沿海", "示范", "自贸", "试验", "该", "贫困", "边境", "边远", "重点", "风景",
};

/* What may come before the place in a Party body's name or header. */
static const char *const party_leads[] = { "中共", "中国共产党" };

/* What may come before the place in a title (and 2024年). */
static const char *const title_leads[] = {
	"《", "关于", "关于印发", "关于转发", "印发", "转发", "“",
};

static const char *const level_keys[] = { NULL, "province", "city", "county", "municipality" };

/* ---- small string helpers ---- */

static size_t
char_len(const char *s, size_t len)
{
	uint32_t cp;

	return utf8_decode(s, len, &cp);
}

static bool
is_cjk(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0x20000 && cp <= 0x3ffff);
}

static bool
starts_with(const char *s, size_t len, const char *word)
{
	size_t wl = strlen(word);

	return wl <= len && memcmp(s, word, wl) == 0;
}

static bool
ends_with(const char *s, size_t len, const char *word)
{
	size_t wl = strlen(word);

	return wl <= len && memcmp(s + len - wl, word, wl) == 0;
}

static bool
in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return true;
	return false;
}

static bool
ends_with_any(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (ends_with(s, len, list[i]))
			return true;
	return false;
}

static bool
is_ascii_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A blank at the start of s: ASCII white space or the ideographic space; its length or 0. */
static size_t
blank_len(const char *s, size_t len)
{
	if (len > 0 && is_ascii_blank(s[0]))
		return 1;
	return starts_with(s, len, "\u3000") ? 3 : 0;
}

/* A blank at the end of s, likewise. */
static size_t
blank_len_back(const char *s, size_t len)
{
	if (len > 0 && is_ascii_blank(s[len - 1]))
		return 1;
	return ends_with(s, len, "\u3000") ? 3 : 0;
}

/* Narrow [*b, *e) to leave out the blanks around a name. */
static void
trim(const char *s, size_t *b, size_t *e)
{
	size_t n;

	while ((n = blank_len(s + *b, *e - *b)) > 0)
		*b += n;
	while ((n = blank_len_back(s + *b, *e - *b)) > 0)
		*e -= n;
}

static enum name_level
level_of_char(uint32_t cp)
{
	switch (cp) {
	case 0x7701: /* 省 */
		return LEVEL_PROVINCE;
	case 0x5e02: /* 市 */
	case 0x5dde: /* 州 */
	case 0x76df: /* 盟 */
		return LEVEL_CITY;
	case 0x533a: /* 区 */
	case 0x53bf: /* 县 */
	case 0x65d7: /* 旗 */
		return LEVEL_COUNTY;
	}
	return LEVEL_NONE;
}

/* ---- the YAML walk ---- */

typedef void field_fn(struct load *, const struct ynode *, void *);

struct field {
	const char *key;
	bool required;
	field_fn *parse;
};

static void
complain(struct load *l, enum diag_level level, const struct ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
complain(struct load *l, enum diag_level level, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(l->diags, level, l->path, n->line, n->col, fmt, ap);
	va_end(ap);
}

static bool
is_null(const struct ynode *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	return n->type == YNODE_SCALAR && n->plain && n->str != NULL &&
	    in_list(nulls, NELEM(nulls), n->str, strlen(n->str));
}

static const char *
kind_name(const struct ynode *n)
{
	if (is_null(n))
		return "nothing";
	return n->type == YNODE_SCALAR ? "a scalar" : n->type == YNODE_SEQ ? "a list" :
	    "a mapping";
}

/* The string of a scalar node, or NULL after a diagnostic. */
static const char *
get_string(struct load *l, const struct ynode *n, const char *what)
{
	if (n->type != YNODE_SCALAR || n->str == NULL || is_null(n)) {
		complain(l, DIAG_ERROR, n, "%s: expected a string, found %s", what, kind_name(n));
		return NULL;
	}
	if (strlen(n->str) != n->len) {
		complain(l, DIAG_ERROR, n, "%s: NUL character in a string", what);
		return NULL;
	}
	return n->str;
}

/* A stem: a string with no blanks in it. */
static const char *
get_stem(struct load *l, const struct ynode *n, const char *what)
{
	const char *s = get_string(l, n, what);

	if (s == NULL)
		return NULL;
	if (*s == '\0') {
		complain(l, DIAG_ERROR, n, "%s: empty name", what);
		return NULL;
	}
	for (size_t i = 0; s[i] != '\0'; i++)
		if (blank_len(s + i, n->len - i) > 0) {
			complain(l, DIAG_ERROR, n, "%s: '%s' has a blank in it", what, s);
			return NULL;
		}
	return s;
}

static void
walk_map(struct load *l, const struct ynode *map, const char *what,
    const struct field *fields, size_t nfields, void *obj)
{
	const struct ynode *seen[8] = { 0 };
	size_t f;

	if (nfields > NELEM(seen))
		fatal("walk_map: %zu fields", nfields);
	if (map->type != YNODE_MAP) {
		complain(l, DIAG_ERROR, map, "%s: expected a mapping, found %s", what,
		    kind_name(map));
		return;
	}
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *key = map->kids[i];

		if (key->type != YNODE_SCALAR) {
			complain(l, DIAG_ERROR, key, "%s: keys must be plain strings", what);
			continue;
		}
		for (f = 0; f < nfields && strcmp(fields[f].key, key->str) != 0; f++)
			;
		if (f == nfields)
			complain(l, DIAG_WARNING, key, "%s: unknown key '%s' (ignored)", what,
			    key->str);
		else if (seen[f] != NULL)
			complain(l, DIAG_ERROR, key, "%s: duplicate key '%s' (first at line %u)",
			    what, key->str, seen[f]->line);
		else {
			seen[f] = key;
			fields[f].parse(l, map->kids[i + 1], obj);
		}
	}
	for (f = 0; f < nfields; f++)
		if (fields[f].required && seen[f] == NULL)
			complain(l, DIAG_ERROR, map, "%s: missing required key '%s'", what,
			    fields[f].key);
}

#define WALK(l, map, what, fields, obj) walk_map(l, map, what, fields, NELEM(fields), obj)

/* A stem of the body walked last, or (with the id's node) one body of an ambiguous form. */
static void
add_row(struct load *l, const struct ynode *n, const char *text, enum stem_kind kind,
    const struct ynode *id)
{
	l->rows = xgrow(l->rows, l->nrows, sizeof *l->rows);
	l->rows[l->nrows] = (struct row){ .text = xstrdup(text),
	    .key = script_fold_copy(text, strlen(text)),
	    .id = id != NULL ? xstrdup(id->str) : NULL, .body = l->nbodies - 1, .kind = kind,
	    .line = n->line, .col = n->col, .iline = id != NULL ? id->line : 0,
	    .icol = id != NULL ? id->col : 0, .seq = l->nrows };
	l->nrows++;
}

static void
add_stems(struct load *l, const struct ynode *n, const char *what, enum stem_kind kind)
{
	const char *s;

	if (n->type != YNODE_SEQ) {
		complain(l, DIAG_ERROR, n, "%s: expected a list, found %s", what, kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++)
		if ((s = get_stem(l, n->kids[i], what)) != NULL)
			add_row(l, n->kids[i], s, kind, NULL);
}

static bool
id_ok(const char *id)
{
	if (*id == '\0')
		return false;
	for (; *id != '\0'; id++)
		if (!((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9') || *id == '-'))
			return false;
	return true;
}

static void
body_id(struct load *l, const struct ynode *n, void *obj)
{
	struct body *b = obj;
	const char *id = get_string(l, n, "id");

	if (id == NULL)
		return;
	if (!id_ok(id)) {
		complain(l, DIAG_ERROR, n, "id: '%s' is not lower-case ASCII letters, digits "
		    "and hyphens", id);
		return;
	}
	for (size_t i = 0; i + 1 < l->nbodies; i++)
		if (l->bodies[i].id != NULL && strcmp(l->bodies[i].id, id) == 0) {
			complain(l, DIAG_ERROR, n, "id: duplicate body '%s' (first at line %u)",
			    id, l->bodies[i].line);
			return;
		}
	b->id = xstrdup(id);
	b->line = n->line;
}

static void
body_forms(struct load *l, const struct ynode *n, void *obj)
{
	struct body *b = obj;
	size_t lv, levels = 0;
	const char *s;

	if (n->type != YNODE_MAP) {
		complain(l, DIAG_ERROR, n, "forms: expected a mapping, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *key = n->kids[i];

		for (lv = LEVEL_PROVINCE; lv <= LEVEL_MUNICIPALITY; lv++)
			if (key->type == YNODE_SCALAR && strcmp(key->str, level_keys[lv]) == 0)
				break;
		if (lv > LEVEL_MUNICIPALITY) {
			complain(l, DIAG_WARNING, key, "forms: unknown level '%s' (ignored); the "
			    "levels are province, city, county and municipality",
			    key->type == YNODE_SCALAR ? key->str : "?");
			continue;
		}
		if (b->forms[lv] != NULL) {
			complain(l, DIAG_ERROR, key, "forms: duplicate key '%s'", key->str);
			continue;
		}
		if (levels++ == 0)
			b->first = (enum name_level)lv;
		if ((s = get_stem(l, n->kids[i + 1], "forms")) == NULL)
			continue;
		b->forms[lv] = xstrdup(s);
		add_row(l, n->kids[i + 1], s, STEM_FORM, NULL);
	}
	if (levels == 0)
		complain(l, DIAG_ERROR, n, "forms: no level has a form");
}

static void
body_short(struct load *l, const struct ynode *n, void *obj)
{
	(void)obj;
	add_stems(l, n, "short", STEM_SHORT);
}

static void
body_abbrev(struct load *l, const struct ynode *n, void *obj)
{
	(void)obj;
	add_stems(l, n, "abbrev", STEM_ABBREV);
}

static void
body_former(struct load *l, const struct ynode *n, void *obj)
{
	(void)obj;
	add_stems(l, n, "former", STEM_FORMER);
}

static void
body_party(struct load *l, const struct ynode *n, void *obj)
{
	struct body *b = obj;

	if (n->type == YNODE_SCALAR && n->plain && strcmp(n->str, "true") == 0)
		b->party = true;
	else if (n->type == YNODE_SCALAR && n->plain && strcmp(n->str, "false") == 0)
		b->party = false;
	else
		complain(l, DIAG_ERROR, n, "party: expected true or false (unquoted), found %s",
		    n->type == YNODE_SCALAR && !is_null(n) ? n->str : kind_name(n));
}

static void
body_note(struct load *l, const struct ynode *n, void *obj)
{
	(void)obj;
	get_string(l, n, "note");
}

static const struct field body_fields[] = {
	{ "abbrev", false, body_abbrev },
	{ "former", false, body_former },
	{ "forms", true, body_forms },
	{ "id", true, body_id },
	{ "note", false, body_note },
	{ "party", false, body_party },
	{ "short", false, body_short },
};

static void
root_bodies(struct load *l, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type != YNODE_SEQ) {
		complain(l, DIAG_ERROR, n, "bodies: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		l->bodies = xgrow(l->bodies, l->nbodies, sizeof *l->bodies);
		l->bodies[l->nbodies++] = (struct body){ .first = LEVEL_NONE };
		WALK(l, n->kids[i], "body", body_fields, &l->bodies[l->nbodies - 1]);
	}
}

/* An ambiguous form as walked: its text, and its ids (a list), in either order. */
struct ambiguous {
	const struct ynode *form;
	const char *text;
	const struct ynode *ids;
};

static void
amb_form(struct load *l, const struct ynode *n, void *obj)
{
	struct ambiguous *a = obj;

	a->form = n;
	a->text = get_stem(l, n, "form");
}

static void
amb_ids(struct load *l, const struct ynode *n, void *obj)
{
	if (n->type != YNODE_SEQ)
		complain(l, DIAG_ERROR, n, "ids: expected a list, found %s", kind_name(n));
	else if (n->n < 2)
		complain(l, DIAG_WARNING, n, "ids: an ambiguous form needs two bodies or more "
		    "(ignored)");
	else
		((struct ambiguous *)obj)->ids = n;
}

static const struct field amb_fields[] = {
	{ "form", true, amb_form },
	{ "ids", true, amb_ids },
};

static void
root_ambiguous(struct load *l, const struct ynode *n, void *obj)
{
	(void)obj;
	if (is_null(n))
		return;
	if (n->type != YNODE_SEQ) {
		complain(l, DIAG_ERROR, n, "ambiguous: expected a list, found %s", kind_name(n));
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct ambiguous a = { NULL, NULL, NULL };

		WALK(l, n->kids[i], "ambiguous", amb_fields, &a);
		for (size_t k = 0; a.text != NULL && a.ids != NULL && k < a.ids->n; k++)
			if (get_string(l, a.ids->kids[k], "ids") != NULL)
				add_row(l, a.form, a.text, STEM_AMBIGUOUS, a.ids->kids[k]);
	}
}

static void
root_version(struct load *l, const struct ynode *n, void *obj)
{
	(void)obj;
	if (n->type != YNODE_SCALAR || !n->plain || strcmp(n->str, "1") != 0)
		complain(l, DIAG_ERROR, n, "planview-names: expected the schema version %d, "
		    "found %s%s%s", NAMES_SCHEMA, n->type == YNODE_SCALAR ? "'" : "",
		    n->type == YNODE_SCALAR ? n->str : kind_name(n),
		    n->type == YNODE_SCALAR ? "'" : "");
}

static const struct field root_fields[] = {
	{ "ambiguous", false, root_ambiguous },
	{ "bodies", true, root_bodies },
	{ "planview-names", true, root_version },
};

/* ---- from rows to the lookup table ---- */

static int
body_cmp(const void *a, const void *b)
{
	const struct body *x = a, *y = b;

	return strcmp(x->id != NULL ? x->id : "", y->id != NULL ? y->id : "");
}

static const struct body *
body_find(const struct name_forms *nf, const char *id)
{
	struct body key = { .id = (char *)id };

	if (nf->nbodies == 0)
		return NULL;
	return bsearch(&key, nf->bodies, nf->nbodies, sizeof *nf->bodies, body_cmp);
}

/* Each row's body as an index into the sorted bodies; unknown ids are errors. */
static void
rows_resolve(struct load *l, struct name_forms *nf)
{
	for (size_t i = 0; i < l->nrows; i++) {
		struct row *r = &l->rows[i];
		const struct body *b = NULL;

		if (r->id != NULL && (b = body_find(nf, r->id)) == NULL)
			diag_add(l->diags, DIAG_ERROR, l->path, r->iline, r->icol,
			    "ids: unknown body '%s'", r->id);
		r->body = b != NULL ? (size_t)(b - nf->bodies) : SIZE_MAX;
	}
}

static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c == 0)
		c = strcmp(x->id, y->id);
	if (c == 0)
		c = (int)x->kind - (int)y->kind;
	if (c == 0)
		c = x->seq < y->seq ? -1 : x->seq > y->seq;
	return c;
}

/* A stem under two bodies, found while grouping; reported in file order. */
struct clash {
	const struct row *r, *first;
};

static int
clash_cmp(const void *a, const void *b)
{
	const struct clash *x = a, *y = b;

	return x->r->seq < y->r->seq ? -1 : x->r->seq > y->r->seq;
}

static void
clash_report(struct load *l, struct clash *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, clash_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = v[i].r, *f = v[i].first;

		if (r->kind == STEM_AMBIGUOUS || f->kind == STEM_AMBIGUOUS)
			diag_add(l->diags, DIAG_WARNING, l->path, r->line, r->col,
			    "'%s' is both ambiguous and a stem of '%s' (line %u): every body is "
			    "listed", r->text, r->kind == STEM_AMBIGUOUS ? f->id : r->id,
			    f->line);
		else
			diag_add(l->diags, DIAG_WARNING, l->path, r->line, r->col,
			    "'%s' is a stem of both '%s' (line %u) and '%s': both are listed",
			    r->text, f->id, f->line, r->id);
	}
}

/* The earliest row of a group (rows[g .. e)) whose body differs from r's, if any. */
static const struct row *
clash_with(const struct row *rows, size_t g, size_t e, const struct row *r)
{
	const struct row *best = NULL;

	for (size_t i = g; i < e; i++)
		if (rows[i].body != r->body && rows[i].seq < r->seq &&
		    (rows[i].kind != STEM_AMBIGUOUS || r->kind != STEM_AMBIGUOUS) &&
		    (best == NULL || rows[i].seq < best->seq))
			best = &rows[i];
	return best;
}

static void
group_add(struct name_forms *nf, const struct row *rows, size_t g, size_t e)
{
	struct entry *en;

	nf->entries = xgrow(nf->entries, nf->nentries, sizeof *nf->entries);
	en = &nf->entries[nf->nentries++];
	en->key = xstrdup(rows[g].key);
	en->text = xstrdup(rows[g].text);
	en->len = strlen(en->key);
	en->first = nf->ncands;
	en->generic = utf8_chars(en->key, en->len) == 1 ||
	    in_list(generic_stems, NELEM(generic_stems), en->key, en->len);
	for (size_t i = g; i < e; i++) {
		if (i > g && rows[i].body == rows[i - 1].body)
			continue; /* sorted by kind within a body: the first is preferred */
		nf->cands = xgrow(nf->cands, nf->ncands, sizeof *nf->cands);
		nf->cands[nf->ncands++] = (struct cand){ rows[i].body, rows[i].kind };
	}
	en->n = nf->ncands - en->first;
}

/* Group the rows by stem into entries and candidates; clashes are warnings. */
static void
rows_group(struct load *l, struct name_forms *nf)
{
	struct clash *clashes = NULL;
	size_t nclashes = 0, g, e, n = 0;

	for (size_t i = 0; i < l->nrows; i++) /* rows of unknown bodies (errors) go */
		if (l->rows[i].body != SIZE_MAX)
			l->rows[n++] = l->rows[i];
		else {
			free(l->rows[i].text);
			free(l->rows[i].key);
			free(l->rows[i].id);
		}
	l->nrows = n;
	if (l->nrows > 1)
		qsort(l->rows, l->nrows, sizeof *l->rows, row_cmp);
	for (g = 0; g < l->nrows; g = e) {
		for (e = g + 1; e < l->nrows && strcmp(l->rows[e].key, l->rows[g].key) == 0; e++)
			;
		for (size_t i = g; i < e; i++) {
			const struct row *f = clash_with(l->rows, g, e, &l->rows[i]);

			if (f == NULL)
				continue;
			clashes = xgrow(clashes, nclashes, sizeof *clashes);
			clashes[nclashes++] = (struct clash){ &l->rows[i], f };
		}
		group_add(nf, l->rows, g, e);
	}
	clash_report(l, clashes, nclashes);
	free(clashes);
}

static uint32_t
hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void
hash_build(struct name_forms *nf)
{
	for (nf->nslots = 16; nf->nslots < 2 * nf->nentries; nf->nslots *= 2)
		;
	nf->slots = xcalloc(nf->nslots, sizeof *nf->slots);
	for (size_t i = 0; i < nf->nentries; i++) {
		size_t at = hash(nf->entries[i].key, nf->entries[i].len) & (nf->nslots - 1);

		while (nf->slots[at] != 0)
			at = (at + 1) & (nf->nslots - 1);
		nf->slots[at] = (uint32_t)i + 1;
	}
}

static const struct entry *
lookup(const struct name_forms *nf, const char *s, size_t len)
{
	size_t at = hash(s, len) & (nf->nslots - 1);

	for (; nf->slots[at] != 0; at = (at + 1) & (nf->nslots - 1)) {
		const struct entry *en = &nf->entries[nf->slots[at] - 1];

		if (en->len == len && memcmp(en->key, s, len) == 0)
			return en;
	}
	return NULL;
}

/* Whether the entry names the body (any kind but ambiguous). */
static bool
entry_names(const struct name_forms *nf, const struct entry *en, size_t body)
{
	for (size_t i = en->first; i < en->first + en->n; i++)
		if (nf->cands[i].body == body && nf->cands[i].kind != STEM_AMBIGUOUS)
			return true;
	return false;
}

/*
 * The level inside a stem of one body (团市委: 市), told by the stem without that character
 * being the same body's (团委). LEVEL_NONE when there is none.
 */
static enum name_level
inner_level(const struct name_forms *nf, const struct entry *en, const char *s, size_t len,
    size_t *at)
{
	char tmp[256];
	const struct entry *rest;
	uint32_t cp;
	size_t n;

	if (en->n != 1 || len > sizeof tmp)
		return LEVEL_NONE;
	for (size_t i = char_len(s, len); i < len; i += n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (level_of_char(cp) == LEVEL_NONE)
			continue;
		memcpy(tmp, s, i);
		memcpy(tmp + i, s + i + n, len - i - n);
		rest = lookup(nf, tmp, len - n);
		if (rest != NULL && entry_names(nf, rest, nf->cands[en->first].body)) {
			if (at != NULL)
				*at = i;
			return level_of_char(cp);
		}
	}
	return LEVEL_NONE;
}

static void
inner_find(struct name_forms *nf)
{
	for (size_t i = 0; i < nf->nentries; i++) {
		const struct entry *en = &nf->entries[i];
		struct body *b;
		size_t at;

		if (inner_level(nf, en, en->key, en->len, &at) == LEVEL_NONE)
			continue;
		b = &nf->bodies[nf->cands[en->first].body];
		b->inner = xgrow(b->inner, b->ninner, sizeof *b->inner);
		b->inner[b->ninner].stem = en->text;
		utf8_decode(en->key + at, en->len - at, &b->inner[b->ninner].cp);
		b->ninner++;
	}
}

/* Turn what the walk collected into the forms: sorted bodies, entries, hash, inner stems. */
static void
load_finish(struct load *l, struct name_forms *nf)
{
	for (size_t i = 0; i < l->nrows; i++) /* a body's own stems: before the sort */
		if (l->rows[i].kind != STEM_AMBIGUOUS && l->bodies[l->rows[i].body].id != NULL)
			l->rows[i].id = xstrdup(l->bodies[l->rows[i].body].id);
	nf->bodies = l->bodies;
	nf->nbodies = l->nbodies;
	l->bodies = NULL;
	l->nbodies = 0;
	if (nf->nbodies > 1)
		qsort(nf->bodies, nf->nbodies, sizeof *nf->bodies, body_cmp);
	rows_resolve(l, nf);
	rows_group(l, nf);
	hash_build(nf);
	inner_find(nf);
}

static void
load_free(struct load *l)
{
	for (size_t i = 0; i < l->nrows; i++) {
		free(l->rows[i].text);
		free(l->rows[i].key);
		free(l->rows[i].id);
	}
	free(l->rows);
	for (size_t i = 0; i < l->nbodies; i++) {
		free(l->bodies[i].id);
		for (size_t lv = 0; lv <= LEVEL_MUNICIPALITY; lv++)
			free(l->bodies[i].forms[lv]);
	}
	free(l->bodies);
}

/* Load the name forms; NULL after diagnostics (FILE:LINE:COL) if the file has errors. */
struct name_forms *
names_load(const char *path, struct diags *diags)
{
	struct load l = { .path = path, .diags = diags };
	size_t errors = diags_count(diags, DIAG_ERROR);
	struct name_forms *nf;
	struct ynode *root;

	if ((root = yaml_load(path, NULL, NULL, NULL, diags)) == NULL)
		return NULL;
	WALK(&l, root, "name forms", root_fields, NULL);
	ynode_free(root);
	nf = xcalloc(1, sizeof *nf);
	load_finish(&l, nf); /* with errors too: for the diagnostics it adds */
	load_free(&l);
	if (diags_count(diags, DIAG_ERROR) != errors) {
		names_free(nf);
		return NULL;
	}
	return nf;
}

/* Free the forms and everything in them. */
void
names_free(struct name_forms *nf)
{
	if (nf == NULL)
		return;
	for (size_t i = 0; i < nf->nbodies; i++) {
		free(nf->bodies[i].id);
		for (size_t lv = 0; lv <= LEVEL_MUNICIPALITY; lv++)
			free(nf->bodies[i].forms[lv]);
		free(nf->bodies[i].inner);
	}
	free(nf->bodies);
	for (size_t i = 0; i < nf->nentries; i++) {
		free(nf->entries[i].key);
		free(nf->entries[i].text);
	}
	free(nf->entries);
	free(nf->cands);
	free(nf->slots);
	free(nf);
}

/* ---- resolving ---- */

/* What a name resolved to before it is written out: an entry and a level. */
struct found {
	const struct entry *en;
	enum name_level level;
};

static bool
usable(const struct entry *en, bool party)
{
	return en != NULL && (!en->generic || party);
}

/* Whether the place before a prefix 市 is one of the four municipalities (中共天津). */
static enum name_level
municipal(enum name_level level, const char *s, size_t place_len)
{
	if (level == LEVEL_CITY && ends_with_any(municipalities, NELEM(municipalities), s,
	    place_len))
		return LEVEL_MUNICIPALITY;
	return level;
}

/* Rule 1: the whole name is a stem (团市委, 市场监管局, 两办). */
static bool
find_whole(const struct name_forms *nf, const char *s, size_t len, struct found *f)
{
	const struct entry *en = lookup(nf, s, len);

	if (!usable(en, false))
		return false;
	f->en = en;
	f->level = inner_level(nf, en, s, len, NULL);
	return true;
}

/* Whether a one-character place goes before this level word (沛县; but 杭州 is not 杭 + 州). */
static bool
one_char_place(const char *affix)
{
	return strncmp(affix, "县", strlen("县")) == 0 || strncmp(affix, "旗", strlen("旗")) == 0;
}

/* Rule 2: a place (any text), a level prefix and a stem; the leftmost, longest prefix. */
static bool
find_prefixed(const struct name_forms *nf, const char *s, size_t len, struct found *f)
{
	const struct entry *en;
	size_t pl;

	for (size_t i = 0; i < len; i += char_len(s + i, len - i))
		for (size_t p = 0; p < NELEM(prefixes); p++) {
			if (!starts_with(s + i, len - i, prefixes[p].s))
				continue;
			if ((pl = strlen(prefixes[p].s)) == len - i || (i > 0 &&
			    i == char_len(s, len) && !one_char_place(prefixes[p].s)))
				continue;
			en = lookup(nf, s + i + pl, len - i - pl);
			if (!usable(en, prefixes[p].party))
				continue;
			f->en = en;
			f->level = municipal(prefixes[p].level, s, i);
			return true;
		}
	return false;
}

/* Rule 3: a place without a level (浙江金融监管局, 杭州海关): a stem of 2+ characters ends it. */
static bool
find_placed(const struct name_forms *nf, const char *s, size_t len, struct found *f)
{
	const struct entry *en;

	for (size_t i = char_len(s, len); i < len; i += char_len(s + i, len - i)) {
		if (utf8_chars(s + i, len - i) < 2)
			break;
		en = lookup(nf, s + i, len - i);
		if (!usable(en, false))
			continue;
		f->en = en;
		f->level = municipal(inner_level(nf, en, s + i, len - i, NULL), s, i);
		return true;
	}
	return false;
}

/* The body's stem at a level: that level's form, a municipality's city form, or its first. */
static const char *
form_at(const struct body *b, enum name_level level)
{
	if (level != LEVEL_NONE && b->forms[level] != NULL)
		return b->forms[level];
	if (level == LEVEL_MUNICIPALITY && b->forms[LEVEL_CITY] != NULL)
		return b->forms[LEVEL_CITY];
	return b->forms[b->first];
}

/* The bodies a name as written may be: 1 a match, >1 ambiguous (each listed), 0 none. */
size_t
names_resolve(const struct name_forms *nf, const char *written, struct body_match *out,
    size_t max)
{
	size_t b = 0, e = strlen(written), len, n = 0;
	struct found f;
	char *s;

	trim(written, &b, &e);
	len = e - b;
	s = script_fold_copy(written + b, len);
	if (len > 0 && (find_whole(nf, s, len, &f) || find_prefixed(nf, s, len, &f) ||
	    find_placed(nf, s, len, &f)))
		for (n = 0; n < f.en->n; n++) {
			const struct cand *c = &nf->cands[f.en->first + n];
			const struct body *body = &nf->bodies[c->body];

			if (n < max)
				out[n] = (struct body_match){ body->id, f.level,
				    form_at(body, f.level), c->kind == STEM_FORMER };
		}
	free(s);
	return n;
}

/* ---- places ---- */

/* The first entry of a table (longest first) that s starts with; NULL if none. */
static const struct affix *
table_at(const struct affix *table, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (starts_with(s, len, table[i].s))
			return &table[i];
	return NULL;
}

static const struct affix *
suffix_at(const char *s, size_t len)
{
	return table_at(suffixes, NELEM(suffixes), s, len);
}

static const struct affix *
prefix_at(const char *s, size_t len)
{
	return table_at(prefixes, NELEM(prefixes), s, len);
}

/* Where the last character of s starts. */
static size_t
last_char_at(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len - 1] & 0xc0) == 0x80)
		len--;
	return len > 0 ? len - 1 : 0;
}

static bool
is_autonomous(const struct affix *sfx)
{
	return strncmp(sfx->s, "自治", strlen("自治")) == 0;
}

/* Whether name (before sfx) can be a place: not too long, not a common word (城市, 全区). */
static bool
place_ok(const char *name, size_t len, size_t nchars, const struct affix *sfx, bool first)
{
	size_t last = last_char_at(name, len), n = strlen(sfx->s);
	char pair[16];

	if (nchars > (is_autonomous(sfx) ? 12u : first ? 4u : 3u))
		return false;
	if (len - last + n < sizeof pair) {
		memcpy(pair, name + last, len - last);
		memcpy(pair + len - last, sfx->s, n);
		if (in_list(not_place_pairs, NELEM(not_place_pairs), pair, len - last + n))
			return false;
	}
	return !ends_with_any(not_place_tails, NELEM(not_place_tails), name, len);
}

/*
 * One place name at s (a name of CJK characters and a suffix: 天津市, 蔡甸区, 沛县); its byte
 * length, or 0. A one-character name before anything but 县 or 旗 reads on (杭州市, not 杭州).
 */
static size_t
place_segment(const char *s, size_t len, bool first, enum name_level *level)
{
	const struct affix *sfx;
	size_t i = 0, nchars = 0, n;
	uint32_t cp;

	while (i < len && nchars <= 12) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!is_cjk(cp))
			return 0;
		i += n;
		nchars++;
		if ((sfx = suffix_at(s + i, len - i)) == NULL)
			continue;
		if (nchars == 1 && !one_char_place(sfx->s))
			continue;
		if (!place_ok(s, i, nchars, sfx, first))
			return 0;
		*level = sfx->level;
		return i + strlen(sfx->s);
	}
	return 0;
}

/* The places at s (武汉市蔡甸区): their byte length, and the last one's level; 0 if none. */
static size_t
place_run(const char *s, size_t len, enum name_level *level)
{
	size_t at = 0, n, count = 0;
	enum name_level lv = LEVEL_NONE;

	while ((n = place_segment(s + at, len - at, count == 0, &lv)) > 0) {
		if (count++ == 0 && lv == LEVEL_CITY && n == strlen("北京市") &&
		    in_list(municipalities, NELEM(municipalities), s, n - strlen("市")))
			lv = LEVEL_MUNICIPALITY;
		at += n;
		*level = lv;
	}
	return at;
}

/* The length of the longest word of the list that s starts with; 0 if none. */
static size_t
longest_start(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t best = 0;

	for (size_t i = 0; i < n; i++)
		if (starts_with(s, len, list[i]) && strlen(list[i]) > best)
			best = strlen(list[i]);
	return best;
}

/* One lead word, blank or year (2024年) at s; its length, or 0. */
static size_t
lead_word(const char *s, size_t len, bool title)
{
	size_t n;

	if ((n = blank_len(s, len)) > 0 ||
	    (n = longest_start(party_leads, NELEM(party_leads), s, len)) > 0 || !title)
		return n;
	if ((n = longest_start(title_leads, NELEM(title_leads), s, len)) > 0)
		return n;
	for (n = 0; n < len && s[n] >= '0' && s[n] <= '9'; n++)
		;
	return n > 0 && starts_with(s + n, len - n, "年") ? n + strlen("年") : 0;
}

/* How many bytes of lead words start s (中共, and in a title 关于印发《 and a year). */
static size_t
lead_len(const char *s, size_t len, bool title)
{
	size_t at = 0, n;

	while ((n = lead_word(s + at, len - at, title)) > 0)
		at += n;
	return at;
}

/* The place and level a name is prefixed with (天津市财政局: 天津市, municipality). */
enum name_level
names_prefix(const char *written, char **place, size_t *stem_at)
{
	size_t len = strlen(written), lead, run;
	char *s = script_fold_copy(written, len);
	enum name_level level = LEVEL_NONE;
	const struct affix *pre;

	*place = NULL;
	*stem_at = 0;
	lead = lead_len(s, len, false);
	if ((pre = prefix_at(s + lead, len - lead)) != NULL &&
	    longest_start(level_words, NELEM(level_words), s + lead, len - lead) == 0) {
		level = pre->level;
		*stem_at = lead + strlen(pre->s);
	} else if ((run = place_run(s + lead, len - lead, &level)) > 0) {
		*place = xstrndup(written + lead, run);
		*stem_at = lead + run;
		if (starts_with(s + *stem_at, len - *stem_at, "党委"))
			*stem_at += strlen("党委");
		else if (starts_with(s + *stem_at, len - *stem_at, "委"))
			*stem_at += strlen("委");
	}
	free(s);
	return level;
}

/* The place at the start of one line (after 中共, 关于印发...), as written; NULL if none. */
static char *
jurisdiction_of(const char *text, bool title)
{
	size_t len, lead, run;
	enum name_level level;
	char *s, *place = NULL;

	if (text == NULL)
		return NULL;
	len = strlen(text);
	s = script_fold_copy(text, len);
	lead = lead_len(s, len, title);
	if ((run = place_run(s + lead, len - lead, &level)) > 0)
		place = xstrndup(text + lead, run);
	free(s);
	return place;
}

/* A document's jurisdiction from its red-header line, its issuer, or its title; NULL if none. */
char *
names_jurisdiction(const char *title, const char *issuer_mark, const char *issuer)
{
	char *place;

	if ((place = jurisdiction_of(issuer_mark, false)) == NULL &&
	    (place = jurisdiction_of(issuer, false)) == NULL)
		place = jurisdiction_of(title, true);
	return place;
}

/* A document's jurisdiction (天津市): names_jurisdiction() of its matter; NULL if none. */
char *
names_document_place(const struct document *d)
{
	const char *mark = NULL;

	for (size_t i = 0; i < d->nnodes && mark == NULL; i++)
		if (d->nodes[i].kind == NODE_MATTER && d->nodes[i].matter == MATTER_ISSUER_MARK &&
		    d->nodes[i].text.n > 0)
			mark = d->nodes[i].text.v[0];
	return names_jurisdiction(d->title, mark, d->issuer);
}

/* A written name without its level prefix, after a place: 市金融局 in 天津市 is 天津市金融局. */
static char *
placed_name(const char *written, const char *place)
{
	char *wplace, *out;
	size_t stem_at;

	names_prefix(written, &wplace, &stem_at);
	if (wplace != NULL || place == NULL) { /* its own place, or none to give it */
		free(wplace);
		return script_fold_copy(written, strlen(written));
	}
	out = xasprintf("%s%s", place, written + stem_at);
	script_fold(out, strlen(out));
	return out;
}

/*
 * The one body a document's written name stands for, as a name with its place (the
 * document's, unless the name has its own): 市財政局 in a Tianjin plan is 天津市财政局. By
 * the name forms where they know the body, else the written name; folded. Free it.
 */
char *
names_identity(const struct name_forms *nf, const char *written, const char *place)
{
	struct body_match m[2];
	char *wplace, *pplace, *out;
	size_t stem_at;
	enum name_level level, at;

	if (nf == NULL || names_resolve(nf, written, m, 2) != 1)
		return placed_name(written, place);
	names_prefix(written, &wplace, &stem_at);
	level = m[0].level;
	if (wplace == NULL && place != NULL) { /* 人社局, 市教委 in a plan of 天津市: its level */
		at = names_prefix(place, &pplace, &stem_at);
		free(pplace);
		if (level == LEVEL_NONE || (level == LEVEL_CITY && at == LEVEL_MUNICIPALITY))
			level = at;
	}
	out = names_display(nf, m[0].id, level, wplace != NULL ? wplace : place);
	free(wplace);
	script_fold(out, strlen(out));
	return out;
}

/*
 * What a department a document writes is across a library, folded: its registry's full
 * name, or names_identity() with the document's place. Free it.
 */
char *
names_department(const struct document *d, const char *written, const char *place)
{
	const struct department *dept = registry_find(d->registry, written);

	if (dept != NULL && dept->full != NULL)
		return script_fold_copy(dept->full, strlen(dept->full));
	return names_identity(d->names, written, place);
}

/* ---- showing ---- */

static const char *
inner_for(const struct body *b, uint32_t cp)
{
	for (size_t i = 0; i < b->ninner; i++)
		if (b->inner[i].cp == cp)
			return b->inner[i].stem;
	return NULL;
}

/* Where the level goes: the place as given (with 市 added to 天津), or 省/市/县 alone. */
static void
display_where(struct buf *out, const char *place, enum name_level level)
{
	static const char *const nouns[] = { "", "省", "市", "县", "市" };
	size_t len;
	enum name_level lv;
	char *folded;

	if (place == NULL) {
		buf_puts(out, nouns[level]);
		return;
	}
	buf_puts(out, place);
	len = strlen(place);
	folded = script_fold_copy(place, len);
	if (place_run(folded, len, &lv) != len) /* 天津, 杭州: no place name of its own */
		buf_puts(out, nouns[level]);
	free(folded);
}

/* The body's name at a level with a place (天津市财政局); NULL for an unknown id. */
char *
names_display(const struct name_forms *nf, const char *id, enum name_level level, const char *place)
{
	const struct body *b = body_find(nf, id);
	struct buf out = { 0 };
	enum name_level at = level == LEVEL_MUNICIPALITY ? LEVEL_CITY : level;
	const char *inner;
	size_t last;
	uint32_t cp;

	if (b == NULL)
		return NULL;
	if (level == LEVEL_NONE) {
		buf_puts(&out, place != NULL ? place : "");
		buf_puts(&out, form_at(b, level));
		return buf_detach(&out);
	}
	display_where(&out, place, level);
	/* the level character inside a stem: 天津市 and 团市委 make 天津团市委 */
	last = last_char_at(out.s, out.len);
	utf8_decode(out.s + last, out.len - last, &cp);
	cp = script_fold_cp(cp);
	if (level_of_char(cp) == at && (inner = inner_for(b, cp)) != NULL) {
		buf_truncate(&out, last);
		buf_puts(&out, inner);
		return buf_detach(&out);
	}
	if (b->party)
		buf_puts(&out, ends_with(out.s, out.len, "自治区") ? "党委" : "委");
	buf_puts(&out, form_at(b, level));
	return buf_detach(&out);
}
