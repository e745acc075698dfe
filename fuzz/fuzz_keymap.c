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



FUZZ_UTF8_INITIALIZE

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keymap km = { 0 }, km2 = { 0 };
	struct diags diags = { 0 }, again = { 0 };
	struct buf dump = { 0 }, dump2 = { 0 };
	char *text;

	if (memchr(data, '\0', size) != NULL)
		return 0; /* keymap_load() refuses a file with a NUL byte */
	text = xstrndup((const char *)data, size);
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
