/* script.c: traditional and simplified Chinese matched as one (OpenCC behind this file) */
#include <sys/stat.h>

#include <stdio.h>
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
#ifndef OPENCC_DATADIR
#define OPENCC_DATADIR "/usr/share/opencc"
#endif
#ifndef OPENCC_SONAME
#define OPENCC_SONAME "libopencc.so"
#endif

/*
 * OpenCC (and the C++ runtime it brings) is loaded only when the fold table is built, not
 * at every start: its relocations and static constructors were a quarter of the reader's
 * start on the bundled plan, and with the table kept in the cache it is rarely needed.
 */
#define OPENCC_API(X) X(opencc_open) X(opencc_convert_utf8) X(opencc_convert_utf8_free) \
	X(opencc_close)
LIBRARY_API(OPENCC_API, cc);
static void *cc_handle;
static char *cc_problem; /* why OpenCC could not be loaded, or NULL */

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

/* What folding could not open: OpenCC's library, when that is what failed, or script_config(). */
const char *
script_unopened(void)
{
	return cc_problem != NULL ? OPENCC_SONAME : script_config();
}

/* The configuration folding reads: $PLANVIEW_OPENCC_CONFIG, else OpenCC's t2s.json. */
const char *
script_config(void)
{
	const char *env = getenv(SCRIPT_CONFIG_ENV);

	return env != NULL && *env != '\0' ? env : SCRIPT_CONFIG;
}

/*
 * The table kept in the cache directory: asking OpenCC for it takes about 25 ms, on every
 * process, and the answer is the same while OpenCC's files are. The file is this header,
 * then the two tables; it is keyed by those files as they are (see fold_key()).
 */
#define FOLD_FILE "fold.table"
#define FOLD_MAGIC "PVFOLD01"
#define FOLD_FORMAT 1u    /* any change to what fold_keep() keeps is a new one */
#define FOLD_ENDIAN 0x01020304u
struct fold_header {
	char magic[8];
	uint32_t endian, size;  /* size: the two tables' bytes */
	uint64_t key, sum;      /* sum: cache_hash() of the two tables */
};

static bool fold_cache_off; /* --no-cache: the table is neither read nor written */

/* Mix a file's identity as stat() sees it into h (its absence is an identity too). */
static uint64_t
key_stat(const char *path, uint64_t h)
{
	struct stat st;
	int64_t id[8] = { -1 };

	if (stat(path, &st) == 0) {
		id[0] = (int64_t)st.st_dev;
		id[1] = (int64_t)st.st_ino;
		id[2] = (int64_t)st.st_size;
		id[3] = (int64_t)st.st_mtim.tv_sec;
		id[4] = (int64_t)st.st_mtim.tv_nsec;
		id[5] = (int64_t)st.st_ctim.tv_sec;
		id[6] = (int64_t)st.st_ctim.tv_nsec;
		id[7] = (int64_t)st.st_mode;
	}
	return cache_hash(id, sizeof id, cache_hash(path, strlen(path), h));
}

/* Mix in a name as OpenCC may find it: as given, beside the configuration, in its data. */
static uint64_t
key_places(const char *name, const char *config_dir, uint64_t h)
{
	const char *dirs[] = { config_dir, OPENCC_DATADIR };
	char *path;

	h = key_stat(name, h);
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && name[0] != '/'; i++) {
		path = xasprintf("%s/%s", dirs[i], name);
		h = key_stat(path, h);
		free(path);
	}
	return h;
}

/* The file a configuration names first at or after p ("file": "NAME"), or NULL. */
static char *
next_named_file(const char **p)
{
	const char *q, *end;

	while ((q = strstr(*p, "\"file\"")) != NULL) {
		q += strlen("\"file\"");
		q += strspn(q, " \t\r\n");
		*p = q;
		if (*q++ != ':')
			continue;
		q += strspn(q, " \t\r\n");
		if (*q++ != '"' || (end = strchr(q, '"')) == NULL)
			continue;
		*p = end + 1;
		return xstrndup(q, (size_t)(end - q));
	}
	return NULL;
}

/*
 * What the table depends on: this file's way of building it, OpenCC's soname, and every
 * place its configuration and the dictionaries that names could be read from (device,
 * inode, size, mode, modification and change times). The library itself is not loaded to
 * be looked at (sparing that is the point); Debian's libopencc depends on its data at the
 * same version, so a new library comes with new dictionaries. False when the configuration
 * cannot be read: then there is no key, and nothing is cached.
 */
static bool
fold_key(uint64_t *key)
{
	const char *config = script_config(), *p;
	char *path = NULL, *text = NULL, *why = NULL, *dir, *slash, *name;
	uint64_t h = cache_hash(blocks, sizeof blocks, FOLD_FORMAT);
	bool found;
	size_t len;

	h = cache_hash(OPENCC_SONAME, strlen(OPENCC_SONAME), h);
	h = key_places(config, ".", h);
	if ((text = file_read(config, 1 << 20, &len, &why)) != NULL)
		path = xstrdup(config);
	for (const char *suffix = ""; text == NULL && suffix != NULL;
	    suffix = *suffix == '\0' ? ".json" : NULL) {
		free(why);
		why = NULL;
		free(path);
		path = xasprintf("%s/%s%s", OPENCC_DATADIR, config, suffix);
		h = key_stat(path, h);
		text = file_read(path, 1 << 20, &len, &why);
	}
	free(why);
	if (text != NULL) {
		struct strlist keyed = { 0 }; /* t2s.json names one dictionary twice */

		h = cache_hash(text, len, h);
		dir = (slash = strrchr(path, '/')) != NULL ? xstrndup(path, (size_t)(slash - path)) :
		    xstrdup(".");
		for (p = text; (name = next_named_file(&p)) != NULL;)
			if (strlist_has(&keyed, name)) {
				free(name);
			} else {
				h = key_places(name, dir, h);
				strlist_add_owned(&keyed, name);
			}
		strlist_free(&keyed);
		free(dir);
	}
	found = text != NULL;
	free(path);
	free(text);
	*key = h;
	return found;
}

static char *
fold_path(void)
{
	char *dir = fold_cache_off ? NULL : cache_dir(), *path;

	if (dir == NULL)
		return NULL;
	path = xasprintf("%s/%s", dir, FOLD_FILE);
	free(dir);
	return path;
}

static uint64_t
fold_sum(void)
{
	return cache_hash(fold_compat, sizeof fold_compat,
	    cache_hash(fold_main, sizeof fold_main, 0));
}

/* Whether every entry is one fold_keep() could have kept. */
static bool
fold_entries_valid(void)
{
	for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
		for (uint32_t cp = blocks[b].first; cp <= blocks[b].last; cp++) {
			uint16_t to = *fold_slot(cp);

			if (to != 0 && (to < 0x800 || (to >= 0xd800 && to <= 0xdfff)))
				return false;
		}
	return true;
}

/* Why a kept table's bytes are not one made under key ("" when made under another), or NULL. */
static const char *
fold_unusable(const char *data, size_t len, uint64_t key)
{
	struct fold_header h;

	if (len < sizeof h || memcmp(data, FOLD_MAGIC, 8) != 0)
		return "not a fold table";
	memcpy(&h, data, sizeof h);
	if (h.endian != FOLD_ENDIAN || h.size != sizeof fold_main + sizeof fold_compat)
		return "written by another kind of machine";
	if (h.key != key)
		return ""; /* OpenCC's files changed: built again, nothing to say */
	if (len != sizeof h + h.size)
		return "truncated or too long";
	memcpy(fold_main, data + sizeof h, sizeof fold_main);
	memcpy(fold_compat, data + sizeof h + sizeof fold_main, sizeof fold_compat);
	if (fold_sum() != h.sum || !fold_entries_valid())
		return "checksum mismatch";
	return NULL;
}

/* Read the kept table made under key; false (the tables zeroed) if it is not that one. */
static bool
fold_load(const char *path, uint64_t key)
{
	size_t len;
	char *why = NULL, *data = file_read(path, 1 << 20, &len, &why);
	const char *bad = data == NULL ? "" : fold_unusable(data, len, key);

	free(why);
	free(data);
	if (bad == NULL)
		return true;
	if (*bad != '\0') /* said once: the table is built again, and kept again */
		cache_warn(path, _(": fold table ignored (%s); rebuilding it\n"), _(bad));
	memset(fold_main, 0, sizeof fold_main);
	memset(fold_compat, 0, sizeof fold_compat);
	return false;
}

/* Keep the table just built, atomically; a cache that cannot be written keeps nothing. */
static void
fold_store(const char *path, uint64_t key)
{
	struct fold_header h = { .endian = FOLD_ENDIAN,
		.size = sizeof fold_main + sizeof fold_compat, .key = key, .sum = fold_sum() };

	memcpy(h.magic, FOLD_MAGIC, 8);
	(void)file_write_pieces(path, (struct file_piece[]){ { (const char *)&h, sizeof h },
	    { (const char *)fold_main, sizeof fold_main },
	    { (const char *)fold_compat, sizeof fold_compat } }, 3, 0600, FILE_CACHE);
}

/* --no-cache: build the table from OpenCC, and keep nothing. */
void
script_no_cache(void)
{
	fold_cache_off = true;
}

static bool
fold_build(void)
{
	struct buf in = { 0 };
	opencc_t oc;
	char *out;
	bool ok;

	if (!dl_load(&cc_handle, OPENCC_SONAME, cc_names, LIBRARY_COUNT(cc), (void **)&cc,
	    &cc_problem) || (oc = cc.opencc_open(script_config())) == (opencc_t)-1)
		return false;
	fold_input(&in);
	out = cc.opencc_convert_utf8(oc, in.s, in.len);
	ok = out != NULL && fold_read(out);
	if (out != NULL)
		cc.opencc_convert_utf8_free(out);
	cc.opencc_close(oc);
	buf_free(&in);
	if (!ok) { /* a half-read table would fold some characters and not others */
		memset(fold_main, 0, sizeof fold_main);
		memset(fold_compat, 0, sizeof fold_compat);
	}
	return ok;
}

/*
 * The table from the cache when it was made from OpenCC's files as they are, else from
 * OpenCC, then kept. It is kept only when those files did not change while it was built.
 */
static bool
fold_get(void)
{
	char *path = fold_path();
	uint64_t key, after;
	bool keyed = path != NULL && fold_key(&key), ok;

	if (keyed && fold_load(path, key)) {
		free(path);
		return true;
	}
	ok = fold_build();
	if (ok && keyed && fold_key(&after) && after == key)
		fold_store(path, key);
	free(path);
	return ok;
}

/* Whether OpenCC and its data could be opened (tried once, on the first call of any). */
bool
script_ready(void)
{
	if (fold_state == FOLD_UNTRIED)
		fold_state = fold_get() ? FOLD_READY : FOLD_MISSING;
	return fold_state == FOLD_READY;
}

/* Whether folding was tried and could not be had: OpenCC's data is missing. */
bool
script_missing(void)
{
	return fold_state == FOLD_MISSING;
}

/*
 * What to say when folding was tried and is off because OpenCC's data is missing (the
 * caller's to free), or NULL.
 */
char *
script_warning(void)
{
	if (!script_missing())
		return NULL;
	return xasprintf(_("OpenCC's data is missing (cannot open %s): traditional and simplified "
	    "characters match only as written; install libopencc-data"), script_unopened());
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
