/* keymap.c: key names, the action table, and bindings from keys to actions. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "planview.h"

/* Named keys; single characters name themselves, C-x is control, M-x is Escape then x. */
static const struct {
	const char *name;
	keycode key;
} key_names[] = {
	{ "Backspace", KEYC_FKEY | KEY_BACKSPACE },
	{ "BTab", KEYC_FKEY | KEY_BTAB },
	{ "Delete", KEYC_FKEY | KEY_DC },
	{ "Down", KEYC_FKEY | KEY_DOWN },
	{ "End", KEYC_FKEY | KEY_END },
	{ "Enter", '\r' },
	{ "Escape", 27 },
	{ "Home", KEYC_FKEY | KEY_HOME },
	{ "Left", KEYC_FKEY | KEY_LEFT },
	{ "PageDown", KEYC_FKEY | KEY_NPAGE },
	{ "PageUp", KEYC_FKEY | KEY_PPAGE },
	{ "Right", KEYC_FKEY | KEY_RIGHT },
	{ "Space", ' ' },
	{ "Tab", '\t' },
	{ "Up", KEYC_FKEY | KEY_UP },
};

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

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
		*out = meta | KEYC_FKEY | KEY_F(n);
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
	if ((key & KEYC_FKEY) && (key & ~KEYC_FKEY) >= KEY_F(1) && (key & ~KEYC_FKEY) <= KEY_F(24))
		return xasprintf("%sF%d", prefix, (key & ~KEYC_FKEY) - KEY_F0);
	if (key & KEYC_FKEY)
		return xasprintf("%s<key %d>", prefix, key & ~KEYC_FKEY);
	if (key < 32)
		return xasprintf("%sC-%c", prefix, (char)(key + '`'));
	utf[utf8_encode((uint32_t)key, utf)] = '\0';
	return xasprintf("%s%s", prefix, utf);
}

/* The action called name, or NULL. */
const struct action *
action_find(const char *name)
{
	for (size_t i = 0; i < nactions; i++)
		if (strcmp(actions[i].name, name) == 0)
			return &actions[i];
	return NULL;
}

/* Bind key to action (replacing an earlier binding of the key). */
void
keymap_bind(struct keymap *km, keycode key, const struct action *a, const char *note)
{
	struct binding *b = NULL;

	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key)
			b = &km->v[i];
	if (b == NULL) {
		km->v = xreallocarray(km->v, km->n + 1, sizeof *km->v);
		b = &km->v[km->n++];
	} else
		free(b->note);
	b->key = key;
	b->action = a;
	b->note = note != NULL ? xstrdup(note) : NULL;
}

/* Remove the binding of key; false if it had none. */
bool
keymap_unbind(struct keymap *km, keycode key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key) {
			free(km->v[i].note);
			km->v[i] = km->v[--km->n];
			return true;
		}
	return false;
}

/* The action bound to key, or NULL. */
const struct action *
keymap_lookup(const struct keymap *km, keycode key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key)
			return km->v[i].action;
	return NULL;
}

/* Free the bindings. */
void
keymap_free(struct keymap *km)
{
	for (size_t i = 0; i < km->n; i++)
		free(km->v[i].note);
	free(km->v);
	km->v = NULL;
	km->n = 0;
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

static void
parse_line(struct keymap *km, const char *line, const char *file, unsigned lineno,
    struct diags *diags)
{
	const char *p = line;
	char *cmd, *key = NULL, *act = NULL;
	unsigned ccol, kcol = 0, acol = 0;
	const struct action *a;
	keycode k;

	if ((cmd = next_word(line, &p, &ccol)) == NULL || cmd[0] == '#')
		goto out;
	if (strcmp(cmd, "bind") != 0 && strcmp(cmd, "unbind") != 0) {
		diag_add(diags, DIAG_ERROR, file, lineno, ccol,
		    "expected 'bind KEY ACTION [NOTE]' or 'unbind KEY', found '%s'", cmd);
		goto out;
	}
	if ((key = next_word(line, &p, &kcol)) == NULL) {
		diag_add(diags, DIAG_ERROR, file, lineno, kcol ? kcol : ccol, "%s: missing KEY", cmd);
		goto out;
	}
	if (keycode_parse(key, &k) == -1) {
		diag_add(diags, DIAG_ERROR, file, lineno, kcol, "unknown key name '%s'", key);
		goto out;
	}
	if (strcmp(cmd, "unbind") == 0) {
		skip_blanks(&p);
		if (*p != '\0')
			diag_add(diags, DIAG_ERROR, file, lineno, 1 + (unsigned)utf8_chars(line,
			    (size_t)(p - line)), "unbind takes only a KEY");
		else if (!keymap_unbind(km, k))
			diag_add(diags, DIAG_WARNING, file, lineno, kcol, "'%s' was not bound", key);
		goto out;
	}
	if ((act = next_word(line, &p, &acol)) == NULL) {
		diag_add(diags, DIAG_ERROR, file, lineno, kcol, "bind %s: missing ACTION", key);
		goto out;
	}
	if ((a = action_find(act)) == NULL) {
		diag_add(diags, DIAG_ERROR, file, lineno, acol,
		    "unknown action '%s' (planview --list-actions lists them)", act);
		goto out;
	}
	skip_blanks(&p);
	keymap_bind(km, k, a, *p != '\0' ? p : NULL);
out:
	free(cmd);
	free(key);
	free(act);
}

/* Apply a keymap text (bind and unbind lines); problems go to diags as FILE:LINE:COL. */
void
keymap_parse(struct keymap *km, const char *text, const char *file, struct diags *diags)
{
	unsigned lineno = 1;

	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		char *line = xstrndup(text, len);
		size_t bad;

		if (!utf8_validate(line, len, &bad))
			diag_add(diags, DIAG_ERROR, file, lineno, 1 + (unsigned)utf8_chars(line, bad),
			    "invalid UTF-8");
		else
			parse_line(km, line, file, lineno, diags);
		free(line);
		text += len + (nl != NULL);
		lineno++;
	}
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
