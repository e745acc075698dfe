/*
 * fuzz_keymap.c: bytes as a keymap file, applied on top of the default bindings. Parsing
 * must never crash or leak; every binding left must name an action; and the bindings
 * dumped as a keymap (planview --dump-keymap) must parse cleanly into the same bindings.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/*
 * The reader's actions by name: the keymap is given its table, and the reader's own
 * (reader_actions[]) comes with the screen, so the Makefile reads their names out of it
 * into action-names.h. keymap_defaults() stops the target at once if default.keys binds
 * a name missing there.
 */
static const struct action actions[] = {
#include "action-names.h"
};
#define NACTIONS (sizeof actions / sizeof actions[0])

FUZZ_UTF8_INITIALIZE

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap km, km2;
	struct diags diags = { 0 }, again = { 0 };
	struct buf dump = { 0 }, dump2 = { 0 };
	char *text;

	if (memchr(data, '\0', size) != NULL)
		return 0; /* keymap_load() refuses a file with a NUL byte */
	text = xstrndup((const char *)data, size);
	keymap_init(&km, actions, NACTIONS);
	keymap_init(&km2, actions, NACTIONS);
	keymap_defaults(&km);
	keymap_parse(&km, text, "fuzz.keys", &diags);
	for (size_t i = 0; i < km.n; i++)
		CHECK(km.v[i].action != NULL && km.v[i].nkeys >= 1 && km.v[i].nkeys <= MAX_SEQUENCE);

	keymap_dump(&km, &dump);
	keymap_parse(&km2, dump.s != NULL ? dump.s : "", "dump.keys", &again);
	keymap_dump(&km2, &dump2);
	if (again.n != 0 || km2.n != km.n ||
	    strcmp(dump.s != NULL ? dump.s : "", dump2.s != NULL ? dump2.s : "") != 0) {
		diags_print(&again, stderr);
		fprintf(stderr, "--- dump:\n%s--- dump of the dump:\n%s", dump.s, dump2.s);
		CHECK(!"a dumped keymap does not parse back into the same bindings");
	}
	buf_free(&dump);
	buf_free(&dump2);
	keymap_free(&km);
	keymap_free(&km2);
	diags_free(&diags);
	diags_free(&again);
	free(text);
	return 0;
}
