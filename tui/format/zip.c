/* zip.c: a zip's members in memory (DOCX, OFD), within limits against bombs; libzip, loaded when needed. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "format/format_int.h"

#define ZIP_FUNCTIONS(X) \
	X(zip_discard) \
	X(zip_error_fini) \
	X(zip_error_init) \
	X(zip_error_strerror) \
	X(zip_fclose) \
	X(zip_file_get_error) \
	X(zip_fopen_index) \
	X(zip_fread) \
	X(zip_get_name) \
	X(zip_get_num_entries) \
	X(zip_name_locate) \
	X(zip_open_from_source) \
	X(zip_source_buffer_create) \
	X(zip_source_free) \
	X(zip_stat_index) \
	X(zip_strerror)
LIBRARY_API(ZIP_FUNCTIONS, zl);
static void *zl_handle;

struct zipread {
	zip_t *za;
	const char *path;
	size_t total; /* bytes uncompressed so far */
};

static zip_t *
open_buffer(const char *bytes, size_t len, zip_error_t *err)
{
	zip_source_t *src = zl.zip_source_buffer_create(bytes, len, 0, err);
	zip_t *za;

	if (src == NULL)
		return NULL;
	za = zl.zip_open_from_source(src, ZIP_RDONLY, err);
	if (za == NULL)
		zl.zip_source_free(src);
	return za;
}

/* Whether the zip in bytes has a member of that name (for sniffing). */
bool
zip_has_member(const char *bytes, size_t len, const char *name)
{
	zip_error_t err;
	zip_t *za;
	bool has;

	if (!LIBRARY_LOAD(zl_handle, LIBZIP_SONAME, zl, NULL, NULL))
		return false;
	zl.zip_error_init(&err);
	za = open_buffer(bytes, len, &err);
	zl.zip_error_fini(&err);
	if (za == NULL)
		return false;
	has = zl.zip_name_locate(za, name, ZIP_FL_NOCASE) >= 0;
	zl.zip_discard(za);
	return has;
}

/* Refuse a zip whose entries are too many or claim too much uncompressed. */
static bool
check_sizes(zip_t *za, const char *path, struct diags *diags)
{
	zip_int64_t n = zl.zip_get_num_entries(za, 0);
	zip_uint64_t total = 0;
	zip_stat_t st;

	if (n > ZIP_MAX_ENTRIES) {
		diag_add(diags, DIAG_ERROR, path, 0, 0,
		    "%lld entries in the zip (at most %d); refused", (long long)n, ZIP_MAX_ENTRIES);
		return false;
	}
	for (zip_int64_t i = 0; i < n; i++) {
		if (zl.zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
			continue;
		total += st.size;
		if (total > ZIP_MAX_TOTAL) {
			diag_add(diags, DIAG_ERROR, path, 0, 0,
			    "the zip's members uncompress to more than %u MiB (a zip bomb?); refused",
			    ZIP_MAX_TOTAL >> 20);
			return false;
		}
	}
	return true;
}

/* Open a zip held in memory (bytes must outlive it); NULL with an error. */
struct zipread *
zipread_open(const char *path, const char *bytes, size_t len, struct diags *diags)
{
	zip_error_t err;
	struct zipread *z;
	zip_t *za;

	if (!LIBRARY_LOAD(zl_handle, LIBZIP_SONAME, zl, path, diags))
		return NULL;
	zl.zip_error_init(&err);
	za = open_buffer(bytes, len, &err);
	if (za == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "not a readable zip file: %s",
		    zl.zip_error_strerror(&err));
		zl.zip_error_fini(&err);
		return NULL;
	}
	zl.zip_error_fini(&err);
	if (!check_sizes(za, path, diags)) {
		zl.zip_discard(za);
		return NULL;
	}
	z = xcalloc(1, sizeof *z);
	z->za = za;
	z->path = path;
	return z;
}

/* Whether the zip has a member of that name (case ignored, as OOXML part names are). */
bool
zipread_has(const struct zipread *z, const char *name)
{
	return zl.zip_name_locate(z->za, name, ZIP_FL_NOCASE) >= 0;
}

/* How many entries the zip has. */
size_t
zipread_count(const struct zipread *z)
{
	return (size_t)zl.zip_get_num_entries(z->za, 0);
}

/* The name of entry i (borrowed), or "". */
const char *
zipread_name(const struct zipread *z, size_t i)
{
	const char *name = zl.zip_get_name(z->za, i, 0);

	return name != NULL ? name : "";
}

static bool
refuse_big(struct zipread *z, const char *name, zip_uint64_t size, struct diags *diags)
{
	if (size > ZIP_MAX_MEMBER) {
		diag_add(diags, DIAG_ERROR, z->path, 0, 0,
		    "%s uncompresses to more than %u MiB (a zip bomb?); refused", name,
		    ZIP_MAX_MEMBER >> 20);
		return true;
	}
	if (z->total + size > ZIP_MAX_TOTAL) {
		diag_add(diags, DIAG_ERROR, z->path, 0, 0,
		    "the zip's members uncompress to more than %u MiB (a zip bomb?); refused",
		    ZIP_MAX_TOTAL >> 20);
		return true;
	}
	return false;
}

/* Read from an open member until its end or past the limits; NULL with an error. */
static char *
read_member(struct zipread *z, zip_file_t *zf, const char *name, size_t *len,
    struct diags *diags)
{
	struct buf b = { 0 };
	char chunk[65536];
	zip_int64_t got;

	buf_add(&b, "", 0);
	while ((got = zl.zip_fread(zf, chunk, sizeof chunk)) > 0) {
		if (refuse_big(z, name, b.len + (size_t)got, diags)) {
			buf_free(&b);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)got);
	}
	if (got < 0) {
		diag_add(diags, DIAG_ERROR, z->path, 0, 0, "%s: cannot uncompress: %s", name,
		    zl.zip_error_strerror(zl.zip_file_get_error(zf)));
		buf_free(&b);
		return NULL;
	}
	z->total += b.len;
	*len = b.len;
	return buf_detach(&b);
}

/* The contents of a member, NUL-terminated; NULL with an error (also when it is absent). */
char *
zipread_get(struct zipread *z, const char *name, size_t *len, struct diags *diags)
{
	zip_int64_t i = zl.zip_name_locate(z->za, name, ZIP_FL_NOCASE);
	zip_file_t *zf;
	zip_stat_t st;
	char *s;

	if (i < 0) {
		diag_add(diags, DIAG_ERROR, z->path, 0, 0, "%s is missing from the zip", name);
		return NULL;
	}
	if (zl.zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    refuse_big(z, name, st.size, diags))
		return NULL;
	zf = zl.zip_fopen_index(z->za, (zip_uint64_t)i, 0);
	if (zf == NULL) {
		diag_add(diags, DIAG_ERROR, z->path, 0, 0, "%s: cannot open: %s", name,
		    zl.zip_strerror(z->za));
		return NULL;
	}
	s = read_member(z, zf, name, len, diags);
	zl.zip_fclose(zf);
	return s;
}

/* Close the zip (the bytes it was opened on stay the caller's). */
void
zipread_close(struct zipread *z)
{
	if (z == NULL)
		return;
	zl.zip_discard(z->za);
	free(z);
}
