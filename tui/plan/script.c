/* script.c: traditional and simplified Chinese matched as one (OpenCC behind this file) */
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "plan/plan.h"

/*
 * The configuration OpenCC converts with; a test build points it at nothing, and
 * $PLANVIEW_OPENCC_CONFIG, when set, names another (the tests point it at an empty
 * directory to see planview without OpenCC's data).
 */
#ifndef SCRIPT_CONFIG
#define SCRIPT_CONFIG OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP
#endif
#define SCRIPT_CONFIG_ENV "PLANVIEW_OPENCC_CONFIG"

/*
 * The fold table: for each character of the CJK blocks, its simplified form, or 0 when it
 * is its own. Every character of these blocks is three bytes in UTF-8 and so is every
 * entry kept, which is what keeps byte offsets valid. 56 KiB, static: nothing to free.
 */
struct block {
	uint32_t first, last;
};
static const struct block blocks[] = {
	{ 0x3400, 0x9fff }, /* Extension A, Yijing symbols, Unified Ideographs */
	{ 0xf900, 0xfaff }, /* Compatibility Ideographs */
};
#define MAIN_SIZE (0x9fff - 0x3400 + 1)
#define COMPAT_SIZE (0xfaff - 0xf900 + 1)
static uint16_t fold_main[MAIN_SIZE];
static uint16_t fold_compat[COMPAT_SIZE];

static enum { FOLD_UNTRIED, FOLD_READY, FOLD_MISSING } fold_state;

static uint16_t *
fold_slot(uint32_t cp)
{
	if (cp >= 0x3400 && cp <= 0x9fff)
		return &fold_main[cp - 0x3400];
	if (cp >= 0xf900 && cp <= 0xfaff)
		return &fold_compat[cp - 0xf900];
	return NULL;
}

/* Every character of the blocks, one a line: no phrase rule can join two of them. */
static void
fold_input(struct buf *in)
{
	char u[4];

	for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
		for (uint32_t cp = blocks[b].first; cp <= blocks[b].last; cp++) {
			buf_add(in, u, utf8_encode(cp, u));
			buf_putc(in, '\n');
		}
}

/* Keep one line's result when it is one character of the same length; false if misaligned. */
static bool
fold_keep(uint32_t from, const char *line, size_t len)
{
	uint32_t to;

	if (len == 0)
		return false;
	if (utf8_decode(line, len, &to) != len || to == from)
		return true; /* several characters, or itself: no entry */
	if (to >= 0x800 && to <= 0xffff && (to < 0xd800 || to > 0xdfff))
		*fold_slot(from) = (uint16_t)to;
	return true;
}

/* Read OpenCC's output back, line by line against the input's characters. */
static bool
fold_read(const char *out)
{
	const char *line = out, *nl;

	for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
		for (uint32_t cp = blocks[b].first; cp <= blocks[b].last; cp++) {
			if ((nl = strchr(line, '\n')) == NULL ||
			    !fold_keep(cp, line, (size_t)(nl - line)))
				return false;
			line = nl + 1;
		}
	return *line == '\0';
}

/* The configuration folding reads: $PLANVIEW_OPENCC_CONFIG, else OpenCC's t2s.json. */
const char *
script_config(void)
{
	const char *env = getenv(SCRIPT_CONFIG_ENV);

	return env != NULL && *env != '\0' ? env : SCRIPT_CONFIG;
}

static bool
fold_build(void)
{
	struct buf in = { 0 };
	opencc_t cc;
	char *out;
	bool ok;

	if ((cc = opencc_open(script_config())) == (opencc_t)-1)
		return false;
	fold_input(&in);
	out = opencc_convert_utf8(cc, in.s, in.len);
	ok = out != NULL && fold_read(out);
	if (out != NULL)
		opencc_convert_utf8_free(out);
	opencc_close(cc);
	buf_free(&in);
	if (!ok) { /* a half-read table would fold some characters and not others */
		memset(fold_main, 0, sizeof fold_main);
		memset(fold_compat, 0, sizeof fold_compat);
	}
	return ok;
}

/* Whether OpenCC and its data could be opened (tried once, on the first call of any). */
bool
script_ready(void)
{
	if (fold_state == FOLD_UNTRIED)
		fold_state = fold_build() ? FOLD_READY : FOLD_MISSING;
	return fold_state == FOLD_READY;
}

/* Whether folding was tried and could not be had: OpenCC's data is missing. */
bool
script_missing(void)
{
	return fold_state == FOLD_MISSING;
}

/* The simplified form of a character, or the character itself. */
uint32_t
script_fold_cp(uint32_t cp)
{
	uint16_t *slot;

	if (!script_ready() || (slot = fold_slot(cp)) == NULL || *slot == 0)
		return cp;
	return *slot;
}

/*
 * The byte offset of the first character at or after i that folds to another, its entry
 * in *slot; len if none does. Only three-byte sequences can fold, read here without a
 * decoder call: this runs over every subject a folding search looks at.
 */
static size_t
next_folding(const unsigned char *p, size_t i, size_t len, uint16_t **slot)
{
	for (; i + 2 < len; i++) {
		if ((p[i] & 0xf0) != 0xe0 || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80)
			continue; /* ASCII, another length, or a continuation byte */
		*slot = fold_slot((uint32_t)(p[i] & 0x0f) << 12 | (uint32_t)(p[i + 1] & 0x3f) << 6 |
		    (uint32_t)(p[i + 2] & 0x3f));
		if (*slot != NULL && **slot != 0)
			return i;
		i += 2;
	}
	return len;
}

/* Fold s in place; only same-length replacements, so every byte offset stays valid. */
void
script_fold(char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint16_t *slot;

	if (!script_ready())
		return;
	for (size_t i = next_folding(p, 0, len, &slot); i < len; i = next_folding(p, i + 3, len, &slot))
		utf8_encode(*slot, s + i);
}

/* Whether folding would change s[0..len): false when it is its own folded form. */
bool
script_folds(const char *s, size_t len)
{
	uint16_t *slot;

	return script_ready() && next_folding((const unsigned char *)s, 0, len, &slot) < len;
}

/*
 * The fold table's identity (0 when there is none): a text found to be its own folded form
 * with one table is known to be so again only under the same table.
 */
uint64_t
script_fold_id(void)
{
	static uint64_t id;

	if (!script_ready())
		return 0;
	if (id == 0)
		id = cache_hash(fold_main, sizeof fold_main,
		    cache_hash(fold_compat, sizeof fold_compat, 0)) | 1;
	return id;
}

/* A NUL-terminated folded copy of the first len bytes of s. */
char *
script_fold_copy(const char *s, size_t len)
{
	char *copy = xstrndup(s, len);

	script_fold(copy, len);
	return copy;
}

/* Whether needle is in hay, traditional and simplified characters as one. */
bool
script_contains(const char *hay, const char *needle)
{
	char *h = script_fold_copy(hay, strlen(hay)), *n = script_fold_copy(needle, strlen(needle));
	bool in = strstr(h, n) != NULL;

	free(h);
	free(n);
	return in;
}
