/* golden.c: golden files of "input -> expected" lines, for data-driven unit tests. */
#include <stdlib.h>

#include "tap.h"

/* Read NAMES_TESTDIR/name: one case a line, '#' comments and blank lines skipped. */
size_t
golden_read(const char *name, struct golden **out)
{
	char *path = xasprintf("%s/%s", NAMES_TESTDIR, name), *line = NULL, *arrow;
	size_t cap = 0, n = 0;
	unsigned lineno = 0;
	ssize_t got;
	FILE *fp;

	*out = NULL;
	if ((fp = fopen(path, "r")) == NULL)
		fatal("%s: cannot open", path);
	while ((got = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (got > 0 && line[got - 1] == '\n')
			line[--got] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if ((arrow = strstr(line, " -> ")) == NULL)
			fatal("%s:%u: no ' -> ' in a case", path, lineno);
		*out = xgrow(*out, n, sizeof **out);
		(*out)[n++] = (struct golden){ xstrndup(line, (size_t)(arrow - line)),
		    xstrdup(arrow + 4), lineno };
	}
	free(line);
	fclose(fp);
	free(path);
	return n;
}

/* Free what golden_read() returned. */
void
golden_free(struct golden *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].in);
		free(v[i].want);
	}
	free(v);
}

/* Split s in place at each " | " into at most max fields; "-" reads as NULL. */
size_t
golden_fields(char *s, char **fields, size_t max)
{
	size_t n = 0;
	char *bar;

	while (n < max) {
		bar = strstr(s, " | ");
		if (bar != NULL)
			*bar = '\0';
		fields[n++] = strcmp(s, "-") == 0 ? NULL : s;
		if (bar == NULL)
			break;
		s = bar + 3;
	}
	return n;
}
