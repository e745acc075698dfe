/*
 * word.c: Word 97-2003 (.doc) and WPS (.wps) files read through an external converter:
 * LibreOffice (to .docx, then the DOCX reader), antiword or catdoc, whichever is on PATH.
 * Run without a shell, on a private copy, with a time limit and its output capped.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "format/format_int.h"

#define TOOL_MS 60000                    /* antiword and catdoc get a minute */
#define SOFFICE_MS 180000                /* LibreOffice starts slowly */
#define TOOL_MAX_OUTPUT (64u * 1024 * 1024)

struct capture {
	struct buf out, err;
	int status;
	bool timed_out, too_big;
};

/* The full path of a program found on PATH, or NULL. */
static char *
find_program(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL, *found = NULL;

	if (path == NULL || *path == '\0')
		return NULL;
	copy = xstrdup(path);
	for (char *dir = strtok_r(copy, ":", &save); dir != NULL && found == NULL;
	     dir = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/%s", *dir != '\0' ? dir : ".", name);

		if (access(full, X_OK) == 0)
			found = full;
		else
			free(full);
	}
	free(copy);
	return found;
}

static void
child(char *const argv[], int out, int err)
{
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (null >= 0)
		dup2(null, 0);
	dup2(out, 1);
	dup2(err, 2);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	execv(argv[0], argv);
	_exit(127);
}

/* Read what is ready on a pipe; false at its end. */
static bool
drain(int fd, struct buf *b, size_t cap, bool *too_big)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof chunk);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (b->len + (size_t)n > cap)
		*too_big = true;
	else
		buf_add(b, chunk, (size_t)n);
	return true;
}

/* Run argv (no shell); capture stdout and stderr within the time and size limits. */
static bool
run_capture(char *const argv[], long ms, struct capture *c)
{
	int out[2], err[2];
	long deadline = clock_ms() + ms;
	struct pollfd p[2];
	pid_t pid;

	memset(c, 0, sizeof *c);
	buf_puts(&c->out, "");
	buf_puts(&c->err, "");
	if (pipe(out) != 0 || pipe(err) != 0)
		return false;
	if ((pid = fork()) < 0)
		return false;
	if (pid == 0)
		child(argv, out[1], err[1]);
	close(out[1]);
	close(err[1]);
	p[0] = (struct pollfd){ out[0], POLLIN, 0 };
	p[1] = (struct pollfd){ err[0], POLLIN, 0 };
	while ((p[0].fd >= 0 || p[1].fd >= 0) && !c->too_big) {
		long left = deadline - clock_ms();

		if (left <= 0) {
			c->timed_out = true;
			break;
		}
		if (poll(p, 2, (int)(left < 1000 ? left : 1000)) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++)
			if (p[i].fd >= 0 && (p[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    !drain(p[i].fd, i == 0 ? &c->out : &c->err, i == 0 ? TOOL_MAX_OUTPUT : 4096,
				i == 0 ? &c->too_big : &(bool){ false })) {
				close(p[i].fd);
				p[i].fd = -1;
			}
	}
	if (c->timed_out || c->too_big)
		kill(-pid, SIGKILL);
	for (int i = 0; i < 2; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	while (waitpid(pid, &c->status, 0) < 0 && errno == EINTR)
		;
	return true;
}

static void
capture_free(struct capture *c)
{
	buf_free(&c->out);
	buf_free(&c->err);
}

/* What went wrong with a converter, if anything, as an error; true when it did its work. */
static bool
converted(const char *path, const char *tool, const struct capture *c, struct diags *diags)
{
	if (c->timed_out)
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s took too long; stopped", tool);
	else if (c->too_big)
		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s wrote more than %u MiB; stopped", tool,
		    TOOL_MAX_OUTPUT >> 20);
	else if (!WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0) {
		char *msg = xstrndup(c->err.s, strcspn(c->err.s, "\n"));

		diag_add(diags, DIAG_ERROR, path, 0, 0, "%s could not convert it%s%s", tool,
		    msg[0] != '\0' ? ": " : "", msg);
		free(msg);
	} else
		return true;
	return false;
}

static int
remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* A private folder holding a copy of the file as in.doc; NULL with an error. */
static char *
private_copy(const char *path, const char *bytes, size_t len, struct diags *diags)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/planview-XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	char *file;
	FILE *fp;
	bool ok;

	if (mkdtemp(dir) == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot make a temporary folder: %s",
		    strerror(errno));
		free(dir);
		return NULL;
	}
	file = xasprintf("%s/in.doc", dir);
	fp = fopen(file, "wb");
	ok = fp != NULL && fwrite(bytes, 1, len, fp) == len;
	if (fp != NULL)
		ok = fclose(fp) == 0 && ok;
	free(file);
	if (!ok) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot write a temporary copy");
		nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
		free(dir);
		return NULL;
	}
	return dir;
}

/* The cells of an antiword table line |a |b |, trimmed. */
static void
split_row(char *l, size_t n, struct strlist *cells)
{
	char *cs = NULL;

	l[n - 1] = '\0';
	for (char *c = strtok_r(l + 1, "|", &cs); c != NULL; c = strtok_r(NULL, "|", &cs)) {
		struct buf cell = { 0 };

		format_line(&cell, c, strlen(c));
		buf_truncate(&cell, cell.len > 0 ? cell.len - 1 : 0);
		buf_puts(&cell, "");
		strlist_add(cells, cell.s);
		buf_free(&cell);
	}
}

static bool
cjk_edge(const char *a, const char *b)
{
	uint32_t x = 0, y = 0;
	size_t n = strlen(a), at = n;

	while (at > 0 && ((unsigned char)a[--at] & 0xc0) == 0x80)
		;
	if (n > 0)
		utf8_decode(a + at, n - at, &x);
	if (*b != '\0')
		utf8_decode(b, strlen(b), &y);
	return format_is_cjk(x) || format_is_cjk(y);
}

/* A row whose first cell is empty goes on the row above: antiword wraps cells in their width. */
static void
merge_row(struct strlist *row, struct strlist *more)
{
	for (size_t i = 0; i < row->n && i < more->n; i++) {
		char *joined;

		if (more->v[i][0] == '\0')
			continue;
		joined = xasprintf("%s%s%s", row->v[i], row->v[i][0] == '\0' ||
		    cjk_edge(row->v[i], more->v[i]) ? "" : " ", more->v[i]);
		free(row->v[i]);
		row->v[i] = joined;
	}
	strlist_free(more);
}

static void
flush_row(struct buf *out, struct strlist *row)
{
	struct buf line = { 0 };

	if (row->n > 0) {
		strlist_join(&line, row, "\t");
		buf_puts(&line, "");
		if (strspn(line.s, "\t") < line.len) {
			buf_add(out, line.s, line.len);
			buf_putc(out, '\n');
		}
	}
	buf_free(&line);
	strlist_free(row);
}

/*
 * The converter's lines; antiword's table rows |cell|cell| become TAB rows, and the notes it
 * prints after a rule of dashes at the end (footnotes, text boxes) go to dropped.
 */
static void
text_lines(struct buf *out, const char *s, struct strlist *dropped)
{
	char *copy = xstrdup(s), *save = NULL;
	struct strlist row = { 0 };
	bool notes = false;

	for (char *l = strtok_r(copy, "\n", &save); l != NULL; l = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(l);
		struct strlist cells = { 0 };

		if (n >= 10 && strspn(l, "-") == n)
			notes = true;
		if (notes) {
			if (strspn(l, "-") < n)
				format_drop(dropped, "note", l);
			continue;
		}
		if (n < 2 || l[0] != '|' || l[n - 1] != '|') {
			flush_row(out, &row);
			format_line(out, l, n);
			continue;
		}
		split_row(l, n, &cells);
		if (row.n > 0 && cells.n == row.n && cells.v[0][0] == '\0')
			merge_row(&row, &cells);
		else {
			flush_row(out, &row);
			row = cells;
		}
	}
	flush_row(out, &row);
	free(copy);
}

static char *
via_text_tool(const char *path, const char *prog, const char *tool, const char *dir,
    struct strlist *dropped, struct diags *diags)
{
	char *file = xasprintf("%s/in.doc", dir);
	char *anti[] = { (char *)prog, "-m", "UTF-8.txt", "-w", "0", file, NULL };
	char *cat[] = { (char *)prog, "-d", "utf-8", "-w", file, NULL };
	struct capture c;
	struct buf out = { 0 };

	if (!run_capture(strcmp(tool, "antiword") == 0 ? anti : cat,
	    TOOL_MS, &c)) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot run %s: %s", tool, strerror(errno));
		free(file);
		return NULL;
	}
	free(file);
	if (!converted(path, tool, &c, diags)) {
		capture_free(&c);
		return NULL;
	}
	buf_puts(&out, "");
	text_lines(&out, c.out.s, dropped);
	capture_free(&c);
	return buf_detach(&out);
}

static char *
via_soffice(const char *path, const char *prog, const char *dir, struct format_meta *meta,
    struct strlist *dropped, struct diags *diags)
{
	char *file = xasprintf("%s/in.doc", dir), *docx = xasprintf("%s/in.docx", dir);
	char *profile = xasprintf("-env:UserInstallation=file://%s/profile", dir);
	char *argv[] = { (char *)prog, "--headless", "--norestore", "--nologo", profile,
		"--convert-to", "docx", "--outdir", (char *)dir, file, NULL };
	struct capture c;
	char *bytes = NULL, *text = NULL;
	size_t len = 0;

	if (!run_capture(argv, SOFFICE_MS, &c))
		diag_add(diags, DIAG_ERROR, path, 0, 0, "cannot run LibreOffice: %s", strerror(errno));
	else if (converted(path, "LibreOffice", &c, diags)) {
		FILE *fp = fopen(docx, "rb");
		struct buf b = { 0 };
		char chunk[65536];
		size_t n;

		while (fp != NULL && (n = fread(chunk, 1, sizeof chunk, fp)) > 0 &&
		    b.len <= ZIP_MAX_TOTAL)
			buf_add(&b, chunk, n);
		if (fp != NULL)
			fclose(fp);
		len = b.len;
		bytes = buf_detach(&b);
		if (fp == NULL || len == 0)
			diag_add(diags, DIAG_ERROR, path, 0, 0, "LibreOffice wrote no .docx");
		else
			text = format_docx_text(path, bytes, len, meta, dropped, diags);
	}
	capture_free(&c);
	free(bytes);
	free(file);
	free(docx);
	free(profile);
	return text;
}

/* The plan text of a .doc or .wps file, through the best converter installed. */
char *
format_word_text(enum doc_format f, const char *path, const char *bytes, size_t len,
    struct format_meta *meta, struct strlist *dropped, struct diags *diags)
{
	static const char *const tools[] = { "soffice", "libreoffice", "antiword", "catdoc" };
	const char *ext = f == FORMAT_WPS ? ".wps" : ".doc";
	char *prog = NULL, *dir, *text;
	size_t t;

	for (t = 0; t < sizeof tools / sizeof tools[0] && prog == NULL; t++)
		prog = find_program(tools[t]);
	if (prog == NULL) {
		diag_add(diags, DIAG_ERROR, path, 0, 0,
		    "reading %s needs antiword, catdoc or LibreOffice: apt-get install antiword", ext);
		return NULL;
	}
	t--;
	if ((dir = private_copy(path, bytes, len, diags)) == NULL) {
		free(prog);
		return NULL;
	}
	if (t < 2)
		text = via_soffice(path, prog, dir, meta, dropped, diags);
	else
		text = via_text_tool(path, prog, tools[t], dir, dropped, diags);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	free(prog);
	return text;
}
