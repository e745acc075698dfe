/* diag.c: diagnostics about user input, each with a level and a FILE:LINE:COL position. */
#include <stdlib.h>

#include "base/base.h"

static const char *const level_names[] = {
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
};

/* Record a diagnostic; line 0 means the file as a whole. */
void
diag_vadd(struct diags *d, enum diag_level level, const char *file, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	struct diag *x;

	d->count[level]++;
	if (level > d->worst)
		d->worst = level;
	if (d->n == MAX_DIAGS)
		return; /* a hostile file can hold millions of problems: show the first */
	if (d->n == 0)
		d->v = xreallocarray(NULL, MAX_DIAGS, sizeof *d->v);
	x = &d->v[d->n++];
	x->level = level;
	x->file = xstrdup(file != NULL ? file : "-");
	x->line = line;
	x->col = col;
	x->msg = xvasprintf(fmt, ap);
}

/* Record a diagnostic (printf-style message). */
void
diag_add(struct diags *d, enum diag_level level, const char *file, unsigned line,
    unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, level, file, line, col, fmt, ap);
	va_end(ap);
}

/* Move every diagnostic of src to the end of dst (with the count of those not kept). */
void
diags_merge(struct diags *dst, struct diags *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct diag *x = &src->v[i];

		diag_add(dst, x->level, x->file, x->line, x->col, "%s", x->msg);
	}
	for (int level = DIAG_WARNING; level <= DIAG_ERROR; level++) {
		size_t kept = 0;

		for (size_t i = 0; i < src->n; i++)
			kept += src->v[i].level == (enum diag_level)level;
		dst->count[level] += src->count[level] - kept;
	}
	if (src->worst > dst->worst)
		dst->worst = src->worst;
	diags_free(src);
}

/* Print every diagnostic as FILE:LINE:COL: LEVEL: MESSAGE, control characters escaped. */
void
diags_print(const struct diags *d, FILE *fp)
{
	struct buf b = { 0 };

	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];

		buf_truncate(&b, 0);
		if (x->line != 0)
			buf_printf(&b, "%s:%u:%u: ", x->file, x->line, x->col);
		else
			buf_printf(&b, "%s: ", x->file);
		buf_printf(&b, "%s: %s", level_names[x->level], x->msg);
		fputs_safe(b.s, fp, true);
		fputc('\n', fp);
	}
	if (d->count[DIAG_ERROR] + d->count[DIAG_WARNING] > d->n)
		fprintf(fp, "%s: %zu more problems not shown\n", progname,
		    d->count[DIAG_ERROR] + d->count[DIAG_WARNING] - d->n);
	buf_free(&b);
}

/* How many diagnostics of the given level were recorded. */
size_t
diags_count(const struct diags *d, enum diag_level level)
{
	return d->count[level];
}

/* Free every diagnostic. */
void
diags_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = 0;
	d->count[DIAG_WARNING] = d->count[DIAG_ERROR] = 0;
	d->worst = 0;
}
