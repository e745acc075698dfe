/*
 * fuzz_pack.c: bytes as a directory's pack (pack_check()), sealed first (their size and
 * checksum made to match, pack_seal()) so that the fuzzer reaches the checks of the entries
 * behind them. Whatever the bytes, the reader must not read outside them nor leak; a pack
 * it accepts has names inside it, in order, and each document's snapshot inside it, which
 * is then decoded as planview decodes it (snapshot_decode(): sound, or refused with why).
 */
#include "fuzz.h"

FUZZ_UTF8_INITIALIZE

struct walk {
	const char *data;
	size_t len;
	const char *last;  /* the name before */
	size_t last_len;
};

/* One entry: inside the pack, after the one before; its snapshot decoded. */
/* A snapshot's len bytes, on a mapping of their own, decoded whole or their head alone. */
static void
decode(const char *snap, size_t len, bool heads_only)
{
	struct snapshot_meta meta;
	struct document *d;
	const char *why = NULL;
	void *map = fuzz_mapped_copy(snap, len, NULL); /* on its own: reading past it is caught */

	if ((d = snapshot_decode(map, len, heads_only ? DECODE_HEADS : 0, &meta, &why)) == NULL) {
		CHECK(why != NULL);
		munmap(map, len);
		return;
	}
	document_free(d); /* and the mapping with it */
}

static void
entry(const char *name, size_t name_len, const char *snap, size_t snap_len, size_t head_len,
    void *arg)
{
	struct walk *w = arg;

	CHECK(name >= w->data && name_len != 0 && name + name_len <= w->data + w->len);
	if (w->last != NULL) {
		int c = memcmp(w->last, name, w->last_len < name_len ? w->last_len : name_len);

		CHECK(c < 0 || (c == 0 && w->last_len < name_len));
	}
	w->last = name;
	w->last_len = name_len;
	if (snap == NULL)
		return;
	CHECK(snap >= w->data && snap_len != 0 && snap_len <= w->len &&
	    snap <= w->data + w->len - snap_len && head_len != 0 && head_len <= snap_len);
	decode(snap, snap_len, false);
	decode(snap, head_len, true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct walk w = { 0 };
	void *map;

	if (size == 0)
		return 0;
	map = fuzz_mapped_copy(data, size, pack_seal);
	w.data = map;
	w.len = size;
	(void)pack_check(map, size, entry, &w);
	munmap(map, size);
	return 0;
}
