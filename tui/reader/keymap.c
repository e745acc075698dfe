/* keymap.c: key names, and bindings from keys to the actions of a table given to it. */
#include <stdlib.h>
#include <string.h>

#include "reader/reader.h"

/* Named keys; single characters name themselves, C-x is control, M-x is Escape then x. */
static const struct {
	const char *name;
	keycode key;
} key_names[] = {
	{ "Backspace", KEYC_BACKSPACE },
	{ "BTab", KEYC_BTAB },
	{ "Delete", KEYC_DC },
	{ "Down", KEYC_DOWN },
	{ "End", KEYC_END },
	{ "Enter", '\r' },
	{ "Escape", 27 },
	{ "Home", KEYC_HOME },
	{ "Left", KEYC_LEFT },
	{ "PageDown", KEYC_NPAGE },
	{ "PageUp", KEYC_PPAGE },
	{ "Quote", '"' },	/* so that a quoted sequence can hold it: "F Quote" */
	{ "Right", KEYC_RIGHT },
	{ "Space", ' ' },
	{ "Tab", '\t' },
	{ "Up", KEYC_UP },
};

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/*
 * Whether a key cancels: closes a prompt, a list or the help, gives up a wait. Escape,
 * C-c and C-g, wherever the reader asks for something.
 */
bool
keycode_cancels(keycode k)
{
	return k == KEYC_ESCAPE || k == 3 || k == 7; /* C-c, C-g */
}

/* The key a name stands for (j, Space, C-s, M-v, F1, PageDown); -1 if none. */
int
keycode_parse(const char *name, keycode *out)
{
	uint32_t cp;
	size_t len = strlen(name);
	keycode meta = 0;

	if (strncmp(name, "M-", 2) == 0 && len > 2) {
		meta = KEYC_META;
		name += 2;
		len -= 2;
	}
	for (size_t i = 0; i < NITEMS(key_names); i++)
		if (strcmp(key_names[i].name, name) == 0) {
			*out = meta | key_names[i].key;
			return 0;
		}
	if (name[0] == 'F' && len >= 2 && len <= 3 && strspn(name + 1, "0123456789") == len - 1) {
		int n = atoi(name + 1);

		if (n < 1 || n > 24)
			return -1;
		*out = meta | KEYC_F(n);
		return 0;
	}
	if (strncmp(name, "C-", 2) == 0 && len == 3) {
		char c = name[2];

		if (c >= 'a' && c <= 'z')
			*out = meta | (c - 'a' + 1);
		else if (c >= '@' && c <= '_')
			*out = meta | (c - '@');
		else
			return -1;
		return 0;
	}
	if (utf8_decode(name, len, &cp) != len || cp < 0x21 || cp == 0x7f || cp_is_unsafe(cp))
		return -1;
	*out = meta | (keycode)cp;
	return 0;
}

/* The name of a key, as keycode_parse() reads it. */
char *
keycode_name(keycode key)
{
	const char *prefix = key & KEYC_META ? "M-" : "";
	char utf[5];

	key &= ~KEYC_META;
	for (size_t i = 0; i < NITEMS(key_names); i++)
		if (key_names[i].key == key)
			return xasprintf("%s%s", prefix, key_names[i].name);
	if (key >= KEYC_F(1) && key <= KEYC_F(24))
		return xasprintf("%sF%d", prefix, key - KEYC_F0);
	if (key & KEYC_FKEY)
		return xasprintf("%s<key %d>", prefix, key & ~KEYC_FKEY);
	if (key >= 1 && key <= 26)
		return xasprintf("%sC-%c", prefix, (char)(key - 1 + 'a'));
	if (key < 32) /* C-@, C-[, C-\, C-], C-^, C-_: the names keycode_parse() reads */
		return xasprintf("%sC-%c", prefix, (char)(key + '@'));
	utf[utf8_encode((uint32_t)key, utf)] = '\0';
	return xasprintf("%s%s", prefix, utf);
}

/* An empty keymap whose keys can be bound to the n actions of table (borrowed). */
void
keymap_init(struct keymap *km, const struct action *table, size_t n)
{
	memset(km, 0, sizeof *km);
	km->actions = table;
	km->nactions = n;
}

/* The action of the keymap's table called name, or NULL. */
const struct action *
keymap_action(const struct keymap *km, const char *name)
{
	for (size_t i = 0; i < km->nactions; i++)
		if (strcmp(km->actions[i].name, name) == 0)
			return &km->actions[i];
	return NULL;
}

/* The name of a binding's keys as a keymap file writes them: j, gg, "C-x o". */
char *
binding_name(const struct binding *b)
{
	struct buf out = { 0 };
	bool plain = b->nkeys > 1;

	for (int i = 0; i < b->nkeys; i++)
		plain &= b->keys[i] > 0x20 && b->keys[i] < KEYC_FKEY && b->keys[i] != '"';
	if (b->nkeys > 1 && !plain)
		buf_putc(&out, '"');
	for (int i = 0; i < b->nkeys; i++) {
		char *name = keycode_name(b->keys[i]);

		if (i > 0 && !plain)
			buf_putc(&out, ' ');
		buf_puts(&out, name);
		free(name);
	}
	if (b->nkeys > 1 && !plain)
		buf_putc(&out, '"');
	return buf_detach(&out);
}

/*
 * A keymap's index, a hash table with open addressing, so that each of the 70,000 lines a
 * 1 MiB keymap file can hold is not a walk over the bindings made before it. A slot holds
 * a binding's keys and its index in v (the latest binding of those keys; unbound if its
 * action is NULL), or, with nkeys -1, how many sequences begin with keys[0].
 */
struct keyslot {
	keycode keys[MAX_SEQUENCE];
	int nkeys; /* 0: an empty slot */
	size_t value;
};

static size_t
key_hash(const keycode *keys, int n)
{
	uint64_t h = (uint64_t)(unsigned)n * 0x9e3779b97f4a7c15u;

	for (int i = 0; i < (n < 0 ? 1 : n); i++) {
		h = (h ^ (uint32_t)keys[i]) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	return (size_t)h;
}

/*
 * The slot of n keys (n = -1: of the count of sequences beginning with keys[0]), or the
 * empty slot where it would go.
 */
static struct keyslot *
slot_of(const struct keymap *km, const keycode *keys, int n)
{
	size_t mask = km->nslots - 1, len = (size_t)(n < 0 ? 1 : n) * sizeof *keys;

	for (size_t i = key_hash(keys, n) & mask;; i = (i + 1) & mask) {
		struct keyslot *s = &km->slots[i];

		if (s->nkeys == 0 || (s->nkeys == n && memcmp(s->keys, keys, len) == 0))
			return s;
	}
}

static void
index_grow(struct keymap *km)
{
	struct keyslot *old = km->slots;
	size_t nold = km->nslots;

	km->nslots = nold != 0 ? 2 * nold : 64;
	km->slots = xcalloc(km->nslots, sizeof *km->slots);
	for (size_t i = 0; i < nold; i++)
		if (old[i].nkeys != 0)
			*slot_of(km, old[i].keys, old[i].nkeys) = old[i];
	free(old);
}

/* The slot of n keys (as slot_of()), made if there was none, with the value 0. */
static struct keyslot *
slot_add(struct keymap *km, const keycode *keys, int n)
{
	struct keyslot *s;

	if (2 * (km->nfilled + 1) > km->nslots)
		index_grow(km);
	if ((s = slot_of(km, keys, n))->nkeys == 0) {
		memcpy(s->keys, keys, (size_t)(n < 0 ? 1 : n) * sizeof *keys);
		s->nkeys = n;
		km->nfilled++;
	}
	return s;
}

/* Index every binding of v anew. */
static void
reindex(struct keymap *km)
{
	free(km->slots);
	km->slots = NULL;
	km->nslots = km->nfilled = 0;
	for (size_t i = 0; i < km->n; i++) {
		slot_add(km, km->v[i].keys, km->v[i].nkeys)->value = i;
		if (km->v[i].nkeys > 1)
			slot_add(km, km->v[i].keys, -1)->value++;
	}
}

static struct binding *
find_binding(const struct keymap *km, const keycode *keys, int n)
{
	const struct keyslot *s;

	if (km->nslots == 0 || n < 1 || n > MAX_SEQUENCE)
		return NULL;
	s = slot_of(km, keys, n);
	return s->nkeys != 0 && km->v[s->value].action != NULL ? &km->v[s->value] : NULL;
}

/* How many sequences begin with key. */
static size_t
sequences_from(const struct keymap *km, keycode key)
{
	const struct keyslot *s;

	if (km->nslots == 0)
		return 0;
	s = slot_of(km, &key, -1);
	return s->nkeys != 0 ? s->value : 0;
}

/* Bind a key or a sequence to an action, replacing an earlier binding of the same keys. */
void
keymap_bind(struct keymap *km, const keycode *keys, int n, const struct action *a,
    const char *note)
{
	struct binding *b;

	if (n < 1 || n > MAX_SEQUENCE)
		fatal("keymap_bind: %d keys", n);
	if ((b = find_binding(km, keys, n)) != NULL)
		free(b->note);
	else {
		km->v = xgrow(km->v, km->n, sizeof *km->v);
		b = &km->v[km->n];
		slot_add(km, keys, n)->value = km->n++;
		if (n > 1)
			slot_add(km, keys, -1)->value++;
	}
	memcpy(b->keys, keys, (size_t)n * sizeof *keys);
	b->nkeys = n;
	b->action = a;
	b->note = note != NULL ? xstrdup(note) : NULL;
}

/*
 * Unbind keys, leaving the binding in v without an action until compact(): taking each
 * out of v at once would move all that follow, for each of thousands of unbind lines.
 */
static bool
drop_binding(struct keymap *km, const keycode *keys, int n)
{
	struct binding *b = find_binding(km, keys, n);

	if (b == NULL)
		return false;
	free(b->note);
	b->note = NULL;
	b->action = NULL;
	km->ndropped++;
	if (n > 1)
		slot_of(km, keys, -1)->value--;
	return true;
}

/* Take the dropped bindings out of v, keeping the order of the others. */
static void
compact(struct keymap *km)
{
	size_t kept = 0;

	if (km->ndropped == 0)
		return;
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action != NULL)
			km->v[kept++] = km->v[i];
	km->n = kept;
	km->ndropped = 0;
	reindex(km);
}

/* Remove the binding of a key or sequence; false if it had none. */
bool
keymap_unbind(struct keymap *km, const keycode *keys, int n)
{
	if (!drop_binding(km, keys, n))
		return false;
	compact(km);
	return true;
}

/* The action bound to a key or sequence, or NULL. */
const struct action *
keymap_lookup(const struct keymap *km, const keycode *keys, int n)
{
	const struct binding *b = find_binding(km, keys, n);

	return b != NULL ? b->action : NULL;
}

/*
 * How easily a key is typed on any terminal: a plain character, then Escape and one, then a
 * control key, then a named key (F1, which terminals often take for themselves).
 */
static int
key_rank(keycode k)
{
	if (k & KEYC_FKEY)
		return 3;
	if (k & KEYC_META)
		return 1;
	return k > 0x20 && k != 0x7f ? 0 : 2;
}

static int
binding_rank(const struct binding *b)
{
	int rank = 0;

	for (int i = 0; i < b->nkeys; i++)
		rank += key_rank(b->keys[i]) * 4 + 1;
	return rank;
}

/*
 * The name of the key to name in messages for an action (help: h, or M-?, or F1): of its
 * bindings, the easiest to type, the first made among equals. NULL if it has none.
 */
char *
keymap_key_of(const struct keymap *km, const char *action)
{
	const struct binding *best = NULL;

	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].action != NULL && strcmp(km->v[i].action->name, action) == 0 &&
		    (best == NULL || binding_rank(&km->v[i]) < binding_rank(best)))
			best = &km->v[i];
	return best != NULL ? binding_name(best) : NULL;
}

/* Whether key begins a sequence, so the reader waits for the next key. */
bool
keymap_is_prefix(const struct keymap *km, keycode key)
{
	return sequences_from(km, key) > 0;
}

/* The bindings as keymap lines, in the order they were made: planview --dump-keymap. */
void
keymap_dump(const struct keymap *km, struct buf *out)
{
	for (size_t i = 0; i < km->n; i++) {
		char *name = binding_name(&km->v[i]);
		size_t w = utf8_width(name, strlen(name), false);

		buf_printf(out, "bind %s ", name);
		for (; w < 10; w++)
			buf_putc(out, ' ');
		buf_puts(out, km->v[i].action->name);
		if (km->v[i].note != NULL)
			buf_printf(out, "  %s", km->v[i].note);
		buf_putc(out, '\n');
		free(name);
	}
}

/* Free the bindings (the table stays: the keymap can be bound again). */
void
keymap_free(struct keymap *km)
{
	for (size_t i = 0; i < km->n; i++)
		free(km->v[i].note);
	free(km->v);
	free(km->slots);
	km->v = NULL;
	km->slots = NULL;
	km->n = km->nslots = km->nfilled = km->ndropped = 0;
}

static void
skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* The next blank-separated word of a line; its column goes to *col. */
static char *
next_word(const char *line, const char **p, unsigned *col)
{
	const char *start;

	skip_blanks(p);
	start = *p;
	while (**p != '\0' && **p != ' ' && **p != '\t')
		(*p)++;
	*col = 1 + (unsigned)utf8_chars(line, (size_t)(start - line));
	return *p > start ? xstrndup(start, (size_t)(*p - start)) : NULL;
}

/*
 * The KEY field: a word, or a quoted sequence of names ("C-x o"). A quote opened and
 * never closed leaves *unclosed set.
 */
static char *
next_key_field(const char *line, const char **p, unsigned *col, bool *unclosed)
{
	const char *start, *end;

	skip_blanks(p);
	*unclosed = false;
	if (**p != '"' || (*p)[1] == '\0' || (*p)[1] == ' ')
		return next_word(line, p, col); /* a lone " is the key " */
	*col = 1 + (unsigned)utf8_chars(line, (size_t)(*p - line));
	start = *p + 1;
	if ((end = strchr(start, '"')) == NULL) {
		*unclosed = true;
		*p += strlen(*p);
		return NULL;
	}
	*p = end + 1;
	return xstrndup(start, (size_t)(end - start));
}

/*
 * Parse a KEY field into keys: one key name, two names separated by a space (from a
 * quoted field), or two characters written together (gg). Returns the number of keys,
 * 0 if a name is unknown.
 */
static int
parse_keys(const char *field, keycode *keys)
{
	const char *sp = strchr(field, ' ');
	size_t len = strlen(field), n1;
	uint32_t cp;
	char *first;
	int ok;

	if (sp != NULL) {
		first = xstrndup(field, (size_t)(sp - field));
		ok = keycode_parse(first, &keys[0]) == 0 && keycode_parse(sp + 1, &keys[1]) == 0;
		free(first);
		return ok ? 2 : 0;
	}
	if (keycode_parse(field, &keys[0]) == 0)
		return 1;
	n1 = utf8_decode(field, len, &cp);
	if (n1 < len && utf8_decode(field + n1, len - n1, &cp) == len - n1) {
		first = xstrndup(field, n1);
		ok = keycode_parse(first, &keys[0]) == 0 && keycode_parse(field + n1, &keys[1]) == 0;
		free(first);
		if (ok)
			return 2;
	}
	return 0;
}

/* A sequence may not share its first key with a single key: one would shadow the other. */
static bool
shadows(const struct keymap *km, const keycode *keys, int n)
{
	return n > 1 ? find_binding(km, keys, 1) != NULL : sequences_from(km, keys[0]) > 0;
}

/* The first sequence bound that begins with key (there is one). */
static const struct binding *
first_sequence(const struct keymap *km, keycode key)
{
	size_t i = 0;

	while (km->v[i].nkeys == 1 || km->v[i].keys[0] != key || km->v[i].action == NULL)
		i++;
	return &km->v[i];
}

/*
 * Report that binding key (keys, n of them) would hide another binding or be hidden by
 * it. Naming a sequence is a walk over the bindings: it is done only for diagnostics that
 * are shown, not for those past MAX_DIAGS, which are only counted.
 */
static void
shadow_error(const struct keymap *km, const keycode *keys, int n, const char *key,
    const char *file, unsigned lineno, unsigned col, struct diags *diags)
{
	const struct binding *other;
	char *name;

	if (diags->n == MAX_DIAGS) {
		diag_add(diags, DIAG_ERROR, file, lineno, col, "a key and a sequence would hide one another");
		return;
	}
	other = n > 1 ? find_binding(km, keys, 1) : first_sequence(km, keys[0]);
	name = binding_name(other);
	diag_add(diags, DIAG_ERROR, file, lineno, col,
	    n > 1 ? "the sequence %s would hide the key %s (bound to %s); unbind it first" :
	    "the key %s would hide the sequence %s (bound to %s); unbind it first", key,
	    name, other->action->name);
	free(name);
}

/* A word of the file as a diagnostic quotes it: its first 40 characters, then "…". */
static char *
shorten(const char *word)
{
	size_t len = strlen(word), at = 0;
	uint32_t cp;

	for (int n = 0; n < 40 && at < len; n++)
		at += utf8_decode(word + at, len - at, &cp);
	return at < len ? xasprintf("%.*s…", (int)at, word) : xstrdup(word);
}

static void
parse_line(struct keymap *km, const char *line, const char *file, unsigned lineno,
    struct diags *diags)
{
	const char *p = line;
	char *cmd, *key = NULL, *act = NULL, *cut = NULL;
	unsigned ccol, kcol = 0, acol = 0;
	const struct action *a;
	keycode keys[MAX_SEQUENCE];
	bool unclosed;
	int n;

	if ((cmd = next_word(line, &p, &ccol)) == NULL || cmd[0] == '#')
		goto out;
	if (strcmp(cmd, "bind") != 0 && strcmp(cmd, "unbind") != 0) {
		diag_add(diags, DIAG_ERROR, file, lineno, ccol,
		    "expected 'bind KEY ACTION [NOTE]' or 'unbind KEY', found '%s'",
		    (cut = shorten(cmd)));
		goto out;
	}
	if ((key = next_key_field(line, &p, &kcol, &unclosed)) == NULL) {
		diag_add(diags, DIAG_ERROR, file, lineno, kcol ? kcol : ccol,
		    unclosed ? "%s: the quoted KEY is not closed" : "%s: missing KEY", cmd);
		goto out;
	}
	if ((n = parse_keys(key, keys)) == 0) {
		diag_add(diags, DIAG_ERROR, file, lineno, kcol, "unknown key name '%s'",
		    (cut = shorten(key)));
		goto out;
	}
	if (strcmp(cmd, "unbind") == 0) {
		skip_blanks(&p);
		if (*p != '\0')
			diag_add(diags, DIAG_ERROR, file, lineno, 1 + (unsigned)utf8_chars(line,
			    (size_t)(p - line)), "unbind takes only a KEY");
		else if (!drop_binding(km, keys, n))
			diag_add(diags, DIAG_WARNING, file, lineno, kcol, "'%s' was not bound", key);
		goto out;
	}
	if ((act = next_word(line, &p, &acol)) == NULL) {
		diag_add(diags, DIAG_ERROR, file, lineno, kcol, "bind %s: missing ACTION", key);
		goto out;
	}
	if ((a = keymap_action(km, act)) == NULL) {
		diag_add(diags, DIAG_ERROR, file, lineno, acol,
		    "unknown action '%s' (planview --list-actions lists them)", (cut = shorten(act)));
		goto out;
	}
	if (shadows(km, keys, n)) {
		shadow_error(km, keys, n, key, file, lineno, kcol, diags);
		goto out;
	}
	skip_blanks(&p);
	keymap_bind(km, keys, n, a, *p != '\0' ? p : NULL);
out:
	free(cmd);
	free(key);
	free(act);
	free(cut);
}

/* The length of a line without the CRs at its end: CRLF line ends read as LF ones. */
static size_t
without_cr(const char *line, size_t len)
{
	while (len > 0 && line[len - 1] == '\r')
		len--;
	return len;
}

/*
 * Apply a keymap text (bind and unbind lines); problems go to diags as FILE:LINE:COL.
 * Lines may end in CRLF, and the text may start with a UTF-8 byte order mark, as editors
 * on other systems save it.
 */
void
keymap_parse(struct keymap *km, const char *text, const char *file, struct diags *diags)
{
	unsigned lineno = 1;

	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;
	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		size_t end = without_cr(text, len), bad;
		char *line = xstrndup(text, end);

		if (!utf8_validate(line, end, &bad))
			diag_add(diags, DIAG_ERROR, file, lineno, 1 + (unsigned)utf8_chars(line, bad),
			    "invalid UTF-8 (byte 0x%02X)", (unsigned char)line[bad]);
		else
			parse_line(km, line, file, lineno, diags);
		free(line);
		text += len + (nl != NULL);
		lineno++;
	}
	compact(km);
}

/* Apply a keymap file, named `name` in diagnostics; -1 (with one) if it cannot be read. */
int
keymap_load(struct keymap *km, const char *path, const char *name, struct diags *diags)
{
	size_t len;
	char *text, *why;

	if ((text = file_read(path, 1024 * 1024, &len, &why)) == NULL) {
		diag_add(diags, DIAG_ERROR, name, 0, 0, "%s", why);
		free(why);
		return -1;
	}
	if (strlen(text) != len)
		diag_add(diags, DIAG_ERROR, name, 0, 0, "NUL byte in a keymap file");
	else
		keymap_parse(km, text, name, diags);
	free(text);
	return 0;
}

/* The built-in bindings: keymaps/default.keys, compiled in. */
void
keymap_defaults(struct keymap *km)
{
	struct diags diags = { 0 };

	keymap_parse(km, default_keys, "default.keys", &diags);
	if (diags.n != 0) {
		diags_print(&diags, stderr);
		fatal("the built-in key bindings do not parse");
	}
}
