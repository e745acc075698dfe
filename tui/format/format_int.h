/* format_int.h: what the format readers share: their entry points, zip members, positioned text. */
#ifndef PLANVIEW_FORMAT_INT_H
#define PLANVIEW_FORMAT_INT_H

#include <stdint.h>

#include "format/format.h"

#define FORMAT_DROP_CHARS 60 /* a dropped line is shortened to this many characters */

/* format.c: helpers every reader uses */
bool format_is_cjk(uint32_t);
bool format_is_space(uint32_t);
void format_line(struct buf *, const char *, size_t);
void format_drop(struct strlist *, const char *, const char *);
char *format_date(const char *);
const char *format_ext(const char *);
bool format_dlopen(void **, const char *, const char *const *, size_t, void **, const char *,
    struct diags *);

/* A library's functions loaded on first use (LIBRARY_API in base.h), an error in diags. */
#define LIBRARY_LOAD(handle, soname, api, path, diags) \
	format_dlopen(&(handle), (soname), api##_names, LIBRARY_COUNT(api), (void **)&(api), \
	    (path), (diags))

/* The readers, one per format; each returns the plan text or NULL with an error. */
char *format_docx_text(const char *, const char *, size_t, struct format_meta *,
    struct strlist *, struct diags *);
char *format_pdf_text(const char *, const char *, size_t, struct format_meta *,
    struct strlist *, struct diags *);
char *format_html_text(const char *, const char *, size_t, struct format_meta *,
    struct strlist *, struct diags *);
char *format_ofd_text(const char *, const char *, size_t, struct format_meta *,
    struct strlist *, struct diags *);
char *format_word_text(enum doc_format, const char *, const char *, size_t,
    struct format_meta *, struct strlist *, struct diags *);

/* format_zip.c: the members of a zip in memory, read within the limits against bombs */
#define ZIP_MAX_ENTRIES 10000
#define ZIP_MAX_MEMBER (64u * 1024 * 1024)
#define ZIP_MAX_TOTAL (256u * 1024 * 1024)
struct zipread;
struct zipread *zipread_open(const char *, const char *, size_t, struct diags *);
bool zipread_has(const struct zipread *, const char *);
size_t zipread_count(const struct zipread *);
const char *zipread_name(const struct zipread *, size_t);
char *zipread_get(struct zipread *, const char *, size_t *, struct diags *);
void zipread_close(struct zipread *);
bool zip_has_member(const char *, size_t, const char *);

/* format_layout.c: positioned glyphs (PDF, OFD) into lines, paragraphs and tables */
struct glyph {
	unsigned page;
	double x0, y0, x1, y1; /* y grows downwards */
	uint32_t cp;
};
struct glyphs {
	struct glyph *v;
	size_t n, cap;
	unsigned pages;
};
void glyphs_add(struct glyphs *, unsigned, double, double, double, double, uint32_t);
char *glyphs_text(struct glyphs *, struct strlist *);
void glyphs_free(struct glyphs *);

#endif
